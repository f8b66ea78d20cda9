import json
import os
import shutil
import signal
import subprocess
import sys

from vectorstore import ingest
from vectorstore.catalog import Catalog
from vectorstore.embeddings import get_embedder
from vectorstore.index import ShotIndex
from vectorstore.ingest import library_shots
from vectorstore.sidecar import read_sidecar, readable_name


def _agree(library) -> None:
    catalog = Catalog(library.catalog_path)
    try:
        assert catalog.shot_ids() == ShotIndex(library, get_embedder()).ids()
    finally:
        catalog.close()


def test_bad_files_are_reported_and_good_ones_indexed(fresh_library, demo_copy):
    (demo_copy / "empty.mp4").write_bytes(b"")
    (demo_copy / "notes.mp4").write_text("this is not a video")
    (demo_copy / "cut short.mp4").write_bytes((demo_copy / "cockatoo.mp4").read_bytes()[:4000])
    (demo_copy / "sub dir ü").mkdir()
    shutil.copy(demo_copy / "dog_on_floor.mp4", demo_copy / "sub dir ü" / "chien été.mp4")
    os.symlink(demo_copy, demo_copy / "sub dir ü" / "loop")
    (demo_copy / "city_night.json").write_text("{not json")
    report = ingest([demo_copy], fresh_library)
    bad = {os.path.basename(e.path): e.reason for e in report.errors}
    assert set(bad) == {"empty.mp4", "notes.mp4", "cut short.mp4", "city_night.mp4"}
    assert "city_night.json: invalid JSON" in bad["city_night.mp4"]
    assert all(reason and "\n" not in reason for reason in bad.values())
    assert report.files_indexed == 4 and report.shots_total >= 4
    _agree(fresh_library)


def test_rerun_is_incremental(fresh_library, demo_copy):
    first = ingest([demo_copy], fresh_library)
    again = ingest([demo_copy], fresh_library)
    assert again.files_unchanged == 3 and again.files_indexed == 0 and again.shots_total == first.shots_total
    (demo_copy / "city_night.mp4").unlink()
    shutil.copy(demo_copy / "dog_on_floor.mp4", demo_copy / "cockatoo.mp4")  # content changed
    third = ingest([demo_copy], fresh_library)
    assert third.files_removed == 1 and third.files_indexed == 1
    sources = {os.path.basename(s.source) for s in library_shots(fresh_library)}
    assert sources == {"cockatoo.mp4", "dog_on_floor.mp4"}
    _agree(fresh_library)


def test_interrupted_file_is_redone_without_duplicates(fresh_library, demo_copy):
    ingest([demo_copy], fresh_library)
    catalog = Catalog(fresh_library.catalog_path)
    record = catalog.file(str(demo_copy / "cockatoo.mp4"))
    catalog.mark(record.path, record.size, record.mtime, record.hash, "pending")  # as if killed mid-file
    catalog.close()
    before = sorted(s.shot_id for s in library_shots(fresh_library))
    report = ingest([demo_copy], fresh_library)
    assert report.files_indexed == 1
    assert sorted(s.shot_id for s in library_shots(fresh_library)) == before
    _agree(fresh_library)


def test_sidecars_and_names_become_words(tmp_path):
    video = tmp_path / "night_city-02.mp4"
    video.write_bytes(b"")
    (tmp_path / "night_city-02.txt").write_bytes("towers at night \xff".encode("latin-1"))
    (tmp_path / "night_city-02.json").write_text(json.dumps({"title": "Skyline", "tags": ["urban", 3]}))
    sidecar = read_sidecar(video)
    assert "towers at night" in sidecar.description and "Skyline" in sidecar.description
    assert sidecar.tags == ["urban", "3"] and not sidecar.problems
    assert readable_name(video) == "night city"
    (tmp_path / "night_city-02.json").write_text("{broken")
    assert read_sidecar(video).problems


def test_each_worker_process_runs_one_thread_per_library():
    """With a pool on every core, teams of threads per process only wait for each other (bench.ingest_speed)."""
    probe = ("import torch, threadpoolctl\n"
             "from vectorstore.ingest import _worker_init\n"
             "_worker_init()\n"
             "teams = {i['filepath']: i['num_threads'] for i in threadpoolctl.threadpool_info()}\n"
             "print(torch.get_num_threads(), sorted(set(teams.values())))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[0] == "1 [1]"


def test_a_pool_started_from_a_busy_process_finishes(tmp_path, demo_copy):
    """A long-lived process (the web app, a test run) has used OpenCV's thread pool before it forks the
    workers; a worker that touched that pool's copy waited forever."""
    script = ("import sys, cv2, numpy as np\n"
              "from vectorstore import Library, ingest\n"
              "cv2.GaussianBlur(np.zeros((2000, 2000), np.uint8), (31, 31), 0)  # OpenCV's threads start\n"
              "if __name__ == '__main__':\n"
              "    report = ingest([sys.argv[1]], Library.open(sys.argv[2]), workers=2, describer='none')\n"
              "    print(report.files_indexed)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(demo_copy), str(tmp_path / "lib")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the workers too
        proc.communicate()
        raise AssertionError("the ingest with 2 workers hung") from None
    assert proc.returncode == 0, err[-2000:]
    assert out.split("\n")[0] == "3"
