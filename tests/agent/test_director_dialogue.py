"""The built-in director in a conversation: several changes as one version, questions that keep the
plan, a clarifying question answered by the next message, the scene in view, Chinese replies."""

import pytest

from agent import chat_turn

STORY = ("Make a video of this story: A white cockatoo peers into the camera. A fluffy dog lies on the floor. "
         "At night the city towers glow.")


def say(library, session, message):
    return chat_turn(library, session, message, render_preview=False)


def state(plan):
    return ([(s.text, s.duration, [c.shot_id for c in s.clips], s.look, s.speed) for s in plan.segments],
            plan.titles, plan.style)


def test_several_changes_in_one_message_are_one_version(demo_library):
    first = say(demo_library, None, STORY)
    both = say(demo_library, first.session, "make it black and white and square")
    assert both.plan.style.look == "bw" and both.plan.style.aspect == "1:1"
    assert both.plan.version == first.plan.version + 1
    back = say(demo_library, first.session, "undo")
    assert back.plan.style.look == "natural" and back.plan.style.aspect == "16:9"


@pytest.mark.parametrize("message", ["what does scene 2 show?", "how long is the video?", "hello", "thanks a lot",
                                     "translate it into German", "upload it to youtube", "what can you do?"])
def test_questions_chat_and_refusals_leave_the_plan(demo_library, message):
    first = say(demo_library, None, STORY)
    turn = say(demo_library, first.session, message)
    assert state(turn.plan) == state(first.plan) and turn.plan.version == first.plan.version
    assert turn.reply and "did not understand" not in turn.reply


def test_a_question_names_what_the_scene_shows_and_its_length(demo_library):
    first = say(demo_library, None, STORY)
    assert "dog" in say(demo_library, first.session, "what's in scene 2?").reply.lower()
    asked = say(demo_library, first.session, "how long is it?")
    assert f"{first.plan.duration:.1f} s" in asked.reply


def test_an_unclear_scene_is_asked_about_and_the_answer_applies(demo_library):
    first = say(demo_library, None, STORY)
    asked = say(demo_library, first.session, "remove the spaceship scene")
    assert "Which scene" in asked.reply and state(asked.plan) == state(first.plan)
    answered = say(demo_library, first.session, "scene 3")
    assert [s.text for s in answered.plan.segments] == [s.text for s in first.plan.segments[:2]]


def test_a_bare_change_follows_the_scene_in_view(demo_library):
    first = say(demo_library, None, STORY)
    say(demo_library, first.session, "what does the second scene show?")
    longer = say(demo_library, first.session, "make it a bit longer")
    durations = [s.duration for s in longer.plan.segments]
    assert durations[1] > first.plan.segments[1].duration * 1.1
    assert durations[0] == pytest.approx(first.plan.segments[0].duration, abs=0.05)


def test_chinese_requests_get_chinese_replies(demo_library):
    first = say(demo_library, None, STORY)
    turn = say(demo_library, first.session, "把第二个场景调成黑白")
    assert turn.plan.segments[1].look == "bw" and turn.plan.segments[0].look in (None, "natural")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in turn.reply)
