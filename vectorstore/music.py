"""Music in the library: audio files found by ingest, with their length, loudness, tempo and beats.

Each track is decoded once by ffmpeg to mono PCM, measured for integrated loudness (ffmpeg's EBU
R128 filter, in the same pass) and for tempo and beats (librosa's beat tracker); a mood is guessed
from tempo and loudness (`MOODS`). Tracks live in the catalog's `music` table (migration
`m004_music`), keyed by path and re-analysed when the file changes.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from .catalog import Catalog
from .decode import ffmpeg_exe
from .errors import StorycutError
from .models import IngestError

AUDIO_EXTENSIONS = frozenset(".mp3 .wav .m4a .ogg .flac".split())
SAMPLE_RATE = 22050
HOP = 128
"""Beat-tracker step in samples (6 ms): a click track's beats come within 20 ms, against 35 ms at
librosa's default 512, and its tempo within 0.5 BPM."""
MUSIC_VERSION = "1"
"""Bump when the analysis of an unchanged file would come out different."""

MOODS = (
    ("intense", 130.0, -18.0),
    ("upbeat", 110.0, -30.0),
    ("neutral", 90.0, -30.0),
)
"""(mood, lowest tempo in BPM, lowest loudness in LUFS), first match wins; slower or quieter: calm."""


class MusicTrack(BaseModel):
    """An indexed music file."""

    path: str
    duration: float = Field(gt=0)
    loudness: float
    """Integrated loudness, LUFS (EBU R128)."""
    tempo: float = Field(ge=0)
    """Beats per minute (0: no steady beat found)."""
    beats: list[float] = Field(default_factory=list)
    """Beat times, seconds from the start of the file."""
    mood: str


class MusicError(StorycutError):
    """An audio file that cannot be decoded or measured."""


_LOUDNESS = re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf) LUFS")


def decode(path: Path) -> tuple[np.ndarray, float]:
    """Mono samples at SAMPLE_RATE and the integrated loudness (LUFS) of `path`, in one ffmpeg pass."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-vn", "-af", "ebur128=framelog=quiet",
           "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", "-"]
    try:
        run = subprocess.run(cmd, capture_output=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MusicError(f"cannot decode {path}: {exc}") from exc
    samples = np.frombuffer(run.stdout, dtype=np.float32)
    if run.returncode != 0 or not samples.size:
        reason = run.stderr.decode(errors="replace").strip().splitlines()
        raise MusicError(f"cannot decode {path}: {reason[-1] if reason else 'no audio stream'}")
    found = _LOUDNESS.findall(run.stderr.decode(errors="replace"))
    loudness = float(found[-1]) if found and found[-1] != "-inf" else -70.0
    return samples, loudness


def mood_of(tempo: float, loudness: float) -> str:
    return next((mood for mood, bpm, lufs in MOODS if tempo >= bpm and loudness >= lufs), "calm")


def analyse_track(path: Path) -> MusicTrack:
    """Length, loudness, tempo, beats and mood of one audio file."""
    import librosa  # imported here: loading it (numba) takes seconds, and only music needs it

    samples, loudness = decode(path)
    duration = samples.size / SAMPLE_RATE
    if duration < 0.5:
        raise MusicError(f"{path} is too short to be music ({duration:.2f} s)")
    tempo, beats = librosa.beat.beat_track(y=samples, sr=SAMPLE_RATE, units="time", hop_length=HOP)
    tempo = float(np.atleast_1d(tempo)[0]) if len(beats) >= 2 else 0.0
    return MusicTrack(path=str(path), duration=round(duration, 3), loudness=round(loudness, 1),
                      tempo=round(tempo, 1), beats=[round(float(b), 3) for b in beats],
                      mood=mood_of(tempo, loudness))


def index_music(files: list[Path], roots: list[Path], catalog: Catalog, errors: list[IngestError]) -> int:
    """Analyse new or changed audio `files` into the catalog, and forget tracks that disappeared from
    under `roots`; failures go to `errors`. Returns how many tracks were analysed."""
    known = {row[0]: row[1:] for row in catalog.db.execute("SELECT path, size, mtime, version FROM music")}
    analysed = 0
    for path in files:
        try:
            stat = path.stat()
            if known.get(str(path)) == (stat.st_size, stat.st_mtime, MUSIC_VERSION):
                continue
            track = analyse_track(path)
        except (OSError, StorycutError) as exc:
            errors.append(IngestError(path=str(path), reason=getattr(exc, "strerror", None) or str(exc)))
            continue
        with catalog.transaction() as db:
            db.execute("INSERT OR REPLACE INTO music (path, size, mtime, version, record) VALUES (?,?,?,?,?)",
                       (str(path), stat.st_size, stat.st_mtime, MUSIC_VERSION, track.model_dump_json()))
        analysed += 1
    present = {str(p) for p in files}
    for path in known:
        if path not in present and not Path(path).exists() and any(Path(path).is_relative_to(r) for r in roots):
            with catalog.transaction() as db:
                db.execute("DELETE FROM music WHERE path=?", (path,))
    return analysed


def music_tracks(catalog: Catalog) -> list[MusicTrack]:
    """Every indexed track, by path."""
    rows = catalog.db.execute("SELECT record FROM music ORDER BY path")
    return [MusicTrack.model_validate_json(r[0]) for r in rows]
