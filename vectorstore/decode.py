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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from .errors import VideoOpenFailure

ANALYSIS_WIDTH = 192
"""Width of analysis frames: enough for cuts, tone, motion and faces; cheap to decode."""
STILL_WIDTH = 64
"""Width of the greyscale stills seeks are checked on: wrong pictures and wrong frames both show."""

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

    def frames(self, width: int = ANALYSIS_WIDTH, stills: Stills | None = None) -> Iterator[np.ndarray]:
        """Every frame, in order, as a small BGR array (OpenCV's and PySceneDetect's layout).

        The stream is made constant-rate at the probed fps (variable-rate phone video gets frames
        repeated or dropped), so frame `i` is always at `i / fps` seconds. With `stills`, the same
        decode also keeps those (see `Stills`), filled in once the last frame has been read.
        """
        w, h = self.analysis_size(width)
        size = w * h * 3
        with tempfile.TemporaryDirectory(prefix="storycut-decode-") as tmp:
            side = Path(tmp) / "stills.raw"
            extra = ["-an", "-sn", *self._stills_output(stills.times), str(side)] if stills and stills.times else []
            with tempfile.TemporaryFile() as errors:
                proc = subprocess.Popen(
                    [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(self.path), "-an", "-sn",
                     "-vf", _scale(w, h), "-fps_mode", "cfr", "-r", f"{self.info.fps:.6f}", *_RAW_BGR, *extra],
                    stdout=subprocess.PIPE, stderr=errors, bufsize=size)
                assert proc.stdout is not None
                finished = False
                try:
                    while True:
                        buffer = bytearray(size)
                        if proc.stdout.readinto(buffer) != size:
                            break
                        yield np.frombuffer(buffer, dtype=np.uint8).reshape(h, w, 3)
                    finished = proc.wait() == 0
                finally:
                    proc.kill()
                    proc.stdout.close()
                    proc.wait()
            if finished and extra and side.exists():
                stills.frames = self._split_stills(side.read_bytes(), len(stills.times)) or []

    def stills(self, times: Sequence[float]) -> list[np.ndarray] | None:
        """`Stills` for `times` decoded alone (from the start, up to the last of them)."""
        if not times:
            return []
        done = subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(self.path), "-an", "-sn",
                               *self._stills_output(times), "-frames:v", str(len(times)), "-"], capture_output=True)
        return self._split_stills(done.stdout, len(times))

    def seek_stills(self, times: Sequence[float]) -> list[np.ndarray] | None:
        """The frames a fast input seek finds at `times` (`-ss` before `-i`: the demuxer jumps to the
        keyframe its index names and decodes on from there), small and grey like `Stills`: for a file
        whose index tells the truth, exactly those. One ffmpeg run, one input per time; None when
        some time gives no frame."""
        if not times:
            return []
        w, h = self.analysis_size(STILL_WIDTH)
        inputs = [arg for t in times for arg in ("-ss", f"{t:.6f}", "-i", str(self.path))]
        graph = "".join(f"[{k}:v]trim=end_frame=1,{_scale(w, h)},format=gray[f{k}];" for k in range(len(times)))
        pads = "".join(f"[f{k}]" for k in range(len(times)))
        done = subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", *inputs, "-filter_complex",
                               f"{graph}{pads}concat=n={len(times)}:v=1:a=0[v]", "-map", "[v]",
                               "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                              capture_output=True)
        return self._split_stills(done.stdout, len(times))

    def _stills_output(self, times: Sequence[float]) -> list[str]:
        """Output options keeping, for each time, the first frame whose timestamp (from the file's
        start) is at or after it: what an accurate seek to that time shows."""
        w, h = self.analysis_size(STILL_WIDTH)
        first_after = "+".join(f"gte(t,{t:.6f})*not(gte(prev_t,{t:.6f}))" for t in times)
        return ["-vf", f"select='{first_after}',{_scale(w, h)},format=gray", "-fps_mode", "passthrough",
                "-f", "rawvideo", "-pix_fmt", "gray"]

    def _split_stills(self, raw: bytes, count: int) -> list[np.ndarray] | None:
        w, h = self.analysis_size(STILL_WIDTH)
        if len(raw) != w * h * count:
            return None
        return [np.frombuffer(raw, dtype=np.uint8, count=w * h, offset=k * w * h).reshape(h, w) for k in range(count)]


@dataclass
class Stills:
    """Small greyscale frames of a file at given times, each the first frame at or after its time:
    the true pictures a seek to those times should find, kept beside a decode pass."""

    times: list[float]
    frames: list[np.ndarray] = field(default_factory=list)
    """One per time once the pass has read the whole file; empty if it stopped before or failed."""


_RAW_BGR = ["-f", "rawvideo", "-pix_fmt", "bgr24", "-"]


def _scale(width: int, height: int) -> str:
    """The scaler analysis frames go through (the same on every path, so that two decodes of the
    same frame compare pixel for pixel)."""
    return f"scale={width}:{height}:flags=area"


def _first_reason(message: str) -> str:
    """The most telling line of an ffmpeg failure, for a one-line error."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    for ln in lines:
        if any(k in ln.lower() for k in _REASONS):
            return ln.split("] ")[-1].split(": ", 1)[-1] if ln.startswith("[") else ln.split(": ")[-1]
    return lines[-1] if lines else "cannot decode"
