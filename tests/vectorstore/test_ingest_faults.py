"""A full disk and a read-only library folder: one clear line, and nothing lost once the fault is gone.

The library sits on a small tmpfs in a private mount namespace (the harness of
`bench.reliability_ingest`, which runs the same checks over all of ../shared/footage).
"""

import os
import shutil

import numpy as np
import pytest

from bench.faults import can_mount, one_clear_line, run_killable, storycut
from bench.reliability_ingest import confined_ingest, confined_verdict, folder_kib, library_state, run_ingest
from tests.conftest import DEMO
from vectorstore import Library, LibraryError, ingest

needs_mount = pytest.mark.skipif(not can_mount(), reason="mounting a tmpfs needs root and unshare")


@pytest.fixture(scope="module")
def footage_and_clean(tmp_path_factory):
    """Three demo clips, and the state and size of a library that indexed them without trouble."""
    footage = tmp_path_factory.mktemp("footage")
    for name in ("cockatoo", "city_night", "dog_on_floor"):
        for ext in (".mp4", ".txt"):
            shutil.copy(DEMO / "footage" / f"{name}{ext}", footage / f"{name}{ext}")
    root = tmp_path_factory.mktemp("clean")
    assert not ingest([footage], Library.open(root)).errors
    return footage, library_state(root), folder_kib(root)


@needs_mount
@pytest.mark.parametrize("share", [0.3, 0.85])
def test_a_full_disk_stops_ingest_with_one_line_and_loses_nothing(footage_and_clean, tmp_path, share):
    footage, clean, size = footage_and_clean
    outcome = confined_ingest(footage, tmp_path, int(size * share))
    run = outcome.refused["ingest"]
    assert one_clear_line(run) is None and "full" in run.stderr, run.stderr
    assert confined_verdict(outcome, clean) == "ok"


@needs_mount
def test_a_read_only_library_is_refused_with_one_line_and_kept_whole(footage_and_clean, tmp_path):
    footage, clean, size = footage_and_clean
    outcome = confined_ingest(footage, tmp_path, 4 * size, read_only=True)
    for run in outcome.refused.values():
        assert one_clear_line(run) is None and "read-only" in run.stderr, run.stderr
    assert confined_verdict(outcome, clean) == "ok"


def test_an_unwritable_thumbnail_is_an_error_not_a_missing_picture(tmp_path):
    library = Library.open(tmp_path / "library")
    library.thumbs.rmdir()
    library.thumbs.write_text("not a folder")
    with pytest.raises(LibraryError, match="cannot write the thumbnail"):
        library.write_thumbnail("abc-000", np.zeros((8, 8, 3), np.uint8))


def test_a_damaged_chroma_index_is_named_and_rebuilt_from_the_catalog(footage_and_clean, tmp_path):
    footage, clean, _ = footage_and_clean
    library = tmp_path / "library"
    assert run_ingest(library, footage).returncode == 0
    (library / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(100_000))
    broken = run_killable(storycut(library, "search", "a bird", "--json"))
    assert one_clear_line(broken) is None and "delete that folder" in broken.stderr, broken.stderr
    shutil.rmtree(library / "chroma")
    assert run_ingest(library, footage).returncode == 0
    assert library_state(library).differences(clean) == []
