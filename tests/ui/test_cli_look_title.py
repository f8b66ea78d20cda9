"""`storycut plan/make --look NAME --title TEXT`, through the installed command."""

import json
import subprocess

import numpy as np

from tools.plan import LOOKS
from tests.ui.test_cli import storycut
from vectorstore.decode import ffmpeg_exe

STORY = "A white cockatoo looks into the camera. The city glows at night."


def test_help_names_every_look():
    shown = storycut("make", "--help").stdout
    assert all(name in shown for name in LOOKS) and "--title" in shown


def test_plan_and_make_take_a_look_and_an_opening_title(tmp_path, demo_copy):
    lib = tmp_path / "lib"
    storycut("ingest", str(demo_copy), library=lib)
    plan = json.loads(storycut("plan", STORY, "--look", "warm", "--title", "Our morning", "--json", library=lib).stdout)
    assert plan["style"]["look"] == "warm"
    assert [{k: t[k] for k in ("text", "start", "duration", "kind")} for t in plan["titles"]] == [{"text": "Our morning", "start": 0.0, "duration": min(3.0, plan["duration"]),
                               "kind": "title"}]
    made = json.loads(storycut("make", STORY, "--preview", "--look", "bw", "--title", "Our morning", "--no-narration",
                               "-o", str(tmp_path / "cut.mp4"), "--json", library=lib).stdout)
    assert made["plan"]["style"]["look"] == "bw" and made["plan"]["titles"][0]["text"] == "Our morning"
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-ss", "1.5", "-i", made["output"], "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"], capture_output=True, check=True).stdout
    chroma = np.frombuffer(raw, np.uint8)[640 * 360:].astype(int)
    assert np.abs(chroma - 128).max() <= 2  # black and white (the title's pixels: tests/tools/test_titles.py)


def test_an_unknown_look_is_a_usage_error_naming_the_choices(tmp_path):
    done = storycut("plan", STORY, "--look", "sepia", library=tmp_path / "lib", check=False)
    assert done.returncode == 2 and "sepia" in done.stderr and "vintage" in done.stderr
