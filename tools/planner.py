"""Story text to plan: segment, time each segment, retrieve candidates, assemble.

Without a requested total duration, each segment lasts as long as its narration (synthesised now
and cached for the render) plus a breath, so pictures stay locked to the words.
"""

from __future__ import annotations

from vectorstore import Library

from .montage import assemble
from .narration import narrate
from .plan import Plan, Style
from .retrieval import Retriever
from .story import Segment, segment_story

BREATH_SECONDS = 0.5


def time_segments(segments: list[Segment], style: Style, library: Library, total: float | None) -> list[Segment]:
    """Segments with durations from narration length, unless a total was requested."""
    if total is not None or not style.narration:
        return segments
    return [seg.model_copy(update={"duration": round(narrate(seg.text, library.cache)[1] + BREATH_SECONDS, 3)})
            for seg in segments]


def plan_story(library: Library, text: str, style: Style, duration: float | None = None) -> Plan:
    """A montage plan for `text` over the shots of `library`."""
    retriever = Retriever(library)
    segments = time_segments(segment_story(text, total=duration), style, library, duration)
    candidates = retriever.for_segments(segments)
    return assemble(segments, candidates, style, spare=list(retriever.shots.values()))
