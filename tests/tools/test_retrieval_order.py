"""Ranking is the same in every process: ties (shots of one clip share their words) must not follow
the order of a set of strings, which changes with each process's hash seed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RANK = ("import sys; from vectorstore import Library; from tools.retrieval import Retriever; "
        "r = Retriever(Library.open(sys.argv[1])); "
        "print([c.shot.shot_id for q in ('a man rides a bicycle in the city', 'people walk on the campus') "
        "for c in r.candidates(q, 12)])")


def ranking(library: Path, seed: str) -> str:
    run = subprocess.run([sys.executable, "-c", RANK, str(library)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
    return run.stdout.strip().splitlines()[-1]


def test_the_candidates_of_a_text_come_in_the_same_order_whatever_the_hash_seed(demo_library):
    assert ranking(demo_library.root, "1") == ranking(demo_library.root, "2") == ranking(demo_library.root, "3")
