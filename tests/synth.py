"""Synthetic videos with exactly known content, written through the bundled ffmpeg, and a plan over one."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from tools.plan import Clip, Plan, PlanSegment, Style
from vectorstore.decode import ffmpeg_exe


X264 = ["-c:v", "libx264", "-crf", "12", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
MPEG_PROGRAM_STREAM = ["-c:v", "mpeg2video", "-q:v", "2", "-f", "mpeg"]
"""MPEG-2 in a program stream, as old encoders and DVD rips write it: its fast seeks land a frame or two late."""


def write_video(path: Path, frames: Iterable[np.ndarray], fps: float = 25, size: tuple[int, int] = (320, 180),
                encoder: list[str] = X264) -> Path:
    """Encode BGR frames of `size` (w, h) losslessly enough (x264 crf 12 to an MP4, unless `encoder` says otherwise)."""
    w, h = size
    proc = subprocess.Popen(
        [ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{w}x{h}",
         "-r", str(fps), "-i", "-", *encoder, str(path)], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for frame in frames:
        assert frame.shape == (h, w, 3), frame.shape
        proc.stdin.write(np.ascontiguousarray(frame, dtype=np.uint8).tobytes())
    proc.stdin.close()
    assert proc.wait() == 0
    return path


def texture(seed: int, size: tuple[int, int] = (640, 360)) -> np.ndarray:
    """A large random blocky texture (trackable corners), reproducible by seed."""
    rng = np.random.default_rng(seed)
    w, h = size
    blocks = rng.integers(0, 255, size=(-(-h // 8), -(-w // 8), 3), dtype=np.uint8)
    return np.kron(blocks, np.ones((8, 8, 1), dtype=np.uint8))[:h, :w]


def scene_cuts(cuts: list[int], total: int, size: tuple[int, int] = (320, 180)) -> list[np.ndarray]:
    """`total` frames of distinct textured scenes, changing at the frame indices in `cuts`."""
    w, h = size
    rng = np.random.default_rng(0)
    frames, scene = [], 0
    for i in range(total):
        if i in cuts:
            scene += 1
        base = texture(scene, (w, h)).astype(np.int16)
        # A little sensor noise keeps frames alive without reading as a cut.
        frames.append(np.clip(base + rng.integers(-3, 4, size=base.shape), 0, 255).astype(np.uint8))
    return frames


def pan(total: int, speed: int = 4, size: tuple[int, int] = (320, 180)) -> list[np.ndarray]:
    """A camera pan: a window sliding right over a wide texture by `speed` pixels per frame."""
    w, h = size
    wide = texture(7, (w + speed * total + 16, h))
    return [wide[:, i * speed:i * speed + w] for i in range(total)]


def flat(total: int, bgr: tuple[int, int, int], size: tuple[int, int] = (320, 180), noise: int = 6) -> list[np.ndarray]:
    """Frames of one colour with a little texture, e.g. dark, bright, warm or cool."""
    w, h = size
    rng = np.random.default_rng(1)
    base = np.clip(np.array(bgr, dtype=np.int16) + rng.integers(-noise, noise + 1, size=(h, w, 3)), 0, 255)
    return [base.astype(np.uint8)] * total


def grey_plan(folder: Path, aspect: str = "16:9", subtitles: bool = False, narration: bool = False) -> Plan:
    """A one-segment plan of 75 frames: two clips of a grey video written to `folder/grey.mp4`."""
    src = write_video(folder / "grey.mp4", flat(100, (90, 90, 90)), fps=25)  # 4 s
    clips = [Clip(shot_id="a", source=str(src), in_=0.0, out=1.5, start=0.0, frames=45),
             Clip(shot_id="b", source=str(src), in_=2.0, out=3.0, start=1.5, frames=30)]
    seg = PlanSegment(id="s1", text="A grey test card fills the screen.", start=0, duration=2.5, frames=75, clips=clips)
    return Plan(style=Style(aspect=aspect, subtitles=subtitles, narration=narration), segments=[seg], duration=2.5)


def write_click_track(path: Path, bpm: float, seconds: float, volume: float = 0.8) -> Path:
    """A click (40 ms of 880 Hz) on every beat at `bpm`, from t = 0; the format follows the suffix."""
    period = 60.0 / bpm
    tone = f"{volume}*sin(2*PI*880*t)*lt(mod(t\\,{period:.6f})\\,0.04)"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"aevalsrc='{tone}':s=22050:d={seconds}",
                    str(path)], check=True)
    return path
