"""Decoding behind one interface: probe a file and stream small frames from it.

ffmpeg (the binary shipped in imageio-ffmpeg) scales while it decodes, so analysis touches only a
few thousand pixels per frame. We drive the binary directly: imageio-ffmpeg's reader polls its
process with 10 ms sleeps, which cost about 110 ms per file, a third of ingesting a short clip.
Everything that reads video goes through `VideoSource`; frame math never opens files.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from .errors import VideoOpenFailure

ANALYSIS_WIDTH = 192
"""Width of analysis frames: enough for cuts, tone, motion and faces; cheap to decode."""

_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+).*?, (\d{1,5})x(\d{1,5})")
_FPS = re.compile(r"([\d.]+) fps")
_TBR = re.compile(r"([\d.]+)k? tbr")
_ROTATION = re.compile(r"rotation of (-?[\d.]+) degrees")
_REASONS = ("invalid data", "moov atom", "no such file", "permission denied", "could not find codec",
            "unknown", "end of file", "does not contain any stream", "unsupported")


@dataclass(frozen=True)
class VideoInfo:
    """What a probe tells about a file before any frame is decoded."""

    duration: float
    """Seconds; 0 when the container does not say (some GIFs): the decode pass then measures it."""
    fps: float
    width: int
    """Displayed width, after the rotation the file asks for (ffmpeg rotates while decoding)."""
    height: int
    codec: str
    has_audio: bool


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped inside the imageio-ffmpeg wheel."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def parse_header(header: str) -> VideoInfo:
    """A VideoInfo from what `ffmpeg -i FILE` prints; VideoOpenFailure when it shows no video."""
    video = _VIDEO.search(header)
    if video is None:
        raise VideoOpenFailure(_first_reason(header) if "Video:" not in header else "no video stream")
    line = header[video.start():].splitlines()[0]
    fps_match = _FPS.search(line) or _TBR.search(line)
    fps = float(fps_match.group(1)) if fps_match else 0.0
    if fps <= 0:
        raise VideoOpenFailure("no frame rate in the video stream")
    width, height = int(video.group(2)), int(video.group(3))
    rotation = _ROTATION.search(header[video.start():])
    if rotation and round(abs(float(rotation.group(1)))) % 180 == 90:
        width, height = height, width
    duration = _DURATION.search(header)
    seconds = (int(duration.group(1)) * 3600 + int(duration.group(2)) * 60 + float(duration.group(3))) if duration else 0.0
    return VideoInfo(duration=seconds, fps=fps, width=width, height=height, codec=video.group(1),
                     has_audio=re.search(r"Stream #\S+.*?: Audio:", header) is not None)


class VideoSource:
    """One video file, probed on open; raises VideoOpenFailure for anything not decodable."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.info = self._probe()

    def _probe(self) -> VideoInfo:
        if self.path.stat().st_size == 0:
            raise VideoOpenFailure("empty file (0 bytes)")
        done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(self.path)],
                              capture_output=True, text=True, errors="replace")
        return parse_header(done.stderr)

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
        size = w * h * 3
        with tempfile.TemporaryFile() as errors:
            proc = subprocess.Popen(
                [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(self.path), "-an", "-sn",
                 "-vf", f"scale={w}:{h}:flags=area", "-fps_mode", "cfr", "-r", f"{self.info.fps:.6f}",
                 "-f", "rawvideo", "-pix_fmt", "bgr24", "-"],
                stdout=subprocess.PIPE, stderr=errors, bufsize=size)
            assert proc.stdout is not None
            try:
                while True:
                    buffer = bytearray(size)
                    if proc.stdout.readinto(buffer) != size:
                        break
                    yield np.frombuffer(buffer, dtype=np.uint8).reshape(h, w, 3)
            finally:
                proc.kill()
                proc.stdout.close()
                proc.wait()


def _first_reason(message: str) -> str:
    """The most telling line of an ffmpeg failure, for a one-line error."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    for ln in lines:
        if any(k in ln.lower() for k in _REASONS):
            return ln.split("] ")[-1].split(": ", 1)[-1] if ln.startswith("[") else ln.split(": ")[-1]
    return lines[-1] if lines else "cannot decode"
