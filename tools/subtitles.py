"""Subtitle cues from a plan: lines broken by their drawn width, at most two lines on screen.

libass would break a Chinese line anywhere, punctuation first or mid-word, so every line break is made here, for
the picture's shape: text is measured with the font it will be drawn in (the bundled fonts, read by
Pillow) at the size the renderer draws it (`font_size`). Breaks follow the usual rules for
Chinese and Japanese (kinsoku): no line starts with closing punctuation such as 。，、！？」 and no
line ends with opening punctuation such as 「（《; a Latin word is never split. A line prefers to end
after a clause (a comma, a full stop) when that leaves it at least half full, and the lines of a
segment are evened out so no short last line dangles. A segment longer than two lines is shown as
several cues in turn, each lasting its share of the segment's characters. SRT and WebVTT exports
use the same cues as the burned-in subtitles, at the plan's aspect.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import rjieba
from PIL import ImageFont

from .plan import Plan
from .typography import LATIN_FONT, font_file, font_name, size_scale

NO_LINE_START = frozenset("。，、．！？；：」』）］｝】〕〉》〗〙〛”’…‥ー々ゝゞ・ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
                          ".,!?;:)]}%")
"""Characters that may not begin a line (closing punctuation, small kana): kept with the one before."""
NO_LINE_END = frozenset("「『（［｛【〔〈《〖〘〚“‘([{")
"""Characters that may not end a line (opening punctuation): kept with the one after."""
CLAUSE_END = frozenset("。，、！？；：.,!?;:")
"""A line break right after one of these reads naturally."""

SHORT_SIDE_PER_SIZE = 16
"""The subtitle font size is the picture's short side over this (45 px at 720p)."""
LINE_SHARE = 0.8
"""A line may fill this much of the picture's width (libass keeps its own margins inside it)."""
MAX_LINES = 2
"""Lines on screen at once; a longer segment is shown as several cues."""
FAKE_BOLD = 1.08
"""libass emboldens a regular font (Noto CJK ships as Regular only): glyphs grow about this much."""
ASPECT_SIZES = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720)}
"""Pixel shapes of the aspects: cues depend only on the shape, since the font scales with the picture."""

@dataclass(frozen=True)
class Cue:
    """Text on screen from `start` to `end` (seconds on the montage timeline), in `font`."""

    start: float
    end: float
    lines: tuple[str, ...]
    font: str

    @property
    def text(self) -> str:
        return "\n".join(self.lines)



def font_size(width: int, height: int, family: str = LATIN_FONT) -> float:
    """The size in pixels to draw subtitles in `family` for a picture of `width` x `height`."""
    return min(width, height) / SHORT_SIDE_PER_SIZE * size_scale(family)


@lru_cache(maxsize=8)
def _measurer(family: str) -> tuple[ImageFont.FreeTypeFont, float]:
    """Pillow's face for `family` at 100 px per em, and the factor from its lengths to Latin font
    sizes. libass scales a face so that its ascent plus descent equals the font size."""
    path, index, bold = font_file(family)
    face = ImageFont.truetype(str(path), 100, index=index)
    ascent, descent = face.getmetrics()
    return face, font_size(1, 1, family) * SHORT_SIDE_PER_SIZE * (1.0 if bold else FAKE_BOLD) / (ascent + descent)


def text_width(text: str, family: str) -> float:
    """How wide `text` is drawn in `family`, in units of the Latin font size."""
    face, scale = _measurer(family)
    return face.getlength(text) * scale


def _wide(char: str) -> bool:
    """A full-width character (Chinese, Japanese, their punctuation): lines may break beside it;
    Latin text breaks at spaces only."""
    return bool(char) and unicodedata.east_asian_width(char) in "WF"


def units(text: str) -> list[str]:
    """`text` cut where a line may break (between words: Chinese ones found by jieba), each piece
    with the spaces that follow it."""
    pieces: list[str] = []
    for token in rjieba.cut(re.sub(r"\s+", " ", text.strip())):
        last = pieces[-1] if pieces else ""
        breakable = last.endswith(" ") or _wide(last[-1:]) or _wide(token[0]) or token[0] in NO_LINE_END
        if last and (token == " " or not breakable or token[0] in NO_LINE_START
                     or last.rstrip()[-1:] in NO_LINE_END):
            pieces[-1] += token
        else:
            pieces.append(token)
    return pieces


def _fill(pieces: list[str], limit: float, family: str) -> list[str]:
    """Greedy lines of at most `limit` font sizes, ending after a clause when that keeps half a line."""
    lines: list[str] = []
    line: list[str] = []
    for piece in pieces:
        if line and text_width("".join(line + [piece]).rstrip(), family) > limit:
            cut = len(line)
            for i in range(len(line) - 1, 0, -1):
                if line[i - 1].rstrip()[-1:] in CLAUSE_END:
                    if text_width("".join(line[:i]).rstrip(), family) >= limit / 2:
                        cut = i
                    break
            lines.append("".join(line[:cut]).rstrip())
            line = line[cut:]
        line.append(piece)
    if line:
        lines.append("".join(line).rstrip())
    return lines


def wrap(text: str, limit: float, family: str | None = None) -> list[str]:
    """`text` in as few lines of at most `limit` font sizes as it fits, evened out."""
    family = family or font_name(text)
    pieces = units(text)
    lines = _fill(pieces, limit, family)
    if len(lines) < 2:
        return lines
    low, high = text_width("".join(pieces), family) / len(lines), limit
    for _ in range(12):  # the narrowest measure that still needs no more lines
        middle = (low + high) / 2
        if len(_fill(pieces, middle, family)) <= len(lines):
            high = middle
        else:
            low = middle
    return _fill(pieces, high, family)


def line_limit(aspect: str) -> float:
    """The widest line for `aspect`, in Latin font sizes."""
    width, height = ASPECT_SIZES[aspect]
    return width * LINE_SHARE / font_size(width, height)


def windows(plan: Plan) -> list[tuple[float, float]]:
    """When each segment's subtitles are up: from when its words are heard until the next
    segment's are (its own picture when the narration does not run on, `tools.voiceover`)."""
    starts = [seg.voice.start if seg.voice else seg.start for seg in plan.segments]
    ends = (starts[1:] + [plan.segments[-1].start + plan.segments[-1].duration]) if starts else []
    return list(zip(starts, ends))


def cues(plan: Plan) -> list[Cue]:
    """The plan's subtitles: each segment's text broken into lines for the plan's aspect, shown
    `MAX_LINES` at a time over its window (`windows`), in the font its language needs."""
    limit = line_limit(plan.style.aspect)
    out: list[Cue] = []
    for seg, (first, last) in zip(plan.segments, windows(plan)):
        family = font_name(seg.text)
        lines = wrap(seg.text, limit, family)
        groups = [tuple(lines[i:i + MAX_LINES]) for i in range(0, len(lines), MAX_LINES)]
        weights = [max(1, sum(len(line.replace(" ", "")) for line in g)) for g in groups]
        start, done = first, 0
        for group, weight in zip(groups, weights):
            done += weight
            end = first + (last - first) * done / sum(weights)
            out.append(Cue(start=round(start, 3), end=round(end, 3), lines=group, font=family))
            start = end
    return out


def between(items: list[Cue], start: float, end: float) -> list[Cue]:
    """The part of `items` shown from `start` to `end`, on a timeline that starts at `start` (a
    segment rendered alone: a cue that crosses its cut is drawn on both sides of it)."""
    return [Cue(start=round(max(c.start, start) - start, 3), end=round(min(c.end, end) - start, 3),
                lines=c.lines, font=c.font) for c in items if c.end > start + 1e-3 and c.start < end - 1e-3]


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _escape(text: str) -> str:
    """Text as markup: a story's own "<" or "&" stays text, not a tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def srt(items: list[Cue], default_font: str | None = None) -> str:
    """SubRip text. With `default_font` (for burning in), a cue in another font says so with
    `<font face>`, which ffmpeg hands to libass as a font change."""
    blocks = []
    for i, cue in enumerate(items, start=1):
        text = cue.text
        if default_font is not None:
            text = _escape(text)
            if cue.font != default_font:
                text = f'<font face="{cue.font}">{text}</font>'
        blocks.append(f"{i}\n{_stamp(cue.start, ',')} --> {_stamp(cue.end, ',')}\n{text}\n")
    return "\n".join(blocks)


def vtt(items: list[Cue]) -> str:
    """WebVTT text (its cue text is markup: < and & are escaped)."""
    return "WEBVTT\n\n" + "\n".join(
        f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{_escape(c.text)}\n" for c in items)
