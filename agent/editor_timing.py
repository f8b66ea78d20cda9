"""Timing operations: the whole video's length (absolute or relative) and one scene's own length.

A scene given a length of its own keeps it (`fixed_duration`) whatever is re-planned later; a
change to the whole video is shared by the other scenes. When a scene becomes shorter than its
narration, the narration is read faster up to `NATURAL_SPEEDUP` and, past that, runs on over the next
scene's picture (`tools.voiceover`), and the reply says so; a length no layout can hold (the last scene,
or more words than the next scenes can carry) is refused with the shortest that works (words are
never cut).
"""

from __future__ import annotations

import math

from tools.narration import narrate, narration_rate
from tools.plan import Plan
from tools.planner import scene_settings, scene_shares, shortest_scene, speech_lengths
from tools.story import make_segments, total_keeping
from tools.voiceover import NATURAL_SPEEDUP, late, run_on, runs_on
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

    def _voice(self, plan: Plan, lengths: dict[int, float], spoken: list[float] | None = None) -> list[str]:
        """What the narration does when scenes of `plan` take the given `lengths` (position ->
        seconds; the others keep theirs): lines read faster, or running on over the next picture
        (`tools.voiceover`), in words; NarrationTooLong when a line cannot be heard in time. `spoken`:
        the lines' lengths when the caller has them already."""
        spoken = spoken or speech_lengths(texts_of(plan), plan.style, self.library)
        if spoken is None:
            return []
        durations = [lengths.get(i, seg.duration) for i, seg in enumerate(plan.segments)]
        scenes = [(sum(durations[:i]), d) for i, d in enumerate(durations)]
        spans = run_on(scenes, spoken)
        if late(spans, scenes, sum(durations)) is not None:
            raise NarrationTooLong
        faster = {i: v.rate for i, v in enumerate(spans)
                  if v.rate > 1.005 and (i in lengths or v.start > scenes[i][0] + 1e-3)}
        said = [f"the narration of scene {i + 1} runs on {seconds:.1f} s over the next scene's picture"
                for i, seconds in runs_on(spans, scenes).items()]
        if len(faster) == 1:
            (i, rate), = faster.items()
            return said + [f"the narration of scene {i + 1} is read {rate:.2f}x faster to fit"]
        if len(faster) == len(lengths) > 1:
            return said + [f"the narration is read up to {max(faster.values()):.2f}x faster to fit"]
        if faster:
            *rest, last = [str(i + 1) for i in faster]
            return said + [f"the narration of scenes {', '.join(rest)} and {last} is read up to "
                           f"{max(faster.values()):.2f}x faster to fit"]
        return said

    def voice_runs_on(self) -> list[int]:
        """The scenes (1-based) whose narration is heard over the next scene's picture."""
        plan = self._current().plan
        spans = [seg.voice for seg in plan.segments]
        if None in spans:
            return []
        return [i + 1 for i in runs_on(spans, [(seg.start, seg.duration) for seg in plan.segments])]

    def _shortest(self, plan: Plan, i: int) -> float:
        """The shortest scene `i` of `plan` can be with the others as they are and every line heard
        in time (a tenth of a second or better)."""
        spoken = speech_lengths(texts_of(plan), plan.style, self.library) or []
        low, high = MIN_SCENE_SECONDS, max(plan.segments[i].duration, shortest_scene(spoken[i] if spoken else 0.0))
        while high - low > 0.02:
            middle = (low + high) / 2
            try:
                self._voice(plan, {i: middle}, spoken)
                high = middle
            except NarrationTooLong:
                low = middle
        return high

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
            said = self._voice(plan, free)
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
            said = self._voice(plan, {i: wanted})
        except NarrationTooLong:
            spoken = self._spoken(plan, i) or 0.0
            rate = narration_rate(spoken, wanted)
            shortest = feasible(self._shortest(plan, i))
            last = i == len(texts) - 1
            beyond = "and the last scene's words cannot run on past the end" if last else \
                "and the scenes after it cannot carry the rest of it"
            raise EditError(f"scene {i + 1} cannot be {wanted:.1f} s: its narration takes {spoken:.1f} s, would have "
                            f"to be read {rate:.1f}x faster, {beyond}; the shortest it can be is {shortest:.1f} s "
                            "(or shorten its text)", nearest=shortest, reason="too_fast", rate=round(rate, 1),
                            scene=i + 1, last=last) from None
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
    """A line of narration that no layout lets be heard in time (`tools.voiceover.late`)."""
