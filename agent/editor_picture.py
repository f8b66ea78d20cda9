"""How the video looks and sounds: colour looks, playback speed, shot size, titles, music.

Looks, titles and the music's level are read by the renderer alone, so they change the plan
without re-planning; speed and framing change which source the clips need, so their scenes are
planned again (every other scene keeps its shots).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from tools import looks
from tools.music import pick_music
from tools.plan import LOOKS, MAX_SPEED, MIN_SPEED, Framing, Plan, Title
from tools.planner import anchor_titles, plan_texts
from vectorstore.errors import StorycutError

from .editor_base import EditError, EditorBase, short, texts_of
from .scenes import SceneRef


FRAMINGS: tuple[Framing, ...] = ("any", "close", "medium", "wide")
FRAMING_WORDS = {"close": "close-ups", "medium": "medium shots", "wide": "wide shots", "any": "any shot size"}
Where = Literal["start", "end", "scene"]
MAX_TITLE_CHARS = 120
MUSIC_STEP = 1.5
"""Factor one "louder" / "quieter" changes the music's level by."""
NO_MUSIC = ("the library holds no music yet: put audio files (mp3, wav, m4a, ogg or flac) in a folder, "
            "run `storycut ingest FOLDER`, then ask again")


def speed_words(speed: float) -> str:
    if speed == 1:
        return "at normal speed"
    return f"in slow motion ({speed:g}x)" if speed < 1 else f"fast forward ({speed:g}x)"


class PictureEdits(EditorBase):
    # -- colour ------------------------------------------------------------------------------------
    def set_look(self, look: str, scene: SceneRef | None = None) -> str:
        """The colour look of the whole video, or of one scene ("natural" on a scene: the video's)."""
        if look not in LOOKS:
            raise EditError(f"unknown look {look!r}; choose one of: {', '.join(LOOKS)}")
        edit = self._current()
        plan = edit.plan.model_copy(deep=True)
        said = looks.look(look).said
        if scene is None:
            own = [n for n, s in enumerate(plan.segments, start=1) if s.look is not None]
            if plan.style.look == look and not own:
                return f"the whole video already has the {said} look"
            plan.style.look = look
            for seg in plan.segments:
                seg.look = None
            note = f"the whole video now has the {said} look"
            if own:
                note += " (scene " + ", ".join(map(str, own)) + " no longer has a look of its own)"
            return self._commit_plan(edit, plan, note)
        i = self.resolve(scene)
        own = None if look == plan.style.look else look
        if plan.segments[i].look == own:
            return f"scene {i + 1} already has the {said} look"
        plan.segments[i].look = own
        return self._commit_plan(edit, plan, f"scene {i + 1} now has the {said} look")

    # -- speed and shot size -----------------------------------------------------------------------
    def _per_scene(self, field: str, value, scene: SceneRef | None, note: str, style_field: str | None = None,
                   check: Callable[[Plan, Plan, list[int]], None] | None = None) -> str:
        """Set `field` of one scene (or every scene, or the style's `style_field`) and re-plan those
        scenes; `check(before, after, scenes)` may refuse the result (EditError: nothing changes)."""
        edit = self._current()
        texts = texts_of(edit.plan)
        segments = edit.plan.segments
        if scene is None:
            everyone = range(len(texts))
            if ((getattr(edit.plan.style, style_field) == value and all(getattr(s, field) is None for s in segments))
                    if style_field else all(getattr(s, field) == value for s in segments)):
                return "the whole video was already like that"
            style = edit.plan.style.model_copy(update={style_field: value}) if style_field else None
            settings = {i: {field: None if style_field else value} for i in everyone}
            self._replan(edit, texts, note.format(where="the whole video"), style=style, again=frozenset(everyone),
                         settings=settings, check=check and (lambda plan: check(edit.plan, plan, list(everyone))))
            return note.format(where="the whole video")
        i = self.resolve(scene, texts)
        if style_field and value == getattr(edit.plan.style, style_field):
            value = None
        if getattr(segments[i], field) == value:
            return f"scene {i + 1} was already like that"
        note = note.format(where=f"scene {i + 1}")
        self._replan(edit, texts, note, again=frozenset({i}), settings={i: {field: value}},
                     check=check and (lambda plan: check(edit.plan, plan, [i])))
        return note

    def set_speed(self, speed: float, scene: SceneRef | None = None) -> str:
        """Playback rate of one scene's clips (or every scene's): 0.5 slow motion, 2 fast forward."""
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise EditError(f"a speed must be between {MIN_SPEED:g}x and {MAX_SPEED:g}x, not {speed:g}x")
        return self._per_scene("speed", float(speed), scene, "{where} now plays " + speed_words(speed))

    def set_framing(self, framing: str, scene: SceneRef | None = None) -> str:
        """Prefer close, medium or wide shots (or any) in one scene or the whole video. For the whole
        video, only the scenes that can have more of them change: the others keep their shots (a
        re-plan of every scene would trade near-equal shots between scenes the request is not about)."""
        if framing not in FRAMINGS:
            raise EditError(f"unknown framing {framing!r}; choose one of: {', '.join(FRAMINGS)}")
        note = "{where} now prefers " + FRAMING_WORDS[framing]
        if framing == "any":
            return self._per_scene("framing", framing, scene, note, style_field="framing")
        if scene is not None:
            return self._per_scene("framing", framing, scene, note, style_field="framing",
                                   check=self._framing_shows(framing))
        edit = self._current()
        texts = texts_of(edit.plan)
        if edit.plan.style.framing == framing and all(s.framing is None for s in edit.plan.segments):
            return "the whole video was already like that"
        style = edit.plan.style.model_copy(update={"framing": framing})
        settings = {i: {"framing": None} for i in range(len(texts))}
        try:
            trial = plan_texts(self.library, texts, style, edit.duration, previous=edit.plan,
                               again=frozenset(range(len(texts))), settings=settings)
        except StorycutError as exc:
            raise EditError(str(exc)) from exc
        gained = [i for i in range(len(texts)) if self._sized(trial, [i], framing) > self._sized(edit.plan, [i], framing)]
        self._framing_shows(framing)(edit.plan, trial, list(range(len(texts))))
        note = note.format(where="the whole video")
        if len(gained) < len(texts):
            named = ", ".join(str(i + 1) for i in gained)
            note += (f" (scene{'s' if len(gained) > 1 else ''} {named} changed; the others have no "
                     f"{FRAMING_WORDS[framing]} that match their words)")
        self._replan(edit, texts, note, style=style, again=frozenset(gained), settings=settings,
                     check=lambda plan: self._framing_shows(framing)(edit.plan, plan, list(range(len(texts)))))
        return note

    def _sized(self, plan: Plan, scenes: list[int], framing: str) -> float:
        """The share of the screen time of `scenes` on shots of size `framing`."""
        clips = [c for i in scenes for c in plan.segments[i].clips]
        sized = sum(c.frames for c in clips if (shot := self.shot(c.shot_id)) and shot.features.shot_size == framing)
        return sized / max(1, sum(c.frames for c in clips))

    def _framing_shows(self, framing: str) -> Callable[[Plan, Plan, list[int]], None]:
        """A check that the re-planned scenes give more screen time to shots of size `framing`:
        when the library has no more of them that match the scenes' words, the cut stays as it was
        (the optimizer never trades a matching shot for an unrelated one of the asked-for size)."""
        def check(before: Plan, after: Plan, scenes: list[int]) -> None:
            if self._sized(after, scenes, framing) <= self._sized(before, scenes, framing):
                where = "any scene" if len(scenes) > 1 else f"scene {scenes[0] + 1}"
                raise EditError(f"the library has no more {FRAMING_WORDS[framing]} that match the words of {where}, "
                                "so the cut stays as it was (add footage with such shots, or ask for other shots "
                                "of a scene)", reason="no_framing", framing=framing)
        return check

    # -- titles ------------------------------------------------------------------------------------
    def add_title(self, text: str, where: Where = "start", scene: SceneRef | None = None,
                  seconds: float | None = None) -> str:
        """An opening title (from 0), an end card (ending with the video) or a caption over a scene;
        it replaces the one already there, and stays in place when the timeline changes later."""
        text = " ".join(text.split())
        if not text:
            raise EditError("the title has no text")
        if len(text) > MAX_TITLE_CHARS:
            raise EditError(f"a title is at most {MAX_TITLE_CHARS} characters; this one has {len(text)}")
        if seconds is not None and not 0.5 <= seconds <= 60:
            raise EditError("a title stays up between 0.5 and 60 seconds")
        if where not in ("start", "end", "scene"):
            raise EditError(f"a title goes at the \"start\", the \"end\" or over a \"scene\", not {where!r}")
        if (where == "scene") != (scene is not None):
            raise EditError("a caption needs its scene (where=\"scene\" with scene=...)" if where == "scene"
                            else f"a {where} title takes no scene: use where=\"scene\" for a caption")
        edit = self._current()
        plan = edit.plan
        over = plan.segments[self.resolve(scene)].text if scene is not None else None
        title = Title(text=text, start=0, duration=1, kind="caption" if over else "title", anchor=where,
                      scene=over, seconds=seconds)
        if any((t.anchor, t.scene, t.text, t.seconds) == (where, over, text, seconds) for t in plan.titles):
            return "that title is already there"
        kept = [t for t in plan.titles if (t.anchor, t.scene) != (where, over)]
        placed = anchor_titles([*kept, title], plan)
        what = {"start": "opening title", "end": "end card", "scene": "caption"}[where]
        new = next(t for t in placed if (t.anchor, t.scene, t.text) == (where, over, text))
        place = f" over scene {self.resolve(scene) + 1}" if over else ""
        article = "the" if len(kept) < len(plan.titles) else "a" if what == "caption" else "an"
        note = (f"{'replaced' if article == 'the' else 'added'} {article} {what}{place}: \"{short(text)}\" "
                f"({new.start:.1f}-{new.start + new.duration:.1f} s)")
        return self._commit_plan(edit, plan.model_copy(update={"titles": placed}), note)

    def remove_titles(self, where: Literal["all", "start", "end", "scene"] = "all",
                      scene: SceneRef | None = None) -> str:
        edit = self._current()
        plan = edit.plan
        over = plan.segments[self.resolve(scene)].text if scene is not None else None

        def goes(t: Title) -> bool:
            if over is not None:
                return t.scene == over
            return where == "all" or t.anchor == where or (where == "scene" and t.kind == "caption")

        kept = [t for t in plan.titles if not goes(t)]
        if len(kept) == len(plan.titles):
            return "there was no such title to remove"
        gone = len(plan.titles) - len(kept)
        return self._commit_plan(edit, plan.model_copy(update={"titles": kept}),
                                 f"removed {gone} title{'s' if gone > 1 else ''}")

    # -- music -------------------------------------------------------------------------------------
    def set_music(self, mood: str | None = None, file: str | None = None, off: bool = False,
                  volume: float | None = None, louder: bool | None = None) -> str:
        """Music under the video: a track fitting `mood` (or the story's), a `file` in the library,
        none (`off`), or its level (`volume` 0-1, `louder` True/False one step)."""
        edit = self._current()
        style = edit.plan.style
        level = style.music_volume
        if volume is not None:
            if not 0 <= volume <= 1:
                raise EditError("the music volume goes from 0 (silent) to 1 (full)")
            level = volume
        elif louder is not None:
            level = min(1.0, level * MUSIC_STEP if level else 0.2) if louder else level / MUSIC_STEP
        music, what = style.music, []
        if off:
            music, what = None, ["no music"]
        elif file is not None:
            music = self._music(file)
            what = [f"music from {file}"]
        elif volume is None and louder is None:
            music, name = self._pick_music(mood or style.mood)
            what = [f"music: {name}"]
        if level != style.music_volume:
            what.append(f"music volume {round(level * 100)}%")
        if not what or (music == style.music and level == style.music_volume):
            return "the music was already like that"
        new = style.model_copy(update={"music": music, "music_volume": round(level, 3)})
        note = "changed " + ", ".join(what)
        if music == style.music:  # only the level: nothing on the timeline changes
            return self._commit_plan(edit, edit.plan.model_copy(update={"style": new}), note)
        self._replan(edit, texts_of(edit.plan), note, style=new)
        return note

    def _music(self, name: str) -> str | None:
        """Music must be a file inside the library folder (nothing else on the machine is read)."""
        if name.strip().lower() in ("", "none", "off", "no"):
            return None
        root = self.library.root.resolve()
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise EditError(f"music must be an audio file inside the library folder {root}; "
                            f"{name!r} is not one")
        return str(path)

    def _pick_music(self, mood: str) -> tuple[str, str]:
        try:
            track = pick_music(self.library, mood)
        except StorycutError as exc:
            raise EditError(str(exc)) from exc
        if track is None:
            raise EditError(NO_MUSIC)
        return track.path, f"{Path(track.path).name} (fits \"{mood}\")"
