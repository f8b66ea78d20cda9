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


@pytest.mark.parametrize("message,expected", [
    ("drop the last scene", "RemoveSegment(ref=Ref(index=-1, words=None))"),
    ("please get rid of the bit with the dog", "RemoveSegment(ref=Ref(index=None, words='dog'))"),
    ("switch scene 2 with scene 3", "SwapSegments(a=Ref(index=1, words=None), b=Ref(index=2, words=None))"),
    ("use a different clip for the second scene", "ReplaceShots(ref=Ref(index=1, words=None))"),
    ("insert a scene at the beginning: the sun rises", "AddSegment(text='the sun rises', position=0)"),
    ("move the night scene to the end", "MoveSegment(ref=Ref(index=None, words='night'), to=-1)"),
    ("move scene 3 to position 2", "MoveSegment(ref=Ref(index=2, words=None), to=2)"),
    ("rewrite scene 1 to: A bird watches.", "ChangeText(ref=Ref(index=0, words=None), text='A bird watches.')"),
    ("remove the subtitles", "SetStyle(preset=None, pace_factor=None, aspect=None, subtitles=False, narration=None, transition=None)"),
    ("put the snowboarder scene first", "MoveSegment(ref=Ref(index=None, words='snowboarder'), to=1)"),
    ("move the first scene to the end", "MoveSegment(ref=Ref(index=0, words=None), to=-1)"),
    ("switch the first and second scenes", "SwapSegments(a=Ref(index=0, words=None), b=Ref(index=1, words=None))"),
    ("cut the final scene", "RemoveSegment(ref=Ref(index=-1, words=None))"),
    ("the footage for scene 2 is bad, pick something else", "ReplaceShots(ref=Ref(index=1, words=None))"),
    ("删除最后一个场景", "RemoveSegment(ref=Ref(index=-1, words=None))"),
    ("make it start with a bang", None),
    ("dramatic style, 9:16, narration off, subtitles on, hard cuts",  # the app's settings panel says this
     "SetStyle(preset='dramatic', pace_factor=None, aspect='9:16', subtitles=True, narration=False, transition='cut')"),
])
def test_segment_edits_are_understood(message, expected):
    assert repr(parse(message, has_plan=True)) == (f"[{expected}]" if expected else "[]")


def test_editing_scenes_keeps_the_untouched_ones(demo_library):
    sid = chat_turn(demo_library, None, STORY, render_preview=False).session
    before = chat_turn(demo_library, sid, "vertical please", render_preview=False).plan
    shots = {s.text: [c.shot_id for c in s.clips] for s in before.segments}
    swapped = chat_turn(demo_library, sid, "swap scenes 1 and 3", render_preview=False).plan
    assert [s.text for s in swapped.segments] == [before.segments[2].text, before.segments[1].text,
                                                  before.segments[0].text]
    assert all([c.shot_id for c in s.clips] == shots[s.text] for s in swapped.segments)
    other = chat_turn(demo_library, sid, "try another shot in scene 2", render_preview=False).plan
    assert [c.shot_id for c in other.segments[1].clips] != shots[swapped.segments[1].text]
    assert [c.shot_id for c in other.segments[0].clips] == shots[other.segments[0].text]
    added = chat_turn(demo_library, sid, "add a scene at the end: a cyclist rides through traffic",
                      render_preview=False)
    assert "added scene 4" in added.reply.lower() and "cyclist" in added.plan.segments[-1].clips[0].source
    removed = chat_turn(demo_library, sid, "delete the part about the dog", render_preview=False).plan
    assert len(removed.segments) == 3 and not any("dog" in s.text for s in removed.segments)
    missing = chat_turn(demo_library, sid, "remove scene 9", render_preview=False)
    assert "no scene 9" in missing.reply and missing.plan.shot_ids == removed.shot_ids
