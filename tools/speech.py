"""Cutting around speech: clip in and out points between words, and the part where someone says a phrase.

Shots carry the words heard in them with their times in the source file (`Shot.speech`). When a plan
plays the clips' own sound, a cut through a word is heard as a stammer, so `snap_window` moves a clip's
window (its length stays) to the nearest place where both ends fall between words. `find_spoken`
finds where a phrase is said in a library, for a scene asked to use "the part where she says ...".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vectorstore import Library, Shot, library_shots
from vectorstore.errors import StorycutError
from vectorstore.models import SpokenWord

INSIDE = 0.02
"""A cut this close to a word's start or end is between words (word timings are this coarse anyway)."""
MIN_MATCH = 0.6
"""Share of a phrase's letters a stretch of speech must match (difflib ratio) to count as saying it."""


class NotSpoken(StorycutError):
    """No shot of the library says the phrase."""


def cuts_word(words: Sequence[SpokenWord], t: float) -> bool:
    """Whether a cut at source time `t` falls inside one of `words`."""
    return any(w.start + INSIDE < t < w.end - INSIDE for w in words)


def words_cut(words: Sequence[SpokenWord], in_: float, out: float) -> int:
    """How many of the clip's two cuts (at `in_` and `out`, source seconds) fall inside a word."""
    return cuts_word(words, in_) + cuts_word(words, out)


def gaps(words: Sequence[SpokenWord], start: float, end: float) -> list[tuple[float, float]]:
    """The stretches of [start, end] where no word is being said (a gap can be a single instant)."""
    spans = sorted((w.start, w.end) for w in words if w.end > start and w.start < end)
    out, at = [], start
    for a, b in spans:
        if a > at - 1e-9:
            out.append((at, a))
        at = max(at, b)
    if at <= end:
        out.append((at, end))
    return out


def snap_window(shot: Shot, offset: float, span: float) -> float:
    """The offset into `shot` nearest `offset` at which a `span`-second window starts and ends between
    words; `offset` itself when it already does, when the shot has no words, or when no such window fits
    (then the one cutting fewest words, nearest `offset`)."""
    words = shot.speech
    slack = max(0.0, shot.duration - span - 1e-3)
    start = shot.start

    def cut(o: float) -> int:
        return words_cut(words, start + o, start + o + span)

    if not words or not cut(offset):
        return offset
    open_ = [(a - start, b - start) for a, b in gaps(words, start, shot.end)]
    feasible = []
    for (a, b), (c, d) in ((g, h) for g in open_ for h in open_):
        low, high = max(a, c - span, 0.0), min(b, d - span, slack)
        if low <= high + 1e-9:
            feasible.append(min(max(offset, low), high))
    if feasible:
        return min(feasible, key=lambda o: abs(o - offset))
    options = [offset, 0.0, slack, *(g for pair in open_ for g in pair), *(g - span for pair in open_ for g in pair)]
    options = [min(max(o, 0.0), slack) for o in options]
    return min(options, key=lambda o: (cut(o), abs(o - offset)))


@dataclass(frozen=True)
class SpokenPart:
    """Where a phrase is said: the shot, and the source span from its first word to its last."""

    shot: Shot
    in_: float
    out: float
    text: str
    """What the transcript says there (the phrase as heard)."""
    match: float
    """How closely it matches the phrase asked for, 0..1."""


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.lower()))


def spoken_parts(shots: Iterable[Shot], phrase: str) -> list[SpokenPart]:
    """Every shot's best match for `phrase` (the stretch of its words, as long as the phrase, most like
    it), best first; shots nobody speaks in are left out."""
    wanted = _normal(phrase)
    if not wanted:
        raise StorycutError("the phrase has no words")
    length = len(wanted.split())
    found = []
    for shot in shots:
        words = shot.speech
        best: SpokenPart | None = None
        for size in {max(1, length - 1), length, length + 1}:
            for i in range(max(1, len(words) - size + 1)):
                window = words[i:i + size]
                if not window:
                    continue
                heard = " ".join(w.word for w in window)
                match = difflib.SequenceMatcher(None, wanted, _normal(heard)).ratio()
                if best is None or match > best.match:
                    best = SpokenPart(shot, window[0].start, window[-1].end, heard, round(match, 3))
        if best:
            found.append(best)
    return sorted(found, key=lambda p: -p.match)


def find_spoken(library: Library, phrase: str) -> SpokenPart:
    """The part of `library` where `phrase` is said, for a scene that asks for it ("the part where she
    says we also put the science into it"). Raises NotSpoken when no shot says anything like it."""
    parts = spoken_parts(library_shots(library), phrase)
    if not parts or parts[0].match < MIN_MATCH:
        near = f'; the nearest is "{parts[0].text}"' if parts else ""
        raise NotSpoken(f'no shot says "{phrase}"{near}')
    return parts[0]
