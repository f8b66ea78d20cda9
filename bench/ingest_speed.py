"""Ingest speed as a multiple of real time, beside a bare ffmpeg decode of the same files.

The bare decode (every frame, scaled to the analysis width, discarded) is the physical limit of
any analysis that looks at every frame; all passes run with the same number of parallel workers.
Ingest runs three times, each into a fresh library (so no cache helps): without the visual tagger and
the transcriber, with the tagger only, and with both (the default); the tagger's own cost per frame
is timed apart on one core.
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

from vectorstore import Library, ingest, library_shots
from vectorstore.analysis import analyse_file
from vectorstore.decode import ANALYSIS_WIDTH, VideoSource, ffmpeg_exe
from vectorstore.describers import DEFAULT_DESCRIBER, get_describer
from vectorstore.errors import VideoOpenFailure
from vectorstore.ingest import find_videos
from vectorstore.transcribe import DEFAULT_TRANSCRIBER

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


def ms_per_frame(videos: list[Path], files: int = 8, rounds: int = 3) -> tuple[float, int]:
    """The default tagger's milliseconds per keyframe on one core (best of `rounds`), and the frame count."""
    import torch

    torch.set_num_threads(1)
    shots = [s.keyframes for v in videos[:: max(1, len(videos) // files)][:files] for s in analyse_file(v).shots]
    describer = get_describer(DEFAULT_DESCRIBER)
    describer.describe(shots[:1])  # warm up
    frames = sum(len(k) for k in shots)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        describer.describe(shots)
        best = min(best, time.perf_counter() - start)
    return best / frames * 1000, frames


def timed_ingest(folder: str, workers: int, describer: str, transcriber: str) -> tuple[float, int, int, int]:
    """Seconds to ingest `folder` into a fresh library, shots, refused files and shots with words."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = ingest([folder], Library.open(tmp), workers=workers, describer=describer, transcriber=transcriber)
        seconds = time.perf_counter() - start
        spoken = sum(bool(s.transcript) for s in library_shots(Library.open(tmp)))
        return seconds, report.shots_total, len(report.errors), spoken


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

    plain_s, _, _, _ = timed_ingest(args.folder, args.workers, "none", "none")
    tagged_s, _, _, _ = timed_ingest(args.folder, args.workers, DEFAULT_DESCRIBER, "none")
    ingest_s, shots, refused, spoken = timed_ingest(args.folder, args.workers, DEFAULT_DESCRIBER, DEFAULT_TRANSCRIBER)
    per_frame, frames = ms_per_frame(videos)
    minutes = seconds / 60

    def row(name: str, wall: float) -> str:
        return f"| {name} | {wall:.1f} s | {seconds / wall:.1f} | {wall / minutes:.2f} s |"

    body = (f"{len(videos)} files, {minutes:.1f} min of footage, {args.workers} workers; "
            f"{shots} shots ({spoken} with words), {refused} files refused.\n\n"
            "| pass | wall time | x real time | per minute of footage |\n|---|---|---|---|\n"
            + row(f"bare ffmpeg decode at {ANALYSIS_WIDTH} px (the limit)", decode_s) + "\n"
            + row("`storycut ingest` without the tagger and transcriber (`STORYCUT_DESCRIBER=none`, "
                  "`STORYCUT_TRANSCRIBER=none`)", plain_s) + "\n"
            + row("`storycut ingest` without the transcriber (`STORYCUT_TRANSCRIBER=none`)", tagged_s) + "\n"
            + row("`storycut ingest` (detect, measure, tag, transcribe, embed, index)", ingest_s) + "\n\n"
            f"Ingest takes **{ingest_s / decode_s:.2f}x** the time of the bare decode, **{plain_s / decode_s:.2f}x** "
            f"without the tagger and transcriber (goal: within 2x, and >= 20x real time); the tagger adds "
            f"{(tagged_s - plain_s) / minutes:.2f} s and the transcriber {(ingest_s - tagged_s) / minutes:.2f} s "
            f"per minute of footage (Whisper tiny.en greedy, one thread per worker, only where there is sound). EfficientNet-Lite0 alone: **{per_frame:.0f} ms per keyframe** on one core "
            f"({frames} keyframes of {min(8, len(videos))} files, up to 3 per shot, batched per file; best of 3 runs).\n")
    write_section("ingest-speed", "Ingest speed", "python -m bench.ingest_speed --workers 2", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
