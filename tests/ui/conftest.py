import socket
import threading
import time
import urllib.request

import pytest
import uvicorn

from ui.server import create_server

ALLOWED = "http://allowed.example:8080"


def serve_in_thread(app) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return url, server
        except OSError as exc:
            if getattr(exc, "code", None) == 401:  # up, behind --auth
                return url, server
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


@pytest.fixture(scope="module")
def app_url(demo_library):
    """`storycut serve` over the demo library on a free localhost port, allowing one other site."""
    url, server = serve_in_thread(create_server(demo_library, allow_origins=[ALLOWED]))
    yield url
    server.should_exit = True
