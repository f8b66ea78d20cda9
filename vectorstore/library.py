"""Where one footage library keeps its state: one folder, relocatable by one setting."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .errors import LibraryError

DEFAULT_LIBRARY = "./storycut-library"
LOW_SPACE = 64 * 1024 * 1024
"""Free bytes below which a failed write is blamed on the disk in error messages."""


def storage_trouble(folder: Path) -> str:
    """Why writing under `folder` may have failed, as a suffix for an error message ("" when the
    folder looks writable and its disk has room)."""
    try:
        if not os.access(folder, os.W_OK):
            return f" ({folder} is read-only)"
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f" (the disk holding {folder} is full: {free // 1024} KiB free)" if free < LOW_SPACE else ""


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

    def write_thumbnail(self, shot_id: str, image: np.ndarray) -> Path:
        """Save a shot's keyframe as a JPEG in the thumbnails folder."""
        path = self.thumbs / f"{shot_id}.jpg"
        if not cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 85]):
            raise LibraryError(f"cannot write the thumbnail {path}{storage_trouble(self.thumbs)}")
        return path

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
