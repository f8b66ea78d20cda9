"""The "NAME[:ARGUMENT]" settings of ingest's seams: read from the environment, refused when wrong."""

import pytest

from vectorstore.errors import StorycutError
from vectorstore.seams import configured, parse_spec


class Refused(StorycutError):
    pass


REGISTRY = {"local": None, "remote": None}


def test_a_spec_names_a_registered_part_and_gives_its_argument():
    assert parse_spec("remote:big-model", REGISTRY, "tool", "TOOL", Refused, {"remote": "MODEL"}) == ("remote", "big-model")
    assert parse_spec("local", REGISTRY, "tool", "TOOL", Refused, {"remote": "MODEL"}) == ("local", "")


def test_an_unknown_name_or_a_missing_argument_is_refused_with_the_way_to_write_it():
    with pytest.raises(Refused, match=r"unknown tool 'lokal'; choose one of: local, remote \(remote as remote:MODEL\)"):
        parse_spec("lokal", REGISTRY, "tool", "TOOL", Refused, {"remote": "MODEL"})
    with pytest.raises(Refused, match="the remote tool needs a model: TOOL=remote:MODEL"):
        parse_spec("remote", REGISTRY, "tool", "TOOL", Refused, {"remote": "MODEL"})


def test_the_setting_comes_from_the_environment_or_the_default(monkeypatch):
    monkeypatch.delenv("STORYCUT_TEST_SEAM", raising=False)
    assert configured("STORYCUT_TEST_SEAM", "local") == "local"
    monkeypatch.setenv("STORYCUT_TEST_SEAM", "  remote:x ")
    assert configured("STORYCUT_TEST_SEAM", "local") == "remote:x"
    monkeypatch.setenv("STORYCUT_TEST_SEAM", "   ")
    assert configured("STORYCUT_TEST_SEAM", "local") == "local"
