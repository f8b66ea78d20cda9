"""The app in a real browser: Debian's Chromium driven by Playwright (never skipped under CI)."""

import os
import shutil

import pytest


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def test_a_story_typed_in_the_chat_comes_back_as_a_playable_video(app_url, page, tmp_path):
    page.goto(app_url, wait_until="load")
    box = page.get_by_placeholder("Your story or a change...")
    box.fill("Make a video of this story: A cockatoo looks at the camera. The city glows at night.")
    page.get_by_role("button", name="Send").click()
    page.locator("#chat video").first.wait_for(state="attached", timeout=120_000)
    page.wait_for_function("document.querySelector('#chat video').readyState === 4", timeout=60_000)
    assert "Made a cut of your story" in page.content()
    page.screenshot(path=str(tmp_path / "app.png"), full_page=True)
    if os.environ.get("STORYCUT_SCREENSHOTS"):
        shutil.copy(tmp_path / "app.png", os.environ["STORYCUT_SCREENSHOTS"])
