import pytest

from agent import chat_turn
from agent.intents import History, NewStory, SetDuration, SetStyle, parse

STORY = ("Make a video of this story: A white cockatoo peers into the camera. A fluffy dog lies on the floor. "
         "At night the city towers glow.")


@pytest.mark.parametrize("message,expected", [
    ("make it more dramatic", SetStyle(preset="dramatic")),
    ("cut faster, it feels sluggish", SetStyle(pace_factor=0.7)),
    ("I need it vertical for phone screens", SetStyle(aspect="9:16")),
    ("make the whole video 20 seconds", SetDuration(20)),
    ("remove the subtitles", SetStyle(subtitles=False)),
    ("undo", History("undo")),
])
def test_requests_map_to_intents(message, expected):
    assert parse(message, has_plan=True) == [expected]


def test_a_story_is_recognised():
    assert parse(STORY, has_plan=False) == [NewStory(STORY.split(": ", 1)[1])]


def test_a_conversation_changes_the_plan_and_undo_restores_it(demo_library):
    first = chat_turn(demo_library, None, STORY, render_preview=False)
    assert first.plan and len(first.plan.segments) == 3
    assert "cockatoo" in first.plan.segments[0].clips[0].source
    sid = first.session
    shorter = chat_turn(demo_library, sid, "make it 12 seconds", render_preview=False)
    assert shorter.plan.duration == pytest.approx(12, abs=0.05)
    tall = chat_turn(demo_library, sid, "vertical please", render_preview=False)
    assert tall.plan.style.aspect == "9:16" and tall.plan.shot_ids == shorter.plan.shot_ids
    back = chat_turn(demo_library, sid, "undo", render_preview=False)
    assert back.plan.style.aspect == "16:9" and back.plan.shot_ids == shorter.plan.shot_ids
    unknown = chat_turn(demo_library, sid, "what's the weather", render_preview=False)
    assert "did not understand" in unknown.reply and unknown.plan.shot_ids == shorter.plan.shot_ids


def test_preview_is_rendered_and_empty_messages_are_answered(demo_library):
    turn = chat_turn(demo_library, None, STORY)
    assert turn.preview and turn.preview.stat().st_size > 10_000
    assert "empty" in chat_turn(demo_library, turn.session, "   ").reply
    assert "limit" in chat_turn(demo_library, turn.session, "x" * 100_000).reply
