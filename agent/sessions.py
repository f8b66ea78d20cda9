"""Conversations and their plan versions, persisted in SQLite inside the library.

Every change to a session's edit makes a new version; undo and redo move a pointer, so nothing
is ever lost, and a restarted process continues where the last one stopped.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path

from pydantic import BaseModel, ValidationError

from tools.plan import Plan
from vectorstore.errors import StorycutError
from vectorstore.migrations import migrate


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
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        migrate(self.db, MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    def open(self, session: str | None) -> str:
        """The id of session `session`, created if new (a fresh id when None or empty)."""
        sid = (session or "").strip() or uuid.uuid4().hex[:12]
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
        """The session's edit at `version` (default: the current one), or None before the first."""
        version = self.current_version(session) if version is None else version
        if version == 0:
            return None
        row = self.db.execute("SELECT edit FROM versions WHERE session=? AND version=?", (session, version)).fetchone()
        if row is None:
            raise StorycutError(f"session {session!r} has no version {version}")
        try:
            return Edit.model_validate_json(row[0])
        except ValidationError as exc:
            raise StorycutError(f"version {version} of session {session!r} is corrupt: {exc.errors()[0]['msg']}") from exc

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
