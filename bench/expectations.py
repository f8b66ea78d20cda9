"""The eval sets' `expect` keys, each exactly as ../shared/eval/README.md defines it.

`holds(key, value, case)` says whether one expectation holds for a dialogue: the plan before the
message, the plan after it, the plan before `after` (for undo) and the reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.plan import Plan
from tools.story import keywords
from vectorstore import Shot


@dataclass
class Case:
    before: Plan
    after: Plan
    undone: Plan | None
    reply: str
    shots: dict[str, Shot]


def texts(plan: Plan) -> list[str]:
    return [s.text for s in plan.segments]


def shot_ids(plan: Plan) -> list[list[str]]:
    return [[c.shot_id for c in s.clips] for s in plan.segments]


def mean_clip(plan: Plan) -> float:
    clips = [c for s in plan.segments for c in s.clips]
    return sum(c.out - c.in_ for c in clips) / len(clips)


def scene_index(plan: Plan, scene: int | str) -> int | None:
    """A scene named by position (0-based, -1 the last) or by a word of its text."""
    if isinstance(scene, int):
        return scene if scene >= 0 else len(plan.segments) + scene
    found = [i for i, t in enumerate(texts(plan)) if scene.lower() in t.lower()]
    return found[0] if found else None


def _containing(plan: Plan, word: str) -> int | None:
    return scene_index(plan, word)


def _look(plan: Plan, i: int) -> str:
    return plan.segments[i].look or plan.style.look


def unchanged(before: Plan, after: Plan) -> bool:
    """Segments (texts, durations, clips, looks, speeds), titles and style as before."""
    def state(plan: Plan):
        return ([(s.text, round(s.duration, 3), [(c.shot_id, c.in_, c.out) for c in s.clips], s.look, s.speed)
                 for s in plan.segments], [t.model_dump() for t in plan.titles], plan.style.model_dump())
    return state(before) == state(after)


def _others_same(before: Plan, after: Plan, i: int, value) -> bool:
    return all(abs(value(before, k) - value(after, k)) <= 0.1 for k in range(len(before.segments)) if k != i)


def _share(plan: Plan, size: str, shots: dict[str, Shot]) -> float:
    total = sum(c.frames for s in plan.segments for c in s.clips)
    hit = sum(c.frames for s in plan.segments for c in s.clips
              if c.shot_id in shots and shots[c.shot_id].features.shot_size == size)
    return hit / total if total else 0.0


def _shows(shot: Shot | None, word: str) -> bool:
    if shot is None:
        return False
    return word.lower() in shot.description.lower() or any(word.lower() in c.word.lower() for c in shot.concepts)


def _seconds_in(reply: str) -> list[float]:
    return [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)\s*(?:s\b|sec|seconds?|秒)", reply)]


def holds(key: str, value, case: Case) -> bool:
    b, a = case.before, case.after
    if key == "all":
        return all(holds(k, v, case) for item in value for k, v in item.items())
    if key == "mean_clip_len":
        return mean_clip(a) < mean_clip(b) if value == "down" else mean_clip(a) > mean_clip(b)
    if key == "duration":
        return abs(a.duration - value) <= 0.5
    if key in ("aspect", "subtitles", "narration", "transition", "look", "preset"):
        return getattr(a.style, key) == value
    if key == "duration_change":
        return a.duration <= 0.9 * b.duration if value == "down" else a.duration >= 1.1 * b.duration
    if key == "duration_ratio":
        return abs(a.duration / b.duration - value) <= 0.1 * value
    if key == "duration_delta":
        return abs(a.duration - b.duration - value) <= 0.6
    if key == "remove_segment":
        return len(a.segments) == len(b.segments) - 1 and texts(b)[value] not in texts(a)
    if key == "remove_segment_containing":
        return len(a.segments) == len(b.segments) - 1 and not any(value.lower() in t.lower() for t in texts(a))
    if key == "swap_segments":
        i, j = value
        return texts(a)[i] == texts(b)[j] and texts(a)[j] == texts(b)[i]
    if key == "replace_shot_in_segment":
        k = scene_index(b, value)
        return len(a.segments) == len(b.segments) and \
            all((x != y) == (n == k) for n, (x, y) in enumerate(zip(shot_ids(b), shot_ids(a))))
    if key == "add_segment_containing":
        added = [s for s in a.segments if value.lower() in s.text.lower()]
        if len(a.segments) != len(b.segments) + 1 or not added:
            return False
        words = set(added[0].text.lower().split())
        return any(words & set(getattr(case.shots.get(c.shot_id), "description", "").lower().split())
                   for c in added[0].clips)
    if key == "move_segment_containing_to_start":
        return value.lower() in texts(a)[0].lower() and sorted(texts(a)) == sorted(texts(b))
    if key == "move_segment_containing_to_end":
        return value.lower() in texts(a)[-1].lower() and sorted(texts(a)) == sorted(texts(b))
    if key == "move_segment_containing_after":
        first, second = _containing(a, value[0]), _containing(a, value[1])
        return first is not None and second is not None and first == second + 1
    if key == "segment_text_contains":
        k, word = value
        return word.lower() in texts(a)[k].lower()
    if key == "undo":
        return case.undone is not None and texts(a) == texts(case.undone) and shot_ids(a) == shot_ids(case.undone)
    if key == "segment_duration":
        scene, target = value
        i = scene_index(b, scene)
        if i is None or texts(a) != texts(b):
            return False
        new, old = a.segments[i].duration, b.segments[i].duration
        ok = new >= 1.1 * old if target == "up" else new <= 0.9 * old if target == "down" else abs(new - target) <= 0.5
        return ok and _others_same(b, a, i, lambda p, k: p.segments[k].duration)
    if key == "title":
        where, word = value
        return any(word.lower() in t.text.lower() and
                   (abs(t.start) <= 0.1 if where == "start" else abs(t.start + t.duration - a.duration) <= 0.1)
                   for t in a.titles)
    if key == "segment_look":
        scene, look = value
        i = scene_index(b, scene)
        return i is not None and len(a.segments) == len(b.segments) and _look(a, i) == look and \
            all(_look(a, k) == _look(b, k) for k in range(len(b.segments)) if k != i)
    if key == "segment_speed":
        scene, way = value
        i = scene_index(b, scene)
        if i is None or len(a.segments) != len(b.segments):
            return False
        new, old = a.segments[i].speed, b.segments[i].speed
        return (new < old if way == "down" else new > old) and \
            all(a.segments[k].speed == b.segments[k].speed for k in range(len(b.segments)) if k != i)
    if key == "segment_shows":
        scene, word = value
        i = scene_index(b, scene)
        return i is not None and i < len(a.segments) and any(_shows(case.shots.get(c.shot_id), word)
                                                             for c in a.segments[i].clips)
    if key == "share_up":
        return texts(a) == texts(b) and _share(a, value, case.shots) > _share(b, value, case.shots) + 0.02
    if key == "swap_segments_containing":
        i, j = _containing(b, value[0]), _containing(b, value[1])
        if i is None or j is None:
            return False
        expected = texts(b)
        expected[i], expected[j] = expected[j], expected[i]
        return texts(a) == expected
    if key == "add_segment_at":
        i, word = value
        return len(a.segments) == len(b.segments) + 1 and word.lower() in texts(a)[i].lower()
    if key == "unchanged":
        return unchanged(b, a)
    if key == "music_or_asks":
        added = a.style.music is not None and b.style.music is None and \
            [(s.text, [c.shot_id for c in s.clips]) for s in a.segments] == \
            [(s.text, [c.shot_id for c in s.clips]) for s in b.segments] and a.titles == b.titles
        return added or (unchanged(b, a) and bool(re.search(r"music|音乐|配乐", case.reply, re.I)))
    if key == "reply_mentions_segment":
        i = scene_index(b, value)
        words = {w for c in b.segments[i].clips
                 for w in keywords(getattr(case.shots.get(c.shot_id), "description", "")) if len(w) >= 3}
        return unchanged(b, a) and any(re.search(rf"\b{re.escape(w)}\b", case.reply.lower()) for w in words)
    if key == "reply_mentions_duration":
        return unchanged(b, a) and any(abs(n - b.duration) <= 0.6 for n in _seconds_in(case.reply))
    raise ValueError(f"unknown expectation {key!r}")
