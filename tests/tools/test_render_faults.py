"""Renders killed midway, renders racing for one cache, sources gone bad: the cache never serves a
damaged segment and errors name the file. A small real version of `python -m bench.reliability_render`."""

import os
import random
import threading
import time

import pytest

from bench.faults import kill_moments
from bench.reliability_render import differences, footprint, kill_and_finish, run_render
from tests.synth import grey_plan
from tools.planner import plan_story
from tools.render import STALE_PARTIAL_SECONDS, RenderError, render
from tools.style import style_preset


def test_killed_renders_leave_no_partial_video_and_finish_identically(demo_library, tmp_path):
    plan = plan_story(demo_library, "A cockatoo looks at the camera. The city glows at night. A dog rests.",
                      style_preset("neutral"), 9)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan.model_dump_json(by_alias=True))
    clean = run_render(plan_file, tmp_path / "clean.mp4", tmp_path / "clean-cache", "preview")
    assert clean.returncode == 0, clean.stderr
    reference = footprint(tmp_path / "clean.mp4")
    assert reference.frames == sum(s.frames for s in plan.segments) and not differences(reference, reference, plan)
    moments = kill_moments(clean.seconds, 3, random.Random(2))
    outcomes = kill_and_finish(plan_file, tmp_path / "killed", moments, reference, plan, "preview")
    assert all(o.left.startswith(("no output", "the whole video")) for o in outcomes)
    assert outcomes[-1].problems == []


def test_renders_racing_for_one_cache_and_output_all_succeed(tmp_path):
    """The web app renders two requests at once: the same story must not share half-written files
    (the temporary names were per process, so threads wrote into one file and lost it)."""
    plan = grey_plan(tmp_path)
    failures = []

    def one_render() -> None:
        try:
            render(plan, tmp_path / "out.mp4", tmp_path / "cache")
        except RenderError as exc:
            failures.append(str(exc))

    threads = [threading.Thread(target=one_render) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert footprint(tmp_path / "out.mp4").frames == 75
    assert not list(tmp_path.rglob("*.part"))


def test_a_source_that_is_no_longer_video_is_named(tmp_path):
    plan = grey_plan(tmp_path)
    source = tmp_path / "grey.mp4"
    source.write_bytes(b"replaced by something else" * 100)
    with pytest.raises(RenderError, match=f"cannot read {source}: Invalid data"):
        render(plan, tmp_path / "out.mp4", tmp_path / "cache")


def test_leftovers_of_killed_renders_are_swept_from_the_cache(tmp_path):
    plan = grey_plan(tmp_path)
    (tmp_path / "cache" / "segments").mkdir(parents=True)
    (tmp_path / "cache" / "work" / "render-x6").mkdir(parents=True)  # a scratch folder of a killed render
    (tmp_path / "cache" / "work" / "render-x6" / "subs.srt").write_text("1")
    old = [tmp_path / "cache" / "segments" / ".abc.mp4.x1.part", tmp_path / ".out.mp4.x2.part",
           tmp_path / "cache" / "work" / "render-x6"]
    fresh = [tmp_path / "cache" / ".voice.wav.x3.part", tmp_path / ".out.mp4.x4.part"]
    others = [tmp_path / ".notes.txt.x5.part"]  # not ours to remove
    long_ago = time.time() - STALE_PARTIAL_SECONDS - 60
    for leftover in old + fresh + others:
        if not leftover.is_dir():
            leftover.write_bytes(b"half a segment")
        if leftover not in fresh:
            os.utime(leftover, (long_ago, long_ago))
    render(plan, tmp_path / "out.mp4", tmp_path / "cache")
    assert not any(p.exists() for p in old)
    assert all(p.exists() for p in fresh + others)  # a fresh one may belong to a render still running
    assert list((tmp_path / "cache" / "work").iterdir()) == []  # this render's own scratch folders are gone
