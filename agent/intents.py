"""What the director understood of a message, as typed values: the calls to make, a question to
ask, or words to say. `agent.understand` produces them; `agent.director` carries them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .vocabulary import CAPABILITIES

__all__ = ["CAPABILITIES", "Call", "Missing", "Reading"]


@dataclass(frozen=True)
class Call:
    """One tool call; `scene` is the 0-based scene it is about (the scene in view afterwards)."""

    tool: str
    args: dict[str, Any]
    kind: str
    scene: int | None = None
    settle: bool = False
    """The amount was not said ("shorter"): when the tool refuses it and names the nearest length it
    can do, that length is what the user meant."""
    nearest: bool = False
    """This call is the nearest length to one refused as impossible (the reply says so)."""

    def as_dict(self) -> dict[str, Any]:
        return {"tool": self.tool, "args": self.args, "kind": self.kind, "scene": self.scene, "settle": self.settle,
                "nearest": self.nearest}

    @staticmethod
    def from_dict(value: dict[str, Any]) -> "Call":
        return Call(value["tool"], dict(value["args"]), value["kind"], value.get("scene"), value.get("settle", False),
                    value.get("nearest", False))


@dataclass(frozen=True)
class Missing:
    """A slot the clause does not fill: `what` ("scene", "text", "look", ...), with the scenes it
    may mean when it names more than one."""

    what: str
    options: tuple[int, ...] = ()


@dataclass
class Reading:
    """The whole message: calls to make in order (one version), or words to say with no change; a
    question carries its readings in `options`, for the next message to pick one."""

    calls: list[Call] = field(default_factory=list)
    say: str = ""
    options: list[list[Call]] = field(default_factory=list)
    language: str = "en"
    kinds: list[str] = field(default_factory=list)
    """The kinds understood, in order (the reply speaks of each)."""
