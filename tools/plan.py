"""The montage plan: story segments, each tiled exactly by clips of shots (SPEC `Plan`).

Times on the montage timeline are whole frames at `Plan.fps`; the seconds in the JSON are derived
from them, so clip lengths always add up to their segment's duration exactly.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from vectorstore.errors import StorycutError

TIMELINE_FPS = 30

Aspect = Literal["16:9", "9:16", "1:1"]
Transition = Literal["cut", "crossfade"]


class PlanError(StorycutError):
    """A plan that breaks its own rules (gaps, overlaps, repeats) or cannot be built."""


class Style(BaseModel):
    preset: str = "neutral"
    pace: float = Field(default=3.0, gt=0, description="target mean clip length, seconds")
    mood: str = "neutral"
    transition: Transition = "cut"
    aspect: Aspect = "16:9"
    subtitles: bool = True
    narration: bool = True
    fit: Literal["cover", "blur"] = "cover"
    """How footage of another shape fills the frame: cropped to cover it, or whole over a blurred copy."""
    music: str | None = None
    """A music file played under the video, lowered while the narration speaks."""
    source_audio: bool = False
    """Keep the clips' own sound (under the narration) instead of muting it."""


class Clip(BaseModel):
    shot_id: str
    source: str
    in_: float = Field(alias="in")
    out: float
    start: float
    frames: int = Field(gt=0, description="length on the timeline, in frames")
    locked: bool = False
    """Chosen by the user: re-planning its segment keeps this shot."""

    model_config = {"populate_by_name": True}


class PlanSegment(BaseModel):
    id: str
    text: str
    keywords: list[str] = Field(default_factory=list)
    start: float
    duration: float
    frames: int = Field(gt=0)
    clips: list[Clip]


class Plan(BaseModel):
    version: int = 1
    fps: int = TIMELINE_FPS
    style: Style = Field(default_factory=Style)
    segments: list[PlanSegment]
    duration: float

    @model_validator(mode="after")
    def _tiles_exactly(self) -> "Plan":
        """Clips add up to their segment, segments to the plan, and no shot is used twice."""
        seen: set[str] = set()
        frame = 0
        for seg in self.segments:
            if sum(c.frames for c in seg.clips) != seg.frames:
                raise ValueError(f"segment {seg.id}: clips do not add up to the segment's length")
            for clip in seg.clips:
                if clip.shot_id in seen:
                    raise ValueError(f"shot {clip.shot_id} is used twice")
                seen.add(clip.shot_id)
            frame += seg.frames
        if self.segments and abs(frame / self.fps - self.duration) > 0.5 / self.fps:
            raise ValueError("the plan's duration differs from the sum of its segments")
        return self

    def to_json(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    @property
    def shot_ids(self) -> list[str]:
        return [c.shot_id for s in self.segments for c in s.clips]
