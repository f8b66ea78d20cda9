"""Style presets as data: the knobs the optimizer and renderer read."""

from __future__ import annotations

from .plan import Style
from vectorstore.errors import StorycutError

PRESETS: dict[str, dict] = {
    "neutral": {"pace": 3.0, "mood": "neutral", "transition": "cut"},
    "dramatic": {"pace": 1.8, "mood": "intense", "transition": "cut"},
    "calm": {"pace": 5.0, "mood": "calm", "transition": "crossfade"},
    "energetic": {"pace": 1.2, "mood": "upbeat", "transition": "cut"},
    "documentary": {"pace": 4.0, "mood": "neutral", "transition": "cut"},
    "cinematic": {"pace": 4.5, "mood": "epic", "transition": "crossfade"},
}


def style_preset(name: str, **overrides) -> Style:
    """The style called `name`, with any field overridden (None values are ignored)."""
    if name not in PRESETS:
        raise StorycutError(f"unknown style {name!r}; choose one of: {', '.join(PRESETS)}")
    fields = {"preset": name, **PRESETS[name], **{k: v for k, v in overrides.items() if v is not None}}
    return Style(**fields)
