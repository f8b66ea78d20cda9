"""Conversations and their plan versions, persisted in SQLite inside the library.

Every change to a session's edit makes a new version; undo and redo move a pointer, so nothing
is ever lost, and a restarted process continues where the last one stopped.
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from pathlib import Path

from pydantic import BaseModel, ValidationError

from tools.plan import Plan
from vectorstore.errors import StorycutError
from vectorstore.migrations import migrate


SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class CorruptVersion(StorycutError):
    """A stored version that no longer reads as a valid plan (edited or damaged on disk)."""


class Edit(BaseModel):
    """What a session is making: the story text, the requested length and the current plan."""

    story: str
    duration: float | None = None
    plan: Plan


def m001_sessions(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, created REAL NOT NULL, current INTEGER NOT NULL DEFAULT 0)")
    db.execute("""CREATE TABLE versions (session TEXT NOT NULL, version INTEGER NOT NULL, parent INTEGER NOT NULL,
                  edit TEXT NOT NULL, note TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (session, version))""")
    db.execute("""CREATE TABLE messages (session TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
                  text TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (session, seq))""")


MIGRATIONS = [m001_sessions]


class SessionStore:
    def __init__(self, path: Path):
        self.notices: list[str] = []
        """What the store had to repair while it was used (said to the user with the next reply)."""
        try:
            self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            migrate(self.db, MIGRATIONS)
        except sqlite3.DatabaseError as exc:
            raise StorycutError(f"the sessions database {path} cannot be used: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    def open(self, session: str | None) -> str:
        """The id of session `session`, created if new (a fresh id when None or empty). Ids name
        files (renders, exports), so only letters, digits, '-' and '_' are accepted."""
        sid = (session or "").strip() or uuid.uuid4().hex[:12]
        if not SESSION_ID.fullmatch(sid):
            raise StorycutError("a session id is 1 to 64 letters, digits, '-' or '_'")
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO sessions (id, created) VALUES (?, ?)", (sid, time.time()))
        return sid

    def exists(self, session: str) -> bool:
        return self.db.execute("SELECT 1 FROM sessions WHERE id=?", (session,)).fetchone() is not None

    def current_version(self, session: str) -> int:
        row = self.db.execute("SELECT current FROM sessions WHERE id=?", (session,)).fetchone()
        if row is None:
            raise StorycutError(f"no session {session!r}")
        return row[0]

    def latest_version(self, session: str) -> int:
        row = self.db.execute("SELECT MAX(version) FROM versions WHERE session=?", (session,)).fetchone()
        return row[0] or 0

    def edit(self, session: str, version: int | None = None) -> Edit | None:
        """The session's edit at `version` (default: the current one), or None before the first.
        A current version damaged on disk is replaced by its last good ancestor (see `notices`)."""
        if version is None:
            return self._current_edit(session)
        if version == 0:
            return None
        row = self.db.execute("SELECT edit FROM versions WHERE session=? AND version=?", (session, version)).fetchone()
        if row is None:
            raise StorycutError(f"session {session!r} has no version {version}")
        try:
            return Edit.model_validate_json(row[0])
        except ValueError as exc:
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise CorruptVersion(f"version {version} of session {session!r} is damaged: {reason}") from exc

    def _current_edit(self, session: str) -> Edit | None:
        version = self.current_version(session)
        damaged = []
        while version:
            try:
                edit = self.edit(session, version)
            except CorruptVersion:
                damaged.append(version)
                version = self.db.execute("SELECT parent FROM versions WHERE session=? AND version=?",
                                          (session, version)).fetchone()[0]
                continue
            break
        else:
            edit = None
        if damaged:
            self.move(session, version)
            self.notices.append(f"version {damaged[0]} was damaged on disk, so I went back to "
                                + (f"version {version}, the last good one" if version else "the start"))
        return edit

    def commit(self, session: str, edit: Edit, note: str) -> int:
        """Store `edit` as the newest version, a child of the current one, and make it current."""
        with self.db:
            parent = self.current_version(session)
            version = self.latest_version(session) + 1
            edit.plan.version = version
            self.db.execute("INSERT INTO versions (session, version, parent, edit, note, created) VALUES (?,?,?,?,?,?)",
                            (session, version, parent, edit.model_dump_json(by_alias=True), note, time.time()))
            self.db.execute("UPDATE sessions SET current=? WHERE id=?", (version, session))
        return version

    def parent(self, session: str) -> int | None:
        """The version the current one was made from (what undo returns to), None at the start."""
        current = self.current_version(session)
        if current == 0:
            return None
        return self.db.execute("SELECT parent FROM versions WHERE session=? AND version=?",
                               (session, current)).fetchone()[0]

    def child(self, session: str) -> int | None:
        """The newest version made from the current one (what redo returns to), if any."""
        row = self.db.execute("SELECT MAX(version) FROM versions WHERE session=? AND parent=?",
                              (session, self.current_version(session))).fetchone()
        return row[0]

    def move(self, session: str, version: int) -> Edit | None:
        """Make `version` current (undo, redo, go to version N)."""
        edit = self.edit(session, version) if version else None
        with self.db:
            self.db.execute("UPDATE sessions SET current=? WHERE id=?", (version, session))
        return edit

    def versions(self, session: str) -> list[tuple[int, int, str]]:
        """(version, parent, note) of every version of the session, oldest first."""
        return list(self.db.execute("SELECT version, parent, note FROM versions WHERE session=? ORDER BY version",
                                    (session,)))

    def add_message(self, session: str, role: str, text: str) -> None:
        with self.db:
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session=?", (session,)).fetchone()[0]
            self.db.execute("INSERT INTO messages (session, seq, role, text, created) VALUES (?,?,?,?,?)",
                            (session, seq, role, text, time.time()))

    def messages(self, session: str) -> list[tuple[str, str]]:
        return list(self.db.execute("SELECT role, text FROM messages WHERE session=? ORDER BY seq", (session,)))
