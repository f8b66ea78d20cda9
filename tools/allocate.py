"""How a segment's frames are shared among its shots, and how far a shot may be slowed to fill them.

A shot of d seconds played at rate r fills d * fps / r timeline frames. Every clip plays at its
segment's rate (the user's `speed`) times a hold: 1, or below 1 when the optimizer slows a matching
shot to keep it on screen rather than fill the rest of the line with an unrelated one. A still
picture can be held longer (slowed further) than a moving one before the slow motion shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from vectorstore import Shot

from .plan import MIN_SPEED

STILL_MOTION = 0.15
"""Motion (0..1, `Features.motion`) below which a shot from a static camera counts as a still picture."""
SLOWEST_HOLD = {"still": 0.3, "moving": 0.5}
"""Lowest hold (times the segment's speed) the optimizer may give a still or a moving shot."""
SLOW_VISIBILITY = {"still": 0.4, "moving": 1.0}
"""How much a hold shows, per unit of slow motion: little on a still picture, fully on a moving one
(scales the energy's `slow_motion` term)."""


def is_still(shot: Shot) -> bool:
    return shot.features.camera_motion == "static" and shot.features.motion < STILL_MOTION


def timeline_frames(seconds: np.ndarray, fps: int, rate: float | np.ndarray) -> np.ndarray:
    """Whole timeline frames that `seconds` of source fill at `rate` (one spare so a clip never runs
    past its shot)."""
    return np.maximum(0, np.floor(np.asarray(seconds) * fps / rate + 1e-9).astype(np.int64) - 1)


def slowest_holds(still: np.ndarray, speed: float) -> np.ndarray:
    """The lowest hold of each shot (still or not) in a segment played at `speed` (the clip's rate
    stays >= MIN_SPEED)."""
    hold = np.where(still, SLOWEST_HOLD["still"], SLOWEST_HOLD["moving"])
    return np.minimum(1.0, np.maximum(hold, MIN_SPEED / speed))


def allocate(total: int, usable: list[int], minimum: int) -> list[int] | None:
    """Clip lengths (frames) adding up to `total`, as even as the shots' lengths allow.

    Water-filling: the shortest shots take what they can of an even share, the rest split what is
    left evenly (even lengths are what the pace term prefers for a fixed number of clips). None when
    the shots together are too short or a clip would be shorter than `minimum`.
    """
    if sum(usable) < total or min(usable) < minimum:
        return None
    count = len(usable)
    lengths = [0] * count
    left = total
    for k, i in enumerate(sorted(range(count), key=lambda i: usable[i])):
        lengths[i] = min(usable[i], left // (count - k))
        left -= lengths[i]
    for i in sorted(range(count), key=lambda i: lengths[i] - usable[i]):  # integer remainders
        extra = min(left, usable[i] - lengths[i])
        lengths[i] += extra
        left -= extra
    return lengths if left == 0 and min(lengths) >= minimum else None


@dataclass(frozen=True)
class Fill:
    """A segment's clip lengths (frames) and the hold of each clip (1: played at the segment's rate)."""

    lengths: list[int]
    holds: list[float]


def fill(total: int, usable: list[int], slowest: list[float], minimum: int,
         matching: list[bool] | None = None) -> Fill | None:
    """Clip lengths adding up to `total`, the shots that match the segment's text (`matching`) held
    first when they are too short: they take what they can up to their slowest hold, and the one
    unrelated shot gets its minimum and then whatever is left. An editor holds the one short shot of the dog
    rather than fill the line with a man in a car at normal speed.

    All shots share alike (`fill_evenly`) unless exactly one shot is unrelated and the matching ones
    cannot fill what its minimum leaves at their own rate: unrelated shots beside long matches, or
    several of them, so keep their share, and so their cost, and the energy leaves them out rather
    than cut them in as 0.6 s flashes."""
    if matching is None or len(matching) < 2 or matching.count(False) != 1:
        return fill_evenly(total, usable, slowest, minimum)
    other = matching.index(False)
    ours = [i for i in range(len(usable)) if i != other]
    budget = total - minimum
    if sum(usable[i] for i in ours) >= budget:
        return fill_evenly(total, usable, slowest, minimum)
    longest = sum(int(usable[i] / slowest[i]) for i in ours)
    first = fill_evenly(min(budget, longest), [usable[i] for i in ours], [slowest[i] for i in ours], minimum)
    rest = first and fill_evenly(total - sum(first.lengths), [usable[other]], [slowest[other]], minimum)
    if first is None or rest is None:  # the segment is too short for the matches and the other's minimum
        return fill_evenly(total, usable, slowest, minimum)
    lengths, holds = list(first.lengths), list(first.holds)
    lengths.insert(other, rest.lengths[0])
    holds.insert(other, rest.holds[0])
    return Fill(lengths, holds)


def fill_evenly(total: int, usable: list[int], slowest: list[float], minimum: int) -> Fill | None:
    """Clip lengths adding up to `total`: at the segment's rate when the shots are long enough
    (`allocate`), else every shot slowed by one common hold (the least slow motion that fills the
    segment), those that reach their slowest hold stopping there. None when even that is too short."""
    lengths = allocate(total, usable, minimum)
    if lengths is not None:
        return Fill(lengths, [1.0] * len(usable))
    longest = [int(u / h) for u, h in zip(usable, slowest)]
    if sum(longest) < total or min(usable) <= 0:
        return None
    stretch, capped = 1.0, set[int]()
    while True:  # the common stretch over the shots not yet at their slowest
        free = [i for i in range(len(usable)) if i not in capped]
        if not free:
            break
        stretch = (total - sum(longest[i] for i in capped)) / sum(usable[i] for i in free)
        over = {i for i in free if usable[i] * stretch >= longest[i]}
        if not over:
            break
        capped |= over
    lengths = [longest[i] if i in capped else math.floor(usable[i] * stretch) for i in range(len(usable))]
    for i in sorted(range(len(usable)), key=lambda i: lengths[i] - longest[i]):  # integer remainders
        extra = min(total - sum(lengths), longest[i] - lengths[i])
        lengths[i] += extra
    if sum(lengths) != total or min(lengths) < minimum:
        return None
    return Fill(lengths, [min(1.0, u / n) for u, n in zip(usable, lengths)])
