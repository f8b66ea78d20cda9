import pytest

from tools.retrieval import Retriever, search
from vectorstore.errors import LibraryError, StorycutError


def test_search_finds_the_described_clip(demo_library):
    hits = search(demo_library, "a dog lying on the floor", k=3)
    assert "dog_on_floor" in hits[0].source and hits[0].why
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "city_night" in search(demo_library, "skyscrapers lit up at night", k=1)[0].source


def test_empty_library_and_empty_query_say_so(fresh_library, demo_library):
    with pytest.raises(LibraryError, match="empty"):
        search(fresh_library, "dog")
    with pytest.raises(StorycutError, match="no words"):
        Retriever(demo_library).search("?!", 3)
