"""The LangChain tools a chat model edits the video with: thin, typed wrappers over `agent.Editor`.

The tools are built once; each call finds the session's editor in the agent's runtime context
(`runtime.context.editor`). Every tool answers with a short JSON object the model can reason over:
what was done (or the error, in words) and the state of the video afterwards. Errors are answers,
not exceptions, so a model can read them and try again, and the session always keeps a valid plan.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from langchain.tools import ToolRuntime
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import Field

from vectorstore.errors import StorycutError

from .export import ExportFormat
from .style import PRESETS

if TYPE_CHECKING:
    from agent.editor import Editor

Scene = Annotated[int | str, Field(description="scene number (1 = first, -1 = last) or words from its text")]
Preset = Literal[tuple(PRESETS)]  # type: ignore[valid-type]


@dataclass
class EditorContext:
    """The agent's runtime context for one turn: the session's `agent.Editor` (typed loosely here
    because the tools must not import the agent package that imports them)."""

    editor: Any


Runtime = ToolRuntime[EditorContext]


def _change(runtime: Runtime, do: Callable[["Editor"], str]) -> str:
    """Run one change on the session's editor, one change at a time even when a model asks for
    several in parallel, and report it with the video's state after it."""
    editor: Editor = runtime.context.editor
    with editor.lock:
        try:
            said = do(editor)
        except StorycutError as exc:
            return json.dumps({"error": str(exc), "video": editor.summary()})
        return json.dumps({"done": said, "video": editor.summary()})


def _read(runtime: Runtime, do: Callable[["Editor"], dict]) -> str:
    editor: Editor = runtime.context.editor
    with editor.lock:
        try:
            return json.dumps(do(editor))
        except StorycutError as exc:
            return json.dumps({"error": str(exc)})


def new_story(text: Annotated[str, Field(description="the whole story, as the user wrote it")], runtime: Runtime,
              seconds: Annotated[float | None, Field(description="total length, if the user asked for one")] = None) -> str:
    """Make a new video from a story: split it into scenes, find shots for each and cut them."""
    return _change(runtime, lambda e: e.new_story(text, seconds))


def set_length(seconds: Annotated[float, Field(description="total length in seconds")], runtime: Runtime) -> str:
    """Make the whole video last this many seconds."""
    return _change(runtime, lambda e: e.set_duration(seconds))


def set_style(runtime: Runtime, preset: Annotated[Preset | None, Field(description="a style preset")] = None,
              pace: Annotated[Literal["faster", "slower"] | None, Field(description="cut faster or slower")] = None,
              aspect: Annotated[Literal["16:9", "9:16", "1:1"] | None, Field(description="frame shape")] = None,
              transition: Annotated[Literal["cut", "crossfade"] | None, Field(description="between shots")] = None,
              subtitles: bool | None = None, narration: bool | None = None,
              music: Annotated[str | None, Field(description="audio file inside the library folder, or 'none'")] = None) -> str:
    """Change how the video looks and feels; only the given fields change."""
    return _change(runtime, lambda e: e.set_style(preset, pace, aspect, transition, subtitles, narration, music))


def remove_scene(scene: Scene, runtime: Runtime) -> str:
    """Delete a scene from the story and the video."""
    return _change(runtime, lambda e: e.remove_scene(scene))


def swap_scenes(a: Scene, b: Scene, runtime: Runtime) -> str:
    """Exchange the places of two scenes."""
    return _change(runtime, lambda e: e.swap_scenes(a, b))


def move_scene(scene: Scene, to: Annotated[int, Field(description="new position: 1 = the start, -1 = the end")],
               runtime: Runtime) -> str:
    """Move a scene to another position."""
    return _change(runtime, lambda e: e.move_scene(scene, to))


def add_scene(text: Annotated[str, Field(description="what the new scene says")], runtime: Runtime,
              position: Annotated[int | None, Field(description="1 = the start; omit for the end")] = None) -> str:
    """Insert a new scene with its own text and shots."""
    return _change(runtime, lambda e: e.add_scene(text, position))


def rewrite_scene(scene: Scene, text: Annotated[str, Field(description="the scene's new text")],
                  runtime: Runtime) -> str:
    """Change a scene's text; its shots are chosen again for the new words."""
    return _change(runtime, lambda e: e.rewrite_scene(scene, text))


def other_shots(scene: Scene, runtime: Runtime) -> str:
    """Replace a scene's shots with the next best ones (when the user dislikes them)."""
    return _change(runtime, lambda e: e.other_shots(scene))


def show_alternatives(scene: Scene, runtime: Runtime) -> str:
    """List shots not in the video that would also fit a scene, numbered for use_shot."""
    def listed(e: "Editor") -> dict:
        i, options = e.alternatives(scene)
        return {"scene": i + 1, "alternatives": [o.__dict__ for o in options]}
    return _read(runtime, listed)


def use_shot(scene: Scene, shot: Annotated[str, Field(description="a shot id, or an alternative's number")],
             runtime: Runtime) -> str:
    """Put a chosen shot into a scene and lock it there."""
    return _change(runtime, lambda e: e.use_shot(scene, shot))


def lock_scene(scene: Scene, runtime: Runtime, locked: bool = True) -> str:
    """Lock (or unlock) a scene's current shots so that re-planning keeps them."""
    return _change(runtime, lambda e: e.lock_scene(scene, locked))


def replan(runtime: Runtime) -> str:
    """Choose all the shots again (locked shots stay)."""
    return _change(runtime, lambda e: e.replan())


def undo(runtime: Runtime) -> str:
    """Go back to the version before the last change."""
    return _change(runtime, lambda e: e.undo())


def redo(runtime: Runtime) -> str:
    """Return to the version an undo left."""
    return _change(runtime, lambda e: e.redo())


def go_to_version(version: int, runtime: Runtime) -> str:
    """Make an earlier or later version current (see list_versions)."""
    return _change(runtime, lambda e: e.go_to(version))


def list_versions(runtime: Runtime) -> str:
    """Every version of this video, with what changed in each."""
    return _read(runtime, lambda e: {"versions": e.versions()})


def describe_video(runtime: Runtime) -> str:
    """The current video: its scenes, their texts and shots, length and style."""
    return _read(runtime, lambda e: e.describe())


def render_video(runtime: Runtime, quality: Literal["preview", "final", "hd"] = "preview") -> str:
    """Render the current version to an MP4 (previews are also made after every change)."""
    return _read(runtime, lambda e: {"done": "written", "video": str(e.render(quality))})


def export_video(format: ExportFormat, runtime: Runtime) -> str:
    """Export the current version: subtitles (srt, vtt), plan (json) or editor timeline (otio, edl, fcpxml)."""
    return _read(runtime, lambda e: {"done": "written", "file": str(e.export(format))})


TOOLS: list[BaseTool] = [StructuredTool.from_function(f) for f in (
    new_story, set_length, set_style, remove_scene, swap_scenes, move_scene, add_scene, rewrite_scene, other_shots,
    show_alternatives, use_shot, lock_scene, replan, undo, redo, go_to_version, list_versions, describe_video,
    render_video, export_video)]
"""Every editing tool, in the order a model sees them."""
