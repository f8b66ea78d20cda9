"""Slot builders for the story's order: remove, swap and move scenes, add a new one.

They place scenes by the references of `agent.references` and by words of position ("to the end",
"after the lion", "开头"); a scene or place they cannot tell is returned as `Missing`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .clause import Built, Clause, Context, outside_refs
from .intents import Call, Missing
from .references import find
from .vocabulary import ANYWAY, Kind


def resolved(clause: Clause) -> list[int] | Missing:
    """Every scene the clause names, each resolved to one; Missing on the first that is not."""
    out = []
    for ref in clause.refs:
        if ref.index is None:
            return Missing("scene", tuple(ref.candidates))
        out.append(ref.index)
    return out


def remove_scene(clause: Clause, ctx: Context, kind: Kind) -> Built:
    scenes = resolved(clause) if clause.refs else ([ctx.focus] if ctx.focus is not None and
                                                   re.search(r"\b(it|this|that)\b", clause.low) else Missing("scene"))
    if isinstance(scenes, Missing):
        return scenes
    if len(set(scenes)) >= len(ctx.scenes):
        return Missing("scene")
    return [Call("remove_scene", {"scene": i + 1}, kind.name, i) for i in sorted(set(scenes), reverse=True)]


def swap(clause: Clause, ctx: Context, kind: Kind) -> Built:
    scenes = resolved(clause)
    if isinstance(scenes, Missing):
        return scenes
    if len(scenes) == 1 and ctx.focus is not None and ctx.focus != scenes[0]:
        scenes = [ctx.focus, scenes[0]] if re.search(r"\b(it|this|that)\b", clause.low) else scenes
    if len(scenes) != 2 or scenes[0] == scenes[1]:
        return Missing("two scenes")
    return [Call("swap_scenes", {"a": scenes[0] + 1, "b": scenes[1] + 1}, kind.name)]


_THE_VIDEO = r"(?: the (?:video|film|cut|movie|whole thing))?"
"""The object an editor may name between the verb and "with"/"on" ("end the film on the lion")."""
_TO_START = r"\b(?:to|at) the (?:very )?(?:start|beginning|front|top)\b|\bfirst\b|\b(?:open|begin|start)(?:s|ing)?" + _THE_VIDEO + \
            r" (?:with|on)\b|\bopen the (?:video|film)\b|开头|最前|第一个位置"
_TO_END = r"\b(?:to|at) the (?:very )?(?:end|back|bottom)\b|\blast\b|\b(?:end|finish|close)(?:s|es)?" + _THE_VIDEO + \
          r" (?:with|on)\b|\bending\b|结尾|最后"


def move(clause: Clause, ctx: Context, kind: Kind) -> Built:
    scenes = resolved(clause)
    if isinstance(scenes, Missing):
        return scenes
    if not scenes:
        return Missing("scene")
    moved = scenes[0]
    low = clause.low
    relation = re.search(r"\b(after|before|behind|following|ahead of)\b|之后|以后|后面|之前|前面", low)
    position = re.search(r"\b(?:position|place|slot|number|spot)\s+(\d+)\b|第\s*(\d+)\s*(?:个)?位置?", low)
    if relation and len(scenes) >= 2 and scenes[1] != moved:
        target = scenes[1]
        after = not re.match(r"before|ahead of|之前|前面", relation.group())
        shifted = target - (1 if moved < target else 0)
        to = shifted + (2 if after else 1)
    elif position:
        to = int(position.group(1) or position.group(2))
    elif re.search(_TO_END, outside_refs(clause)):
        to = -1
    elif re.search(_TO_START, outside_refs(clause)):
        to = 1
    else:
        return Missing("position")
    if to in (moved + 1, moved - len(ctx.scenes)) or (to == -1 and moved == len(ctx.scenes) - 1):
        return Missing("position")
    return [Call("move_scene", {"scene": moved + 1, "to": to}, kind.name, moved)]



_NEW_SCENE = re.compile(
    r"\b(?:add|insert|throw in|put in|stick in|squeeze in)\s+(?:a |an |some |one more |another )?(?:new )?"
    r"(?:(?:scene|bit|part|shot|clip|moment|sentence|line)\s+(?:with|of|showing|about|where)\s+)?(?:the |some |a |an )?"
    r"(.+?)(?=\s+(?:right |just )?(?:after|before|at the|to the)\b|[.,!?]|$)|"
    r"(?:加|添加|插入)(?:[一1]段|[一1]个场景|[一1]个镜头|[一1]句)(.+?)(?=[，。,.!?]|$)")
"""A new scene said without a colon: "add a bit with the elephants right after the lion", "加一段兔子吃西瓜"."""


def add_scene(clause: Clause, ctx: Context, kind: Kind) -> Built:
    said = None if clause.quoted else _NEW_SCENE.search(clause.low)
    if said and re.fullmatch(r"(?:new )?(?:scene|bit|part|shot|clip|moment|sentence|line|one)s?", said.group(1) or ""):
        said = None  # "add a scene at the end": its text is still to come
    if said:  # its words are the new scene's, never a reference to an old one
        start, end = said.span(1) if said.group(1) else said.span(2)
        after = [replace(r, start=r.start + end, end=r.end + end) for r in find(clause.low[end:], ctx.scenes, ctx.focus)]
        before = [r for r in clause.refs if r.end <= start]  # "在小狗后面加一段...": named before the new text
        clause = replace(clause, quoted=clause.low[start:end].strip(), refs=before + after)
    if not clause.quoted:
        return Missing("text")
    low = clause.low
    args: dict = {"text": clause.quoted}
    relation = re.search(r"\b(after|before)\b|之后|后面|之前|前面", low)
    if relation and (not clause.refs or clause.refs[0].index is None):  # next to a scene not found: never the end
        return Missing("scene", tuple(clause.refs[0].candidates) if clause.refs else ())
    if relation and clause.refs and clause.refs[0].index is not None:
        target = clause.refs[0].index
        args["position"] = target + (2 if relation.group() in ("after", "之后", "后面") else 1)
    elif re.search(r"\b(start|beginning|front|opening|first)\b|开头|最前", low):
        args["position"] = 1
    if re.search(ANYWAY, low):
        args["anyway"] = True
    return [Call("add_scene", args, kind.name)]
