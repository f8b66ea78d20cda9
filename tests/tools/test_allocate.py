"""Sharing a segment's frames: the shots that match its text are held before an unrelated one fills in."""

import pytest

from tools.allocate import fill, fill_evenly
from tools.montage import build_problem, solve, to_plan
from tools.retrieval import Candidate
from tools.story import Segment
from tools.style import style_preset

from .test_optimizer import make_shot

# A 6.97 s line at 30 fps; a 1.6 s still shot of the dog (47 usable frames, slowest hold 0.3: 156
# frames) and a 4 s unrelated moving shot (119 frames).
DOG, CAR, TOTAL, MINIMUM = 47, 119, 209, 18


def test_a_short_matching_shot_takes_its_slowest_hold_before_the_unrelated_one_grows():
    f = fill(TOTAL, [DOG, CAR], [0.3, 0.5], MINIMUM, matching=[True, False])
    assert f.lengths == [156, 53]
    assert f.holds[0] == pytest.approx(DOG / 156) and f.holds[0] >= 0.3
    assert f.holds[1] == 1.0  # the fill plays at the segment's rate
    # order does not matter: the match is whichever shot is marked
    assert fill(TOTAL, [CAR, DOG], [0.5, 0.3], MINIMUM, matching=[False, True]).lengths == [53, 156]


def test_a_match_held_as_far_as_it_may_go_leaves_the_rest_to_the_unrelated_shot():
    f = fill(190, [40, 60], [0.5, 0.5], MINIMUM, matching=[True, False])
    assert f.lengths == [80, 110] and f.holds == [0.5, pytest.approx(60 / 110)]  # the fill slowed too
    # two short matches share one common hold before the unrelated shot gets more than its minimum
    f = fill(150, [40, 50, 200], [0.5, 0.5, 0.5], MINIMUM, matching=[True, True, False])
    assert f.lengths[2] == MINIMUM and sum(f.lengths) == 150
    assert f.holds[0] == pytest.approx(f.holds[1], abs=0.02) and 0.5 <= f.holds[0] < 1


def test_all_none_several_unrelated_or_long_enough_matches_share_alike():
    for matching in (None, [True, True], [False, False]):
        assert fill(TOTAL, [DOG, CAR], [0.3, 0.5], MINIMUM, matching=matching) == fill_evenly(
            TOTAL, [DOG, CAR], [0.3, 0.5], MINIMUM)
    # two unrelated shots would be two flashes: they keep their even share (and cost)
    assert fill(TOTAL, [DOG, CAR, CAR], [0.3, 0.5, 0.5], MINIMUM, matching=[True, False, False]) == fill_evenly(
        TOTAL, [DOG, CAR, CAR], [0.3, 0.5, 0.5], MINIMUM)
    # matches that fill the segment at their own rate need no hold: the unrelated shot keeps its
    # share (and its cost), so the optimizer drops it rather than cut it in for 0.6 s
    assert fill(150, [60, 200, 200], [0.3, 0.5, 0.5], MINIMUM, matching=[True, False, True]).lengths == [50, 50, 50]
    assert fill(40, [DOG, CAR], [0.3, 0.5], MINIMUM, matching=[True, False]).lengths == [20, 20]
    assert fill(600, [DOG, CAR], [0.3, 0.5], MINIMUM, matching=[True, False]) is None


def test_the_plan_holds_the_dog_and_keeps_each_clip_frame_exact():
    dog = make_shot("dog", duration=1.6)  # still: static camera, motion 0.1
    car = make_shot("car", duration=4.0, hist=7, camera_motion="pan", motion=0.5)
    seg = Segment(id="g0", text="a fluffy white dog lies on the floor", duration=6.97)
    problem = build_problem([seg], {"g0": [Candidate(shot=dog, score=1.0, why=""),
                                           Candidate(shot=car, score=0.2, why="")]}, style_preset("neutral"))
    plan = to_plan(problem, solve(problem), style_preset("neutral"))
    clips = {c.shot_id: c for c in plan.segments[0].clips}
    assert set(clips) == {"dog", "car"}
    assert clips["dog"].frames == 156 and 0.3 <= clips["dog"].speed < 0.31
    assert clips["car"].frames == 53 and clips["car"].speed == 1.0
    for clip, shot in ((clips["dog"], dog), (clips["car"], car)):
        assert clip.out - clip.in_ == pytest.approx(clip.frames / plan.fps * clip.speed, abs=1e-3)
        assert shot.start <= clip.in_ and clip.out <= shot.end
