"""The web server of `storycut serve`: the Gradio app mounted in FastAPI with an embedding policy.

`--allow-origin` names the sites that may frame the app (Content-Security-Policy frame-ancestors)
and call it from their pages (CORS). With none, only the app's own origin may do either.
"""

from __future__ import annotations

import gradio as gr
import uvicorn
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vectorstore import Library

from .app import build_app


class FrameAncestors:
    """Adds `Content-Security-Policy: frame-ancestors 'self' ORIGIN...` to every HTTP response."""

    def __init__(self, app: ASGIApp, origins: list[str]):
        self.app = app
        self.policy = " ".join(["frame-ancestors 'self'", *origins]).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"].append((b"content-security-policy", self.policy))
            await send(message)

        await self.app(scope, receive, send_with_policy)


def create_server(library: Library, allow_origins: list[str] | None = None,
                  auth: tuple[str, str] | None = None) -> FastAPI:
    """The ASGI app serving the chat; only the library's renders and thumbnails are served as files."""
    origins = [o.rstrip("/") for o in allow_origins or []]
    server = FastAPI()
    server.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True,
                          allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"])
    server.add_middleware(FrameAncestors, origins=origins)
    blocks = build_app(library)
    blocks.queue(default_concurrency_limit=2)
    return gr.mount_gradio_app(server, blocks, path="/", auth=auth, footer_links=["api"],
                               allowed_paths=[str(library.renders), str(library.thumbs)])


def serve(library: Library, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
          allow_origins: list[str] | None = None) -> None:
    """Run the server until interrupted."""
    uvicorn.run(create_server(library, allow_origins, auth), host=host, port=port, log_level="warning")
