"""Titles drawn over the picture: an ASS script for libass, sized and placed from the frame.

Titles are text over the picture, never cards inserted before it: the timeline, the clips and the
narration stay exactly as planned, and a title is just what is drawn during its time. A `title`
(an opening title, an end card) is large and centred, with a soft dark outline and shadow; a
`caption` is a smaller line on a translucent band, in the upper third when subtitles are shown (they
sit at the bottom) and in the lower third otherwise. Sizes come from the frame's short side and
the margins keep text inside the title-safe area (the inner 80 %), so every aspect ratio reads the same.

With per-segment rendering each segment draws the part of every title that falls within it: the
script keeps each title's whole extent (so its fades stay where they are) and the segment's frames
are shifted by `TitleLayer.offset` while libass draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .plan import Plan, Title
from .typography import font_name, size_scale

FADE_SECONDS = 0.4
"""Fade in and fade out of every title (at most a third of a short title each)."""

SAFE_MARGIN = 0.1
"""Share of the width (sides) and height (top, bottom) kept clear of titles: the title-safe area."""

TITLE_SIZE, CAPTION_SIZE = 1 / 9, 1 / 17
"""Text heights as a share of the frame's short side (subtitles are 1/16)."""

SCRIPT_NAME = "titles.ass"

TITLE_SECONDS = 3.0
"""How long an opening title or an end card stays up when no length was asked for (less in a shorter video)."""


def with_opening_title(plan: Plan, text: str) -> Plan:
    """`plan` with `text` as its opening title, over the start of the picture (anchored there, so a
    re-plan keeps it at the start)."""
    title = Title(text=text, start=0.0, duration=min(TITLE_SECONDS, plan.duration), anchor="start")
    return plan.model_copy(update={"titles": [title, *plan.titles]})


@dataclass(frozen=True)
class TitleLayer:
    """The titles visible in a window of the timeline, ready for one ffmpeg pass."""

    script: str
    """The ASS script, written as `SCRIPT_NAME` into the folder ffmpeg runs in."""
    offset: int
    """Frames added to the window's timestamps while drawing (so no event starts before 0)."""
    fps: int

    @property
    def filter(self) -> str:
        return (f"settb=1/{self.fps},setpts=PTS+{self.offset},ass={SCRIPT_NAME}:fontsdir=fonts,"
                f"setpts=PTS-{self.offset}")


def _clock(frame: int, fps: int) -> str:
    """ASS time of a frame, rounded down to the centisecond: libass then shows an event from exactly
    its first frame and stops exactly at its end frame (it compares truncated milliseconds)."""
    cs = frame * 100 // fps
    return f"{cs // 360000}:{cs // 6000 % 60:02d}:{cs // 100 % 60:02d}.{cs % 100:02d}"


def _text(text: str) -> str:
    """Plain text made literal for ASS: override braces and backslashes defused, lines kept."""
    safe = text.replace("\\", "\\\u2060").replace("{", "(").replace("}", ")")
    return "\\N".join(line.strip() for line in safe.strip().splitlines())


def _font(text: str) -> str:
    """ASS overrides that draw `text` in the bundled font that has its glyphs, at the style's size."""
    family = font_name(text)
    scale = round(size_scale(family) * 100)
    return f"\\fn{family}" + (f"\\fscx{scale}\\fscy{scale}" if scale != 100 else "")


def _styles(width: int, height: int, subtitles: bool) -> str:
    short = min(width, height)
    side, edge = round(width * SAFE_MARGIN), round(height * SAFE_MARGIN)
    title, caption = round(short * TITLE_SIZE), round(short * CAPTION_SIZE)
    caption_align = 8 if subtitles else 2  # top centre above the picture's subject, or bottom centre
    fields = "Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, " \
             "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, " \
             "MarginL, MarginR, MarginV, Encoding"
    # Colours are &HAABBGGRR (AA: transparency). Title: white, thin soft outline and a drop shadow.
    # Caption: white on a 40 %-transparent black band (BorderStyle 3 boxes the text with the outline colour).
    return (f"[V4+ Styles]\nFormat: Name, {fields}\n"
            f"Style: title,{font_name('')},{title},&H00FFFFFF,&H00FFFFFF,&H70000000,&H90000000,-1,0,0,0,"
            f"100,100,{title * 0.02:.1f},0,1,{max(1.0, title * 0.04):.1f},{max(1.0, title * 0.05):.1f},5,"
            f"{side},{side},{edge},1\n"
            f"Style: caption,{font_name('')},{caption},&H00FFFFFF,&H00FFFFFF,&H66000000,&H00000000,0,0,0,0,"
            f"100,100,0,0,3,{caption * 0.35:.1f},0,{caption_align},{side},{side},{edge},1\n")


def title_frames(title: Title, fps: int) -> tuple[int, int]:
    """The timeline frames a title shows on: [first, end)."""
    return round(title.start * fps), round((title.start + title.duration) * fps)


def title_layer(titles: list[Title], fps: int, start: int, frames: int, width: int, height: int,
                subtitles: bool) -> TitleLayer | None:
    """The titles that show during frames [`start`, `start` + `frames`) of the timeline, or None."""
    spans = [(*title_frames(t, fps), t) for t in titles]
    visible = [(a, b, t) for a, b, t in spans if a < start + frames and b > start and b > a]
    if not visible:
        return None
    offset = max(0, max(start - a for a, _, _ in visible))
    events = []
    for a, b, t in visible:
        fade = min(round(FADE_SECONDS * 1000), (b - a) * 1000 // fps // 3)
        events.append(f"Dialogue: 0,{_clock(a - start + offset, fps)},{_clock(b - start + offset, fps)},{t.kind},,"
                      f"0,0,0,,{{{_font(t.text)}\\fad({fade},{fade})\\blur1}}{_text(t.text)}")
    script = (f"[Script Info]\nScriptType: v4.00+\nPlayResX: {width}\nPlayResY: {height}\nWrapStyle: 0\n"
              f"ScaledBorderAndShadow: yes\n\n{_styles(width, height, subtitles)}\n"
              "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
              + "\n".join(events) + "\n")
    return TitleLayer(script=script, offset=offset, fps=fps)
