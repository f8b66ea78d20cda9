"""When each scene's narration is heard on the montage timeline.

A line starts with its scene's picture and is read up to NATURAL_SPEEDUP faster to end inside it.
A line that cannot end inside its scene even so runs on over the next scene's picture, as an editor
cuts a picture shorter than its words (a split edit); the next line waits for it (LEAST_PAUSE after)
and is read faster within its own scene to catch up. That layout holds while every line starts before
its scene is half over and the last one ends with the video; a plan it does not hold for (a total
asked for on the command line that the words cannot fit) keeps each line inside its scene, read
as fast as it must be (up to MAX_RATE; the renderer cuts what is left).
"""

from __future__ import annotations

from collections.abc import Sequence

from .narration import LEAST_PAUSE, narration_rate
from .plan import Voice

NATURAL_SPEEDUP = 1.3
"""Fastest the narration may be read to fit a scene made shorter than its words: a person still
follows at 1.3x; beyond it the voice runs on over the next picture, or the edit is refused."""

MAX_RATE = 2.0
"""Fastest a line is ever read (a plan whose words cannot fit otherwise)."""

Scene = tuple[float, float]
"""A scene on the timeline: its start and its length, in seconds."""


def run_on(scenes: Sequence[Scene], spoken: Sequence[float]) -> list[Voice]:
    """Each line at its scene's start or as soon as the line before it is over, read up to
    NATURAL_SPEEDUP faster to end inside its scene, running on past it when even that is not enough."""
    spans, free = [], 0.0
    for (start, length), said in zip(scenes, spoken):
        begin = max(start, free)
        rate = min(NATURAL_SPEEDUP, narration_rate(said, start + length - begin))
        spans.append(Voice(start=round(begin, 4), end=round(begin + said / rate, 4), rate=rate))
        free = begin + said / rate + LEAST_PAUSE
    return spans


def late(spans: Sequence[Voice], scenes: Sequence[Scene], total: float) -> int | None:
    """The first scene whose line `spans` cannot hold: it starts after its scene is half over, or it
    is the last line and ends after the video; None when they all hold."""
    for i, (span, (start, length)) in enumerate(zip(spans, scenes)):
        if span.start > start + length / 2 + 1e-6:
            return i
    if spans and spans[-1].end > total + 1e-3:
        return len(spans) - 1
    return None


def voice_layout(scenes: Sequence[Scene], spoken: Sequence[float], total: float) -> list[Voice]:
    """The narration's place on the timeline: `run_on` when it holds, else each line inside its scene."""
    spans = run_on(scenes, spoken)
    if late(spans, scenes, total) is None:
        return spans
    rates = [min(MAX_RATE, narration_rate(said, length)) for (_, length), said in zip(scenes, spoken)]
    return [Voice(start=start, end=round(start + min(said / rate, length), 4), rate=rate)
            for (start, length), said, rate in zip(scenes, spoken, rates)]


def runs_on(spans: Sequence[Voice], scenes: Sequence[Scene]) -> dict[int, float]:
    """Scene position -> seconds its line is heard over the pictures after it (only those that do)."""
    return {i: round(span.end - start - length, 2) for i, (span, (start, length)) in enumerate(zip(spans, scenes))
            if span.end > start + length + 1e-3}
