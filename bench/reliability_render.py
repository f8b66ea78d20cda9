"""Render under faults: SIGKILL at random moments, then render again into the same cache.

A plan over real clips (narrated, subtitled) is rendered once into a fresh cache: the reference.
Then, for each of N moments drawn at random (one in each N-th of the reference render's time,
seeded), a render into a fresh cache is killed with SIGKILL (its whole process group: Python and
its ffmpeg children) at that moment and run again to the end; and one cache takes all N kills in a
row before its final render. After a kill the output must be absent (never a partial video) or
complete; every final video must have exactly the reference's frames (x264 is deterministic, so a
corrupt or half-written cached segment would show) and a soundtrack as long as the plan (Piper's
voice varies from one synthesis to the next, so the audio is compared by length).

Run: `python -m bench.reliability_render [FOLDER] [--kills N] [--seed S] [--quality Q]`.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from tools.plan import Plan
from tools.planner import plan_story
from tools.render import render
from tools.style import style_preset
from vectorstore import Library, ingest
from vectorstore.decode import ffmpeg_exe

from .faults import CLIPS, KillOutcome, Observation, Run, kill_moments, kills_in_a_row, last_line, run_killable
from .report import RELIABILITY, write_section

STORY = ("A lion rests in the tall grass while the afternoon sun moves slowly across the open plain. "
         "In the city a man plays the guitar on a small stage, and people dance late into the night. "
         "Cars race around a wet track as the crowd cheers at every single turn of the long race. "
         "At dawn the waves roll onto an empty beach, and a dog runs along the water's edge.")
"""Four long lines: the dramatic style's short clips give each segment several."""


@dataclass(frozen=True)
class Footprint:
    """What a rendered file holds: its video frames (count and digest) and its audio's length."""

    frames: int
    video_md5: str
    audio_seconds: float


def footprint(path: Path) -> Footprint:
    """Decode every frame and audio packet of `path` (ffmpeg's framemd5 muxer)."""
    out = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(path), "-map", "0", "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    bases = {int(m[1]): Fraction(int(m[2]), int(m[3])) for m in re.finditer(r"^#tb (\d+): (\d+)/(\d+)", out, re.M)}
    rows = [[f.strip() for f in line.split(",")] for line in out.splitlines() if line and not line.startswith("#")]
    video = [r[5] for r in rows if r[0] == "0"]
    audio = [r for r in rows if r[0] == "1"]
    end = max((int(r[2]) + int(r[3]) for r in audio), default=0)
    return Footprint(len(video), hashlib.md5("".join(video).encode()).hexdigest(),
                     float(end * bases.get(1, Fraction(0))))


def run_render(plan_file: Path, output: Path, cache: Path, quality: str, kill_after: float | None = None) -> Run:
    """Render the plan in `plan_file` in a child process; with `kill_after`, SIGKILLed then."""
    return run_killable([sys.executable, "-m", "bench.reliability_render", "--render-plan", str(plan_file),
                         str(output), str(cache), "--quality", quality], kill_after)


def kill_and_finish(plan_file: Path, work: Path, moments: list[float], reference: Footprint, plan: Plan,
                    quality: str) -> list[KillOutcome]:
    """Render into one cache killed at each of `moments` in turn, then to the end, compared with the
    reference. A kill must leave no output, or (when it came after the rename) the whole video."""
    output, cache = work / "out.mp4", work / "cache"

    def observe() -> Observation:
        if not output.exists():
            return "no output", True, []
        whole = footprint(output).video_md5 == reference.video_md5
        return ("the whole video", False, []) if whole else ("a damaged video", True, ["a kill left a damaged output"])

    def judge(final: Run) -> list[str]:
        if final.returncode != 0:
            return [f"the final render failed: {last_line(final.stderr)}"]
        return differences(footprint(output), reference, plan)

    return kills_in_a_row(lambda moment: run_render(plan_file, output, cache, quality, kill_after=moment), moments,
                          observe, judge)


def differences(found: Footprint, reference: Footprint, plan: Plan) -> list[str]:
    problems = []
    if (found.frames, found.video_md5) != (reference.frames, reference.video_md5):
        problems.append(f"video differs from the reference ({found.frames} frames, {reference.frames} expected)")
    if abs(found.audio_seconds - plan.duration) > 0.1:
        problems.append(f"audio lasts {found.audio_seconds:.2f} s, the plan {plan.duration:.2f} s")
    return problems


def render_plan_main(argv: list[str]) -> int:
    """The child: render one plan file."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--render-plan", type=Path, required=True)
    parser.add_argument("output", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--quality", default="preview")
    args = parser.parse_args(argv)
    render(Plan.model_validate_json(args.render_plan.read_text()), args.output, args.cache, quality=args.quality)
    return 0


def main() -> int:
    if "--render-plan" in sys.argv:
        return render_plan_main(sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(CLIPS))
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--quality", default="final", choices=["preview", "final", "hd"])
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="storycut-render-faults-") as tmp:
        work = Path(tmp)
        library = Library.open(work / "library")
        ingest([args.folder], library, workers=2)
        plan = plan_story(library, STORY, style_preset("dramatic"))
        plan_file = work / "plan.json"
        plan_file.write_text(plan.model_dump_json(by_alias=True))
        clean = run_render(plan_file, work / "clean.mp4", work / "clean-cache", args.quality)
        assert clean.returncode == 0, clean.stderr
        reference = footprint(work / "clean.mp4")
        assert not differences(reference, reference, plan), differences(reference, reference, plan)
        moments = kill_moments(clean.seconds, args.kills, rng)
        rows = []
        for k, moment in enumerate(moments):
            rows += kill_and_finish(plan_file, work / f"kill{k}", [moment], reference, plan, args.quality)
        chained = kill_and_finish(plan_file, work / "chain", rng.sample(moments, len(moments)), reference, plan,
                                  args.quality)
        leftovers = len(list(work.rglob("*.part")))
    body = report(plan, reference, clean, rows, chained, args.quality, leftovers)
    write_section("render-faults", "Render faults: SIGKILL during a render", f"python -m bench.reliability_render "
                  f"--kills {args.kills} --seed {args.seed} --quality {args.quality}", body, doc=RELIABILITY)
    return 1 if any(r.problems for r in rows + chained) else 0


def report(plan: Plan, reference: Footprint, clean: Run, rows: list[KillOutcome], chained: list[KillOutcome],
           quality: str, leftovers: int) -> str:
    clips = sum(len(s.clips) for s in plan.segments)
    lines = [f"Plan: {len(plan.segments)} narrated segments, {clips} clips, {plan.duration:.1f} s "
             f"({reference.frames} frames), {quality} quality; the reference render took {clean.seconds:.1f} s "
             "(cold cache, narration synthesised).", "",
             "| scenario | killed at | left at the output | final render | result |", "|---|---|---|---|---|"]
    for k, r in enumerate(rows, 1):
        lines.append(f"| fresh cache, kill {k} | {r.moment:.2f} s | {r.left} | {r.finish_seconds:.1f} s | "
                     f"{'; '.join(r.problems) or 'frames identical to the reference'} |")
    for k, r in enumerate(chained, 1):
        last = k == len(chained)
        lines.append(f"| one cache, kill {k} of {len(chained)} in a row | {r.moment:.2f} s | {r.left} | "
                     f"{f'{r.finish_seconds:.1f} s' if last else ''} | "
                     f"{('; '.join(r.problems) or 'frames identical to the reference') if last else '(resumed by the next)'} |")
    mid = sum(r.mid_work for r in rows + chained)
    lines += ["", f"{mid} of {len(rows) + len(chained)} kills landed mid-render. The kills left {leftovers} "
              "temporary files (`.part`, never read), which the first render an hour later removes."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
