"""`storycut`: the command-line front end. Parses, calls one facade, formats; nothing more.

The contract (commands, options, JSON shapes, exit codes) is `../shared/SPEC.md`.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Column, Table
from rich.text import Text

from vectorstore.errors import StorycutError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="storycut: write a story, chat with your editor, get a video cut from your own footage.")
err = Console(stderr=True, soft_wrap=True)
DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"


class Context:
    """Global options, resolved lazily so `--help` never touches the library."""

    def __init__(self, library: str | None, chroma_url: str | None, state: str | None = None,
                 queue: str | None = None):
        self._library, self._chroma_url, self._state, self._queue = library, chroma_url, state, queue

    @property
    def library(self):
        from vectorstore import Library

        return Library.open(self._library, self._chroma_url)

    def state(self, library):
        """Where sessions and the agent's memory live (--state, else the library's SQLite files)."""
        from agent.state import State

        return State.of(library, self._state)

    @property
    def queue(self) -> str | None:
        """The job queue's URL (--queue, else STORYCUT_QUEUE), or None."""
        from ui.jobs import queue_url

        return queue_url(self._queue)

    def jobs(self, library):
        """The job queue's client, or None to render and ingest in-process."""
        from ui.jobs import Jobs

        return Jobs(self.queue, library) if self.queue else None


def _ctx(ctx: typer.Context) -> Context:
    return ctx.obj


def emit(data: dict) -> None:
    """Print exactly one JSON document on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


@app.callback()
def main_options(
    ctx: typer.Context,
    library: Annotated[Optional[str], typer.Option("--library", envvar="STORYCUT_LIBRARY",
                                                   help="Library folder (default ./storycut-library).")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url", envvar="STORYCUT_CHROMA_URL",
                                                      help="Use a Chroma server instead of the embedded index.")] = None,
    state: Annotated[Optional[str], typer.Option("--state", envvar="STORYCUT_STATE",
                                                 help="Sessions and memory in Postgres (postgresql://...) "
                                                      "instead of SQLite in the library.")] = None,
    queue: Annotated[Optional[str], typer.Option("--queue", envvar="STORYCUT_QUEUE",
                                                 help="Hand renders and ingests to `storycut worker` "
                                                      "processes through Redis (redis://HOST:PORT/N).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    ctx.obj = Context(library, chroma_url, state, queue)
    ctx.meta["debug"] = debug


JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


@app.command()
def ingest(ctx: typer.Context, paths: Annotated[list[Path], typer.Argument(help="Video files or folders.")],
           workers: Annotated[int, typer.Option(min=1, max=64, help="Files analysed in parallel.")] = 1,
           as_json: JsonOpt = False) -> None:
    """Index video files (folders walked recursively); incremental and safe to interrupt."""
    from vectorstore import ingest as run_ingest

    library = _ctx(ctx).library
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[shots]} shots"), console=err, disable=as_json and not err.is_terminal,
                  transient=True) as bar:
        task = bar.add_task("analysing", total=None, shots=0)

        def progress(p):
            bar.update(task, total=p.total, completed=p.done, shots=p.shots,
                       description=f"analysing {escape(Path(p.path).name[:30]):30}")

        report = run_ingest(paths, library, workers=workers, progress=progress)
    if as_json:
        emit(report.model_dump())
        return
    err.print(f"{report.files_seen} files seen: {report.files_indexed} indexed, {report.files_unchanged} unchanged, "
              f"{report.files_removed} removed; {report.shots_added} shots added, {report.shots_total} in the library.")
    for e in report.errors:
        err.print(f"[yellow]skipped[/] {escape(e.path)}: {escape(e.reason)}")


@app.command()
def shots(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List every shot in the library."""
    from vectorstore import library_shots
    from vectorstore.concepts import SURE_CONFIDENCE

    records = library_shots(_ctx(ctx).library)
    if as_json:
        emit({"shots": [s.model_dump(include=_SHOT_FIELDS) for s in records]})
        return
    table = Table("shot", "source", "start", "end", "size", "camera", _text_column("description"), _text_column("sees"),
                  _text_column("says"))
    for s in records:
        sees = ", ".join(c.word for c in s.concepts if c.confidence >= SURE_CONFIDENCE)
        table.add_row(s.shot_id, Text(Path(s.source).name), f"{s.start:.1f}", f"{s.end:.1f}", s.features.shot_size,
                      s.features.camera_motion, Text(s.description), Text(sees), Text(s.transcript))
    Console().print(table)
    err.print(f"{len(records)} shots")


def _text_column(name: str) -> Column:
    """A column for long free text: one line, cut with an ellipsis."""
    return Column(name, no_wrap=True, overflow="ellipsis", max_width=48)


_SHOT_FIELDS = {"shot_id", "source", "start", "end", "duration", "description", "tags", "features",
                "concepts", "captions", "transcript"}
"""The SPEC's Shot (with its `transcript`: the words spoken during the shot), extended with what the
visual tagger saw (`concepts`: word and confidence, most confident first) and a vision model's keyframe
captions, if one is configured."""


@app.command()
def search(ctx: typer.Context, text: Annotated[Optional[str], typer.Argument(help="What to look for.")] = None,
           k: Annotated[int, typer.Option("--k", min=1, max=1000, help="How many results.")] = 10,
           batch: Annotated[Optional[Path], typer.Option(help="File with one query per line.")] = None,
           as_json: JsonOpt = False) -> None:
    """Ranked shots for a text (or for every line of a --batch file)."""
    from tools.retrieval import Retriever

    if (text is None) == (batch is None):
        raise typer.BadParameter("give either TEXT or --batch FILE")
    retriever = Retriever(_ctx(ctx).library)
    if batch is not None:
        try:
            queries = [q.strip() for q in batch.read_text(encoding="utf-8", errors="replace").splitlines() if q.strip()]
        except OSError as exc:
            raise StorycutError(f"cannot read {batch}: {exc.strerror}") from exc
        results = [{"query": q, "results": [h.model_dump() for h in retriever.search(q, k)]} for q in queries]
        emit({"results": results}) if as_json else [_print_hits(r["query"], r["results"]) for r in results]
        return
    hits = [h.model_dump() for h in retriever.search(text, k)]
    emit({"query": text, "results": hits}) if as_json else _print_hits(text, hits)


def _print_hits(query: str, hits: list[dict]) -> None:
    table = Table("#", "score", "shot", "time", _text_column("description"), "why", title=Text(query))
    for i, h in enumerate(hits, 1):
        table.add_row(str(i), f"{h['score']:.3f}", Text(Path(h["source"]).name), f"{h['start']:.1f}-{h['end']:.1f}",
                      Text(h["description"]), Text(h["why"]))
    Console().print(table)


def _story(story: str) -> str:
    if story.startswith("@"):
        try:
            return Path(story[1:]).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise StorycutError(f"cannot read the story file {story[1:]}: {exc.strerror}") from exc
    return story


StoryArg = Annotated[str, typer.Argument(help="The story text, or @FILE to read it from a file.")]
StyleOpt = Annotated[str, typer.Option("--style", help="Style preset: neutral, dramatic, calm, energetic, "
                                                        "documentary, cinematic.")]
DurationOpt = Annotated[Optional[float], typer.Option("--duration", min=1, max=3600,
                                                      help="Total length in seconds (default: follow the narration).")]
class Aspect(str, Enum):
    wide = "16:9"
    tall = "9:16"
    square = "1:1"


class Fit(str, Enum):
    cover = "cover"
    blur = "blur"


class ExportFormat(str, Enum):
    otio = "otio"
    edl = "edl"
    fcpxml = "fcpxml"
    srt = "srt"
    vtt = "vtt"
    json = "json"


AspectOpt = Annotated[Aspect, typer.Option("--aspect", help="Aspect ratio.")]


def _known_look(name: str) -> str:
    from tools.plan import LOOKS

    if name not in LOOKS:
        raise typer.BadParameter(f"unknown look {name!r}; choose one of: {', '.join(LOOKS)}")
    return name


LookOpt = Annotated[str, typer.Option("--look", callback=_known_look,
                                      help="Colour look of the whole video: natural, bw, warm, cool, vintage, vivid, "
                                           "muted.")]
TitleOpt = Annotated[Optional[str], typer.Option("--title", help="An opening title over the first seconds.")]


def _planned(library, story: str, style, duration: float | None, title: str | None):
    from tools import plan_story
    from tools.titles import with_opening_title

    result = plan_story(library, _story(story), style, duration)
    return with_opening_title(result, title) if title and title.strip() else result


@app.command()
def plan(ctx: typer.Context, story: StoryArg, style: StyleOpt = "neutral", duration: DurationOpt = None,
         aspect: AspectOpt = Aspect.wide, look: LookOpt = "natural", title: TitleOpt = None,
         as_json: JsonOpt = False) -> None:
    """Build a montage plan without rendering."""
    from tools import style_preset

    result = _planned(_ctx(ctx).library, story, style_preset(style, aspect=aspect.value, look=look), duration,
                      title)
    emit(result.to_json()) if as_json else _print_plan(result)


def _print_plan(result) -> None:
    for seg in result.segments:
        err.print(f"[bold]{seg.id}[/] {seg.start:5.1f}s +{seg.duration:.1f}s  {escape(seg.text)}")
        for c in seg.clips:
            err.print(f"      {escape(Path(c.source).name)} {c.in_:.2f}-{c.out:.2f}")
    err.print(f"{len(result.segments)} segments, {result.duration:.1f} s")


@app.command()
def make(ctx: typer.Context, story: StoryArg,
         output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output MP4 path.")] = None,
         preview: Annotated[bool, typer.Option("--preview", help="Fast low-resolution render.")] = False,
         style: StyleOpt = "neutral", duration: DurationOpt = None, aspect: AspectOpt = Aspect.wide,
         no_narration: Annotated[bool, typer.Option("--no-narration", help="No voice-over.")] = False,
         no_subtitles: Annotated[bool, typer.Option("--no-subtitles", help="No burned-in subtitles.")] = False,
         fit: Annotated[Fit, typer.Option("--fit", help="Footage of another shape: crop to cover the frame, "
                                                        "or show it whole over a blurred copy.")] = Fit.cover,
         music: Annotated[Optional[Path], typer.Option("--music", help="Music file under the video, lowered "
                                                                       "while the narration speaks.")] = None,
         hd: Annotated[bool, typer.Option("--hd", help="Render the final cut at 1080p instead of 720p.")] = False,
         source_audio: Annotated[bool, typer.Option("--source-audio", help="Keep the clips' own sound "
                                                                          "(under the narration).")] = False,
         look: LookOpt = "natural", title: TitleOpt = None, as_json: JsonOpt = False) -> None:
    """Plan and render a video."""
    from tools import render, style_preset

    if music is not None and not music.is_file():
        raise typer.BadParameter(f"no such music file: {music}", param_hint="--music")
    library = _ctx(ctx).library
    chosen = style_preset(style, aspect=aspect.value, narration=not no_narration, subtitles=not no_subtitles,
                          fit=fit.value, music=str(music.resolve()) if music else None, source_audio=source_audio,
                          look=look)
    result = _planned(library, story, chosen, duration, title)
    out = output or Path("out") / "storycut.mp4"
    rendered = render(result, out, library.cache, quality="preview" if preview else "hd" if hd else "final")
    if as_json:
        emit({"output": str(rendered.output), "plan": result.to_json()})
    else:
        err.print(f"{len(result.segments)} segments, {result.duration:.1f} s, {rendered.width}x{rendered.height}")
        print(rendered.output)


@app.command()
def chat(ctx: typer.Context, session: Annotated[Optional[str], typer.Option(help="Session id to continue.")] = None,
         message: Annotated[Optional[str], typer.Option(help="Send one message and exit.")] = None,
         model: Annotated[Optional[str], typer.Option(help="local (built-in director, the default), openai:NAME "
                                                     "(OPENAI_API_KEY, OPENAI_BASE_URL) or ollama:NAME.")] = None,
         no_render: Annotated[bool, typer.Option("--no-render", help="Do not render a preview.")] = False,
         as_json: JsonOpt = False) -> None:
    """Chat with the editor: one turn with --message, else an interactive session."""
    from agent import chat_turn

    from agent import chat_model

    chat_model(model)  # a wrong model name or a missing key fails before any work
    library = _ctx(ctx).library
    state, jobs = _ctx(ctx).state(library), _ctx(ctx).jobs(library)
    options = dict(render_preview=not no_render, model=model, state=state)
    if message is not None:
        turn = chat_turn(library, session, message, renderer=jobs.render_editor() if jobs else None, **options)
        if as_json:
            emit({"session": turn.session, "reply": turn.reply, "plan": turn.plan.to_json() if turn.plan else None,
                  "preview": str(turn.preview) if turn.preview else None})
        else:
            print(turn.reply)
            if turn.preview:
                print(f"preview: {turn.preview}")
        return
    err.print("Chat with storycut. Paste a story to start; Ctrl-D to quit.")
    while True:
        try:
            line = input("you> ")
        except EOFError:
            break
        with err.status("thinking...") as status:
            def tell(step: str) -> None:
                status.update(f"{step}...")
            turn = chat_turn(library, session, line, progress=tell,
                             renderer=jobs.render_editor(tell) if jobs else None, **options)
        session = turn.session
        print(f"storycut> {turn.reply}")
        if turn.preview:
            print(f"           preview: {turn.preview}")
    err.print(f"session {session}: continue with --session {session}")


@app.command()
def export(ctx: typer.Context, session: Annotated[str, typer.Argument(help="Session id.")],
           fmt: Annotated[ExportFormat, typer.Option("--format", help="Export format.")],
           output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")]) -> None:
    """Export a session's current plan."""
    from tools import export as run_export

    store = _ctx(ctx).state(_ctx(ctx).library).store()
    try:
        edit = store.edit(session) if store.exists(session) else None
    finally:
        store.close()
    if edit is None:
        raise StorycutError(f"session {session!r} has no plan yet")
    print(run_export(edit.plan, fmt.value, output))


@app.command()
def serve(ctx: typer.Context, host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 7860,
          allow_origin: Annotated[Optional[list[str]], typer.Option("--allow-origin", help="Site allowed to embed the chat.")] = None,
          auth: Annotated[Optional[str], typer.Option(help="USER:PASS required to use the app.")] = None,
          footage: Annotated[Optional[list[Path]], typer.Option("--footage", help="Server folder the app may ingest from (repeatable).")] = None,
          max_upload_mb: Annotated[int, typer.Option(min=1, help="Largest upload accepted, in MB.")] = 2048) -> None:
    """Run the web app: chat with previews, storyboard, library, downloads; /embed and /widget.js for other sites."""
    from ui.server import serve as run_server

    credentials = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise typer.BadParameter("--auth takes USER:PASS")
        credentials = (user, password)
    library = _ctx(ctx).library
    state, jobs = _ctx(ctx).state(library), _ctx(ctx).jobs(library)
    state.prepare()  # an unreachable state database or queue fails now, not on the first request
    if jobs:
        jobs.check()
    err.print(f"storycut is serving on http://{host}:{port}/ (Ctrl-C to stop)")
    run_server(library, host=host, port=port, auth=credentials, allow_origins=allow_origin or [],
               footage_roots=footage or [], max_upload_mb=max_upload_mb, state=state, jobs=jobs)


@app.command()
def worker(ctx: typer.Context,
           concurrency: Annotated[int, typer.Option(min=1, max=64, help="Jobs run at once (one process each).")] = 2
           ) -> None:
    """Run render and ingest jobs from --queue until stopped; start any number, on any machines."""
    from ui.jobs import JobError, Jobs, run_worker

    url = _ctx(ctx).queue
    if url is None:
        raise JobError("storycut worker needs --queue redis://HOST:PORT/N (or STORYCUT_QUEUE)")
    library = _ctx(ctx).library
    Jobs(url, library).check()
    err.print(f"storycut worker: {concurrency} at once, jobs from {url} (Ctrl-C to stop)")
    run_worker(url, library, concurrency)


class DemoLanguage(str, Enum):
    en = "en"
    zh = "zh"


DEMO_STORIES = {DemoLanguage.en: "story.txt", DemoLanguage.zh: "story_zh.txt"}


@app.command()
def demo(ctx: typer.Context,
         output: Annotated[Path, typer.Option("-o", "--output", help="Output MP4 path.")] = Path("out/demo.mp4"),
         lang: Annotated[DemoLanguage, typer.Option("--lang", help="The sample story's language: en or zh.")]
         = DemoLanguage.en,
         as_json: JsonOpt = False) -> None:
    """Ingest the bundled demo footage and cut the sample story; print the video's path."""
    from tools import plan_story, render, style_preset
    from vectorstore import ingest as run_ingest

    footage, story = DEMO_DIR / "footage", DEMO_DIR / DEMO_STORIES[lang]
    if not footage.is_dir() or not story.is_file():
        raise StorycutError(f"the demo footage is missing from {DEMO_DIR} (run from a storycut checkout)")
    library = _ctx(ctx).library
    with err.status("ingesting the demo footage..."):
        report = run_ingest([footage], library, workers=2)
    err.print(f"library: {report.shots_total} shots from {report.files_seen} clips")
    with err.status("planning and rendering..."):
        result = plan_story(library, story.read_text(encoding="utf-8"), style_preset("neutral"))
        rendered = render(result, output, library.cache, quality="preview")
    if as_json:
        emit({"output": str(rendered.output), "plan": result.to_json()})
        return
    for seg in result.segments:
        err.print(f"  {seg.start:5.1f}s  {escape(seg.text)}")
    err.print(f"{result.duration:.1f} s video, {rendered.width}x{rendered.height}:")
    print(rendered.output)


def main() -> None:
    """Entry point: usage errors exit 2 (typer), storycut errors print one line and exit 1."""
    try:
        app()
    except StorycutError as exc:
        if "--debug" in sys.argv[1:]:
            raise
        sys.stderr.write(f"storycut: error: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
