"""The web server of `storycut serve`: the Gradio app and the embeddable chat, mounted in FastAPI
with an embedding policy.

`--allow-origin` names the sites that may frame the app (Content-Security-Policy frame-ancestors)
and call it from their pages (CORS). With none, only the app's own origin may do either. The
widget script is served from `/widget.js` and frames the chat-only page at `/embed` (the SPEC's
path, redirected to `/embed/`, where Gradio serves it).
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agent.state import State
from vectorstore import Library

from .app import CSS, DRAG_JS, build_app, build_embed
from .jobs import Jobs
from .service import DEFAULT_MAX_UPLOAD_MB, Service

WIDGET = Path(__file__).resolve().parent / "static" / "widget.js"


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


def create_server(library: Library, allow_origins: list[str] | None = None, auth: tuple[str, str] | None = None,
                  footage_roots: list[Path] | None = None, max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB,
                  state: State | None = None, jobs: Jobs | None = None) -> FastAPI:
    """The ASGI app: `/` the app, `/embed/` the chat alone, `/widget.js` the embeddable button.
    Only the library's renders, exports and thumbnails are ever served as files. Sessions live in
    `state` and jobs go to `jobs` (see `ui.service.Service`)."""
    origins = [o.rstrip("/") for o in allow_origins or []]
    service = Service(library, footage_roots, max_upload_mb, state, jobs)
    server = FastAPI()
    server.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True,
                          allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"])
    server.add_middleware(FrameAncestors, origins=origins)

    @server.get("/widget.js", include_in_schema=False)
    def widget() -> FileResponse:
        return FileResponse(WIDGET, media_type="text/javascript", headers={"Cache-Control": "max-age=300"})

    @server.get("/embed", include_in_schema=False)
    def embed_page(request: Request) -> RedirectResponse:
        # Relative, so that it also lands right behind a proxy that serves storycut under a prefix.
        query = request.url.query
        return RedirectResponse("embed/" + (f"?{query}" if query else ""), status_code=307)

    options = dict(auth=auth, allowed_paths=service.served_folders, max_file_size=f"{max_upload_mb}mb", css=CSS,
                   head=DRAG_JS)
    for path, blocks in (("/embed", build_embed(service)), ("/", build_app(service))):
        blocks.queue(default_concurrency_limit=2)
        server = gr.mount_gradio_app(server, blocks, path=path, footer_links=["api"], **options)
    return server


def serve(library: Library, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
          allow_origins: list[str] | None = None, footage_roots: list[Path] | None = None,
          max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB, state: State | None = None, jobs: Jobs | None = None) -> None:
    """Run the server until interrupted."""
    uvicorn.run(create_server(library, allow_origins, auth, footage_roots, max_upload_mb, state, jobs), host=host,
                port=port, log_level="warning", timeout_graceful_shutdown=5)
