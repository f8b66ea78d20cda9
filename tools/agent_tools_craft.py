"""The editor's craft as tools: timing, titles, colour looks, speed, music, shots by description,
shot size, and why a scene shows what it shows. Thin wrappers over `agent.Editor`; the docstrings
are what a model reads to pick one, so they say which requests each tool is for."""

from __future__ import annotations

from typing import Annotated, Literal

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import Field

from .plan import LOOKS
from .tool_runtime import Runtime, Scene, change, read

Look = Literal[LOOKS]  # type: ignore[valid-type]
OptionalScene = Annotated[int | str | None, Field(description="scene number (1 = first, -1 = last) or words "
                                                              "about it; omit for the whole video")]


def _voice_facts(editor) -> dict:
    """The scenes whose narration now runs on over the next picture, as data for any language."""
    scenes = editor.voice_runs_on()
    return {"runs_on": scenes} if scenes else {}


def change_length(runtime: Runtime,
                  factor: Annotated[float | None, Field(description="new length / old length: 'shorter' 0.75, "
                                                                    "'a bit longer' 1.15, 'half as long' 0.5")] = None,
                  by_seconds: Annotated[float | None, Field(description="seconds to add (negative: to remove), "
                                                                        "'10 s more' = 10")] = None) -> str:
    """Make the WHOLE video longer or shorter relative to now ("shorter", "a bit longer", "half as
    long", "10 seconds more"). Give factor or by_seconds, not both. Scenes given a length of their
    own keep it; the others share the change. Refused (with the shortest possible length) when the
    narration could not be read naturally in the time."""
    return change(runtime, lambda e: e.change_length(factor, by_seconds), _voice_facts)


def set_scene_length(scene: Scene, runtime: Runtime,
                     seconds: Annotated[float | None, Field(description="the scene's new length in seconds")] = None,
                     factor: Annotated[float | None, Field(description="relative: 'more screen time' ~1.4, "
                                                                       "'a bit shorter' ~0.8")] = None,
                     by_seconds: Annotated[float | None, Field(description="seconds to add (negative: remove)")] = None
                     ) -> str:
    """Change ONE scene's length ("scene 3 should be 6 seconds", "give the lion more screen time",
    "make the first scene longer"). Give exactly one of seconds, factor, by_seconds. Every other
    scene keeps its length exactly, so the video's length changes by the difference, and the scene
    keeps its length in later edits. When the scene becomes shorter than its narration the voice is
    read up to 1.3x faster, then runs on over the next scene's picture (`runs_on` in the answer: tell
    the user); what the next scenes cannot carry, or the last scene, is refused with the minimum."""
    return change(runtime, lambda e: e.set_scene_length(scene, seconds, factor, by_seconds), _voice_facts)


def add_title(text: Annotated[str, Field(description="the words to show, as the user gave them")], runtime: Runtime,
              where: Annotated[Literal["start", "end", "scene"], Field(
                  description="start: an opening title; end: an end card; scene: a caption over one scene")] = "start",
              scene: Annotated[int | str | None, Field(description="the scene of a caption (where='scene')")] = None,
              seconds: Annotated[float | None, Field(description="how long it stays up; default 3 s for a "
                                                                 "title, the whole scene for a caption")] = None) -> str:
    """Put text on screen: an opening title ("put a title at the start: Our morning"), an end card
    ("end with 'Thanks for watching'") or a caption over a scene ("caption scene 2: Max, 3 years
    old"). Replaces the title already in that place; titles follow their scene or the video's
    start and end when the timeline changes later."""
    return change(runtime, lambda e: e.add_title(text, where, scene, seconds))


def remove_titles(runtime: Runtime,
                  where: Annotated[Literal["all", "start", "end", "scene"], Field(
                      description="which titles: all, the opening one, the end card, or captions")] = "all",
                  scene: Annotated[int | str | None, Field(description="only this scene's caption")] = None) -> str:
    """Remove titles: all of them, the opening title, the end card, or the captions (of one scene)."""
    return change(runtime, lambda e: e.remove_titles(where, scene))


def set_look(look: Annotated[Look, Field(description="bw = black and white; warm, cool, vintage, vivid "
                                                     "(more colourful), muted (less colourful), natural = none")],
             runtime: Runtime, scene: OptionalScene = None) -> str:
    """Change the colour look ("make it black and white", "warmer", "a vintage feel", "scene 2
    cooler"), of the whole video or of one scene. Setting the whole video clears the scenes' own
    looks; "natural" on a scene gives it the video's look again. Shots and timing do not change."""
    return change(runtime, lambda e: e.set_look(look, scene))


def set_speed(speed: Annotated[float, Field(ge=0.25, le=4, description="playback rate: 0.5 slow motion, "
                                                                       "0.25 very slow, 1 normal, 2 fast forward")],
              runtime: Runtime, scene: OptionalScene = None) -> str:
    """Play one scene (or the whole video) in slow motion or fast forward ("slow motion on the
    underwater scene" speed=0.5, "speed up scene 3" 2, "normal speed" 1). The scene keeps its length;
    its shots are chosen again because they need more or less footage."""
    return change(runtime, lambda e: e.set_speed(speed, scene))


def set_music(runtime: Runtime,
              mood: Annotated[str | None, Field(description="the feel wanted: calm, upbeat, intense, ... "
                                                            "(omit: the story's own mood)")] = None,
              file: Annotated[str | None, Field(description="an audio file inside the library folder")] = None,
              off: Annotated[bool, Field(description="true: no music")] = False,
              volume: Annotated[float | None, Field(ge=0, le=1, description="music level 0-1")] = None,
              louder: Annotated[bool | None, Field(description="true: louder, false: quieter, one step")] = None
              ) -> str:
    """Background music: "add some music" (no arguments: a track from the library that fits the
    story), "calm music" (mood), a named file, "no music" (off=true), "quieter music" (louder=false)
    or a level (volume). When the library holds no music the answer says how to add some and the
    video stays as it is."""
    return change(runtime, lambda e: e.set_music(mood, file, off, volume, louder))


def use_shot_showing(scene: Scene, description: Annotated[str, Field(description="what the shot shows, "
                                                                                 "e.g. 'the dog', 'skateboard'")],
                     runtime: Runtime,
                     anyway: Annotated[bool, Field(description="use the closest shot even when none shows all of "
                                                               "it (the user said so)")] = False) -> str:
    """Put the library shot that best shows something into a scene, locked there ("use the dog shot
    for the second scene", "show the skateboard in scene 4"). Searches the shots' descriptions,
    what the tagger saw and what is said in them. A shot taken from another scene moves, and that
    scene gets other shots; the answer says which shot was chosen and what it shows. Refused
    (reason `unshown`, with the `closest` shot) when no shot shows it, unless `anyway`."""
    return change(runtime, lambda e: e.use_shot_showing(scene, description, anyway))


def set_framing(framing: Annotated[Literal["close", "medium", "wide", "any"], Field(
                    description="close = close-ups, wide = wide shots, any = no preference")],
                runtime: Runtime, scene: OptionalScene = None) -> str:
    """Prefer a shot size ("more close-ups", "wider shots", "a close-up in scene 2") for the whole
    video or one scene; those scenes' shots are chosen again (when the library has such shots)."""
    return change(runtime, lambda e: e.set_framing(framing, scene))


def explain_choice(scene: Scene, runtime: Runtime) -> str:
    """Why a scene shows the shots it shows ("why this shot?", "why the bird in scene 1?"): how
    each matches the scene's words, its size and steadiness, and the montage's cost terms. Changes
    nothing."""
    return read(runtime, lambda e: e.explain_choice(scene))


CRAFT_CHANGES: list[BaseTool] = [StructuredTool.from_function(f) for f in (
    change_length, set_scene_length, add_title, remove_titles, set_look, set_speed, set_music, use_shot_showing,
    set_framing)]
CRAFT_READS: list[BaseTool] = [StructuredTool.from_function(explain_choice)]
