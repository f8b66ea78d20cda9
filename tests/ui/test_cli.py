"""The CLI contract of ../shared/SPEC.md, exercised through the installed `storycut` command."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO

COMMANDS = ["ingest", "shots", "search", "plan", "make", "chat", "export", "serve", "demo"]


def storycut(*args: str, library: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    exe = shutil.which("storycut", path=os.path.dirname(sys.executable))
    cmd = [exe] + (["--library", str(library)] if library else []) + list(args)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.mark.parametrize("command", [None] + COMMANDS)
def test_every_command_has_help(command):
    done = storycut(*([command] if command else []), "--help")
    assert "Usage:" in done.stdout


def test_bad_usage_exits_2_and_failures_exit_1_with_one_line(tmp_path):
    assert storycut("nonsense", check=False).returncode == 2
    assert storycut("search", check=False).returncode == 2
    failed = storycut("search", "dog", library=tmp_path / "lib", check=False)
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "empty" in failed.stderr and "Traceback" not in failed.stderr


def test_json_outputs_follow_the_spec(tmp_path, demo_copy):
    lib = tmp_path / "lib"
    report = json.loads(storycut("ingest", str(demo_copy), "--json", library=lib).stdout)
    assert set(report) >= {"files_seen", "files_indexed", "files_unchanged", "files_removed", "shots_added",
                           "shots_total", "errors"} and report["files_indexed"] == 3
    shots = json.loads(storycut("shots", "--json", library=lib).stdout)["shots"]
    assert len(shots) == report["shots_total"]
    assert set(shots[0]) == {"shot_id", "source", "start", "end", "duration", "description", "tags", "features",
                             "concepts", "captions", "transcript"}
    assert all(s["transcript"] == "" for s in shots)  # nobody speaks in these clips
    parrots = [{c["word"]: c["confidence"] for c in s["concepts"]} for s in shots if "cockatoo" in s["source"]]
    assert max(seen.get("bird", 0) for seen in parrots) > 0.3  # the tagger saw the bird
    assert set(shots[0]["features"]) == {"brightness", "contrast", "saturation", "warmth", "sharpness", "motion",
                                         "camera_motion", "faces", "shot_size", "quality"}
    found = json.loads(storycut("search", "a parrot", "--k", "2", "--json", library=lib).stdout)
    assert found["query"] == "a parrot" and len(found["results"]) == 2
    assert set(found["results"][0]) == {"shot_id", "source", "start", "end", "score", "description", "why"}
    queries = tmp_path / "q.txt"
    queries.write_text("a parrot\nthe city at night\n")
    batch = json.loads(storycut("search", "--batch", str(queries), "--k", "3", "--json", library=lib).stdout)
    assert [r["query"] for r in batch["results"]] == ["a parrot", "the city at night"]
    story = tmp_path / "story.txt"
    story.write_text("A parrot looks at us. The city glows at night.")
    plan = json.loads(storycut("plan", f"@{story}", "--duration", "8", "--aspect", "1:1", "--json", library=lib).stdout)
    assert plan["style"]["aspect"] == "1:1" and abs(plan["duration"] - 8) < 0.05
    assert set(plan["segments"][0]["clips"][0]) >= {"shot_id", "source", "in", "out", "start"}


def test_chat_continues_a_session_and_exports(tmp_path, demo_copy):
    lib = tmp_path / "lib"
    storycut("ingest", str(demo_copy), library=lib)
    first = json.loads(storycut("chat", "--session", "s1", "--message",
                                "Make a video of this story: A parrot looks at us. The city glows at night.",
                                "--no-render", "--json", library=lib).stdout)
    assert first["session"] == "s1" and first["plan"] and first["preview"] is None
    second = json.loads(storycut("chat", "--session", "s1", "--message", "make it square", "--json",
                                 library=lib).stdout)
    assert second["plan"]["style"]["aspect"] == "1:1" and Path(second["preview"]).is_file()
    out = tmp_path / "cut.srt"
    storycut("export", "s1", "--format", "srt", "-o", str(out), library=lib)
    assert "The city glows at night." in out.read_text()


def test_make_writes_a_video(tmp_path, demo_copy):
    lib = tmp_path / "lib"
    storycut("ingest", str(demo_copy), library=lib)
    out = tmp_path / "made.mp4"
    made = json.loads(storycut("make", "A parrot looks at us. The city glows at night.", "-o", str(out), "--preview",
                               "--no-narration", "--json", library=lib).stdout)
    assert made["output"] == str(out) and out.stat().st_size > 10_000


def test_demo_footage_is_bundled_with_credits():
    clips = sorted(DEMO.glob("footage/*.mp4"))
    assert 8 <= len(clips) <= 15
    credits = (DEMO / "CREDITS.md").read_text()
    assert all(c.name in credits and c.with_suffix(".txt").is_file() for c in clips)
    assert sum(f.stat().st_size for f in DEMO.rglob("*") if f.is_file()) < 30_000_000
