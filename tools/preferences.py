"""What a text says about how its shots should look, as preferences over measured features.

"At night" prefers dark shots, "close-up" close framing, "a wide view" wide framing, "the camera
pans" a panning shot, "racing" fast motion. Each preference scores a shot in [-1, 1]; retrieval adds
them, weighted, to the semantic score, so they reorder near-equal matches but never replace them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from vectorstore import Shot


@dataclass(frozen=True)
class Preference:
    name: str
    pattern: re.Pattern
    score: Callable[[Shot], float]


def _size(wanted: str) -> Callable[[Shot], float]:
    order = {"close": 0, "medium": 1, "wide": 2}
    return lambda s: 1.0 - abs(order[s.features.shot_size] - order[wanted])


PREFERENCES = [
    Preference("dark", re.compile(r"\b(night|dark|midnight|evening|moonlit|candlelit)\b|夜|黑暗"),
               lambda s: 1.0 - 2.0 * s.features.brightness),
    Preference("bright", re.compile(r"\b(sunny|bright|daylight|noon|midday|sunshine)\b|白天|阳光"),
               lambda s: 2.0 * s.features.brightness - 1.0),
    Preference("close", re.compile(r"\b(close[- ]?ups?|closeups?|close by|portrait|face|faces)\b|特写"),
               _size("close")),
    Preference("wide", re.compile(r"\b(wide|landscape|aerial|panorama|panoramic|establishing|skyline|vista)\b|全景|远景"),
               _size("wide")),
    Preference("pan", re.compile(r"\b(pans?|panning|sweeps? across|tracking shot)\b"),
               lambda s: 1.0 if s.features.camera_motion == "pan" else -0.5),
    Preference("still", re.compile(r"\b(still|calm|motionless|quiet|static)\b|静"),
               lambda s: 1.0 - 2.0 * s.features.motion),
    Preference("fast", re.compile(r"\b(fast|speed|speeding|race|races|racing|rush|rushes|sprint|sprints|chase)\b|飞驰|快速"),
               lambda s: 2.0 * s.features.motion - 1.0),
]


def preferences(text: str) -> list[Preference]:
    """The preferences `text` expresses."""
    low = text.lower()
    return [p for p in PREFERENCES if p.pattern.search(low)]
