"""The built-in director on the eval sets: revisions_dev, wild_dev and the held-out set written for it.

Each dialogue: a new session, the story as the first message, the optional `after` message, then
the request; the plan before and after the request is checked against `expect` (keys in
../shared/eval/README.md, implemented in `bench.expectations`). Reports accuracy, misfires (failed
and the plan changed anyway) and turn latency (p50/p95) without rendering.
Run: `python -m bench.director [--library DIR] [--only NAME]` (the retrieval benchmark's library by default);
each set is its own section of docs/BENCHMARKS.md, written as soon as it is measured.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from agent import chat_turn
from agent.director import Director
from vectorstore import Library, library_shots

from .expectations import Case, holds, unchanged
from .report import write_section

ROOT = Path(__file__).resolve().parent.parent
EVAL = next((p / "shared" / "eval" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "eval").is_dir()),
            ROOT.parent / "shared" / "eval")
"""../shared/eval beside the checkout (or beside the worktrees' folder)."""
DATA = Path(__file__).resolve().parent / "data"
SETS = {"revisions_dev": EVAL / "revisions_dev.jsonl", "wild_dev": EVAL / "wild_dev.jsonl",
        "director_heldout": DATA / "director_heldout.jsonl", "revisions_paraphrased": DATA / "revisions_paraphrased.jsonl",
        "director_probe": DATA / "director_probe.jsonl", "director_probe2": DATA / "director_probe2.jsonl"}
"""director_heldout: the wild kinds in other words, written before tuning and never tuned on;
revisions_paraphrased: the revision kinds in other words and in Chinese; director_probe: the wild kinds
written blind to the director by another hand, then used to find what it lacked (a dev set now);
director_probe2: the same, on three new stories (bench/data/stories_probe2.json), never tuned on."""
STORIES = [EVAL / "stories_dev.json", DATA / "stories_probe2.json"]


@dataclass
class Result:
    message: str
    expects: str
    passed: bool
    misfire: bool
    reply: str
    seconds: float
    thinking: float


class Thinking:
    """Time spent inside the director's own model calls (understanding and replies, not the tools)."""

    total = 0.0

    @classmethod
    def install(cls) -> None:
        original = Director._generate

        def timed(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                cls.total += time.perf_counter() - start
        Director._generate = timed


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(items: list[dict], stories: dict[str, str], source: Library, shots: dict) -> list[Result]:
    """Each dialogue in a fresh session (the benchmark leaves no sessions in the library)."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sessions = Path(tmp) / "sessions.sqlite"

        def turn_(session: str, message: str):
            return chat_turn(source, session, message, render_preview=False, sessions=sessions, model="local")

        for n, item in enumerate(items):
            session = f"bench-{n}-{time.time_ns()}"
            undone = turn_(session, "Make a video of this story: " + stories[item["story"]]).plan
            before = turn_(session, item["after"]).plan if "after" in item else undone
            start, thought = time.perf_counter(), Thinking.total
            turn = turn_(session, item["message"])
            took, thought = time.perf_counter() - start, Thinking.total - thought
            after = turn.plan
            ok = after is not None and before is not None and all(
                holds(k, v, Case(before, after, undone, turn.reply, shots)) for k, v in item["expect"].items())
            changed = after is not None and before is not None and not unchanged(before, after)
            results.append(Result(item["message"], ",".join(item["expect"]), ok, not ok and changed, turn.reply, took,
                                  thought))
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def table(name: str, results: list[Result]) -> str:
    passed = sum(r.passed for r in results)
    misfires = sum(r.misfire for r in results)
    times = [r.seconds for r in results]
    thinking = [r.thinking for r in results]
    rows = "\n".join(f"| {r.message} | {r.expects} | {'pass' if r.passed else 'MISFIRE' if r.misfire else 'FAIL'} |"
                     for r in results)
    return (f"**{name}: understood {passed}/{len(results)} = {passed / len(results):.1%}, misfires {misfires}**; "
            f"turn p50 {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms "
            f"(the director's own thinking p50 {statistics.median(thinking) * 1000:.0f} ms, "
            f"p95 {percentile(thinking, 0.95) * 1000:.0f} ms; the rest is the editing tools).\n\n"
            "| request | expects | result |\n|---|---|---|\n" + rows + "\n")


INTRO = ("{library} ({shots} shots), model `local` (the built-in director) through the LangChain agent loop "
         "(create_agent, tools, SQLite checkpointer), no rendering; machine: 2 cores shared with other "
         "helpers' jobs, so times vary with their load. Each dialogue: the story, then "
         "the request; the plan before and after is checked against `expect`. A misfire is a failed request that "
         "changed the plan anyway. `director_heldout` (bench/data/director_heldout.jsonl) asks for the wild kinds in "
         "other words and was written before any tuning and never tuned on; `revisions_paraphrased` asks for the "
         "revision kinds in other words and in Chinese; `director_probe` was written blind to the director by another "
         "hand and then used to find what it lacked; `director_probe2` (three new stories) was written blind and "
         "never tuned on.\n\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default=str(Path(".bench") / "clips-library"))
    parser.add_argument("--only", choices=list(SETS), action="append", help="run only these sets")
    args = parser.parse_args()
    stories = {s["id"]: s["text"] for path in STORIES for s in json.loads(path.read_text(encoding="utf-8"))}
    source = Library.open(args.library)
    shots = {s.shot_id: s for s in library_shots(source)}
    Thinking.install()
    chat_turn(source, None, "warm up", render_preview=False, sessions=Path(tempfile.mkdtemp()) / "s.sqlite")
    sections = []
    for name in args.only or list(SETS):
        results = run(load(SETS[name]), stories, source, shots)
        sections.append(table(name, results))
        print(sections[-1].split("\n")[0], file=sys.stderr)
        for r in results:
            if not r.passed:
                print(f"  {'MISFIRE' if r.misfire else 'FAILED'}: {r.message!r} [{r.expects}] -> {r.reply[:300]}",
                      file=sys.stderr)
        write_section(f"director-{name}", f"Built-in director: {name}", f"python -m bench.director --only {name}",
                      INTRO.format(library=source.root.name, shots=len(shots)) + sections[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
