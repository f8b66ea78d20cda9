"""Shared fixtures: synthetic clips, a demo-footage library built once per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from vectorstore import Library, ingest

from .openai_server import OpenAIServer

pytest_plugins = ["tests.services"]

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
SHARED_FOOTAGE = Path(os.environ.get("STORYCUT_FOOTAGE") or ROOT.parent / "shared" / "footage")
"""The shared test footage: beside the checkout, or where STORYCUT_FOOTAGE says (from a worktree)."""


@pytest.fixture(scope="session")
def demo_library(tmp_path_factory) -> Library:
    """A library holding the bundled demo footage (ingested once; tests must not modify it)."""
    library = Library.open(tmp_path_factory.mktemp("demo-library"))
    report = ingest([DEMO / "footage"], library, workers=2)
    assert not report.errors, report.errors
    return library


@pytest.fixture
def fresh_library(tmp_path) -> Library:
    return Library.open(tmp_path / "library")


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A private copy of three demo clips with their sidecars, safe to modify."""
    target = tmp_path / "footage"
    target.mkdir()
    for name in ("cockatoo", "city_night", "dog_on_floor"):
        for ext in (".mp4", ".txt"):
            shutil.copy(DEMO / "footage" / f"{name}{ext}", target / f"{name}{ext}")
    return target


@pytest.fixture
def openai_server(monkeypatch):
    """A scripted OpenAI-compatible server, with OPENAI_BASE_URL and a test key pointing at it."""
    with OpenAIServer() as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real-0123456789")
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        yield server
