"""Which language a text is written in: by its script first, then, for Latin text, by word lists.

The script settles Chinese, Japanese and Korean exactly (kana means Japanese, hangul Korean, Han
characters alone Chinese), which is what the voice and the subtitle font depend on. Latin-script
text is told apart with simplemma's dictionaries (already used for lemmas; no model to load), and
falls back to English unless another language clearly has more of its words. A mixed story is
judged sentence by sentence: each segment gets its own voice and font.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from simplemma import langdetect

DEFAULT_LANGUAGE = "en"

LATIN_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
"""Latin-script languages told apart (simplemma has their word lists, espeak-ng their voices);
English first: on a tie it wins."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_CJK_TEXT = re.compile(f"{_HAN.pattern}|{_KANA.pattern}|{_HANGUL.pattern}")


def has_cjk(text: str) -> bool:
    """Whether `text` has any Chinese, Japanese or Korean character (it needs a CJK font)."""
    return _CJK_TEXT.search(text) is not None


def detect(text: str) -> str:
    """ISO 639-1 code of the language `text` is mostly written in ("en" when it cannot tell)."""
    han, kana, hangul = (len(p.findall(text)) for p in (_HAN, _KANA, _HANGUL))
    latin_words = len(_LATIN_WORD.findall(text))
    if kana and kana + han > latin_words:
        return "ja"
    if hangul and hangul >= han and hangul > latin_words:
        return "ko"
    # A Chinese character is about a syllable, an English word one or two: "TED演讲" stays Chinese.
    if han and han > latin_words:
        return "zh"
    if not latin_words:
        return DEFAULT_LANGUAGE
    scores = dict(langdetect(text, lang=LATIN_LANGUAGES))
    best = max(LATIN_LANGUAGES, key=lambda code: scores.get(code, 0.0))  # max keeps the first on a tie
    return best if scores.get(best, 0.0) > scores.get(DEFAULT_LANGUAGE, 0.0) else DEFAULT_LANGUAGE


def story_language(texts: Iterable[str]) -> str:
    """The language of a whole story: the one most of its sentences are in (on a tie, the first's)."""
    count: dict[str, int] = {}
    for text in texts:
        code = detect(text)
        count[code] = count.get(code, 0) + 1
    return max(count, key=count.__getitem__) if count else DEFAULT_LANGUAGE
