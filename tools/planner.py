"""Story text to plan: segment, time each segment, retrieve candidates, assemble.

Without a requested total duration, each segment lasts as long as its narration (synthesised now
and cached for the render) plus a breath, so pictures stay locked to the words.
"""

from __future__ import annotations

from vectorstore import Library

from .montage import replan
from .music import style_music
from .narration import narrate
from .plan import Plan, Style
from .retrieval import Retriever
from .story import Segment, make_segments, split_story

BREATH_SECONDS = 0.5
"""Pause after each narrated line at the neutral pace (3 s shots); slower styles leave more air."""


def breath(style: Style) -> float:
    return BREATH_SECONDS * min(3.0, max(0.5, style.pace / 3.0))


def time_segments(segments: list[Segment], style: Style, library: Library, total: float | None) -> list[Segment]:
    """Segments with durations from narration length, unless a total was requested."""
    if total is not None or not style.narration:
        return segments
    return [seg.model_copy(update={"duration": round(narrate(seg.text, library.cache)[1] + breath(style), 3)})
            for seg in segments]


def plan_story(library: Library, text: str, style: Style, duration: float | None = None) -> Plan:
    """A montage plan for `text` over the shots of `library`."""
    return plan_texts(library, split_story(text), style, duration)


def plan_texts(library: Library, texts: list[str], style: Style, duration: float | None = None,
               previous: Plan | None = None, replace: frozenset[int] = frozenset(),
               again: frozenset[int] | None = None, lock: dict[int, str] | None = None) -> Plan:
    """A plan for the segment `texts`. With a `previous` plan, segments whose text it already had
    keep their shots (wherever they moved; when a text now appears twice, its first segment) and only
    new or changed texts are planned again; the segments at positions in `replace` get other shots
    than they had, those in `again` (all when None and there is no previous plan) are optimised
    afresh. Locked clips of the previous plan stay in their segment whatever happens, and `lock`
    (position -> shot id) locks one more."""
    retriever = Retriever(library)
    segments = time_segments(make_segments(texts, total=duration), style, library, duration)
    candidates = retriever.for_segments(segments)
    spare = list(retriever.shots.values())
    old: dict[str, list[str]] = {}
    locked: dict[str, set[str]] = {}
    for seg in previous.segments if previous else []:
        old.setdefault(seg.text, [c.shot_id for c in seg.clips])
        locked.setdefault(seg.text, set()).update(c.shot_id for c in seg.clips if c.locked)
    fresh = again if again is not None else frozenset(range(len(segments)) if previous is None else ())
    kept, held, unclaimed = {}, {}, dict(old)
    for i, seg in enumerate(segments):
        if seg.text in unclaimed:  # a second copy of a text gets shots of its own
            shots = unclaimed.pop(seg.text)
            held[seg.id] = set(locked.get(seg.text, ()))
            if i not in replace and i not in fresh:
                kept[seg.id] = shots
    exclude = {segments[i].id: set(old.get(segments[i].text, ())) - locked.get(segments[i].text, set())
               for i in replace if 0 <= i < len(segments)}
    for i, shot_id in (lock or {}).items():
        held.setdefault(segments[i].id, set()).add(shot_id)
        exclude.get(segments[i].id, set()).discard(shot_id)
    plan = replan(segments, candidates, style, kept, free={s.id for s in segments if s.id not in kept},
                  spare=spare, exclude=exclude, locked=held, music=style_music(library, style))
    for seg in plan.segments:
        for clip in seg.clips:
            clip.locked = clip.shot_id in held.get(seg.id, ())
    return plan
