"""Fonts for text drawn on the picture (subtitles, titles): which bundled font can show a text.

Subtitles and titles both go through libass with `fontsdir` pointing at a folder made by
`font_folder`; this module is the one place that decides the font family, so every kind of
on-screen text follows the same rule. DejaVu Sans ships in `tools/fonts`; Noto Sans CJK (SIL OFL,
licence in `tools/fonts/LICENSE-NotoSansCJK.txt`) comes from the `noto-cjk-sans-otc` package, a
dependency, rather than a 19 MB copy in this repository.
"""

from __future__ import annotations

from pathlib import Path

from .language import detect, has_cjk

FONTS = Path(__file__).parent / "fonts"
"""Fonts shipped with storycut (libass reads them from here, never from the system)."""

LATIN_FONT = "DejaVu Sans"
CJK_FONTS = {"zh": "Noto Sans CJK SC", "ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR"}
"""Families inside NotoSansCJK-Regular.ttc, by language: each draws its own language's glyph forms."""
CJK_FACES = {"Noto Sans CJK JP": 0, "Noto Sans CJK KR": 1, "Noto Sans CJK SC": 2}
"""Each family's face index in the collection."""


CJK_SIZE_SCALE = 1.15
"""Noto CJK is drawn this much larger than the Latin font: libass fits a face's ascent plus descent
into the font size, and Noto's are tall (1.45 em against DejaVu's 1.16), so at the same size its
characters came out small beside Latin text; at the full 1.25 they looked heavy."""

def size_scale(family: str) -> float:
    """How much larger than its nominal size text in `family` is drawn, so that every font looks the size asked for."""
    return 1.0 if family == LATIN_FONT else CJK_SIZE_SCALE


def font_name(text: str) -> str:
    """The bundled font family that has glyphs for `text` (Noto CJK also covers Latin letters)."""
    if not has_cjk(text):
        return LATIN_FONT
    return CJK_FONTS.get(detect(text), CJK_FONTS["zh"])


def _cjk_collection() -> Path:
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


def font_file(family: str) -> tuple[Path, int, bool]:
    """The file holding `family`, its face index there, and whether that face is bold already."""
    if family == LATIN_FONT:
        return FONTS / "DejaVuSans-Bold.ttf", 0, True
    if family in CJK_FACES:
        return _cjk_collection(), CJK_FACES[family], False
    raise ValueError(f"no bundled font {family!r}")


def font_files() -> list[Path]:
    """Every font file libass may need: storycut's own and the CJK collection."""
    return [*sorted(FONTS.glob("*.tt[fc]")), _cjk_collection()]


def font_folder(folder: Path) -> Path:
    """`folder`, created, holding links to every font in `font_files` (libass takes one `fontsdir`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for font in font_files():
        link = folder / font.name
        if not link.exists():
            link.symlink_to(font)
    return folder
