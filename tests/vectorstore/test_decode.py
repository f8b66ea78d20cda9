import pytest

from tests.synth import flat, write_video
from vectorstore.decode import VideoSource, parse_header
from vectorstore.errors import VideoOpenFailure

ROTATED = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'phone.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 2400 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv), 1920x1080, 2200 kb/s, 29.97 fps, 29.97 tbr, 90k tbn (default)
      Side data:
        displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC), 48000 Hz, stereo, fltp, 128 kb/s (default)
"""
OGG = """Input #0, ogg, from 'film.ogv':
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0: Data: none
  Stream #0:1: Video: theora, yuv420p, 214x160 [SAR 1:1 DAR 107:80], 15 tbr, 15 tbn
"""


def test_rotation_fps_duration_and_audio_are_read():
    info = parse_header(ROTATED)
    assert (info.width, info.height, info.fps, info.duration, info.has_audio) == (1080, 1920, 29.97, 62.5, True)


def test_stream_rate_stands_in_for_fps_and_unknown_duration_is_zero():
    info = parse_header(OGG)
    assert (info.fps, info.duration, info.codec, info.has_audio) == (15.0, 0.0, "theora", False)


def test_a_file_without_video_is_refused_with_ffmpegs_reason():
    with pytest.raises(VideoOpenFailure, match="Invalid data"):
        parse_header("[in#0 @ 0x1] Error opening input: Invalid data found when processing input\n")


def test_frames_are_exactly_the_files_frames_at_analysis_size(tmp_path):
    source = VideoSource(write_video(tmp_path / "grey.mp4", flat(37, (90, 90, 90)), fps=25))
    frames = list(source.frames())
    assert len(frames) == 37 and frames[0].shape == (108, 192, 3)
    assert abs(int(frames[10].mean()) - 90) <= 3
