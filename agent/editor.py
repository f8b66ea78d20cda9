"""The editing operations of one conversation: every way a chat can change a session's video.

Each operation loads the session's current edit, changes it through the planning core, commits
the result as a new version and says what it did in words a person understands. The LangChain
tools (`tools.agent_tools`) are thin wrappers over these methods, so every model, the CLI and the
app's storyboard change a video in exactly the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tools.export import FORMATS, export
from tools.plan import Plan, PlanSegment, Style
from tools.planner import plan_story, scene_settings
from tools.render import render
from tools.story import keywords
from tools.style import PRESETS, style_preset
from vectorstore import Shot

from .editor_base import EditError, first_error, short, texts_of
from .editor_picture import PictureEdits
from .editor_shots import ShotEdits
from .editor_timing import TimingEdits, check_duration
from .scenes import SceneMatch, SceneRef, scene_words
from .sessions import Edit

__all__ = ["Alternative", "EditError", "Editor", "SceneMatch", "SceneRef", "short"]

PRESENTATION = ("aspect", "subtitles", "transition", "look", "music_volume")
"""Style fields the renderer alone reads: changing only these keeps the plan's shots and timing."""


@dataclass(frozen=True)
class Alternative:
    number: int
    shot_id: str
    description: str
    why: str


class Editor(TimingEdits, PictureEdits, ShotEdits):
    """The operations on session `session` of `store`, over the shots of `library`.

    Every operation commits one version; `with editor.batch():` makes several one version."""

    def summary(self) -> str:
        edit = self.edit
        if edit is None:
            return "no video yet"
        plan = edit.plan
        clips = sum(len(s.clips) for s in plan.segments)
        return (f"version {plan.version}: {len(plan.segments)} scenes, {clips} shots, {plan.duration:.1f} s, "
                f"{plan.style.aspect}, style {plan.style.preset}")

    def describe(self) -> dict:
        """The current plan in a compact form a model (or a person) can reason over: the style, the
        titles and music, and per scene its settings and what each shot shows."""
        edit = self.edit
        if edit is None:
            return {"version": 0, "scenes": [], "note": "no video yet: send a story"}
        plan = edit.plan
        style = plan.style
        return {"version": plan.version, "duration": plan.duration, "language": plan.language,
                "style": {"preset": style.preset, "pace": style.pace, "aspect": style.aspect,
                          "transition": style.transition, "subtitles": style.subtitles,
                          "narration": style.narration, "look": style.look, "framing": style.framing,
                          "voice": style.voice, "music": Path(style.music).name if style.music else None,
                          "music_volume": style.music_volume},
                "titles": [{"text": t.text, "kind": t.kind, "at": t.anchor or "fixed",
                            "start": t.start, "seconds": t.duration} for t in plan.titles],
                "scenes": [{"scene": n, "text": seg.text, "seconds": seg.duration,
                            "look": seg.look or style.look, "speed": seg.speed, "framing": seg.framing or style.framing,
                            "length_set": seg.fixed_duration is not None,
                            "shots": [self._shot_facts(c.shot_id) | {"seconds": round(c.frames / plan.fps, 2),
                                                                      "locked": c.locked, "speed": c.speed}
                                      for c in seg.clips]}
                           for n, seg in enumerate(plan.segments, start=1)]}

    def _shot_facts(self, shot_id: str) -> dict:
        shot = self.shot(shot_id)
        facts = {"shot_id": shot_id, "shows": self.shot_name(shot_id)}
        if shot is not None:
            facts["size"] = shot.features.shot_size
            facts["sees"] = [c.word for c in shot.concepts[:4]]
            if shot.transcript:
                facts["says"] = short(shot.transcript, 80)
        return facts

    def versions(self) -> list[dict]:
        return [{"version": v, "parent": p, "note": note, "current": v == self.version}
                for v, p, note in self.store.versions(self.session)]

    def alternatives(self, scene: SceneRef, k: int = 5) -> tuple[int, list[Alternative]]:
        """Shots not in the video that would also fit `scene`, best first."""
        plan = self._current().plan
        i = self.resolve(scene)
        used = set(plan.shot_ids)
        found = [c for c in self.retriever.candidates(plan.segments[i].text, k + len(used))
                 if c.shot.shot_id not in used][:k]
        return i, [Alternative(n, c.shot.shot_id, self.shot_name(c.shot.shot_id), c.why)
                   for n, c in enumerate(found, start=1)]

    # -- changing ----------------------------------------------------------------------------------
    def new_story(self, text: str, duration: float | None = None) -> str:
        text = text.strip()
        if not text:
            raise EditError("the story is empty")
        check_duration(duration)
        current = self.edit
        style = current.plan.style if current else style_preset("neutral")
        plan = plan_story(self.library, text, style, duration)
        return self._commit(Edit(story=text, duration=duration, plan=plan),
                            f"made a cut of your story in {len(plan.segments)} scenes")

    def set_style(self, preset: str | None = None, pace: Literal["faster", "slower"] | None = None,
                  aspect: str | None = None, transition: str | None = None, subtitles: bool | None = None,
                  narration: bool | None = None, music: str | None = None) -> str:
        edit = self._current()
        old = edit.plan.style
        if preset is not None and preset not in PRESETS:
            raise EditError(f"unknown style {preset!r}; choose one of: {', '.join(PRESETS)}")
        base = style_preset(preset) if preset else old
        fields = {k: getattr(old, k) for k in ("aspect", "subtitles", "narration", "music", "fit", "source_audio")}
        if preset is None:
            fields.update(pace=old.pace, transition=old.transition)
        if pace is not None:
            factor = {"faster": 0.7, "slower": 1.4}.get(pace)
            if factor is None:
                raise EditError(f"pace must be \"faster\" or \"slower\", not {pace!r}")
            fields["pace"] = round(max(0.6, min(10.0, fields.get("pace", base.pace) * factor)), 2)
        given = {"aspect": aspect, "transition": transition, "subtitles": subtitles, "narration": narration}
        fields.update({k: v for k, v in given.items() if v is not None})
        if music is not None:
            fields["music"] = self._music(music)
        try:
            style = base.model_copy(update=fields)
            style = Style.model_validate(style.model_dump())
        except ValueError as exc:
            raise EditError(f"that style is not possible: {first_error(exc)}") from exc
        changed = [k for k in Style.model_fields if getattr(style, k) != getattr(old, k)]
        if not changed:
            return "the style was already like that"
        note = "changed " + ", ".join(_style_change(k, getattr(style, k)) for k in changed)
        if set(changed) <= set(PRESENTATION):
            return self._commit_plan(edit, edit.plan.model_copy(update={"style": style}), note)
        texts = texts_of(edit.plan)
        return self._replan(edit, texts, note, style=style, again=frozenset(range(len(texts))))

    def remove_scene(self, scene: SceneRef) -> str:
        edit = self._current()
        texts = texts_of(edit.plan)
        i = self.resolve(scene, texts)
        if len(texts) == 1:
            raise EditError("that is the only scene: send a new story instead")
        removed = texts.pop(i)
        return self._replan(edit, texts, f"removed scene {i + 1} (\"{short(removed)}\")")

    def swap_scenes(self, a: SceneRef, b: SceneRef) -> str:
        edit = self._current()
        texts = texts_of(edit.plan)
        i, j = self.resolve(a, texts), self.resolve(b, texts)
        if i == j:
            raise EditError(f"scene {i + 1} cannot swap with itself")
        texts[i], texts[j] = texts[j], texts[i]
        return self._replan(edit, texts, f"swapped scenes {i + 1} and {j + 1}")

    def move_scene(self, scene: SceneRef, to: int) -> str:
        """Move `scene` to position `to` (1 = the start, -1 = the end)."""
        edit = self._current()
        texts = texts_of(edit.plan)
        i = self.resolve(scene, texts)
        moved = texts.pop(i)
        position = len(texts) + 1 + to if to < 0 else to - 1
        if not 0 <= position <= len(texts):
            raise EditError(f"there is no position {to}: the story has {len(texts) + 1} scenes")
        texts.insert(position, moved)
        return self._replan(edit, texts, f"moved scene {i + 1} (\"{short(moved)}\") to position {position + 1}")

    def add_scene(self, text: str, position: int | None = None, anyway: bool = False) -> str:
        """Add a scene saying `text` at `position` (1 = the start; None or -1 = the end), shown by the
        closest shots the library has. When none of them shows a word of it, and no other scene has a
        shot that does, nothing changes unless `anyway` (unrelated footage would stand in: the user
        should know first, or it is a misfire); otherwise the answer says what stands in."""
        edit = self._current()
        texts = texts_of(edit.plan)
        text = text.strip()
        if not text:
            raise EditError("the new scene has no text")
        at = len(texts) if position in (None, -1) else position - 1
        if not 0 <= at <= len(texts):
            raise EditError(f"there is no position {position}: the story has {len(texts)} scenes")
        texts.insert(at, text)

        def elsewhere(plan: Plan) -> list[int]:
            """The other scenes whose shots show the new scene's words (no shot is used twice)."""
            return [i for i, seg in enumerate(plan.segments) if i != at and not self.unshown(seg, text)]

        def shown(plan: Plan) -> None:
            if not anyway and self.unshown(plan.segments[at]) and not elsewhere(plan):
                raise EditError(f"no shot in the library shows \"{short(text)}\", so the video is unchanged: add "
                                "footage that shows it, or say \"add it anyway\"", reason="unshown", text=short(text))
        note = self._replan(edit, texts, f"added scene {at + 1} (\"{short(text)}\")", check=shown)
        plan = self._current().plan
        note = f"{note}, showing {self._shows(at)}"
        if self.unshown(plan.segments[at]):
            used = elsewhere(plan)
            note += (f"; the shots that show \"{short(text)}\" are in scene {', '.join(str(i + 1) for i in used)}, so "
                     "these are the closest others" if used else
                     f"; no shot in the library shows \"{short(text)}\", so these are the closest: add footage that "
                     f"shows it, or ask for other shots of scene {at + 1}")
        return note

    def unshown(self, seg: PlanSegment, text: str | None = None) -> bool:
        """Whether none of the shots of `seg` says a word of its text (or of `text`): the closest
        footage stands in."""
        return not self._says(text or seg.text, [shot for c in seg.clips if (shot := self.shot(c.shot_id)) is not None])

    def _says(self, text: str, shots: list[Shot]) -> bool:
        """Whether what one of `shots` shows (`scene_words`) says a content word of `text`, itself, by
        a synonym or in the other language, as retrieval reads words ("一群人沿着公路骑车" by "road");
        a text with no content word is said by any shot."""
        words = keywords(text)
        if not words:
            return bool(shots)
        expanded = self.retriever.keyword.expand_each(words)
        return any(set(keywords(scene_words(shot))).intersection(each) for shot in shots for each in expanded)

    def rewrite_scene(self, scene: SceneRef, text: str) -> str:
        edit = self._current()
        texts = texts_of(edit.plan)
        i = self.resolve(scene, texts)
        if not text.strip():
            raise EditError("the new text is empty")
        was, texts[i] = texts[i], text.strip()
        titles = [t.model_copy(update={"scene": texts[i]}) if t.scene == was else t for t in edit.plan.titles]
        note = self._replan(edit, texts, f"scene {i + 1} now says \"{short(texts[i])}\"", titles=titles,
                            settings={i: scene_settings(edit.plan.segments[i])})
        return f"{note}, showing {self._shows(i)}"

    def other_shots(self, scene: SceneRef) -> str:
        edit = self._current()
        texts = texts_of(edit.plan)
        i = self.resolve(scene, texts)
        self._replan(edit, texts, f"scene {i + 1} now uses other shots", replace=frozenset({i}))
        return f"scene {i + 1} now shows {self._shows(i)}"

    def use_shot(self, scene: SceneRef, shot: str | int) -> str:
        """Put `shot` (a shot id, or the number of an alternative) into `scene`, locked there."""
        edit = self._current()
        texts = texts_of(edit.plan)
        i = self.resolve(scene, texts)
        shot_id = str(shot)
        if shot_id.isdigit() and self.shot(shot_id) is None:
            _, options = self.alternatives(i + 1, k=max(5, int(shot_id)))
            if not 1 <= int(shot_id) <= len(options):
                raise EditError(f"there is no alternative {shot_id} for scene {i + 1}")
            shot_id = options[int(shot_id) - 1].shot_id
        if self.shot(shot_id) is None:
            raise EditError(f"there is no shot {shot_id!r} in the library")
        if shot_id in [c.shot_id for c in edit.plan.segments[i].clips]:
            return self.lock_scene(i + 1)
        self._replan(edit, texts, f"scene {i + 1} uses {shot_id}", again=frozenset({i}), lock={i: shot_id})
        return f"scene {i + 1} now shows {self.shot_name(shot_id)} (locked)"

    def lock_scene(self, scene: SceneRef, locked: bool = True) -> str:
        """Lock (or unlock) the shots a scene shows now: re-planning keeps them."""
        edit = self._current()
        i = self.resolve(scene)
        plan = edit.plan.model_copy(deep=True)
        for clip in plan.segments[i].clips:
            clip.locked = locked
        state = "locked" if locked else "unlocked"
        return self._commit(Edit(story=edit.story, duration=edit.duration, plan=plan),
                            f"{state} the shots of scene {i + 1}")

    def replan(self) -> str:
        edit = self._current()
        texts = texts_of(edit.plan)
        return self._replan(edit, texts, "planned the whole video again", again=frozenset(range(len(texts))))

    def _shows(self, i: int) -> str:
        plan = self._current().plan
        names = dict.fromkeys(self.shot_name(c.shot_id) for c in plan.segments[i].clips)
        return " and ".join(list(names)[:2])

    # -- history -----------------------------------------------------------------------------------
    def undo(self) -> str:
        return self._go(self.store.parent(self.session), "undo")

    def redo(self) -> str:
        return self._go(self.store.child(self.session), "redo")

    def go_to(self, version: int) -> str:
        if not 1 <= version <= self.store.latest_version(self.session):
            raise EditError(f"there is no version {version}: the latest is {self.store.latest_version(self.session)}")
        return self._go(version, f"go to version {version}")

    def _go(self, version: int | None, what: str) -> str:
        if self._batch is not None:
            raise EditError(f"{what} cannot be one of several changes made together")
        if version is None:
            raise EditError(f"there is nothing to {what}")
        self.store.move(self.session, version)
        return f"{what}: back to version {version}" if version else f"{what}: back to the start, no video"

    # -- output ------------------------------------------------------------------------------------
    def render(self, quality: Literal["preview", "final", "hd"] = "preview") -> Path:
        """The video of the current version (rendered once; later calls return the same file)."""
        plan = self._current().plan
        suffix = "" if quality == "preview" else f"-{quality}"
        name = f"{self.session}-v{plan.version}{suffix}.mp4"
        out = self.library.renders / name
        if not out.exists():
            render(plan, Path(name), self.library.cache, quality=quality, within=self.library.renders)
        return out

    def export(self, fmt: str) -> Path:
        """The current plan as `fmt`, written into the library's exports folder."""
        if fmt not in FORMATS:
            raise EditError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        plan = self._current().plan
        folder = self.library.root / "exports"
        folder.mkdir(exist_ok=True)
        return export(plan, fmt, Path(f"{self.session}-v{plan.version}.{fmt}"), within=folder)


def _style_change(key: str, value) -> str:
    if isinstance(value, bool):
        return f"{key} {'on' if value else 'off'}"
    if key == "pace":
        return f"pace to {value:g} s per shot"
    return f"{key} to {value}"
