"""Where one footage library keeps its state: one folder, relocatable by one setting."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import LibraryError

DEFAULT_LIBRARY = "./storycut-library"


@dataclass(frozen=True)
class Library:
    """The folder that holds the index, the catalog, thumbnails, sessions and renders."""

    root: Path
    chroma_url: str | None = None

    @classmethod
    def open(cls, root: str | os.PathLike | None = None, chroma_url: str | None = None) -> "Library":
        """Resolve the folder (argument, then STORYCUT_LIBRARY, then the default) and create it."""
        chosen = root or os.environ.get("STORYCUT_LIBRARY") or DEFAULT_LIBRARY
        path = Path(chosen).expanduser().resolve()
        try:
            for sub in ("", "thumbs", "renders", "cache"):
                (path / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create the library folder {path}: {exc.strerror or exc}") from exc
        url = chroma_url or os.environ.get("STORYCUT_CHROMA_URL") or None
        return cls(root=path, chroma_url=url)

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def chroma_path(self) -> Path:
        return self.root / "chroma"

    @property
    def thumbs(self) -> Path:
        return self.root / "thumbs"

    @property
    def renders(self) -> Path:
        return self.root / "renders"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def sessions_path(self) -> Path:
        return self.root / "sessions.sqlite"

    @property
    def conversations_path(self) -> Path:
        """The agent's checkpointed conversations (LangGraph's SQLite saver)."""
        return self.root / "conversations.sqlite"
