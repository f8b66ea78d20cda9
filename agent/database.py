"""The two databases a session store can live in, behind one small interface.

`SessionStore` writes its SQL once, with `?` placeholders; each database runs it in its own
dialect, opens write transactions that exclude other writers, and serialises whole turns on one
session (`turn`): a lock file per session for SQLite on one machine, a Postgres advisory lock for
replicas on many. Both locks die with the process that holds them, so a killed replica never
leaves a session stuck.
"""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from vectorstore.errors import StorycutError
from vectorstore.migrations import migrate

Row = tuple


class StateError(StorycutError):
    """The state database cannot be reached or used."""


class Database(Protocol):
    raw: object
    """The driver's connection (sqlite3 or psycopg), for tools that inspect the tables."""

    def run(self, sql: str, params: Sequence = ()) -> None: ...

    def rows(self, sql: str, params: Sequence = ()) -> list[Row]: ...

    def one(self, sql: str, params: Sequence = ()) -> Row | None: ...

    def transaction(self): ...

    def turn(self, session: str): ...

    def close(self) -> None: ...


class SqliteDatabase:
    """One SQLite file (WAL), with its named migrations applied on open."""

    def __init__(self, path: Path, migrations: Sequence[Callable[[sqlite3.Connection], None]]):
        self.path = Path(path)
        try:
            self.raw = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.raw.execute("PRAGMA journal_mode=WAL")
            migrate(self.raw, migrations)
        except sqlite3.DatabaseError as exc:
            raise StorycutError(f"the sessions database {path} cannot be used: {exc}") from exc

    def run(self, sql: str, params: Sequence = ()) -> None:
        self.raw.execute(sql, params)

    def rows(self, sql: str, params: Sequence = ()) -> list[Row]:
        return self.raw.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence = ()) -> Row | None:
        return self.raw.execute(sql, params).fetchone()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction that takes the write lock first, so its reads are not stale."""
        self.raw.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.raw.rollback()
            raise
        self.raw.commit()

    @contextmanager
    def turn(self, session: str) -> Iterator[None]:
        """Holds session `session` for one turn against every other process on this machine."""
        folder = self.path.parent / f".{self.path.name}.locks"
        folder.mkdir(exist_ok=True)
        with open(folder / f"{session}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        self.raw.close()


PgMigration = Callable[["object"], None]
"""One schema step for Postgres, given a cursor; its function name is its identity."""

_READY: set[tuple[str, str]] = set()
"""(url, schema name) pairs this process has already set up."""

MIGRATION_LOCK = 7_301_019
"""The advisory lock key that serialises migrations between replicas starting at once."""


def pg_connect(url: str):
    """An autocommit psycopg connection (transactions are opened explicitly)."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StateError(f"cannot reach the state database {redact_url(url)}: {str(exc).strip().splitlines()[0]}") from exc


def pg_migrate(conn, name: str, steps: Sequence[PgMigration], url: str) -> None:
    """Apply the steps of schema `name` this database has not seen yet, in order, one transaction
    each (see `pg_once`)."""
    def apply() -> None:
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS storycut_migrations (name TEXT PRIMARY KEY)")
            done = {row[0] for row in cur.execute("SELECT name FROM storycut_migrations").fetchall()}
            for step in steps:
                if f"{name}.{step.__name__}" not in done:
                    with conn.transaction():
                        step(cur)
                        cur.execute("INSERT INTO storycut_migrations (name) VALUES (%s)", (f"{name}.{step.__name__}",))
    pg_once(conn, url, name, apply)


def pg_once(conn, url: str, name: str, setup: Callable[[], None]) -> None:
    """Run `setup` once per process and database, holding a lock so that replicas starting
    together do not both create the same tables."""
    if (url, name) in _READY:
        return
    # Polled, not waited on: a waiting statement would be a transaction that LangGraph's
    # CREATE INDEX CONCURRENTLY, run by the holder, must wait for, and the two would deadlock.
    from psycopg.rows import tuple_row

    with conn.cursor(row_factory=tuple_row) as cur:
        while not cur.execute("SELECT pg_try_advisory_lock(%s)", (MIGRATION_LOCK,)).fetchone()[0]:
            time.sleep(0.1)
    try:
        setup()
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    _READY.add((url, name))


class PostgresDatabase:
    """A connection to the shared Postgres database, with the sessions schema migrated."""

    def __init__(self, url: str, migrations: Sequence[PgMigration]):
        import psycopg

        self.raw = pg_connect(url)
        try:
            pg_migrate(self.raw, "sessions", migrations, url)
        except psycopg.Error as exc:
            self.raw.close()
            raise StateError(f"the state database {redact_url(url)} cannot be used: {str(exc).strip().splitlines()[0]}") from exc

    def run(self, sql: str, params: Sequence = ()) -> None:
        self.raw.execute(sql.replace("?", "%s"), params)

    def rows(self, sql: str, params: Sequence = ()) -> list[Row]:
        return self.raw.execute(sql.replace("?", "%s"), params).fetchall()

    def one(self, sql: str, params: Sequence = ()) -> Row | None:
        return self.raw.execute(sql.replace("?", "%s"), params).fetchone()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Serializable transactions would retry; a row lock on the session (taken by the first
        statement of every writer, `UPDATE sessions ... WHERE id=?`) orders them instead."""
        with self.raw.transaction():
            yield

    @contextmanager
    def turn(self, session: str) -> Iterator[None]:
        """Holds session `session` for one turn against every replica (an advisory lock on this
        connection: released on exit, or by the server when the holding process dies)."""
        self.raw.execute("SELECT pg_advisory_lock(hashtextextended(%s, 19))", (session,))
        try:
            yield
        finally:
            self.raw.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 19))", (session,))

    def close(self) -> None:
        self.raw.close()


def redact_url(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    user, at, host = rest.rpartition("@")
    if not at:
        return url
    return f"{scheme}{sep}{user.split(':', 1)[0]}:***@{host}" if ":" in user else url
