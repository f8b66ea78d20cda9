"""What the web app does for a browser or an API client, over one library, in plain typed calls.

The Gradio callbacks and the named API endpoints are thin wrappers around this class, so the
rules live in one place: uploads are renamed safely, size-limited and kept in the library's
uploads folder; folders can be ingested only under the roots the server was started with; files
are only ever served from the library's renders, exports and thumbnails.
"""

from __future__ import annotations

import re
import shutil
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agent import Editor, SessionStore, Turn, chat_turn
from agent.chat import Progress
from agent.state import State
from tools.retrieval import Hit, search
from vectorstore import IngestReport, Library, ingest, library_shots
from vectorstore import Progress as IngestProgress
from vectorstore.errors import StorycutError
from vectorstore.ingest import VIDEO_EXTENSIONS
from vectorstore.models import IngestError

if TYPE_CHECKING:
    from .jobs import Jobs

DEFAULT_MAX_UPLOAD_MB = 2048
INGEST_WORKERS = 2


class RequestError(StorycutError):
    """A request the app refuses (bad upload, folder outside the allowed roots, unknown session)."""


@dataclass(frozen=True)
class ClipCard:
    shot_id: str
    thumbnail: str | None
    caption: str
    locked: bool
    said: str = ""
    """What is heard in the shot, shortened for a card (`quoted`); empty for a silent shot."""


SAID_CHARS = 60
"""How much of a transcript a card or a search result shows."""


def quoted(transcript: str, limit: int = SAID_CHARS) -> str:
    """A transcript as a short quotation (cut at a word, with an ellipsis), or "" for a silent shot."""
    words = " ".join(transcript.split())
    if not words:
        return ""
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return f"“{words}”"


@dataclass(frozen=True)
class SceneCard:
    number: int
    text: str
    seconds: float
    clips: list[ClipCard]
    alternatives: list[ClipCard]
    look: str | None = None
    """The scene's own colour look (None: the video's)."""
    speed: float = 1.0
    caption: str = ""


class Service:
    """Holds nothing a second replica would miss: sessions and memory live in `state`, uploads and
    renders in the library folder, jobs and their progress in the queue (`jobs`, if any)."""

    def __init__(self, library: Library, footage_roots: list[Path] | None = None,
                 max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB, state: State | None = None, jobs: "Jobs | None" = None):
        self.library = library
        self.state = state or State.of(library)
        self.jobs = jobs
        self.footage_roots = [Path(r).expanduser().resolve() for r in footage_roots or []]
        self.max_upload_bytes = max_upload_mb * 1024 * 1024
        self._changing: dict[str, threading.Lock] = {}
        """One typed change at a time per session (two controls used at once would race for a version)."""
        self.uploads = library.root / "uploads"
        self.exports = library.root / "exports"
        for folder in (self.uploads, self.exports):
            folder.mkdir(exist_ok=True)

    @property
    def served_folders(self) -> list[str]:
        """The only folders whose files the app may send to a browser."""
        return [str(self.library.renders), str(self.library.thumbs), str(self.exports)]

    # -- conversation ------------------------------------------------------------------------------
    def chat(self, message: str, session: str | None, model: str | None = None,
             progress: Progress | None = None, render: bool = True) -> Turn:
        renderer = self.jobs.render_editor(progress) if self.jobs else None
        return chat_turn(self.library, session or None, message, render_preview=render, model=model,
                         progress=progress, state=self.state, renderer=renderer)

    def _editor(self, session: str) -> tuple[SessionStore, Editor]:
        store = self.state.store()
        if not session or not store.exists(session):
            store.close()
            raise RequestError("no such session: send a story first")
        return store, Editor(self.library, store, session)

    def with_editor(self, session: str, use: Callable[[Editor], object]):
        store, editor = self._editor(session)
        try:
            return use(editor)
        finally:
            store.close()

    def operate(self, session: str, request: str, change: Callable[[Editor], str],
                render: bool = True) -> Turn | None:
        """A control's typed change (never a sentence through the parser): run `change` on the
        session's editor and write it into the conversation, `request` saying in words what the
        control asked for and the editor's answer as the reply. An error changes and records
        nothing; so does a change that changes nothing (None: a control set to the value it shows,
        or fired twice by the browser)."""
        with self._changing.setdefault(session, threading.Lock()):
            return self._operate(session, request, change, render)

    def _operate(self, session: str, request: str, change: Callable[[Editor], str], render: bool) -> Turn | None:
        store, editor = self._editor(session)
        try:
            before = editor.version
            done = change(editor)
            if editor.version == before:
                return None
            reply = done[:1].upper() + done[1:] + "."
            preview = None
            if render:
                try:
                    preview = editor.render("preview")
                except StorycutError as exc:
                    reply += f" (The preview could not be rendered: {exc})"
            store.add_message(session, "user", request)
            store.add_message(session, "assistant", reply)
            return Turn(session, reply, editor.edit.plan if editor.edit else None, preview)
        finally:
            store.close()

    def messages(self, session: str) -> list[tuple[str, str]]:
        if not session:
            return []
        store = self.state.store()
        try:
            return store.messages(session) if store.exists(session) else []
        finally:
            store.close()

    def storyboard(self, session: str, alternatives: int = 4) -> list[SceneCard]:
        """Each scene of the current version: its text, its clips and other shots that fit it."""
        def cards(editor: Editor) -> list[SceneCard]:
            edit = editor.edit
            if edit is None:
                return []
            scenes = []
            for n, seg in enumerate(edit.plan.segments, start=1):
                clips = [self._card(editor, c.shot_id, c.locked) for c in seg.clips]
                _, options = editor.alternatives(n, k=alternatives)
                caption = next((t.text for t in edit.plan.titles if t.anchor == "scene" and t.scene == seg.text), "")
                scenes.append(SceneCard(n, seg.text, seg.duration, clips,
                                        [self._card(editor, o.shot_id, False) for o in options],
                                        seg.look, seg.speed, caption))
            return scenes
        if not session:
            return []
        try:
            return self.with_editor(session, cards)
        except RequestError:
            return []

    @staticmethod
    def _card(editor: Editor, shot_id: str, locked: bool) -> ClipCard:
        shot = editor.shot(shot_id)
        thumb = shot.thumbnail if shot and shot.thumbnail and Path(shot.thumbnail).is_file() else None
        return ClipCard(shot_id, thumb, editor.shot_name(shot_id), locked, quoted(shot.transcript) if shot else "")

    def versions(self, session: str) -> list[dict]:
        try:
            return self.with_editor(session, lambda e: e.versions())
        except RequestError:
            return []

    # -- output ------------------------------------------------------------------------------------
    def render(self, session: str, quality: str = "final") -> Path:
        if quality not in ("preview", "final", "hd"):
            raise RequestError(f"unknown quality {quality!r}: preview, final or hd")
        render = self.jobs.render_editor() if self.jobs else Editor.render
        return self.with_editor(session, lambda e: render(e, quality))

    def export(self, session: str, fmt: str) -> Path:
        return self.with_editor(session, lambda e: e.export(fmt))

    # -- library -----------------------------------------------------------------------------------
    def add_uploads(self, files: list[str], progress: Callable[[IngestProgress], None] | None = None) -> IngestReport:
        """Copy uploaded videos into the library's uploads folder under safe names, and ingest them."""
        if not files:
            raise RequestError("no files were uploaded")
        kept: list[Path] = []
        refused: list[IngestError] = []
        for upload in files:
            path = Path(upload)
            name = safe_name(path.name)
            if Path(name).suffix.lower() not in VIDEO_EXTENSIONS:
                refused.append(IngestError(path=path.name, reason="not a video file (allowed: "
                                           + ", ".join(sorted(VIDEO_EXTENSIONS)) + ")"))
                continue
            size = path.stat().st_size
            if size > self.max_upload_bytes:
                refused.append(IngestError(path=path.name, reason=f"{size / 2**20:.0f} MB is over the "
                                                                  f"{self.max_upload_bytes // 2**20} MB upload limit"))
                continue
            target = _claim_name(self.uploads / name)
            shutil.copyfile(path, target)
            kept.append(target)
        report = self._ingest(kept, progress) if kept else IngestReport()
        report.errors.extend(refused)
        return report

    def add_folder(self, folder: str, progress: Callable[[IngestProgress], None] | None = None) -> IngestReport:
        """Ingest a folder on the server, if it lies under one of the roots the server allows."""
        path = Path(folder).expanduser().resolve()
        if not any(path.is_relative_to(root) for root in self.footage_roots):
            allowed = ", ".join(map(str, self.footage_roots)) or "none (start the server with --footage DIR)"
            raise RequestError(f"{folder} is not under a footage folder this server may read; allowed: {allowed}")
        if not path.is_dir():
            raise RequestError(f"{folder} is not a folder")
        return self._ingest([path], progress)

    def _ingest(self, paths: list[Path], progress: Callable[[IngestProgress], None] | None) -> IngestReport:
        if self.jobs:
            return self.jobs.ingest(paths, progress)
        return ingest(paths, self.library, workers=INGEST_WORKERS, progress=progress)

    def search(self, query: str, k: int = 12) -> list[Hit]:
        k = max(1, min(int(k), 100))
        return search(self.library, query, k)

    def found(self, query: str, k: int = 12) -> list[tuple[str, str]]:
        """Search results as the app shows them: (thumbnail, caption), the caption ending with what
        is said in the shot, quoted, where anything is."""
        hits = self.search(query, k)
        wanted = {h.shot_id for h in hits}
        shots = {s.shot_id: s for s in library_shots(self.library) if s.shot_id in wanted}
        shown = []
        for hit in hits:
            shot = shots.get(hit.shot_id)
            if shot is None or not shot.thumbnail or not Path(shot.thumbnail).is_file():
                continue
            name = hit.description or hit.source.rsplit("/", 1)[-1]
            said = quoted(shot.transcript)
            shown.append((shot.thumbnail, f"{name} {said}" if said else name))
        return shown

    def summary(self) -> str:
        shots = library_shots(self.library)
        files = len({s.source for s in shots})
        return f"{files} files, {len(shots)} shots in {self.library.root}"


def safe_name(name: str) -> str:
    """A file name with no path, no control or shell-special characters, and a bounded length."""
    base = Path(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload"
    stem, suffix = Path(base).stem[:100], Path(base).suffix[:10]
    return f"{stem or 'upload'}{suffix}"


def _claim_name(path: Path) -> Path:
    """`path`, or `NAME-N.EXT` for the first N free, created empty here so that two replicas
    receiving files of one name at once never write into the same file."""
    n, candidate = 1, path
    while True:
        try:
            candidate.open("xb").close()
            return candidate
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
            n += 1
