"""Story text to plan: segment, time each segment, retrieve candidates, assemble.

Without a requested total duration, each segment lasts as long as its narration (synthesised now
and cached for the render) plus a breath, so pictures stay locked to the words; a shorter total takes
the breaths first, then reads every narration faster at one rate (`voice_shares`). A scene the user
gave a length of its own (`fixed_duration`) keeps it either way, and its narration may run on over
the next scene's picture (`tools.voiceover`). Re-planning carries each scene's
own settings and shots to the segment with the same text, and places the titles again by what they
are anchored to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vectorstore import Library

from .language import story_language
from .montage import replan
from .music import style_music
from .narration import LEAST_PAUSE, narrate, voices_for
from .plan import Plan, PlanSegment, Style, Title
from .retrieval import Retriever
from .story import SCENE_SETTINGS, Segment, make_segments, split_story
from .titles import TITLE_SECONDS
from .voiceover import NATURAL_SPEEDUP, voice_layout

BREATH_SECONDS = 0.5
"""Pause after each narrated line at the neutral pace (3 s shots); slower styles leave more air."""


def breath(style: Style) -> float:
    return BREATH_SECONDS * min(3.0, max(0.5, style.pace / 3.0))


def speech_lengths(texts: list[str], style: Style, library: Library) -> list[float] | None:
    """Each text's narration as synthesised, in seconds; None without narration."""
    if not style.narration:
        return None
    return [narrate(text, library.cache)[1] for text in texts]


def time_segments(segments: list[Segment], spoken: list[float] | None, style: Style,
                  total: float | None) -> list[Segment]:
    """Segments lasting their narration (`spoken`) and a breath, unless a total was requested, there
    is no narration, or the user fixed the segment's length."""
    if total is not None or spoken is None:
        return segments
    return [seg if seg.fixed_duration is not None else
            seg.model_copy(update={"duration": round(length + breath(style), 3)}) for seg, length in zip(segments, spoken)]


def voice_shares(spoken: list[float], pause: float, total: float) -> list[float]:
    """The lengths of scenes narrated for `spoken` seconds each, lasting `total` together, cut as an
    editor would: shorter than their natural length (each line and a `pause`), the pauses shrink first
    (to LEAST_PAUSE), then every narration is read faster at one rate; longer, the time is shared in
    proportion to the natural lengths."""
    count, said = len(spoken), sum(spoken)
    natural = said + count * pause
    if total >= natural or total <= count * LEAST_PAUSE or not said:
        return [(s + pause) * total / natural for s in spoken]
    if total >= said + count * LEAST_PAUSE:
        return [s + (total - said) / count for s in spoken]
    rate = said / (total - count * LEAST_PAUSE)
    return [s / rate + LEAST_PAUSE for s in spoken]


def scene_shares(spoken: list[float] | None, settings: list[Mapping[str, Any]], style: Style,
                 total: float | None) -> list[float] | None:
    """What `make_segments` shares a requested `total` by (see `voice_shares`; the scenes with a
    length of their own keep it); None without narration or a total (the words' estimate is used)."""
    if spoken is None or total is None:
        return None
    fixed = [s.get("fixed_duration") for s in settings]
    free = [i for i, f in enumerate(fixed) if f is None]
    shares = voice_shares([spoken[i] for i in free], breath(style), total - sum(f for f in fixed if f is not None))
    out = list(spoken)
    for i, share in zip(free, shares):
        out[i] = share
    return out


def shortest_scene(spoken: float) -> float:
    """The shortest scene a narration `spoken` seconds long fits at NATURAL_SPEEDUP."""
    return spoken / NATURAL_SPEEDUP + LEAST_PAUSE


def scene_settings(seg: PlanSegment) -> dict[str, Any]:
    """The settings of a planned scene that re-planning carries (see `tools.story.SCENE_SETTINGS`)."""
    return {k: getattr(seg, k) for k in SCENE_SETTINGS}


def anchor_titles(titles: list[Title], plan: Plan) -> list[Title]:
    """`titles` placed on `plan`'s timeline by their anchors, in time order; a caption whose scene is
    gone goes with it."""
    placed = []
    for title in titles:
        start, seconds = title.start, title.duration
        if title.anchor in ("start", "end"):
            seconds = min(title.seconds or TITLE_SECONDS, plan.duration)
            start = 0.0 if title.anchor == "start" else plan.duration - seconds
        elif title.anchor == "scene":
            seg = next((s for s in plan.segments if s.text == title.scene), None)
            if seg is None:
                continue
            start, seconds = seg.start, min(title.seconds or seg.duration, seg.duration)
        elif start >= plan.duration:
            continue
        seconds = min(seconds, plan.duration - start)
        placed.append(title.model_copy(update={"start": round(start, 4), "duration": round(seconds, 4)}))
    return sorted(placed, key=lambda t: t.start)


def plan_story(library: Library, text: str, style: Style, duration: float | None = None) -> Plan:
    """A montage plan for `text` over the shots of `library`."""
    return plan_texts(library, split_story(text), style, duration)


def plan_texts(library: Library, texts: list[str], style: Style, duration: float | None = None,
               previous: Plan | None = None, replace: frozenset[int] = frozenset(),
               again: frozenset[int] | None = None, lock: dict[int, str] | None = None,
               settings: Mapping[int, Mapping[str, Any]] | None = None, titles: list[Title] | None = None) -> Plan:
    """A plan for the segment `texts`. With a `previous` plan, segments whose text it already had
    keep their shots (wherever they moved; when a text now appears twice, its first segment) and only
    new or changed texts are planned again; the segments at positions in `replace` get other shots
    than they had, those in `again` (all when None and there is no previous plan) are optimised
    afresh. Locked clips of the previous plan stay in their segment whatever happens, and `lock`
    (position -> shot id) locks one more. Each segment keeps the scene settings its text had
    (`scene_settings`), updated by `settings` (position -> fields); `titles` (default: the previous
    plan's) are anchored on the new timeline."""
    retriever = Retriever(library)
    carried: dict[str, dict[str, Any]] = {}
    for seg in previous.segments if previous else []:
        carried.setdefault(seg.text, scene_settings(seg))
    own = [dict(carried.pop(text, {}), **(settings or {}).get(i, {})) for i, text in enumerate(texts)]
    spoken = speech_lengths(texts, style, library)
    segments = make_segments(texts, total=duration, settings=own, spoken=scene_shares(spoken, own, style, duration))
    segments = time_segments(segments, spoken, style, duration)
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
    if spoken is not None:
        layout = voice_layout([(s.start, s.duration) for s in plan.segments], spoken, plan.duration)
        for seg, voice in zip(plan.segments, layout):
            seg.voice = voice
    plan.language = story_language(texts)
    plan.style = plan.style.model_copy(update={"voice": voices_for(texts) if style.narration else ""})
    titles = titles if titles is not None else previous.titles if previous else []
    return plan.model_copy(update={"titles": anchor_titles(titles, plan)})
