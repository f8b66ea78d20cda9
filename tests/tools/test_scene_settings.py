"""Scene settings in planning: fixed lengths kept while the rest share a total, the total that keeps
other scenes' lengths exact, and titles placed by their anchors."""

import pytest

from tools.plan import Clip, Plan, PlanSegment, Title
from tools.planner import anchor_titles, narration_rate, shortest_scene
from tools.story import make_segments, total_keeping
from vectorstore.errors import StorycutError

TEXTS = ["A white cockatoo peers into the camera.", "A fluffy dog lies on the floor.",
         "At night the city towers glow above the busy streets."]


def test_fixed_lengths_are_kept_and_the_rest_share_the_total():
    free = make_segments(TEXTS, 20)
    fixed = make_segments(TEXTS, 20, [{}, {"fixed_duration": 6.0, "look": "warm", "speed": 0.5}, {}])
    assert fixed[1].duration == 6 and (fixed[1].look, fixed[1].speed) == ("warm", 0.5)
    assert abs(sum(s.duration for s in fixed) - 20) < 2e-3
    assert fixed[0].duration / fixed[2].duration == pytest.approx(free[0].duration / free[2].duration, rel=1e-3)
    with pytest.raises(StorycutError, match="already take 6 s of the 5 s"):
        make_segments(TEXTS, 5, [{}, {"fixed_duration": 6.0}, {}])


def test_the_total_keeping_other_scenes_gives_them_the_same_lengths():
    before = make_segments(TEXTS, 17.3)
    total = total_keeping(TEXTS, 17.3, [None] * 3, [None, 4.2, None])
    after = make_segments(TEXTS, total, [{}, {"fixed_duration": 4.2}, {}])
    assert [after[i].duration for i in (0, 2)] == [before[i].duration for i in (0, 2)] and after[1].duration == 4.2


def test_narration_limits():
    assert narration_rate(3.0, 4.0) == 1 and narration_rate(3.0, 2.1) == pytest.approx(1.5)
    assert narration_rate(3.0, shortest_scene(3.0)) == pytest.approx(1.3)


def plan_of(frames: list[int], texts: list[str]) -> Plan:
    segments, at = [], 0
    for n, (length, text) in enumerate(zip(frames, texts)):
        clip = Clip(shot_id=f"shot{n}", source="x.mp4", in_=0, out=length / 30, start=at / 30, frames=length)
        segments.append(PlanSegment(id=f"s{n + 1}", text=text, start=at / 30, duration=length / 30, frames=length,
                                    clips=[clip]))
        at += length
    return Plan(segments=segments, duration=at / 30)


def test_titles_are_placed_by_their_anchors_in_time_order():
    plan = plan_of([90, 150, 60], TEXTS)
    titles = [Title(text="The end", start=0, duration=1, anchor="end"),
              Title(text="Max", start=0, duration=1, kind="caption", anchor="scene", scene=TEXTS[1]),
              Title(text="Hello", start=0, duration=1, anchor="start", seconds=20),
              Title(text="Gone", start=0, duration=1, kind="caption", anchor="scene", scene="no such scene"),
              Title(text="Fixed", start=9.5, duration=2)]
    placed = {t.text: (t.start, t.duration) for t in anchor_titles(titles, plan)}
    assert placed == {"Hello": (0, 10), "Max": (3, 5), "The end": (7, 3), "Fixed": (9.5, 0.5)}
    assert [t.text for t in anchor_titles(titles, plan)] == ["Hello", "Max", "The end", "Fixed"]
    Plan.model_validate(plan.model_copy(update={"titles": anchor_titles(titles, plan)}).to_json())
