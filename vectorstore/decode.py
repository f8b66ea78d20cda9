"""Decoding behind one interface: probe a file and stream small frames from it.

ffmpeg (from imageio-ffmpeg) scales while it decodes, so analysis touches only a few thousand
pixels per frame. Everything that reads video goes through `VideoSource`; frame math never opens
files.
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from .errors import VideoOpenFailure

# imageio-ffmpeg warns on every scaled read; scaling is what we ask for.
logging.getLogger("imageio_ffmpeg").setLevel(logging.ERROR)

ANALYSIS_WIDTH = 192
"""Width of analysis frames: enough for cuts, tone, motion and faces; cheap to decode."""


@dataclass(frozen=True)
class VideoInfo:
    """What a probe tells about a file before any frame is decoded."""

    duration: float
    """Seconds; 0 when the container does not say (some GIFs): the decode pass then measures it."""
    fps: float
    width: int
    height: int
    codec: str
    has_audio: bool


def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped inside the imageio-ffmpeg wheel."""
    return imageio_ffmpeg.get_ffmpeg_exe()


class VideoSource:
    """One video file, probed on open; raises VideoOpenFailure for anything not decodable."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.info = self._probe()

    def _probe(self) -> VideoInfo:
        if self.path.stat().st_size == 0:
            raise VideoOpenFailure("empty file (0 bytes)")
        try:
            gen = imageio_ffmpeg.read_frames(str(self.path))
            meta = next(gen)
            gen.close()
        except (OSError, RuntimeError, StopIteration) as exc:
            raise VideoOpenFailure(_first_reason(str(exc))) from None
        width, height = meta.get("size") or (0, 0)
        fps = float(meta.get("fps") or 0) or self._tbr()
        duration = float(meta.get("duration") or 0)
        if not width or not height or fps <= 0:
            raise VideoOpenFailure("no video stream")
        return VideoInfo(
            duration=duration,
            fps=fps,
            width=int(width),
            height=int(height),
            codec=str(meta.get("codec", "")).rstrip(","),
            has_audio=bool(meta.get("audio_codec")),
        )

    def _tbr(self) -> float:
        """Frame rate from the stream's time base, for containers (Ogg) that state no fps."""
        header = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(self.path)],
                                capture_output=True, text=True, errors="replace").stderr
        match = re.search(r"Video:.*?([0-9.]+) tbr", header)
        return float(match.group(1)) if match else 0.0

    def analysis_size(self, width: int = ANALYSIS_WIDTH) -> tuple[int, int]:
        """Frame size for analysis: `width` wide (never upscaled), even height, aspect kept."""
        w = min(width, self.info.width)
        w -= w % 2
        h = max(2, round(self.info.height * w / self.info.width / 2) * 2)
        return w, h

    def frames(self, width: int = ANALYSIS_WIDTH) -> Iterator[np.ndarray]:
        """Every frame, in order, as a small BGR array (OpenCV's and PySceneDetect's layout).

        The stream is made constant-rate at the probed fps (variable-rate phone video gets frames
        repeated or dropped), so frame `i` is always at `i / fps` seconds.
        """
        w, h = self.analysis_size(width)
        gen = imageio_ffmpeg.read_frames(
            str(self.path),
            pix_fmt="bgr24",
            output_params=["-vf", f"scale={w}:{h}:flags=area", "-fps_mode", "cfr", "-r", f"{self.info.fps:.6f}"],
            input_params=["-nostdin"],
        )
        try:
            next(gen)  # metadata, already known from the probe
            for raw in gen:
                yield np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3)
        except RuntimeError as exc:
            raise VideoOpenFailure(_first_reason(str(exc))) from None
        finally:
            gen.close()


def _first_reason(message: str) -> str:
    """The most telling line of an ffmpeg failure, for a one-line error."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    for ln in lines:
        low = ln.lower()
        if any(k in low for k in ("invalid data", "moov atom", "no such file", "permission denied",
                                   "could not find codec", "unknown", "end of file")):
            return ln.split("] ")[-1]
    return lines[0] if lines else "cannot decode"
