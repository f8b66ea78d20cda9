"""The Chinese demo story end to end up to the plan: language, voice, timing from real narration,
and each sentence's shots found through English captions."""

import shutil

import pytest

from tests.conftest import DEMO
from tools.planner import plan_story
from tools.style import style_preset


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_the_chinese_demo_story_is_planned_with_a_chinese_voice(demo_library, monkeypatch):
    monkeypatch.delenv("STORYCUT_VOICE", raising=False)
    story = (DEMO / "story_zh.txt").read_text(encoding="utf-8")
    plan = plan_story(demo_library, story, style_preset("neutral"))
    assert plan.language == "zh" and plan.style.voice == "espeak"
    assert len(plan.segments) == 7
    assert all(2.5 < seg.duration < 10.0 for seg in plan.segments)  # Mandarin narration, not noise
    first = {c.source.rsplit("/", 1)[-1] for c in plan.segments[0].clips}
    last = {c.source.rsplit("/", 1)[-1] for c in plan.segments[-1].clips}
    assert "cockatoo.mp4" in first and "underwater.mp4" in last
