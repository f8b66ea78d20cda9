"""Stage 1 of retrieval: BM25 over the words people wrote about each shot, with synonyms.

Only human text counts here (sidecar description, tags, readable file names); the words derived
from measures ("dark", "close-up") are kept out so they cannot outvote what a person wrote. A second
index over what is said in the shots (their transcripts) is its own stage of retrieval.
A query word is expanded to the library's words nearest to it in the embedding space ("puppy"
finds shots described as "dog"), each weighted by its similarity.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import bm25s
import numpy as np

from vectorstore import Shot
from vectorstore.embeddings import WordVectors

from .bilingual import TRANSLATION_WEIGHT, with_translations
from .story import keywords

SYNONYM_SIMILARITY = 0.92
"""Cosine (multilingual-e5 word vectors) above which a library word counts as a synonym; fitted on
the development queries together with SYNONYMS_PER_WORD (`python -m bench.retrieval`)."""
SYNONYMS_PER_WORD = 3


def coverage(expanded: list[dict[str, float]], have: set[str]) -> float:
    """The share of the words `expanded` (by `KeywordIndex.expand_each`) that the words `have` say,
    itself, by a synonym or by a translation; a word said only through one word of a translation's
    phrase ("cake" of "corn cake" for 玉米饼) counts half: the phrase is the sense."""
    if not expanded:
        return 1.0
    said = 0.0
    for each in expanded:
        best = max((each[w] for w in have.intersection(each)), default=0.0)
        said += 1.0 if best >= TRANSLATION_WEIGHT else 0.5 if best > 0 else 0.0
    return said / len(expanded)


class KeywordIndex:
    """BM25 (bm25s) over the shots' lemmatised content words, optionally with synonyms."""

    def __init__(self, shots: Sequence[Shot], vectors: WordVectors | None = None,
                 text: Callable[[Shot], str] = lambda s: s.human_text):
        self.ids = [s.shot_id for s in shots]
        self.words = {s.shot_id: set(keywords(text(s))) for s in shots}
        corpus = [sorted(self.words[i]) or ["\u2205"] for i in self.ids]  # bm25s needs a token per document
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)
        self._known = set().union(*self.words.values()) if self.words else set()
        self.vocabulary = sorted(self._known)
        self.vectors = vectors
        self._vocabulary_matrix = vectors.get(self.vocabulary) if vectors and self.vocabulary else None

    def expand(self, words: Sequence[str]) -> dict[str, float]:
        """Library words to look for, with weights: each query word itself, its words in the other
        language (`tools.bilingual`), and its synonyms."""
        wanted: dict[str, float] = {}
        for each in self.expand_each(words):
            for word, weight in each.items():
                wanted[word] = max(wanted.get(word, 0.0), weight)
        return wanted

    def expand_each(self, words: Sequence[str]) -> list[dict[str, float]]:
        """`expand` of each word apart: what counts as saying that word."""
        each = [with_translations([w]) for w in words]
        if self._vocabulary_matrix is None or not words:
            return each
        similarity = self.vectors.get(list(words)) @ self._vocabulary_matrix.T
        for wanted, row in zip(each, similarity):
            for j in np.argsort(-row)[:SYNONYMS_PER_WORD]:
                if row[j] >= SYNONYM_SIMILARITY:
                    word = self.vocabulary[j]
                    wanted[word] = max(wanted.get(word, 0.0), float(row[j]))
        return each

    def says(self, expanded: list[dict[str, float]], shot_id: str) -> int:
        """How many of the words `expanded` (by `expand_each`) the shot's text says, itself or by a
        synonym or translation ("cyclist" by "bicycle")."""
        have = self.words.get(shot_id, set())
        return sum(1 for each in expanded if have.intersection(each))

    def rank(self, query_words: Sequence[str], k: int) -> list[tuple[str, float]]:
        """The k best (shot id, BM25 score) pairs with a positive score."""
        weights = {w: v for w, v in self.expand(query_words).items() if w in self._known}
        if not weights:
            return []
        scores = sum(v * self.bm25.get_scores([w]) for w, v in weights.items())
        best = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in best if scores[i] > 0]
