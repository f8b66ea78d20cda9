"""Two `storycut serve` replicas over one library, one Postgres state and one Redis queue, with a
render worker: every process is real and separate, as on separate machines.

A conversation alternates between the replicas; both edit one session at once and neither edit is
lost; a replica SIGKILLed in the middle of a turn leaves the other serving that session, undo and
redo intact.
"""

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from gradio_client import Client

from bench.load import start_server
from bench.scale import start_worker, stop_server
from tests.services import free_port

STORY = "Make a video of this story: A cockatoo looks at the camera. A dog lies on the floor. The city glows at night."


@pytest.fixture(scope="module")
def deployment(demo_library, postgres_server, redis_server):
    """(state URL, [replica URLs], [server processes]) of a two-replica deployment with one worker."""
    name = f"storycut_replicas_{free_port()}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    state, queue = postgres_server.rsplit("/", 1)[0] + f"/{name}", f"{redis_server}/15"
    worker = start_worker(demo_library.root, queue)
    ports = [free_port(), free_port()]
    servers = [start_server(demo_library.root, port, ["--state", state, "--queue", queue]) for port in ports]
    yield state, [f"http://127.0.0.1:{port}/" for port in ports], servers
    for server in servers:
        if server.poll() is None:
            stop_server(server)
    worker.stop()


def chat(url: str, message: str, session: str) -> tuple[str, str | None, dict, str]:
    return Client(url, verbose=False).predict(message=message, session=session, api_name="/chat")


def test_a_conversation_alternates_between_replicas(deployment):
    _, (a, b), _ = deployment
    _, video, first, sid = chat(a, STORY, "")
    _, _, short, _ = chat(b, "make it 12 seconds", sid)
    _, _, tall, _ = chat(a, "vertical please", sid)
    _, _, back, _ = chat(b, "undo", sid)
    assert video and first["version"] == 1 and short["duration"] == pytest.approx(12, abs=0.05)
    assert tall["style"]["aspect"] == "9:16" and tall["duration"] == pytest.approx(12, abs=0.05)
    assert back["version"] == short["version"] and back["style"]["aspect"] == "16:9"
    _, _, again, _ = chat(a, "redo", sid)
    assert again["version"] == tall["version"]
    history = chat(b, "show the version history", sid)[0]
    assert "set the length to 12 s" in history and "(current)" in history


def test_one_session_edited_on_both_replicas_at_once_loses_no_edit(deployment):
    _, (a, b), _ = deployment
    sid = chat(a, STORY, "")[3]
    with ThreadPoolExecutor(2) as pool:
        turns = list(pool.map(lambda job: chat(*job), [(a, "make it 14 seconds", sid), (b, "square please", sid)]))
    versions = sorted(t[2]["version"] for t in turns)
    assert versions == [2, 3]  # one after the other, each from the one before
    _, _, now, _ = chat(b, "what is in the video?", sid)
    assert now["version"] == 3 and now["duration"] == pytest.approx(14, abs=0.05) and now["style"]["aspect"] == "1:1"


def test_a_replica_killed_mid_turn_leaves_the_session_to_the_other(deployment):
    state, (a, b), servers = deployment
    sid = chat(a, STORY, "")[3]
    _, _, short, _ = chat(a, "make it 12 seconds", sid)

    def messages() -> list[tuple[str, str]]:
        with psycopg.connect(state) as conn:
            return conn.execute("SELECT role, text FROM messages WHERE session=%s ORDER BY seq", (sid,)).fetchall()

    before = len(messages())
    threading.Thread(target=lambda: _ignore(lambda: chat(a, "vertical please", sid)), daemon=True).start()
    deadline = time.monotonic() + 120
    while len(messages()) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    servers[0].send_signal(signal.SIGKILL)
    servers[0].wait()
    assert messages()[-1] == ("user", "vertical please"), "the turn had finished before the kill: nothing was tested"
    _, _, now, _ = chat(b, "what is in the video?", sid)  # not blocked by the dead replica's turn
    assert now["version"] in (short["version"], short["version"] + 1)
    _, _, back, _ = chat(b, "undo", sid)
    expected = short["version"] - 1 if now["version"] == short["version"] else short["version"]
    assert back["version"] == expected
    _, _, forward, _ = chat(b, "redo", sid)
    assert forward["version"] == now["version"] and forward["duration"] == pytest.approx(12, abs=0.05)


def _ignore(call) -> None:
    try:
        call()
    except Exception:  # the replica it talks to is killed mid-call
        pass
