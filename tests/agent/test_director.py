"""The built-in director through the real agent loop: every kind of request, checked on the plan."""

import sqlite3

import pytest

from agent import chat_model, chat_turn
from agent.graph import build_agent, memory

STORY = ("Make a video of this story: A white cockatoo peers into the camera. A fluffy dog lies on the floor. "
         "At night the city towers glow.")


def say(library, session, message):
    return chat_turn(library, session, message, render_preview=False)


def shots(plan):
    return [[c.shot_id for c in s.clips] for s in plan.segments]


def test_alternatives_can_be_listed_used_and_locked(demo_library):
    first = say(demo_library, None, STORY)
    sid = first.session
    listed = say(demo_library, sid, "show alternatives for scene 2")
    assert "Other shots for scene 2: 1." in listed.reply and listed.plan.shot_ids == first.plan.shot_ids
    used = say(demo_library, sid, "use alternative 1 for scene 2")
    assert "locked" in used.reply
    chosen = [c for c in used.plan.segments[1].clips if c.locked]
    assert len(chosen) == 1 and chosen[0].shot_id not in first.plan.shot_ids
    assert shots(used.plan)[0] == shots(first.plan)[0] and shots(used.plan)[2] == shots(first.plan)[2]
    # A change that plans everything again keeps the locked shot in its scene.
    again = say(demo_library, sid, "replan")
    assert chosen[0].shot_id in [c.shot_id for c in again.plan.segments[1].clips]
    longer = say(demo_library, sid, "make it 14 seconds")
    assert longer.plan.duration == pytest.approx(14, abs=0.05)
    assert chosen[0].shot_id in [c.shot_id for c in longer.plan.segments[1].clips]
    unlocked = say(demo_library, sid, "unlock scene 2")
    assert not any(c.locked for c in unlocked.plan.segments[1].clips)
    locked = say(demo_library, sid, "lock the last scene")
    assert all(c.locked for c in locked.plan.segments[-1].clips)
    missing = say(demo_library, sid, "use alternative 40 for scene 1")
    assert "no alternative 40" in missing.reply and missing.plan.shot_ids == locked.plan.shot_ids


def test_versions_can_be_listed_and_revisited(demo_library):
    sid = say(demo_library, None, STORY).session
    say(demo_library, sid, "vertical please")
    square = say(demo_library, sid, "square format")
    history = say(demo_library, sid, "show the version history")
    assert "1: made a" in history.reply and "3 (current)" in history.reply
    back = say(demo_library, sid, "go back to version 1")
    assert back.plan.style.aspect == "16:9" and back.plan.version == 1
    redo = say(demo_library, sid, "redo")
    assert redo.plan.style.aspect == "9:16"
    assert "no version 9" in say(demo_library, sid, "go to version 9").reply
    assert square.plan.style.aspect == "1:1"


def test_describe_export_and_plain_answers(demo_library, tmp_path):
    sid = say(demo_library, None, STORY).session
    described = say(demo_library, sid, "what is in the video?")
    assert "cockatoo" in described.reply.lower() and "1. \"A white cockatoo" in described.reply
    exported = say(demo_library, sid, "export an EDL")
    path = exported.reply.split("Exported ", 1)[1].rstrip(".")
    assert path.endswith(".edl") and "cockatoo" in open(path).read()
    srt = say(demo_library, sid, "give me the srt")
    assert "-->" in open(srt.reply.split("Exported ", 1)[1].rstrip(".")).read()
    unknown = say(demo_library, sid, "can you order me a pizza")
    assert "did not understand" in unknown.reply


def test_paraphrases_and_chinese_requests_change_the_plan(demo_library):
    sid = say(demo_library, None, STORY).session
    before = say(demo_library, sid, "make it 15 seconds").plan
    punchy = say(demo_library, sid, "give it more punch").plan
    assert punchy.style.preset == "dramatic" and punchy.style.pace < before.style.pace
    tall = say(demo_library, sid, "请改成竖屏").plan
    assert tall.style.aspect == "9:16"
    quiet = say(demo_library, sid, "把配音去掉").plan
    assert quiet.style.narration is False
    removed = say(demo_library, sid, "删除第二个场景").plan
    assert len(removed.segments) == 2 and "dog" not in " ".join(s.text for s in removed.segments)


def test_the_conversation_is_checkpointed_in_the_library(demo_library):
    first = say(demo_library, None, STORY)
    say(demo_library, first.session, "make it 12 seconds")
    with memory(demo_library.conversations_path) as saver:
        state = build_agent(chat_model("local"), saver).get_state(
            {"configurable": {"thread_id": first.session}})
    messages = state.values["messages"]
    kinds = [type(m).__name__ for m in messages]
    # The first turn makes the video; the second looks at it (describe_video), then changes it.
    assert kinds == ["HumanMessage", "AIMessage", "ToolMessage", "AIMessage"] + \
        ["HumanMessage"] + ["AIMessage", "ToolMessage"] * 2 + ["AIMessage"]
    assert messages[1].tool_calls[0]["name"] == "new_story" and messages[5].tool_calls[0]["name"] == "describe_video"
    assert messages[7].tool_calls[0]["args"] == {"seconds": 12.0}
    tables = {r[0] for r in sqlite3.connect(demo_library.conversations_path).execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}
    assert "checkpoints" in tables
