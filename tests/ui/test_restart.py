"""A server stopped mid-conversation and started again: every session continues where it was."""

import signal

from gradio_client import Client

from bench.load import start_server as start
from tests.ui.conftest import free_port

STORY = "Make a video of this story: A cockatoo looks at the camera. A dog lies on the floor. The city glows at night."


def test_sessions_survive_a_killed_server(demo_library):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = start(demo_library.root, port)
    try:
        client = Client(url, verbose=False)
        _, _, first, one = client.predict(message=STORY, session="", api_name="/chat")
        _, _, other, two = client.predict(message=STORY, session="", api_name="/chat")
        _, _, tall, _ = client.predict(message="vertical please", session=one, api_name="/chat")
        _, _, short, _ = client.predict(message="make it 9 seconds", session=two, api_name="/chat")
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    server = start(demo_library.root, port)
    try:
        client = Client(url, verbose=False)
        _, _, back, _ = client.predict(message="undo", session=one, api_name="/chat")
        assert back["version"] == first["version"] and back["style"]["aspect"] == "16:9"
        reply, _, redone, _ = client.predict(message="redo", session=one, api_name="/chat")
        assert redone["style"]["aspect"] == "9:16" and redone["version"] == tall["version"]
        _, _, still, _ = client.predict(message="what is in the video?", session=two, api_name="/chat")
        assert still["duration"] == short["duration"] and still["version"] == short["version"]
        history = client.predict(message="show the version history", session=two, api_name="/chat")[0]
        assert "set the length to 9 s" in history and "(current)" in history
    finally:
        server.terminate()
        server.wait(timeout=30)
