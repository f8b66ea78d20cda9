"""What is said in a shot shows in the storyboard (a quoted line under the scene's clips) and in the
library's search results; silent shots add nothing."""

import shutil

from agent import chat_turn
from ui.service import Service, quoted
from vectorstore import Library, library_shots
from vectorstore.catalog import Catalog

WORDS = "Look at me, I am the loudest bird in the whole city and I will not stop talking about it"


def test_a_transcript_is_quoted_short_and_silence_is_nothing():
    assert quoted("") == "" and quoted("   ") == ""
    assert quoted("  good   morning ") == "“good morning”"
    short = quoted(WORDS)
    assert short.startswith("“Look at me, I am") and short.endswith("…”") and len(short) <= 63
    assert " ".join(short.strip("“”…").split()) in WORDS  # cut at a word


def speaking_copy(demo_library, tmp_path) -> Library:
    """A copy of the demo library in which every cockatoo shot says WORDS."""
    shutil.copytree(demo_library.root, tmp_path / "lib")
    library = Library.open(tmp_path / "lib")
    catalog = Catalog(library.catalog_path)
    try:
        for record in catalog.files():
            shots = [s for s in catalog.shots() if s.source == record.path]
            if "cockatoo" in record.path:
                catalog.replace_shots(record.path, [s.model_copy(update={"transcript": WORDS}) for s in shots],
                                      record.size, record.mtime, record.hash, record.analyzer)
    finally:
        catalog.close()
    assert any(s.transcript for s in library_shots(library))
    return library


def test_the_storyboard_and_search_show_what_is_said(demo_library, tmp_path):
    library = speaking_copy(demo_library, tmp_path)
    service = Service(library)
    story = "Make a video of this story: A cockatoo looks at the camera. A dog lies on the floor."
    sid = chat_turn(library, None, story, render_preview=False).session
    bird, dog = service.storyboard(sid)
    assert [c.said for c in bird.clips] and all(c.said == quoted(WORDS) for c in bird.clips)
    assert all(c.said == "" for c in dog.clips)  # silent shots: nothing extra
    found = service.found("cockatoo", 12)
    assert found and any(caption.endswith(quoted(WORDS)) for _, caption in found)
