"""Ingest speed as a multiple of real time, beside a bare ffmpeg decode of the same files.

The bare decode (every frame, scaled to the analysis width, discarded) is the physical limit of
any analysis that looks at every frame; both run with the same number of parallel workers.
Run: `python -m bench.ingest_speed [FOLDER] [--workers N]`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from vectorstore import Library, ingest
from vectorstore.decode import ANALYSIS_WIDTH, VideoSource, ffmpeg_exe
from vectorstore.errors import VideoOpenFailure
from vectorstore.ingest import find_videos

from .report import write_section

CLIPS = Path(__file__).resolve().parent.parent.parent / "shared" / "footage" / "clips"


def bare_decode(path: Path) -> None:
    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(path), "-vf",
                    f"scale={ANALYSIS_WIDTH}:-2:flags=area", "-pix_fmt", "bgr24", "-f", "null", "-"], check=False)


def footage_seconds(videos: list[Path]) -> float:
    total = 0.0
    for video in videos:
        try:
            total += VideoSource(video).info.duration
        except VideoOpenFailure:
            pass
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(CLIPS))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    videos, _ = find_videos([args.folder], [])
    seconds = footage_seconds(videos)

    start = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:
        list(pool.map(bare_decode, videos))
    decode_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = ingest([args.folder], Library.open(tmp), workers=args.workers)
        ingest_s = time.perf_counter() - start

    body = (f"{len(videos)} files, {seconds / 60:.1f} min of footage, {args.workers} workers; "
            f"{report.shots_total} shots, {len(report.errors)} files refused.\n\n"
            "| pass | wall time | x real time |\n|---|---|---|\n"
            f"| bare ffmpeg decode at {ANALYSIS_WIDTH} px (the limit) | {decode_s:.1f} s | {seconds / decode_s:.1f} |\n"
            f"| `storycut ingest` (detect, measure, embed, index) | {ingest_s:.1f} s | {seconds / ingest_s:.1f} |\n\n"
            f"Ingest takes **{ingest_s / decode_s:.2f}x** the time of the bare decode "
            f"(goal: within 2x, and >= 20x real time).\n")
    write_section("ingest-speed", "Ingest speed", "python -m bench.ingest_speed --workers 2", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
