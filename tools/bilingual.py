"""Words of one language for words of the other, so keyword search crosses languages: footage
described in English is found with Chinese words ("狮子" finds "lion"), and footage described in
Chinese with English ones.

Chinese to English comes from CC-CEDICT (`vectorstore/data/zh_en_glossary.json.gz`, made by
`scripts/cedict_glossary.py`); English to Chinese from the tagger's concept words in Chinese
(`vectorstore.concepts.chinese_words`), else from the same glossary read backwards (headwords whose
gloss is exactly the word, the most frequent first). A translation counts less than the word the
user wrote (`TRANSLATION_WEIGHT`), and a gloss of several words shares that weight among them.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from functools import lru_cache

import rjieba

from vectorstore.concepts import DATA, chinese_words

from .language import has_cjk
from .story import STOPWORDS_ZH, keywords

GLOSSARY = DATA.parent / "zh_en_glossary.json.gz"

TRANSLATION_WEIGHT = 0.5
"""Weight of a translated word beside the query's own words (1): set once, not fitted (a word of
the other language is a guess at what the user meant)."""
GLOSSES_PER_WORD = 3
"""A Chinese word's first glosses only: CC-CEDICT lists the usual senses first ("玩": play, have
fun, trifle with, toy, ...)."""
CHINESE_PER_WORD = 3
"""Chinese words looked for per English word, from the glossary read backwards."""


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    """Simplified Chinese word -> its English glosses (read once per process)."""
    with gzip.open(GLOSSARY, "rt", encoding="utf-8") as handle:
        return json.load(handle)["words"]


@lru_cache(maxsize=1)
def _backwards() -> dict[str, list[str]]:
    """English one-word gloss -> the Chinese words it glosses, most frequent (jieba's counts) first."""
    found: dict[str, list[str]] = {}
    for word, glosses in glossary().items():
        for gloss in glosses:
            if " " not in gloss:
                found.setdefault(gloss, []).append(word)
    return {gloss: sorted(words, key=lambda w: -rjieba.suggest_freq(w))[:CHINESE_PER_WORD]
            for gloss, words in found.items()}


@lru_cache(maxsize=4096)
def translate(word: str) -> tuple[tuple[str, float], ...]:
    """`word`'s words in the other language, each with its share of a translation's weight."""
    if has_cjk(word):
        out: dict[str, float] = {}
        for gloss in glossary().get(word, [])[:GLOSSES_PER_WORD]:
            parts = keywords(gloss)
            for part in parts:
                out[part] = max(out.get(part, 0.0), TRANSLATION_WEIGHT / len(parts))
        return tuple(out.items())
    chinese = chinese_words(word) or _backwards().get(word, [])
    return tuple((w, TRANSLATION_WEIGHT) for w in chinese)


def _known_parts(word: str) -> list[str]:
    """`word` cut into the longest glossary words it starts with, left to right ("坐在" -> 坐, 在);
    a character the glossary lacks is kept as it is."""
    parts, i = [], 0
    while i < len(word):
        j = next((j for j in range(len(word), i, -1) if word[i:j] in glossary()), i + 1)
        parts.append(word[i:j])
        i = j
    return parts


def english_gloss(text: str) -> str:
    """A Chinese text word by word in English, each word by its first gloss ("一头狮子坐在地上" ->
    "lion sit on the ground"): crude, but the embedder reads it far better than it matches Chinese to
    English captions. Text without Chinese comes back as it is."""
    if not has_cjk(text):
        return text
    out: list[str] = []
    for word in keywords(text):
        for part in ([word] if word in glossary() or not has_cjk(word) else _known_parts(word)):
            if part in STOPWORDS_ZH:
                continue
            glosses = glossary().get(part)
            if glosses or not has_cjk(part):
                out.append(glosses[0] if glosses else part)
    return " ".join(dict.fromkeys(out))


def with_translations(words: Sequence[str]) -> dict[str, float]:
    """`words` at weight 1 and their translations at theirs (a word the user wrote keeps 1)."""
    wanted = {w: 1.0 for w in words}
    for word in words:
        for other, weight in translate(word):
            wanted[other] = max(wanted.get(other, 0.0), weight)
    return wanted
