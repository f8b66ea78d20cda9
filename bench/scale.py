"""Scale-out on this machine: render workers on a Redis queue, state in Postgres, two replicas.

Phase 1: for 1, 2 and 4 worker processes (`storycut worker --concurrency N`) behind two
`storycut serve --state postgresql://... --queue redis://...` replicas (each runs 2 events at
once, so together they can keep 4 workers busy), 6 conversations at once, each a
story, a revision (both with their preview rendered by a worker) and a final-quality /render:
conversations per minute and render latency, as ratios against 1 worker. Phase 2: bench.load's
16-way load (story, 2 revisions, /render) through one replica as today (SQLite, renders in the
web process) and through two replicas sharing Postgres and Redis with 2 workers.
Postgres and Redis are started here as the tests start them (tests/services.py).
Run niced on a shared machine: `nice -n 10 python -m bench.scale [--library DIR]`.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gradio_client import Client

from vectorstore import Library, ingest

from .load import ROOT, SENTENCES, conversation, percentile, start_server
from .report import write_section

WORKER_COUNTS = (1, 2, 4)


@dataclass
class Worker:
    """A `storycut worker` in its own process group (its pool processes die with it)."""

    process: subprocess.Popen
    log: Path

    def signal(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """As if its machine died: the worker and its pool, at once, with no chance to tidy up."""
        self.signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


def start_worker(library: Path, queue: str, concurrency: int = 1, env: dict | None = None) -> Worker:
    """`storycut worker`, once it takes jobs (its log goes to a file, which a pipe nobody reads
    would not allow)."""
    storycut = Path(sys.executable).with_name("storycut")
    log = Path(tempfile.mkstemp(prefix="storycut-worker-", suffix=".log")[1])
    with open(log, "wb") as out:
        process = subprocess.Popen([str(storycut), "--library", str(library), "--queue", queue, "worker",
                                    "--concurrency", str(concurrency)], stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
    worker = Worker(process, log)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if " ready." in log.read_text(errors="replace"):
            return worker
        if process.poll() is not None:
            raise RuntimeError(f"the worker stopped: {log.read_text(errors='replace')[-800:]}")
        time.sleep(0.3)
    worker.kill()
    raise RuntimeError("the worker did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def worker_run(urls: list[str], run: int, conversations: int) -> tuple[float, list[float], list[str]]:
    """`conversations` at once, conversation n through replica n mod len(urls): the wall time, the
    /render latencies, the problems."""
    renders: list[float] = []

    def one(n: int) -> str | None:
        try:
            client = Client(urls[n % len(urls)], verbose=False)
            story = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3))
            _, _, plan, session = client.predict(message="Make a video of this story: " + story, session="",
                                                 api_name="/chat")
            seconds = 8 + n + 0.5 * run  # new lengths each run: no render is served from an earlier run's cache
            _, _, plan, _ = client.predict(message=f"make it {seconds} seconds", session=session, api_name="/chat")
            began = time.perf_counter()
            video = client.predict(session=session, quality="final", api_name="/render")
            renders.append(time.perf_counter() - began)
            if abs(plan["duration"] - seconds) > 0.05 or not Path(video).stat().st_size:
                return f"conversation {n}: {plan['duration']} s, expected {seconds} s"
            return None
        except Exception as exc:  # counted with the others
            return f"conversation {n}: {type(exc).__name__}: {exc}"

    began = time.perf_counter()
    with ThreadPoolExecutor(conversations) as pool:
        problems = [p for p in pool.map(one, range(conversations)) if p]
    return time.perf_counter() - began, renders, problems


def load_run(urls: list[str], sessions: int) -> tuple[float, list[float], list[str]]:
    """bench.load's concurrent conversations, conversation n through replica n mod len(urls)."""
    timings: list[float] = []
    began = time.perf_counter()
    with ThreadPoolExecutor(sessions) as pool:
        problems = [p for p in pool.map(lambda n: conversation(urls[n % len(urls)], n, timings), range(sessions)) if p]
    return time.perf_counter() - began, timings, problems


def main() -> int:
    from tests.services import PostgresCluster, RedisServer, free_port

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default=str(ROOT / ".bench" / "demo-library"))
    parser.add_argument("--conversations", type=int, default=6)
    parser.add_argument("--sessions", type=int, default=16)
    args = parser.parse_args()
    library = Library.open(args.library)
    ingest([ROOT / "demo" / "footage"], library, workers=2)
    postgres, redis = PostgresCluster(), RedisServer()
    queue = f"{redis.url}/1"
    shared = ["--state", postgres.url, "--queue", queue]
    ports = [free_port() for _ in range(3)]
    urls = [f"http://127.0.0.1:{p}/" for p in ports]
    rows, loads = {}, {}

    def write() -> None:  # after every measurement: a run cut short still reports what it measured
        write_section("scale", "Scale-out: workers, Postgres state, replicas", "nice -n 10 python -m bench.scale",
                      report([(count, *rows[count]) for count in WORKER_COUNTS if count in rows], loads, args))

    servers, worker = [], None
    try:
        with ThreadPoolExecutor(2) as pool:  # at once: each start takes minutes on a loaded machine
            starting = [pool.submit(start_server, library.root, port, shared) for port in ports[:2]]
            worker = start_worker(library.root, queue, max(WORKER_COUNTS))
            servers = [s.result() for s in starting]
        for count in sorted(WORKER_COUNTS, reverse=True):
            if worker is None:
                worker = start_worker(library.root, queue, count)
            rows[count] = worker_run(urls[:2], count, args.conversations)
            write()
            if count == 2:
                loads["two replicas, Postgres, Redis, 2 worker processes"] = load_run(urls[:2], args.sessions)
                write()
            worker.stop()
            worker = None
        for server in servers:
            stop_server(server)
        servers = [start_server(library.root, ports[2])]
        loads["one replica, in-process (no --state, no --queue)"] = load_run(urls[2:], args.sessions)
        write()
    finally:
        for server in servers:
            stop_server(server)
        if worker is not None:
            worker.stop()
        postgres.stop()
        redis.stop()
    return 1 if any(r[2] for r in rows.values()) or any(v[2] for v in loads.values()) else 0


def report(rows, loads, args) -> str:
    """The figures as Markdown; ratios are against the 1-worker run (blank until it has run)."""
    base = next((r for r in rows if r[0] == 1), None)
    lines = [f"Phase 1: two `serve --state postgresql://... --queue redis://...` replicas (2 events at once "
             f"each), {args.conversations} conversations at once (story, a revision, both previews rendered by "
             "workers, then a final 720p /render), with 1, 2 and 4 worker processes (`storycut worker "
             "--concurrency N`: N pool processes, one job each).\n",
             "| workers | conversations/min | vs 1 worker | /render p50 | p95 | vs 1 worker | problems |",
             "|---|---|---|---|---|---|---|"]
    for count, wall, renders, problems in rows:
        renders = renders or [float("nan")]
        rate, p50 = 60 * args.conversations / wall, statistics.median(renders)
        rate_ratio = f"{rate * base[1] / (60 * args.conversations):.2f}x" if base else ""
        render_ratio = f"{p50 / statistics.median(base[2] or [float('nan')]):.2f}x" if base else ""
        lines.append(f"| {count} | {rate:.1f} | {rate_ratio} | {p50:.1f} s | {percentile(renders, 0.95):.1f} s | "
                     f"{render_ratio} | {len(problems) or 'none'} |")
    lines += ["", f"Phase 2: bench.load's {args.sessions} conversations at once (story, 2 revisions, /render), "
              "each checked to show only its own story, length and aspect.\n",
              "| setup | complete | wall | call p50 | call p95 | conversations/min |", "|---|---|---|---|---|---|"]
    for name, (wall, timings, problems) in loads.items():
        timings = timings or [float("nan")]
        lines.append(f"| {name} | {args.sessions - len(problems)}/{args.sessions} | {wall:.0f} s | "
                     f"{statistics.median(timings):.1f} s | {percentile(timings, 0.95):.1f} s | "
                     f"{60 * args.sessions / wall:.1f} |")
    problems = [p for _, _, _, ps in rows for p in ps] + [p for v in loads.values() for p in v[2]]
    if problems:
        lines += ["", "Problems: " + "; ".join(problems[:5])]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
