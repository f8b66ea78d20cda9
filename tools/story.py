"""Story text -> ordered segments: sentences with keywords, a mood and a target duration."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import rjieba
import simplemma

from pydantic import BaseModel, Field

from vectorstore.errors import StorycutError

from .plan import MAX_SPEED, MIN_SPEED, Framing

WORDS_PER_SECOND = 2.6
"""Speaking rate used to estimate a segment's length before the narration is synthesised."""

MIN_SEGMENT_SECONDS = 2.0
MIN_WORDS = 2
MAX_WORDS = 28
"""Longest segment in words (about 11 s of narration): longer sentences split at a clause."""

_DANGLING = re.compile(r"\b(?:and|but|or|while|then|so|as|when|until)\s*$", re.I)
_CLAUSE = re.compile(r"[,;:—–，；：、]\s*|\s+(?=(?:and|but|while|then|so|as|when|until)\s)")

STOPWORDS = frozenset("""
a an the and or but if then so of to in on at by for with from into onto over under up down out
about as is are was were be been being am do does did has have had it its it's this that these those
there here he she they we you i me him her them us my your his their our mine yours while when where
which who whom whose what why how not no nor all any each every some more most other such only own
same than too very can will just should now one ones again once far away near together toward
towards past through across along around after before during until also its itself themselves last
""".split())

STOPWORDS_ZH = frozenset("""
的 了 是 在 和 与 把 被 着 过 也 都 就 又 还 很 这 那 这个 那个 一个 一只 一头 一位 一群 一些 一种 一辆 一场 一部
有 没有 我 你 他 她 它 我们 你们 他们 她们 它们 自己 上 下 里 中 进 出 到 从 对 给 为 向 着 地 得 吗 呢 吧 啊 个 位
""".split())

MOOD_WORDS = {
    "intense": "fight fights race races racing fires gun explodes explosion storm crash danger chase chases "
               "scream fear fast rush attack battle fury dramatic".split(),
    "calm": "rests rest sleeps sleep asleep quiet calm gentle slowly softly peace peaceful still dreams "
            "drifting breeze sways glow".split(),
    "upbeat": "celebrates celebrate dance dances dancing laugh laughs joy happy play plays fun cheer "
              "party friends".split(),
}


class Segment(BaseModel):
    """One unit of the story that gets its own group of shots."""

    id: str
    text: str
    keywords: list[str] = Field(default_factory=list)
    mood: str = "neutral"
    intensity: float = Field(default=0.0, ge=0, le=1)
    duration: float = Field(gt=0, description="target length in seconds")
    speed: float = Field(default=1.0, ge=MIN_SPEED, le=MAX_SPEED, description="playback rate of its clips")
    look: str | None = None
    framing: Framing | None = None
    fixed_duration: float | None = Field(default=None, description="a length the user set; kept on re-planning")


_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])\s*|\n\s*\n|\n\s*[-*•]\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of `text` (English and Chinese punctuation, blank lines, bullets)."""
    parts = [p.strip(" \t\n-*•") for p in _SENTENCE_END.split(text)]
    return [p for p in parts if re.search(r"\w", p)]


def _words(text: str) -> list[str]:
    """Word tokens: Latin-script words as written, Chinese runs segmented by jieba (rjieba)."""
    out: list[str] = []
    for token in re.findall(r"[\u3400-\u9fff]+|[^\W\u3400-\u9fff]+(?:'[a-z]+)?", text.lower()):
        out += rjieba.cut(token) if re.match(r"[\u3400-\u9fff]", token) else [token]
    return out


def keywords(sentence: str) -> list[str]:
    """Content words: lower-cased, lemmatised (simplemma), stopwords removed; order kept."""
    out: list[str] = []
    for word in _words(sentence):
        if word.isdigit() or word in STOPWORDS or word in STOPWORDS_ZH:
            continue
        if re.match(r"[a-z]", word):
            if len(word) < 2:
                continue
            word = simplemma.lemmatize(word, lang="en")
            if word in STOPWORDS:
                continue
        out.append(word)
    return list(dict.fromkeys(out))


def mood_of(sentence: str) -> tuple[str, float]:
    words = set(re.findall(r"[\w']+", sentence.lower()))
    scores = {mood: len(words & set(lexicon)) for mood, lexicon in MOOD_WORDS.items()}
    mood, hits = max(scores.items(), key=lambda kv: kv[1])
    if hits == 0:
        return "neutral", 0.0
    intensity = min(1.0, 0.4 + 0.3 * hits) if mood == "intense" else min(1.0, 0.2 * hits)
    return mood, intensity


def word_count(text: str) -> float:
    """Words in `text`, counting about 2.5 CJK characters as one word."""
    return len(re.findall(r"[^\W\u3400-\u9fff]+", text)) + len(re.findall(r"[\u3400-\u9fff]", text)) / 2.5


def spoken_seconds(text: str) -> float:
    """Estimated narration length of `text`."""
    return max(MIN_SEGMENT_SECONDS, word_count(text) / WORDS_PER_SECOND + 0.5)


_WORD_OR_HAN = re.compile(r"[^\W\u3400-\u9fff]+|([\u3400-\u9fff])")


def _word_counter(sentence: str) -> tuple[list[int], Callable[[int, int], float]]:
    """The ends of the words of `sentence` (each CJK character a word), and `word_count` of
    `sentence[lo:hi]` for bounds that are not inside a word, in O(log n) per call."""
    found = list(_WORD_OR_HAN.finditer(sentence))
    ends = [m.end() for m in found]
    han = list(itertools.accumulate((m.group(1) is not None for m in found), initial=0))

    def words(lo: int, hi: int) -> float:
        a, b = bisect.bisect_right(ends, lo), bisect.bisect_right(ends, hi)
        return (b - a) - (han[b] - han[a]) + (han[b] - han[a]) / 2.5  # as word_count adds them

    return ends, words


def _dangles(sentence: str, end: int) -> bool:
    """Whether `sentence[:end]` ends on a joining word ("and", "while"...), looking at its end only."""
    while end > 0 and sentence[end - 1].isspace():
        end -= 1
    return _DANGLING.search(sentence, max(0, end - 8), end) is not None


def _stripped(sentence: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and sentence[lo].isspace():
        lo += 1
    while hi > lo and sentence[hi - 1].isspace():
        hi -= 1
    return lo, hi


def split_long(sentence: str) -> list[str]:
    """`sentence` cut at clause boundaries (else between words) until no part exceeds MAX_WORDS.

    Each cut is the one nearest the middle of its part. Parts are index ranges into `sentence` with
    word counts from one pass over it: counting each part afresh made splitting quadratic (minutes
    for a 10,000-character list of short clauses)."""
    if word_count(sentence) <= MAX_WORDS:
        return [sentence]
    ends, words = _word_counter(sentence)
    parts: list[str] = []
    todo = [_stripped(sentence, 0, len(sentence))]
    while todo:
        lo, hi = todo.pop()
        if words(lo, hi) <= MAX_WORDS:
            parts.append(sentence[lo:hi])
            continue
        middle = (lo + hi) / 2
        clauses = sorted((m.end() for m in _CLAUSE.finditer(sentence, lo, hi)), key=lambda c: abs(c - middle))
        at = next((c for c in clauses if words(lo, c) >= 4 and words(c, hi) >= 4 and not _dangles(sentence, c)),
                  None)
        if at is None:
            spaces = [m.start() for m in re.finditer(r"\s+", sentence[lo:hi])]
            at = lo + min(spaces, key=lambda c: abs(lo + c - middle)) if spaces else None
        if at is None:  # one unbroken run of words: cut at the word boundary nearest the middle
            inside = ends[bisect.bisect_right(ends, lo):bisect.bisect_left(ends, hi)]
            at = min(inside, key=lambda c: abs(c - middle))
        todo += [_stripped(sentence, at, hi), _stripped(sentence, lo, at)]
    return parts


def _join(a: str, b: str) -> str:
    return a + b if re.search(r"[\u3400-\u9fff]$", a) else f"{a} {b}"


def split_story(text: str) -> list[str]:
    """The story's segment texts: sentences and list items, over-long ones split, fragments merged."""
    sentences = [part for sentence in split_sentences(text or "") for part in split_long(sentence)]
    if not sentences:
        raise StorycutError("the story is empty: write at least one sentence")
    merged: list[str] = []
    for sentence in sentences:
        if merged and word_count(merged[-1]) < MIN_WORDS:
            merged[-1] = _join(merged[-1], sentence)
        else:
            merged.append(sentence)
    if len(merged) > 1 and word_count(merged[-1]) < MIN_WORDS:
        last = merged.pop()  # popped first: `merged[-2] = f(merged.pop())` assigns after the pop
        merged[-1] = _join(merged[-1], last)
    return merged


SCENE_SETTINGS = ("look", "speed", "framing", "fixed_duration")
"""A scene's own choices (made by the user): re-planning carries them to the segment with the same text."""


def make_segments(texts: list[str], total: float | None = None,
                  settings: Sequence[Mapping[str, Any]] | None = None,
                  spoken: Sequence[float] | None = None) -> list[Segment]:
    """Segments for `texts`, in order, each with its `settings` (fields of SCENE_SETTINGS). With
    `total`, the segments without a fixed_duration share what the fixed ones leave, in proportion to
    their speech length (`spoken`, the narration as synthesised, else estimated from the words, so
    that every scene's narration is read at the same pace); a fixed_duration is always the segment's
    length."""
    if not texts or not all(re.search(r"\w", t) for t in texts):
        raise StorycutError("the story is empty: write at least one sentence")
    settings = list(settings or [{}] * len(texts))
    fixed = [s.get("fixed_duration") for s in settings]
    spoken = list(spoken) if spoken is not None else [spoken_seconds(t) for t in texts]
    lengths = [f if f is not None else n for f, n in zip(fixed, spoken)]
    if total is not None:
        if total <= 0:
            raise StorycutError("the duration must be positive")
        free = total - sum(f for f in fixed if f is not None)
        weight = sum(n for f, n in zip(fixed, spoken) if f is None)
        if weight and free <= 0:
            raise StorycutError(f"the scenes with a length of their own already take {total - free:g} s "
                                f"of the {total:g} s: make the video longer or one of those scenes shorter")
        lengths = [f if f is not None else free * n / weight for f, n in zip(fixed, spoken)]
    segments = []
    for i, (text, length, own) in enumerate(zip(texts, lengths, settings), start=1):
        mood, intensity = mood_of(text)
        segments.append(Segment(id=f"s{i}", text=text, keywords=keywords(text), mood=mood, intensity=intensity,
                                duration=round(length, 3), **{k: v for k, v in own.items() if k in SCENE_SETTINGS}))
    return segments


def total_keeping(texts: list[str], total: float, fixed_before: Sequence[float | None],
                  fixed_after: Sequence[float | None], spoken: Sequence[float] | None = None) -> float:
    """The total under which `make_segments` (with the same `spoken`) gives every segment free in
    both `fixed_before` and `fixed_after` exactly the length it had under `total` with `fixed_before`
    (a scene given a length of its own changes the video's length, not its neighbours')."""
    spoken = list(spoken) if spoken is not None else [spoken_seconds(t) for t in texts]
    weight_before = sum(n for f, n in zip(fixed_before, spoken) if f is None)
    weight_after = sum(n for f, n in zip(fixed_after, spoken) if f is None)
    free = total - sum(f for f in fixed_before if f is not None)
    return sum(f for f in fixed_after if f is not None) + (free * weight_after / weight_before if weight_before else 0.0)


def segment_story(text: str, total: float | None = None) -> list[Segment]:
    """Split `text` into segments; with `total`, durations share it in proportion to speech length."""
    return make_segments(split_story(text), total)
