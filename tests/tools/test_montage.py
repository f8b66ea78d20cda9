from pathlib import Path

import pytest

from tools.montage import assemble
from tools.plan import Plan, PlanError
from tools.retrieval import Candidate
from tools.story import Segment
from tools.style import style_preset
from vectorstore.models import Features, Shot

ROOT = Path(__file__).resolve().parents[2]

FEATURES = Features(brightness=0.5, contrast=0.5, saturation=0.5, warmth=0, sharpness=0.8, motion=0.1,
                    camera_motion="static", faces=0, shot_size="wide", quality=0.8)


def shot(i: int, duration: float = 4.0) -> Shot:
    return Shot(shot_id=f"s{i}", source=f"/v/{i}.mp4", start=1.0, end=1.0 + duration, duration=duration,
                features=FEATURES)


def segments(*durations: float) -> list[Segment]:
    return [Segment(id=f"g{i}", text=f"segment {i}", duration=d) for i, d in enumerate(durations)]


def test_clips_tile_every_segment_exactly_without_repeats():
    shots = [shot(i, 2.0 + i % 3) for i in range(12)]
    segs = segments(3.37, 5.0, 7.81)
    cands = {s.id: [Candidate(shot=x, score=1.0, why="") for x in shots] for s in segs}
    plan = assemble(segs, cands, style_preset("dramatic"))
    for seg in plan.segments:
        assert sum(c.frames for c in seg.clips) == seg.frames
        for clip in seg.clips:
            assert clip.out - clip.in_ == pytest.approx(clip.frames / plan.fps, abs=1e-3)
    assert len(set(plan.shot_ids)) == len(plan.shot_ids)
    assert plan.duration == pytest.approx(sum(s.frames for s in plan.segments) / 30, abs=1e-3)


def test_faster_pace_means_shorter_clips():
    shots = [shot(i, 6.0) for i in range(20)]
    segs = segments(6, 6)
    cands = {s.id: [Candidate(shot=x, score=1.0, why="") for x in shots] for s in segs}
    slow = assemble(segs, cands, style_preset("calm"))
    fast = assemble(segs, cands, style_preset("energetic"))
    assert len(fast.shot_ids) > len(slow.shot_ids)


def test_too_few_shots_is_a_clear_error():
    segs = segments(10, 10)
    cands = {s.id: [Candidate(shot=shot(1), score=1.0, why="")] for s in segs}
    with pytest.raises(PlanError, match="too few distinct shots"):
        assemble(segs, cands, style_preset("neutral"))


def test_plan_validation_rejects_repeats_and_gaps():
    shots = [shot(i) for i in range(4)]
    segs = segments(2, 2)
    plan = assemble(segs, {s.id: [Candidate(shot=x, score=1, why="") for x in shots] for s in segs},
                    style_preset("neutral")).to_json()
    plan["segments"][1]["clips"][0]["shot_id"] = plan["segments"][0]["clips"][0]["shot_id"]
    with pytest.raises(ValueError, match="used twice"):
        Plan.model_validate(plan)
    plan["segments"][1]["frames"] += 5
    with pytest.raises(ValueError, match="add up"):
        Plan.model_validate(plan)


def test_a_scene_added_twice_gets_shots_of_its_own(demo_library):
    """Both copies of a repeated text were pinned to the same shots, and planning failed with 'too
    few distinct shots' (found by the plan-edit fuzz test)."""
    from tools.planner import plan_texts
    from tools.style import style_preset

    style = style_preset("neutral", narration=False)
    first = plan_texts(demo_library, ["A white cockatoo looks at the camera."], style)
    twice = plan_texts(demo_library, ["A white cockatoo looks at the camera."] * 2, style, previous=first)
    assert [c.shot_id for c in twice.segments[0].clips] == first.shot_ids
    assert len(set(twice.shot_ids)) == len(twice.shot_ids)


def test_the_demo_dog_line_shows_the_dog_for_its_whole_length(demo_library):
    """The only dog shot lasts 1.5 s; the line about it, narrated, about 5 s. The optimizer used to fill
    the rest with the cockatoo: now it holds the dog (a still picture, slowed)."""
    from tools.planner import plan_story

    plan = plan_story(demo_library, (ROOT / "demo" / "story.txt").read_text(), style_preset("neutral"))
    dog = next(s for s in plan.segments if "dog" in s.text)
    assert {Path(c.source).name for c in dog.clips} == {"dog_on_floor.mp4"}
    assert sum(c.frames for c in dog.clips) == dog.frames
    for clip in dog.clips:
        assert 0.3 <= clip.speed < 1 and clip.out - clip.in_ == pytest.approx(clip.frames / plan.fps * clip.speed, abs=2e-3)


def test_more_close_ups_raise_their_share_of_screen_time(demo_library):
    from tools.planner import plan_story
    from vectorstore import library_shots

    size = {s.shot_id: s.features.shot_size for s in library_shots(demo_library)}
    assert "close" in size.values()
    story = (ROOT / "demo" / "story.txt").read_text()

    def share(framing: str) -> float:
        plan = plan_story(demo_library, story, style_preset("neutral", framing=framing, narration=False))
        return sum(c.frames for s in plan.segments for c in s.clips if size[c.shot_id] == "close") / sum(
            s.frames for s in plan.segments)

    assert share("close") > share("any") + 0.05
    assert share("wide") <= share("any")
