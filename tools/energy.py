"""The montage energy: what makes a cut good, as weighted terms over shots (lower is better).

Per clip (weighted by the clip's share of its segment):
- `semantic`: mismatch of the shot to its segment's text (1 - normalised retrieval score; shots
  taken from outside the candidates, to fill a segment, count 1.5);
- `quality`: 1 - measured quality (exposure, sharpness, stability).
Per cut, between consecutive clips:
- `jump_cut`: the same source file with nearly the same picture (a take cut into; two shots of one
  file that the shot detector split at a real cut, however adjacent, are a cut like any other);
- `motion_clash`: both shots move and their picture flows point in opposite directions;
- `tone`: distance between the two tone histograms (half the L1 distance, 0..1);
- `brightness_jump`: brightness change beyond 0.25;
- `near_duplicate`: the shot looks nearly the same (palette and tone) as one of the two before it.
Per segment: `pace`: mean squared relative deviation of its clip lengths from the style's pace;
`slow_motion`: for each clip the optimizer slowed to keep a matching shot on screen, 1/hold - 1
(0 at normal speed, 1 at half speed), times how much it shows (`allocate.SLOW_VISIBILITY`: little
on a still picture), weighted by its share; `framing`: distance of each clip's shot
size from the one the segment or style asks for ("more close-ups"): 1 per clip, weighted by its
share, unless the clip has that size and matches the text (`montage.on_topic`). Asking for close-ups so chooses among framings of matching footage, and never
buys an unrelated close-up, nor moves away from a matching shot that is not one.
Idioms, each a named switchable rule with a weight (see IDIOMS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vectorstore import Shot

from .allocate import SLOW_VISIBILITY, is_still


@dataclass(frozen=True)
class Idiom:
    name: str
    weight: float
    why: str


IDIOMS = (
    Idiom("start_wide", 1.0, "open on a wide establishing shot"),
    Idiom("end_wide", 0.5, "close on a wide shot"),
    Idiom("intense_closeups", 1.0, "intense lines get close shots, not wide ones"),
    Idiom("size_run", 0.5, "no more than 3 shots of the same size in a row"),
    Idiom("match_motion", 0.5, "a moving shot follows one moving the same way"),
    Idiom("movement", 1.0, "the style's amount of movement (when the style asks for one)"),
)
"""The cinematography rules, stored as data: a style switches one off by giving it weight 0."""

MAX_SAME_SIZE = 3
JUMP_TONE = 0.1
"""Tone distance below which two shots of one file count as the same take (a jump cut)."""
MOVING = 0.02
"""Picture flow (frame widths per second) above which a shot counts as moving."""


@dataclass(frozen=True)
class Weights:
    semantic: float = 5.0
    quality: float = 1.0
    jump_cut: float = 2.0
    motion_clash: float = 1.0
    tone: float = 1.0
    brightness_jump: float = 1.0
    near_duplicate: float = 1.5
    pace: float = 2.0
    slow_motion: float = 1.5
    """Half-speed for a whole segment costs as much as a shot 0.3 below the best match: slowing a match
    beats an unrelated fill (2.0 mismatch), not a near-equal alternative."""
    framing: float = 2.0
    """A whole segment not in the size asked for costs as much as a shot 0.4 below the best match,
    among the shots that match the text, the only ones that earn their size (`montage.on_topic`):
    stronger, it also outweighs the cuts around it and reshuffles the neighbouring scenes off topic
    (on the dev stories at 4.0 the on-topic share with close-ups asked fell from 0.75 to 0.67)."""
    idioms: dict[str, float] = field(default_factory=lambda: {i.name: i.weight for i in IDIOMS})
    target_motion: float | None = None
    """Preferred amount of movement 0..1 for the `movement` idiom; None: no preference."""

    def idiom(self, name: str) -> float:
        return self.idioms.get(name, 0.0)


SIZE_INDEX = {"close": 0, "medium": 1, "wide": 2}
FRAMING_MATCH = 0.05
"""Mismatch (below the best match, in units of its score) of a shot's footage up to which any
framing of it earns its size: the same footage shows the same thing."""
FRAMING_SAID = 0.35
"""Mismatch up to which a shot whose description says two words of the text earns its size. Retrieval's
order alone is no measure of topic near the top (on the dev stories an unrelated close-up sits 0.07
below the best match, a matching one 0.31 below), so words must back it."""


class ShotTable:
    """The measures of a pool of shots as arrays, so cut costs to many shots are one numpy call."""

    def __init__(self, shots: list[Shot]):
        self.shots = shots
        n = len(shots)
        sources = {s: i for i, s in enumerate(dict.fromkeys(s.source for s in shots))}
        self.source = np.array([sources[s.source] for s in shots], dtype=np.int64)
        self.start = np.array([s.start for s in shots])
        self.end = np.array([s.end for s in shots])
        self.quality = np.array([s.features.quality for s in shots])
        self.brightness = np.array([s.features.brightness for s in shots])
        self.motion = np.array([s.features.motion for s in shots])
        self.duration = np.array([s.duration for s in shots])
        self.still = np.array([is_still(s) for s in shots], dtype=bool)
        self.slow_visibility = np.where(self.still, SLOW_VISIBILITY["still"], SLOW_VISIBILITY["moving"])
        self.size = np.array([SIZE_INDEX[s.features.shot_size] for s in shots], dtype=np.int64)
        self.flow = np.array([s.flow for s in shots], dtype=np.float64).reshape(n, 2)
        self.hist = np.array([_fixed(s.histogram, 16) for s in shots]).reshape(n, 16)
        self.palette = np.array([_fixed([c / 255 for rgb in s.palette for c in rgb], 12) for s in shots]).reshape(n, 12)
        self.moving = np.hypot(self.flow[:, 0], self.flow[:, 1]) > MOVING

    def cut_costs(self, a: int | np.ndarray, b: np.ndarray, w: Weights) -> np.ndarray:
        """Cost of cutting from shot(s) `a` to each shot in `b`: shape (len(b),), or (len(a), len(b))."""
        a = np.asarray(a)[..., None]
        tone = 0.5 * np.abs(self.hist[b] - self.hist[a]).sum(axis=-1)
        same = self.source[b] == self.source[a]
        jump = same & (tone < JUMP_TONE)
        both_moving = self.moving[b] & self.moving[a]
        fa, fb = self.flow[a], self.flow[b]
        cos = (fa * fb).sum(axis=-1) / (np.linalg.norm(fa, axis=-1) * np.linalg.norm(fb, axis=-1) + 1e-12)
        return (w.tone * tone
                + w.jump_cut * jump
                + w.brightness_jump * np.maximum(0.0, np.abs(self.brightness[b] - self.brightness[a]) - 0.25) * 4
                + w.motion_clash * (both_moving & (cos < -0.5))
                + w.idiom("match_motion") * both_moving * (1 - cos) / 2)

    def near_duplicate(self, a: int | np.ndarray, b: np.ndarray) -> np.ndarray:
        """True where shots `b` look nearly like shot(s) `a` (palette and tone both close)."""
        a = np.asarray(a)[..., None]
        palette = np.abs(self.palette[b] - self.palette[a]).mean(axis=-1)
        tone = 0.5 * np.abs(self.hist[b] - self.hist[a]).sum(axis=-1)
        return (palette < 0.06) & (tone < 0.15)


def _fixed(values: list[float], n: int) -> list[float]:
    return (list(values) + [0.0] * n)[:n]


def size_cost(size: int, wanted: int) -> float:
    """0 when the shot size is the wanted one, 0.5 one step away, 1 two steps away."""
    return abs(size - wanted) / 2


def framing_cost(size: np.ndarray, on_topic: np.ndarray, wanted: int) -> np.ndarray:
    """Per shot: 0 when it has the wanted size and matches the text (`on_topic`), else 1. A medium
    shot is no step towards "more close-ups": partial credit would move a segment off a matching wide
    shot onto a medium one when wide is asked for."""
    return np.where((size == wanted) & on_topic, 0.0, 1.0)
