"""`storycut ingest` killed with SIGKILL at several moments, then rerun, ends as a clean run does."""

import os
import shutil
import signal
import subprocess
import sys
import time

from tests.conftest import DEMO
from vectorstore import Library, library_shots
from vectorstore.catalog import Catalog
from vectorstore.embeddings import get_embedder
from vectorstore.index import ShotIndex


def run_ingest(library, footage, kill_after: float | None = None) -> None:
    """Run an ingest; with `kill_after`, SIGKILL it that many seconds after it starts."""
    exe = shutil.which("storycut", path=os.path.dirname(sys.executable))
    proc = subprocess.Popen([exe, "--library", str(library), "ingest", str(footage), "--json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        assert proc.wait(timeout=300) == 0
        return
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def file_statuses(root) -> list[str]:
    if not (root / "catalog.sqlite").exists():
        return []
    catalog = Catalog(root / "catalog.sqlite")
    try:
        return [f.status for f in catalog.files()]
    finally:
        catalog.close()


def state(root) -> tuple[list[str], set[str]]:
    library = Library.open(root)
    ids = sorted(s.shot_id for s in library_shots(library))
    return ids, ShotIndex(library, get_embedder()).ids()


def test_killed_ingests_resume_to_the_clean_result(tmp_path):
    footage = DEMO / "footage"
    start = time.perf_counter()
    run_ingest(tmp_path / "clean", footage)
    whole = time.perf_counter() - start  # about 8 s with the tagger, of which start-up about 1.5 s
    clean_ids, _ = state(tmp_path / "clean")
    killed = tmp_path / "killed"
    total = len(list(footage.glob("*.mp4")))
    mid_work, done_before = 0, 0
    for share in (0.3, 0.4, 0.5, 0.35, 0.45):  # later runs skip the files done before
        run_ingest(killed, footage, kill_after=share * whole)
        statuses = file_statuses(killed)
        done = statuses.count("done")
        mid_work += "pending" in statuses or done_before < done < total
        done_before = done
    assert mid_work >= 2, "the kills should land while files are being indexed"
    run_ingest(killed, footage)
    ids, indexed = state(killed)
    assert ids == clean_ids and len(set(ids)) == len(ids) and set(ids) == indexed
    catalog = Catalog(Library.open(killed).catalog_path)
    assert {f.status for f in catalog.files()} == {"done"}
    catalog.close()
