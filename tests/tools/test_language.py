"""Language detection: the script settles Chinese, Japanese and Korean; word lists the Latin ones."""

import pytest

from tools.language import detect, has_cjk, story_language


@pytest.mark.parametrize("text,code", [
    ("清晨，一只白色的凤头鹦鹉好奇地盯着镜头。", "zh"),
    ("一个男人在做TED演讲，讲述他的经历", "zh"),  # an English word inside stays Chinese
    ("東京の夜は明るい。", "ja"),
    ("서울의 밤은 밝다.", "ko"),
    ("At night, the city skyscrapers glow with lit office windows.", "en"),
    ("A dog runs.", "en"),
    ("Un chien court sur la plage.", "fr"),
    ("Der Hund läuft am Strand.", "de"),
    ("", "en"),
    ("1234 !!", "en"),
])
def test_detects_the_language_of_a_sentence(text, code):
    assert detect(text) == code


def test_a_story_is_in_the_language_of_most_of_its_sentences():
    assert story_language(["A dog runs.", "一只狗在跑。", "夜晚，城市灯火通明。"]) == "zh"
    assert story_language(["A dog runs.", "一只狗在跑。"]) == "en"  # a tie: the first sentence's
    assert story_language([]) == "en"
    assert has_cjk("A TED 演讲") and not has_cjk("A café")
