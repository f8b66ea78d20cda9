"""The built-in director on the revision requests of ../shared/eval/revisions_dev.jsonl.

Each dialogue: a new session, the story as the first message, the optional `after` message, then
the revision; the plan before and after the revision is checked against `expect` (the eval README
says what each key means). Reports accuracy per kind and the median turn time without rendering.
Run: `python -m bench.director [--library DIR]` (the retrieval benchmark's library by default).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from agent import chat_turn
from tools.plan import Plan
from vectorstore import Library, library_shots

from .report import write_section

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def mean_clip(plan: Plan) -> float:
    clips = [c for s in plan.segments for c in s.clips]
    return sum(c.out - c.in_ for c in clips) / len(clips)


def texts(plan: Plan) -> list[str]:
    return [s.text for s in plan.segments]


def shots(plan: Plan) -> list[list[str]]:
    return [[c.shot_id for c in s.clips] for s in plan.segments]


def holds(key: str, value, before: Plan, after: Plan, undone: Plan | None, descriptions: dict[str, str]) -> bool:
    """Whether the expectation `key: value` holds (see ../shared/eval/README.md)."""
    if key == "mean_clip_len":
        return mean_clip(after) < mean_clip(before) if value == "down" else mean_clip(after) > mean_clip(before)
    if key == "duration":
        return abs(after.duration - value) <= 0.5
    if key in ("aspect", "subtitles", "narration", "transition"):
        return getattr(after.style, key) == value
    if key == "remove_segment":
        return len(after.segments) == len(before.segments) - 1 and texts(before)[value] not in texts(after)
    if key == "remove_segment_containing":
        return len(after.segments) == len(before.segments) - 1 and \
            not any(value.lower() in t.lower() for t in texts(after))
    if key == "swap_segments":
        i, j = value
        return texts(after)[i] == texts(before)[j] and texts(after)[j] == texts(before)[i]
    if key == "replace_shot_in_segment":
        return all((a != b) == (k == value) for k, (a, b) in enumerate(zip(shots(before), shots(after))))
    if key == "add_segment_containing":
        added = [s for s in after.segments if value.lower() in s.text.lower()]
        if len(after.segments) != len(before.segments) + 1 or not added:
            return False
        words = set(added[0].text.lower().split())
        return any(words & set(descriptions.get(c.shot_id, "").lower().split()) for c in added[0].clips)
    if key == "move_segment_containing_to_start":
        return value.lower() in texts(after)[0].lower() and sorted(texts(after)) == sorted(texts(before))
    if key == "segment_text_contains":
        k, word = value
        return word.lower() in texts(after)[k].lower()
    if key == "undo":
        return undone is not None and texts(after) == texts(undone) and shots(after) == shots(undone)
    raise ValueError(f"unknown expectation {key!r}")


PARAPHRASED = Path(__file__).resolve().parent / "data" / "revisions_paraphrased.jsonl"
"""The same kinds of request in other words (and in Chinese), written for this benchmark; none is
an example the director matches paraphrases against."""


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(items: list[dict], stories: dict[str, str], source: Library,
        descriptions: dict[str, str]) -> tuple[list[tuple[str, str, bool, str]], list[float]]:
    """Each dialogue in a fresh session: (message, expectation keys, passed, reply), turn times."""
    results, latencies = [], []
    with tempfile.TemporaryDirectory() as tmp:
        sessions = Path(tmp) / "sessions.sqlite"  # the benchmark leaves no sessions in the library

        def turn_(session: str, message: str):
            return chat_turn(source, session, message, render_preview=False, sessions=sessions, model="local")

        for n, item in enumerate(items):
            session = f"bench-{n}-{time.time_ns()}"
            undone = turn_(session, "Make a video of this story: " + stories[item["story"]]).plan
            before = turn_(session, item["after"]).plan if "after" in item else undone
            start = time.perf_counter()
            turn = turn_(session, item["message"])
            latencies.append(time.perf_counter() - start)
            ok = turn.plan is not None and before is not None and all(
                holds(k, v, before, turn.plan, undone, descriptions) for k, v in item["expect"].items())
            results.append((item["message"], ",".join(item["expect"]), ok, turn.reply))
    return results, latencies


def table(name: str, results: list[tuple[str, str, bool, str]], latencies: list[float]) -> str:
    passed = sum(ok for _, _, ok, _ in results)
    rows = "\n".join(f"| {m} | {k} | {'pass' if ok else 'FAIL'} |" for m, k, ok, _ in results)
    return (f"**{name}: accuracy {passed}/{len(results)} = {passed / len(results):.0%}** (goal >= 90%); "
            f"median turn {statistics.median(latencies) * 1000:.0f} ms (goal < 1 s), "
            f"p95 {sorted(latencies)[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms.\n\n"
            "| request | expects | result |\n|---|---|---|\n" + rows + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default=str(Path(".bench") / "clips-library"))
    args = parser.parse_args()
    stories = {s["id"]: s["text"] for s in json.loads((EVAL / "stories_dev.json").read_text())}
    source = Library.open(args.library)
    descriptions = {s.shot_id: s.description for s in library_shots(source)}
    chat_turn(source, None, "warm up", render_preview=False, sessions=Path(tempfile.mkdtemp()) / "s.sqlite")
    sections, failures = [], []
    for name, path in (("revisions_dev.jsonl", EVAL / "revisions_dev.jsonl"), ("paraphrased", PARAPHRASED)):
        results, latencies = run(load(path), stories, source, descriptions)
        sections.append(table(name, results, latencies))
        failures += [(m, r) for m, _, ok, r in results if not ok]
    body = (f"{source.root.name} ({len(descriptions)} shots), model `local` (the built-in director) through the "
            "LangChain agent loop (create_agent, tools, SQLite checkpointer), no rendering. Each dialogue: the "
            "story, then the request; the plan before and after is checked against `expect`. The paraphrased set "
            "(bench/data/revisions_paraphrased.jsonl) asks for the same kinds in other words and in Chinese.\n\n"
            + "\n".join(sections))
    write_section("director", "Built-in director on revision requests", "python -m bench.director", body)
    for message, reply in failures:
        print(f"FAILED: {message!r} -> {reply}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
