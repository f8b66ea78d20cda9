"""The built-in director in a conversation: several changes as one version, questions that keep the
plan, a clarifying question answered by the next message, the scene in view, Chinese replies."""

import re

import pytest

from agent import chat_turn

STORY = ("Make a video of this story: A white cockatoo peers into the camera. A fluffy dog lies on the floor. "
         "At night the city towers glow.")


def say(library, session, message):
    return chat_turn(library, session, message, render_preview=False)


def asked_then(library, message, answer):
    """A request the director asks about before doing it: the first cut, the question (the plan
    unchanged) and the turn after `answer`."""
    first = say(library, None, STORY)
    asked = say(library, first.session, message)
    assert state(asked.plan) == state(first.plan), asked.reply
    return first, asked, say(library, first.session, answer)


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


@pytest.mark.parametrize("message,answer", [("take 3 seconds off", "yes"), ("把视频缩短一半", "是")])
def test_an_impossible_length_offers_the_nearest_and_yes_applies_it(demo_library, message, answer):
    first = say(demo_library, None, STORY)
    refused = say(demo_library, first.session, message)
    assert state(refused.plan) == state(first.plan)
    offered = re.search(r"(?:I can make the video|可以把视频改成) (\d+(?:\.\d+)?) (?:s|秒)", refused.reply)
    assert offered, refused.reply
    if answer == "是":
        assert "旁白" in refused.reply and "要这样做吗" in refused.reply
    accepted = say(demo_library, first.session, answer)
    assert accepted.plan.duration == pytest.approx(float(offered.group(1)), abs=0.1)
    assert accepted.plan.duration < first.plan.duration


def test_a_scene_that_drags_is_shortened_not_removed(demo_library):
    first = say(demo_library, None, STORY)
    turn = say(demo_library, first.session, "the dog part goes on and on")
    assert [s.text for s in turn.plan.segments] == [s.text for s in first.plan.segments]
    assert turn.plan.segments[1].duration < first.plan.segments[1].duration


def test_a_new_scene_no_footage_shows_is_asked_about_first(demo_library):
    """Unrelated footage would stand in for it: nothing changes until the user says so ("yes" to the
    question, or "anyway"), and then the reply still says that nothing shows it."""
    first, refused, added = asked_then(demo_library, "add a scene at the end: a volcano erupts with lava", "yes")
    assert "no shot in the library shows" in refused.reply and "Add it anyway?" in refused.reply
    assert [s.text for s in added.plan.segments][-1] == "a volcano erupts with lava"
    assert "no shot in the library shows \"a volcano erupts with lava\", so these are the closest" in added.reply
    shown = say(demo_library, first.session, "add a scene at the start: a white dog sleeps on the floor")
    assert shown.plan.segments[0].text == "a white dog sleeps on the floor" and "no shot" not in shown.reply
    again = say(demo_library, first.session, "add this scene anyway at the start: a volcano erupts with lava")
    assert [s.text for s in again.plan.segments][0] == "a volcano erupts with lava"


def test_a_bare_shorter_beyond_the_narration_is_made_the_shortest_and_said_once(demo_library):
    first = say(demo_library, None, STORY)
    turn = say(demo_library, first.session, "make it much, much shorter")
    assert turn.plan.duration < first.plan.duration
    assert turn.reply.startswith("As short as the narration can be read naturally: set the length to")
    assert "could not" not in turn.reply


def test_chinese_refusals_are_worded_from_their_reason(demo_library):
    first = say(demo_library, None, STORY)
    short = say(demo_library, first.session, "把最后一个场景改成1秒")
    assert state(short.plan) == state(first.plan)
    assert "第3个场景的旁白要读快" in short.reply and "可以把第3个场景改成" in short.reply, short.reply
    runs_on = say(demo_library, first.session, "把第二个场景改成1.3秒")
    assert runs_on.plan.segments[1].duration == pytest.approx(1.3)
    assert "第2个场景的旁白延续到下一个场景的画面上" in runs_on.reply, runs_on.reply
    unshown = say(demo_library, first.session, "在最后加一个场景：火山喷发")
    assert "素材库里没有能表现“火山喷发”的镜头" in unshown.reply and "仍然添加吗" in unshown.reply, unshown.reply
    added = say(demo_library, first.session, "是")
    assert added.plan.segments[-1].text == "火山喷发" and "先用了最接近的画面" in added.reply, added.reply


def test_a_shot_no_footage_shows_is_asked_about_and_yes_uses_the_closest(demo_library):
    first, asked, used = asked_then(demo_library, "use the shot of a dog riding a skateboard for the cockatoo", "yes")
    assert "shows only part of it" in asked.reply and "Use the closest one anyway?" in asked.reply, asked.reply
    assert any(c.locked for c in used.plan.segments[0].clips) and "fluffy" in used.reply, used.reply
    zh = say(demo_library, first.session, "第三个场景用狗狗玩滑板的镜头")
    assert "只符合一部分" in zh.reply and "仍然用最接近的镜头吗" in zh.reply, zh.reply
