"""Music for a plan: the track that fits a mood, and cuts that land on its beats."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tests.synth import write_click_track
from tools.beats import beat_frames, cut_frames, share_on_beat, snap_boundaries, snap_cuts
from tools.montage import assemble
from tools.music import pick_music, style_music
from tools.retrieval import Candidate
from tools.story import Segment
from tools.style import style_preset
from vectorstore import Library, ingest
from vectorstore.music import MusicTrack

from .test_optimizer import make_shot


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("songs")
    write_click_track(folder / "calm.ogg", 70, 8, volume=0.05)
    write_click_track(folder / "drive.wav", 150, 8, volume=0.9)
    write_click_track(folder / "walk.flac", 120, 8, volume=0.5)
    library = Library.open(tmp_path_factory.mktemp("songs-library"))
    assert ingest([folder], library).music_indexed == 3
    return folder, library


def test_the_track_that_fits_the_mood_is_picked(songs, tmp_path):
    folder, library = songs
    assert pick_music(library, "calm").path == str(folder / "calm.ogg")
    assert pick_music(library, "intense").path == str(folder / "drive.wav")
    assert pick_music(library, "upbeat").path == str(folder / "walk.flac")
    assert pick_music(library, None) is not None
    assert pick_music(Library.open(tmp_path / "empty"), "calm") is None
    style = style_preset("neutral", music=str(folder / "walk.flac"))
    assert style_music(library, style).tempo == pytest.approx(120, rel=0.03)
    assert style_music(library, style_preset("neutral")) is None


def on_beat_share(cuts: list[int], period_frames: int) -> float:
    """Share of `cuts` within one frame of the true clicks (one every `period_frames` from frame 0)."""
    return share_on_beat(cuts, np.arange(0, max(cuts, default=0) + period_frames + 1, period_frames))


def click_plan(songs, music: bool, seed: int = 4):
    folder, library = songs
    rng = random.Random(seed)
    shots = [make_shot(f"s{i}", duration=rng.uniform(2.0, 8.0), hist=i % 16) for i in range(40)]
    segs = [Segment(id=f"g{i}", text=f"segment {i}", duration=rng.uniform(2.5, 6.0)) for i in range(8)]
    cands = {s.id: [Candidate(shot=x, score=rng.random(), why="") for x in rng.sample(shots, 12)] for s in segs}
    style = style_preset("dramatic", music=str(folder / "walk.flac") if music else None)
    return assemble(segs, cands, style, music=style_music(library, style))


def test_cuts_snap_to_the_beats_of_the_music(songs):
    """120 BPM: a beat every 15 frames. A cut inside a segment may move 7 frames (half a beat), so every
    one can land; a boundary between segments only 4 (its narration), so about half of them do."""
    plain, beat = click_plan(songs, music=False), click_plan(songs, music=True)
    assert plain.duration == beat.duration  # the end never moves
    assert [s.frames for s in plain.segments] != [s.frames for s in beat.segments]
    for old, new in zip(plain.segments, beat.segments):
        assert new.frames >= old.frames - 4
        assert all(c.frames >= 18 for c in new.clips)
    (inside_before, between_before), (inside, between) = cut_frames(plain), cut_frames(beat)
    assert on_beat_share(inside, 15) >= 0.9 > on_beat_share(inside_before, 15) + 0.3
    assert on_beat_share(inside + between, 15) > on_beat_share(inside_before + between_before, 15) + 0.2


def test_snapping_keeps_fixed_segments_and_clip_limits():
    beats = beat_frames([0.5 * k for k in range(8)], 4.0, 300, 30)  # a 4 s track looping: every 15 frames
    assert beats[:5].tolist() == [0, 15, 30, 45, 60] and beats[-1] == 300
    assert snap_boundaries([47, 50, 50], [False, False, False], beats, 18) == [45, 52, 50]  # 97: no beat near
    assert snap_boundaries([47, 50, 50], [False, True, False], beats, 18) == [47, 50, 50]  # a fixed length
    assert snap_cuts([44, 44, 44], 0, [44, 100, 100], beats, 18) == [44, 46, 42]  # the first shot ends at 44
    assert snap_cuts([32, 90], 0, [100, 90], beats, 18) == [32, 90]  # the second cannot grow past its shot
    assert snap_cuts([28, 92], 0, [100, 92], beats, 18) == [30, 90]


def test_no_music_no_snapping():
    track = MusicTrack(path="/x.wav", duration=10, loudness=-20, tempo=0, beats=[], mood="calm")
    assert len(beat_frames(track.beats, track.duration, 300, 30)) == 0
