"""Fonts for text drawn on the picture (subtitles, titles): which bundled font can show a text.

Subtitles and titles both go through libass with `fontsdir` pointing at `FONTS`; this module is the
one place that decides the font family, so every kind of on-screen text follows the same rule.
"""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
"""Fonts shipped with storycut (libass reads them from here, never from the system)."""

LATIN_FONT = "DejaVu Sans"


def font_name(text: str) -> str:
    """The bundled font family that has glyphs for `text`."""
    return LATIN_FONT
