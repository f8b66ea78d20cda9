"""The web app in the browser's language: Chinese labels for a Chinese browser, English otherwise."""

import pytest

from ui.i18n import LOCALES, TEXTS, language, say, t

from .test_browser import CHROMIUM, browser  # noqa: F401  (the browser fixture, shared)


class Request:
    def __init__(self, accept_language: str):
        self.headers = {"accept-language": accept_language}


def test_every_text_has_both_languages_and_unknown_keys_are_refused():
    assert all(en.strip() and zh.strip() for en, zh in TEXTS.values())
    assert {"zh-CN", "zh", "en"} <= set(LOCALES)
    with pytest.raises(KeyError, match="no text"):
        t("no such label")


@pytest.mark.parametrize("header,column", [("zh-CN,zh;q=0.9,en;q=0.8", 1), ("zh", 1), ("zh-SG", 1),
                                           ("en-US,en;q=0.9", 0), ("fr-FR", 0), ("", 0)])
def test_server_messages_follow_accept_language(header, column):
    assert language(Request(header)) == column
    assert say("sorry", Request(header), "x") == TEXTS["sorry"][column].format("x")
    assert language(None) == 0


@pytest.mark.parametrize("locale,send,tab", [("zh-CN", "发送", "故事板"), ("en-US", "Send", "Storyboard")])
def test_the_page_speaks_the_browsers_language(app_url, browser, locale, send, tab):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(app_url, wait_until="load")
    page.get_by_role("button", name=send).wait_for(timeout=60_000)
    # Gradio draws the tab bar once it has measured it for overflow, which on a loaded machine (CI) can
    # come after the buttons: wait for the tab instead of counting at once.
    page.get_by_role("tab", name=tab).first.wait_for(timeout=60_000)
    assert page.get_by_role("tab", name=tab).count() == 1
    assert page.locator("#message textarea").get_attribute("placeholder") == TEXTS["message"][locale.startswith("zh")]
    context.close()


@pytest.mark.parametrize("locale,scene,look,speed", [("zh-CN", "场景 1", "自然", "正常"), ("en-US", "Scene 1", "natural", "normal")])
def test_the_storyboard_controls_speak_the_browsers_language(app_url, browser, tmp_path, locale, scene, look,  # noqa: F811
                                                             speed):
    from .test_browser import STORY, screenshot, send

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(app_url, wait_until="load")
    send(page, STORY, TEXTS["send"][locale.startswith("zh")])
    page.locator("#scene-1-text").wait_for(timeout=60_000)
    assert page.locator("#scene-1-text").inner_text().startswith(scene)
    assert page.locator("#video-look input").input_value() == look  # shown translated; the plan keeps "natural"
    assert page.locator("#scene-1-speed input").input_value() == speed
    storyboard = page.locator("#storyboard").inner_text()
    column = locale.startswith("zh")
    for key in ("video_look", "opening_title", "end_card", "add_music", "music_volume", "look", "find_shot"):
        assert TEXTS[key][column] in storyboard
    if column:
        assert "Scene" not in storyboard and "Music volume" not in storyboard
    screenshot(page, f"storyboard-{locale}", tmp_path)
    context.close()
