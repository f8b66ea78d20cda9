"""What a chat message asks for, as typed intents: the built-in director's vocabulary.

Regular expressions catch the requests that name what they want (a number, a scene, a format);
`agent.paraphrase` catches other wordings of the argument-free ones by meaning. Anything else is
reported as not understood, honestly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tools.style import PRESETS


@dataclass(frozen=True)
class NewStory:
    text: str


@dataclass(frozen=True)
class SetStyle:
    """Style fields to change; `preset` first, then explicit fields on top."""

    preset: str | None = None
    pace_factor: float | None = None
    aspect: str | None = None
    subtitles: bool | None = None
    narration: bool | None = None
    transition: str | None = None


@dataclass(frozen=True)
class SetDuration:
    seconds: float


@dataclass(frozen=True)
class History:
    action: Literal["undo", "redo"]


@dataclass(frozen=True)
class Ref:
    """A segment the user points at: by position (0-based; -1 the last) or by words in its text."""

    index: int | None = None
    words: str | None = None


@dataclass(frozen=True)
class RemoveSegment:
    ref: Ref


@dataclass(frozen=True)
class SwapSegments:
    a: Ref
    b: Ref


@dataclass(frozen=True)
class ReplaceShots:
    ref: Ref


@dataclass(frozen=True)
class AddSegment:
    text: str
    position: int | None = None
    """Where the new segment goes (0: first); None: at the end."""


@dataclass(frozen=True)
class MoveSegment:
    ref: Ref
    to: int
    """The new position: 1 the start, -1 the end."""


@dataclass(frozen=True)
class ChangeText:
    ref: Ref
    text: str


@dataclass(frozen=True)
class ShowAlternatives:
    ref: Ref


@dataclass(frozen=True)
class UseShot:
    """Put a shot (an id, or the number of a listed alternative) into a segment, locked."""

    ref: Ref
    shot: str


@dataclass(frozen=True)
class Lock:
    ref: Ref
    locked: bool = True


@dataclass(frozen=True)
class GoToVersion:
    version: int


@dataclass(frozen=True)
class Export:
    format: str


@dataclass(frozen=True)
class Render:
    quality: Literal["preview", "final", "hd"]


@dataclass(frozen=True)
class Ask:
    """A question about the video, answered without changing it."""

    what: Literal["describe", "versions"]


@dataclass(frozen=True)
class Replan:
    pass


SegmentEdit = RemoveSegment | SwapSegments | ReplaceShots | AddSegment | MoveSegment | ChangeText
Intent = (NewStory | SetStyle | SetDuration | History | SegmentEdit | ShowAlternatives | UseShot | Lock
          | GoToVersion | Export | Render | Ask | Replan)

_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5, "seventh": 6,
             "eighth": 7, "ninth": 8, "tenth": 9, "last": -1, "final": -1, "opening": 0, "closing": -1,
             "第一": 0, "第二": 1, "第三": 2, "第四": 3, "第五": 4, "最后": -1}
_UNIT = r"(?:scene|segment|sentence|part|shot|clip|line|bit|section|场景|句|段|镜头)s?"
_NUMBER_REF = re.compile(rf"\b{_UNIT}\s*(?:number\s*|no\.?\s*|#)?(\d+)|#(\d+)|第\s*(\d+)\s*(?:个)?(?:场景|句|段|镜头)")
_ORDINAL_REF = re.compile(rf"\b(?:the\s+)?({'|'.join(k for k in _ORDINALS if k.isascii())})\s+(?:{_UNIT}|one)\b|"
                          rf"({'|'.join(k for k in _ORDINALS if not k.isascii())})")
_WORD_REF = re.compile(rf"(?:about|with|containing|showing|where)\s+(?:the\s+|a\s+|an\s+)?([\w' -]+?)"
                       rf"(?:\s+{_UNIT})?(?:\s+(?:to|at|and|in)\b|[.,!?]|$)|"
                       rf"\bthe\s+([\w'-]+(?:\s+[\w'-]+)?)\s+{_UNIT}\b")


def _ref(text: str) -> Ref | None:
    """The segment `text` points at, if any."""
    number = _NUMBER_REF.search(text)
    if number:
        return Ref(index=int(next(g for g in number.groups() if g)) - 1)
    ordinal = _ORDINAL_REF.search(text)
    if ordinal:
        return Ref(index=_ORDINALS[next(g for g in ordinal.groups() if g)])
    words = _WORD_REF.search(text)
    if words:
        found = next(g for g in words.groups() if g).strip()
        if found not in {"this", "that", "it", "one", "same", "other", "next"}:
            return Ref(words=found)
    return None


_ANY_ORDINAL = re.compile(rf"\b({'|'.join(k for k in _ORDINALS if k.isascii())})\b|"
                          rf"({'|'.join(k for k in _ORDINALS if not k.isascii())})")


def _refs(text: str) -> list[Ref]:
    """Every numbered or ordinal segment reference, in order ("scenes 1 and 2", "the first and
    second scenes" give two)."""
    pair = re.search(rf"{_UNIT}\s+(\d+)\s*(?:and|&|with|,)\s*(\d+)", text)
    if pair:
        return [Ref(index=int(pair.group(1)) - 1), Ref(index=int(pair.group(2)) - 1)]
    found = [(m.start(), Ref(index=int(next(g for g in m.groups() if g)) - 1)) for m in _NUMBER_REF.finditer(text)]
    found += [(m.start(), Ref(index=_ORDINALS[next(g for g in m.groups() if g)])) for m in _ANY_ORDINAL.finditer(text)]
    return [ref for _, ref in sorted(found, key=lambda f: f[0])]


def _after_colon(message: str) -> str | None:
    match = re.search(r"[:：]\s*(.+)$", message.strip(), re.S)
    return match.group(1).strip() if match else None


_EXPORTS = [(r"\bsrt\b|subtitle file|字幕文件", "srt"), (r"\bvtt\b|webvtt", "vtt"), (r"\bedl\b", "edl"),
            (r"fcp ?xml|final cut|premiere|resolve|davinci", "fcpxml"), (r"\botio\b|opentimelineio", "otio"),
            (r"\bjson\b", "json")]


def parse_request(message: str) -> Intent | None:
    """Requests that name their action: alternatives, a chosen shot, locks, versions, exports,
    renders, re-planning and questions about the video."""
    low = message.lower().strip()
    if re.search(r"\b(alternatives?|options|other choices|what else)\b|备选|其他镜头", low) and \
            not re.search(r"\buse\b", low):
        ref = _ref(low)
        if ref is not None:
            return ShowAlternatives(ref)
    chosen = re.search(r"\b(?:use|take|pick|choose)\s+(?:the\s+)?(?:alternative|option|choice)\s*(?:number\s*|#)?(\d+)|"
                       r"\b(?:use|put)\s+shot\s+([\w:.-]+)", low)
    if chosen:
        ref = _ref(low[chosen.end():]) or _ref(low[:chosen.start()])
        if ref is not None:
            return UseShot(ref, chosen.group(1) or message.strip()[chosen.start(2):chosen.end(2)])
    if re.search(r"\b(un)?lock\b|keep (?:the|this|these) shots? (?:in|of|for)|锁定", low):
        ref = _ref(low)
        if ref is not None:
            return Lock(ref, locked=not re.search(r"\bunlock\b", low))
    version = re.search(r"\b(?:go (?:back )?to|back to|restore|revert to|switch to)\s+version\s*(\d+)|回到版本\s*(\d+)", low)
    if version:
        return GoToVersion(int(version.group(1) or version.group(2)))
    if re.search(r"\b(versions|history)\b|历史|版本列表", low):
        return Ask("versions")
    if re.search(r"\bexport|download|timeline|导出", low) or re.search(r"\b(give|send) me (?:the |an? )?(srt|edl|vtt|otio)", low):
        for pattern, fmt in _EXPORTS:
            if re.search(pattern, low):
                return Export(fmt)
    if re.search(r"\b(render|export|make|produce)\b.*\b(final|full quality|high quality|hd|1080p?)\b|最终|高清", low):
        return Render("hd" if re.search(r"\bhd\b|1080|高清", low) else "final")
    if re.search(r"\b(re-?plan|start over with (?:new|other|different) shots|choose (?:all )?(?:the )?shots again|"
                 r"pick (?:all )?new shots|reshuffle)\b|重新规划", low):
        return Replan()
    if re.search(r"\b(describe|what(?:'s| is) in (?:the|my) (?:video|cut)|show (?:me )?the plan|which shots|"
                 r"what (?:scenes|shots)|summari[sz]e|status)\b|描述|有哪些", low):
        return Ask("describe")
    return None


def parse_segment_edit(message: str) -> SegmentEdit | None:
    """An edit of the story's segments: remove, swap, replace shots, add, move or rewrite one."""
    low = message.lower().strip()
    new_text = _after_colon(message)
    if re.search(r"\b(add|insert|append|put in)\b|加一|添加|增加", low) and new_text:
        position = 0 if re.search(r"\b(at|to) the (start|beginning)|开头", low) else None
        return AddSegment(text=new_text, position=position)
    if re.search(r"\b(change|rewrite|replace|reword|edit|make)\b.*\bto\b|改成|改为", low) and new_text:
        ref = _ref(low.split(":")[0])
        if ref is not None:
            return ChangeText(ref=ref, text=new_text)
    if re.search(r"\bswap|switch|exchange|trade places|交换|调换", low):
        refs = _refs(low)
        if len(refs) >= 2:
            return SwapSegments(refs[0], refs[1])
    move = _parse_move(low)
    if move is not None:
        return move
    shot_words = r"\b(shot|clip|footage|picture|image|video)s?\b|镜头|画面"
    if re.search(shot_words, low) and re.search(
            r"\b(another|different|other|else|new|replace|change|swap out|don't like|do not like|hate|better|bad|wrong|"
            r"boring|ugly|poor|weak|awful|terrible|doesn't (?:fit|work)|does not (?:fit|work))\b|换|不喜欢|不好", low):
        ref = _ref(low)
        if ref is not None:
            return ReplaceShots(ref=ref)
    if re.search(rf"\b(drop|delete|remove|cut out|get rid of|lose|skip|take out|leave out)\b|删除|去掉|删掉|"
                 rf"\bcut\s+(?:the\s+)?(?:[\w'-]+\s+)?{_UNIT}", low) and \
            not re.search(r"subtitle|caption|narration|voice|music|字幕|旁白", low):
        ref = _ref(low)
        if ref is not None:
            return RemoveSegment(ref=ref)
    return None


_TO_START = r"\b(?:to|at) the (?:start|beginning|front|top)\b|\bfirst$|\bopen(?:s|ing)? with\b|\bstart(?:s)? with\b|开头|最前"
_TO_END = r"\b(?:to|at) the (?:end|back|bottom)\b|\blast$|\b(?:end|finish|close)(?:s)? with\b|结尾|最后"


def _parse_move(low: str) -> MoveSegment | None:
    """"move the cyclist scene to the start", "put scene 3 last", "open with the dog scene"."""
    if not re.search(r"\b(move|put|place|bring|open|start|end|finish|close)\b|移到|放到", low) or len(low.split()) > 16:
        return None
    position = re.search(r"\bto (?:position|place|slot|number) (\d+)\b", low)
    if position and _ref(low[:position.start()]):
        return MoveSegment(ref=_ref(low[:position.start()]), to=int(position.group(1)))
    low = re.sub(r"[.!?。！？\s]+$", "", low)
    moving = re.match(r"(?:please\s+)?(?:move|put|place|bring)\b", low) or re.search(_UNIT, low)
    for pattern, to in ((_TO_START, 1), (_TO_END, -1)):
        where = re.search(pattern, low)
        if where:
            rest = (low[:where.start()] + " " + low[where.end():]).strip()
            rest = re.sub(r"^(?:please\s+)?(?:move|put|place|bring)\s+", "", rest)
            ref = _ref(rest) or (_subject(rest) if moving else None)
            return MoveSegment(ref=ref, to=to) if ref is not None else None
    return None


def _subject(rest: str) -> Ref | None:
    """"the cyclist scene" / "the bit with the cyclist": the words that name the moved scene."""
    words = re.sub(rf"^(?:the\s+)?|\s*{_UNIT}$", "", rest.strip()).strip()
    return Ref(words=words) if words and len(words.split()) <= 6 else None


_STORY_PREFIX = re.compile(r"^\s*(?:please\s+)?(?:make|create|cut|build)\b[^:：]{0,60}\b(?:story|text|script)\s*[:：]\s*",
                           re.I)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s\b|sec|secs|seconds?|秒|min|mins|minutes?|分钟)", re.I)
_ASPECTS = [(r"\b9\s*:\s*16\b|vertical|portrait|phone|tiktok|reels?|shorts|竖", "9:16"),
            (r"\b1\s*:\s*1\b|square|instagram post|方形", "1:1"),
            (r"\b16\s*:\s*9\b|horizontal|landscape|widescreen|横", "16:9")]
_PRESET_WORDS = {"dramatic": "dramatic|intense|tense|epic drama|戏剧", "calm": "calm|relaxed|peaceful|gentle|平静",
                 "energetic": "energetic|upbeat|lively|exciting|活力", "documentary": "documentary|纪录",
                 "cinematic": "cinematic|movie|film look|电影", "neutral": "neutral|plain|default style"}
_TOGGLES = {"subtitles": r"subtitles?|captions?|字幕", "narration": r"narration|voice ?over|voice|narrator|旁白|配音"}
_FASTER = (r"faster|quicker|quicken|snappier|punchier|speed (?:it )?up|more cuts|sluggish|drags|dragging|tighten|"
           r"too slow|shorter shots|加快|快一点|紧凑")
_SLOWER = (r"slower|slow (?:it |the \w+ )?down|breathe|longer shots|shots? (?:\w+ )?longer|fewer cuts|linger|hectic|frantic|"
           r"rushed|choppy|too (?:fast|quick)|放慢|慢一点")


def parse(message: str, has_plan: bool) -> list[Intent]:
    """The intents in `message`; a long multi-sentence text with no command is a new story."""
    text = message.strip()
    prefix = _STORY_PREFIX.match(text)
    if prefix:
        return [NewStory(text[prefix.end():].strip())]
    low = text.lower()
    intents: list[Intent] = []
    if re.fullmatch(r"\W*(undo|go back|revert|撤销)\b.*", low) and not re.search(r"version\s*\d", low):
        return [History("undo")]
    if re.fullmatch(r"\W*(redo|重做)\b.*", low):
        return [History("redo")]
    request = parse_request(text) if has_plan else None
    if request is not None:
        return [request]
    edit = parse_segment_edit(text)
    if edit is not None:
        return [edit]
    style: dict = {}
    for name, pattern in _PRESET_WORDS.items():
        if re.search(pattern, low):
            style["preset"] = name
            break
    if re.search(_FASTER, low):
        style["pace_factor"] = 0.7
    elif re.search(_SLOWER, low):
        style["pace_factor"] = 1.4
    for pattern, aspect in _ASPECTS:
        if re.search(pattern, low):
            style["aspect"] = aspect
            break
    for field, words in _TOGGLES.items():
        if re.search(rf"(no|without|remove|drop|turn off|disable|hide|去掉|不要)\W+(\w+\W+)?({words})|({words})\W+off", low):
            style[field] = False
        elif re.search(rf"(add|with|turn on|enable|show|加上)\W+(\w+\W+)?({words})|({words})\W+on\b", low):
            style[field] = True
    if re.search(r"crossfade|cross-fade|dissolve|fade between|淡入", low):
        style["transition"] = "crossfade"
    elif re.search(r"hard cuts?|straight cuts?|no (?:fades|transitions)", low):
        style["transition"] = "cut"
    if style:
        intents.append(SetStyle(**style))
    duration = _DURATION.search(low)
    if duration and re.search(r"long|length|duration|make it|whole|video|total|seconds|秒|分钟", low):
        value = float(duration.group(1))
        if duration.group(2).startswith(("min", "分")):
            value *= 60
        intents.append(SetDuration(value))
    if not intents and (not has_plan or len(re.findall(r"\w+", text)) >= 12) and \
            len(re.findall(r"[.!?。！？]", text)) >= 1 and len(re.findall(r"\w+", text)) >= 6:
        intents.append(NewStory(text))
    return intents


CAPABILITIES = ("cut a story you send me (\"Make a video of this story: ...\"), edit its scenes (\"drop the last "
                "scene\", \"swap scenes 1 and 2\", \"try another shot in scene 3\", \"add a scene at the end: ...\", "
                "\"move the dog scene to the start\", \"change the second sentence to: ...\"), show alternatives for a "
                "scene and use one (\"use alternative 2 for scene 3\"), lock a scene's shots, change its length "
                "(\"make it 20 seconds\"), the aspect (\"vertical\", \"square\"), the style (" + ", ".join(PRESETS)
                + "), the pace (\"faster\", \"slower\"), turn subtitles or narration on or off, undo, redo or go to a "
                "version, export (SRT, EDL, FCP XML, OTIO) or render the final video")
