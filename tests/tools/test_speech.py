"""Cuts between words, and finding the part where a phrase is said."""

import pytest

from tests.spoken import ENGLISH, needs_espeak, spoken_video
from tools.montage import assemble
from tools.retrieval import Candidate
from tools.speech import NotSpoken, find_spoken, gaps, snap_window, spoken_parts, words_cut
from tools.story import Segment
from tools.style import style_preset
from vectorstore import Library, ingest
from vectorstore.models import Features, Shot, SpokenWord

FEATURES = Features(brightness=0.5, contrast=0.5, saturation=0.5, warmth=0, sharpness=0.8, motion=0.1,
                    camera_motion="static", faces=1, shot_size="medium", quality=0.8)


def talk(i: int, *words: tuple[str, float, float], start: float = 10.0, duration: float = 6.0) -> Shot:
    """A shot of `duration` seconds from `start` in its source, with words at source times."""
    speech = [SpokenWord(word=w, start=a, end=b) for w, a, b in words]
    return Shot(shot_id=f"s{i}", source=f"/v/{i}.mp4", start=start, end=start + duration, duration=duration,
                features=FEATURES, transcript=" ".join(w for w, _, _ in words), speech=speech)


SENTENCE = [("we", 10.5, 10.7), ("also", 10.7, 11.1), ("put", 11.1, 11.3), ("the", 11.3, 11.4),
            ("science", 11.4, 11.9), ("into", 11.9, 12.1), ("it.", 12.1, 12.5),
            ("we", 13.4, 13.6), ("talk", 13.6, 14.0), ("about", 14.0, 14.4), ("biology.", 14.4, 15.2)]


def test_gaps_are_the_stretches_between_words():
    shot = talk(0, *SENTENCE)
    found = gaps(shot.speech, shot.start, shot.end)
    assert found[0] == (10.0, 10.5) and (12.5, 13.4) in found and found[-1] == (15.2, 16.0)
    assert (10.7, 10.7) in found  # one word ends where the next begins: a cut there cuts neither


def test_a_window_through_a_word_moves_to_the_nearest_one_between_words():
    shot = talk(0, *SENTENCE)
    assert words_cut(shot.speech, 10 + 1.5, 10 + 3.5) == 2  # "science" and "talk"
    offset = snap_window(shot, 1.5, 2.0)
    assert words_cut(shot.speech, 10 + offset, 10 + offset + 2.0) == 0
    assert abs(offset - 1.5) <= 0.2 and 0 <= offset <= shot.duration - 2.0
    assert snap_window(shot, 2.6, 2.4) == pytest.approx(2.8)  # 12.6-15.0 ends in "biology": to its end
    assert snap_window(talk(1), 1.5, 2.0) == 1.5  # nobody speaks: unchanged


def test_a_window_already_between_words_stays():
    shot = talk(0, *SENTENCE)
    assert snap_window(shot, 2.6, 2.7) == 2.6  # 12.6 to 15.3: both in pauses


def test_continuous_speech_cuts_as_few_words_as_it_can():
    words = [(f"w{i}", 10 + 0.5 * i, 10.5 + 0.5 * i - 0.1) for i in range(12)]  # a word every half second
    shot = talk(0, *words)
    offset = snap_window(shot, 1.23, 2.0)
    assert words_cut(shot.speech, 10 + offset, 10 + offset + 2.0) == 0
    solid = talk(1, ("aaaaah", 9.0, 17.0))  # begun before the shot, ended after it
    assert snap_window(solid, 1.0, 2.0) == 1.0  # cuts the one word whatever happens: stays put


def test_the_montage_cuts_between_words_when_the_clips_sound_plays():
    shots = [talk(i, *[(w, a, b) for w, a, b in SENTENCE]) for i in range(6)]
    segs = [Segment(id=f"g{i}", text=f"segment {i}", duration=2.0) for i in range(3)]
    cands = {s.id: [Candidate(shot=x, score=1.0, why="") for x in shots] for s in segs}
    style = style_preset("neutral")
    loud = assemble(segs, cands, style.model_copy(update={"source_audio": True}))
    quiet = assemble(segs, cands, style)
    by_id = {s.shot_id: s for s in shots}

    def cut(plan):
        return sum(words_cut(by_id[c.shot_id].speech, c.in_, c.out) for s in plan.segments for c in s.clips)

    assert cut(quiet) > 0 and cut(loud) == 0
    for seg in loud.segments:
        for clip in seg.clips:
            assert clip.out - clip.in_ == pytest.approx(clip.frames / loud.fps, abs=1e-3)


def test_spoken_parts_rank_shots_by_how_closely_they_say_the_phrase():
    shots = [talk(0, *SENTENCE), talk(1, ("hello", 10.1, 10.4), ("there", 10.4, 10.8)), talk(2)]
    best, other = spoken_parts(shots, "We also put the science into it")
    assert best.shot.shot_id == "s0" and best.match > 0.9
    assert (best.in_, best.out) == (10.5, 12.5) and best.text == "we also put the science into it."
    assert other.shot.shot_id == "s1" and other.match < 0.6


@needs_espeak
def test_find_spoken_gives_the_shot_and_span_of_a_phrase(tmp_path):
    footage = tmp_path / "footage"
    footage.mkdir()
    spoken_video(footage / "lesson.mp4", ENGLISH)
    library = Library.open(tmp_path / "library")
    assert not ingest([footage], library, describer="none").errors
    part = find_spoken(library, "we are going to learn about plants")
    assert part.shot.source.endswith("lesson.mp4") and part.match > 0.8
    said = [w for w in part.shot.speech if part.in_ <= w.start and w.end <= part.out]
    assert [w.word for w in said][:2] == ["Today", "we"] or [w.word for w in said][0] == "we"
    assert part.out - part.in_ < 4
    with pytest.raises(NotSpoken, match="no shot says"):
        find_spoken(library, "the quarterback throws a touchdown pass")
