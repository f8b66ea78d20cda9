"""Frame math for shot measures: pure functions over small BGR arrays, no I/O.

A shot is measured from frames sampled a few times a second: per-sample tone statistics, the
global motion between consecutive samples (translation and scale of tracked corners), and faces on
the sharpest samples. `summarize` turns those into the SPEC's `features` plus the palette, tone
histogram and descriptive words the optimizer and retrieval use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from .models import Features

HIST_BINS = 16


@dataclass
class FrameStats:
    """Measures of one sampled frame."""

    t: float
    brightness: float
    contrast: float
    saturation: float
    warmth: float
    sharpness: float
    detail: float
    histogram: np.ndarray
    faces: int = 0
    face_ratio: float = 0.0


@dataclass
class Motion:
    """Global motion from one sample to the next, per second, relative to frame width."""

    dx: float
    dy: float
    zoom: float
    residual: float


def frame_stats(t: float, bgr: np.ndarray) -> FrameStats:
    """Tone, colour, sharpness and detail spread of one frame."""
    small = bgr.astype(np.float32)
    b, g, r = small[..., 0].mean(), small[..., 1].mean(), small[..., 2].mean()
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    lap = cv2.Laplacian(gray, cv2.CV_32F)
    # Variance of the Laplacian measures focus; mapped to 0..1 with a soft knee.
    sharpness = float(1.0 - np.exp(-lap.var() / 400.0))
    hist = cv2.calcHist([gray], [0], None, [HIST_BINS], [0, 256]).ravel()
    return FrameStats(
        t=t,
        brightness=float(gray.mean() / 255.0),
        contrast=float(min(1.0, gray.std() / 100.0)),
        saturation=float(hsv[..., 1].mean() / 255.0),
        warmth=float(np.clip((r - b) / (r + b + 1e-6) * 2.0, -1.0, 1.0)),
        sharpness=sharpness,
        detail=detail_spread(lap),
        histogram=hist / max(1.0, hist.sum()),
    )


def detail_spread(laplacian: np.ndarray, grid: int = 6) -> float:
    """Share of the frame's cells with fine detail: high for wide views, low for close-ups."""
    cells_arr = cv2.resize(np.abs(laplacian), (grid, grid), interpolation=cv2.INTER_AREA).ravel()
    threshold = max(4.0, 0.5 * float(np.median(cells_arr)) + 0.25 * float(cells_arr.max()))
    return float((cells_arr > threshold).mean())


@lru_cache(maxsize=1)
def _face_cascade() -> cv2.CascadeClassifier:
    return cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")


def detect_faces(bgr: np.ndarray) -> tuple[int, float]:
    """Number of frontal faces and the largest face's height as a share of the frame height."""
    gray = cv2.equalizeHist(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY))
    min_side = max(12, gray.shape[0] // 12)
    faces = _face_cascade().detectMultiScale(gray, scaleFactor=1.2, minNeighbors=5, minSize=(min_side, min_side))
    if len(faces) == 0:
        return 0, 0.0
    return len(faces), float(max(f[3] for f in faces) / gray.shape[0])


def global_motion(prev_gray: np.ndarray, gray: np.ndarray, dt: float) -> Motion | None:
    """Camera motion between two frames from tracked corners and a similarity transform.

    Returns None when too few corners can be tracked (flat or black frames).
    """
    pts = cv2.goodFeaturesToTrack(prev_gray, maxCorners=80, qualityLevel=0.01, minDistance=6)
    if pts is None or len(pts) < 8:
        return None
    nxt, status, _ = cv2.calcOpticalFlowPyrLK(prev_gray, gray, pts, None, winSize=(15, 15), maxLevel=2)
    good = status.ravel() == 1
    if good.sum() < 8:
        return None
    src, dst = pts[good].reshape(-1, 2), nxt[good].reshape(-1, 2)
    matrix, inliers = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=2.0)
    if matrix is None:
        return None
    width = gray.shape[1]
    scale = float(np.hypot(matrix[0, 0], matrix[1, 0]))
    moved = dst - (src @ matrix[:, :2].T + matrix[:, 2])
    residual = float(np.median(np.linalg.norm(moved, axis=1))) / width
    # Translation of the frame centre, not of the origin, so zooms do not read as pans.
    centre = np.array([gray.shape[1] / 2, gray.shape[0] / 2])
    shift = centre @ matrix[:, :2].T + matrix[:, 2] - centre
    return Motion(
        dx=float(shift[0]) / width / dt,
        dy=float(shift[1]) / width / dt,
        zoom=float(np.log(max(scale, 1e-3))) / dt,
        residual=residual / dt,
    )


def palette(bgr: np.ndarray, k: int = 4) -> list[list[int]]:
    """The k dominant colours (RGB), most common first, by k-means on the pixels (deterministic)."""
    pixels = bgr.reshape(-1, 3).astype(np.float32)
    if len(pixels) > 4000:
        pixels = pixels[:: len(pixels) // 4000]
    k = min(k, len(pixels))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    cv2.setRNGSeed(0)  # k-means++ seeds from OpenCV's per-thread generator: same pixels, same palette
    _, labels, centres = cv2.kmeans(pixels, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    counts = np.bincount(labels.ravel(), minlength=k)
    order = np.argsort(-counts)
    return [[int(c) for c in centres[i][::-1]] for i in order]


@dataclass
class ShotSummary:
    """Everything measured for one shot."""

    features: Features
    histogram: list[float]
    flow: tuple[float, float] = (0.0, 0.0)
    words: list[str] = field(default_factory=list)


def classify_camera(motions: list[Motion]) -> tuple[str, float, float, tuple[float, float]]:
    """Camera motion class, motion magnitude 0..1, stability 0..1 and the mean picture flow
    (dx, dy in frame widths per second: the picture moves left when the camera pans right)."""
    if not motions:
        return "static", 0.0, 1.0, (0.0, 0.0)
    dx = np.array([m.dx for m in motions])
    dy = np.array([m.dy for m in motions])
    zoom = np.array([m.zoom for m in motions])
    residual = np.array([m.residual for m in motions])
    speed = np.hypot(dx, dy)
    mean_speed = float(np.median(speed))
    # Consistency: how much of the movement keeps one direction (a pan) rather than shaking.
    net = float(np.hypot(dx.mean(), dy.mean()))
    consistency = net / (float(speed.mean()) + 1e-9)
    jitter = float(np.hypot(np.diff(dx), np.diff(dy)).mean()) if len(motions) > 1 else 0.0
    motion = float(min(1.0, (mean_speed + float(np.median(residual)) * 2) / 0.4))
    stability = float(np.clip(1.0 - jitter / 0.3, 0.0, 1.0))
    if abs(float(np.median(zoom))) > 0.04 and abs(float(np.median(zoom))) > mean_speed:
        kind = "zoom"
    elif mean_speed < 0.02:
        kind = "static"
    elif consistency > 0.6:
        kind = "pan" if abs(dx.mean()) >= abs(dy.mean()) else "tilt"
    else:
        kind = "handheld"
    return kind, motion, stability, (round(float(dx.mean()), 4), round(float(dy.mean()), 4))


def shot_size(face_ratio: float, detail: float) -> str:
    """Close / medium / wide: from the largest face when there is one, else from detail spread."""
    if face_ratio > 0:
        return "close" if face_ratio >= 0.28 else "medium" if face_ratio >= 0.12 else "wide"
    return "wide" if detail >= 0.55 else "close" if detail <= 0.25 else "medium"


def summarize(samples: list[FrameStats], motions: list[Motion]) -> ShotSummary:
    """Aggregate sampled frames and motions of one shot into its measures and words."""
    if not samples:
        raise ValueError("a shot needs at least one sampled frame")

    def mean(attr: str) -> float:
        return float(np.mean([getattr(s, attr) for s in samples]))

    brightness, sharpness = mean("brightness"), mean("sharpness")
    faces = max(s.faces for s in samples)
    face_ratio = max(s.face_ratio for s in samples)
    camera, motion, stability, flow = classify_camera(motions)
    size = shot_size(face_ratio, mean("detail"))
    exposure = float(np.clip(1.0 - abs(brightness - 0.5) * 2.2, 0.0, 1.0))
    quality = float(np.clip(0.4 * exposure + 0.35 * sharpness + 0.25 * stability, 0.0, 1.0))
    features = Features(
        brightness=round(brightness, 4),
        contrast=round(mean("contrast"), 4),
        saturation=round(mean("saturation"), 4),
        warmth=round(mean("warmth"), 4),
        sharpness=round(sharpness, 4),
        motion=round(motion, 4),
        camera_motion=camera,
        faces=faces,
        shot_size=size,
        quality=round(quality, 4),
    )
    hist = np.mean([s.histogram for s in samples], axis=0)
    return ShotSummary(features=features, histogram=[round(float(v), 5) for v in hist], flow=flow,
                       words=measure_words(features))


def measure_words(f: Features) -> list[str]:
    """Words a person might write for what the measures show ("night", "close-up", ...)."""
    words: list[str] = []
    if f.brightness < 0.22:
        words += ["dark", "night"]
    elif f.brightness > 0.68:
        words.append("bright")
    if f.saturation < 0.06:
        words += ["black and white", "monochrome"]
    elif f.saturation > 0.45:
        words.append("colourful")
    if f.warmth > 0.2:
        words.append("warm light")
    elif f.warmth < -0.2:
        words.append("cool light")
    words.append({"close": "close-up", "medium": "medium shot", "wide": "wide shot"}[f.shot_size])
    if f.faces == 1:
        words.append("person")
    elif f.faces > 1:
        words.append("people")
    words.append({"static": "still", "pan": "panning", "tilt": "tilting", "zoom": "zooming",
                  "handheld": "handheld"}[f.camera_motion])
    if f.motion > 0.5:
        words.append("fast motion")
    if f.sharpness < 0.2:
        words.append("blurry")
    return words
