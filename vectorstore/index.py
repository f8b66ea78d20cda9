"""The Chroma shot index: one record per shot with its document, metadata and our embedding.

Chroma's default embedding function downloads a model, so the collection is created without one
and every vector is computed by our own embedder and passed in explicitly.

A shot someone described is embedded as its description alone. A shot nobody described is embedded
as its document (file-name words and concept words) mixed with the mean of its concept words'
embeddings weighted by confidence: the classifier's uncertain guesses ("lion 0.6, cougar 0.1") then
count as much as it believes them, which a list of words cannot say.

What is said in a shot is its own field: a second collection holds the transcripts of the shots that
have one, so a query can be compared with the words spoken apart from what is seen or written.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings

from .embeddings import Embedder, WordVectors
from .errors import LibraryError
from .library import Library, storage_trouble
from .models import MOTION_WORDS, Shot


CONCEPT_MIX = 2.0
"""Weight of the concept vector beside the document's embedding, both unit length (fitted on the
uncaptioned benchmark: 1 and 2 beat either vector alone, 2 slightly)."""


SPEECH_DOCUMENT = "someone talking: {}"
"""How a transcript is embedded: the words, and that someone says them. Queries ask for "a woman talks
about teaching" more often than for the words she says (measured with `python -m bench.visual --fit`)."""

Field = Literal["shot", "speech"]
"""What a query is compared with: a shot's document, or the words spoken in it."""


@dataclass(frozen=True)
class IndexHit:
    shot_id: str
    similarity: float


_CLIENTS: dict[str, chromadb.api.ClientAPI] = {}
_CLIENTS_LOCK = threading.Lock()


def _client(library: Library) -> chromadb.api.ClientAPI:
    """The process's one client for the library's index: Chroma's clients are meant to be shared,
    and creating several at once from threads races ("Could not connect to tenant")."""
    key = library.chroma_url or str(library.chroma_path)
    with _CLIENTS_LOCK:
        if key not in _CLIENTS:
            _CLIENTS[key] = _new_client(library)
        return _CLIENTS[key]


def _new_client(library: Library) -> chromadb.api.ClientAPI:
    settings = Settings(anonymized_telemetry=False)
    try:
        if library.chroma_url:
            url = urlparse(library.chroma_url)
            if not url.hostname:
                raise LibraryError(f"not a Chroma server URL: {library.chroma_url!r} (expected http://HOST:PORT)")
            return chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                                       ssl=url.scheme == "https", settings=settings)
        return chromadb.PersistentClient(path=str(library.chroma_path), settings=settings)
    except LibraryError:
        raise
    except Exception as exc:  # chromadb raises many kinds; the user needs one line
        where = library.chroma_url or library.chroma_path
        trouble = "" if library.chroma_url else storage_trouble(library.root)
        rebuild = "" if library.chroma_url or trouble else \
            " (the index is rebuilt from the catalog: delete that folder to recover)"
        raise LibraryError(f"cannot open the Chroma index at {where}: {exc}{trouble}{rebuild}") from exc


class ShotIndex:
    """Shots of one library embedded with one embedder (one collection per embedder)."""

    def __init__(self, library: Library, embedder: Embedder):
        self.embedder = embedder
        self.library = library
        self.words = WordVectors(embedder, library.cache, passages=True)
        client = _client(library)
        with self._failures():
            self.collection = client.get_or_create_collection(
                name=f"shots_{embedder.name}",
                embedding_function=None,
                metadata={"hnsw:space": "cosine", "embedder": embedder.name},
            )
            self.speech = client.get_or_create_collection(
                name=f"speech_{embedder.name}", embedding_function=None,
                metadata={"hnsw:space": "cosine", "embedder": embedder.name})

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """Chroma's many error kinds (a full disk, a read-only folder, a server gone) as one LibraryError."""
        try:
            yield
        except Exception as exc:
            where = self.library.chroma_url or self.library.chroma_path
            trouble = "" if self.library.chroma_url else storage_trouble(self.library.root)
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise LibraryError(f"the Chroma index at {where} failed: {reason}{trouble}") from exc

    def upsert(self, shots: Sequence[Shot]) -> None:
        if not shots:
            return
        docs = [s.document for s in shots]
        vectors = self.vectors(shots)
        with self._failures():
            self.collection.upsert(
                ids=[s.shot_id for s in shots],
                embeddings=vectors.tolist(),
                documents=docs,
                metadatas=[_metadata(s) for s in shots],
            )
        spoken = [s for s in shots if s.transcript]
        silent = [s.shot_id for s in shots if not s.transcript]
        with self._failures():
            if silent:
                self.speech.delete(ids=silent)
            if spoken:
                said = [SPEECH_DOCUMENT.format(s.transcript) for s in spoken]
                self.speech.upsert(ids=[s.shot_id for s in spoken], documents=said,
                                   embeddings=self.embedder.documents(said).tolist(),
                                   metadatas=[{"source": s.source} for s in spoken])

    def vectors(self, shots: Sequence[Shot]) -> np.ndarray:
        """Each shot's unit vector: its document's embedding, mixed with its concepts' for shots
        nobody described (see the module's docstring)."""
        docs = [s.document for s in shots]
        unique = list(dict.fromkeys(docs))  # shots of one file usually share their words
        by_doc = dict(zip(unique, self.embedder.documents(unique)))
        vectors = np.stack([by_doc[d] for d in docs])
        seen = [i for i, s in enumerate(shots) if s.concepts and not s.description]
        if seen:
            words = list(dict.fromkeys(c.word for i in seen for c in shots[i].concepts if c.word not in MOTION_WORDS))
            word_vector = dict(zip(words, self.words.get(words)))
            for i in seen:
                concept = sum((c.confidence * word_vector[c.word] for c in shots[i].concepts if c.word in word_vector),
                              np.zeros(self.embedder.dim, dtype=np.float32))
                if not concept.any():
                    continue
                mixed = vectors[i] + CONCEPT_MIX * concept / max(float(np.linalg.norm(concept)), 1e-12)
                vectors[i] = mixed / max(float(np.linalg.norm(mixed)), 1e-12)
        return vectors

    def delete_source(self, source: str) -> None:
        with self._failures():
            self.collection.delete(where={"source": source})
            self.speech.delete(where={"source": source})

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            with self._failures():
                self.collection.delete(ids=list(ids))
                self.speech.delete(ids=list(ids))

    def ids(self) -> set[str]:
        with self._failures():
            return set(self.collection.get(include=[])["ids"])

    def count(self) -> int:
        with self._failures():
            return self.collection.count()

    def query(self, text: str, k: int, field: Field = "shot") -> list[IndexHit]:
        """The k shots whose documents (or transcripts) are nearest to `text`, with cosine similarity."""
        collection = self.collection if field == "shot" else self.speech
        with self._failures():
            n = collection.count()
        if n == 0:
            return []
        vector = self.embedder.queries([text])[0]
        with self._failures():
            found = collection.query(query_embeddings=[vector.tolist()], n_results=min(k, n),
                                          include=["distances"])
        return [IndexHit(shot_id=i, similarity=1.0 - float(d))
                for i, d in zip(found["ids"][0], found["distances"][0])]


def _metadata(shot: Shot) -> dict[str, str | float | int]:
    f = shot.features
    return {"source": shot.source, "start": shot.start, "end": shot.end, "brightness": f.brightness,
            "shot_size": f.shot_size, "camera_motion": f.camera_motion, "quality": f.quality, "faces": f.faces}
