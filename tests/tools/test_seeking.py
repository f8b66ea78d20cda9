"""The renderer's inputs: fast seeks into files that seek true, into a proxy for the others."""

import subprocess

import numpy as np

from tests.synth import MPEG_PROGRAM_STREAM, pan, write_video
from tools.render import render
from tools.plan import Clip, Plan, PlanSegment, Style
from tools.seeking import input_args, proxy, seeks_true
from vectorstore.decode import VideoSource, ffmpeg_exe
from vectorstore.seekcheck import SeekBook, SeekCheck, psnr


def first_frame(args: list[str], size=(64, 36)) -> np.ndarray:
    """The first frame those input options give, small and grey."""
    w, h = size
    out = subprocess.run([ffmpeg_exe(), "-loglevel", "error", *args, "-frames:v", "1", "-vf",
                          f"scale={w}:{h}:flags=area,format=gray", "-f", "rawvideo", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype=np.uint8).reshape(h, w)


def true_frame(source, start: float, size=(64, 36)) -> np.ndarray:
    """The first frame at or after `start`, decoded from the file's start."""
    return first_frame(["-i", str(source), "-ss", f"{start:.4f}"], size)


def test_a_file_that_seeks_true_is_read_in_place(tmp_path):
    source = str(write_video(tmp_path / "pan.mp4", pan(100)))
    args = input_args(source, 2.02, 1.0, tmp_path / "cache")
    assert args == ["-ss", "2.0200", "-t", "1.0000", "-i", source]
    assert not (tmp_path / "cache" / "proxies").exists()


def test_a_file_that_does_not_is_read_from_a_true_proxy(tmp_path):
    source = str(write_video(tmp_path / "pan.mpg", pan(100), encoder=MPEG_PROGRAM_STREAM))
    cache = tmp_path / "cache"
    assert psnr(first_frame(["-ss", "1.1", "-i", source]), true_frame(source, 1.1)) < 25  # the trap
    args = input_args(source, 1.1, 1.0, cache)
    assert args[-1] == str(proxy(source, cache)) and args[-1].startswith(str(cache / "proxies"))
    for start in (0.0, 1.1, 2.7, 3.5):
        assert psnr(first_frame(input_args(source, start, 1.0, cache)), true_frame(source, start)) > 40
    assert VideoSource(args[-1]).info.duration == VideoSource(source).info.duration


def test_the_verdict_comes_from_the_book_ingest_wrote(tmp_path):
    source = write_video(tmp_path / "pan.mp4", pan(60))
    stat = source.stat()
    book = SeekBook(tmp_path / "cache")
    book.put([(str(source), stat.st_size, stat.st_mtime, SeekCheck(psnr=12.0, points=3))])
    assert not seeks_true(str(source), tmp_path / "cache")  # as the book says, though this file would pass
    assert seeks_true(str(source), tmp_path / "other-cache")


def test_a_render_over_a_program_stream_shows_its_true_frames(tmp_path):
    source = str(write_video(tmp_path / "pan.mpg", pan(150), encoder=MPEG_PROGRAM_STREAM))
    clips = [Clip(shot_id="a", source=source, in_=1.1, out=2.1, start=0.0, frames=25),
             Clip(shot_id="b", source=source, in_=2.7, out=3.7, start=1.0, frames=25)]
    seg = PlanSegment(id="s1", text="A pan.", start=0, duration=2.0, frames=50, clips=clips)
    plan = Plan(fps=25, style=Style(subtitles=False, narration=False), segments=[seg], duration=2.0)
    out = render(plan, tmp_path / "out.mp4", tmp_path / "cache").output
    for at, start in ((0.0, 1.1), (1.0, 2.7)):
        rendered = first_frame(["-ss", f"{at:.2f}", "-i", str(out)], (64, 36))
        assert psnr(rendered, true_frame(source, start, (64, 36))) > 30  # through a 640x360 preview encode


def test_an_unusable_cache_only_loses_the_verdict(tmp_path):
    source = str(write_video(tmp_path / "pan.mpg", pan(60), encoder=MPEG_PROGRAM_STREAM))
    (tmp_path / "not-a-folder").write_text("")
    assert not seeks_true(source, tmp_path / "not-a-folder")  # checked all the same
