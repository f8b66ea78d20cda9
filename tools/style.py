"""Style presets as data: the knobs the optimizer and renderer read.

Each preset sets the style fields (pace: target mean clip length in seconds, mood, transition) and,
under "energy", changes to the optimizer's weights (`tools.energy.Weights`): a preset that wants
movement sets `target_motion`; one that does not care about opening wide sets that idiom to 0.
"""

from __future__ import annotations

from dataclasses import replace

from vectorstore.errors import StorycutError

from .energy import Weights
from .plan import Style

PRESETS: dict[str, dict] = {
    "neutral": {"pace": 3.0, "mood": "neutral", "transition": "cut"},
    "dramatic": {"pace": 1.8, "mood": "intense", "transition": "cut",
                 "energy": {"target_motion": 0.6, "idioms": {"intense_closeups": 2.0}, "tone": 0.5}},
    "calm": {"pace": 5.0, "mood": "calm", "transition": "crossfade",
             "energy": {"target_motion": 0.1, "tone": 2.0, "brightness_jump": 2.0}},
    "energetic": {"pace": 1.2, "mood": "upbeat", "transition": "cut",
                  "energy": {"target_motion": 0.8, "pace": 0.5, "idioms": {"end_wide": 0.0}}},
    "documentary": {"pace": 4.0, "mood": "neutral", "transition": "cut",
                    "energy": {"semantic": 7.0, "quality": 1.5}},
    "cinematic": {"pace": 4.5, "mood": "epic", "transition": "crossfade",
                  "energy": {"idioms": {"start_wide": 2.0, "end_wide": 1.5}, "quality": 1.5, "tone": 1.5}},
}


def style_weights(style: Style) -> Weights:
    """The optimizer weights of `style`'s preset (defaults for an unknown preset)."""
    changes = dict(PRESETS.get(style.preset, {}).get("energy", {}))
    base = Weights()
    if "idioms" in changes:
        changes["idioms"] = {**base.idioms, **changes["idioms"]}
    return replace(base, **changes)


def style_preset(name: str, **overrides) -> Style:
    """The style called `name`, with any field overridden (None values are ignored)."""
    if name not in PRESETS:
        raise StorycutError(f"unknown style {name!r}; choose one of: {', '.join(PRESETS)}")
    fields = {"preset": name, **{k: v for k, v in PRESETS[name].items() if k != "energy"},
              **{k: v for k, v in overrides.items() if v is not None}}
    return Style(**fields)
