"""How the renderer reads a clip from its source: a fast seek into the file where it seeks true,
else a fast seek into a proxy of it.

A fast seek (`-ss` before `-i`) jumps to the keyframe the container's index names: fast, and right
for nearly every file. For a file whose index misleads it (see `vectorstore.seekcheck`) the clip
is read from a proxy instead: the whole file decoded once from its start, as an accurate decode
sees it, and written with true keyframes (H.264 4:4:4 at near-lossless quality, no B-frames, so
every frame keeps its timestamp; the sound losslessly as FLAC). The proxy is made on the first
render that needs it and kept in the render cache; the fast path then serves it like any file.

Verdicts come from the book ingest writes into the library's cache; a file ingest has not checked
(or that changed since) is checked here once and the verdict added to the book.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import threading
from functools import lru_cache
from pathlib import Path

from vectorstore.decode import VideoSource, ffmpeg_exe
from vectorstore.errors import LibraryError, StorycutError, VideoOpenFailure
from vectorstore.seekcheck import SeekBook, SeekCheck, check_file

from .files import replacing

PROXY_VERSION = "1"
"""Bump when proxies would come out different: older ones are not reused."""
PROXY_ENCODE = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-bf", "0", "-g", "50",
                "-pix_fmt", "yuv444p", "-fps_mode", "passthrough", "-c:a", "flac"]
"""4:4:4 keeps every source's chroma and odd sizes; without B-frames no timestamp is shifted."""
PROXY_SECONDS_PER_SECOND = 20.0
"""Watchdog for writing a proxy, per second of source: far above a normal encode, for a hung ffmpeg."""


class ProxyError(StorycutError):
    """A file that does not seek true could not be decoded into a proxy."""


def input_args(source: str, start: float, seconds: float, cache: Path) -> list[str]:
    """ffmpeg input options reading `seconds` of `source` from `start`, true to its frames at `start`."""
    path = source if seeks_true(source, cache) else str(proxy(source, cache))
    return ["-ss", f"{start:.4f}", "-t", f"{seconds:.4f}", "-i", path]


def seeks_true(source: str, cache: Path) -> bool:
    """Whether a fast seek finds `source`'s true frames. A file that cannot be checked counts as
    true: it cannot be decoded into a proxy either, and ffmpeg then says what is wrong with it."""
    try:
        stat = os.stat(source)
    except OSError:
        return True
    return _verdict(source, stat.st_size, stat.st_mtime, Path(cache).resolve())


@lru_cache(maxsize=4096)
def _verdict(source: str, size: int, mtime: float, cache: Path) -> bool:
    book = SeekBook(cache)
    try:
        known = book.get(source, size, mtime)
    except LibraryError:  # an unusable cache: the check still counts, it is just not kept
        known = None
    if known is None:
        known = _check(source)
        if known is None:
            return True
        try:
            book.put([(source, size, mtime, known)])
        except LibraryError:
            pass
    return known.seeks_true


def _check(source: str) -> SeekCheck | None:
    try:
        return check_file(source)
    except (VideoOpenFailure, OSError):
        return None


_making = threading.Lock()
"""Proxies are written one at a time: segments rendered in parallel may need the same one."""


def proxy(source: str, cache: Path) -> Path:
    """The proxy of `source` in `cache/proxies`, written first if this version of the file has none."""
    stat = os.stat(source)
    key = hashlib.blake2b(f"{PROXY_VERSION}\0{source}\0{stat.st_size}\0{stat.st_mtime}".encode(),
                          digest_size=16).hexdigest()
    path = Path(cache) / "proxies" / f"{key}.mkv"
    with _making:
        if path.exists():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        duration = VideoSource(source).info.duration
        with replacing(path) as tmp:
            try:
                done = subprocess.run(
                    [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-i", source,
                     "-map", "0:V:0", "-map", "0:a:0?", *PROXY_ENCODE, "-f", "matroska", str(tmp)],
                    capture_output=True, text=True, errors="replace",
                    timeout=120 + PROXY_SECONDS_PER_SECOND * duration)
            except subprocess.TimeoutExpired as exc:
                raise ProxyError(f"making a proxy of {source} did not finish (ffmpeg hung); try again") from exc
            if done.returncode != 0:
                lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
                raise ProxyError(f"cannot make a proxy of {source}: {lines[-1] if lines else 'ffmpeg failed'}")
    return path
