"""Every shot of the shared footage library, read the way the renderer reads it, starts on its true frame.

For each file: the shots analysis finds (as ingest would, which also records the seek verdict),
the true frame at each shot's start from a decode from the file's start, and the first frame the
renderer's input options give there (through its fps filter), compared small and grey. Files run
two at a time; about two minutes on two idle cores.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SHARED_FOOTAGE
from tools.plan import TIMELINE_FPS
from tools.seeking import input_args
from vectorstore.analysis import analyse_file
from vectorstore.decode import STILL_WIDTH, VideoSource, ffmpeg_exe
from vectorstore.seekcheck import SeekBook, psnr
from vectorstore.ingest import VIDEO_EXTENSIONS

CLIPS = SHARED_FOOTAGE / "clips"
MIN_DB = 25.0


@dataclass(frozen=True)
class ShotFidelity:
    path: str
    start: float
    psnr: float


def renderer_stills(source: VideoSource, starts: list[float], cache: Path) -> list[np.ndarray]:
    """The first frame the renderer's inputs give at each start, small and grey like `Stills`
    (fewer when some start gives none)."""
    w, h = source.analysis_size(STILL_WIDTH)
    inputs = [a for t in starts for a in input_args(str(source.path), t, 1.0, cache)]
    graph = "".join(f"[{k}:v]fps={TIMELINE_FPS},trim=end_frame=1,scale={w}:{h}:flags=area,format=gray[f{k}];"
                    for k in range(len(starts)))
    pads = "".join(f"[f{k}]" for k in range(len(starts)))
    out = subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", *inputs, "-filter_complex",
                          f"{graph}{pads}concat=n={len(starts)}:v=1:a=0[v]", "-map", "[v]", "-fps_mode",
                          "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True).stdout
    return [np.frombuffer(out, np.uint8, w * h, k * w * h).reshape(h, w) for k in range(len(out) // (w * h))]


def file_fidelity(job: tuple[str, str]) -> list[ShotFidelity]:
    path, cache = job
    analysis = analyse_file(path)
    stat = Path(path).stat()
    book = SeekBook(Path(cache))  # as ingest leaves it
    book.put([(path, stat.st_size, stat.st_mtime, analysis.seek)])
    source = VideoSource(path)
    starts = [shot.start for shot in analysis.shots]
    truth = source.stills(starts) or []
    got = renderer_stills(source, starts, Path(cache))
    if len(got) != len(starts) or len(truth) != len(starts):  # some frame missing: the whole file counts as wrong
        return [ShotFidelity(path, t, 0.0) for t in starts]
    return [ShotFidelity(path, t, psnr(g, true)) for t, g, true in zip(starts, got, truth)]


@pytest.mark.skipif(not CLIPS.is_dir(), reason=f"the shared footage library is not at {CLIPS}")
@pytest.mark.timeout(1800)  # about 140 s of CPU: far longer when the machine is shared
def test_every_shot_of_the_footage_library_renders_from_its_true_frame(tmp_path):
    videos = sorted(str(p) for p in CLIPS.rglob("*") if p.suffix.lower() in VIDEO_EXTENSIONS)
    with ProcessPoolExecutor(max_workers=2) as pool:
        shots = [s for found in pool.map(file_fidelity, [(v, str(tmp_path / "cache")) for v in videos]) for s in found]
    assert len(shots) >= len(videos)
    wrong = sorted((s for s in shots if s.psnr < MIN_DB), key=lambda s: s.psnr)
    assert not wrong, f"{len(wrong)} of {len(shots)} shots start on a wrong frame, worst: {wrong[:5]}"
