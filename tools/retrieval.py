"""Shots for a text: embedding similarity through the Chroma index, with a keyword bonus.

Stage 1 looks for the text's keywords in each candidate's words; stage 2 ranks by the cosine
similarity of our embeddings. The combined score is what the optimizer calls semantic match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from vectorstore import Library, Shot
from vectorstore.catalog import Catalog
from vectorstore.embeddings import DEFAULT_EMBEDDER, get_embedder
from vectorstore.errors import LibraryError, StorycutError
from vectorstore.index import ShotIndex

from .story import Segment, keywords

KEYWORD_WEIGHT = 0.08
"""Score added per matched keyword share; a provisional weight until fitted on the dev split."""


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
    """A shot proposed for a segment, with its semantic score."""

    shot: Shot
    score: float
    why: str


class Retriever:
    """Search over one library; holds the index and shot records for many queries."""

    def __init__(self, library: Library, embedder: str = DEFAULT_EMBEDDER):
        catalog = Catalog(library.catalog_path)
        try:
            self.shots = {s.shot_id: s for s in catalog.shots()}
        finally:
            catalog.close()
        if not self.shots:
            raise LibraryError(f"the library {library.root} is empty: run `storycut ingest FOLDER` first")
        self.words = {shot_id: set(keywords(shot.document)) for shot_id, shot in self.shots.items()}
        self.index = ShotIndex(library, get_embedder(embedder))

    def candidates(self, text: str, k: int = 10) -> list[Candidate]:
        text = text.strip()
        if not re.search(r"\w", text):
            raise StorycutError("the search text has no words")
        wanted = set(keywords(text))
        pool = max(k * 4, 40)
        found = []
        for hit in self.index.query(text[:2000], pool):
            shot = self.shots.get(hit.shot_id)
            if shot is None:
                continue
            matched = sorted(wanted & self.words[hit.shot_id])
            bonus = KEYWORD_WEIGHT * len(matched) / max(1, len(wanted)) * 3
            why = f"similarity {hit.similarity:.2f}" + (f"; words: {', '.join(matched)}" if matched else "")
            found.append(Candidate(shot=shot, score=round(hit.similarity + bonus, 4), why=why))
        found.sort(key=lambda c: -c.score)
        return found[:k]

    def search(self, text: str, k: int = 10) -> list[Hit]:
        return [Hit(shot_id=c.shot.shot_id, source=c.shot.source, start=c.shot.start, end=c.shot.end,
                    score=c.score, description=c.shot.description, why=c.why)
                for c in self.candidates(text, k)]

    def for_segments(self, segments: list[Segment], k: int = 20) -> dict[str, list[Candidate]]:
        return {seg.id: self.candidates(seg.text, k) for seg in segments}


def search(library: Library, text: str, k: int = 10) -> list[Hit]:
    """Ranked shots of `library` for `text`, best first."""
    return Retriever(library).search(text, k)
