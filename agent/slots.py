"""Slot builders: a classified clause -> the tool calls it asks for, or the slot it leaves open.

One builder per kind family (named by `Kind.slots` in `agent.vocabulary`). Builders read amounts
with `agent.quantities`, scenes with `agent.references` and words with the vocabulary's tables;
they never guess: a slot they cannot fill is returned as `Missing`, and the director asks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .clause import Built, Clause, Context, outside_refs
from .intents import Call, Missing
from .quantities import factor, seconds
from .references import Scene, by_words, find
from .slots_order import add_scene, move, remove_scene, swap
from .vocabulary import (ANYWAY, ASPECT_WORDS, DEGREE, FRAMING_WORDS, LOOK_WORDS, MUSIC_MOODS, OFF_WORDS, ON_WORDS,
                         PRESET_WORDS, SPEED_WORDS, TRANSITION_WORDS, USE_FOR, Kind)


VIDEO_WORDS = re.compile(r"\b(whole|entire|overall|total|everything|all (?:the )?scenes|the (?:video|film|cut|movie))\b|"
                         r"整体|整个|全部|视频|全片")


def _choose(low: str, table: dict[str, str] | list[tuple[str, float]]) -> str | float | None:
    """The first entry of `table` whose words occur in `low`."""
    items = table.items() if isinstance(table, dict) else [(v, k) for k, v in table]
    for value, pattern in items:
        if re.search(pattern, low):
            return value
    return None


def _scene(clause: Clause, ctx: Context, kind: Kind) -> int | Missing | None:
    """The one scene the clause is about; None for the video; Missing when it names an unknown or
    ambiguous scene."""
    refs = clause.refs
    if not refs:
        if kind.follows_focus and ctx.focus is not None and not VIDEO_WORDS.search(clause.low):
            return ctx.focus
        return Missing("scene") if kind.scope == "scene" else None
    ref = refs[0]
    if ref.index is not None:
        return ref.index
    return Missing("scene", tuple(ref.candidates))


def _scene_or_missing(clause: Clause, ctx: Context, kind: Kind) -> int | Missing:
    found = _scene(clause, ctx, kind)
    return Missing("scene") if found is None else found


def length(clause: Clause, ctx: Context, kind: Kind) -> Built:
    scene = _scene(clause, ctx, kind)
    if isinstance(scene, Missing):
        return scene
    amount = seconds(clause.low)
    if amount is not None and not clause.refs:
        scene = None  # "make it 14 seconds" is the video's length, even with a scene in view
    target = {} if scene is None else {"scene": scene + 1}
    if amount is not None and not amount.relative:
        if scene is None:
            return [Call("set_length", {"seconds": amount.value}, kind.name)]
        return [Call("set_scene_length", target | {"seconds": amount.value}, kind.name, scene)]
    if amount is not None:
        tool = "change_length" if scene is None else "set_scene_length"
        return [Call(tool, target | {"by_seconds": amount.value}, kind.name, scene)]
    low = clause.low
    if re.search(rf"{DEGREE} (?:short|quick|brief)\b|\b(?:ends?|over|finish\w*|done|goes by|flies by|passes) too "
                 r"(?:soon|quickly|fast|early)\b|\b(?:flies|goes|whizz\w*|rushes) by\b|太短|不够长|太快就", low):
        direction = 1
    elif re.search(rf"{DEGREE} long\b|drag\w*|goes on (?:and on|forever)|(?:over|out)stays?|endless|long-winded|太长|拖沓", low):
        direction = -1
    elif re.search(r"\b(shorter|shorten|trim\w*|cut (?:it |this |the \w+ )?down|condense|less time|quicker|briefer|"
                   r"tighter|tighten\w*|reduce|knock|shave)\b|缩短|短一点|短一些|短些|剪短|精简|减少|短", low):
        direction = -1
    elif re.search(r"\b(longer|lengthen|extend|stretch|more time|more screen time|hold|expand|slower|breathe)\b|"
                   r"加长|延长|长一点|长一些|长些|更长|拉长|长", low):
        direction = 1
    else:
        direction = 0
    multiple = factor(low, direction)
    if multiple is None:
        return Missing("amount")
    tool = "change_length" if scene is None else "set_scene_length"
    said = factor(low, 0) is not None or re.search(r"\d", low)
    return [Call(tool, target | {"factor": round(multiple, 3)}, kind.name, scene, settle=not said)]


def pace(clause: Clause, ctx: Context, kind: Kind) -> Built:
    low = clause.low
    if seconds(low) is not None or re.search(r"\d\s*(?:%|percent)", low):
        return Missing("pace")  # an amount of time is a length ("it drags, lose 20% of it"): cutting has none
    if re.search(r"too (?:fast|quick|hectic|frantic|rushed)|太快|太急", low):
        way = "slower"
    elif re.search(r"too slow|sluggish|drags?|dragging|太慢|拖沓", low):
        way = "faster"
    elif re.search(r"\b(faster|quicker|quicken|hurry|snappier|punchier|more cuts|tighten|speed (?:it |the \w+ )?up|"
                   r"pick up)\b|"
                   r"加快|快一点|快一些|快些|紧凑", low):
        way = "faster"
    elif re.search(r"\b(slower|slow (?:it |the \w+ )?down|breathe|linger\w*|fewer cuts|less cuts|relax|calmer|hold)\b|"
                   r"放慢|慢一点|慢一些|慢些|放缓", low):
        way = "slower"
    else:
        return Missing("pace")
    return [Call("set_style", {"pace": way}, kind.name)]


def _pick(table: dict[str, str], tool: str, field_name: str, what: str) -> Callable[[Clause, Context, Kind], Built]:
    def build(clause: Clause, ctx: Context, kind: Kind) -> Built:
        value = _choose(clause.low, table)
        return Missing(what) if value is None else [Call(tool, {field_name: value}, kind.name)]
    return build


def _toggle(field_name: str) -> Callable[[Clause, Context, Kind], Built]:
    def build(clause: Clause, ctx: Context, kind: Kind) -> Built:
        if "“…”" in clause.low:
            return Missing("on or off")  # "a caption saying 'Max'": words of its own on screen, a title
        if re.search(OFF_WORDS, clause.low):
            return [Call("set_style", {field_name: False}, kind.name)]
        if re.search(ON_WORDS, clause.low):
            return [Call("set_style", {field_name: True}, kind.name)]
        return Missing("on or off")
    return build


_DEGREE = r"(?:kinda|kind of|sort of|a bit|a little|so|really|very|pretty|quite|rather|way|all|just|super|too)"


def _without_negated(low: str, words: str) -> tuple[str, str]:
    """`low` without "too cold" / "fewer wide shots" / "the colours are kinda flat" (said of what is
    unwanted, or of how it is now), and those phrases."""
    negated = re.compile(rf"\b(?:too|fewer|less|not so|not|no more|without)\s+((?:\w+\s+)?(?:{words}))|"
                         rf"\b(?:is|are|'s|'re|looks|feels|seems)\s+(?:{_DEGREE}\s+)*(?:{words})|太({words})|少一?些?({words})")
    found = " ".join(m.group(0) for m in negated.finditer(low))
    return negated.sub(" ", low), found


OPPOSITE_LOOK = {"cool": "warm", "warm": "cool", "vivid": "muted", "muted": "vivid"}
OPPOSITE_FRAMING = {"close": "wide", "wide": "close"}


def _scoped(clause: Clause, ctx: Context, kind: Kind, tool: str, args: dict) -> Built:
    scene = _scene(clause, ctx, kind)
    if isinstance(scene, Missing):
        return scene
    return [Call(tool, args | ({} if scene is None else {"scene": scene + 1}), kind.name, scene)]


def _graded(clause: Clause, table: dict[str, str], opposite: dict[str, str]) -> str | None:
    words = "|".join(table.values())
    rest, negated = _without_negated(clause.low, words)
    value = _choose(rest, table)
    if value is None and negated:
        said = _choose(negated, table)
        value = opposite.get(said) if said else None
    return value


def look(clause: Clause, ctx: Context, kind: Kind) -> Built:
    value = _graded(clause, LOOK_WORDS, OPPOSITE_LOOK)
    return Missing("look") if value is None else _scoped(clause, ctx, kind, "set_look", {"look": value})


def framing(clause: Clause, ctx: Context, kind: Kind) -> Built:
    value = _graded(clause, FRAMING_WORDS, OPPOSITE_FRAMING)
    return Missing("framing") if value is None else _scoped(clause, ctx, kind, "set_framing", {"framing": value})


def speed(clause: Clause, ctx: Context, kind: Kind) -> Built:
    rate = _choose(clause.low, SPEED_WORDS)
    if rate is None:
        return Missing("speed")
    if re.search(r"\b(a bit|slightly|a little|somewhat)\b|一点|稍微", clause.low) and rate in (0.5, 2.0):
        rate = 0.75 if rate == 0.5 else 1.5
    return _scoped(clause, ctx, kind, "set_speed", {"speed": rate})


def music(clause: Clause, ctx: Context, kind: Kind) -> Built:
    low = clause.low
    file = re.search(r"[\w./-]+\.(?:mp3|wav|m4a|ogg|flac)\b", clause.text, re.I)
    if re.search(r"\b(louder|turn (?:it |the music )?up|more music|raise)\b|大声|大一点|响一点", low):
        args: dict = {"louder": True}
    elif re.search(r"\b(quieter|softer|lower|too loud|turn (?:it |the music )?down|less loud)\b|小声|小一点|轻一点|太吵", low):
        args = {"louder": False}
    elif re.search(OFF_WORDS, low):
        args = {"off": True}
    else:
        mood = _choose(low, MUSIC_MOODS)
        args = {"mood": mood} if mood else {}
    if file:
        args = {"file": file.group()}
    return [Call("set_music", args, kind.name)]


WHERE_END = r"\b(end|ends|ending|end card|closing|finish\w*|final|outro|last|credits?)\b|片尾|结尾|最后"
WHERE_START = r"\b(start|beginning|opening|open|intro|begin|first)\b|开头|片头|开始"


def _title_text(clause: Clause) -> str | None:
    if clause.quoted:
        return clause.quoted
    renamed = re.search(r"\b(?:title|card|caption|credits?)\s+(?:to|into)\s+(.+)$", clause.text, re.I)
    if renamed:  # "change the title to Game Day"
        return renamed.group(1).strip().strip("\"'“”‘’")
    said = re.search(r"\b(?:says?|saying|reads?|reading|words?|text|titled|title|caption|card)\s+(.+?)"
                     r"(?:\s+(?:on (?:the )?screen|at the (?:start|end|beginning)|in the (?:end|beginning)|over .*))?$",
                     clause.text, re.I)
    if said and said.group(1).strip().lower() not in ("", "on screen", "at the start", "at the end"):
        words = said.group(1).strip().strip("\"'“”‘’")
        if not re.fullmatch(r"(?:at|to|on|in|for|the|a)\b.*", words.lower()):
            return words
    return None


def title_add(clause: Clause, ctx: Context, kind: Kind) -> Built:
    text = _title_text(clause)
    if not text:
        return Missing("text")
    at = clause.low.find(text.lower())
    if at >= 0:  # the title's own words name no scene ("add the title Grandma's Kitchen")
        clause = replace(clause, refs=[r for r in clause.refs if not at <= r.start < at + len(text)])
    if clause.refs and clause.refs[0].index is not None:
        scene = clause.refs[0].index
        return [Call("add_title", {"text": text, "where": "scene", "scene": scene + 1}, kind.name, scene)]
    if clause.refs:
        return Missing("scene", tuple(clause.refs[0].candidates))
    where = "end" if re.search(WHERE_END, clause.low) else "start"
    return [Call("add_title", {"text": text, "where": where}, kind.name)]


def title_remove(clause: Clause, ctx: Context, kind: Kind) -> Built:
    if not re.search(OFF_WORDS, clause.low):
        return Missing("on or off")  # "end card: The End" names a title, and removes nothing
    if clause.refs and clause.refs[0].index is not None:
        return [Call("remove_titles", {"where": "scene", "scene": clause.refs[0].index + 1}, kind.name,
                     clause.refs[0].index)]
    where = "end" if re.search(WHERE_END, clause.low) else "start" if re.search(WHERE_START, clause.low) else "all"
    return [Call("remove_titles", {"where": where}, kind.name)]



def rewrite(clause: Clause, ctx: Context, kind: Kind) -> Built:
    if not clause.quoted:
        return Missing("text")
    scene = _scene_or_missing(clause, ctx, kind)
    if isinstance(scene, Missing):
        return scene
    return [Call("rewrite_scene", {"scene": scene + 1, "text": clause.quoted}, kind.name, scene)]


def _one_scene(tool: str, **extra) -> Callable[[Clause, Context, Kind], Built]:
    def build(clause: Clause, ctx: Context, kind: Kind) -> Built:
        scene = _scene_or_missing(clause, ctx, kind)
        if isinstance(scene, Missing):
            return scene
        return [Call(tool, {"scene": scene + 1} | extra, kind.name, scene)]
    return build


_SHOT_FILLER = re.compile(
    r"\b(use|using|put|show|showing|shows|want|pick|choose|give|find|take|try|get|the|a|an|shot|shots|clip|clips|footage|"
    r"one|of|with|in|into|for|on|please|i|me|instead|should|there|be|could|you|can|we|have|scene|part|bit|like|video|"
    r"picture|image|don't|do|not|dislike|hate|another|different|other|else|new|better|instead|try|again|"
    r"it|this|that|fine|ok|rather|see|i'd|would|timelapse|anyway|regardless)\b|用|镜头|画面|的|换成|换上|场景|里|一个|个|请|放|把|给|改成|有", re.I)


_DESCRIBED = (
    re.compile(r"\b(?:shot|clip|one|footage|take|close-up|closeup|timelapse|time-lapse)\s+(?:of|with|where|showing|that shows|in which)\s+"
               r"(?P<shot>.+?)(?=\s+(?:(?:for|in|on|into|over)\s+(?:the|this|that|scene|第)|instead)\b|[,.;!?]|$)"),
    re.compile(r"\bshould (?:be|show|have)\s+(?P<shot>.+?)(?=\s+instead\b|[,.;!?]|$)"),
    re.compile(USE_FOR),
    re.compile(r"(?:那段|那个场景|这段|场景)(?:换成|改用|用|换上|改成)(?P<shot>.+?)(?:的)?(?:那个|那段)?(?:镜头|画面|片段)"))
"""Where a request says what the wanted shot shows, apart from the scene it is for ("the dancing at the
end should be the two girls dancing", "小狗那段换成白色狗狗趴在地上的那个镜头")."""

_SHOT_ID = r"\bshot\s+([^\s,;]*[\d/\\._-][^\s,;]*)"
"""A shot named by its id ("shot 3dc4d1bf31345acb-000"), or by something shaped like one (a path):
never a description to search for."""


_ON_SCREEN = re.compile(r"\b(?:caption|title|subtitle|text|saying|says|reads|“…”)|“…”|字幕|文字|标题")


def shot_showing(clause: Clause, ctx: Context, kind: Kind) -> Built:
    if re.search(_SHOT_ID, clause.low):
        return Missing("description")
    described = next((m for m in (p.search(clause.low) for p in _DESCRIBED) if m), None)
    if described:  # "use the shot of the dog with a ball for the puppy": its words describe, the rest places
        start, end = described.span("shot")
        clause = replace(clause, refs=find(clause.low[:start] + " " * (end - start) + clause.low[end:], ctx.scenes, ctx.focus))
        rest = described.group("shot")
    placed = [r for r in clause.refs if r.how != "words"]
    if placed and len(placed) < len(clause.refs):  # "the dog shot in scene 1": the words describe the shot
        clause = Clause(clause.text, clause.low, clause.quoted, placed)
    scene = _scene_or_missing(clause, ctx, kind)
    if isinstance(scene, Missing):
        return scene
    if not described:
        rest = outside_refs(clause)
    description = re.sub(r"\s+", " ", _SHOT_FILLER.sub(" ", rest)).strip(" ,.!?;:…")
    if not description or len(description) < 2 or _ON_SCREEN.search(description):
        return Missing("description")  # "a caption on the second shot saying ...": words on screen, not a shot
    args = {"scene": scene + 1, "description": description} | ({"anyway": True} if re.search(ANYWAY, clause.low) else {})
    return [Call("use_shot_showing", args, kind.name, scene)]


def use_alternative(clause: Clause, ctx: Context, kind: Kind) -> Built:
    chosen = re.search(r"\b(?:alternative|option|choice|candidate)\s*(?:number\s*|#)?(\d+)|" + _SHOT_ID + r"|备选\s*(\d+)",
                       clause.low)
    if not chosen:
        return Missing("shot")
    refs = [r for r in clause.refs if not (r.start <= chosen.start() < r.end)]
    clause = Clause(clause.text, clause.low, clause.quoted, refs)
    scene = _scene_or_missing(clause, ctx, kind)
    if isinstance(scene, Missing):
        return scene
    shot = chosen.group(1) or chosen.group(3) or clause.text[chosen.start(2):chosen.end(2)]
    return [Call("use_shot", {"scene": scene + 1, "shot": shot}, kind.name, scene)]


def lock(clause: Clause, ctx: Context, kind: Kind) -> Built:
    return _one_scene("lock_scene", locked=not re.search(r"\bunlock|解锁", clause.low))(clause, ctx, kind)


RETARGET = {"set_look": "set_look", "set_speed": "set_speed", "set_framing": "set_framing",
            "set_scene_length": "set_scene_length", "change_length": "set_scene_length", "other_shots": "other_shots",
            "lock_scene": "lock_scene"}
"""The changes that can be repeated on another scene, and the tool that does it there (a relative change
to the video's length is the same change to the scene's)."""


def repeat(clause: Clause, ctx: Context, kind: Kind) -> Built:
    """The last change again, on the scene this clause names ("do the same for the turtles", "最后一段也这样")."""
    calls = [c for c in ctx.last if c.tool in RETARGET and not (c.tool == "change_length" and "seconds" in c.args)]
    if not calls:
        return Missing("repeat")
    if not clause.refs:
        return Missing("scene")
    scene = _scene_or_missing(clause, ctx, kind)
    if isinstance(scene, Missing):
        return scene
    return [Call(RETARGET[c.tool], {k: v for k, v in c.args.items() if k != "scene"} | {"scene": scene + 1}, c.kind, scene)
            for c in calls]


def plain(clause: Clause, ctx: Context, kind: Kind) -> Built:
    return [Call(kind.tool or kind.name, {}, kind.name)]


def go_to_version(clause: Clause, ctx: Context, kind: Kind) -> Built:
    number = re.search(r"(\d+)", clause.low)
    return Missing("version") if not number else [Call("go_to_version", {"version": int(number.group(1))}, kind.name)]


EXPORTS = {"srt": r"\bsrt\b|subtitle file|字幕文件", "vtt": r"\bvtt\b|webvtt", "edl": r"\bedl\b",
           "fcpxml": r"fcp ?xml|final cut|premiere|resolve|davinci|时间线", "otio": r"\botio\b|opentimelineio",
           "json": r"\bjson\b|the plan"}


def export(clause: Clause, ctx: Context, kind: Kind) -> Built:
    fmt = _choose(clause.low, EXPORTS)
    return Missing("format") if fmt is None else [Call("export_video", {"format": fmt}, kind.name)]


def render(clause: Clause, ctx: Context, kind: Kind) -> Built:
    quality = "hd" if re.search(r"\bhd\b|1080|高清", clause.low) else "final"
    return [Call("render_video", {"quality": quality}, kind.name)]


def ask_scene(clause: Clause, ctx: Context, kind: Kind) -> Built:
    scene = _scene(clause, ctx, kind)
    if isinstance(scene, Missing):
        return scene
    if scene is None and ctx.focus is not None and re.search(r"\b(it|this|that|there)\b|这", clause.low):
        scene = ctx.focus
    return [Call("", {} if scene is None else {"scene": scene + 1}, kind.name, scene)]


def ask_why(clause: Clause, ctx: Context, kind: Kind) -> Built:
    scene = _scene(clause, ctx, kind)
    if scene is None and ctx.focus is not None:
        scene = ctx.focus
    if scene is None or isinstance(scene, Missing):
        return scene if isinstance(scene, Missing) else Missing("scene")
    return [Call("explain_choice", {"scene": scene + 1}, kind.name, scene)]


def words_only(clause: Clause, ctx: Context, kind: Kind) -> Built:
    """Questions about the whole video, chat and refusals: answered in words, nothing called."""
    return [Call("", {}, kind.name)]


BUILDERS: dict[str, Callable[[Clause, Context, Kind], Built]] = {
    "length": length, "pace": pace, "preset": _pick(PRESET_WORDS, "set_style", "preset", "style"),
    "aspect": _pick(ASPECT_WORDS, "set_style", "aspect", "aspect"), "subtitles": _toggle("subtitles"),
    "narration": _toggle("narration"), "transition": _pick(TRANSITION_WORDS, "set_style", "transition", "transition"),
    "look": look, "speed": speed, "framing": framing, "music": music, "title_add": title_add,
    "title_remove": title_remove, "remove_scene": remove_scene, "swap": swap, "move": move, "add_scene": add_scene,
    "rewrite": rewrite, "other_shots": _one_scene("other_shots"), "shot_showing": shot_showing,
    "alternatives": _one_scene("show_alternatives"), "use_alternative": use_alternative, "lock": lock, "plain": plain,
    "go_to_version": go_to_version, "repeat": repeat, "export": export, "render": render, "ask_scene": ask_scene,
    "ask_length": ask_scene, "ask_why": ask_why, "ask_video": words_only, "capabilities": words_only,
    "chat": words_only, "cannot": words_only,
}

__all__ = ["BUILDERS", "Clause", "Context", "Scene", "by_words"]
