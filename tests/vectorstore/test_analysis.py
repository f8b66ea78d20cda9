import json

from tests.conftest import SHARED_FOOTAGE
from tests.synth import flat, pan, scene_cuts, write_video
from vectorstore.analysis import analyse_file, split_long


def test_cuts_are_found_within_two_frames(tmp_path):
    cuts = [40, 95, 160]
    video = write_video(tmp_path / "cuts.mp4", scene_cuts(cuts, 220), fps=25)
    analysis = analyse_file(video)
    starts = [round(s.start * 25) for s in analysis.shots[1:]]
    assert len(starts) == len(cuts)
    for found, truth in zip(starts, cuts):
        assert abs(found - truth) <= 2


def test_dark_bright_and_pan_shots_are_measured(tmp_path):
    dark = analyse_file(write_video(tmp_path / "dark.mp4", flat(50, (18, 18, 18))))
    bright = analyse_file(write_video(tmp_path / "bright.mp4", flat(50, (235, 235, 235))))
    panning = analyse_file(write_video(tmp_path / "pan.mp4", pan(75, speed=5)))
    assert dark.shots[0].features.brightness < 0.15 < 0.85 < bright.shots[0].features.brightness
    assert "night" in dark.shots[0].words
    assert panning.shots[0].features.camera_motion == "pan"
    assert dark.shots[0].features.camera_motion == "static"


def test_long_shots_are_split_into_parts_of_at_most_the_limit():
    parts = split_long([(0.0, 25.0), (25.0, 27.0)], 10.0)
    assert parts == [(0.0, 25 / 3), (25 / 3, 50 / 3), (50 / 3, 25.0), (25.0, 27.0)]



def test_cut_times_stay_right_in_variable_frame_rate_video():
    """A file that drops every third frame: cuts must land at their times, not at decode indices."""
    truth = json.loads((SHARED_FOOTAGE / "shots" / "GROUND_TRUTH.json").read_text())
    video = next(v for v in truth["videos"] if v["path"].endswith("goldeneye-vfr-drop3.mp4"))
    found = analyse_file(SHARED_FOOTAGE / "shots" / video["path"]).cuts
    assert len(found) == len(video["hard_cuts_s"])
    for cut, true in zip(found, video["hard_cuts_s"]):
        assert abs(cut - true) <= 0.1


def test_a_gif_whose_container_states_no_duration_is_measured_by_decoding():
    gif = SHARED_FOOTAGE / "clips" / "msrvtt_towhee_gifs" / "msrvtt_towhee_video7365.gif"
    analysis = analyse_file(gif)
    assert abs(analysis.info.duration - 1.6) < 0.11 and analysis.shots[-1].end > 1.4
