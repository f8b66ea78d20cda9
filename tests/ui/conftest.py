import functools
import socket
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import uvicorn

from ui.server import create_server

ALLOWED = "http://allowed.example:8080"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_in_thread(app, port: int | None = None) -> tuple[str, uvicorn.Server]:
    port = port or free_port()
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


class Site:
    """Another web site on its own localhost port, whose page includes a script tag."""

    def __init__(self, folder, script_src: str):
        (folder / "index.html").write_text(
            f"<!doctype html><html><head><title>Host page</title></head><body><h1>A site that embeds "
            f"storycut</h1><p>Some article text.</p><script src=\"{script_src}\" async></script></body></html>")
        self.server = ThreadingHTTPServer(("127.0.0.1", 0),
                                          functools.partial(SimpleHTTPRequestHandler, directory=str(folder)))
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Two other sites: `allowed` may embed the widget, `refused` may not. Their pages point at a
    port chosen now, where `app_url` then serves storycut."""
    port = free_port()
    made = {name: Site(tmp_path_factory.mktemp(name), f"http://127.0.0.1:{port}/widget.js")
            for name in ("allowed", "refused")}
    made["port"] = port
    yield made
    for name in ("allowed", "refused"):
        made[name].close()


@pytest.fixture(scope="module")
def app_url(demo_library, sites):
    """`storycut serve` over the demo library on a free localhost port, allowing two other sites."""
    app = create_server(demo_library, allow_origins=[ALLOWED, sites["allowed"].origin])
    url, server = serve_in_thread(app, sites["port"])
    yield url
    server.should_exit = True
