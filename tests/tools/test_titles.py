"""Titles on real renders: a title's pixels are where and when `Plan.titles` says and nowhere else,
in every aspect ratio, across segment boundaries, and identical whether the plan renders in one
pass or segment by segment; plus a property test of the frame arithmetic of the ASS script."""

import re
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.plan import Clip, Plan, PlanSegment, Style, Title
from tools.render import render
from tools.titles import title_layer
from vectorstore.decode import ffmpeg_exe
from tests.synth import flat, write_video

SIZES = {"16:9": (640, 360), "9:16": (360, 640), "1:1": (480, 480)}


def picture(video, seconds: float, size) -> np.ndarray:
    w, h = size
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-ss", f"{seconds}", "-i", str(video), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(h, w).astype(int)


def two_scenes(tmp_path, titles, aspect="16:9", subtitles=False, transition="cut") -> Plan:
    """Two 1.5 s scenes of one grey picture (so a crossfade between them is invisible)."""
    src = tmp_path / "grey.mp4"
    if not src.exists():
        write_video(src, flat(120, (90, 90, 90), noise=0), fps=25)
    segs = []
    for n in range(2):
        clip = Clip(shot_id=f"c{n}", source=str(src), in_=n * 1.5, out=n * 1.5 + 1.5, start=n * 1.5, frames=45)
        segs.append(PlanSegment(id=f"s{n}", text=f"Scene {n + 1}.", start=n * 1.5, duration=1.5, frames=45,
                                clips=[clip]))
    style = Style(aspect=aspect, narration=False, subtitles=subtitles, transition=transition)
    return Plan(style=style, segments=segs, duration=3.0, titles=titles)


def rows(size, share_from, share_to):
    h = size[1]
    return slice(int(h * share_from), int(h * share_to))


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
def test_a_title_shows_centred_during_its_time_across_a_segment_boundary(tmp_path, aspect):
    size = SIZES[aspect]
    plan = two_scenes(tmp_path, [Title(text="Our morning", start=0.6, duration=1.8)], aspect=aspect)
    plain = render(two_scenes(tmp_path, [], aspect=aspect), tmp_path / "plain.mp4", tmp_path / "cache").output
    titled = render(plan, tmp_path / "titled.mp4", tmp_path / "cache").output
    middle, top, bottom = rows(size, 0.4, 0.6), rows(size, 0, 0.3), rows(size, 0.7, 1)
    for t in (1.0, 1.4, 1.6, 1.9):  # inside the title, past its fade-in, on both sides of the cut at 1.5 s
        diff = np.abs(picture(titled, t, size) - picture(plain, t, size))
        assert (diff[middle] > 60).mean() > 0.02, t  # white letters over grey
        assert diff[top].max() < 12 and diff[bottom].max() < 12, t  # nothing outside the title's place
    for t in (0.3, 2.7):  # before and after it
        assert np.abs(picture(titled, t, size) - picture(plain, t, size)).max() < 12, t


def test_segments_draw_the_same_title_as_one_pass(tmp_path):
    """Per-segment encodes shift their frames so a title crossing a cut fades exactly as in one pass."""
    titles = [Title(text="Across the cut", start=0.9, duration=1.5)]
    size = SIZES["16:9"]
    cut = render(two_scenes(tmp_path, titles), tmp_path / "cut.mp4", tmp_path / "cache").output
    whole = render(two_scenes(tmp_path, titles, transition="crossfade"), tmp_path / "whole.mp4",
                   tmp_path / "cache").output
    for t in (1.0, 1.2, 1.6, 2.2):  # fading in, full, full (second segment), fading out (second segment)
        a, b = picture(cut, t, size), picture(whole, t, size)
        assert np.abs(a - b)[rows(size, 0.4, 0.6)].mean() < 2, t
    faded, full = (np.abs(picture(cut, t, size) - 90)[rows(size, 0.4, 0.6)].max() for t in (2.3, 1.6))
    assert 20 < faded < full - 40  # the fade-out is under way in the second segment


def test_a_caption_avoids_the_subtitles(tmp_path):
    size = SIZES["16:9"]
    caption = [Title(text="Somewhere by the sea", start=0.2, duration=2.6, kind="caption")]
    for subtitles, place, clear in ((True, rows(size, 0, 0.33), rows(size, 0.33, 0.7)),
                                    (False, rows(size, 0.67, 1), rows(size, 0, 0.6))):
        plain = render(two_scenes(tmp_path, [], subtitles=subtitles), tmp_path / "p.mp4", tmp_path / "cache").output
        shown = render(two_scenes(tmp_path, caption, subtitles=subtitles), tmp_path / "c.mp4",
                       tmp_path / "cache").output
        diff = np.abs(picture(shown, 1.5, size) - picture(plain, 1.5, size))
        assert (diff[place] > 40).mean() > 0.03, subtitles  # the band and its text
        assert diff[clear].max() < 12, subtitles


def test_a_changed_title_encodes_only_the_segments_it_touches(tmp_path):
    cache = tmp_path / "cache"
    render(two_scenes(tmp_path, [Title(text="One", start=2.0, duration=0.8)]), tmp_path / "a.mp4", cache)
    before = set((cache / "segments").glob("*.mp4"))
    render(two_scenes(tmp_path, [Title(text="Two", start=2.0, duration=0.8)]), tmp_path / "b.mp4", cache)
    assert len(set((cache / "segments").glob("*.mp4")) - before) == 1


def _ms(clock: str) -> int:
    h, m, s = clock.split(":")
    return (int(h) * 3600 + int(m) * 60) * 1000 + round(float(s) * 1000)


def shown_by_libass(layer, fps: int, frame: int) -> list[str]:
    """Texts libass shows at window frame `frame`: it compares the frame's truncated milliseconds."""
    now = (frame + layer.offset) * 1000 // fps
    events = re.findall(r"^Dialogue: 0,([^,]+),([^,]+),\w+,,0,0,0,,\{[^}]*\}(.*)$", layer.script, re.M)
    return sorted(text for start, end, text in events if _ms(start) <= now < _ms(end))


titles_strategy = st.lists(st.builds(lambda a, d, k, n: Title(text=f"T{n}", start=a / 30, duration=d / 30, kind=k),
                                     st.integers(0, 200), st.integers(1, 120), st.sampled_from(["title", "caption"]),
                                     st.integers(0, 10 ** 6)), max_size=4, unique_by=lambda t: t.text)


@settings(max_examples=60, deadline=None)
@given(titles=titles_strategy, cuts=st.lists(st.integers(1, 320), max_size=5, unique=True),
       fps=st.sampled_from([24, 25, 30]))
def test_each_segment_shows_a_title_on_exactly_its_frames(titles, cuts, fps):
    """For any titles and any split of the timeline into segments, frame f of the video shows title t
    exactly when round(t.start * fps) <= f < round(t.end * fps)."""
    titles = [t.model_copy(update={"start": t.start * 30 / fps, "duration": t.duration * 30 / fps}) for t in titles]
    bounds = [0, *sorted(cuts), 330]
    for start, end in zip(bounds, bounds[1:]):
        layer = title_layer(titles, fps, start, end - start, 640, 360, subtitles=True)
        for f in range(start, end):
            expected = sorted(t.text for t in titles
                              if round(t.start * fps) <= f < round((t.start + t.duration) * fps))
            assert (shown_by_libass(layer, fps, f - start) if layer else []) == expected


def test_title_text_is_drawn_literally():
    """Braces and backslashes in a title never become libass override codes; line breaks stay."""
    layer = title_layer([Title(text="50% {\\b1}off \\N now\nsecond", start=0, duration=1)], 30, 0, 30, 640, 360, False)
    text = layer.script.strip().splitlines()[-1].split("}", 1)[1]
    assert "{" not in text and "}" not in text and "\\b1" not in text  # a backslash never starts a code
    assert text.count("\\N") == 1 and text.endswith("\\Nsecond")


def test_a_chinese_title_is_drawn_as_tall_as_a_latin_one(tmp_path):
    """Noto CJK's tall line metrics would draw its characters smaller at the same font size."""
    size = SIZES["16:9"]
    plain = picture(render(two_scenes(tmp_path, []), tmp_path / "plain.mp4", tmp_path / "cache").output, 1.0, size)

    def ink_height(text: str) -> int:
        plan = two_scenes(tmp_path, [Title(text=text, start=0.0, duration=3.0)])
        frame = picture(render(plan, tmp_path / f"{len(text)}{ord(text[0])}.mp4", tmp_path / "cache").output, 1.0, size)
        inked = np.flatnonzero(((frame - plain) > 80).any(axis=1))
        return int(inked[-1] - inked[0] + 1)

    ratio = ink_height("日日日日") / ink_height("HHHH")  # both fill about their font's cap height
    assert 1.0 < ratio < 1.35, ratio  # unscaled: 0.96 (24 px against 25 at 640x360)
