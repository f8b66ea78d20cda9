"""On-topic screen time: the share of the video showing what its sentence says.

The dev stories (../shared/eval/stories_dev.json) are planned over the 136 captioned clips of
../shared/footage, narration on (segments as long as their spoken line), in the neutral and dramatic
styles. bench/data/ontopic.json holds, per sentence, the clips judged by hand (from their human
captions) to show it; the share counts the frames of judged sentences that show one of their clips
(sentences no clip shows are left out). "Before" is the optimizer of another checkout (main by
default), measured in the same run by running this file's `measure` under that checkout's code.
Run: `python -m bench.ontopic [--library DIR] [--before /work/main]`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = next((p / "shared" for p in HERE.parents if (p / "shared").is_dir()), HERE.parent.parent / "shared")
"""../shared beside the checkout (a worktree may sit one folder deeper)."""
FOOTAGE = SHARED / "footage"
STORIES = SHARED / "eval" / "stories_dev.json"
JUDGED = HERE / "data" / "ontopic.json"
STYLES = ("neutral", "dramatic")


def measure(library_dir: str) -> dict[str, dict[str, float]]:
    """Per style: the on-topic share, and the shares of the worst sentence and of held clips."""
    from tools.planner import plan_texts
    from tools.story import split_story
    from tools.style import style_preset
    from vectorstore import Library

    library = Library.open(library_dir)
    judged = json.loads(JUDGED.read_text())["stories"]
    stories = {s["id"]: s["text"] for s in json.loads(STORIES.read_text())}
    out = {}
    for style_name in STYLES:
        matching = total = held = 0
        worst = 1.0
        for story_id, sentences in judged.items():
            texts = split_story(stories[story_id])
            if texts != [s["text"] for s in sentences]:
                raise SystemExit(f"{JUDGED}: the sentences of {story_id} differ from the story's segments")
            plan = plan_texts(library, texts, style_preset(style_name))
            for seg, sentence in zip(plan.segments, sentences):
                if not sentence["clips"]:
                    continue
                wanted = {str(FOOTAGE / c) for c in sentence["clips"]}
                shown = sum(c.frames for c in seg.clips if c.source in wanted)
                matching += shown
                total += seg.frames
                held += sum(c.frames for c in seg.clips if c.speed < seg.speed)
                worst = min(worst, shown / seg.frames)
        out[style_name] = {"share": matching / total, "worst": worst, "held": held / total}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default=str(Path(".bench") / "clips-library"))
    parser.add_argument("--before", default=str(SHARED.parent / "main"),
                        help="checkout whose optimizer is the baseline ('' to skip)")
    parser.add_argument("--json", action="store_true", help="print this checkout's figures as JSON only")
    args = parser.parse_args()
    library = str(Path(args.library).resolve())
    if args.json:
        print(json.dumps(measure(library)))
        return 0
    from vectorstore import Library, ingest

    from .report import write_section

    report = ingest([FOOTAGE / "clips"], Library.open(library), workers=2)
    after = measure(library)
    before = None
    if args.before:
        run = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--json", "--library", library],
                             env={**os.environ, "PYTHONPATH": args.before}, cwd=args.before,
                             capture_output=True, text=True, check=True)
        before = json.loads(run.stdout.strip().splitlines()[-1])
    rows = []
    for style in STYLES:
        b = before[style] if before else None
        rows.append(f"| {style} | {b['share']:.3f} | {after[style]['share']:.3f} | {b['worst']:.2f} | "
                    f"{after[style]['worst']:.2f} | {after[style]['held']:.3f} |" if b else
                    f"| {style} | - | {after[style]['share']:.3f} | - | {after[style]['worst']:.2f} | "
                    f"{after[style]['held']:.3f} |")
    judged = json.loads(JUDGED.read_text())["stories"]
    n = sum(1 for s in judged.values() for x in s if x["clips"])
    body = (f"{report.shots_total} shots from {report.files_seen} clips; the {len(judged)} dev stories, {n} sentences "
            "with at least one matching clip (bench/data/ontopic.json, judged by hand from the clips' captions); "
            "narration on. Share of those sentences' screen time on a matching clip, before (the optimizer of "
            f"`{args.before or '-'}`, same run) and after; the worst sentence's share; the share of screen time "
            "the optimizer slowed down (held) to stay on a match.\n\n"
            "| style | before | after | worst sentence before | worst after | held |\n|---|---|---|---|---|---|\n"
            + "\n".join(rows) + "\n\nGoal (issue 15): >= 0.95 on held-out stories (measured outside the project).\n")
    write_section("ontopic", "On-topic screen time", "python -m bench.ontopic", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
