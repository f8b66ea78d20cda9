"""What a chat message asks for, as typed intents: the built-in director's vocabulary.

This first vocabulary covers a new story, length, aspect, style presets and pace, subtitles and
narration on or off, undo and redo. Anything else is reported as not understood, honestly.
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


Intent = NewStory | SetStyle | SetDuration | History

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
_FASTER = r"faster|quicker|snappier|speed (?:it )?up|more cuts|sluggish|shorter shots|加快|快一点"
_SLOWER = r"slower|slow (?:it |the \w+ )?down|breathe|longer shots|fewer cuts|linger|放慢|慢一点"


def parse(message: str, has_plan: bool) -> list[Intent]:
    """The intents in `message`; a long multi-sentence text with no command is a new story."""
    text = message.strip()
    prefix = _STORY_PREFIX.match(text)
    if prefix:
        return [NewStory(text[prefix.end():].strip())]
    low = text.lower()
    intents: list[Intent] = []
    if re.fullmatch(r"\W*(undo|go back|revert|撤销)\b.*", low):
        return [History("undo")]
    if re.fullmatch(r"\W*(redo|重做)\b.*", low):
        return [History("redo")]
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


CAPABILITIES = ("cut a story you send me (\"Make a video of this story: ...\"), change its length "
                "(\"make it 20 seconds\"), the aspect (\"vertical\", \"square\"), the style (" + ", ".join(PRESETS)
                + "), the pace (\"faster\", \"slower\"), turn subtitles or narration on or off, undo or redo")
