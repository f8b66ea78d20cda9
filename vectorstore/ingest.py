"""`ingest`: walk folders, measure new or changed videos, and keep catalog and index in step.

Crash safety: a file is marked 'pending' before its shots reach Chroma and 'done' only after the
catalog holds the same shots, in one transaction. Shot ids are derived from the file's path and
content, so redoing a pending file overwrites rather than duplicates. A final reconcile removes
any Chroma record the catalog does not know and re-adds any it lacks.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2

from .analysis import FileAnalysis, analyse_file
from .catalog import Catalog
from .embeddings import DEFAULT_EMBEDDER, get_embedder
from .errors import StorycutError
from .index import ShotIndex
from .library import Library
from .models import IngestError, IngestReport, Shot
from .sidecar import Sidecar, read_sidecar, readable_name

ANALYZER_VERSION = "4"
"""Bump whenever the shot records made from an unchanged file would come out different (analysis,
measure words, sidecar or name reading): files indexed by another version are analysed again."""

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


def find_videos(paths: Iterable[str | os.PathLike], errors: list[IngestError]) -> tuple[list[Path], list[Path]]:
    """Video files under `paths` (folders walked recursively, symlinked folders not followed),
    and the resolved roots they were found under."""
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
                if Path(name).suffix.lower() in VIDEO_EXTENSIONS:
                    file = Path(folder) / name
                    found[str(file)] = file
    return list(found.values()), roots


def content_hash(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()[:32]


def _analyse(path: str) -> FileAnalysis | str:
    """Worker entry point: an analysis, or the one-line reason it failed."""
    try:
        return analyse_file(path)
    except StorycutError as exc:
        return str(exc)
    except (OSError, ValueError, cv2.error) as exc:
        return f"{type(exc).__name__}: {exc}"


def ingest(paths: Iterable[str | os.PathLike], library: Library, workers: int = 1,
           progress: ProgressCallback | None = None, embedder: str = DEFAULT_EMBEDDER) -> IngestReport:
    """Index the videos under `paths` into `library`; incremental and safe to kill and rerun."""
    report = IngestReport()
    videos, roots = find_videos(paths, report.errors)
    report.files_seen = len(videos)
    catalog = Catalog(library.catalog_path)
    index = ShotIndex(library, get_embedder(embedder))
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

        results = _run(todo, workers)
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
                shots = _shot_records(video, digest, result, sidecar, library, roots)
                index.upsert(shots)
                catalog.replace_shots(path, shots, stat.st_size, stat.st_mtime, digest, ANALYZER_VERSION)
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


def _run(todo: list[tuple[Path, os.stat_result, str]], workers: int) -> Iterable[FileAnalysis | str]:
    names = [str(video) for video, _, _ in todo]
    if workers <= 1 or len(names) <= 1:
        return map(_analyse, names)
    pool = ProcessPoolExecutor(max_workers=workers)
    results = pool.map(_analyse, names)

    def drain() -> Iterable[FileAnalysis | str]:
        try:
            yield from results
        finally:
            pool.shutdown(cancel_futures=True)

    return drain()


def _shot_records(video: Path, digest: str, analysis: FileAnalysis, sidecar: Sidecar, library: Library,
                  roots: list[Path]) -> list[Shot]:
    root = next((r for r in roots if _under(str(video), r) and r.is_dir()), None)
    name_words = readable_name(video, root)
    prefix = hashlib.blake2b(f"{video}\0{digest}".encode(), digest_size=8).hexdigest()
    shots = []
    for measured in analysis.shots:
        shot_id = f"{prefix}-{measured.index:03d}"
        thumb = library.write_thumbnail(shot_id, measured.keyframe)
        shots.append(Shot(
            shot_id=shot_id, source=str(video), start=measured.start, end=measured.end,
            duration=round(measured.end - measured.start, 4),
            description=sidecar.description, tags=sidecar.tags + ([name_words] if name_words else []),
            features=measured.features, words=measured.words, palette=measured.palette,
            histogram=measured.histogram, flow=measured.flow, shake=measured.shake, fps=analysis.info.fps, thumbnail=str(thumb),
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
