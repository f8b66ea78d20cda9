"""Human words about a video: sidecar files beside it and its file and folder names."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SRT_TIMING = re.compile(r"^\d+\s*$|^\d\d:\d\d:\d\d[,.]\d+\s*-->")
MAX_SIDECAR_BYTES = 1 << 20
"""Read at most this much of a sidecar: the description keeps 4,000 characters anyway."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (NULs, terminal escapes) are dropped from what people wrote."""


@dataclass
class Sidecar:
    """What a person wrote about one video file."""

    description: str = ""
    tags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _read_text(path: Path, problems: list[str], whole: bool = False) -> str:
    """The text of a sidecar, its first MAX_SIDECAR_BYTES (or, with `whole`, nothing when it is longer)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SIDECAR_BYTES + 1)
    except OSError as exc:
        problems.append(f"{path.name}: {exc.strerror}")
        return ""
    if len(data) > MAX_SIDECAR_BYTES and whole:
        problems.append(f"{path.name}: larger than {MAX_SIDECAR_BYTES >> 20} MiB")
        return ""
    return data[:MAX_SIDECAR_BYTES].decode("utf-8", errors="replace").strip()


def read_sidecar(video: Path) -> Sidecar:
    """Read `NAME.txt`, `NAME.json` and `NAME.srt` beside `video` (each optional).

    Invalid UTF-8 is replaced rather than rejected, control characters dropped, and only the
    first MiB of each file read; a broken or oversized JSON file is reported in `problems` while
    the other sidecars still count. The words are data: nothing ever interprets them.
    """
    result = Sidecar()
    parts: list[str] = []
    txt = video.with_suffix(".txt")
    if txt.is_file():
        parts.append(_read_text(txt, result.problems))
    meta = video.with_suffix(".json")
    if meta.is_file():
        try:
            data = json.loads(_read_text(meta, result.problems, whole=True) or "{}")
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            parts += [str(data[k]) for k in ("title", "description") if isinstance(data.get(k), str)]
            tags = data.get("tags") or []
            result.tags = [CONTROL.sub("", str(t)) for t in tags if isinstance(t, (str, int, float))] \
                if isinstance(tags, list) else []
        except (ValueError, RecursionError) as exc:  # RecursionError: nested thousands deep
            result.problems.append(f"{meta.name}: invalid JSON ({exc})")
    srt = video.with_suffix(".srt")
    if srt.is_file():
        lines = _read_text(srt, result.problems).splitlines()
        parts.append(" ".join(ln.strip() for ln in lines if ln.strip() and not SRT_TIMING.match(ln)))
    result.description = CONTROL.sub("", " ".join(p for p in parts if p)).strip()[:4000]
    return result


def readable_name(path: Path, root: Path | None = None) -> str:
    """File and folder names as words: `/f/night_city-02.mp4` -> "night city" (+ folder words)."""
    pieces = [path.stem]
    if root is not None:
        try:
            pieces = list(path.relative_to(root).parent.parts) + pieces
        except ValueError:
            pass
    words: list[str] = []
    for piece in pieces:
        for token in re.split(r"[\W_]+", piece):
            if re.search(r"\d", token):  # numbers and ids like "IMG0042" or "1QVn0FffExM" say nothing
                continue
            words += [w.lower() for w in re.sub(r"([a-z])([A-Z])", r"\1 \2", token).split() if len(w) > 1]
    return " ".join(dict.fromkeys(words))
