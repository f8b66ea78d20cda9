"""Load on `storycut serve`: concurrent conversations through gradio_client, then a long one.

Phase 1: N conversations at once (default 16), each a story, two revisions and a render, on
its own thread and its own session; each session's final plan must reflect only its own
messages (its own story, length and aspect). Meanwhile a probe fetches the app's page every half
second: queueing must keep the server answering. Phase 2: 200 more turns on a few sessions,
sampling the server's resident memory, which must stay bounded.
Run: `python -m bench.load [--library DIR] [--sessions 16] [--turns 200]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gradio_client import Client

from vectorstore import Library, ingest

from .report import RELIABILITY, write_section

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ["A white cockatoo peers into the camera.", "A fluffy dog lies on the floor.",
             "At night the city towers glow.", "A cyclist rides through traffic.", "Water flows over the rocks.",
             "People walk across the campus.", "A tree sways in the wind."]
REVISIONS = ["make it faster", "make it slower", "vertical", "16:9", "undo", "redo", "make it more dramatic",
             "calm please", "no subtitles", "with subtitles"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_server(library: Path, port: int, options: list[str] | None = None) -> subprocess.Popen:
    """`storycut serve` in its own process, once it answers (its messages go to a temporary file,
    which a long run could never fill the way it fills a pipe nobody reads). `options`: more
    global options (--state, --queue)."""
    storycut = Path(sys.executable).with_name("storycut")
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([str(storycut), "--library", str(library), *(options or []), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 600  # a loaded shared machine can take minutes to import everything
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"the server stopped: {log.read().decode(errors='replace')[-500:]}")
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the server did not start")


def conversation(url: str, n: int, timings: list[float]) -> str | None:
    """One user's conversation; the reason it went wrong, or None."""
    try:
        return _conversation(url, n, timings)
    except Exception as exc:  # reported with the others, not raised: every conversation is counted
        return f"session {n}: {type(exc).__name__}: {exc}"


def _conversation(url: str, n: int, timings: list[float]) -> str | None:
    client = Client(url, verbose=False)
    story = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3))
    seconds, aspect = 8 + n, ("9:16" if n % 2 else "1:1")

    def chat(message: str, session: str) -> tuple[dict, str]:
        start = time.perf_counter()
        _, _, plan, session = client.predict(message=message, session=session, api_name="/chat")
        timings.append(time.perf_counter() - start)
        return plan, session

    plan, session = chat("Make a video of this story: " + story, "")
    if plan is None:
        return f"session {n}: the story was not cut"
    chat(f"make it {seconds} seconds", session)
    plan, session = chat("vertical please" if aspect == "9:16" else "square please", session)
    start = time.perf_counter()
    video = client.predict(session=session, quality="preview", api_name="/render")
    timings.append(time.perf_counter() - start)
    texts = " ".join(s["text"] for s in plan["segments"])
    if texts != story:
        return f"session {n} shows another story: {texts[:60]}"
    if abs(plan["duration"] - seconds) > 0.05 or plan["style"]["aspect"] != aspect:
        return f"session {n}: {plan['duration']} s {plan['style']['aspect']}, expected {seconds} s {aspect}"
    if not Path(video).stat().st_size:
        return f"session {n}: empty video"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default=str(ROOT / ".bench" / "demo-library"))
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--port", type=int, default=7877)
    args = parser.parse_args()
    library = Library.open(args.library)
    ingest([ROOT / "demo" / "footage"], library, workers=2)
    server = start_server(library.root, args.port)
    url = f"http://127.0.0.1:{args.port}/"
    try:
        probes: list[float] = []
        done = threading.Event()

        def probe() -> None:
            while not done.is_set():
                start = time.perf_counter()
                try:
                    urllib.request.urlopen(url + "widget.js", timeout=30).read()
                    probes.append(time.perf_counter() - start)
                except OSError:
                    probes.append(float("inf"))  # an unanswered probe counts as the worst
                time.sleep(0.5)

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        timings: list[float] = []
        start = time.perf_counter()
        with ThreadPoolExecutor(args.sessions) as pool:
            problems = [p for p in pool.map(lambda n: conversation(url, n, timings), range(args.sessions)) if p]
        wall = time.perf_counter() - start
        done.set()
        prober.join()

        client = Client(url, verbose=False)
        sessions = [client.predict(message="Make a video of this story: " + " ".join(SENTENCES[k:k + 3]), session="",
                                   api_name="/chat")[3] for k in range(4)]
        memory, long_turns = [(0, rss_mb(server.pid))], []
        for turn in range(1, args.turns + 1):
            began = time.perf_counter()
            client.predict(message=REVISIONS[turn % len(REVISIONS)], session=sessions[turn % len(sessions)],
                           api_name="/chat")
            long_turns.append(time.perf_counter() - began)
            if turn % 20 == 0:
                memory.append((turn, rss_mb(server.pid)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    settled = memory[1][1]
    body = (f"Server: `storycut serve` over the demo library ({args.sessions} conversations at once, queue "
            f"concurrency 2).\n\n"
            f"- **Concurrent conversations**: {args.sessions} x (story, 2 revisions, /render) through gradio_client: "
            f"{args.sessions - len(problems)}/{args.sessions} complete and correct (each plan has its own story, "
            f"length and aspect){'; problems: ' + '; '.join(problems) if problems else ''}. Wall {wall:.0f} s; "
            f"call time p50 {statistics.median(timings):.1f} s, p95 {percentile(timings, 0.95):.1f} s "
            f"({len(timings)} calls, waiting in the queue included).\n"
            f"- **Responsiveness under that load**: /widget.js fetched every 0.5 s: p50 "
            f"{statistics.median(probes) * 1000:.0f} ms, p95 {percentile(probes, 0.95) * 1000:.0f} ms, max "
            f"{max(probes) * 1000:.0f} ms ({len(probes)} fetches).\n"
            f"- **Memory over {args.turns} more turns** (4 sessions, revisions with previews): server RSS "
            + ", ".join(f"{mb:.0f} MB after {t}" for t, mb in memory)
            + f" turns; growth after the first 20 turns: {memory[-1][1] - settled:+.0f} MB. Turn p50 "
            f"{statistics.median(long_turns):.2f} s, p95 {percentile(long_turns, 0.95):.2f} s.\n")
    write_section("load", "Load: concurrent conversations and memory", "python -m bench.load", body, doc=RELIABILITY)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
