"""Where one deployment keeps its sessions, plan versions and the agent's memory.

Default: two SQLite files inside the library folder (one machine). `--state postgresql://...`
(or STORYCUT_STATE): a shared Postgres database, so that any number of `storycut serve` replicas,
on one machine or many, serve the same conversations.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from langgraph.checkpoint.base import BaseCheckpointSaver

from vectorstore import Library

from .database import StateError
from .graph import memory
from .sessions import SessionStore

STATE_ENV = "STORYCUT_STATE"
POSTGRES = ("postgresql://", "postgres://")
_PREPARED: set[str] = set()


@dataclass(frozen=True)
class State:
    sessions: Path | str
    """The sessions database: a SQLite file or a Postgres URL."""
    conversations: Path | str
    """The agent's checkpointed memory: a SQLite file or a Postgres URL."""

    @classmethod
    def of(cls, library: Library, url: str | None = None) -> "State":
        """The state named by `url`, else by STORYCUT_STATE, else the library's SQLite files."""
        url = url or os.environ.get(STATE_ENV) or None
        if url is None:
            return cls(library.sessions_path, library.conversations_path)
        if not url.startswith(POSTGRES):
            raise StateError(f"--state takes postgresql://USER[:PASS]@HOST[:PORT]/DB, not {url.split('://')[0]}://...")
        return cls(url, url)

    @property
    def shared(self) -> bool:
        return isinstance(self.sessions, str)

    def prepare(self) -> None:
        """Create or migrate the tables now, before any turn holds a session's lock: LangGraph's
        migrations build indexes concurrently, which wait for every running statement, including
        another replica's wait for that lock. Does nothing after the first call."""
        if not self.shared or self.sessions in _PREPARED:
            return
        self.store().close()
        with self.memory():
            pass
        _PREPARED.add(self.sessions)

    def store(self) -> SessionStore:
        """An open session store (close it when done)."""
        return SessionStore(self.sessions)

    def memory(self) -> AbstractContextManager[BaseCheckpointSaver]:
        return memory(self.conversations)
