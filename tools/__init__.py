"""Story segments, retrieval, montage, narration, rendering and export: the engines of storycut."""

from .export import FORMATS, export, to_srt, to_timeline
from .montage import assemble
from .plan import Clip, Plan, PlanError, PlanSegment, Style
from .planner import plan_story
from .render import RenderError, RenderResult, render
from .retrieval import Candidate, Hit, Retriever, search
from .story import Segment, segment_story
from .style import PRESETS, style_preset

__all__ = [
    "FORMATS", "PRESETS", "Candidate", "Clip", "Hit", "Plan", "PlanError", "PlanSegment", "RenderError",
    "RenderResult", "Retriever", "Segment", "Style", "assemble", "export", "plan_story", "render", "search",
    "segment_story", "style_preset", "to_srt", "to_timeline",
]
