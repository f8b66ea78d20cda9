"""Every craft tool called by an OpenAI-compatible model over real HTTP (the scripted server): the
tool's JSON answer reaches the model, and the plan changes as the tool says."""

import json

from agent import chat_turn

STORY = "A white cockatoo peers into the camera. A fluffy dog lies on the floor. At night the city towers glow."


class Conversation:
    def __init__(self, library, server):
        self.library, self.server, self.session = library, server, None

    def turn(self, *calls: tuple[str, dict]):
        """One user message for which the model calls `calls`; returns the plan and the tools' answers."""
        self.server.tool_calls(*calls)
        self.server.says("Done.")
        turn = chat_turn(self.library, self.session, "please edit", render_preview=False,
                         model="openai:scripted-model")
        self.session = turn.session
        messages = self.server.requests[-1]["messages"]
        answers = [json.loads(m["content"]) for m in messages[-len(calls):]]
        assert all(m["role"] == "tool" for m in messages[-len(calls):])
        return turn.plan, answers


def test_the_craft_tools_through_an_openai_model(demo_library, openai_server):
    chat = Conversation(demo_library, openai_server)
    chat.turn(("new_story", {"text": STORY}))
    plan, _ = chat.turn(("set_style", {"narration": False}))
    offered = {t["function"]["name"] for t in openai_server.requests[0]["tools"]}
    assert offered >= {"change_length", "set_scene_length", "add_title", "remove_titles", "set_look", "set_speed",
                       "set_music", "use_shot_showing", "set_framing", "explain_choice", "apply_all"}
    frames = [s.frames for s in plan.segments]

    plan, (scene,) = chat.turn(("set_scene_length", {"scene": 2, "seconds": 6}))
    assert "scene 2 now lasts 6.0 s" in scene["done"] and plan.segments[1].frames == 180
    plan, (longer,) = chat.turn(("change_length", {"by_seconds": 2}))
    assert "longer" in longer["done"] and abs(plan.duration - (sum(frames) - frames[1] + 180) / 30 - 2) <= 1 / 30

    # Calls in one answer run in any order (one at a time): each turn's calls commute.
    plan, answers = chat.turn(("add_title", {"text": "Our morning"}),
                              ("add_title", {"text": "Max", "where": "scene", "scene": "the dog"}),
                              ("add_title", {"text": "The end", "where": "end"}))
    assert sorted(a["done"][:13] for a in answers) == ["added a capti", "added an end ", "added an open"]
    plan, (removed,) = chat.turn(("remove_titles", {"where": "end"}))
    assert removed["done"] == "removed 1 title"
    assert [(t.text, t.kind) for t in plan.titles] == [("Our morning", "title"), ("Max", "caption")]

    chat.turn(("set_look", {"look": "bw"}))
    plan, _ = chat.turn(("set_look", {"look": "warm", "scene": 2}), ("set_speed", {"speed": 0.5, "scene": 3}),
                        ("set_framing", {"framing": "close"}), ("set_music", {"louder": False}))
    assert plan.style.look == "bw" and [s.look for s in plan.segments] == [None, "warm", None]
    assert plan.segments[2].speed == 0.5 and plan.style.framing == "close" and plan.style.music_volume < 0.35

    plan, (moved,) = chat.turn(("use_shot_showing", {"scene": 1, "description": "the fluffy dog"}))
    prompt = openai_server.requests[-2]["messages"][0]["content"]  # what the model was told of the video
    assert "look bw, shot size close" in prompt and "titles: title \"Our morning\" at 0.0-3.0 s" in prompt
    assert "(6.0 s, look warm, length set by the user)" in prompt and "speed 0.5x" in prompt
    assert "moved it from scene 2" in moved["done"] and "dog" in moved["done"].lower()
    assert any(c.locked for c in plan.segments[0].clips)

    _, (why,) = chat.turn(("explain_choice", {"scene": 1}))
    assert why["scene"] == 1 and "you chose it (locked)" in why["shots"][0]["why"]

    version = plan.version
    plan, (together,) = chat.turn(("apply_all", {"operations": [
        {"tool": "set_look", "args": {"look": "vintage"}},
        {"tool": "add_title", "args": {"text": "Thanks", "where": "end"}},
        {"tool": "set_speed", "args": {"speed": 9}},
        {"tool": "undo", "args": {}}]}))
    assert plan.version == version + 1 and plan.style.look == "vintage" and plan.titles[-1].text == "Thanks"
    assert [("done" in r, r["tool"]) for r in together["results"]] == [
        (True, "set_look"), (True, "add_title"), (False, "set_speed"), (False, "undo")]
    plan, _ = chat.turn(("undo", {}))
    assert plan.version == version and plan.style.look == "bw"  # one undo reverts the whole batch
