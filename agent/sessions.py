"""Conversations and their plan versions, persisted in SQLite inside the library (one machine) or
in a shared Postgres database (`--state postgresql://...`, any number of replicas).

Every change to a session's edit makes a new version; undo and redo move a pointer, so nothing
is ever lost, and a restarted process continues where the last one stopped. The SQL is written
once; `agent.database` runs it on either engine.
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from contextlib import AbstractContextManager
from pathlib import Path

from pydantic import BaseModel, ValidationError

from tools.plan import Plan
from vectorstore.errors import StorycutError

from .database import Database, PostgresDatabase, SqliteDatabase


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


def p001_sessions(cur) -> None:
    """The same tables in Postgres (DOUBLE PRECISION: Postgres's REAL would round the times)."""
    cur.execute("""CREATE TABLE sessions (id TEXT PRIMARY KEY, created DOUBLE PRECISION NOT NULL,
                   current INTEGER NOT NULL DEFAULT 0)""")
    cur.execute("""CREATE TABLE versions (session TEXT NOT NULL REFERENCES sessions (id), version INTEGER NOT NULL,
                   parent INTEGER NOT NULL, edit TEXT NOT NULL, note TEXT NOT NULL, created DOUBLE PRECISION NOT NULL,
                   PRIMARY KEY (session, version))""")
    cur.execute("""CREATE TABLE messages (session TEXT NOT NULL REFERENCES sessions (id), seq INTEGER NOT NULL,
                   role TEXT NOT NULL, text TEXT NOT NULL, created DOUBLE PRECISION NOT NULL,
                   PRIMARY KEY (session, seq))""")


PG_MIGRATIONS = [p001_sessions]


def open_database(where: Path | str) -> Database:
    """The sessions database at `where`: a SQLite file, or a `postgresql://` URL."""
    if isinstance(where, str) and where.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(where, PG_MIGRATIONS)
    return SqliteDatabase(Path(where), MIGRATIONS)


class SessionStore:
    def __init__(self, where: Path | str):
        self.notices: list[str] = []
        """What the store had to repair while it was used (said to the user with the next reply)."""
        self.sql = open_database(where)
        self.db = self.sql.raw

    def close(self) -> None:
        self.sql.close()

    def turn(self, session: str) -> AbstractContextManager[None]:
        """Holds `session` for one whole turn (read, decide, commit): a second turn on it, from
        this process or another replica, waits until this one is done, so neither is lost."""
        return self.sql.turn(session)

    def open(self, session: str | None) -> str:
        """The id of session `session`, created if new (a fresh id when None or empty). Ids name
        files (renders, exports), so only letters, digits, '-' and '_' are accepted."""
        sid = (session or "").strip() or uuid.uuid4().hex[:12]
        if not SESSION_ID.fullmatch(sid):
            raise StorycutError("a session id is 1 to 64 letters, digits, '-' or '_'")
        with self.sql.transaction():
            self.sql.run("INSERT INTO sessions (id, created) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                         (sid, time.time()))
        return sid

    def exists(self, session: str) -> bool:
        return self.sql.one("SELECT 1 FROM sessions WHERE id=?", (session,)) is not None

    def current_version(self, session: str) -> int:
        row = self.sql.one("SELECT current FROM sessions WHERE id=?", (session,))
        if row is None:
            raise StorycutError(f"no session {session!r}")
        return row[0]

    def latest_version(self, session: str) -> int:
        row = self.sql.one("SELECT MAX(version) FROM versions WHERE session=?", (session,))
        return row[0] or 0

    def edit(self, session: str, version: int | None = None) -> Edit | None:
        """The session's edit at `version` (default: the current one), or None before the first.
        A current version damaged on disk is replaced by its last good ancestor (see `notices`)."""
        if version is None:
            return self._current_edit(session)
        if version == 0:
            return None
        row = self.sql.one("SELECT edit FROM versions WHERE session=? AND version=?", (session, version))
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
                version = self._parent_of(session, version)
                continue
            break
        else:
            edit = None
        if damaged:
            self.move(session, version)
            self.notices.append(f"version {damaged[0]} was damaged on disk, so I went back to "
                                + (f"version {version}, the last good one" if version else "the start"))
        return edit

    def _parent_of(self, session: str, version: int) -> int:
        return self.sql.one("SELECT parent FROM versions WHERE session=? AND version=?", (session, version))[0]

    def commit(self, session: str, edit: Edit, note: str) -> int:
        """Store `edit` as the newest version, a child of the current one, and make it current.
        The first statement locks the session's row, so two commits never take one number."""
        with self.sql.transaction():
            self.sql.run("UPDATE sessions SET current=current WHERE id=?", (session,))
            parent = self.current_version(session)
            version = self.latest_version(session) + 1
            edit.plan.version = version
            self.sql.run("INSERT INTO versions (session, version, parent, edit, note, created) VALUES (?,?,?,?,?,?)",
                          (session, version, parent, edit.model_dump_json(by_alias=True), note, time.time()))
            self.sql.run("UPDATE sessions SET current=? WHERE id=?", (version, session))
        return version

    def parent(self, session: str) -> int | None:
        """The version the current one was made from (what undo returns to), None at the start."""
        current = self.current_version(session)
        return None if current == 0 else self._parent_of(session, current)

    def child(self, session: str) -> int | None:
        """The newest version made from the current one (what redo returns to), if any."""
        row = self.sql.one("SELECT MAX(version) FROM versions WHERE session=? AND parent=?",
                           (session, self.current_version(session)))
        return row[0]

    def move(self, session: str, version: int) -> Edit | None:
        """Make `version` current (undo, redo, go to version N)."""
        edit = self.edit(session, version) if version else None
        with self.sql.transaction():
            self.sql.run("UPDATE sessions SET current=? WHERE id=?", (version, session))
        return edit

    def versions(self, session: str) -> list[tuple[int, int, str]]:
        """(version, parent, note) of every version of the session, oldest first."""
        return self.sql.rows("SELECT version, parent, note FROM versions WHERE session=? ORDER BY version", (session,))

    def add_message(self, session: str, role: str, text: str) -> None:
        with self.sql.transaction():
            self.sql.run("UPDATE sessions SET current=current WHERE id=?", (session,))
            seq = self.sql.one("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session=?", (session,))[0]
            self.sql.run("INSERT INTO messages (session, seq, role, text, created) VALUES (?,?,?,?,?)",
                          (session, seq, role, text, time.time()))

    def messages(self, session: str) -> list[tuple[str, str]]:
        return self.sql.rows("SELECT role, text FROM messages WHERE session=? ORDER BY seq", (session,))
