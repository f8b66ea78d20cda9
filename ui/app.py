"""The Gradio app: a chat whose replies carry the preview video, a storyboard, the footage library,
settings, downloads and version history; and `build_embed`, the chat alone for the widget.

Callbacks only parse, call `ui.service.Service` (which calls the agent) and format. The storyboard's
controls (length, look, speed, caption, shot choice, the video's look, titles and music) call the
editor's typed operations directly (`operate`); the older buttons send a chat message to the built-in
director. Either way the change shows up in the conversation. Each browser keeps its session id in
local storage, and sessions live in the library, so a page reload or a server restart continues.
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Iterator
from typing import Any

import gradio as gr

from agent import Turn
from tools.export import FORMATS
from tools.style import PRESETS
from vectorstore.errors import StorycutError

from .controls import scene_controls, video_controls
from .i18n import I18N, say, t
from .service import SceneCard, Service

MODELS = ["local", "openai:gpt-4o-mini", "ollama:llama3.2"]
CSS = """
#storyboard .scene { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 6px; }
#storyboard .scene.drop-target { outline: 2px dashed var(--color-accent); }
.drag-handle { cursor: grab; font-size: 20px; padding: 0 6px; user-select: none; }
#storyboard .handle-cell { flex: 0 0 36px !important; min-width: 36px !important; max-width: 36px; }
.tight button { min-width: 2.5em; }
footer { display: none !important; }
"""

DRAG_JS = """
<script>
/* Drag a scene by its handle onto another scene: the storyboard moves scene A to position B (sent as
   "A B" through a hidden box, read as two numbers, never as a sentence). */
(function () {
  function scene(el) { return el && el.closest ? el.closest("#storyboard .scene") : null; }
  function number(el) { return el.id.split("-")[1]; }
  document.addEventListener("dragstart", function (e) {
    var from = e.target.classList && e.target.classList.contains("drag-handle") ? scene(e.target) : null;
    if (from) e.dataTransfer.setData("text/plain", number(from));
  });
  document.addEventListener("dragover", function (e) {
    var to = scene(e.target);
    if (to) { e.preventDefault(); to.classList.add("drop-target"); }
  });
  document.addEventListener("dragleave", function (e) {
    var to = scene(e.target);
    if (to) to.classList.remove("drop-target");
  });
  document.addEventListener("drop", function (e) {
    var to = scene(e.target), from = e.dataTransfer.getData("text/plain");
    if (!to || !from) return;
    e.preventDefault();
    to.classList.remove("drop-target");
    if (from === number(to)) return;
    var box = document.querySelector("#drag-command textarea, #drag-command input");
    box.value = from + " " + number(to);
    box.dispatchEvent(new Event("input", {bubbles: true}));
    setTimeout(function () { document.querySelector("#drag-go").click(); }, 100);
  });
})();
</script>
"""

History = list[dict[str, Any]]


def run_turn(service: Service, message: str, session: str, model: str | None) -> Iterator[tuple[str | None, Turn | None]]:
    """The agent's progress steps while it works, then its turn; StorycutError becomes a gr.Error."""
    steps: queue.Queue[str | None] = queue.Queue()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["turn"] = service.chat(message, session, model, progress=steps.put)
        except StorycutError as exc:
            outcome["error"] = str(exc)
        except Exception as exc:  # reported in the chat; the session stays as it was
            outcome["error"] = f"something went wrong ({type(exc).__name__}); the video did not change"
        finally:
            steps.put(None)

    threading.Thread(target=work, daemon=True).start()
    while (step := steps.get()) is not None:
        yield step, None
    if "error" in outcome:
        raise gr.Error(outcome["error"])
    yield None, outcome["turn"]


def with_reply(history: History, turn: Turn) -> History:
    history = history + [{"role": "assistant", "content": turn.reply}]
    if turn.preview:
        history.append({"role": "assistant", "content": gr.Video(value=str(turn.preview))})
    return history


def plan_json(turn: Turn) -> dict | None:
    """The plan as the app's state holds it: with its session, so views never wait for the browser's."""
    return {"session": turn.session, **turn.plan.to_json()} if turn.plan else None


def chat_panel(service: Service, session: gr.BrowserState, model: gr.BrowserState, height: int = 520):
    """The chat column (shared by the app and the embed page): chatbot, box, send button, and the
    plan and preview states its turns update."""
    chatbot = gr.Chatbot(label=t("chat"), height=height, placeholder=t("intro"), elem_id="chat", buttons=["copy"])
    with gr.Row(equal_height=True):
        box = gr.Textbox(show_label=False, placeholder=t("message"), scale=5, lines=2,
                         max_lines=8, elem_id="message")
        send = gr.Button(t("send"), variant="primary", scale=1, min_width=80)
    plan = gr.State(None)
    preview = gr.State(None)

    def respond(message: str, history: History, sid: str, chosen: str, request: gr.Request):
        if not (message or "").strip():
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        working = say("working", request)
        history = history + [{"role": "user", "content": message},
                             {"role": "assistant", "content": working, "metadata": {"title": working}}]
        yield "", history, gr.skip(), gr.skip(), gr.skip()
        try:
            for step, turn in run_turn(service, message, sid, chosen or None):
                if turn is None:
                    history[-1] = {"role": "assistant", "content": f"{step}...", "metadata": {"title": working}}
                    yield gr.skip(), history, gr.skip(), gr.skip(), gr.skip()
                else:
                    history = with_reply(history[:-1], turn)
                    yield gr.skip(), history, plan_json(turn), str(turn.preview) if turn.preview else gr.skip(), turn.session
        except gr.Error as exc:
            history[-1] = {"role": "assistant", "content": say("sorry", request, exc.message)}
            yield gr.skip(), history, gr.skip(), gr.skip(), gr.skip()

    for trigger in (box.submit, send.click):
        trigger(respond, [box, chatbot, session, model], [box, chatbot, plan, preview, session],
                api_visibility="private")

    def restore(sid: str):
        """The conversation so far, after a reload or a restart."""
        history = [{"role": role, "content": text} for role, text in service.messages(sid)]
        cards = service.versions(sid)
        if not cards:
            return history, None, None
        current = next(v["version"] for v in cards if v["current"]) if any(v["current"] for v in cards) else None
        video = service.library.renders / f"{sid}-v{current}.mp4"
        if video.exists():
            history.append({"role": "assistant", "content": gr.Video(value=str(video))})
        plan_now = service.with_editor(sid, lambda e: {"session": sid, **e.edit.plan.to_json()} if e.edit else None)
        return history, plan_now, str(video) if video.exists() else None

    return chatbot, plan, preview, restore


def operate(service: Service, request: str, change, history: History, sid: str):
    """A control's typed change (see `Service.operate`), recorded in the chat like a message: a
    button never goes through the director's reading of a sentence (a scene's new text holding
    "and" would have been read as two requests)."""
    if not sid:
        raise gr.Error("Send a story first.")
    try:
        turn = service.operate(sid, request, change)
    except StorycutError as exc:
        raise gr.Error(str(exc)) from exc
    if turn is None:  # nothing changed: nothing to say
        return gr.skip(), gr.skip(), gr.skip()
    history = with_reply(history + [{"role": "user", "content": request}], turn)
    return history, plan_json(turn), str(turn.preview) if turn.preview else gr.skip()


def build_app(service: Service) -> gr.Blocks:
    """The whole app over `service` (built, not launched)."""
    with gr.Blocks(title="storycut") as app:
        session = gr.BrowserState("", storage_key="storycut-session")
        model = gr.BrowserState("local", storage_key="storycut-model")
        gr.Markdown(t("title"))
        with gr.Row():
            with gr.Column(scale=5):
                chatbot, plan, preview_path, restore = chat_panel(service, session, model)
            with gr.Column(scale=4):
                video = gr.Video(label=t("preview"), interactive=False, elem_id="preview", height=300)
                with gr.Row(elem_classes="tight"):
                    undo = gr.Button(t("undo"), size="sm")
                    redo = gr.Button(t("redo"), size="sm")
                    versions = gr.Dropdown(label=t("version"), choices=[], interactive=True, scale=3)
                with gr.Accordion(t("download"), open=False):
                    with gr.Row(elem_classes="tight"):
                        final = gr.Button("MP4 (720p)", size="sm")
                        formats = {fmt: gr.Button(fmt.upper(), size="sm") for fmt in ("srt", "otio", "edl", "fcpxml")}
                    download = gr.File(label=t("file"), interactive=False, elem_id="download")
        outputs = [chatbot, plan, preview_path]
        with gr.Tabs():
            with gr.Tab(t("storyboard"), elem_id="storyboard"):
                storyboard(service, session, plan, chatbot, outputs)
                drag = gr.Textbox(visible="hidden", elem_id="drag-command")
                dropped = gr.Button(visible="hidden", elem_id="drag-go")
                dropped.click(lambda m, h, s: dragged(service, m, h, s), [drag, chatbot, session], outputs,
                              api_visibility="private")
            with gr.Tab(t("library"), elem_id="library"):
                library_panel(service)
            with gr.Tab(t("settings"), elem_id="settings"):
                settings_panel(service, session, model, plan, chatbot, outputs)

        preview_path.change(lambda p: p, preview_path, video, api_visibility="private")
        plan.change(lambda p: version_choices(service, p["session"] if p else ""), plan, versions,
                    api_visibility="private")
        undo.click(lambda h, s: operate(service, "undo", lambda e: e.undo(), h, s), [chatbot, session], outputs,
                   api_visibility="private")
        redo.click(lambda h, s: operate(service, "redo", lambda e: e.redo(), h, s), [chatbot, session], outputs,
                   api_visibility="private")
        versions.input(lambda v, h, s: operate(service, f"go to version {v}", lambda e: e.go_to(int(v)), h, s),
                       [versions, chatbot, session], outputs, api_visibility="private")
        final.click(lambda s: _file(lambda: service.render(s, "final")), session, download, api_visibility="private")
        for fmt, button in formats.items():
            button.click(lambda s, f=fmt: _file(lambda: service.export(s, f)), session, download,
                         api_visibility="private")
        app.load(restore, session, [chatbot, plan, preview_path], api_visibility="private")
        api_endpoints(service)
    app.i18n_instance = I18N
    return app


def build_embed(service: Service) -> gr.Blocks:
    """The chat alone, for the `/embed` page the widget frames."""
    with gr.Blocks(title="storycut chat") as embed:
        session = gr.BrowserState("", storage_key="storycut-embed-session")
        model = gr.BrowserState("local", storage_key="storycut-model")
        chatbot, plan, preview, restore = chat_panel(service, session, model, height=440)
        embed.load(restore, session, [chatbot, plan, preview], api_visibility="private")
    embed.i18n_instance = I18N
    return embed


def version_choices(service: Service, sid: str):
    rows = service.versions(sid)
    choices = [(f"v{v['version']}: {v['note'][:48]}", v["version"]) for v in reversed(rows)]
    current = next((v["version"] for v in rows if v["current"]), None)
    return gr.Dropdown(choices=choices, value=current)


def _file(make) -> str:
    try:
        return str(make())
    except StorycutError as exc:
        raise gr.Error(str(exc)) from exc


def storyboard(service: Service, session: gr.BrowserState, plan: gr.State, chatbot: gr.Chatbot, outputs: list) -> None:
    """The whole video's look, titles and music; then per scene its text (edit and press Enter to
    re-cut it), length, look, speed, caption, its shots, and alternatives to click."""

    @gr.render(inputs=[plan], triggers=[plan.change])
    def scenes(current: dict | None):
        cards = service.storyboard(current["session"]) if current else []
        if not cards:
            gr.Markdown(t("storyboard_empty"))
            return
        gr.HTML(f'<span id="storyboard-version" data-version="{current["version"]}"></span>', container=False,
                padding=False, min_height=0)
        video_controls(current, session, chatbot, outputs, functools.partial(operate, service))
        for card in cards:
            scene_card(service, card, len(cards), session, chatbot, outputs)
        with gr.Row(equal_height=True):
            new_text = gr.Textbox(label=t("add_scene_at_end"), placeholder=t("new_sentence"), scale=5, interactive=True)
            add = gr.Button(t("add_scene"), scale=1)
        for trigger in (new_text.submit, add.click):
            trigger(lambda t, h, s: operate(service, f"add a scene at the end: {t}", lambda e: e.add_scene(t, anyway=True), h, s),
                    [new_text, chatbot, session], outputs, api_visibility="private")


def scene_card(service: Service, card: SceneCard, total: int, session, chatbot, outputs) -> None:
    n = card.number
    with gr.Group(elem_classes="scene", elem_id=f"scene-{n}"):
        with gr.Row(equal_height=True):
            gr.HTML('<span class="drag-handle" draggable="true" title="Drag onto another scene to move it">⠿</span>',
                    padding=False, min_height=0, container=False, scale=0, min_width=30, elem_classes="handle-cell")
            text = gr.Textbox(value=card.text, label=t("scene") + f" {n} · {card.seconds:.1f} s", scale=8, lines=1, interactive=True,
                              max_lines=3, elem_id=f"scene-{n}-text")
            up = gr.Button("↑", size="sm", scale=0, min_width=40, interactive=n > 1, elem_id=f"scene-{n}-up")
            down = gr.Button("↓", size="sm", scale=0, min_width=40, interactive=n < total, elem_id=f"scene-{n}-down")
            delete = gr.Button("✕", size="sm", scale=0, min_width=40, variant="stop", interactive=total > 1,
                               elem_id=f"scene-{n}-delete")
        scene_controls(card, session, chatbot, outputs, functools.partial(operate, service))
        with gr.Row():
            gr.Gallery([(c.thumbnail, c.caption + (" (locked)" if c.locked else "")) for c in card.clips if c.thumbnail],
                       label=t("in_the_video"), columns=3, height=185, allow_preview=False, scale=3,
                       fit_columns=False, object_fit="cover", buttons=[], elem_id=f"scene-{n}-clips")
            options = [c for c in card.alternatives if c.thumbnail]
            alternatives = gr.Gallery([(c.thumbnail, c.caption) for c in options], label=t("alternatives"),
                                      columns=4, height=185, allow_preview=False, scale=4, fit_columns=False,
                                      object_fit="cover", buttons=[], elem_id=f"scene-{n}-alternatives")
        heard = [c.said for c in card.clips if c.said]
        if heard:  # what is said in the scene's shots, under them; silent shots add nothing
            gr.Markdown(" · ".join(heard), elem_id=f"scene-{n}-said", elem_classes="said")
    run = functools.partial(operate, service)

    def use(evt: gr.SelectData, history, sid):
        shot = options[evt.index].shot_id
        return run(f"use shot {shot} in scene {n}", lambda e: e.use_shot(n, shot), history, sid)

    alternatives.select(use, [chatbot, session], outputs, api_visibility="private")
    text.submit(lambda t, h, s: run(f"change scene {n} to: {t}", lambda e: e.rewrite_scene(n, t), h, s),
                [text, chatbot, session], outputs, api_visibility="private")
    up.click(lambda h, s: move(service, n, n - 1, h, s), [chatbot, session], outputs, api_visibility="private")
    down.click(lambda h, s: move(service, n, n + 1, h, s), [chatbot, session], outputs, api_visibility="private")
    delete.click(lambda h, s: run(f"remove scene {n}", lambda e: e.remove_scene(n), h, s), [chatbot, session],
                 outputs, api_visibility="private")


def move(service: Service, scene: int, to: int, history: History, sid: str):
    return operate(service, f"move scene {scene} to position {to}", lambda e: e.move_scene(scene, to), history, sid)


def dragged(service: Service, numbers: str, history: History, sid: str):
    """A drop on the storyboard: the page sends the dragged scene's number and the target's."""
    try:
        scene, to = (int(n) for n in numbers.split())
    except ValueError:
        raise gr.Error(f"not a drag between two scenes: {numbers!r}") from None
    return move(service, scene, to, history, sid)


def library_panel(service: Service) -> None:
    summary = gr.Markdown(service.summary())
    with gr.Row():
        with gr.Column():
            uploads = gr.File(label=t("add_footage"), file_count="multiple",
                              file_types=["video", ".gif", ".mkv", ".webm", ".mpg"], elem_id="uploads")
            add = gr.Button(t("add_to_library"), variant="primary")
            if service.footage_roots:
                folder = gr.Dropdown([str(r) for r in service.footage_roots], label=t("ingest_folder_choice"),
                                     allow_custom_value=True)
                add_folder = gr.Button(t("ingest_folder"))
            report = gr.JSON(label=t("last_ingest"), visible=False)
        with gr.Column():
            query = gr.Textbox(label=t("search_library"), placeholder=t("search_example"), elem_id="library-search")
            found = gr.Gallery(label=t("shots"), columns=4, height=300, allow_preview=True, object_fit="cover",
                               buttons=[], elem_id="library-results")

    def ingest_uploads(files, progress=gr.Progress()):
        result = _ingest(lambda p: service.add_uploads([str(f) for f in files or []], p), progress)
        return gr.JSON(value=result, visible=True), service.summary(), None

    add.click(ingest_uploads, uploads, [report, summary, uploads], api_visibility="private")
    if service.footage_roots:
        add_folder.click(lambda f, progress=gr.Progress(): (gr.JSON(value=_ingest(lambda p: service.add_folder(f, p),
                                                                                    progress), visible=True),
                                                            service.summary()),
                         folder, [report, summary], api_visibility="private")

    def look(text: str):
        try:
            return service.found(text, 12)
        except StorycutError as exc:
            raise gr.Error(str(exc)) from exc

    query.submit(look, query, found, api_visibility="private")


def _ingest(run, progress: gr.Progress) -> dict:
    def tell(p) -> None:
        progress((p.done, p.total), desc=f"analysing {p.path.rsplit('/', 1)[-1][:40]} ({p.shots} shots)")
    try:
        return run(tell).model_dump()
    except StorycutError as exc:
        raise gr.Error(str(exc)) from exc


def settings_panel(service: Service, session, model, plan, chatbot, outputs) -> None:
    gr.Markdown(t("models_note"))
    chosen = gr.Dropdown(MODELS, label=t("chat_model"), allow_custom_value=True, elem_id="model",
                         info=t("chat_model_info"))
    with gr.Row():
        preset = gr.Dropdown(list(PRESETS), value="neutral", label=t("style"))
        aspect = gr.Radio(["16:9", "9:16", "1:1"], value="16:9", label=t("aspect"))
    with gr.Row():
        narration = gr.Checkbox(value=True, label=t("narration"))
        subtitles = gr.Checkbox(value=True, label=t("subtitles"))
        crossfade = gr.Checkbox(value=False, label=t("crossfades"))
    apply = gr.Button(t("apply"), variant="primary")

    def apply_style(p, a, n, s, c, history, sid):
        said = (f"{p} style, {a}, narration {'on' if n else 'off'}, subtitles {'on' if s else 'off'}, "
                f"{'crossfade' if c else 'hard cuts'}")
        transition = "crossfade" if c else "cut"

        def change(e):  # the preset only when it is another one: re-applying it would undo "faster"
            preset = None if e.edit and e.edit.plan.style.preset == p else p
            return e.set_style(preset=preset, aspect=a, narration=n, subtitles=s, transition=transition)
        return operate(service, said, change, history, sid)

    apply.click(apply_style, [preset, aspect, narration, subtitles, crossfade, chatbot, session], outputs,
                api_visibility="private")
    chosen.change(lambda m: m or "local", chosen, model, api_visibility="private")

    def current(p: dict | None, m: str):
        if not p:
            return m or "local", gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        style = p["style"]
        return (m or "local", style["preset"], style["aspect"], style["narration"], style["subtitles"],
                style["transition"] == "crossfade")

    plan.change(current, [plan, model], [chosen, preset, aspect, narration, subtitles, crossfade],
                api_visibility="private")


def api_endpoints(service: Service) -> None:
    """Named endpoints for `gradio_client`: /chat, /ingest, /search, /render, /export."""

    def chat(message: str, session: str):
        try:
            turn = service.chat(message, session or None)
        except StorycutError as exc:
            raise gr.Error(str(exc)) from exc
        return turn.reply, (str(turn.preview) if turn.preview else None), plan_json(turn), turn.session

    def ingest(files: list[str] | None):
        report = _ingest(lambda p: service.add_uploads([str(f) for f in files or []], p), gr.Progress())
        # Gradio takes any {"path": ...} in an answer for a file to send: errors name theirs "file".
        report["errors"] = [{"file": e["path"], "reason": e["reason"]} for e in report["errors"]]
        return report

    def search(query: str, k: float):
        try:
            return {"results": [h.model_dump() for h in service.search(query, int(k or 10))]}
        except StorycutError as exc:
            raise gr.Error(str(exc)) from exc

    with gr.Row(visible=False):
        message, session, reply, session_out = (gr.Textbox(label=n) for n in ("message", "session", "reply", "session"))
        video, plan = gr.Video(label="video"), gr.JSON(label="plan")
        files = gr.File(label="files", file_count="multiple")
        report, hits = gr.JSON(label="report"), gr.JSON(label="hits")
        query, k = gr.Textbox(label="query"), gr.Number(label="k", value=10)
        quality = gr.Dropdown(["preview", "final", "hd"], value="final", label="quality")
        fmt = gr.Dropdown(list(FORMATS), value="srt", label="format")
        rendered, exported = gr.File(label="video file"), gr.File(label="file")
        buttons = [gr.Button() for _ in range(5)]
    buttons[0].click(chat, [message, session], [reply, video, plan, session_out], api_name="chat")
    buttons[1].click(ingest, files, report, api_name="ingest")
    buttons[2].click(search, [query, k], hits, api_name="search")
    def render(session: str, quality: str) -> str:
        return _file(lambda: service.render(session, quality))

    def export(session: str, format: str) -> str:
        return _file(lambda: service.export(session, format))

    buttons[3].click(render, [session, quality], rendered, api_name="render")
    buttons[4].click(export, [session, fmt], exported, api_name="export")
