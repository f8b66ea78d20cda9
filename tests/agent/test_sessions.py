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


def test_sessions_survive_reopening_and_damage_is_reported(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite")
    sid = store.open("keep")
    store.commit(sid, edit(1), "v1")
    store.add_message(sid, "user", "hello")
    store.close()
    again = SessionStore(tmp_path / "s.sqlite")
    assert again.edit("keep").story == "story 1" and again.messages("keep") == [("user", "hello")]
    with again.db:
        again.db.execute("UPDATE versions SET edit='{\"story\": 1}'")
    with pytest.raises(StorycutError, match="version 1 of session 'keep' is damaged"):
        again.edit("keep", 1)
    assert again.edit("keep") is None and again.current_version("keep") == 0
    assert again.notices == ["version 1 was damaged on disk, so I went back to the start"]


def test_a_damaged_version_on_disk_falls_back_to_the_last_good_one(demo_library, tmp_path):
    import sqlite3

    from agent import chat_turn

    sessions = tmp_path / "sessions.sqlite"
    story = "Make a video of this story: A cockatoo looks at the camera. The city glows at night."
    first = chat_turn(demo_library, None, story, render_preview=False, sessions=sessions)
    tall = chat_turn(demo_library, first.session, "vertical", render_preview=False, sessions=sessions)
    with sqlite3.connect(sessions) as db:
        db.execute("UPDATE versions SET edit='{\"story\": broken' WHERE session=? AND version=?",
                   (first.session, tall.plan.version))
    turn = chat_turn(demo_library, first.session, "square please", render_preview=False, sessions=sessions)
    assert turn.reply.startswith(f"Version {tall.plan.version} was damaged on disk, so I went back to version 1")
    assert "send your request again" in turn.reply and turn.plan == first.plan
    again = chat_turn(demo_library, first.session, "square please", render_preview=False, sessions=sessions)
    assert again.plan.style.aspect == "1:1" and again.plan.shot_ids == first.plan.shot_ids


@pytest.mark.parametrize("bad", ["../../etc/x", "a/b", "x" * 65, "name with spaces", "ü"])
def test_session_ids_that_could_name_other_files_are_refused(tmp_path, bad):
    store = SessionStore(tmp_path / "s.sqlite")
    with pytest.raises(StorycutError, match="session id"):
        store.open(bad)
    store.close()
