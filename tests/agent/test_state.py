"""The session store and the agent's memory behave the same in SQLite and in Postgres.

Postgres is a real server (tests/services.py starts one when none is given); every test runs on
both engines, including two stores committing to one session at once from different threads
(as two replicas would): every commit gets its own version and none is lost.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from agent import chat_turn
from agent.sessions import Edit, SessionStore
from agent.state import State
from tools.plan import Plan
from vectorstore.errors import StorycutError

STORY = "Make a video of this story: A cockatoo looks at the camera. The city glows at night."


@pytest.fixture(params=["sqlite", "postgres"])
def where(request, tmp_path):
    """Where a session store lives: a SQLite file or a fresh Postgres database."""
    if request.param == "sqlite":
        return tmp_path / "sessions.sqlite"
    return request.getfixturevalue("postgres_url")


def edit(n: int) -> Edit:
    return Edit(story=f"story {n}", plan=Plan(segments=[], duration=0))


def test_undo_redo_and_branches_behave_the_same(where):
    store = SessionStore(where)
    sid = store.open("")
    for n in (1, 2, 3):
        store.commit(sid, edit(n), f"v{n}")
    assert store.move(sid, store.parent(sid)).story == "story 2"
    store.commit(sid, edit(4), "branch")
    assert store.versions(sid) == [(1, 0, "v1"), (2, 1, "v2"), (3, 2, "v3"), (4, 2, "branch")]
    assert store.move(sid, store.parent(sid)).story == "story 2"
    assert store.move(sid, store.child(sid)).story == "story 4" and store.child(sid) is None
    store.add_message(sid, "user", "hello")
    store.add_message(sid, "assistant", "hi")
    store.close()
    again = SessionStore(where)
    assert again.edit(sid).story == "story 4" and again.current_version(sid) == 4
    assert again.messages(sid) == [("user", "hello"), ("assistant", "hi")]
    assert again.exists(sid) and not again.exists("nobody")
    with pytest.raises(StorycutError, match="no session"):
        again.current_version("nobody")
    again.close()


def test_a_damaged_version_falls_back_to_its_parent(where):
    store = SessionStore(where)
    sid = store.open("a")
    for n in (1, 2):
        store.commit(sid, edit(n), f"v{n}")
    with store.sql.transaction():
        store.sql.run("UPDATE versions SET edit=? WHERE session=? AND version=?", ("not json", sid, 2))
    assert store.edit(sid).story == "story 1" and store.current_version(sid) == 1
    assert store.notices == ["version 2 was damaged on disk, so I went back to version 1, the last good one"]
    store.close()


def test_concurrent_commits_to_one_session_all_land(where):
    """Eight stores (eight connections, as from several replicas) commit to one session at once."""
    SessionStore(where).open("shared")

    def commit(n: int) -> int:
        store = SessionStore(where)
        try:
            return store.commit("shared", edit(n), f"v{n}")
        finally:
            store.close()

    with ThreadPoolExecutor(8) as pool:
        numbers = sorted(pool.map(commit, range(16)))
    assert numbers == list(range(1, 17))
    store = SessionStore(where)
    notes = {note for _, _, note in store.versions("shared")}
    assert notes == {f"v{n}" for n in range(16)} and store.current_version("shared") in numbers
    store.close()


def test_turns_on_one_session_wait_for_each_other(where):
    """A turn holds its session: a second store's turn on it starts only after the first ends."""
    import threading
    import time

    first, second = SessionStore(where), SessionStore(where)
    first.open("busy")
    order: list[str] = []
    with first.turn("busy"):
        waiter = threading.Thread(target=lambda: (second.turn("busy").__enter__(), order.append("second")))
        waiter.start()
        time.sleep(0.5)
        order.append("first done")
    waiter.join(10)
    assert order == ["first done", "second"]
    first.close()
    second.close()


def test_a_conversation_lives_in_postgres_with_its_memory(demo_library, postgres_url):
    import psycopg

    state = State.of(demo_library, postgres_url)
    first = chat_turn(demo_library, None, STORY, render_preview=False, state=state)
    tall = chat_turn(demo_library, first.session, "vertical", render_preview=False, state=state)
    back = chat_turn(demo_library, first.session, "undo", render_preview=False, state=state)
    assert tall.plan.style.aspect == "9:16" and back.plan == first.plan
    with psycopg.connect(postgres_url) as conn:
        versions = conn.execute("SELECT version, note FROM versions WHERE session=%s ORDER BY version",
                                (first.session,)).fetchall()
        threads = conn.execute("SELECT COUNT(*) FROM checkpoints WHERE thread_id=%s", (first.session,)).fetchone()[0]
        migrations = [r[0] for r in conn.execute("SELECT name FROM storycut_migrations ORDER BY name")]
    assert [v for v, _ in versions] == [1, 2] and threads > 0 and migrations == ["sessions.p001_sessions"]


def test_a_state_url_that_is_not_postgres_is_refused(demo_library):
    with pytest.raises(StorycutError, match="--state takes postgresql://"):
        State.of(demo_library, "mysql://x@y/z")


def test_an_unreachable_state_database_is_one_clear_error(postgres_server):
    url = postgres_server.rsplit(":", 1)[0] + ":1/nothing"
    with pytest.raises(StorycutError, match="cannot reach the state database"):
        SessionStore(url)
