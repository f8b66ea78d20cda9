"""What every editing tool shares: the editor in the agent's runtime context, and one way to run a
change or a reading on it and answer the model with JSON (errors are answers, not exceptions)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from langchain.tools import ToolRuntime
from pydantic import Field

from vectorstore.errors import StorycutError

if TYPE_CHECKING:
    from agent.editor import Editor

Scene = Annotated[int | str, Field(description="scene number (1 = first, -1 = last), or words from its text or "
                                               "about what its shots show (\"the dog scene\")")]


@dataclass
class EditorContext:
    """The agent's runtime context for one turn: the session's `agent.Editor` (typed loosely here
    because the tools must not import the agent package that imports them)."""

    editor: Any


Runtime = ToolRuntime[EditorContext]


def change(runtime: Runtime, do: Callable[["Editor"], str], facts: Callable[["Editor"], dict] | None = None) -> str:
    """Run one change on the session's editor, one change at a time even when a model asks for
    several in parallel, and report it with the video's state after it, and with what `facts` reads
    of the result as data (for replies in any language)."""
    editor: Editor = runtime.context.editor
    with editor.lock:
        try:
            said = do(editor)
        except StorycutError as exc:
            answer = exc.answer() if hasattr(exc, "answer") else {"error": str(exc)}  # EditError: reasons as data
            return json.dumps(answer | {"video": editor.summary()})
        return json.dumps({"done": said, **(facts(editor) if facts else {}), "video": editor.summary()})


def read(runtime: Runtime, do: Callable[["Editor"], dict]) -> str:
    editor: Editor = runtime.context.editor
    with editor.lock:
        try:
            return json.dumps(do(editor))
        except StorycutError as exc:
            return json.dumps({"error": str(exc)})
