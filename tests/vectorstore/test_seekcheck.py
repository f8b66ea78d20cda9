"""The seek check: fast input seeks compared with the true frames, on synthetic and real files."""

import pytest

from tests.conftest import SHARED_FOOTAGE
from tests.synth import MPEG_PROGRAM_STREAM, pan, write_video
from vectorstore.analysis import analyse_file
from vectorstore.catalog import Catalog
from vectorstore.decode import VideoSource
from vectorstore.seekcheck import SEEK_TRUE_DB, SeekBook, SeekCheck, check_file, check_times, psnr

FREE = SHARED_FOOTAGE / "clips" / "free"
needs_footage = pytest.mark.skipif(not FREE.is_dir(), reason=f"the shared test footage is not at {FREE}")


def test_an_mp4_seeks_true_and_a_program_stream_does_not(tmp_path):
    good = check_file(write_video(tmp_path / "pan.mp4", pan(150)))
    bad = check_file(write_video(tmp_path / "pan.mpg", pan(150), encoder=MPEG_PROGRAM_STREAM))
    assert good.seeks_true and good.psnr == 99.0 and good.points == 7
    assert not bad.seeks_true and bad.psnr < 25  # a frame or two late on a pan


def test_the_analysis_pass_checks_with_the_same_true_frames_as_the_check_alone(tmp_path):
    bad = write_video(tmp_path / "pan.mpg", pan(150), encoder=MPEG_PROGRAM_STREAM)
    assert analyse_file(bad).seek == check_file(bad)
    assert analyse_file(write_video(tmp_path / "pan.mp4", pan(150))).seek.seeks_true


def test_stills_are_the_first_frames_at_or_after_each_time(tmp_path):
    source = VideoSource(write_video(tmp_path / "pan.mp4", pan(50), fps=25))
    frames = list(source.frames())
    stills = source.stills([0.5, 1.01, 1.5])
    # frame 25 is at 1.0 s: the first at or after 1.01 s is frame 26
    assert [psnr(s, source.seek_stills([t])[0]) for s, t in zip(stills, [0.5, 1.01, 1.5])] == [99.0] * 3
    assert psnr(stills[1], source.seek_stills([26 / 25])[0]) == 99.0
    assert len(frames) == 50 and len(stills) == 3


def test_check_times_are_frame_times_from_the_start_on_like_shot_starts():
    assert check_times(10.0, 25) == [0.0, 1.52, 3.0, 4.48, 6.0, 7.52, 9.0]
    assert check_times(10.0, 29.97)[1] == round(45 / 29.97, 4)
    assert check_times(1 / 25, 25) == []


def test_a_file_without_frames_to_compare_does_not_count_as_true():
    assert not SeekCheck(psnr=99.0, points=0).seeks_true
    assert SeekCheck(psnr=SEEK_TRUE_DB, points=3).seeks_true


@needs_footage
def test_the_cockatoo_seeks_to_garbage_the_city_to_wrong_frames_the_bikes_true():
    cockatoo = check_file(FREE / "deb_cockatoo.mp4")  # H.264 High 4:4:4 with every frame marked a keyframe
    city = check_file(FREE / "deb_cityCC0.mpg")  # MPEG-2 program stream
    bikes = check_file(FREE / "deb_bikes.mp4")
    assert cockatoo.psnr < 15 and not cockatoo.seeks_true
    assert city.psnr < SEEK_TRUE_DB and not city.seeks_true
    assert bikes.seeks_true


def test_the_catalog_keeps_the_verdict_until_the_file_changes(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    catalog.mark("/v/a.mpg", 10, 1.0, "h1", "pending")
    catalog.replace_shots("/v/a.mpg", [], 10, 1.0, "h1", "6", SeekCheck(psnr=21.5, points=3))
    record = catalog.file("/v/a.mpg")
    assert record.seek_psnr == 21.5 and not record.seeks_true
    catalog.mark("/v/a.mpg", 10, 2.0, "h1", "done", analyzer="6")  # touched, same content: still known
    assert catalog.file("/v/a.mpg").seek_psnr == 21.5
    catalog.mark("/v/a.mpg", 12, 3.0, "h2", "pending")  # new content: to be checked again
    assert catalog.file("/v/a.mpg").seek_psnr is None
    catalog.close()
    reopened = Catalog(tmp_path / "catalog.sqlite")  # migrations run once
    assert reopened.file("/v/a.mpg").seek_psnr is None
    reopened.close()


def test_the_book_answers_only_for_the_same_size_and_time(tmp_path):
    book = SeekBook(tmp_path)
    book.put([("/v/a.mp4", 10, 1.0, SeekCheck(psnr=99.0, points=3))])
    assert book.get("/v/a.mp4", 10, 1.0) == SeekCheck(psnr=99.0, points=3)
    assert book.get("/v/a.mp4", 10, 2.0) is None and book.get("/v/a.mp4", 11, 1.0) is None
