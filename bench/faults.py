"""Fault injection shared by the reliability benchmarks: run this checkout's code in a child
process, SIGKILL its whole process group at a chosen moment, judge the one-line error of a run,
and draw kill moments."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIPS = ROOT.parent / "shared" / "footage" / "clips"


def storycut(library: Path, *args: str) -> list[str]:
    """The command line running this checkout's CLI on `library`."""
    return [sys.executable, "-m", "ui.cli", "--library", str(library), *args]


def checkout_env() -> dict[str, str]:
    """The environment with this checkout first on the import path (not an installed copy)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


@dataclass(frozen=True)
class Run:
    returncode: int | None
    """None when the run was killed before it ended."""
    stderr: str
    seconds: float


def run_killable(command: list[str], kill_after: float | None = None, timeout: float = 1800) -> Run:
    """Run `command` in its own process group; with `kill_after`, SIGKILL the whole group (the
    process and its workers or ffmpeg children) that many seconds after the start, unless it ended."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace",
                            env=checkout_env(), start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout if kill_after is None else kill_after)
        return Run(proc.returncode, err, time.perf_counter() - start)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        if kill_after is None:
            raise
        return Run(None, err, time.perf_counter() - start)


@dataclass(frozen=True)
class KillOutcome:
    moment: float
    left: str
    """What the kill left behind (the catalog's state, the output file)."""
    mid_work: bool
    """The kill landed while the work was under way (not before it began or after it ended)."""
    finish_seconds: float
    """How long the run to the end took after the last kill."""
    problems: list[str]
    """What is wrong once that run ended (only on the last kill of a row)."""


Observation = tuple[str, bool, list[str]]
"""What a kill left: a description, whether it landed mid-work, and problems seen already."""


def kills_in_a_row(run: Callable[[float | None], Run], moments: list[float], observe: Callable[[], Observation],
                   judge: Callable[[Run], list[str]]) -> list[KillOutcome]:
    """`run(moment)` killed at each of `moments` in turn, each resuming what the last left, with
    `observe()` after each kill; then `run(None)` to the end, judged. One outcome per kill, the last
    one carrying the final run's time and every problem found."""
    killed = []
    for moment in moments:
        run(moment)
        killed.append((moment, *observe()))
    final = run(None)
    problems = [p for *_, found in killed for p in found] + judge(final)
    return [KillOutcome(moment, left, mid, final.seconds, problems if k == len(killed) - 1 else [])
            for k, (moment, left, mid, _) in enumerate(killed)]


def kill_moments(span: float, count: int, rng: random.Random) -> list[float]:
    """`count` random moments within `span` seconds, one in each `count`-th of it."""
    return [round(span * (k + rng.random()) / count, 2) for k in range(count)]


def last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def one_clear_line(run: Run) -> str | None:
    """What is wrong with a failed run's message (None when it is one `storycut: error:` line)."""
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    if run.returncode != 1:
        return f"exit status {run.returncode}"
    if len(lines) != 1 or not lines[0].startswith("storycut: error: "):
        return f"{len(lines)} lines on stderr, the last: {last_line(run.stderr)[:200]}"
    return None


def can_mount() -> bool:
    """Whether this process may mount a tmpfs in a private mount namespace (root and unshare)."""
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "--mount", "--propagation", "private", "true"],
                                            capture_output=True).returncode == 0
