"""What a slot builder reads: the clause as classified, and what the director knows of the plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from .intents import Call, Missing
from .references import Ref, Scene


@dataclass
class Context:
    """What the director knows when it reads a message: the scenes now, the scene in view."""

    scenes: list[Scene] = field(default_factory=list)
    duration: float = 0.0
    focus: int | None = None
    has_video: bool = False
    last: list[Call] = field(default_factory=list)
    """The changes the last turn that changed anything made ("do the same for the turtles" repeats them)."""


@dataclass
class Clause:
    text: str
    """The clause as written, quoted and after-colon text included."""
    low: str
    """Lower-cased, numbers in digits, the protected text replaced by "…" (cues and references read this)."""
    quoted: str | None
    refs: list[Ref]


Built = list[Call] | Missing


def outside_refs(clause: Clause) -> str:
    """The clause with the scene references blanked out: what it says besides naming scenes."""
    low = clause.low
    for ref in sorted(clause.refs, key=lambda r: -r.start):
        low = low[:ref.start] + " " + low[ref.end:]
    return low
