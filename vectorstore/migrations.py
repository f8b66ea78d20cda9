"""Named, ordered SQLite migrations, applied on every open (shared by the catalog and sessions)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

Migration = Callable[[sqlite3.Connection], None]
"""One schema step; its function name is its identity in the `_migrations` table."""


def migrate(db: sqlite3.Connection, steps: Sequence[Migration]) -> None:
    """Apply the steps this database has not seen yet, in order, each in its own transaction."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    for step in steps:
        if step.__name__ not in done:
            with db:
                # sqlite3 opens no transaction before DDL by itself: without BEGIN, a step that fails
                # halfway (a full disk) would keep its first tables and fail again on every later open.
                db.execute("BEGIN")
                step(db)
                db.execute("INSERT INTO _migrations (name) VALUES (?)", (step.__name__,))
