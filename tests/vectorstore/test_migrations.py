import sqlite3

import pytest

from vectorstore.migrations import migrate


def tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_a_step_that_fails_halfway_leaves_nothing_behind(tmp_path):
    db = sqlite3.connect(tmp_path / "state.sqlite")

    def m001_two_tables(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE first (x)")
        raise sqlite3.OperationalError("database or disk is full")  # as when the disk fills between statements

    with pytest.raises(sqlite3.OperationalError):
        migrate(db, [m001_two_tables])
    assert tables(db) == {"_migrations"}

    def m001_two_tables(db: sqlite3.Connection) -> None:  # noqa: F811 (the same step, on a disk with room)
        db.execute("CREATE TABLE first (x)")
        db.execute("CREATE TABLE second (x)")

    migrate(db, [m001_two_tables])
    migrate(db, [m001_two_tables])
    assert tables(db) == {"_migrations", "first", "second"}
