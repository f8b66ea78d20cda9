"""The storyboard's typed controls: a change goes to the editor as a typed call (no parser) and is
written into the conversation; in a real browser the controls change the video."""

import pytest

from agent import chat_turn
from ui.service import Service

from .test_browser import browser, page, screenshot, send  # noqa: F401 (fixtures)

STORY = "A white cockatoo peers into the camera. A fluffy dog lies on the floor. At night the city towers glow."


def test_a_control_calls_the_editor_and_is_recorded_in_the_conversation(demo_library):
    service = Service(demo_library)
    sid = chat_turn(demo_library, None, "Make a video of this story: " + STORY, render_preview=False).session
    turn = service.operate(sid, "scene 2: warm", lambda e: e.set_look("warm", 2), render=False)
    assert turn.reply == "Scene 2 now has the warm look." and turn.plan.segments[1].look == "warm"
    assert service.messages(sid)[-2:] == [("user", "scene 2: warm"), ("assistant", "Scene 2 now has the warm look.")]
    card = service.storyboard(sid)[1]
    assert (card.look, card.speed, card.caption) == ("warm", 1.0, "")
    before = service.messages(sid)
    assert service.operate(sid, "scene 2: warm", lambda e: e.set_look("warm", 2), render=False) is None
    with pytest.raises(Exception, match="unknown look"):
        service.operate(sid, "scene 2: sepia", lambda e: e.set_look("sepia", 2), render=False)
    assert service.messages(sid) == before  # a change to nothing, or a refused one, records nothing


def test_the_storyboard_buttons_are_typed_calls_not_sentences(demo_library):
    """Moving, editing and undoing from the storyboard call the editor with numbers and texts: a
    scene's new text is kept whole whatever it says (it once went through the director as "change
    scene N to: ...")."""
    import gradio as gr

    from ui.app import dragged, operate

    service = Service(demo_library)
    sid = chat_turn(demo_library, None, "Make a video of this story: " + STORY, render_preview=False).session
    before = service.messages(sid)
    with pytest.raises(gr.Error, match="not a drag between two scenes"):
        dragged(service, "move scene 3 to position 1", [], sid)
    assert service.messages(sid) == before
    text = "Undo: the dog and the cat, 2 of them, sleep; make it black and white."
    history, plan, _ = operate(service, "edit scene 1", lambda e: e.rewrite_scene(1, text), [], sid)
    assert plan["segments"][0]["text"] == text and len(plan["segments"]) == 3
    history, plan, _ = dragged(service, "3 1", history, sid)
    assert plan["segments"][0]["text"] == "At night the city towers glow." and plan["segments"][1]["text"] == text
    history, plan, _ = operate(service, "undo", lambda e: e.undo(), history, sid)
    assert plan["segments"][0]["text"] == text


def choose(page, dropdown: str, option: str) -> None:
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def done(page, reply: str, act) -> None:
    """Use a control (`act`), wait for `reply` in the chat and for the storyboard drawn again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    version = int(page.locator("#storyboard-version").get_attribute("data-version"))
    for _ in range(3):  # a storyboard drawn again just then swallows the input: use the control again
        act()
        try:
            page.locator("#chat").get_by_text(reply).wait_for(timeout=60_000)
            break
        except PlaywrightTimeout:
            continue
    page.locator(f"#storyboard-version[data-version='{version + 1}']").wait_for(state="attached", timeout=120_000)


def enter(page, box: str, text: str):
    return lambda: (page.locator(box).fill(text), page.locator(box).press("Enter"))


def test_the_storyboard_controls_change_the_video(app_url, page, tmp_path, request):  # noqa: F811 (fixture)
    page.goto(app_url, wait_until="load")
    request.addfinalizer(lambda: screenshot(page, "storyboard-controls-last", tmp_path))
    send(page, "Make a video of this story: " + STORY)
    page.locator("#storyboard-version").wait_for(state="attached", timeout=60_000)
    chat = page.locator("#chat")
    done(page, "Scene 2 now has the warm look", lambda: choose(page, "#scene-2-look", "warm"))
    done(page, "Added a caption over scene 2: \"Max, 3 years old\"",
         enter(page, "#scene-2-caption textarea", "Max, 3 years old"))
    done(page, "Scene 1 now lasts 5.0 s", enter(page, "#scene-1-length input", "5"))
    done(page, "Scene 3 now plays in slow motion (0.5x)", lambda: choose(page, "#scene-3-speed", "½x slow motion"))
    done(page, "Added an opening title: \"Our morning\"", enter(page, "#video-title textarea", "Our morning"))
    done(page, "The whole video now has the black-and-white look", lambda: choose(page, "#video-look", "black and white"))
    done(page, "now shows", enter(page, "#scene-3-find textarea", "the fluffy dog"))
    assert "make scene 1 5 seconds long" in chat.inner_text()
    screenshot(page, "storyboard-controls", tmp_path)
