"""Concept words for what a shot shows: image-classifier labels turned into words people write, and
words from the measures (faces, light, colour, motion). Pure compute over arrays; no model here.

An ImageNet classifier gives a probability per class ("Samoyed", "steel arch bridge"). Each class
carries the words of `data/imagenet_concepts.json` (its name, its WordNet ancestors' everyday words,
a few implied words at half weight; made by `scripts/imagenet_concepts.py`). A word's confidence is
the probability mass of the classes that say it: all dog breeds together make "dog".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .models import MOTION_WORDS, Concept, Features

DATA = Path(__file__).resolve().parent / "data" / "imagenet_concepts.json"
SCENES_AND_ACTIONS = DATA.parent / "scenes_and_actions.txt"
CHINESE = DATA.parent / "concepts_zh.json"
"""Chinese words for the concept words, from CC-CEDICT (`scripts/cedict_glossary.py`)."""

KEEP_CONFIDENCE = 0.01
"""Concept words at least this likely are kept with the shot, at most MAX_CONCEPTS of them: the index
weighs each by its confidence, and the unlikely ones still tell shots apart (uncaptioned benchmark:
keeping the top 30 from 0.01 finds more than the top 12 from 0.15)."""
MAX_CONCEPTS = 30
SURE_CONFIDENCE = 0.15
"""Concept words at least this likely count as seen: they explain search results."""

NIGHT_BELOW = 0.22
"""Mean brightness under which a shot reads as night (the measure words' "dark, night" threshold)."""


@dataclass(frozen=True)
class Vocabulary:
    """ImageNet classes and their words as a matrix: word scores = class probabilities @ weights."""

    labels: list[str]
    words: list[str]
    weights: np.ndarray
    """(classes, words) weight of each word for each class, 0 where the class does not say it."""

    def scores(self, probabilities: np.ndarray) -> np.ndarray:
        """Each word's confidence for one distribution over the classes (mass of its classes, <= 1)."""
        return np.clip(probabilities @ self.weights, 0.0, 1.0)


@lru_cache(maxsize=1)
def imagenet_vocabulary(path: Path = DATA) -> Vocabulary:
    """The bundled ImageNet-1k vocabulary (read once per process)."""
    classes = json.loads(path.read_text(encoding="utf-8"))["classes"]
    words = sorted({w for c in classes for w in c["words"]})
    column = {w: j for j, w in enumerate(words)}
    weights = np.zeros((len(classes), len(words)), dtype=np.float32)
    for i, c in enumerate(classes):
        for word, weight in c["words"].items():
            weights[i, column[word]] = weight
    return Vocabulary(labels=[c["label"] for c in classes], words=words, weights=weights)


def classifier_concepts(probabilities: np.ndarray, vocabulary: Vocabulary | None = None,
                        min_confidence: float = KEEP_CONFIDENCE) -> list[Concept]:
    """Concept words of one shot from its keyframes' class probabilities (frames x classes).

    A word's confidence is the mean over the keyframes of its probability mass, so a word seen in
    every keyframe beats one seen in a single frame.
    """
    vocabulary = vocabulary or imagenet_vocabulary()
    probabilities = np.asarray(probabilities, dtype=np.float32).reshape(-1, len(vocabulary.labels))
    if len(probabilities) == 0:
        return []
    return top_concepts(vocabulary.words, vocabulary.scores(probabilities).mean(axis=0), min_confidence)


def top_concepts(words: list[str], scores: np.ndarray, min_confidence: float = KEEP_CONFIDENCE) -> list[Concept]:
    """The most confident words (at most MAX_CONCEPTS, each at least `min_confidence`), best first."""
    best = np.argsort(-scores, kind="stable")
    return [Concept(word=words[j], confidence=round(float(scores[j]), 3))
            for j in best[:MAX_CONCEPTS] if scores[j] >= min_confidence]


@lru_cache(maxsize=1)
def open_vocabulary() -> list[str]:
    """Words for describers that can score any text (CLIP): the ImageNet words, and the scenes and
    activities people film that ImageNet has no class for (`data/scenes_and_actions.txt`)."""
    lines = SCENES_AND_ACTIONS.read_text(encoding="utf-8").splitlines()
    extra = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    return list(dict.fromkeys([*imagenet_vocabulary().words, *extra]))


@lru_cache(maxsize=1)
def _chinese() -> dict[str, list[str]]:
    return json.loads(CHINESE.read_text(encoding="utf-8"))["words"]


def chinese_words(word: str) -> list[str]:
    """The Chinese words for concept word `word`, the usual one first ("dog" -> 狗, 犬, 狗狗); []
    when the dictionary has none."""
    return _chinese().get(word, [])


def measure_concepts(f: Features) -> list[Concept]:
    """Concept words the measures support: people from faces, night, sunset and snow from light and
    colour, moving or still from motion. The same words the measure words and retrieval's looks use."""
    out: list[Concept] = []
    if f.faces == 1:
        out.append(Concept(word="person", confidence=0.8))
    elif f.faces > 1:
        out.append(Concept(word="people", confidence=0.8))
    if f.brightness < NIGHT_BELOW:
        out.append(Concept(word="night", confidence=_ramp(NIGHT_BELOW - f.brightness, 0.0, 0.1)))
    if f.warmth > 0.3 and f.saturation > 0.3 and 0.15 < f.brightness < 0.6:
        out.append(Concept(word="sunset", confidence=_ramp(f.warmth, 0.3, 0.6) * 0.6))
    if f.brightness > 0.6 and f.saturation < 0.12 and f.warmth < 0.1:
        out.append(Concept(word="snow", confidence=_ramp(f.brightness, 0.6, 0.8) * 0.4))
    if f.motion > 0.5:
        out.append(Concept(word="moving", confidence=round(f.motion, 3)))
    elif f.camera_motion == "static" and f.motion < 0.1:
        out.append(Concept(word="still", confidence=_ramp(0.1 - f.motion, 0.0, 0.05)))
    return [c for c in out if c.confidence >= KEEP_CONFIDENCE]


def _ramp(value: float, low: float, high: float) -> float:
    """0 at `low`, 1 at `high`, linear between, rounded for storage."""
    return round(float(np.clip((value - low) / (high - low), 0.0, 1.0)), 3)


def merge(*groups: Iterable[Concept]) -> list[Concept]:
    """One list of concepts, each word once at its highest confidence, most confident first."""
    best: dict[str, float] = {}
    for group in groups:
        for c in group:
            best[c.word] = max(best.get(c.word, 0.0), c.confidence)
    return [Concept(word=w, confidence=v) for w, v in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))]
