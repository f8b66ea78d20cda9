"""Plans out to other programs: JSON, SRT and WebVTT subtitles, and editor timelines via OTIO
(`tools.timeline`: what each editor format keeps)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from vectorstore.errors import StorycutError

from . import subtitles
from .files import output_path, replacing
from .plan import Plan
from .timeline import to_timeline, write_timeline  # noqa: F401 (to_timeline: exported from here too)

ExportFormat = Literal["json", "srt", "vtt", "otio", "edl", "fcpxml"]
FORMATS: tuple[str, ...] = ("json", "srt", "vtt", "otio", "edl", "fcpxml")


def to_srt(plan: Plan) -> str:
    """The plan's subtitles as SubRip: lines broken for its aspect, two at a time (`tools.subtitles`)."""
    return subtitles.srt(subtitles.cues(plan))


def to_vtt(plan: Plan) -> str:
    return subtitles.vtt(subtitles.cues(plan))


def export(plan: Plan, fmt: str, output: Path, within: Path | None = None) -> Path:
    """Write `plan` to `output` in format `fmt`, whole or not at all. With `within`, `output` is
    relative to that folder and must stay inside it (see `tools.files` for the output policy)."""
    if fmt not in FORMATS:
        raise StorycutError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if not plan.segments:
        raise StorycutError("the plan has no segments: nothing to export")
    output = output_path(output, within)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with replacing(output) as tmp:
            if fmt == "json":
                tmp.write_text(json.dumps(plan.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
            elif fmt == "srt":
                tmp.write_text(to_srt(plan), encoding="utf-8")
            elif fmt == "vtt":
                tmp.write_text(to_vtt(plan), encoding="utf-8")
            else:
                write_timeline(plan, fmt, tmp, output.stem)
    except OSError as exc:
        raise StorycutError(f"cannot write {output}: {exc.strerror or exc}") from exc
    return output
