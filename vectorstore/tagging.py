"""Describe and transcribe an analysed file, with a cache keyed by content so no model runs twice.

A description depends only on the describer, the file's content and the shot's time range, and a
transcript only on the transcriber and the file's content, so each is stored under exactly that key
in the library's cache folder. A re-ingest (a new analyzer version, a
moved or copied file, a rebuilt catalog) finds it there and the model does not run again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from .analysis import KEYFRAMES_VERSION, MeasuredShot
from .describers import Describer, Description
from .migrations import migrate
from .transcribe import Transcriber, Transcript


def m001_descriptions(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE descriptions (key TEXT PRIMARY KEY, record TEXT NOT NULL)")


def m002_transcripts(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE transcripts (key TEXT PRIMARY KEY, record TEXT NOT NULL)")


MIGRATIONS = [m001_descriptions, m002_transcripts]


class DescriptionCache:
    """Descriptions by (describer version, keyframe choice, content hash, shot range) and transcripts
    by (transcriber version, content hash); safe to share between processes."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        migrate(self.db, MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def key(version: str, digest: str, shot: MeasuredShot) -> str:
        return f"{version}|keyframes {KEYFRAMES_VERSION}|{digest}|{shot.start:.3f}|{shot.end:.3f}"

    def get(self, keys: Sequence[str]) -> dict[str, Description]:
        found: dict[str, Description] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            marks = ",".join("?" * len(chunk))
            for key, record in self.db.execute(f"SELECT key, record FROM descriptions WHERE key IN ({marks})", chunk):
                found[key] = Description.model_validate_json(record)
        return found

    def put(self, items: dict[str, Description]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO descriptions (key, record) VALUES (?, ?)",
                                [(k, d.model_dump_json()) for k, d in items.items()])

    def transcript(self, key: str) -> Transcript | None:
        row = self.db.execute("SELECT record FROM transcripts WHERE key=?", (key,)).fetchone()
        return Transcript.model_validate_json(row[0]) if row else None

    def put_transcript(self, key: str, transcript: Transcript) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO transcripts (key, record) VALUES (?, ?)",
                            (key, transcript.model_dump_json()))


def describe_shots(shots: Sequence[MeasuredShot], digest: str, describer: Describer,
                   cache: DescriptionCache | None = None) -> list[Description]:
    """One Description per shot: from the cache where it has one, from `describer` (one call for all
    the others) otherwise. Raises what the describer raises (a DescriberError)."""
    keys = [DescriptionCache.key(describer.version, digest, s) for s in shots]
    known = cache.get(keys) if cache else {}
    todo = [i for i, key in enumerate(keys) if key not in known]
    if todo:
        fresh = describer.describe([shots[i].keyframes for i in todo])
        made = {keys[i]: d for i, d in zip(todo, fresh)}
        if cache:
            cache.put(made)
        known.update(made)
    return [known[key] for key in keys]


def transcribe_file(path: str, digest: str, transcriber: Transcriber, cache: DescriptionCache | None = None) -> Transcript:
    """The file's transcript: from the cache when this transcriber already heard this content, from
    `transcriber` otherwise. Raises what the transcriber raises (a TranscriberError)."""
    key = f"{transcriber.version}|{digest}"
    known = cache.transcript(key) if cache else None
    if known is None:
        known = transcriber.transcribe(path)
        if cache:
            cache.put_transcript(key, known)
    return known
