"""The LangChain tools a chat model edits the video with: thin, typed wrappers over `agent.Editor`.

The tools are built once; each call finds the session's editor in the agent's runtime context
(`runtime.context.editor`). Every tool answers with a short JSON object the model can reason over:
what was done (or the error, in words) and the state of the video afterwards. Errors are answers,
not exceptions, so a model can read them and try again, and the session always keeps a valid plan.

Every change commits one version. Several changes from one message become ONE version (one undo
reverts them all) through the `apply_all` tool, or in Python through `with editor.batch(): ...`.
The craft tools (timing, titles, looks, speed, music, shots by description, framing, explain) are
in `tools.agent_tools_craft`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Literal

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from .agent_tools_craft import CRAFT_CHANGES, CRAFT_READS
from .export import ExportFormat
from .style import PRESETS
from .tool_runtime import EditorContext, Runtime, Scene, change, read

if TYPE_CHECKING:
    from agent.editor import Editor

__all__ = ["EditorContext", "TOOLS"]

Preset = Literal[tuple(PRESETS)]  # type: ignore[valid-type]


def new_story(text: Annotated[str, Field(description="the whole story, as the user wrote it")], runtime: Runtime,
              seconds: Annotated[float | None, Field(description="total length, if the user asked for one")] = None) -> str:
    """Make a new video from a story: split it into scenes, find shots for each and cut them."""
    return change(runtime, lambda e: e.new_story(text, seconds))


def set_length(seconds: Annotated[float, Field(description="total length in seconds")], runtime: Runtime) -> str:
    """Make the whole video last exactly this many seconds ("make it 30 seconds"). Scenes given a
    length of their own (set_scene_length) keep it; the others share the rest. For a relative
    change ("shorter", "10 s more") use change_length."""
    return change(runtime, lambda e: e.set_duration(seconds))


def set_style(runtime: Runtime, preset: Annotated[Preset | None, Field(description="a style preset")] = None,
              pace: Annotated[Literal["faster", "slower"] | None, Field(description="cut faster or slower")] = None,
              aspect: Annotated[Literal["16:9", "9:16", "1:1"] | None, Field(description="frame shape")] = None,
              transition: Annotated[Literal["cut", "crossfade"] | None, Field(description="between shots")] = None,
              subtitles: bool | None = None, narration: bool | None = None,
              music: Annotated[str | None, Field(description="audio file inside the library folder, or 'none'")] = None) -> str:
    """Change how the video looks and feels; only the given fields change."""
    return change(runtime, lambda e: e.set_style(preset, pace, aspect, transition, subtitles, narration, music))


def remove_scene(scene: Scene, runtime: Runtime) -> str:
    """Delete a scene from the story and the video."""
    return change(runtime, lambda e: e.remove_scene(scene))


def swap_scenes(a: Scene, b: Scene, runtime: Runtime) -> str:
    """Exchange the places of two scenes."""
    return change(runtime, lambda e: e.swap_scenes(a, b))


def move_scene(scene: Scene, to: Annotated[int, Field(description="new position: 1 = the start, -1 = the end")],
               runtime: Runtime) -> str:
    """Move a scene to another position."""
    return change(runtime, lambda e: e.move_scene(scene, to))


def add_scene(text: Annotated[str, Field(description="what the new scene says")], runtime: Runtime,
              position: Annotated[int | None, Field(description="1 = the start; omit for the end")] = None,
              anyway: Annotated[bool, Field(description="add it even when no shot shows it (the user said so)")] = False
              ) -> str:
    """Insert a new scene with its own text and the closest shots; refused (reason `unshown`) when no
    shot shows it, unless `anyway`; added anyway, the answer has `unshown` (tell the user)."""
    def facts(e: Editor) -> dict:
        seg = e.edit.plan.segments[-1 if position in (None, -1) else position - 1]
        return {"unshown": seg.text} if e.unshown(seg) else {}
    return change(runtime, lambda e: e.add_scene(text, position, anyway), facts)


def rewrite_scene(scene: Scene, text: Annotated[str, Field(description="the scene's new text")],
                  runtime: Runtime) -> str:
    """Change a scene's text; its shots are chosen again for the new words."""
    return change(runtime, lambda e: e.rewrite_scene(scene, text))


def other_shots(scene: Scene, runtime: Runtime) -> str:
    """Replace a scene's shots with the next best ones (when the user dislikes them)."""
    return change(runtime, lambda e: e.other_shots(scene))


def show_alternatives(scene: Scene, runtime: Runtime) -> str:
    """List shots not in the video that would also fit a scene, numbered for use_shot."""
    def listed(e) -> dict:
        i, options = e.alternatives(scene)
        return {"scene": i + 1, "alternatives": [o.__dict__ for o in options]}
    return read(runtime, listed)


def use_shot(scene: Scene, shot: Annotated[str, Field(description="a shot id, or an alternative's number")],
             runtime: Runtime) -> str:
    """Put a chosen shot into a scene and lock it there."""
    return change(runtime, lambda e: e.use_shot(scene, shot))


def lock_scene(scene: Scene, runtime: Runtime, locked: bool = True) -> str:
    """Lock (or unlock) a scene's current shots so that re-planning keeps them."""
    return change(runtime, lambda e: e.lock_scene(scene, locked))


def replan(runtime: Runtime) -> str:
    """Choose all the shots again (locked shots stay)."""
    return change(runtime, lambda e: e.replan())


def undo(runtime: Runtime) -> str:
    """Go back to the version before the last change."""
    return change(runtime, lambda e: e.undo())


def redo(runtime: Runtime) -> str:
    """Return to the version an undo left."""
    return change(runtime, lambda e: e.redo())


def go_to_version(version: int, runtime: Runtime) -> str:
    """Make an earlier or later version current (see list_versions)."""
    return change(runtime, lambda e: e.go_to(version))


def list_versions(runtime: Runtime) -> str:
    """Every version of this video, with what changed in each."""
    return read(runtime, lambda e: {"versions": e.versions()})


def describe_video(runtime: Runtime) -> str:
    """The current video, to answer questions about it: length, style (look, framing, music and
    its volume, language), titles, and per scene its text, length, look, speed, shot size and what
    each shot shows (description, what the tagger sees, what is said)."""
    return read(runtime, lambda e: e.describe())


def render_video(runtime: Runtime, quality: Literal["preview", "final", "hd"] = "preview") -> str:
    """Render the current version to an MP4 (previews are also made after every change)."""
    return read(runtime, lambda e: {"done": "written", "video": str(e.render(quality))})


def export_video(format: ExportFormat, runtime: Runtime) -> str:
    """Export the current version: subtitles (srt, vtt), plan (json) or editor timeline (otio, edl, fcpxml)."""
    return read(runtime, lambda e: {"done": "written", "file": str(e.export(format))})


class Operation(BaseModel):
    """One change inside apply_all: a tool's name and its arguments."""

    tool: str = Field(description="the name of an editing tool, e.g. set_look")
    args: dict = Field(default_factory=dict, description="that tool's arguments, e.g. {\"look\": \"bw\"}")


def apply_all(operations: Annotated[list[Operation], Field(description="the changes, in order")],
              runtime: Runtime) -> str:
    """Apply several changes the user asked for in one message as ONE version, so that one undo
    reverts them all ("make it black and white, add a title 'Our morning' and slow down scene 2").
    Each operation names an editing tool and its arguments; the answer lists what each one did or
    why it could not. Not for undo, redo, versions, rendering or exporting."""
    editor = runtime.context.editor
    results = []
    with editor.lock, editor.batch():
        for op in operations:
            tool = BATCHABLE.get(op.tool)
            if tool is None:
                results.append({"tool": op.tool, "error": f"{op.tool!r} cannot be batched; "
                                f"choose one of: {', '.join(BATCHABLE)}"})
                continue
            try:
                args = tool.tool_call_schema.model_validate(op.args)
            except ValueError as exc:
                results.append({"tool": op.tool, "error": f"bad arguments: {exc}"})
                continue
            answer = json.loads(tool.func(**{k: getattr(args, k) for k in args.model_fields_set}, runtime=runtime))
            results.append({"tool": op.tool} | {k: v for k, v in answer.items() if k != "video"})
    return json.dumps({"results": results, "video": editor.summary()})


_CHANGES: list[BaseTool] = [StructuredTool.from_function(f) for f in (
    new_story, set_length, set_style, remove_scene, swap_scenes, move_scene, add_scene, rewrite_scene, other_shots,
    use_shot, lock_scene, replan)] + CRAFT_CHANGES
BATCHABLE = {t.name: t for t in _CHANGES}
"""The tools apply_all may combine: every change to the plan."""

TOOLS: list[BaseTool] = _CHANGES + [StructuredTool.from_function(f) for f in (
    apply_all, show_alternatives, undo, redo, go_to_version, list_versions, describe_video, render_video,
    export_video)] + CRAFT_READS
"""Every editing tool, in the order a model sees them."""
