"""One chat turn: the agent reads the message, edits the session through its tools, and the
changed video is rendered as a preview.

This is the entry point the CLI and the app call; what a turn may do lives in `agent.editor`, how
a model decides in `agent.graph` and `agent.director`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.errors import GraphRecursionError

from tools.agent_tools import EditorContext
from tools.plan import Plan
from vectorstore import Library
from vectorstore.errors import StorycutError

from .editor import Editor
from .graph import build_agent
from .intents import CAPABILITIES
from .models import ModelError, chat_model, redact
from .sessions import SessionStore
from .state import State

MAX_MESSAGE_CHARS = 20_000
MAX_STEPS = 24
"""Graph steps one turn may take (a model call and a tool call are one each): ends runaway loops."""

Progress = Callable[[str], None]
Renderer = Callable[[Editor, str], Path]
"""Renders the editor's current version at a quality: `Editor.render` in-process, or a queue's."""


@dataclass
class Turn:
    session: str
    reply: str
    plan: Plan | None
    preview: Path | None


def chat_turn(library: Library, session: str | None, message: str, render_preview: bool = True,
              sessions: Path | None = None, model: str | None = None, progress: Progress | None = None,
              state: State | None = None, renderer: Renderer | None = None) -> Turn:
    """Apply `message` to session `session` (created when new) with chat model `model` (default:
    STORYCUT_MODEL, else the built-in director) and return the reply. Sessions and memory live in
    `state` (default: STORYCUT_STATE, else the library), sessions in another `sessions` database
    if one is given. Turns on one session are serialised, across processes and replicas."""
    llm = chat_model(model)
    state = state or State.of(library)
    state.prepare()
    store = SessionStore(sessions) if sessions else state.store()
    try:
        sid = store.open(session)
        with store.turn(sid):
            return _turn(llm, library, state, store, sid, message, render_preview, progress or (lambda _: None),
                         renderer or Editor.render)
    finally:
        store.close()


def _turn(llm, library: Library, state: State, store: SessionStore, sid: str, message: str, render_preview: bool,
          tell: Progress, renderer: Renderer) -> Turn:
    editor = Editor(library, store, sid)
    text = (message or "").strip()
    if not text:
        return Turn(sid, "Your message is empty. I can " + CAPABILITIES + ".", _plan(editor), None)
    if len(text) > MAX_MESSAGE_CHARS:
        return Turn(sid, f"That message is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}. "
                         "Send a shorter story.", _plan(editor), None)
    store.add_message(sid, "user", text)
    editor.edit  # reading the current version repairs a damaged one, before any change is made
    if store.notices:
        reply = " ".join(n[:1].upper() + n[1:] + "." for n in store.notices) + " Please send your request again."
        store.add_message(sid, "assistant", reply)
        return Turn(sid, reply, _plan(editor), None)
    before = editor.version
    reply = _run(llm, editor, state, text, tell)
    preview = None
    plan = _plan(editor)
    if plan is not None and render_preview and editor.version != before:
        tell("rendering the preview")
        try:
            preview = renderer(editor, "preview")
        except StorycutError as exc:
            reply += f" (The preview could not be rendered: {exc})"
    store.add_message(sid, "assistant", reply)
    return Turn(sid, reply, plan, preview)


def _run(llm, editor: Editor, state: State, text: str, tell: Progress) -> str:
    """The agent's reply to `text`, telling progress as the tools run."""
    config = {"configurable": {"thread_id": editor.session}, "recursion_limit": MAX_STEPS}
    with state.memory() as saver:
        agent = build_agent(llm, saver)
        last: AIMessage | None = None
        try:
            for update in agent.stream({"messages": [HumanMessage(text)]}, config, context=EditorContext(editor),
                                       stream_mode="updates"):
                for node in update.values():
                    for msg in (node or {}).get("messages", []):
                        if isinstance(msg, AIMessage):
                            last = msg
                            for call in msg.tool_calls:
                                tell(f"{call['name'].replace('_', ' ')}")
                        elif isinstance(msg, ToolMessage):
                            tell(f"{msg.name.replace('_', ' ')}: done")
        except GraphRecursionError:
            return "I stopped: that took too many steps. The video is as it was after the last finished change."
        except (ModelError, StorycutError):
            raise
        except Exception as exc:  # the model's server failed (HTTP, timeout, bad answer): say so, keep the session
            return redact(f"The model could not answer ({type(exc).__name__}: {exc}). The video did not change.")
    reply = last.content if last is not None and isinstance(last.content, str) else ""
    return reply.strip() or "Done."


def _plan(editor: Editor) -> Plan | None:
    edit = editor.edit
    return edit.plan if edit else None
