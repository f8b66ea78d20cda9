"""Does a file seek true? Fast input seeks compared with the true frames at a few times.

A fast seek (`-ss` before `-i`) trusts the container's index to name keyframes. Some files lie:
H.264 High 4:4:4 written by imageio marks every frame a sync sample, so the decoder starts on a
frame whose references it never saw and shows green blocks; an MPEG program stream lands about a
frame off. Decoding from the start is always right, and ingest does that anyway: its decode pass
keeps the true frames at the check times on the side (`decode.Stills`), so the check costs one
more short ffmpeg run per file, the fast seeks, compared on small greyscale frames.

The verdict goes into the catalog and into a small book in the library's cache, keyed by path,
size and modification time, that the renderer reads (`tools.seeking`).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .decode import VideoSource
from .errors import LibraryError
from .library import storage_trouble

CHECK_FRACTIONS = (0.0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9)
"""Where in the file the fast seek is tried. Even the start: some AVIs seek to garbage there too;
and several times, for files whose index misleads only some seeks (one in three, in some AVIs)."""
SEEK_TRUE_DB = 40.0
"""A fast seek that finds the right frame decodes it bit for bit (MAX_DB); garbage is near 10 dB and
a frame off 20-30 dB on moving pictures, so anything below this is not true."""
MAX_DB = 99.0
CHECK_VERSION = "2"
"""Bump when the check changes: verdicts of another version are not reused."""


@dataclass(frozen=True)
class SeekCheck:
    """What comparing fast seeks with the true frames found for one file."""

    psnr: float
    """The worst time's PSNR in dB (MAX_DB when identical; 0 when the fast seek gave no frame)."""
    points: int
    """Times compared; 0 when the file was too short or its true frames could not be had."""

    @property
    def seeks_true(self) -> bool:
        return self.points > 0 and self.psnr >= SEEK_TRUE_DB


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio of two 8-bit pictures in dB, capped at MAX_DB."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return MAX_DB if mse == 0 else min(MAX_DB, 10 * math.log10(255.0 ** 2 / mse))


def check_times(duration: float, fps: float) -> list[float]:
    """The times the check seeks to, made like shot starts are (frame number / fps, to 0.1 ms): a
    seek that lands a frame off right at a frame's time is what a clip's in point would meet."""
    frames = round(duration * fps)
    return sorted({round(min(frames - 1, round(frames * f)) / fps, 4) for f in CHECK_FRACTIONS}) if frames > 1 else []


def compare_seeks(source: VideoSource, times: Sequence[float], truth: Sequence[np.ndarray]) -> SeekCheck:
    """Fast-seek to each of `times` and compare with its true still (`truth`, same order)."""
    if not times or len(truth) != len(times):
        return SeekCheck(psnr=0.0, points=0)
    found = source.seek_stills(times)
    if found is None:
        return SeekCheck(psnr=0.0, points=len(times))
    return SeekCheck(psnr=round(min(psnr(f, t) for f, t in zip(found, truth)), 2), points=len(times))


def check_file(path: str | Path) -> SeekCheck:
    """The check on its own, for a file ingest has not seen: a decode from the start to the last
    check time for the true stills, then the fast seeks. Raises VideoOpenFailure."""
    source = VideoSource(path)
    fps = source.info.fps
    duration = source.info.duration or sum(1 for _ in source.frames(width=16)) / fps  # not in the header
    times = check_times(duration, fps)
    return compare_seeks(source, times, source.stills(times) or [])


class SeekBook:
    """Verdicts by file (path, size, modification time), in `folder/seeking.sqlite`: written by
    ingest, read by the renderer, safe for several processes at once. Raises LibraryError."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / "seeking.sqlite"

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
            try:
                with db:
                    db.execute("CREATE TABLE IF NOT EXISTS verdicts (path TEXT, size INTEGER, mtime REAL, "
                               "version TEXT, psnr REAL NOT NULL, points INTEGER NOT NULL, "
                               "PRIMARY KEY (path, size, mtime, version))")
                    yield db
            finally:
                db.close()
        except (sqlite3.Error, OSError) as exc:
            raise LibraryError(f"cannot use {self.path}: {exc}{storage_trouble(self.path.parent)}") from exc

    def get(self, path: str, size: int, mtime: float) -> SeekCheck | None:
        with self._db() as db:
            row = db.execute("SELECT psnr, points FROM verdicts WHERE path=? AND size=? AND mtime=? AND version=?",
                             (path, size, mtime, CHECK_VERSION)).fetchone()
        return SeekCheck(psnr=row[0], points=row[1]) if row else None

    def put(self, entries: Iterable[tuple[str, int, float, SeekCheck]]) -> None:
        """Record (path, size, mtime, check) verdicts."""
        with self._db() as db:
            db.executemany("INSERT OR REPLACE INTO verdicts VALUES (?,?,?,?,?,?)",
                           [(path, size, mtime, CHECK_VERSION, check.psnr, check.points)
                            for path, size, mtime, check in entries])
