"""Colour looks as data: each look is an ffmpeg filter chain, optionally ending in a generated 3D LUT.

The renderer appends a segment's look to each of its clips' filter chains, in the same pass that trims
and scales them (previews and finals alike); `look_thumbnail` runs the very same chain over a
storyboard thumbnail, so what the storyboard shows is what the render will show. Adding a look is
adding an entry to `TABLE` (and its name to `tools.plan.LOOKS`, which the plan validates against).
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from vectorstore.decode import ffmpeg_exe
from vectorstore.errors import StorycutError

from .files import replacing

Grade = Callable[[np.ndarray], np.ndarray]
"""A colour transform on an (..., 3) array of RGB values in 0..1, returning the same shape."""


class LookError(StorycutError):
    """An unknown look, or a thumbnail the look could not be applied to."""


RGB = tuple[float, float, float]


@dataclass(frozen=True)
class CDL:
    """An ASC CDL (out = (in * slope + offset) ^ power, then saturation around Rec. 709 luma) close to
    a look: what editors and colour tools can read of it (EDL `ASC_SOP`/`ASC_SAT`, OTIO `cdl`).
    Fitted to the look's output by `scripts/fit_look_cdl.py`; tests/tools/test_looks.py keeps it close."""

    slope: RGB = (1.0, 1.0, 1.0)
    offset: RGB = (0.0, 0.0, 0.0)
    power: RGB = (1.0, 1.0, 1.0)
    saturation: float = 1.0

    def apply(self, rgb: np.ndarray) -> np.ndarray:
        graded = np.clip(rgb * np.array(self.slope) + np.array(self.offset), 0, 1) ** np.array(self.power)
        luma = (graded @ np.array([0.2126, 0.7152, 0.0722]))[..., None]
        return np.clip(luma + self.saturation * (graded - luma), 0, 1)

    def metadata(self) -> dict:
        """In the shape OTIO's EDL adapter reads and writes (clip metadata `cdl`)."""
        return {"asc_sop": {"slope": list(self.slope), "offset": list(self.offset), "power": list(self.power)},
                "asc_sat": self.saturation}


@dataclass(frozen=True)
class Look:
    name: str
    summary: str
    """What the look does, in words a person (or a chat model) can choose by."""
    chain: str = ""
    """ffmpeg video filters, comma-separated ("" for none)."""
    grade: Grade | None = None
    """A transform baked into a 3D LUT file and applied with lut3d after `chain`."""
    cdl: CDL | None = None
    """The look as an editor's colour correction (None: nothing to correct)."""


def _vintage(rgb: np.ndarray) -> np.ndarray:
    """Faded film: lifted blacks, softened contrast, less saturation, a warm-yellow cast strongest in
    the highlights and slightly blue-green shadows."""
    luma = rgb @ np.array([0.299, 0.587, 0.114])
    out = luma[..., None] + 0.6 * (rgb - luma[..., None])
    out = 0.12 + 0.78 * (3 * out ** 2 - 2 * out ** 3 + out) / 2  # gentle S-curve into a narrower range
    out += (0.4 + 0.6 * luma[..., None]) * np.array([0.05, 0.02, -0.05])
    out += ((1 - luma) ** 2)[..., None] * np.array([-0.01, 0.01, 0.03])
    return np.clip(out, 0, 1)


TABLE: dict[str, Look] = {look.name: look for look in (
    Look("natural", "the footage as it was shot"),
    Look("bw", "black and white, a little more contrast", "hue=s=0,eq=contrast=1.1",
         cdl=CDL((0.977, 0.977, 0.977), (0.0, 0.0, 0.0), (0.96, 0.96, 0.96), 0.0)),
    Look("warm", "golden: reds and yellows up, blues down",
         "colorbalance=rs=0.05:bs=-0.08:rm=0.08:gm=0.02:bm=-0.08:rh=0.04:bh=-0.06,eq=saturation=1.08",
         cdl=CDL((0.986, 1.005, 1.008), (0.032, 0.006, -0.057), (1.001, 1.002, 1.004), 1.075)),
    Look("cool", "blue-teal: blues up, reds down",
         "colorbalance=rs=-0.06:bs=0.08:rm=-0.07:gm=0.01:bm=0.08:rh=-0.03:bh=0.05",
         cdl=CDL((1.015, 0.999, 0.998), (-0.03, 0.001, 0.036), (1.006, 1.0, 0.987), 0.996)),
    Look("vintage", "faded film: lifted blacks, soft highlights, muted warm colour", grade=_vintage,
         cdl=CDL((0.916, 0.811, 0.872), (0.105, 0.121, 0.024), (1.054, 1.012, 1.012), 0.639)),
    Look("vivid", "punchy: more saturation and contrast", "eq=saturation=1.4:contrast=1.08",
         cdl=CDL((1.09, 1.114, 1.1), (-0.059, -0.056, -0.065), (0.997, 1.007, 1.001), 1.26)),
    Look("muted", "quiet: less saturation and contrast", "eq=saturation=0.55:contrast=0.9:brightness=0.02",
         cdl=CDL((0.936, 0.84, 0.908), (0.031, 0.091, 0.038), (1.005, 0.987, 0.994), 0.628)),
)}

LUT_SIZE = 33
"""Points per axis of generated LUTs: enough for smooth gradients through tetrahedral interpolation."""


def look(name: str) -> Look:
    if name not in TABLE:
        raise LookError(f"unknown look {name!r}; choose one of: {', '.join(TABLE)}")
    return TABLE[name]


@lru_cache(maxsize=None)
def _cube(name: str) -> str:
    """The look's LUT in the .cube format (red varies fastest)."""
    grade = look(name).grade
    assert grade is not None
    axis = np.linspace(0, 1, LUT_SIZE)
    b, g, r = np.meshgrid(axis, axis, axis, indexing="ij")
    table = grade(np.stack([r, g, b], axis=-1).reshape(-1, 3))
    rows = "\n".join(f"{x:.5f} {y:.5f} {z:.5f}" for x, y, z in table)
    return f"TITLE \"storycut {name}\"\nLUT_3D_SIZE {LUT_SIZE}\n{rows}\n"


def look_filter(name: str, folder: Path) -> str:
    """The filter chain of look `name` ("" for none), with its LUT file (if any) written into
    `folder`, the folder ffmpeg runs in."""
    chosen = look(name)
    parts = [chosen.chain] if chosen.chain else []
    if chosen.grade is not None:
        lut = folder / f"look-{name}-{look_fingerprint(name)}.cube"
        if not lut.exists():
            with replacing(lut) as tmp:  # whole or not at all: thumbnails may be graded in parallel
                tmp.write_text(_cube(name), encoding="ascii")
        parts.append(f"lut3d=file={lut.name}:interp=tetrahedral")
    return ",".join(parts)


def look_fingerprint(name: str) -> str:
    """What a look does, as a short hash: part of every cache key, so editing a look re-renders."""
    chosen = look(name)
    text = chosen.chain + (_cube(name) if chosen.grade else "")
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def apply_look(rgb: np.ndarray, name: str) -> np.ndarray:
    """An (h, w, 3) uint8 RGB picture (even sides) through look `name` exactly as a render grades it
    (the same chain, then 4:2:0 as encoded): for fitting and checking a look's CDL."""
    h, w, _ = rgb.shape
    with tempfile.TemporaryDirectory(prefix="look-") as work:
        chain = look_filter(name, Path(work))
        done = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
             "-i", "-", "-vf", f"{chain + ',' if chain else ''}format=yuv420p,format=rgb24", "-f", "rawvideo",
             "-pix_fmt", "rgb24", "-"], input=np.ascontiguousarray(rgb, np.uint8).tobytes(), cwd=work,
            capture_output=True, timeout=60)
    if done.returncode != 0:
        raise LookError(f"cannot apply the {name} look: {done.stderr.decode(errors='replace').strip()}")
    return np.frombuffer(done.stdout, np.uint8).reshape(h, w, 3)


def look_thumbnail(path: Path, name: str) -> Path:
    """A copy of the JPEG thumbnail `path` in look `name`, cached beside it in `looks/` (the path
    itself for `natural`). A look whose definition changed gets a new file."""
    path = Path(path)
    if not look(name).chain and look(name).grade is None:
        return path
    folder = path.parent / "looks"
    out = folder / f"{path.stem}.{name}.{look_fingerprint(name)}.jpg"
    try:
        if out.exists() and out.stat().st_mtime >= path.stat().st_mtime:
            return out
        folder.mkdir(parents=True, exist_ok=True)
        with replacing(out) as tmp:
            done = subprocess.run(
                [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-i", str(path.resolve()),
                 "-vf", look_filter(name, folder), "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "3", "-update", "1",
                 "-f", "image2", str(tmp.resolve())],
                cwd=folder, capture_output=True, text=True, errors="replace", timeout=60)
            if done.returncode != 0:
                lines = done.stderr.strip().splitlines()
                raise LookError(f"cannot apply the {name} look to {path.name}: {lines[-1] if lines else 'ffmpeg failed'}")
    except OSError as exc:
        raise LookError(f"cannot write the {name} thumbnail of {path.name}: {exc.strerror or exc}") from exc
    return out

