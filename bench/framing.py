"""Screen time on the shot size asked for: each story planned as it is, then with close-ups and
with wide shots asked for (Style.framing), over the demo footage (demo/story.txt) and over the 136
captioned clips (../shared/eval/stories_dev.json). Reports the share of screen time on close-ups
and on wide shots (`shot_size` as measured at ingest), before (another checkout, main by default,
in the same run) and after. Whether the shots stay on topic is `bench.ontopic`'s measure.
Run: `python -m bench.framing [--demo-library DIR] [--library DIR] [--before /work/main]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.ontopic import FOOTAGE, SHARED, STORIES  # absolute: the baseline runs this file as a script

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
ASKS = ("any", "close", "wide")


def measure(demo_library: str, library: str) -> dict[str, dict[str, dict[str, float]]]:
    """Per story, per size asked for: the share of screen time on close-ups and on wide shots."""
    from tools.planner import plan_texts
    from tools.story import split_story
    from tools.style import style_preset
    from vectorstore import Library, library_shots

    stories = {"demo": (demo_library, (DEMO / "story.txt").read_text())}
    stories |= {s["id"]: (library, s["text"]) for s in json.loads(STORIES.read_text())}
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, (where, text) in stories.items():
        source = Library.open(where)
        sizes = {s.shot_id: s.features.shot_size for s in library_shots(source)}
        texts = split_story(text)
        out[name] = {}
        for framing in ASKS:
            plan = plan_texts(source, texts, style_preset("neutral").model_copy(update={"framing": framing}))
            clips = [c for seg in plan.segments for c in seg.clips]
            total = sum(c.frames for c in clips)
            out[name][framing] = {size: sum(c.frames for c in clips if sizes[c.shot_id] == size) / total
                                  for size in ("close", "wide")}
    return out


def _cell(figures: dict | None, story: str, framing: str, size: str) -> str:
    return f"{figures[story][framing][size]:.2f}" if figures else "-"


def _table(before: dict | None, after: dict, baseline: str) -> str:
    rows = [f"| {story} | {'more close-ups' if size == 'close' else 'wider shots'} | "
            f"{_cell(before, story, 'any', size)} | {_cell(after, story, 'any', size)} | "
            f"{_cell(before, story, size, size)} | {_cell(after, story, size, size)} |"
            for story in after for size in ("close", "wide")]
    return ("Each story planned in the neutral style (narration on), then with close-ups and with wide shots asked "
            "for; the share of its screen time on shots of that size (`shot_size` measured at ingest), before (the "
            f"optimizer of `{baseline or '-'}`, same run) and after. The demo story over demo/footage (28 shots), "
            "the dev stories over the 136 captioned clips. Asking moves the picture only onto shots that match the "
            "words (another framing of the matching footage, or a shot whose description says two words of "
            "the sentence); before, an unrelated shot of the size could replace a matching one (on-topic share: "
            "`bench.ontopic`).\n\n"
            "| story | asked for | share as planned, before | after | share when asked, before | after |\n"
            "|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-library", default=str(Path(".bench") / "demo-library"))
    parser.add_argument("--library", default=str(Path(".bench") / "clips-library"))
    parser.add_argument("--before", default=str(SHARED.parent / "main"),
                        help="checkout whose optimizer is the baseline ('' to skip)")
    parser.add_argument("--json", action="store_true", help="print this checkout's figures as JSON only")
    args = parser.parse_args()
    demo_library, library = (str(Path(p).resolve()) for p in (args.demo_library, args.library))
    if args.json:
        print(json.dumps(measure(demo_library, library)))
        return 0
    from vectorstore import Library, ingest

    from .ontopic import measured_by
    from .report import write_section

    ingest([DEMO / "footage"], Library.open(demo_library), workers=2)
    ingest([FOOTAGE / "clips"], Library.open(library), workers=2)
    after = measure(demo_library, library)
    before = measured_by(args.before, Path(__file__), ["--demo-library", demo_library, "--library", library]) \
        if args.before else None
    body = _table(before, after, args.before)
    write_section("framing", "Shot sizes asked for", "python -m bench.framing", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
