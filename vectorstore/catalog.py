"""The file catalog: which files are indexed, in what state, and their shot records.

SQLite, migrated on every open by named, ordered steps. The catalog is the source of truth for
shots; the Chroma index is rebuilt from it where they ever disagree.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import LibraryError
from .library import storage_trouble
from .migrations import migrate
from .models import Shot
from .seekcheck import SEEK_TRUE_DB, SeekCheck


def m001_files_and_shots(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE files (
        path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, hash TEXT NOT NULL,
        status TEXT NOT NULL, error TEXT, updated REAL NOT NULL)""")
    db.execute("""CREATE TABLE shots (
        shot_id TEXT PRIMARY KEY, path TEXT NOT NULL, idx INTEGER NOT NULL, record TEXT NOT NULL)""")
    db.execute("CREATE INDEX shots_path ON shots(path)")


def m002_analyzer_version(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE files ADD COLUMN analyzer TEXT NOT NULL DEFAULT ''")


def m003_seek_fidelity(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE files ADD COLUMN seek_psnr REAL")


def m004_music(db: sqlite3.Connection) -> None:
    """Indexed audio files (`vectorstore.music`): one analysed `MusicTrack` record per path."""
    db.execute("""CREATE TABLE music (
        path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, version TEXT NOT NULL,
        record TEXT NOT NULL)""")


MIGRATIONS = [m001_files_and_shots, m002_analyzer_version, m003_seek_fidelity, m004_music]
_FILE_COLUMNS = "path, size, mtime, hash, status, error, analyzer, seek_psnr"


@dataclass(frozen=True)
class FileRecord:
    path: str
    size: int
    mtime: float
    hash: str
    status: str
    error: str | None
    analyzer: str
    """Version of the analysis that made this file's shots; another version means analyse again."""
    seek_psnr: float | None = None
    """How close a fast seek comes to the true frames (`seekcheck.SeekCheck.psnr`); None: not checked."""

    @property
    def seeks_true(self) -> bool:
        return self.seek_psnr is not None and self.seek_psnr >= SEEK_TRUE_DB


class Catalog:
    """Files and shots of one library. Status 'done' means Chroma holds exactly these shots."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            migrate(self.db, MIGRATIONS)
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"cannot open the catalog {path}: {exc}{storage_trouble(self.path.parent)}") from exc

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change; a failed write (full disk, read-only folder) becomes a LibraryError."""
        try:
            with self.db:
                yield self.db
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"cannot write the catalog {self.path}: {exc}"
                               f"{storage_trouble(self.path.parent)}") from exc

    def file(self, path: str) -> FileRecord | None:
        row = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE path=?", (path,)).fetchone()
        return FileRecord(*row) if row else None

    def files(self) -> list[FileRecord]:
        rows = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files ORDER BY path")
        return [FileRecord(*r) for r in rows]

    def mark(self, path: str, size: int, mtime: float, digest: str, status: str, error: str | None = None,
             analyzer: str = "") -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO files (path, size, mtime, hash, status, error, analyzer, updated) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime=excluded.mtime, hash=excluded.hash, "
                "status=excluded.status, error=excluded.error, analyzer=excluded.analyzer, updated=excluded.updated, "
                "seek_psnr=CASE WHEN files.hash=excluded.hash THEN files.seek_psnr END",
                (path, size, mtime, digest, status, error, analyzer, time.time()),
            )

    def replace_shots(self, path: str, shots: Iterable[Shot], size: int, mtime: float, digest: str,
                      analyzer: str, seek: SeekCheck | None = None) -> None:
        """Swap a file's shots and mark it done, atomically, with how it seeks when that was checked."""
        with self.transaction():
            self.db.execute("DELETE FROM shots WHERE path=?", (path,))
            self.db.executemany(
                "INSERT INTO shots (shot_id, path, idx, record) VALUES (?,?,?,?)",
                [(s.shot_id, path, i, s.model_dump_json()) for i, s in enumerate(shots)],
            )
            self.db.execute(
                "UPDATE files SET size=?, mtime=?, hash=?, status='done', error=NULL, analyzer=?, updated=?, "
                "seek_psnr=? WHERE path=?",
                (size, mtime, digest, analyzer, time.time(), seek.psnr if seek and seek.points else None, path))

    def forget(self, path: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM shots WHERE path=?", (path,))
            self.db.execute("DELETE FROM files WHERE path=?", (path,))

    def shots(self) -> list[Shot]:
        rows = self.db.execute("SELECT record FROM shots ORDER BY path, idx")
        return [Shot.model_validate_json(r[0]) for r in rows]

    def shot_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT shot_id FROM shots")}

    def shots_by_id(self, ids: Iterable[str]) -> dict[str, Shot]:
        wanted = list(dict.fromkeys(ids))
        out: dict[str, Shot] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for (record,) in self.db.execute(f"SELECT record FROM shots WHERE shot_id IN ({marks})", chunk):
                shot = Shot.model_validate_json(record)
                out[shot.shot_id] = shot
        return out
