"""Cuts on the beat: with music under the video, cut points move to the nearest beat when the plan
allows it (clip lengths kept within their shots and above the minimum).

Segment boundaries snap before the montage is optimised, by at most SNAP_BOUNDARY frames and never
taking more than that from a segment (its narration ends a breath before it); a segment whose length
the user fixed keeps both boundaries, and the video's end never moves, so the total stays exact to the
frame. Cuts inside a segment move up to half a beat (at most SNAP_CUT frames), so any cut can land,
as its frames are allocated: the energy still sees the lengths the plan will have.
"""

from __future__ import annotations

import numpy as np

from .plan import Plan

SNAP_BOUNDARY = 4
"""Furthest a segment boundary moves, and most a segment loses (0.13 s at 30 fps, within the shortest
breath after a narrated line, 0.25 s)."""
SNAP_CUT = 8
"""Furthest a cut inside a segment moves (0.27 s)."""


def beat_frames(beats: list[float], track_seconds: float, total_frames: int, fps: int) -> np.ndarray:
    """Timeline frames of the beats of a track that starts with the video and loops until its end."""
    if not beats or track_seconds <= 0:
        return np.array([], dtype=np.int64)
    loops = int(total_frames / fps / track_seconds) + 1
    times = np.concatenate([np.asarray(beats) + k * track_seconds for k in range(loops)])
    frames = np.unique(np.round(times * fps).astype(np.int64))
    return frames[frames <= total_frames]


def cut_reach(beats: np.ndarray) -> int:
    """How far a cut inside a segment may move: half the beat period, at most SNAP_CUT frames."""
    period = float(np.median(np.diff(beats))) if len(beats) > 1 else 0.0
    return int(min(SNAP_CUT, max(SNAP_BOUNDARY, period // 2)))


def nearest_beat(frame: int, beats: np.ndarray, low: int, high: int, reach: int) -> int:
    """The beat nearest `frame` within [low, high] and `reach` of it; `frame` when there is none."""
    if not len(beats):
        return frame
    lo, hi = max(low, frame - reach), min(high, frame + reach)
    near = beats[(beats >= lo) & (beats <= hi)]
    return int(near[np.argmin(np.abs(near - frame))]) if len(near) else frame


def snap_boundaries(frames: list[int], fixed: list[bool], beats: np.ndarray, minimum: int) -> list[int]:
    """Segment lengths with each boundary between two segments moved onto a beat where neither
    segment's length is fixed and neither loses more than SNAP_BOUNDARY frames or falls below `minimum`."""
    out = list(frames)
    at = 0
    for k in range(len(out) - 1):
        at += out[k]
        if fixed[k] or fixed[k + 1]:
            continue
        keep = max(minimum, frames[k] - SNAP_BOUNDARY)  # what segment k keeps, after both its ends moved
        moved = nearest_beat(at, beats, at - out[k] + keep, at + out[k + 1] - minimum, SNAP_BOUNDARY)
        out[k] += moved - at
        out[k + 1] -= moved - at
        at = moved
    return out


def snap_cuts(lengths: list[int], start: int, longest: list[int], beats: np.ndarray, minimum: int) -> list[int]:
    """Clip lengths of a segment starting at frame `start`, each cut between two of its clips moved
    onto a beat where both clips stay within [minimum, longest]."""
    out = list(lengths)
    at = start
    for k in range(len(out) - 1):
        at += out[k]
        low = at - out[k] + max(minimum, out[k] + out[k + 1] - longest[k + 1])
        high = at + min(out[k + 1] - minimum, longest[k] - out[k])
        moved = nearest_beat(at, beats, low, high, cut_reach(beats))
        out[k] += moved - at
        out[k + 1] -= moved - at
        at = moved
    return out


def cut_frames(plan: Plan) -> tuple[list[int], list[int]]:
    """Timeline frames of a plan's cuts inside segments, and of those between segments (not its ends)."""
    inside, between, at = [], [], 0
    for seg in plan.segments:
        for clip in seg.clips:
            at += clip.frames
            inside.append(at)
        between.append(inside.pop())
    return inside, between[:-1]


def share_on_beat(cuts: list[int], beats: np.ndarray, within: int = 1) -> float:
    """The share of `cuts` within `within` frames of a beat (0 when there are no cuts)."""
    if not cuts or not len(beats):
        return 0.0
    return float(np.mean([np.abs(beats - c).min() <= within for c in cuts]))
