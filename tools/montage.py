"""Montage assembly: choose clips for every segment so they tile it exactly, never repeating a shot.

This first version walks the story in order and, for each segment, takes the best unused
candidates, cutting each to the style's pace. The full optimizer (energy over the graph of shots)
replaces the choice step; the tiling rules stay.
"""

from __future__ import annotations

from vectorstore import Shot

from .plan import Clip, Plan, PlanError, PlanSegment, Style, TIMELINE_FPS
from .retrieval import Candidate
from .story import Segment

MIN_CLIP_SECONDS = 0.6


def assemble(segments: list[Segment], candidates: dict[str, list[Candidate]], style: Style,
             spare: list[Shot] | None = None, fps: int = TIMELINE_FPS) -> Plan:
    """A plan that tiles every segment with clips of distinct shots.

    `spare` shots (e.g. the whole library) fill a segment whose candidates are used up; when even
    they run out, PlanError says how many more shots the story needs.
    """
    used: set[str] = set()
    planned: list[PlanSegment] = []
    frame = 0
    pace = max(MIN_CLIP_SECONDS, style.pace)
    for seg in segments:
        frames = max(1, round(seg.duration * fps))
        pool = [c.shot for c in candidates.get(seg.id, [])] + list(spare or [])
        clips: list[Clip] = []
        left = frames
        for shot in pool:
            if left == 0:
                break
            if shot.shot_id in used:
                continue
            usable = int(shot.duration * fps)
            if usable < MIN_CLIP_SECONDS * fps and usable < left:
                continue
            target = round(pace * fps)
            take = min(usable, left, target)
            if 0 < left - take < MIN_CLIP_SECONDS * fps:
                take = left if usable >= left else max(1, left - round(MIN_CLIP_SECONDS * fps))
            offset = max(0.0, (shot.duration - take / fps) / 2)  # the middle of a shot is steadiest
            start_in = round(shot.start + offset, 4)
            clips.append(Clip(shot_id=shot.shot_id, source=shot.source, in_=start_in,
                              out=round(start_in + take / fps, 4), start=round((frame + frames - left) / fps, 4),
                              frames=take))
            used.add(shot.shot_id)
            left -= take
        if left:
            raise PlanError(f"the library has too few distinct shots to fill segment {seg.id} "
                            f"(\"{seg.text[:40]}\"): add footage or shorten the story")
        planned.append(PlanSegment(id=seg.id, text=seg.text, keywords=seg.keywords, start=round(frame / fps, 4),
                                   duration=round(frames / fps, 4), frames=frames, clips=clips))
        frame += frames
    return Plan(style=style, segments=planned, duration=round(frame / fps, 4), fps=fps)
