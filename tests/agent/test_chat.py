import pytest

from agent import chat_turn

STORY = ("Make a video of this story: A white cockatoo peers into the camera. A fluffy dog lies on the floor. "
         "At night the city towers glow.")


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
