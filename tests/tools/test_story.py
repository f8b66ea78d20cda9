import time

import pytest

from tools.story import keywords, segment_story, split_sentences
from vectorstore.errors import StorycutError


def test_sentences_bullets_and_chinese_are_split():
    assert split_sentences("A dog runs. A cat sleeps!\n\n- first item\n- second item") == [
        "A dog runs.", "A cat sleeps!", "first item", "second item"]
    assert split_sentences("狮子在草地上休息。小狗追着球跑！") == ["狮子在草地上休息。", "小狗追着球跑！"]


def test_fragments_merge_and_keywords_drop_stopwords():
    segments = segment_story("Night. The puppies chase a ball across the floor.")
    assert len(segments) == 1 and segments[0].text.startswith("Night.")
    assert keywords("The puppies chase a ball across the floor") == ["puppy", "chase", "ball", "floor"]


def test_a_one_word_last_sentence_joins_the_one_before():
    """It replaced the first sentence with a copy of the second (and crashed with two sentences)."""
    from tools.story import split_story

    assert split_story("A dog runs. A cat sleeps. Night.") == ["A dog runs.", "A cat sleeps. Night."]
    assert split_story("A dog runs. Goodnight.") == ["A dog runs. Goodnight."]


def test_total_duration_is_shared_in_proportion_to_speech():
    segments = segment_story("A short one here. This sentence is quite a lot longer than the first one is.", total=20)
    assert sum(s.duration for s in segments) == pytest.approx(20, abs=0.01)
    assert segments[1].duration > segments[0].duration


def test_intense_lines_get_a_mood():
    (segment,) = segment_story("The gun fires and the sprinters race down the track.")
    assert segment.mood == "intense" and segment.intensity > 0.5


@pytest.mark.parametrize("text", ["", "   ", "?!... ---", "\n\n"])
def test_empty_stories_are_refused_clearly(text):
    with pytest.raises(StorycutError, match="empty"):
        segment_story(text)


def test_huge_and_emoji_texts_do_not_crash():
    segments = segment_story("The dog runs 🐕 in the park. " * 3000)
    assert len(segments) == 3000


def test_keywords_are_lemmatised_and_chinese_is_segmented():
    assert keywords("The children were riding bicycles past skyscrapers") == ["child", "ride", "bicycle", "skyscraper"]
    assert keywords("一头狮子坐在地上") == ["狮子", "坐在", "地上"]


def test_long_sentences_split_at_a_clause():
    from tools.story import MAX_WORDS, split_long, word_count

    sentence = ("In the early morning light the old fisherman pushed his wooden boat into the calm grey water, "
                "and while the gulls circled overhead he rowed slowly past the harbour wall towards the open sea.")
    parts = split_long(sentence)
    assert parts[0].endswith("water,") and parts[1].startswith("and while")
    assert all(word_count(p) <= MAX_WORDS for p in split_long("word " * 500))
    assert "".join(split_long("字" * 1000)) == "字" * 1000


@pytest.mark.parametrize("unit", ["a, ", "字，", "cats and dogs ", "word ", "and ", "x-y", "字"])
def test_a_story_of_100000_characters_is_split_in_seconds(unit):
    """Splitting was quadratic: a 100,000-character list of short clauses ("a, a, a, ...") ran for hours."""
    from tools.story import MAX_WORDS, MIN_WORDS, word_count

    text = (unit * 100_000)[:100_000]
    start = time.perf_counter()
    segments = segment_story(text)
    assert time.perf_counter() - start < 10
    assert all(0 < word_count(s.text) <= MAX_WORDS + MIN_WORDS and s.duration > 0 for s in segments)
