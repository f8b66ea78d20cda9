"""Colour looks as data: each look is an ffmpeg filter chain and the ASC CDL closest to it.

The renderer appends a segment's look to each of its clips' filter chains, in the same pass that trims
and scales them (previews and finals alike); `look_thumbnail` runs the very same chain over a
storyboard thumbnail, so what the storyboard shows is what the render will show. Adding a look is
adding an entry to `TABLE` (and its name to `tools.plan.LOOKS`, which the plan validates against).

Chains use filters that work per plane or per channel: `eq` and `hue` on the YUV frames as decoded,
`curves` on each RGB channel. Filters that mix channels per pixel (`colorbalance`, `lut3d`) were
measured 6-8 times slower per 720p frame than `curves` (on this 2-core machine, under load) and would
have made a graded render several times slower than a natural one.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vectorstore.decode import ffmpeg_exe
from vectorstore.errors import StorycutError

from .files import replacing


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
    cdl: CDL | None = None
    """The look as an editor's colour correction (None: nothing to correct)."""
    called: str = ""
    """What replies call it, when not its name ("black-and-white" for `bw`)."""

    @property
    def said(self) -> str:
        return self.called or self.name


TABLE: dict[str, Look] = {look.name: look for look in (
    Look("natural", "the footage as it was shot"),
    Look("bw", "black and white, a little more contrast", "hue=s=0,eq=contrast=1.1",
         cdl=CDL((0.977, 0.977, 0.977), (0.0, 0.0, 0.0), (0.96, 0.96, 0.96), 0.0), called="black-and-white"),
    Look("warm", "golden: reds and yellows up, blues down",
         "eq=saturation=1.08,curves=r='0/0 0.5/0.56 1/1':g='0/0 0.5/0.51 1/1':b='0/0 0.5/0.43 1/0.93'",
         cdl=CDL((1.066, 0.996, 0.957), (-0.054, 0.017, -0.017), (0.841, 1.038, 1.119), 1.031)),
    Look("cool", "blue-teal: blues up, reds down",
         "curves=r='0/0 0.5/0.45 1/0.95':g='0/0 0.5/0.5 1/1':b='0/0.02 0.5/0.57 1/1'",
         cdl=CDL((0.97, 0.98, 1.052), (-0.01, 0.018, -0.028), (1.092, 1.054, 0.827), 0.969)),
    Look("vintage", "faded film: lifted blacks, soft highlights, muted warm colour",
         "eq=saturation=0.62,curves=master='0/0.11 0.25/0.28 0.5/0.52 0.75/0.75 1/0.9'"
         ":r='0/0.03 0.5/0.53 1/1':b='0/0.02 0.5/0.45 1/0.86'",
         cdl=CDL((0.913, 0.82, 0.78), (0.06, 0.09, 0.053), (0.925, 0.956, 1.049), 0.648)),
    Look("vivid", "punchy: more saturation and contrast", "eq=saturation=1.4:contrast=1.08",
         cdl=CDL((1.09, 1.114, 1.1), (-0.059, -0.056, -0.065), (0.997, 1.007, 1.001), 1.26)),
    Look("muted", "quiet: less saturation and contrast", "eq=saturation=0.55:contrast=0.9:brightness=0.02",
         cdl=CDL((0.936, 0.84, 0.908), (0.031, 0.091, 0.038), (1.005, 0.987, 0.994), 0.628)),
)}


def look(name: str) -> Look:
    if name not in TABLE:
        raise LookError(f"unknown look {name!r}; choose one of: {', '.join(TABLE)}")
    return TABLE[name]


def look_filter(name: str) -> str:
    """The filter chain of look `name` ("" for none)."""
    return look(name).chain


def look_fingerprint(name: str) -> str:
    """What a look does, as a short hash: part of every cache key, so editing a look re-renders."""
    return hashlib.blake2b(look(name).chain.encode(), digest_size=6).hexdigest()


def apply_look(rgb: np.ndarray, name: str) -> np.ndarray:
    """An (h, w, 3) uint8 RGB picture (even sides) through look `name` exactly as a render grades it
    (the same chain, then 4:2:0 as encoded): for fitting and checking a look's CDL."""
    h, w, _ = rgb.shape
    chain = look_filter(name)
    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
         "-i", "-", "-vf", f"format=yuv420p,{chain + ',' if chain else ''}format=yuv420p,format=rgb24", "-f",
         "rawvideo", "-pix_fmt", "rgb24", "-"], input=np.ascontiguousarray(rgb, np.uint8).tobytes(),
        capture_output=True, timeout=60)
    if done.returncode != 0:
        raise LookError(f"cannot apply the {name} look: {done.stderr.decode(errors='replace').strip()}")
    return np.frombuffer(done.stdout, np.uint8).reshape(h, w, 3)


def look_thumbnail(path: Path, name: str) -> Path:
    """A copy of the JPEG thumbnail `path` in look `name`, cached beside it in `looks/` (the path
    itself for `natural`). A look whose definition changed gets a new file."""
    path = Path(path)
    if not look(name).chain:
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
                 "-vf", look_filter(name), "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "3", "-update", "1",
                 "-f", "image2", str(tmp.resolve())],
                capture_output=True, text=True, errors="replace", timeout=60)
            if done.returncode != 0:
                reason = (done.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
                raise LookError(f"cannot apply the {name} look to {path.name}: {reason}")
    except subprocess.TimeoutExpired as exc:
        raise LookError(f"applying the {name} look to {path.name} did not finish (ffmpeg hung)") from exc
    except OSError as exc:
        raise LookError(f"cannot write the {name} thumbnail of {path.name}: {exc.strerror or exc}") from exc
    return out

