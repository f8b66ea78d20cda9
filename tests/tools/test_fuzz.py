"""Property tests (hypothesis): the story segmenter on any text, and random edit sequences on plans
over the real demo library. Example counts stay moderate so both run in well under a minute (each
plan costs about half a second, most of it embedding the segment texts)."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.plan import Plan
from tools.planner import plan_texts
from tools.story import segment_story, split_sentences
from tools.style import style_preset
from vectorstore import library_shots
from vectorstore.errors import StorycutError

PIECES = ["the", "dog", "runs", "and", "while", "cockatoo", "city", "night", "狮子", "草地", "休息", "I", "42",
          "🐕", ",", ", ", ".", "!", "?", "。", "！", "；", ";", ":", "—", "-", "•", "*", "\n", "\n\n", "\n- ",
          " ", "  ", "\t", "...", "'s", "é", "ß", "\u200b", "\x00"]
story_texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=300).map("".join),
    st.lists(st.sampled_from(["word ", "a, ", "字，", "and "]), min_size=20, max_size=1500).map("".join),
)


def word_chars(text: str) -> str:
    return "".join(re.findall(r"\w", text))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=story_texts, total=st.one_of(st.none(), st.floats(min_value=1, max_value=3600)))
def test_the_segmenter_never_crashes_and_keeps_every_word(text, total):
    try:
        segments = segment_story(text, total)
    except StorycutError as exc:
        assert "empty" in str(exc) and not split_sentences(text)
        return
    assert word_chars("".join(s.text for s in segments)) == word_chars(text)  # nothing lost, nothing twice
    assert [s.id for s in segments] == [f"s{i}" for i in range(1, len(segments) + 1)]
    assert all(s.duration > 0 and re.search(r"\w", s.text) for s in segments)
    if total is not None:
        assert sum(s.duration for s in segments) == pytest.approx(total, abs=0.001 * len(segments) + 1e-6)


SENTENCES = ["A white cockatoo looks at the camera.", "The city glows at night.", "A dog rests on the floor.",
             "Cyclists ride through traffic.", "Waves move under the sea.", "A tree sways in the wind.",
             "People walk down the street.", "A coin spins on a table.", "An old car races down a track.",
             "A man talks on the phone in his car."]

edits = st.lists(st.one_of(
    st.tuples(st.just("replan")),
    st.tuples(st.just("remove"), st.integers(0, 9)),
    st.tuples(st.just("swap"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("replace"), st.integers(0, 9)),
    st.tuples(st.just("add"), st.integers(0, 9), st.sampled_from(SENTENCES)),
    st.tuples(st.just("rewrite"), st.integers(0, 9), st.sampled_from(SENTENCES)),
), min_size=1, max_size=4)


def apply(texts: list[str], edit: tuple) -> tuple[list[str], frozenset[int]]:
    """The segment texts after `edit` (positions taken modulo the story's length), and the
    positions that must get other shots."""
    texts, kind, n = list(texts), edit[0], len(texts)
    if kind == "remove" and n > 1:
        texts.pop(edit[1] % n)
    elif kind == "swap":
        i, j = edit[1] % n, edit[2] % n
        texts[i], texts[j] = texts[j], texts[i]
    elif kind == "replace":
        return texts, frozenset({edit[1] % n})
    elif kind == "add":
        texts.insert(edit[1] % (n + 1), edit[2])
    elif kind == "rewrite":
        texts[edit[1] % n] = edit[2]
    return texts, frozenset()


def assert_tiles_exactly(plan: Plan, texts: list[str], shots: dict) -> None:
    assert [s.text for s in plan.segments] == texts
    frame = 0
    for seg in plan.segments:
        assert seg.start == pytest.approx(frame / plan.fps, abs=1e-3)
        at = frame
        for clip in seg.clips:
            shot = shots[clip.shot_id]
            assert clip.start == pytest.approx(at / plan.fps, abs=1e-3)
            assert clip.out - clip.in_ == pytest.approx(clip.frames / plan.fps * clip.speed, abs=1e-3)
            assert clip.source == shot.source and shot.start - 1e-3 <= clip.in_ and clip.out <= shot.end + 1e-3
            at += clip.frames
        assert at - frame == seg.frames
        frame = at
    assert plan.duration == pytest.approx(frame / plan.fps, abs=1e-3)
    assert len(set(plan.shot_ids)) == len(plan.shot_ids)
    assert Plan.model_validate(plan.to_json()) == plan


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(first=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3, unique=True), sequence=edits)
def test_random_edits_keep_the_plan_tiled_without_repeats(demo_library, first, sequence):
    shots = {s.shot_id: s for s in library_shots(demo_library)}
    style = style_preset("neutral", narration=False)  # segment lengths from the text alone: no synthesis
    texts = first
    plan = plan_texts(demo_library, texts, style)
    assert_tiles_exactly(plan, texts, shots)
    for edit in sequence:
        texts, replace = apply(texts, edit)
        before = {s.text: [c.shot_id for c in s.clips] for s in reversed(plan.segments)}  # first one wins
        plan = plan_texts(demo_library, texts, style, previous=plan, replace=replace)
        assert_tiles_exactly(plan, texts, shots)
        for i, seg in enumerate(plan.segments):
            if i in replace:
                assert not set(before[seg.text]) & {c.shot_id for c in seg.clips}
