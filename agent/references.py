"""Which scene a clause points at: by number, ordinal, first/last, "this one", the words of its text,
what its shots show, or by meaning (across languages: "有马的场景" on an English story).

Marked references ("the lion scene", "the part where he slices", "scene 2", "有马的场景") are
resolved against the scenes' texts, then what their shots show, then by embedding similarity with
a margin. Bare words ("slow down the snowboard jump") count only when they are words of one scene's
text. A reference that fits two scenes equally is returned with both, for the director to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from tools.story import keywords

from .meaning import embed
from .quantities import arabic
from .vocabulary import EDIT_WORDS

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "last": -1, "final": -1, "opening": 1, "closing": -1, "penultimate": -2,
            "second to last": -2, "second-to-last": -2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
ZH_ORDINALS = {"最后": -1, "末尾": -1, "结尾": -1, "开头": 1, "倒数第二": -2}

GLOSSARY_ZH = {
    "狮子": "lion", "狗": "dog", "小狗": "puppy", "猫": "cat", "马": "horse", "鸟": "bird", "鹦鹉": "cockatoo parrot",
    "鱼": "fish", "大象": "elephant", "兔子": "rabbit", "乌龟": "turtle", "熊": "bear", "牛": "cow", "羊": "sheep",
    "人": "person man woman", "男人": "man", "女人": "woman", "孩子": "child kid", "男孩": "boy", "女孩": "girl",
    "朋友": "friends", "家人": "family", "家庭": "family", "运动员": "athletes", "厨师": "chef",
    "车": "car", "汽车": "car", "自行车": "bicycle bike cyclist", "骑车": "cyclist bike", "滑板": "skateboard",
    "滑雪": "ski snowboard", "单板": "snowboard", "冲浪": "surf", "跑步": "run race sprinters", "跳舞": "dance",
    "船": "boat", "桥": "bridge", "城市": "city", "街道": "street", "商店": "shops", "海": "sea ocean", "海边": "beach",
    "沙滩": "beach", "水": "water", "山": "mountain hills", "树": "tree", "花": "flower", "草": "grass", "雪": "snow",
    "夜": "night", "夜晚": "night", "晚上": "night", "早上": "morning", "太阳": "sun", "灯": "lights", "球": "ball",
    "米饭": "rice", "米": "rice", "锅": "pot", "蔬菜": "vegetables", "酱": "sauce", "酱汁": "sauce", "吃饭": "eat dinner",
    "晚饭": "dinner", "厨房": "kitchen", "切菜": "slices vegetables", "终点": "finish", "起跑": "starting blocks",
    "枪": "gun", "跑道": "track", "吉他": "guitar", "音乐": "music", "庆祝": "celebrates",
}
"""Common picture words in Chinese -> English, for Chinese references to an English story; anything
else is matched by meaning."""

_UNIT = r"(?:scene|segment|sentence|part|shot|clip|line|bit|section|one|sequence)"
_SCENE_UNIT = r"(?:scene|segment|sentence|part|line|bit|section|one|sequence)"
"""Words after which "the lion ..." names a scene; "the guitar clip" names a shot, not a scene."""
_UNIT_ZH = r"(?:个场景|场景|个镜头|镜头|段|句|个画面|画面|部分|个)"
_NUMBER = re.compile(rf"\b{_UNIT}s?\s*(?:number\s*|no\.?\s*|#\s*)?(\d+)\b|#(\d+)\b|第\s*(\d+)\s*{_UNIT_ZH}|场景\s*(\d+)")
_PAIR = re.compile(rf"\b{_UNIT}s\s+(\d+)\s*(?:and|&|with|,|to)\s*(\d+)\b|"
                   rf"第\s*(\d+)\s*(?:{_UNIT_ZH})?\s*(?:和|与|跟|、)\s*第\s*(\d+)\s*{_UNIT_ZH}")
_ORDINAL = re.compile(r"\b(?:the\s+)?(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + rf")\s+{_UNIT}\b|"
                      rf"\b{_UNIT}\s+(one|two|three|four|five|six|seven|eight|nine|ten)\b|"
                      r"(" + "|".join(ZH_ORDINALS) + rf")(?:那|这)?(?:一|1)?{_UNIT_ZH}")
_ORDINAL_PAIR = re.compile(r"\bthe\s+(" + "|".join(k for k in ORDINALS if " " not in k) + r")\s+and\s+(?:the\s+)?("
                           + "|".join(k for k in ORDINALS if " " not in k) + rf")\s+{_UNIT}s?\b")
_EDGE_PAIR = re.compile(rf"\bthe\s+(first|last|final|opening|closing)\s+(?:two|2)\s+{_UNIT}s\b|"
                        r"(前|最后|后)(?:两|二|2)(?:个)?(?:场景|段|个镜头)")
"""Two scenes at one end: "the first two scenes" (1 and 2), "the last two" / "最后两个场景" (the last but one and
the last)."""
_WORD = r"(?!(?:the|a|an|that|this)\b)[\w'-]+"
"""A word between "the" and "scene" in a marked reference: never another article, so "finish the cut on the
lion scene" names "lion", and "cut the video down a bit" names nothing ("a bit" is an amount)."""
_THIS = re.compile(rf"\b(?:this|that|the same|current)\s+{_SCENE_UNIT}\b|这个场景|这一段|这段|这个镜头|这个画面|这一幕|这里")
_MARKED = re.compile(
    rf"\b(?:the|that|this)\s+((?:{_WORD}\s+){{0,3}}?{_WORD})\s+{_SCENE_UNIT}s?\b(?!\s+(?:\d|of|with|where|about|showing))|"
    rf"\b{_SCENE_UNIT}s?\s+(?:with|about|of|showing|where|in which|that shows)\s+(?:the\s+|a\s+|an\s+)?"
    r"((?:[\w'-]+\s*){1,6}?)(?=\s+(?:to|into|at|and|in|for|after|before|with|so|as|on)\b|[.,!?;]|$)|"
    r"(?:有|关于)?([\u4e00-\u9fff]{1,8}?)(?:的(?:那)?(?:个)?(?:场景|画面|镜头|部分|那段|段落|一段)|那段|那一段|那个场景|那部分)|"
    rf"\b(?:just|only|after|before)\s+(?:the|that|this)\s+({_WORD})\b")
"""Also "just the finish": "just"/"only" scope a change to what follows, said without "scene"; and
"before the finish": what a new or moved scene goes next to is a scene. In Chinese, "有马的场景" and
"回家那段" (no 的 before 那段)."""


NOT_SCENES = frozenset("""video film cut movie whole thing end start beginning middle colours colors colour color music
title titles audio sound voice narration subtitles captions picture image pace look sky""".split())
"""What "just the ..." may be about that is no scene ("just the music louder")."""


@dataclass(frozen=True)
class Scene:
    """What the director knows of a scene (from describe_video)."""

    text: str
    shows: tuple[str, ...] = ()
    """What each shot shows (its description)."""
    sees: tuple[str, ...] = ()
    """Words the tagger saw and words said in the shots: matched too, never quoted back."""
    seconds: float = 0.0
    look: str | None = None
    speed: float = 1.0


@dataclass
class Ref:
    """A reference in the clause: the scene(s) it may mean (0-based), where it is, how it was found."""

    candidates: list[int]
    start: int
    end: int
    how: str
    marked: bool = True
    words: str = ""
    alternatives: list[int] = field(default_factory=list)
    together: bool = False
    """One of several scenes named together ("scenes 2 and 3", "the lion and dog scenes")."""

    @property
    def index(self) -> int | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


def _position(number: int, count: int) -> list[int]:
    """A scene by number (1 the first, -1 the last); one that does not exist is still returned,
    for the tool to say so ("there is no scene 9")."""
    return [number - 1 if number > 0 else count + number]


def _stems(text: str) -> set[str]:
    words = set()
    for word in keywords(text):
        words.add(word)
        for english in GLOSSARY_ZH.get(word, "").split():
            words.add(english)
    for chinese, english in GLOSSARY_ZH.items():
        if chinese in text:
            words.update(english.split())
    return {w for w in words if w not in EDIT_WORDS}


def _same(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def _overlap(words: set[str], text: str) -> int:
    other = _stems(text)
    return sum(any(_same(w, o) for o in other) for w in words)


def scene_document(scene: Scene) -> str:
    """What a scene is matched against by meaning: its words and what its shots show."""
    return " ".join([scene.text, *scene.shows, *scene.sees])


MEANING_MARGIN = 0.02
"""How much nearer in meaning one scene must be than the next for a reference to mean it."""
MEANING_FLOOR = 0.78


def by_words(words: str, scenes: list[Scene], meaning: bool = True) -> list[int]:
    """The scenes `words` name: by their text, else what their shots show, else by meaning; two
    candidates when the best is not clearly better."""
    wanted = _stems(words)
    for field_of in (lambda s: s.text, lambda s: " ".join(s.shows + s.sees)):
        scores = [_overlap(wanted, field_of(s)) for s in scenes] if wanted else []
        best = max(scores, default=0)
        if best > 0:
            return [i for i, s in enumerate(scores) if s == best]
    if not meaning or not words.strip() or not scenes:
        return []
    query, *documents = embed([words] + [scene_document(s) for s in scenes])
    sims = np.array([float(d @ query) for d in documents])
    order = np.argsort(-sims)
    if sims[order[0]] < MEANING_FLOOR:
        return []
    if len(order) == 1 or sims[order[0]] - sims[order[1]] >= MEANING_MARGIN:
        return [int(order[0])]
    return [int(order[0]), int(order[1])]


def find(clause: str, scenes: list[Scene], focus: int | None) -> list[Ref]:
    """Every scene reference in `clause`, in order of appearance (overlapping ones dropped)."""
    low = arabic(clause.lower())
    count = len(scenes)
    refs: list[Ref] = []
    for m in _PAIR.finditer(low):
        a, b = (1, 2) if m.group(1) else (3, 4)
        refs += [Ref(_position(int(m.group(a)), count), m.start(), m.end(a), "number", together=True),
                 Ref(_position(int(m.group(b)), count), m.end(a), m.end(), "number", together=True)]
    for m in _ORDINAL_PAIR.finditer(low):
        refs += [Ref(_position(ORDINALS[m.group(1)], count), m.start(1), m.end(1), "ordinal", together=True),
                 Ref(_position(ORDINALS[m.group(2)], count), m.start(2), m.end(2), "ordinal", together=True)]
    for m in _EDGE_PAIR.finditer(low):
        first = (m.group(1) or "") in ("first", "opening") or m.group(2) == "前"
        middle = (m.start() + m.end()) // 2  # two references side by side, so neither hides the other
        a, b = (1, 2) if first else (-2, -1)
        refs += [Ref(_position(a, count), m.start(), middle, "ordinal", together=True),
                 Ref(_position(b, count), middle, m.end(), "ordinal", together=True)]
    for m in _NUMBER.finditer(low):
        number = int(next(g for g in m.groups() if g))
        refs.append(Ref(_position(number, count), m.start(), m.end(), "number"))
    for m in _ORDINAL.finditer(low):
        word = m.group(1) or m.group(2) or m.group(3)
        number = ORDINALS.get(word) or ZH_ORDINALS[word]
        refs.append(Ref(_position(number, count), m.start(), m.end(), "ordinal"))
    for m in _THIS.finditer(low):
        refs.append(Ref([] if focus is None else [focus], m.start(), m.end(), "this"))
    for m in _MARKED.finditer(low):
        group = next(i for i, g in enumerate(m.groups()) if g)
        words = re.sub(r"^(?:把|将|给|让|删掉|删除|去掉|不要|移动|用|有|和|与|跟)+", "", m.groups()[group].strip())
        if not words:
            continue
        if group == 3 and words in NOT_SCENES:
            continue
        if words.split()[-1] in ORDINALS or words in ("same", "other", "next", "whole", "new", "this", "that") or \
                (group == 2 and (words.startswith(("第", "这")) or words in ZH_ORDINALS)):
            continue
        start, end = m.span(group + 1)
        parts = re.split(r"\s+(?:and|&|or)\s+|和|与|跟", words)
        for part in filter(None, parts):
            at = low.find(part, start, end)
            refs.append(Ref(by_words(part, scenes), at, at + len(part), "words", words=part, together=len(parts) > 1))
    refs = _without_overlaps(refs)
    taken = [(r.start, r.end) for r in refs]
    for m in re.finditer(r"[a-z][\w'-]+", low):
        if any(s <= m.start() < e for s, e in taken) or m.group() in EDIT_WORDS:
            continue
        hits = by_words(m.group(), scenes, meaning=False)
        if len(hits) == 1:
            refs.append(Ref(hits, m.start(), m.end(), "words", marked=False, words=m.group()))
    for chinese in GLOSSARY_ZH:
        at = low.find(chinese)
        if at >= 0 and not any(s <= at < e for s, e in [(r.start, r.end) for r in refs]):
            hits = by_words(chinese, scenes, meaning=False)
            if len(hits) == 1:
                refs.append(Ref(hits, at, at + len(chinese), "words", marked=False, words=chinese))
    refs = _without_overlaps(refs)
    return _merged(sorted(refs, key=lambda r: r.start))


_SUBJECT = re.compile(r"^(?:so |and |but |ok |also )?(?:the|that|this|those)\s+([a-z][\w'-]+)\b")
_VERB_AFTER_THIS = re.compile(r".*\b(?:this|that)\s+[a-z'-]+[^s']s$")
"""A singular demonstrative before a word in -s: a verb, not a plural noun ("this drags", "that feels long")."""
NOT_SUBJECTS = NOT_SCENES | EDIT_WORDS | frozenset("edit editing pacing rhythm mood vibe story intro outro tempo".split())


def subject(low: str, scenes: list[Scene]) -> Ref | None:
    """The scene a clause opens with, named by a noun its text need not use ("the dinner at the end
    could stay longer"): found by meaning, or two candidates to ask between; None when the clause
    does not open with a noun phrase that could be a scene."""
    m = _SUBJECT.match(low)
    if not m or m.group(1) in NOT_SUBJECTS or not scenes or _VERB_AFTER_THIS.match(m.group(0)):
        return None
    hits = by_words(m.group(1), scenes)
    placed = [i for i, where in ((len(scenes) - 1, _AT_END), (0, _AT_START)) if i in hits and where.match(low, m.end())]
    return Ref(placed or hits, m.start(1), m.end(1), "words", words=m.group(1)) if hits else None


_AT_END = re.compile(r"\s+(?:at|in) the (?:very )?(?:end|close|finish)\b")
_AT_START = re.compile(r"\s+(?:at|in) the (?:very )?(?:start|beginning|opening)\b")


def _without_overlaps(refs: list[Ref]) -> list[Ref]:
    kept: list[Ref] = []
    for ref in sorted(refs, key=lambda r: (r.start, -(r.end - r.start))):
        if all(ref.end <= k.start or ref.start >= k.end for k in kept):
            kept.append(ref)
    return kept


def _merged(refs: list[Ref]) -> list[Ref]:
    """Bare words naming the same scene as a neighbour ("the bridge at night") are one reference."""
    out: list[Ref] = []
    for ref in refs:
        if out and not ref.marked and out[-1].candidates == ref.candidates:
            continue
        if out and not out[-1].marked and ref.marked and out[-1].candidates == ref.candidates:
            out[-1] = ref
            continue
        out.append(ref)
    return out
