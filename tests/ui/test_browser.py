"""The app in a real browser: Debian's Chromium driven by Playwright (never skipped under CI).

Screenshots go to STORYCUT_SCREENSHOTS (a folder) when it is set, for people to look at.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
STORY = "Make a video of this story: A cockatoo looks at the camera. A dog lies on the floor. The city glows at night."

if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # its own local storage: its own session
    yield context.new_page()
    context.close()


def screenshot(page, name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("STORYCUT_SCREENSHOTS"):
        folder = Path(os.environ["STORYCUT_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)


def send(scope, message: str, button: str = "Send") -> None:
    """Type `message` in the chat in `scope` (a page or a frame), press `button` (its name in the
    page's language) and wait for the answer."""
    videos = scope.locator("#chat video").count()
    scope.locator("#message textarea").fill(message)
    scope.get_by_role("button", name=button).click()
    scope.locator("#chat video").nth(videos).wait_for(state="attached", timeout=120_000)


def last_video(scope):
    return scope.locator("#chat video").last


def test_a_story_becomes_a_playable_video_and_a_revision_a_new_one(app_url, page, tmp_path):
    page.goto(app_url, wait_until="load")
    send(page, STORY)
    page.wait_for_function("[...document.querySelectorAll('#chat video')].pop().readyState === 4", timeout=60_000)
    assert "Made a cut of your story" in page.locator("#chat").inner_text()
    first = last_video(page).get_attribute("src")
    send(page, "make it more dramatic")
    page.wait_for_function("[...document.querySelectorAll('#chat video')].pop().readyState === 4", timeout=60_000)
    assert last_video(page).get_attribute("src") != first
    assert "preset to dramatic" in page.locator("#chat").inner_text()
    page.locator("#storyboard-button, button[role=tab]:has-text('Storyboard')").first.click()
    page.locator("#scene-3-text").wait_for(timeout=60_000)
    screenshot(page, "app", tmp_path)


def test_clicking_an_alternative_puts_it_in_the_scene(app_url, page, tmp_path):
    page.goto(app_url, wait_until="load")
    send(page, STORY)
    alternatives = page.locator("#scene-2-alternatives img")
    alternatives.first.wait_for(timeout=60_000)
    alternatives.first.click()
    page.locator("#chat").get_by_text("(locked)").wait_for(timeout=120_000)
    page.locator("#scene-2-clips").get_by_text("(locked)").wait_for(timeout=60_000)
    assert "use shot" in page.locator("#chat").inner_text()
    page.locator("#scene-1-text textarea").fill("A bird watches the city at night.")
    page.locator("#scene-1-text textarea").press("Enter")
    page.locator("#chat").get_by_text("scene 1 now says").wait_for(timeout=120_000)
    page.wait_for_function("document.querySelector('#scene-1-text textarea').value.startsWith('A bird')",
                           timeout=60_000)
    # A drag is one gesture: Playwright cannot scroll in the middle of it, so both scenes must be on
    # screen at once (the storyboard with its controls is taller than a 900 px window).
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.locator("#scene-1-text").scroll_into_view_if_needed()
    page.locator("#scene-3 .drag-handle").drag_to(page.locator("#scene-1-text"))
    page.locator("#chat").get_by_text("moved scene 3").wait_for(timeout=120_000)
    page.wait_for_function("document.querySelector('#scene-1-text textarea').value.startsWith('The city')",
                           timeout=60_000)
    screenshot(page, "storyboard", tmp_path)


def test_another_site_embeds_the_widget_and_chats_through_it(app_url, sites, page, tmp_path):
    page.goto(sites["allowed"].origin + "/index.html", wait_until="load")
    page.locator("#storycut-widget-button").click()
    frame = page.frame_locator("#storycut-widget-frame")
    frame.locator("#message textarea").wait_for(timeout=60_000)
    send(frame, STORY)
    assert "Made a cut of your story" in frame.locator("#chat").inner_text()
    screenshot(page, "widget", tmp_path)


def test_a_site_not_allowed_cannot_frame_the_chat(app_url, sites, page):
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(sites["refused"].origin + "/index.html", wait_until="load")
    page.locator("#storycut-widget-button").click()
    page.wait_for_timeout(3000)
    frame = page.frame_locator("#storycut-widget-frame")
    assert frame.locator("#message textarea").count() == 0
    assert refusals and "frame-ancestors" in refusals[0]
