"""A scripted OpenAI-compatible server on 127.0.0.1 for tests: real HTTP, answers set by the test.

Each request is recorded (path, Authorization header, JSON body, or a file upload's raw bytes as `form`); each answer is taken from the
queue the test filled for that path, so a test says exactly what "the model" does at each step.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class OpenAIServer:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answers: dict[str, deque[tuple[int, str, bytes]]] = defaultdict(deque)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def answer(self, path: str, body: bytes | dict, status: int = 200, content_type: str = "application/json") -> None:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        self.answers[path].append((status, content_type, data))

    def tool_calls(self, *calls: tuple[str, dict]) -> None:
        """The next chat completion asks for these tool calls."""
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": f"call_{len(self.requests)}_{n}", "type": "function",
             "function": {"name": name, "arguments": json.dumps(args)}} for n, (name, args) in enumerate(calls)]}
        self.answer("/v1/chat/completions", _completion(message, "tool_calls"))

    def says(self, text: str) -> None:
        """The next chat completion answers with `text`."""
        self.answer("/v1/chat/completions", _completion({"role": "assistant", "content": text}, "stop"))

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                multipart = self.headers.get("Content-Type", "").startswith("multipart/form-data")
                body = {"form": raw} if multipart else json.loads(raw)  # a file upload: the test reads the bytes
                server.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
                queue = server.answers[self.path]
                status, content_type, data = queue.popleft() if queue else (404, "application/json", b"{}")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self) -> "OpenAIServer":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def _completion(message: dict, finish: str) -> dict:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "scripted",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
