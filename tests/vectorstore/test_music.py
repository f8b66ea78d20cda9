"""Music in the library: ingest indexes audio files with their length, loudness, tempo, beats and mood."""

from __future__ import annotations

import pytest

from tests.synth import write_click_track
from vectorstore import Library, ingest
from vectorstore.catalog import Catalog
from vectorstore.music import MusicError, analyse_track, music_tracks


@pytest.fixture(scope="module")
def music_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("music")
    write_click_track(folder / "fast.wav", 150, 10, volume=0.9)
    write_click_track(folder / "mid.flac", 120, 10, volume=0.5)
    (folder / "sub").mkdir()
    write_click_track(folder / "sub" / "slow.ogg", 70, 10, volume=0.05)
    write_click_track(folder / "sub" / "steady.mp3", 100, 10, volume=0.5)
    write_click_track(folder / "steady.m4a", 100, 10, volume=0.5)
    (folder / "broken.mp3").write_bytes(b"not audio at all")
    library = Library.open(tmp_path_factory.mktemp("music-library"))
    report = ingest([folder], library)
    return folder, library, report


def tracks(library: Library):
    catalog = Catalog(library.catalog_path)
    try:
        return {t.path.rsplit("/", 1)[-1]: t for t in music_tracks(catalog)}
    finally:
        catalog.close()


def test_ingest_indexes_every_audio_format_with_tempo_beats_and_mood(music_library):
    folder, library, report = music_library
    found = tracks(library)
    assert set(found) == {"fast.wav", "mid.flac", "slow.ogg", "steady.mp3", "steady.m4a"}
    assert report.music_indexed == 5 and report.files_seen == 0
    assert [e.path for e in report.errors] == [str(folder / "broken.mp3")]
    for name, bpm in (("fast.wav", 150), ("mid.flac", 120), ("slow.ogg", 70), ("steady.mp3", 100), ("steady.m4a", 100)):
        track = found[name]
        assert track.duration == pytest.approx(10, abs=0.1)
        assert track.tempo == pytest.approx(bpm, rel=0.03)
        period = 60 / bpm
        assert len(track.beats) >= 10 / period - 4
        assert all(abs(b / period - round(b / period)) * period < 0.03 for b in track.beats)  # on the clicks
    assert found["fast.wav"].loudness > found["mid.flac"].loudness > found["slow.ogg"].loudness
    assert (found["fast.wav"].mood, found["mid.flac"].mood, found["slow.ogg"].mood) == ("intense", "upbeat", "calm")


def test_a_second_ingest_skips_unchanged_tracks_and_forgets_removed_ones(music_library, tmp_path):
    folder = tmp_path / "songs"
    folder.mkdir()
    write_click_track(folder / "a.wav", 120, 4)
    write_click_track(folder / "b.wav", 90, 4)
    library = Library.open(tmp_path / "library")
    assert ingest([folder], library).music_indexed == 2
    assert ingest([folder], library).music_indexed == 0
    (folder / "b.wav").unlink()
    ingest([folder], library)
    assert set(tracks(library)) == {"a.wav"}


def test_silence_and_non_audio_are_refused_clearly(tmp_path):
    (tmp_path / "text.wav").write_text("hello")
    with pytest.raises(MusicError, match="cannot decode"):
        analyse_track(tmp_path / "text.wav")
