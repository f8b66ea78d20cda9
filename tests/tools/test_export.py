import opentimelineio as otio

from tools.export import export, to_srt
from tools.planner import plan_story
from tools.style import style_preset


def test_otio_round_trips_clips_and_source_ranges(demo_library, tmp_path):
    plan = plan_story(demo_library, "A cockatoo looks at the camera. The city glows at night.", style_preset("neutral"), 8)
    path = export(plan, "otio", tmp_path / "cut.otio")
    timeline = otio.adapters.read_from_file(str(path))
    clips = list(timeline.find_clips())
    assert [c.metadata["storycut"]["shot_id"] for c in clips] == plan.shot_ids
    planned = [c for s in plan.segments for c in s.clips]
    for read, clip in zip(clips, planned):
        assert read.source_range.duration.value == clip.frames
        assert abs(read.source_range.start_time.to_seconds() - clip.in_) <= 1 / plan.fps
    assert abs(timeline.duration().to_seconds() - plan.duration) < 1e-3
    for fmt in ("edl", "fcpxml"):
        assert export(plan, fmt, tmp_path / f"cut.{fmt}").stat().st_size > 100


def test_srt_has_one_cue_per_segment(demo_library):
    plan = plan_story(demo_library, "A cockatoo looks at the camera. The city glows at night.", style_preset("neutral"), 8)
    srt = to_srt(plan)
    assert srt.count("-->") == 2 and "00:00:00,000 -->" in srt and plan.segments[1].text in srt
