"""Plans out to other programs: JSON, SRT and WebVTT subtitles, and editor timelines via OTIO."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import opentimelineio as otio

from vectorstore.errors import StorycutError

from . import subtitles
from .files import output_path, replacing
from .plan import Plan

ExportFormat = Literal["json", "srt", "vtt", "otio", "edl", "fcpxml"]
FORMATS: tuple[str, ...] = ("json", "srt", "vtt", "otio", "edl", "fcpxml")
ADAPTERS = {"otio": "otio_json", "edl": "cmx_3600", "fcpxml": "fcp_xml"}


def to_srt(plan: Plan) -> str:
    """The plan's subtitles as SubRip: lines broken for its aspect, two at a time (`tools.subtitles`)."""
    return subtitles.srt(subtitles.cues(plan))


def to_vtt(plan: Plan) -> str:
    return subtitles.vtt(subtitles.cues(plan))


def to_timeline(plan: Plan, name: str = "storycut") -> otio.schema.Timeline:
    """The plan as an OTIO timeline: one video track, one clip per plan clip, sources by path."""
    rate = float(plan.fps)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    for seg in plan.segments:
        for n, clip in enumerate(seg.clips, start=1):
            source_range = otio.opentime.TimeRange(
                start_time=otio.opentime.from_seconds(clip.in_, rate).rescaled_to(rate).round(),
                duration=otio.opentime.RationalTime(clip.frames, rate))
            # Editors want the media's extent; the plan knows it reaches at least to this clip's out point.
            extent = otio.opentime.range_from_start_end_time(otio.opentime.RationalTime(0, rate),
                                                             source_range.end_time_exclusive())
            media = otio.schema.ExternalReference(target_url=Path(clip.source).as_uri(), available_range=extent)
            track.append(otio.schema.Clip(name=f"{seg.id}.{n} {Path(clip.source).stem}", media_reference=media,
                                          source_range=source_range,
                                          metadata={"storycut": {"shot_id": clip.shot_id, "segment": seg.id}}))
    timeline = otio.schema.Timeline(name=name, global_start_time=otio.opentime.RationalTime(0, rate))
    timeline.tracks.append(track)
    return timeline


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
                otio.adapters.write_to_file(to_timeline(plan, output.stem), str(tmp), adapter_name=ADAPTERS[fmt])
    except OSError as exc:
        raise StorycutError(f"cannot write {output}: {exc.strerror or exc}") from exc
    return output
