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
Framing = Literal["any", "close", "medium", "wide"]
"""A preference for shot sizes ("more close-ups"): `any` leaves the choice to the story and idioms."""

LOOKS = ("natural", "bw", "warm", "cool", "vintage", "vivid", "muted")
"""Colour looks the renderer knows (SPEC `style.look`); `tools.looks` holds what each one does."""

MIN_SPEED, MAX_SPEED = 0.25, 4.0
"""Playback rates a segment may have: quarter-speed slow motion to four times fast forward."""


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
    look: str = "natural"
    """Colour look of the whole video (one of `LOOKS`)."""
    voice: str = ""
    """The narration voice used for this plan ("" until one is chosen: the configured default)."""
    music_volume: float = Field(default=0.35, ge=0, le=1)
    """Music level under the video, before ducking under the narration."""
    framing: Framing = "any"
    """Preferred shot size for the whole video (a segment's own `framing` overrides it)."""

    @model_validator(mode="after")
    def _known_look(self) -> "Style":
        if self.look not in LOOKS:
            raise ValueError(f"unknown look {self.look!r}; choose one of: {', '.join(LOOKS)}")
        return self


class Clip(BaseModel):
    shot_id: str
    source: str
    in_: float = Field(alias="in")
    out: float
    start: float
    frames: int = Field(gt=0, description="length on the timeline, in frames")
    locked: bool = False
    """Chosen by the user: re-planning its segment keeps this shot."""
    speed: float = Field(default=1.0, ge=MIN_SPEED, le=MAX_SPEED)
    """Playback rate of this clip: its segment's speed, times a slow-down the optimizer chose to keep a
    matching shot on screen. Its source span (`out` - `in`) is `frames` / fps times this."""

    model_config = {"populate_by_name": True}


class Voice(BaseModel):
    """When a segment's narration is heard on the montage timeline, and how much faster than
    synthesised it is read (`tools.voiceover`: a line may run on over the next segment's picture)."""

    start: float = Field(ge=0)
    end: float = Field(ge=0)
    rate: float = Field(gt=0)


class PlanSegment(BaseModel):
    id: str
    text: str
    keywords: list[str] = Field(default_factory=list)
    start: float
    duration: float
    frames: int = Field(gt=0)
    clips: list[Clip]
    look: str | None = None
    """This segment's colour look; None: the style's."""
    speed: float = Field(default=1.0, ge=MIN_SPEED, le=MAX_SPEED)
    """Playback rate the user asked for this segment's clips (1 normal, < 1 slow motion, > 1 faster)."""
    framing: Framing | None = None
    """Preferred shot size for this segment; None: the style's."""
    fixed_duration: float | None = None
    """A length the user set for this segment: re-planning keeps it while other segments adapt."""
    voice: Voice | None = None
    """When its narration is heard; None without narration (or in a plan older than split edits:
    from the segment's start, read to fit it)."""

    @model_validator(mode="after")
    def _known_look(self) -> "PlanSegment":
        if self.look is not None and self.look not in LOOKS:
            raise ValueError(f"unknown look {self.look!r}; choose one of: {', '.join(LOOKS)}")
        return self


class Title(BaseModel):
    """Text on screen at a time of the montage timeline (SPEC `titles`)."""

    text: str = Field(min_length=1)
    start: float = Field(ge=0)
    duration: float = Field(gt=0)
    kind: Literal["title", "caption"] = "title"
    """`title`: large and centred (an opening title, an end card); `caption`: a line over a scene."""
    # storycut's own (extending the SPEC): what the title is placed by, so that it stays where it
    # belongs when the timeline changes (the planner places it again on every re-plan).
    anchor: Literal["start", "end", "scene"] | None = None
    """`start`: from 0; `end`: ending with the video; `scene`: over the scene saying `scene`; None: fixed times."""
    scene: str | None = None
    """The text of the scene an anchored caption is over."""
    seconds: float | None = Field(default=None, gt=0)
    """The length asked for (None: 3 s for a title, the whole scene for a caption); `duration` is what fits."""


class Plan(BaseModel):
    version: int = 1
    fps: int = TIMELINE_FPS
    style: Style = Field(default_factory=Style)
    segments: list[PlanSegment]
    duration: float
    language: str = "en"
    """ISO 639-1 code of the story's language."""
    titles: list[Title] = Field(default_factory=list)

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
                if abs((clip.out - clip.in_) - clip.frames / self.fps * clip.speed) > 1.5e-3:
                    raise ValueError(f"clip {clip.shot_id}: its source span is not its length times its speed")
            frame += seg.frames
        if self.segments and abs(frame / self.fps - self.duration) > 0.5 / self.fps:
            raise ValueError("the plan's duration differs from the sum of its segments")
        for title in self.titles:
            if title.start + title.duration > self.duration + 0.5 / self.fps:
                raise ValueError(f"title {title.text!r} runs past the end of the video")
        return self

    def to_json(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    @property
    def shot_ids(self) -> list[str]:
        return [c.shot_id for s in self.segments for c in s.clips]
