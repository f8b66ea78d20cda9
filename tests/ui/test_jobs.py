"""Renders and ingests through a real Redis queue and real `storycut worker` processes.

A worker SIGKILLed (with its pool) in the middle of a render leaves the job unacknowledged; a
second worker runs it again once the visibility timeout has passed, and the video arrives whole.
"""

import subprocess
import threading
import time
import uuid

import imageio_ffmpeg
import pytest

from bench.scale import start_worker
from tools import plan_story, style_preset
from ui.jobs import JobError, Jobs, queue_url
from ui.service import Service

STORY = "A cockatoo looks at the camera. A dog lies on the floor. The city glows at night. Water runs over rocks."
VISIBILITY = {"STORYCUT_QUEUE_VISIBILITY": "3"}


def decodes_whole(path, seconds: float) -> bool:
    """ffmpeg reads every frame of `path` without an error, and it lasts about `seconds`."""
    run = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"],
                         capture_output=True, text=True)
    probe = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-i", str(path)], capture_output=True, text=True)
    duration = next(line for line in probe.stderr.splitlines() if "Duration:" in line).split("Duration:")[1]
    h, m, s = duration.split(",")[0].strip().split(":")
    return run.returncode == 0 and not run.stderr and abs(int(h) * 3600 + int(m) * 60 + float(s) - seconds) < 0.5


def test_a_render_whose_worker_is_killed_arrives_through_another(demo_library, redis_url):
    plan = plan_story(demo_library, STORY, style_preset("neutral"), 10)
    name = f"killed-{uuid.uuid4().hex[:8]}.mp4"
    steps: list[str] = []
    outcome = {}
    jobs = Jobs(redis_url, demo_library)
    waiter = threading.Thread(target=lambda: outcome.update(out=jobs.render(plan, name, "preview", steps.append)))
    waiter.start()
    first = start_worker(demo_library.root, redis_url, env=VISIBILITY)
    try:
        deadline = time.monotonic() + 120
        partial = []
        while time.monotonic() < deadline and not partial:
            partial = list(demo_library.renders.glob(f".{name}.*.part"))
            time.sleep(0.05)
        assert partial, "the first worker never started writing the render"
        time.sleep(1.0)
        assert not (demo_library.renders / name).exists(), "the render finished before the kill: nothing was tested"
    finally:
        first.kill()
    assert steps[:2] == ["the preview render is waiting for a worker", "a worker is making the preview render"]
    time.sleep(4)  # past the visibility timeout: the job is given to the next worker that asks
    second = start_worker(demo_library.root, redis_url, env=VISIBILITY)
    try:
        waiter.join(240)
        assert not waiter.is_alive(), "the render never arrived"
    finally:
        second.stop()
    assert outcome["out"] == demo_library.renders / name and decodes_whole(outcome["out"], plan.duration)
    assert "succeeded" in second.log.read_text()  # the second worker made it


def test_uploads_are_ingested_by_a_worker_with_progress(fresh_library, demo_copy, redis_url):
    worker = start_worker(fresh_library.root, redis_url)
    try:
        service = Service(fresh_library, jobs=Jobs(redis_url, fresh_library))
        seen = []
        report = service.add_uploads([str(p) for p in sorted(demo_copy.glob("*.mp4"))], seen.append)
    finally:
        worker.stop()
    assert report.files_indexed == 3 and not report.errors and report.shots_total >= 3
    assert seen and {p.total for p in seen} == {3} and [p.done for p in seen] == sorted({p.done for p in seen})
    assert sorted(p.name for p in (fresh_library.root / "uploads").iterdir()) == sorted(
        p.name for p in demo_copy.glob("*.mp4"))


def test_a_queue_url_that_is_not_redis_is_refused():
    with pytest.raises(JobError, match="--queue takes redis://"):
        queue_url("amqp://guest@localhost//")


def test_an_unreachable_queue_or_state_is_one_line_at_start(tmp_path):
    import sys
    from pathlib import Path

    storycut = Path(sys.executable).with_name("storycut")
    for args in (["--queue", "redis://127.0.0.1:1/0", "worker"], ["--state", "postgresql://u@127.0.0.1:1/db", "serve"],
                 ["worker"]):
        run = subprocess.run([str(storycut), "--library", str(tmp_path / "lib"), *args], capture_output=True,
                             text=True, timeout=300)
        assert run.returncode == 1 and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert ("cannot be reached" in run.stderr or "cannot reach the state database" in run.stderr
                or "needs --queue" in run.stderr)
