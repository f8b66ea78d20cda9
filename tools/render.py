"""Render a plan to MP4 in one ffmpeg pass: trim, retime, scale-crop, colour look, subtitles, titles
and narration together.

Each clip is read with an accurate seek, retimed by its speed, normalised to the timeline's frame
rate and padded or cut to its exact frame count, so the video's length equals the plan's to the
frame. Its segment's colour look (`tools.looks`) is applied in the same chain. Subtitles are an SRT
and titles an ASS script (`tools.titles`), both burned in with libass and a font shipped in
`tools/fonts`; narration WAVs are placed where each segment's `voice` says (`tools.voiceover`).
"""

from __future__ import annotations

import glob
import hashlib
from concurrent.futures import ThreadPoolExecutor
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from vectorstore.decode import VideoSource, ffmpeg_exe
from vectorstore.errors import StorycutError, VideoOpenFailure

from . import subtitles
from .files import output_path, replacing
from .looks import look_filter, look_fingerprint
from .narration import configured_voice, narrate, narration_rate
from .voiceover import MAX_RATE
from .plan import Plan, PlanSegment
from .seeking import input_args
from .speed import atempo_chain, retime_filter
from .titles import SCRIPT_NAME, TitleLayer, title_layer
from .typography import font_folder, font_name

Quality = Literal["preview", "final", "hd"]

SIZES: dict[Quality, dict[str, tuple[int, int]]] = {
    "preview": {"16:9": (640, 360), "9:16": (360, 640), "1:1": (480, 480)},
    "final": {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720)},
    "hd": {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)},
}
ENCODER: dict[Quality, list[str]] = {
    "preview": ["-preset", "superfast", "-crf", "27"],
    "final": ["-preset", "medium", "-crf", "20"],
    "hd": ["-preset", "medium", "-crf", "20"],
}


class RenderError(StorycutError):
    """The plan could not be rendered (missing source, unwritable output, ffmpeg failure)."""


@dataclass(frozen=True)
class RenderResult:
    output: Path
    duration: float
    width: int
    height: int


def render(plan: Plan, output: Path, cache: Path, quality: Quality = "preview",
           within: Path | None = None) -> RenderResult:
    """Render `plan` to `output` (written under a temporary name, then renamed into place).

    With `within`, `output` is relative to that folder and must stay inside it (see `tools.files`
    for the output policy). Plans with hard cuts render segment by segment into a cache keyed by
    each segment's content, then join the segments without re-encoding and add the narration track:
    after an edit, only the segments that changed are encoded again. Crossfaded plans render in one
    pass, since their dissolves cross segment boundaries."""
    if not plan.segments:
        raise RenderError("the plan has no segments: nothing to render")
    missing = sorted({c.source for s in plan.segments for c in s.clips if not Path(c.source).is_file()})
    if missing:
        raise RenderError(f"source file missing (moved or deleted after ingest): {missing[0]}"
                          + (f" and {len(missing) - 1} more" if len(missing) > 1 else ""))
    output = output_path(output, within)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot write to {output.parent}: {exc.strerror}") from exc
    if not os.access(output.parent, os.W_OK):
        raise RenderError(f"cannot write to {output.parent}: permission denied")
    width, height = SIZES[quality][plan.style.aspect]
    _sweep_partials(cache, output)
    try:
        with replacing(output) as tmp_out:
            if plan.style.transition == "crossfade":
                titles = title_layer(plan.titles, plan.fps, 0, round(plan.duration * plan.fps), width, height,
                                     plan.style.subtitles)
                _encode(plan, tmp_out, cache, quality, audio=True, titles=titles, subs=subtitles.cues(plan))
            else:
                shown = subtitles.cues(plan) if plan.style.subtitles else []
                with ThreadPoolExecutor(max_workers=PARALLEL_SEGMENTS) as pool:
                    parts = list(pool.map(lambda k: _segment_video(plan, k, cache, quality, shown),
                                          range(len(plan.segments))))
                _join(parts, plan, tmp_out, cache)
    except OSError as exc:  # the cache's or the output's folder: full, or gone
        raise RenderError(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from exc
    return RenderResult(output=output, duration=plan.duration, width=width, height=height)


STALE_PARTIAL_SECONDS = 3600
"""Age after which a temporary file in the cache is taken for the leftover of a killed render."""


def _workspace(cache: Path) -> Path:
    """Where one ffmpeg pass keeps its scratch files (subtitles, lists): inside the cache, so that
    what a killed render leaves there is swept like its other leftovers."""
    folder = cache / "work"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sweep_partials(cache: Path, output: Path) -> None:
    """Remove what killed renders left in the cache (half-written files, scratch folders) and
    beside the output: never reused, only wasted space."""
    old = time.time() - STALE_PARTIAL_SECONDS
    for leftover in [*cache.glob(".*.part"), *cache.glob("segments/.*.part"), *cache.glob("audio/.*.part"),
                     *cache.glob("work/*"), *output.parent.glob(f".{glob.escape(output.name)}.*.part")]:
        try:
            if leftover.lstat().st_mtime >= old:
                continue
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        except OSError:
            pass  # another render removed or renamed it meanwhile


_UNREADABLE_INPUT = re.compile(r"^Error opening input file (.+)\.$")


FFMPEG_BASE_SECONDS, FFMPEG_SECONDS_PER_SECOND = 120.0, 20.0
"""Watchdog for one ffmpeg call making `media` seconds of output: far above a normal render's
0.1-0.5 s per second, so only a hung ffmpeg (seen once under heavy load) is stopped."""


def _ffmpeg(args: list[str], media: float, cwd: Path | None = None) -> None:
    limit = FFMPEG_BASE_SECONDS + FFMPEG_SECONDS_PER_SECOND * media
    try:
        done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *args],
                              cwd=cwd, capture_output=True, text=True, errors="replace", timeout=limit)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"ffmpeg stopped after {limit:.0f} s without finishing (hung); try again") from exc
    if done.returncode != 0:
        lines = [ln.strip() for ln in done.stderr.splitlines() if ln.strip()]
        reason = lines[-1] if lines else "unknown error"
        unreadable = next((m.group(1) for m in map(_UNREADABLE_INPUT.match, lines) if m), None)
        if unreadable:  # name the file: a source replaced by something that is not video since ingest
            raise RenderError(f"cannot read {unreadable}: {reason.rpartition(': ')[2]}")
        raise RenderError(f"ffmpeg failed: {reason}")


def _encode(plan: Plan, out: Path, cache: Path, quality: Quality, audio: bool, titles: TitleLayer | None,
            subs: list[subtitles.Cue]) -> None:
    """One ffmpeg pass: every clip trimmed, retimed, scaled and graded, the subtitle cues `subs` (when
    the plan shows subtitles) and `titles` burned in, narration if `audio`."""
    width, height = SIZES[quality][plan.style.aspect]
    with tempfile.TemporaryDirectory(prefix="render-", dir=_workspace(cache)) as tmp:
        work = Path(tmp)
        args, graph = _video_graph(plan, width, height, cache)
        vlabel = "[v]"
        shown = subs if plan.style.subtitles else []
        if shown or titles:
            font_folder(work / "fonts")
        if shown:
            font = font_name(" ".join(seg.text for seg in plan.segments))
            (work / "subs.srt").write_text(subtitles.srt(shown, default_font=font), encoding="utf-8")
            # libass sizes SRT styles against a 288-line script.
            size = round(subtitles.font_size(width, height, font) * 288 / height, 1)
            style = (f"FontName={font},Bold=1,FontSize={size},Outline=1.5,Shadow=0,"
                     f"MarginV={288 // 14},PrimaryColour=&H00FFFFFF,OutlineColour=&H80000000")
            graph.append(f"[v]subtitles=subs.srt:fontsdir=fonts:original_size={width}x{height}:"
                         f"force_style='{style}'[vs]")
            vlabel = "[vs]"
        if titles:
            (work / SCRIPT_NAME).write_text(titles.script, encoding="utf-8")
            graph.append(f"{vlabel}{titles.filter}[vt]")
            vlabel = "[vt]"
        maps = ["-map", vlabel]
        codecs = ["-c:v", "libx264", *ENCODER[quality], "-pix_fmt", "yuv420p", "-r", str(plan.fps)]
        if audio:
            audio_args, audio_graph = _audio_graph(plan, cache, first_input=len(plan.shot_ids))
            args += audio_args
            graph += audio_graph
            maps += ["-map", "[a]"]
            codecs += AUDIO_CODEC
        _ffmpeg([*args, "-filter_complex", ";".join(graph), *maps, *codecs, "-t", f"{plan.duration:.4f}",
                 "-movflags", "+faststart", "-f", "mp4", str(out)], media=plan.duration, cwd=work)


AUDIO_CODEC = ["-c:a", "aac", "-b:a", "128k", "-ar", "44100"]


def _segment_video(plan: Plan, k: int, cache: Path, quality: Quality, shown: list[subtitles.Cue]) -> Path:
    """Segment `k` encoded alone (video only), from the cache when its content was rendered before,
    with the part of the plan's subtitle cues `shown` over its picture (a line's may have begun in
    the segment before)."""
    seg = plan.segments[k]
    subs = subtitles.between(shown, seg.start, seg.start + seg.duration)
    alone = plan.model_copy(update={"segments": [seg.model_copy(update={
        "start": 0.0, "clips": [c.model_copy(update={"start": round(c.start - seg.start, 4)}) for c in seg.clips]})],
        "duration": round(seg.frames / plan.fps, 4), "titles": []})
    width, height = SIZES[quality][plan.style.aspect]
    titles = title_layer(plan.titles, plan.fps, sum(s.frames for s in plan.segments[:k]), seg.frames, width, height,
                         plan.style.subtitles)
    key = hashlib.blake2b(json.dumps([quality, RENDER_VERSION, alone.fps, alone.style.aspect, alone.style.subtitles,
                                      alone.style.fit, look_fingerprint(_look(alone, alone.segments[0])),
                                      titles and [titles.script, titles.offset],
                                      [(c.start, c.end, c.lines) for c in subs],
                                      alone.segments[0].model_dump(mode="json", by_alias=True,
                                                                   exclude={"id", "keywords", "look", "voice"})],
                                     sort_keys=True).encode(), digest_size=16).hexdigest()
    folder = cache / "segments"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.mp4"
    if not path.exists():
        with replacing(path) as tmp:  # a killed render never leaves a cache entry behind
            _encode(alone, tmp, cache, quality, audio=False, titles=titles, subs=subs)
    return path


PARALLEL_SEGMENTS = 2
"""Segments encoded at once: each encode's filter chain is mostly single-threaded."""

RENDER_VERSION = "4"
"""Bump when segment encodes would come out different, so cached segments are not reused."""


def _narration_track(plan: Plan, cache: Path) -> Path:
    """The whole plan's audio as AAC, cached: it depends only on the segments' words and times."""
    timing = [configured_voice()] + [(s.text, s.start, s.duration, s.voice and s.voice.model_dump())
                                     for s in plan.segments] if plan.style.narration else []
    music = _music(plan)
    sound = [(c.source, c.in_, c.frames, c.start, c.speed) for s in plan.segments for c in s.clips] \
        if plan.style.source_audio else []
    key = hashlib.blake2b(json.dumps([RENDER_VERSION, plan.duration, timing, music and str(music),
                                      music and music.stat().st_mtime, sound]).encode(), digest_size=16).hexdigest()
    folder = cache / "audio"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.m4a"
    if not path.exists():
        with replacing(path) as tmp:
            args, graph = _audio_graph(plan, cache, first_input=0)
            _ffmpeg([*args, "-filter_complex", ";".join(graph), "-map", "[a]", *AUDIO_CODEC,
                     "-t", f"{plan.duration:.4f}", "-f", "ipod", str(tmp)], media=plan.duration)
    return path


def _join(parts: list[Path], plan: Plan, out: Path, cache: Path) -> None:
    """The segments joined as they are (identical encoder settings: no re-encode), with the
    whole narration track encoded once beside them."""
    with tempfile.TemporaryDirectory(prefix="join-", dir=_workspace(cache)) as tmp:
        work = Path(tmp)
        listing = work / "parts.txt"
        listing.write_text("".join(f"file '{p.as_posix()}'\n" for p in parts), encoding="utf-8")
        audio = _narration_track(plan, cache)
        _ffmpeg(["-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio),
                 "-map", "0:v", "-map", "1:a", "-c", "copy", "-t", f"{plan.duration:.4f}",
                 "-movflags", "+faststart", "-f", "mp4", str(out)], media=plan.duration)


CROSSFADE_SECONDS = 0.5


def _look(plan: Plan, seg: PlanSegment) -> str:
    return seg.look or plan.style.look


def _video_graph(plan: Plan, width: int, height: int, cache: Path) -> tuple[list[str], list[str]]:
    """Inputs and filters that turn every clip into exactly its frames, in its segment's look, then
    join them (clips are read through `tools.seeking`, accurately where a file's fast seek misleads).

    With crossfades, each clip but the last holds its final frame for the length of the dissolve
    into the next one (a frozen frame, never frames from beyond the shot), and the dissolve starts
    where the next clip starts, so every clip still begins at its planned time."""
    clips = [c for seg in plan.segments for c in seg.clips]
    looks = [look_filter(_look(plan, seg)) for seg in plan.segments for _ in seg.clips]
    fade = plan.style.transition == "crossfade" and len(clips) > 1
    extra = [0] * len(clips)
    if fade:
        for i in range(len(clips) - 1):
            extra[i] = max(1, min(round(CROSSFADE_SECONDS * plan.fps), clips[i].frames // 2, clips[i + 1].frames // 2))
    args: list[str] = []
    graph: list[str] = []
    for n, clip in enumerate(clips):
        frames = clip.frames + extra[n]
        seconds = frames / plan.fps
        args += input_args(clip.source, clip.in_, clip.out - clip.in_ + 0.5, cache)
        cover = f"scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height}"
        if plan.style.fit == "blur":  # the whole picture, centred over a blurred, cropped copy of itself
            graph.append(f"[{n}:v]{retime_filter(clip.speed)}fps={plan.fps},split[f{n}][b{n}];"
                         f"[b{n}]{cover},boxblur=20:2[bg{n}];"
                         f"[f{n}]scale={width}:{height}:force_original_aspect_ratio=decrease[fg{n}];"
                         f"[bg{n}][fg{n}]overlay=(W-w)/2:(H-h)/2[p{n}]")
            framed = f"[p{n}]setsar=1"
        else:
            framed = f"[{n}:v]{retime_filter(clip.speed)}fps={plan.fps},{cover},setsar=1"
        graph.append(
            f"{framed},trim=end_frame={clip.frames},{looks[n] + ',' if looks[n] else ''}format=yuv420p,"
            f"tpad=stop_mode=clone:stop_duration={seconds:.4f},"
            f"trim=end_frame={frames},setpts=PTS-STARTPTS,settb=1/{plan.fps}[c{n}]")
    if not fade:
        graph.append(f"{''.join(f'[c{n}]' for n in range(len(clips)))}concat=n={len(clips)}:v=1:a=0[v]")
        return args, graph
    current, at = "[c0]", clips[0].frames
    for n in range(1, len(clips)):
        label = "[v]" if n == len(clips) - 1 else f"[x{n}]"
        graph.append(f"{current}[c{n}]xfade=transition=fade:duration={extra[n - 1] / plan.fps:.4f}:"
                     f"offset={at / plan.fps:.4f}{label}")
        current, at = label, at + clips[n].frames
    return args, graph


def _music(plan: Plan) -> Path | None:
    if not plan.style.music:
        return None
    path = Path(plan.style.music).expanduser()
    if not path.is_file():
        raise RenderError(f"music file not found: {path}")
    return path


def _audio_graph(plan: Plan, cache: Path, first_input: int) -> tuple[list[str], list[str]]:
    """The soundtrack: each segment's narration where its `voice` says (else at its start, sped up
    slightly if it would overrun), over a bed of music and/or the clips' own sound, ducked by a compressor keyed on the
    narration; silence when there is nothing to hear."""
    total = f"{plan.duration:.4f}"
    args: list[str] = []
    graph: list[str] = []

    def add_input(*spec: str) -> int:
        args.extend(spec)
        return first_input + sum(1 for a in args if a == "-i") - 1

    voices = []
    for i, seg in enumerate(plan.segments if plan.style.narration else []):
        wav, spoken = narrate(seg.text, cache)
        start, speed = (seg.voice.start, seg.voice.rate) if seg.voice else \
            (seg.start, min(MAX_RATE, narration_rate(spoken, seg.duration)))
        n = add_input("-i", str(wav))
        graph.append(f"[{n}:a]aresample=44100,atempo={speed:.4f},adelay={int(round(start * 1000))}:all=1,"
                     f"aformat=channel_layouts=stereo[n{i}]")
        voices.append(f"[n{i}]")
    if not voices:
        n = add_input("-f", "lavfi", "-t", total, "-i", "anullsrc=r=44100:cl=stereo")
        graph.append(f"[{n}:a]anull[n0]")
        voices.append("[n0]")
    graph.append(f"{''.join(voices)}amix=inputs={len(voices)}:normalize=0:duration=longest,"
                 f"apad,atrim=0:{total}[voice]")
    beds = []
    music = _music(plan)
    if music is not None:
        n = add_input("-stream_loop", "-1", "-i", str(music))
        graph.append(f"[{n}:a]aresample=44100,aformat=channel_layouts=stereo,volume={plan.style.music_volume:.3f},"
                     f"atrim=0:{total}[music]")
        beds.append("[music]")
    if plan.style.source_audio:
        clips = [c for seg in plan.segments for c in seg.clips if _has_audio(c.source)]
        for k, clip in enumerate(clips):
            seconds = clip.frames / plan.fps
            n = add_input(*input_args(clip.source, clip.in_, clip.out - clip.in_, cache))
            graph.append(f"[{n}:a]{atempo_chain(clip.speed)}aresample=44100,aformat=channel_layouts=stereo,apad,"
                         f"atrim=0:{seconds:.4f},afade=t=in:d=0.05,"
                         f"afade=t=out:st={max(0.0, seconds - 0.05):.4f}:d=0.05,"
                         f"adelay={int(round(clip.start * 1000))}:all=1,volume=0.6[s{k}]")
            beds.append(f"[s{k}]")
    if not beds:
        graph.append("[voice]anull[a]")
        return args, graph
    graph.append(f"{''.join(beds)}amix=inputs={len(beds)}:normalize=0:duration=longest,apad,atrim=0:{total},"
                 f"afade=t=out:st={max(0.0, plan.duration - 1.5):.3f}:d=1.5[bed]")
    graph.append("[voice]asplit[v1][key]")
    graph.append("[bed][key]sidechaincompress=threshold=0.02:ratio=10:attack=30:release=500[ducked]")
    graph.append(f"[ducked][v1]amix=inputs=2:normalize=0:duration=first,atrim=0:{total}[a]")
    return args, graph


@lru_cache(maxsize=4096)
def _has_audio(source: str) -> bool:
    try:
        return VideoSource(source).info.has_audio
    except (VideoOpenFailure, OSError):
        return False
