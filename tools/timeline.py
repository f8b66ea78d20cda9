"""Plans as editor timelines (OpenTimelineIO), and what each editor format keeps of them.

OTIO JSON keeps everything: each clip's shot, segment, look (its name, and its ASC CDL as `cdl`)
and speed (a `LinearTimeWarp` effect: the clip lasts `frames` on the track and plays `frames` * speed
of its media), the titles as markers on the timeline with their kind and text, and the plan's look
and language as metadata.
FCP 7 XML keeps the clips, speed as a constant Time Remap filter, the titles as Text generators on
video tracks above the picture (and as sequence markers); looks are not carried.
CMX 3600 EDL keeps one video track of cuts, speed as M2 lines, each title as a LOC marker on the clip
where it starts (its text, not its length or kind) and each clip's look as its CDL (ASC_SOP and
ASC_SAT lines, which colour tools apply) and a comment naming it.
"""

from __future__ import annotations

import re
from pathlib import Path

import opentimelineio as otio

from .looks import look
from .plan import Plan, PlanSegment, Title
from .titles import title_frames

ADAPTERS = {"otio": "otio_json", "edl": "cmx_3600", "fcpxml": "fcp_xml"}
MARKER_COLOURS = {"title": otio.schema.MarkerColor.YELLOW, "caption": otio.schema.MarkerColor.CYAN}


def _look(plan: Plan, seg: PlanSegment) -> str:
    return seg.look or plan.style.look


def to_timeline(plan: Plan, name: str = "storycut") -> otio.schema.Timeline:
    """The plan as an OTIO timeline: one video track, one clip per plan clip, sources by path, speed
    as a time warp, titles as markers on the timeline."""
    rate = float(plan.fps)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    for seg in plan.segments:
        for n, clip in enumerate(seg.clips, start=1):
            source_range = otio.opentime.TimeRange(
                start_time=otio.opentime.from_seconds(clip.in_, rate).rescaled_to(rate).round(),
                duration=otio.opentime.RationalTime(clip.frames, rate))
            # Editors want the media's extent; the plan knows it reaches at least to this clip's out point.
            extent = otio.opentime.range_from_start_end_time(
                otio.opentime.RationalTime(0, rate), otio.opentime.from_seconds(clip.out, rate).round())
            media = otio.schema.ExternalReference(target_url=Path(clip.source).as_uri(), available_range=extent)
            item = otio.schema.Clip(name=f"{seg.id}.{n} {Path(clip.source).stem}", media_reference=media,
                                    source_range=source_range,
                                    metadata={"storycut": {"shot_id": clip.shot_id, "segment": seg.id,
                                                           "look": _look(plan, seg), "speed": clip.speed}})
            cdl = look(_look(plan, seg)).cdl
            if cdl is not None:
                item.metadata["cdl"] = cdl.metadata()
            if clip.speed != 1:
                item.effects.append(otio.schema.LinearTimeWarp(name="speed", time_scalar=clip.speed))
            track.append(item)
    timeline = otio.schema.Timeline(name=name, global_start_time=otio.opentime.RationalTime(0, rate),
                                    metadata={"storycut": {"look": plan.style.look, "language": plan.language}})
    timeline.tracks.append(track)
    for title in plan.titles:
        timeline.tracks.markers.append(otio.schema.Marker(
            name=title.text, color=MARKER_COLOURS[title.kind], marked_range=_frames(title, rate),
            metadata={"storycut": {"kind": title.kind, "text": title.text}}))
    return timeline


def _frames(title: Title, rate: float) -> otio.opentime.TimeRange:
    start, end = title_frames(title, round(rate))
    return otio.opentime.TimeRange(otio.opentime.RationalTime(start, rate),
                                   otio.opentime.RationalTime(end - start, rate))


def write_timeline(plan: Plan, fmt: str, path: Path, name: str) -> None:
    """Write the plan as an `otio`, `edl` or `fcpxml` file at `path`."""
    timeline = to_timeline(plan, name)
    if fmt == "edl":
        _edl_titles_and_looks(timeline)
        text = otio.adapters.write_to_string(timeline, adapter_name=ADAPTERS[fmt])
        path.write_text(_edl_source_outs(text, plan), encoding="utf-8")
        return
    if fmt == "fcpxml":
        _fcp_speeds(timeline)
        _fcp_title_tracks(timeline, plan)
    otio.adapters.write_to_file(timeline, str(path), adapter_name=ADAPTERS[fmt])


def _edl_titles_and_looks(timeline: otio.schema.Timeline) -> None:
    """An EDL writes only its clips' markers, CDLs and comments: each title moves onto the clip where
    it starts (in that clip's own time), and each clip's look is named in a comment."""
    clips = list(timeline.tracks[0].find_clips())
    for marker in list(timeline.tracks.markers):
        at = marker.marked_range.start_time
        for clip in clips:
            placed = clip.range_in_parent()
            if placed.start_time <= at < placed.end_time_exclusive() or clip is clips[-1]:
                local = otio.opentime.TimeRange(clip.source_range.start_time + (at - placed.start_time),
                                                marker.marked_range.duration)
                clip.markers.append(otio.schema.Marker(name=marker.name, color=marker.color, marked_range=local))
                break
    for clip in clips:
        clip.metadata["cmx_3600"] = {"comments": [f"STORYCUT LOOK: {clip.metadata['storycut']['look'].upper()}"]}
        if "cdl" in clip.metadata:  # the writer skips a saturation of 0 (black and white) unless it is text
            clip.metadata["cdl"]["asc_sat"] = f"{clip.metadata['cdl']['asc_sat']:.4f}"


_EVENT = re.compile(r"^(\d{3}\s+\S+\s+V\s+C\s+)(\S+) (\S+)( \S+ \S+)$", re.M)


def _edl_source_outs(text: str, plan: Plan) -> str:
    """The EDL writer (otio-cmx3600-adapter 1.0) divides a retimed clip's length by its speed for
    the source out (OpenTimelineIO issue 1458); a clip at speed s plays its length times s of source."""
    clips = iter([c for seg in plan.segments for c in seg.clips])

    def fixed(event: re.Match) -> str:
        clip = next(clips)
        if clip.speed == 1:
            return event.group(0)
        source_in = otio.opentime.from_timecode(event.group(2), plan.fps)
        source_out = source_in + otio.opentime.RationalTime(round(clip.frames * clip.speed), plan.fps)
        return f"{event.group(1)}{event.group(2)} {otio.opentime.to_timecode(source_out, plan.fps)}{event.group(4)}"

    return _EVENT.sub(fixed, text)


def _fcp_speeds(timeline: otio.schema.Timeline) -> None:
    """Speed as FCP 7's constant-speed Time Remap filter (percent)."""
    for clip in timeline.tracks[0].find_clips():
        speed = clip.metadata["storycut"]["speed"]
        if speed != 1:
            clip.metadata["fcp_xml"] = {"filter": {"effect": {
                "name": "Time Remap", "effectid": "timeremap", "effectcategory": "motion", "effecttype": "motion",
                "mediatype": "video",
                "parameter": [{"parameterid": "variablespeed", "name": "variablespeed", "value": "0"},
                              {"parameterid": "speed", "name": "speed", "value": f"{speed * 100:g}"},
                              {"parameterid": "reverse", "name": "reverse", "value": "FALSE"},
                              {"parameterid": "frameblending", "name": "frameblending", "value": "FALSE"}]}}}


def _fcp_title_tracks(timeline: otio.schema.Timeline, plan: Plan) -> None:
    """Each title as an FCP 7 Text generator on a track above the picture (overlapping titles on
    further tracks), title-sized or caption-sized, at its place on the timeline."""
    rate = float(plan.fps)
    lanes: list[otio.schema.Track] = []
    for title in sorted(plan.titles, key=lambda t: t.start):
        span = _frames(title, rate)
        lane = next((t for t in lanes if t.duration() <= span.start_time), None)
        if lane is None:
            lane = otio.schema.Track(name=f"Titles {len(lanes) + 1}", kind=otio.schema.TrackKind.Video)
            lanes.append(lane)
        if span.start_time > lane.duration():
            lane.append(otio.schema.Gap(duration=span.start_time - lane.duration()))
        text = otio.schema.GeneratorReference(
            name="Text", generator_kind="Text", available_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, rate), span.duration),
            metadata={"fcp_xml": {"effectcategory": "Text", "effecttype": "generator", "mediatype": "video",
                                  "parameter": [
                                      {"parameterid": "str", "name": "Text", "value": title.text},
                                      {"parameterid": "fontsize", "name": "Size",
                                       "value": "72" if title.kind == "title" else "36"}]}})
        lane.append(otio.schema.Clip(name=title.text, media_reference=text, source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, rate), span.duration), metadata={"storycut": {"kind": title.kind}}))
    timeline.tracks.extend(lanes)
