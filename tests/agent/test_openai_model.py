"""An OpenAI-compatible model drives the same agent and tools, over real HTTP to a scripted server."""

import pytest

from agent import chat_model, chat_turn
from agent.models import ModelError

STORY = "A white cockatoo peers into the camera. A fluffy dog lies on the floor. At night the city towers glow."


def say(library, session, message):
    return chat_turn(library, session, message, render_preview=False, model="openai:scripted-model")


def test_an_openai_model_edits_through_the_tools(demo_library, openai_server):
    openai_server.tool_calls(("new_story", {"text": STORY}))
    openai_server.says("I made a video of your story in three scenes.")
    first = say(demo_library, None, "Please make a video of this: " + STORY)
    assert first.reply == "I made a video of your story in three scenes."
    assert [s.text for s in first.plan.segments][0] == "A white cockatoo peers into the camera."
    ask, answer = openai_server.requests
    assert ask["path"] == "/v1/chat/completions" and ask["model"] == "scripted-model"
    assert ask["auth"] == "Bearer sk-test-not-real-0123456789"
    assert {t["function"]["name"] for t in ask["tools"]} >= {"new_story", "set_style", "undo", "use_shot"}
    assert "There is no video yet" in ask["messages"][0]["content"]
    assert answer["messages"][-1]["role"] == "tool" and "made a" in answer["messages"][-1]["content"]

    # Two changes asked for at once are applied one by one, and the model sees the new video.
    openai_server.tool_calls(("set_style", {"aspect": "9:16"}), ("remove_scene", {"scene": -1}))
    openai_server.says("Done: vertical, and the night scene is gone.")
    second = say(demo_library, first.session, "vertical, and drop the last scene")
    assert second.plan.style.aspect == "9:16" and len(second.plan.segments) == 2
    assert second.plan.version == 3
    ask = openai_server.requests[2]
    assert "1. \"A white cockatoo peers into the camera.\"" in ask["messages"][0]["content"]
    assert [m["role"] for m in ask["messages"][1:]] == ["user", "assistant", "tool", "assistant", "user"]

    # A tool error reaches the model as an answer, and the plan stays as it was.
    openai_server.tool_calls(("remove_scene", {"scene": 7}))
    openai_server.says("There is no scene 7.")
    third = say(demo_library, first.session, "remove scene 7")
    assert "no scene 7" in openai_server.requests[-1]["messages"][-1]["content"]
    assert third.plan.shot_ids == second.plan.shot_ids


def test_a_failing_server_is_reported_without_the_key(demo_library, openai_server):
    openai_server.answer("/v1/chat/completions", {"error": {"message": "overloaded"}}, status=500)
    openai_server.answer("/v1/chat/completions", {"error": {"message": "overloaded"}}, status=500)
    turn = say(demo_library, None, "Make a video: " + STORY)
    assert "could not answer" in turn.reply and turn.plan is None
    assert "sk-test" not in turn.reply


def test_models_are_named_clearly(monkeypatch):
    assert chat_model("local")._llm_type == "storycut-director"
    assert chat_model("ollama:llama3.2").model == "llama3.2"
    with pytest.raises(ModelError, match="unknown model"):
        chat_model("gpt4")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ModelError, match="OPENAI_API_KEY"):
        chat_model("openai:gpt-4o-mini")
