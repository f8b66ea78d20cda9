"""One pass over a video file: find its shots and measure each one.

Frames are decoded once, small. Every frame feeds PySceneDetect's detector; a few frames a second
are sampled for tone and motion; about one a second is searched for faces. After the pass, the
samples are grouped by shot and summarised. Long shots are split into sub-shots so the optimizer
can choose in and out points.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np
from scenedetect import AdaptiveDetector, FrameTimecode

from .decode import Stills, VideoInfo, VideoSource
from .errors import VideoOpenFailure
from .features import FrameStats, Motion, detect_faces, frame_stats, global_motion, palette, summarize
from .models import Features
from .seekcheck import SeekCheck, check_times, compare_seeks

SAMPLES_PER_SECOND = 4
FACE_SAMPLES_PER_SECOND = 1
MAX_SHOT_SECONDS = 10.0
MIN_SHOT_SECONDS = 0.5
DETECT_WIDTH = 160
KEYFRAMES_PER_SHOT = 3
"""Frames per shot kept for describers (the visual tagger): spread over the shot, from the ~1/s samples."""
KEYFRAMES_VERSION = "1"
"""Bump when the keyframes chosen for a shot change: cached descriptions of older ones are not reused."""


@dataclass
class MeasuredShot:
    """A shot's time range in its file and what was measured in it."""

    index: int
    start: float
    end: float
    features: Features
    histogram: list[float]
    flow: tuple[float, float]
    palette: list[list[int]]
    words: list[str]
    keyframe: np.ndarray
    shake: list[tuple[float, float]]
    keyframes: list[np.ndarray] = field(default_factory=list)
    """Up to KEYFRAMES_PER_SHOT analysis frames spread over the shot, for describers (dropped after)."""


@dataclass
class FileAnalysis:
    info: VideoInfo
    shots: list[MeasuredShot]
    cuts: list[float]
    """Times of the detected cuts (first frame of each new shot); sub-shot splits are not cuts."""
    seek: SeekCheck
    """Whether a fast seek finds this file's true frames (the renderer reads it through a proxy if not)."""


def analyse_file(path: str | Path) -> FileAnalysis:
    """Decode `path` once and return its measured shots (raises VideoOpenFailure)."""
    source = VideoSource(path)
    info = source.info
    fps = info.fps
    detector = AdaptiveDetector(min_scene_len=max(2, int(fps * MIN_SHOT_SECONDS)))
    sample_every = max(1, round(fps / SAMPLES_PER_SECOND))
    # A multiple of sample_every, or faces and keyframes would come only every lcm of the two (6 s at 25 fps).
    face_every = sample_every * max(1, round(fps / FACE_SAMPLES_PER_SECOND / sample_every))
    cuts: list[int] = []
    samples: list[FrameStats] = []
    motions: list[tuple[float, Motion]] = []
    keyframes: dict[int, np.ndarray] = {}
    prev_gray: np.ndarray | None = None
    prev_t = 0.0
    count = 0
    stills = Stills(check_times(info.duration, fps))  # the true frames the seek check compares with
    for count, frame in enumerate(source.frames(stills=stills), start=1):
        index = count - 1
        small = cv2.resize(frame, (DETECT_WIDTH, max(2, frame.shape[0] * DETECT_WIDTH // frame.shape[1])),
                           interpolation=cv2.INTER_LINEAR) if frame.shape[1] > DETECT_WIDTH else frame
        cuts += [tc.frame_num for tc in detector.process_frame(FrameTimecode(index, fps), small)]
        if index % sample_every:
            continue
        t = index / fps
        stats = frame_stats(t, small)
        if index % face_every == 0:
            stats.faces, stats.face_ratio = detect_faces(frame)
            keyframes[index] = frame
        samples.append(stats)
        gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        if prev_gray is not None:
            m = global_motion(prev_gray, gray, t - prev_t)
            if m is not None:
                motions.append((t, m))
        prev_gray, prev_t = gray, t
    if count == 0:
        raise VideoOpenFailure("no decodable frames")
    cuts += [tc.frame_num for tc in detector.post_process(FrameTimecode(count, fps))]
    cuts = sorted(c for c in set(cuts) if 0 < c < count)
    ranges = split_long(_ranges(cuts, count, fps), MAX_SHOT_SECONDS)
    shots = [_measure(i, start, end, samples, motions, keyframes, fps) for i, (start, end) in enumerate(ranges)]
    if not stills.times:  # the header did not say how long the file is: the true frames are decoded now
        stills.times = check_times(count / fps, fps)
        stills.frames = source.stills(stills.times) or []
    return FileAnalysis(info=replace(info, duration=count / fps), shots=shots, cuts=[c / fps for c in cuts],
                        seek=compare_seeks(source, stills.times, stills.frames))


def _ranges(cuts: list[int], frame_count: int, fps: float) -> list[tuple[float, float]]:
    bounds = [0] + cuts + [frame_count]
    return [(a / fps, b / fps) for a, b in zip(bounds, bounds[1:]) if b > a]


def split_long(ranges: list[tuple[float, float]], limit: float) -> list[tuple[float, float]]:
    """Split every range longer than `limit` into equal parts no longer than it."""
    out: list[tuple[float, float]] = []
    for start, end in ranges:
        parts = max(1, int(np.ceil((end - start) / limit - 1e-9)))
        step = (end - start) / parts
        out += [(start + i * step, start + (i + 1) * step if i < parts - 1 else end) for i in range(parts)]
    return out


def _measure(index: int, start: float, end: float, samples: list[FrameStats],
             motions: list[tuple[float, Motion]], keyframes: dict[int, np.ndarray], fps: float) -> MeasuredShot:
    inside = [s for s in samples if start <= s.t < end] or [min(samples, key=lambda s: abs(s.t - start))]
    # A motion step belongs to the shot only if both its samples do: never measure across a cut.
    step = 1.0 / SAMPLES_PER_SECOND + 1e-6
    timed_moves = [(t, m) for t, m in motions if start + step <= t < end]
    moves = [m for _, m in timed_moves]
    summary = summarize(inside, moves)
    keyframe = keyframes[_nearest(keyframes, (start + end) / 2, start, end, fps)]
    return MeasuredShot(index=index, start=round(start, 4), end=round(end, 4), features=summary.features,
                        histogram=summary.histogram, flow=summary.flow, palette=palette(keyframe), words=summary.words,
                        keyframe=keyframe, shake=shake_profile(timed_moves, start, summary.flow),
                        keyframes=spread_keyframes(keyframes, start, end, fps))


def _nearest(keyframes: dict[int, np.ndarray], t: float, start: float, end: float, fps: float) -> int:
    """The keyframe nearest to time `t`, preferring those inside [start, end)."""
    return min(keyframes, key=lambda k: abs(k / fps - t) + (0 if start <= k / fps < end else 1e6))


def spread_keyframes(keyframes: dict[int, np.ndarray], start: float, end: float, fps: float,
                     count: int = KEYFRAMES_PER_SHOT) -> list[np.ndarray]:
    """Up to `count` distinct keyframes nearest to evenly spread times in the shot (1/6, 1/2, 5/6 for three)."""
    times = [start + (end - start) * (2 * i + 1) / (2 * count) for i in range(count)]
    chosen = dict.fromkeys(_nearest(keyframes, t, start, end, fps) for t in times)
    return [keyframes[k] for k in chosen]


def shake_profile(moves: list[tuple[float, Motion]], start: float, flow: tuple[float, float]) -> list[tuple[float, float]]:
    """(seconds into the shot, shake) per motion step: how far the step strays from the shot's
    steady movement, plus what the global motion cannot explain. Lets a clip start where it is calm."""
    return [(round(t - start, 3), round(float(np.hypot(m.dx - flow[0], m.dy - flow[1]) + m.residual), 4))
            for t, m in moves]
