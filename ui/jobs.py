"""Renders and ingests as Celery tasks on Redis (`--queue redis://...`), run by `storycut worker`.

A task is acknowledged only when it has finished (`acks_late`), and rejected back onto the queue
when its pool process dies (`reject_on_worker_lost`); a whole worker that dies leaves its task
unacknowledged, and another worker runs it again once the visibility timeout has passed. Renders
are written under a temporary name and renamed into place (`tools.files.replacing`), so a task
run twice, or killed halfway, never leaves a partial video. Results and progress live in Redis,
so any replica can wait on a job another replica started.

`Jobs` is the client side (serve, chat): it sends a task and reports, while it waits, whether the
job is queued, running or how far it got. Without `--queue`, nothing here is used: renders and
ingests run in-process as before.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

from celery import Celery
from celery.result import AsyncResult
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from agent import Editor
from agent.chat import Progress
from tools.plan import Plan
from tools.render import render
from vectorstore import IngestReport, Library, ingest
from vectorstore import Progress as IngestProgress
from vectorstore.errors import StorycutError

QUEUE_ENV = "STORYCUT_QUEUE"
VISIBILITY_ENV = "STORYCUT_QUEUE_VISIBILITY"
DEFAULT_VISIBILITY = 900
"""Seconds after which a job taken by a worker that never finished it is given to another: longer
than the slowest render or ingest, or a slow job would be started a second time meanwhile."""
POLL_SECONDS = 0.25
RENDER, INGEST = "storycut.render", "storycut.ingest"
QUEUES = {RENDER: "render", INGEST: "ingest"}


class JobError(StorycutError):
    """A job the queue could not take or a worker could not finish."""


def queue_url(url: str | None = None) -> str | None:
    """The queue named by `url`, else by STORYCUT_QUEUE, else None (run everything in-process)."""
    url = url or os.environ.get(QUEUE_ENV) or None
    if url is not None and not url.startswith(("redis://", "rediss://")):
        raise JobError(f"--queue takes redis://HOST:PORT/N, not {url.split('://')[0]}://...")
    return url


def visibility_timeout() -> int:
    value = os.environ.get(VISIBILITY_ENV) or str(DEFAULT_VISIBILITY)
    if not value.isdigit() or int(value) < 1:
        raise JobError(f"{VISIBILITY_ENV} is a whole number of seconds, not {value!r}")
    return int(value)


def celery_app(url: str, library: Library | None = None) -> Celery:
    """The Celery app over queue `url`; with `library`, its tasks too (a worker's app)."""
    app = Celery("storycut", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_track_started=True, task_serializer="json", result_serializer="json", accept_content=["json"],
        result_expires=24 * 3600, broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
        broker_transport_options={"visibility_timeout": visibility_timeout()},
        task_routes={name: {"queue": queue} for name, queue in QUEUES.items()},
        worker_send_task_events=False, worker_enable_remote_control=False)
    if library is not None:
        _register(app, library)
    return app


def _register(app: Celery, library: Library) -> None:
    """The tasks, over the worker's own library (the same shared folder the web app names)."""

    @app.task(name=RENDER, bind=True)
    def render_plan(task, plan: dict, name: str, quality: str) -> dict:
        out = library.renders / name
        try:
            if not out.exists():
                render(Plan.model_validate(plan), Path(name), library.cache, quality=quality, within=library.renders)
        except StorycutError as exc:
            return {"error": str(exc)}
        return {"output": name}

    @app.task(name=INGEST, bind=True)
    def ingest_paths(task, paths: list[str]) -> dict:
        def progress(p: IngestProgress) -> None:
            task.update_state(state="PROGRESS", meta=dataclasses.asdict(p))
        try:
            # One file at a time: the worker's --concurrency is the parallelism (a pool process
            # may not start processes of its own).
            return {"report": ingest(paths, library, workers=1, progress=progress).model_dump()}
        except StorycutError as exc:
            return {"error": str(exc)}


class Jobs:
    """Hands renders and ingests to the workers of queue `url` and waits for them."""

    def __init__(self, url: str, library: Library):
        self.url, self.library = url, library
        self.app = celery_app(url)

    def render(self, plan: Plan, name: str, quality: str, tell: Progress | None = None) -> Path:
        """The render `name` (in the library's renders folder) of `plan`, made by a worker."""
        out = self.library.renders / name
        if not out.exists():
            self._run(RENDER, [plan.to_json(), name, quality], f"the {quality} render", tell)
        return out

    def render_editor(self, tell: Progress | None = None) -> Callable[[Editor, str], Path]:
        """An `agent.chat.Renderer`: the editor's current version, rendered by a worker."""
        def run(editor: Editor, quality: str) -> Path:
            edit = editor.edit
            if edit is None:
                raise JobError("there is no video yet: send me a story first")
            return self.render(edit.plan, render_name(editor.session, edit.plan.version, quality), quality, tell)
        return run

    def ingest(self, paths: list[Path], progress: Callable[[IngestProgress], None] | None = None) -> IngestReport:
        """Ingest `paths` on a worker, reporting its progress as an in-process ingest would."""
        answer = self._run(INGEST, [[str(p) for p in paths]], "the ingest", None, progress)
        return IngestReport.model_validate(answer["report"])

    def _run(self, task: str, args: list, what: str, tell: Progress | None,
             progress: Callable[[IngestProgress], None] | None = None) -> dict:
        """Send the job and return its answer, telling while it waits whether it is queued or running."""
        try:
            return self._wait(self.app.send_task(task, args=args, queue=QUEUES[task]), what, tell, progress)
        except (OSError, RedisError, OperationalError, RuntimeError) as exc:  # Redis went away (Celery's
            raise JobError(f"the job queue {self.url} cannot be reached: {exc}") from exc  # RuntimeError says so too)

    def check(self) -> None:
        """Fail now, with one clear error, if the queue's Redis cannot be reached."""
        import redis

        try:
            redis.Redis.from_url(self.url, socket_connect_timeout=5).ping()
        except RedisError as exc:
            raise JobError(f"the job queue {self.url} cannot be reached: {exc}") from exc

    def _wait(self, result: AsyncResult, what: str, tell: Progress | None,
              progress: Callable[[IngestProgress], None] | None) -> dict:
        told, step_seen = None, None
        deadline = time.monotonic() + 2 * visibility_timeout()
        while (state := result.state) not in ("SUCCESS", "FAILURE", "REVOKED"):
            if time.monotonic() > deadline:  # lost with a Redis restart, or no worker runs at all
                raise JobError(f"{what} was not done in {2 * visibility_timeout()} s: is a `storycut worker` "
                               "running on this queue?")
            if state == "PROGRESS" and progress is not None and result.info != step_seen:
                step_seen = result.info
                progress(IngestProgress(**step_seen))
            step = f"{what} is waiting for a worker" if state in ("PENDING", "RETRY") else f"a worker is making {what}"
            if tell is not None and step != told:
                tell(step)
                told = step
            time.sleep(POLL_SECONDS)
        if state != "SUCCESS":
            raise JobError(f"{what} failed on its worker: {result.info!r}")
        answer = result.get(timeout=10)
        result.forget()
        if "error" in answer:
            raise JobError(answer["error"])
        return answer


def render_name(session: str, version: int, quality: str) -> str:
    """The file name `Editor.render` gives this render, so queued and in-process renders meet."""
    return f"{session}-v{version}{'' if quality == 'preview' else f'-{quality}'}.mp4"


def run_worker(url: str, library: Library, concurrency: int) -> None:
    """`storycut worker`: run render and ingest jobs until stopped."""
    app = celery_app(url, library)
    worker = app.Worker(concurrency=concurrency, pool="prefork", queues=list(QUEUES.values()), loglevel="INFO",
                        hostname=f"storycut-{os.getpid()}@{socket.gethostname()}", optimization="fair",
                        without_gossip=True, without_mingle=True, without_heartbeat=True)
    worker.start()
    if worker.exitcode:
        raise JobError(f"the worker stopped with status {worker.exitcode}")
