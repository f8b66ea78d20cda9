"""Seek fidelity: which files of the shared footage do not seek true, how wrong a fast seek into them
is, what the check adds to ingest, and what reading those files right costs the renderer.

Run: `python -m bench.seek` (after `storycut --library .bench/clips-library ingest ../shared/footage/clips`,
which the render comparison draws its plan from). Every ratio is measured in the same run: the
check against the analysis it rides on; a proxy read against a fast seek into the same file; this
branch's render of a plan over files that seek true against the baseline checkout's (`--baseline`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable
from pathlib import Path

from tools.montage import assemble
from tools.narration import narrate
from tools.plan import Plan
from tools.retrieval import Retriever
from tools.seeking import input_args, proxy
from tools.story import segment_story
from tools.style import style_preset
from vectorstore import Library
from vectorstore.analysis import analyse_file
from vectorstore.decode import Stills, VideoSource, ffmpeg_exe
from vectorstore.ingest import VIDEO_EXTENSIONS
from vectorstore.seekcheck import SeekBook, check_times, compare_seeks

from .report import write_section

ROOT = Path(__file__).resolve().parent.parent


def analysed(path: str) -> dict:
    """One file as ingest analyses it, timing the analysis and, again on their own, the fast seeks."""
    start = time.perf_counter()
    analysis = analyse_file(path)
    analysis_s = time.perf_counter() - start
    source = VideoSource(path)
    times = check_times(analysis.info.duration, analysis.info.fps)
    truth = source.stills(times) or []
    start = time.perf_counter()
    compare_seeks(source, times, truth)
    seeks_s = time.perf_counter() - start
    return {"path": path, "check": analysis.seek, "psnr": analysis.seek.psnr, "true": analysis.seek.seeks_true,
            "analysis_s": analysis_s,
            "seeks_s": seeks_s, "duration": analysis.info.duration, "stat": os.stat(path)}


def decode_seconds(path: str, stills: bool) -> float:
    """One analysis decode of `path`, with or without the true stills kept on the side."""
    source = VideoSource(path)
    start = time.perf_counter()
    for _ in source.frames(stills=Stills(check_times(source.info.duration, source.info.fps)) if stills else None):
        pass
    return time.perf_counter() - start


def read_seconds(args: list[str]) -> float:
    """Seconds to decode one second of a clip from these input options, as the preview does (640x360)."""
    start = time.perf_counter()
    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", *args, "-an", "-vf",
                    "fps=30,scale=640:360:force_original_aspect_ratio=increase,crop=640:360", "-f", "null", "-"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


RENDER = """
import sys, time
from pathlib import Path
from tools.plan import Plan
from tools.render import render
plan = Plan.model_validate_json(Path(sys.argv[1]).read_text())
start = time.perf_counter()
render(plan, Path(sys.argv[2]), Path(sys.argv[3]), quality="preview")
print(time.perf_counter() - start)
"""


def timed_render(code: Path, plan_file: Path, work: Path, voices: Path, run: str) -> float:
    """A cold render (only the narration already in the cache) by the checkout at `code`."""
    cache = work / f"cache-{run}"
    shutil.copytree(voices, cache)
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", RENDER, str(plan_file), str(work / f"{run}.mp4"), str(cache)],
                          cwd=code, env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def plan_over(library: Library, stories: Path, keep: Callable[[str], bool]) -> Plan:
    """bench.render's plan (the dev stories, 60 s), from the shots whose file `keep` accepts."""
    story = " ".join(s["text"] for s in json.loads(stories.read_text()))
    retriever = Retriever(library)
    segments = segment_story(story, total=60.0)
    candidates = {k: [c for c in found if keep(c.shot.source)] for k, found in retriever.for_segments(segments).items()}
    spare = [s for s in retriever.shots.values() if keep(s.source)]
    return assemble(segments, candidates, style_preset("neutral"), spare)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared footage and eval sets")
    parser.add_argument("--library", default=str(Path(".bench") / "clips-library"))
    parser.add_argument("--baseline", default="/work/main", help="checkout whose renderer is the baseline")
    args = parser.parse_args()
    shared = Path(args.shared)
    videos = sorted(str(p) for p in (shared / "footage" / "clips").rglob("*") if p.suffix.lower() in VIDEO_EXTENSIONS)
    with ProcessPoolExecutor(max_workers=2) as pool:
        files = list(pool.map(analysed, videos))
    untrue = sorted((f for f in files if not f["true"]), key=lambda f: f["psnr"])
    analysis_s = sum(f["analysis_s"] for f in files)
    seeks_s = sum(f["seeks_s"] for f in files)
    sample = [v for v in videos if "/free/" in v]  # the side output's cost, on a sample with every codec
    plain = sum(decode_seconds(v, stills=False) + decode_seconds(v, stills=False) for v in sample)
    side = sum(decode_seconds(v, stills=True) + decode_seconds(v, stills=True) for v in sample)
    rows = "".join(f"| {Path(f['path']).name} | {f['psnr']:.1f} dB |\n" for f in untrue)
    body = (f"{len(files)} files of ../shared/footage/clips; {len(untrue)} do not seek true (a fast seek's frame "
            f"below 40 dB PSNR against the true frame, 64-pixel greyscale, at 30/55/80% of the file) and are read "
            f"through a proxy. Worst: **{Path(untrue[0]['path']).name} at {untrue[0]['psnr']:.1f} dB**.\n\n"
            "| file | worst fast seek |\n|---|---|\n" + rows +
            f"\nCost at ingest: the fast seeks (one ffmpeg run per file) take {seeks_s:.1f} s beside "
            f"{analysis_s:.1f} s of analysis, **{seeks_s / analysis_s * 100:.1f}%**; the true stills ride on the "
            f"analysis decode, which takes **{side / plain:.3f}x** its time without them (the {len(sample)} clips of "
            f"clips/free, each decoded twice both ways).\n\n")

    with tempfile.TemporaryDirectory(prefix="storycut-bench-seek-") as tmp:
        work = Path(tmp)
        cache = work / "proxies"
        made, fast, through = [], [], []
        for f in untrue:
            start = time.perf_counter()
            proxy(f["path"], cache)
            made.append((time.perf_counter() - start) / f["duration"])
            for at in (0.3, 0.55, 0.8):
                t = round(f["duration"] * at, 3)
                fast.append(read_seconds(["-ss", f"{t:.4f}", "-t", "1", "-i", f["path"]]))
                through.append(read_seconds(input_args(f["path"], t, 1.0, cache)))
        body += (f"Cost of the accurate path, on those {len(untrue)} files: making a proxy takes "
                 f"{statistics.median(made):.2f} s per second of footage (median; once per file, kept in the render "
                 f"cache); reading a clip from it then takes **{sum(through) / sum(fast):.2f}x** the time of a "
                 f"(wrong) fast seek into the original ({sum(through):.2f} s vs {sum(fast):.2f} s for "
                 f"{len(fast)} one-second clips).\n\n")

        seeking = {f["path"]: f["true"] for f in files}
        plan = plan_over(Library.open(args.library), shared / "eval" / "stories_dev.json",
                         lambda source: seeking.get(source, False))
        plan_file = work / "plan.json"
        plan_file.write_text(plan.model_dump_json(by_alias=True))
        voices = work / "voices"  # every cold cache starts with the narration and, as ingest leaves it, the verdicts
        for seg in plan.segments:
            narrate(seg.text, voices)
        book = SeekBook(voices)
        book.put([(f["path"], f["stat"].st_size, f["stat"].st_mtime, f["check"]) for f in files])
            ours, base = [], []
        for run in range(2):  # alternated, so that load on the shared machine falls on both alike
            base.append(timed_render(Path(args.baseline), plan_file, work, voices, f"base{run}"))
            ours.append(timed_render(ROOT, plan_file, work, voices, f"ours{run}"))
        clips = sum(len(s.clips) for s in plan.segments)
        body += (f"Render, files that seek true: bench.render's plan ({plan.duration:.0f} s, {clips} clips, preview "
                 f"with subtitles and narration, cold cache) over the shots of files that seek true, rendered in "
                 f"turn by the baseline ({args.baseline}) and by this branch, twice each: "
                 f"{statistics.median(base):.1f} s vs {statistics.median(ours):.1f} s, this branch takes "
                 f"**{statistics.median(ours) / statistics.median(base):.2f}x** the baseline's time "
                 f"(all {clips} clips on the fast path).\n")
    write_section("seek", "Seek fidelity", "python -m bench.seek", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
