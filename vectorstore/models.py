"""The footage side of storycut's vocabulary: shots, their measures and ingest reports.

These are the JSON shapes of `../shared/SPEC.md` (`Shot`, the `features` object and the ingest
report), validated once here so the rest of the code passes typed objects, not dicts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

CameraMotion = Literal["static", "pan", "tilt", "zoom", "handheld"]
"""Global camera movement within a shot, classified from frame-to-frame motion."""

ShotSize = Literal["close", "medium", "wide"]
"""How much of the frame a subject fills; from the largest detected face, wide when none."""


class Features(BaseModel):
    """Cinematographic measures of one shot, each normalised to the SPEC's range."""

    brightness: float = Field(ge=0, le=1)
    contrast: float = Field(ge=0, le=1)
    saturation: float = Field(ge=0, le=1)
    warmth: float = Field(ge=-1, le=1)
    sharpness: float = Field(ge=0, le=1)
    motion: float = Field(ge=0, le=1)
    camera_motion: CameraMotion
    faces: int = Field(ge=0)
    shot_size: ShotSize
    quality: float = Field(ge=0, le=1)


MOTION_WORDS = frozenset({"moving", "still"})
"""Concept words about how the picture moves rather than what it shows: searchable, but listed after
the others in a document and left out of the index's concept vector (at full weight there they made
unlike shots alike)."""


class Concept(BaseModel):
    """A word for something a shot shows, from a visual tagger or the measures, never from a person."""

    word: str
    confidence: float = Field(ge=0, le=1)


class SpokenWord(BaseModel):
    """One word heard in a file, with its time in seconds of the file and the recogniser's confidence."""

    word: str
    start: float
    end: float
    probability: float = Field(default=1.0, ge=0, le=1)


class Shot(BaseModel):
    """A continuous piece of one source file, the unit the montage is built from."""

    shot_id: str
    source: str
    start: float
    end: float
    duration: float
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    features: Features
    # Kept for retrieval and the optimizer, beyond the SPEC's fields (extending is allowed).
    words: list[str] = Field(default_factory=list, description="words derived from the measures")
    palette: list[list[int]] = Field(default_factory=list, description="dominant RGB colours")
    histogram: list[float] = Field(default_factory=list, description="normalised luma histogram")
    flow: tuple[float, float] = Field(default=(0.0, 0.0), description="mean picture motion (dx, dy), widths/s")
    shake: list[tuple[float, float]] = Field(default_factory=list, description="(s into the shot, shake) samples")
    fps: float = 0.0
    thumbnail: str = ""
    concepts: list[Concept] = Field(default_factory=list,
                                    description="what the visual tagger and the measures see, most confident first")
    captions: list[str] = Field(default_factory=list, description="keyframe captions by a vision model, if configured")
    transcript: str = Field(default="", description="the words spoken during the shot; empty when none or not transcribed")
    speech: list[SpokenWord] = Field(default_factory=list,
                                     description="the words heard during the shot (also those that run over its ends), "
                                                 "with their times in the source, for cuts between words")

    @property
    def human_text(self) -> str:
        """What people wrote about the shot: its description and tags (file and folder names too)."""
        return ". ".join(p for p in (self.description, ", ".join(self.tags)) if p)

    @property
    def seen_text(self) -> str:
        """What the machine saw, as text that embeds well: vision-model captions, then the concept
        words, most confident first ("lion, big cat, animal, warthog, ..., still")."""
        words = sorted((c.word for c in self.concepts), key=lambda w: w in MOTION_WORDS)  # stable: confidence order
        return ". ".join(p for p in (*self.captions, ", ".join(words)) if p)

    @property
    def document(self) -> str:
        """The text embedded for search. A description someone wrote stands alone: machine words
        ("medium shot, still", "animal") would dilute it. Without one, what the machine saw joins the
        file-name words; the measure words alone are the last resort."""
        if self.description:
            return self.human_text
        return ". ".join(p for p in (self.human_text, self.seen_text) if p) or ", ".join(self.words)


class IngestError(BaseModel):
    path: str
    reason: str


class IngestReport(BaseModel):
    """What one `storycut ingest` run did (the SPEC's ingest JSON)."""

    files_seen: int = 0
    files_indexed: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    shots_added: int = 0
    shots_total: int = 0
    music_indexed: int = 0
    """Audio files (music) analysed in this run (`vectorstore.music`)."""
    errors: list[IngestError] = Field(default_factory=list)
