from tests.tools.test_montage import FEATURES, shot
from tools.preferences import preferences


def looks(text, **features):
    candidate = shot(1).model_copy(update={"features": FEATURES.model_copy(update=features)})
    return sum(p.score(candidate) for p in preferences(text))


def test_night_prefers_dark_and_day_prefers_bright():
    assert looks("the city at night", brightness=0.1) > looks("the city at night", brightness=0.8)
    assert looks("a sunny beach", brightness=0.8) > looks("a sunny beach", brightness=0.1)


def test_framing_and_movement_words_prefer_matching_shots():
    assert looks("a close-up of her face", shot_size="close") > looks("a close-up of her face", shot_size="wide")
    assert looks("a wide aerial view", shot_size="wide") > looks("a wide aerial view", shot_size="medium")
    assert looks("the cars race past", motion=0.9) > looks("the cars race past", motion=0.1)
    assert preferences("a dog on the floor") == []
