"""Playback speed in the render graph: video retimed before it is resampled to the timeline's rate,
and the clip's own sound tempo-changed to match (pitch kept).

A clip of speed s reads `frames` / fps * s seconds of its source (`out` - `in`) and lasts exactly
`frames` on the timeline: its timestamps are divided by s, then the `fps` filter picks, for each
timeline frame, the source frame showing at that moment (each frame twice at 0.5x, every other one
at 2x), and the trim and pad that follow make the count exact.
"""

from __future__ import annotations

ATEMPO_MIN, ATEMPO_MAX = 0.5, 2.0
"""The rates one atempo filter keeps clean; slower or faster rates chain several."""


def retime_filter(speed: float) -> str:
    """Video filters (with a trailing comma) that play a clip at `speed`; "" at normal speed."""
    return "" if speed == 1 else f"setpts=(PTS-STARTPTS)/{speed:.6g},"


def atempo_chain(speed: float) -> str:
    """Audio filters (with a trailing comma) that play sound at `speed`; "" at normal speed."""
    factors = []
    while speed < ATEMPO_MIN or speed > ATEMPO_MAX:
        step = ATEMPO_MIN if speed < ATEMPO_MIN else ATEMPO_MAX
        factors.append(step)
        speed /= step
    if abs(speed - 1) > 1e-9:
        factors.append(speed)
    return "".join(f"atempo={f:.6g}," for f in factors)
