"""Sessions with damaged state on disk or hostile ids, through agent's public API.

A damaged current version falls back to its last good ancestor and the next reply says so.
"""

import os
import sqlite3

import pytest

from agent import chat_turn
from agent.sessions import Edit, SessionStore
from tools.plan import Plan
from vectorstore.errors import StorycutError

STORY = "Make a video of this story: A white cockatoo peers into the camera. A fluffy dog lies on the floor."
ONE_SEGMENT = ('{"story":"x","plan":{"segments":[{"id":"s1","text":"t","start":0,"duration":1,"frames":30,'
               '"clips":[{"shot_id":"a","source":"/x","in":0,"out":1,"start":0,"frames":10}]}],"duration":1}}')


def damage(sessions, session: str, version: int, text: str) -> None:
    db = sqlite3.connect(sessions)
    with db:
        db.execute("UPDATE versions SET edit=? WHERE session=? AND version=?", (text, session, version))
    db.close()


@pytest.mark.parametrize("text", ["not json", '{"story": "x", "plan": {"segments": [', "\x00\xff", "[]",
                                  ONE_SEGMENT])  # the last: clips that do not fill their segment
def test_a_damaged_version_is_reported_and_its_neighbours_still_load(tmp_path, text):
    store = SessionStore(tmp_path / "s.sqlite")
    sid = store.open("a")
    for n in (1, 2):
        store.commit(sid, Edit(story=f"story {n}", plan=Plan(segments=[], duration=0)), f"v{n}")
    store.close()
    damage(tmp_path / "s.sqlite", "a", 2, text)
    store = SessionStore(tmp_path / "s.sqlite")
    with pytest.raises(StorycutError, match="version 2 of session 'a' is damaged"):
        store.edit("a", 2)
    assert store.edit("a").story == "story 1" and store.current_version("a") == 1
    assert store.notices == ["version 2 was damaged on disk, so I went back to version 1, the last good one"]


def test_a_100000_character_message_is_answered_not_planned(demo_library, tmp_path):
    turn = chat_turn(demo_library, None, "a, " * 33_334, render_preview=False, sessions=tmp_path / "s.sqlite")
    assert "limit" in turn.reply and turn.plan is None


def test_the_chat_gets_past_a_damaged_version(demo_library, tmp_path):
    sessions = tmp_path / "s.sqlite"
    first = chat_turn(demo_library, "s", STORY, render_preview=False, sessions=sessions)
    chat_turn(demo_library, "s", "make it 12 seconds", render_preview=False, sessions=sessions)
    damage(sessions, "s", 2, "not json")
    back = chat_turn(demo_library, "s", "undo", render_preview=False, sessions=sessions)
    assert back.plan == first.plan and "damaged" in back.reply


def test_a_sessions_file_that_is_not_a_database_is_one_clear_error(tmp_path):
    (tmp_path / "s.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorycutError, match="cannot be used"):
        SessionStore(tmp_path / "s.sqlite")


def test_a_session_id_cannot_place_the_preview_outside_the_renders_folder(demo_library, tmp_path):
    escape = os.path.relpath(tmp_path / "escaped", demo_library.renders)
    try:
        turn = chat_turn(demo_library, escape, STORY, sessions=tmp_path / "s.sqlite")
    except StorycutError:
        turn = None  # refusing the id is a fine answer
    assert not list(tmp_path.glob("escaped*"))
    assert turn is None or turn.preview is None or demo_library.renders.resolve() in turn.preview.resolve().parents
