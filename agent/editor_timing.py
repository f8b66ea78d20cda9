"""Timing operations: the whole video's length (absolute or relative) and one scene's own length.

A scene given a length of its own keeps it (`fixed_duration`) whatever is re-planned later; a
change to the whole video is shared by the other scenes. When a scene becomes shorter than its
narration, the narration is read faster up to `NATURAL_SPEEDUP` and the reply says so; beyond that
the change is refused with the shortest length that works (words are never cut).
"""

from __future__ import annotations

import math

from tools.narration import narrate, narration_rate
from tools.plan import Plan
from tools.planner import NATURAL_SPEEDUP, scene_settings, scene_shares, shortest_scene, speech_lengths
from tools.story import make_segments, total_keeping
from vectorstore.errors import StorycutError

from .editor_base import EditError, EditorBase, texts_of
from .scenes import SceneRef

MIN_SCENE_SECONDS = 1.0
MAX_SCENE_SECONDS = 600.0


def feasible(seconds: float) -> float:
    """`seconds`, the least length that can be done, rounded up to a tenth with half a tenth to
    spare (scene lengths are rounded to whole frames): the length offered, and shown, instead."""
    return math.ceil(seconds * 10 + 0.5) / 10


def check_duration(seconds: float | None) -> None:
    if seconds is not None and not 2 <= seconds <= 3600:
        raise EditError("a length must be between 2 seconds and an hour")


def one_of(**given: float | None) -> tuple[str, float]:
    """The one argument given (name, value); EditError unless exactly one is."""
    named = [(k, v) for k, v in given.items() if v is not None]
    if len(named) != 1:
        raise EditError(f"give exactly one of: {', '.join(given)}")
    return named[0]


class TimingEdits(EditorBase):
    def _spoken(self, plan: Plan, i: int) -> float | None:
        """Seconds the narration of scene `i` takes as synthesised; None when the video has none."""
        return narrate(plan.segments[i].text, self.library.cache)[1] if plan.style.narration else None

    def _shares(self, plan: Plan, settings: list[dict], total: float | None) -> list[float] | None:
        """What the scenes of `plan` with `settings` share `total` by, as the planner does."""
        return scene_shares(speech_lengths(texts_of(plan), plan.style, self.library), settings, plan.style, total)

    def _read_faster(self, plan: Plan, lengths: dict[int, float]) -> list[str]:
        """What the narration does in scenes of the given `lengths` (position -> seconds): the
        scenes read faster, in words; EditError naming the first one that would exceed the limit."""
        faster: dict[int, float] = {}
        for i, seconds in sorted(lengths.items()):
            spoken = self._spoken(plan, i)
            if spoken is None:
                return []
            rate = narration_rate(spoken, seconds)
            if rate > NATURAL_SPEEDUP:
                raise NarrationTooLong(i, spoken, rate)
            if rate > 1.005:
                faster[i] = rate
        if len(faster) == 1:
            (i, rate), = faster.items()
            return [f"the narration of scene {i + 1} is read {rate:.2f}x faster to fit"]
        if len(faster) == len(lengths) > 1:
            return [f"the narration is read up to {max(faster.values()):.2f}x faster to fit"]
        if faster:
            *rest, last = [str(i + 1) for i in faster]
            return [f"the narration of scenes {', '.join(rest)} and {last} is read up to {max(faster.values()):.2f}x "
                    "faster to fit"]
        return []

    def set_duration(self, seconds: float) -> str:
        """The whole video lasts `seconds`; scenes with a length of their own keep it."""
        check_duration(seconds)
        return self._retime(seconds, f"set the length to {seconds:g} s")

    def change_length(self, factor: float | None = None, by_seconds: float | None = None) -> str:
        """The whole video `factor` times as long, or `by_seconds` longer (negative: shorter); scenes
        with a length of their own keep it, the others share the change."""
        plan = self._current().plan
        how, value = one_of(factor=factor, by_seconds=by_seconds)
        fixed = sum(s.duration for s in plan.segments if s.fixed_duration is not None)
        if how == "factor" and not 0.05 <= value <= 20:
            raise EditError("a length factor must be between 0.05 and 20")
        total = fixed + (plan.duration - fixed) * value if how == "factor" else plan.duration + value
        total = round(total, 3)
        check_duration(total)
        word = "longer" if total > plan.duration else "shorter"
        return self._retime(total, f"made the video {word}: {plan.duration:.1f} s -> {total:.1f} s")

    def _retime(self, total: float, note: str) -> str:
        edit = self._current()
        plan, texts = edit.plan, texts_of(edit.plan)
        settings = [scene_settings(s) for s in plan.segments]
        try:
            segments = make_segments(texts, total, settings, self._shares(plan, settings, total))
        except StorycutError as exc:
            raise EditError(str(exc)) from exc
        free = {i: seg.duration for i, seg in enumerate(segments) if seg.fixed_duration is None}
        try:
            said = self._read_faster(plan, free)
        except NarrationTooLong:
            shortest = feasible(total - sum(free.values()) + sum(shortest_scene(self._spoken(plan, i)) for i in free))
            raise EditError(f"the video cannot be {round(total, 1):g} s: its narration would have to be read more than "
                            f"{NATURAL_SPEEDUP:g}x faster; the shortest it can be is {shortest:.1f} s "
                            f"(or turn the narration off)", nearest=shortest, reason="too_fast",
                            rate=NATURAL_SPEEDUP) from None
        self._replan(edit, texts, note, duration=total, again=frozenset(range(len(texts))))
        return "; ".join([note, *said])

    def set_scene_length(self, scene: SceneRef, seconds: float | None = None, factor: float | None = None,
                         by_seconds: float | None = None) -> str:
        """Scene `scene` lasts `seconds`, or `factor` times as long, or `by_seconds` longer; every
        other scene keeps its length exactly, so the video's length changes by the difference."""
        edit = self._current()
        plan, texts = edit.plan, texts_of(edit.plan)
        i = self.resolve(scene, texts)
        how, value = one_of(seconds=seconds, factor=factor, by_seconds=by_seconds)
        current = plan.segments[i].duration
        wanted = {"seconds": value, "factor": current * value, "by_seconds": current + value}[how]
        if not MIN_SCENE_SECONDS <= wanted <= MAX_SCENE_SECONDS:
            raise EditError(f"a scene must last between {MIN_SCENE_SECONDS:g} s and {MAX_SCENE_SECONDS:g} s, "
                            f"not {wanted:.1f} s")
        wanted = round(round(wanted * plan.fps) / plan.fps, 4)  # whole frames: the total changes exactly
        if plan.segments[i].fixed_duration == wanted:
            return f"scene {i + 1} already lasts {wanted:.1f} s"
        try:
            said = self._read_faster(plan, {i: wanted})
        except NarrationTooLong as exc:
            shortest = feasible(shortest_scene(exc.spoken))
            raise EditError(f"scene {i + 1} cannot be {wanted:.1f} s: its narration takes {exc.spoken:.1f} s and "
                            f"would have to be read {exc.rate:.1f}x faster; the shortest it can be is "
                            f"{shortest:.1f} s (or shorten its text)", nearest=shortest, reason="too_fast",
                            rate=round(exc.rate, 1), scene=i + 1) from None
        duration = edit.duration
        if duration is not None:
            before = [s.fixed_duration for s in plan.segments]
            duration = total_keeping(texts, duration, before, [wanted if n == i else f for n, f in enumerate(before)],
                                     self._shares(plan, [scene_settings(s) for s in plan.segments], duration))
        note = f"scene {i + 1} now lasts {wanted:.1f} s (was {current:.1f} s); the other scenes keep their lengths"
        self._replan(edit, texts, note, duration=duration, again=frozenset({i}),
                     settings={i: {"fixed_duration": wanted}})
        return "; ".join([note, *said])


class NarrationTooLong(Exception):
    """Scene `index`'s narration (`spoken` s) would have to be read `rate` times faster."""

    def __init__(self, index: int, spoken: float, rate: float):
        super().__init__(index, spoken, rate)
        self.index, self.spoken, self.rate = index, spoken, rate
