"""Music for a plan: the library's tracks, the one that fits a mood, and the track a style plays.

A track fits a mood when ingest guessed that mood for it (`vectorstore.music.MOODS`); among those
(or among all, when none has it) the one whose tempo is nearest the mood's usual tempo wins.
"""

from __future__ import annotations

import os
from pathlib import Path

from vectorstore import Library
from vectorstore.catalog import Catalog
from vectorstore.music import MusicTrack, music_tracks

from .plan import Style

MOOD_TEMPO = {"calm": 75.0, "neutral": 100.0, "upbeat": 125.0, "intense": 145.0, "epic": 90.0}
"""A usual tempo (BPM) for each style mood (`tools.style.PRESETS`)."""
TRACK_MOOD = {"epic": "neutral"}
"""The track mood that suits a style mood, where the two vocabularies differ."""


def library_music(library: Library) -> list[MusicTrack]:
    """The library's indexed tracks whose files are still there."""
    catalog = Catalog(library.catalog_path)
    try:
        return [t for t in music_tracks(catalog) if Path(t.path).is_file()]
    finally:
        catalog.close()


def pick_music(library: Library, mood: str | None) -> MusicTrack | None:
    """The track that best fits `mood` (a style mood; None: neutral); None when the library has no music."""
    tracks = library_music(library)
    if not tracks:
        return None
    mood = mood or "neutral"
    wanted = TRACK_MOOD.get(mood, mood)
    target = MOOD_TEMPO.get(mood, MOOD_TEMPO["neutral"])
    return min(tracks, key=lambda t: (t.mood != wanted, abs(t.tempo - target), t.path))


def style_music(library: Library, style: Style) -> MusicTrack | None:
    """The indexed track `style.music` names (None: no music, or a file ingest has not analysed)."""
    if not style.music:
        return None
    path = os.path.abspath(os.path.expanduser(style.music))  # as ingest names files
    return next((t for t in library_music(library) if t.path == path), None)
