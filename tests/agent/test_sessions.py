import pytest

from agent.sessions import Edit, SessionStore
from tools.plan import Plan
from vectorstore.errors import StorycutError


def edit(n: int) -> Edit:
    return Edit(story=f"story {n}", plan=Plan(segments=[], duration=0))


def test_undo_returns_to_the_parent_even_after_a_branch(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite")
    sid = store.open("")
    for n in (1, 2, 3):
        store.commit(sid, edit(n), f"v{n}")
    assert store.move(sid, store.parent(sid)).story == "story 2"
    store.commit(sid, edit(4), "branch")  # version 4, made from version 2
    assert store.move(sid, store.parent(sid)).story == "story 2"
    assert store.move(sid, store.child(sid)).story == "story 4"
    assert store.child(sid) is None


def test_sessions_survive_reopening_and_corruption_is_reported(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite")
    sid = store.open("keep")
    store.commit(sid, edit(1), "v1")
    store.add_message(sid, "user", "hello")
    store.close()
    again = SessionStore(tmp_path / "s.sqlite")
    assert again.edit("keep").story == "story 1" and again.messages("keep") == [("user", "hello")]
    with again.db:
        again.db.execute("UPDATE versions SET edit='{\"story\": 1}'")
    with pytest.raises(StorycutError, match="corrupt"):
        again.edit("keep")
