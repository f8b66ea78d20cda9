"""Subtitle lines: Chinese broken by width and punctuation rules, the font that has the glyphs, and a
Chinese render whose subtitles are drawn characters (not empty boxes)."""

import subprocess

import numpy as np
import pytest

from tools.export import to_srt, to_vtt
from tools.plan import Clip, Plan, PlanSegment, Style
from tools.render import render
from tools.subtitles import (MAX_LINES, NO_LINE_END, NO_LINE_START, cues, line_limit, srt, text_width, units,
                             wrap)
from tools.typography import CJK_FONTS, LATIN_FONT, font_files, font_folder, font_name
from vectorstore.decode import ffmpeg_exe
from tests.synth import flat, write_video

STORY_ZH = ("清晨，一只白色的凤头鹦鹉好奇地盯着镜头。走廊里，一只毛茸茸的白狗趴在地板上，把头枕在爪子上。"
            "“你好！”他说：（笑）城市的摩天大楼灯火通明……夜晚，人们沿着小路走过绿色的草地。")


def test_fonts_follow_the_script_of_the_text():
    assert font_name("A dog runs.") == LATIN_FONT
    assert font_name("一只狗在跑。") == CJK_FONTS["zh"] == "Noto Sans CJK SC"
    assert font_name("A TED talk 演讲") == CJK_FONTS["zh"]  # Noto has the Latin letters too
    assert font_name("東京の夜") == CJK_FONTS["ja"]
    names = {f.name for f in font_files()}
    assert {"DejaVuSans-Bold.ttf", "NotoSansCJK-Regular.ttc"} <= names


def test_the_font_folder_links_every_font(tmp_path):
    folder = font_folder(tmp_path / "fonts")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in font_files())
    assert all(p.resolve().is_file() for p in folder.iterdir())
    font_folder(folder)  # again: already there, no error


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
def test_no_chinese_line_starts_with_closing_or_ends_with_opening_punctuation(aspect):
    limit = line_limit(aspect)
    lines = wrap(STORY_ZH, limit)
    assert "".join(lines) == STORY_ZH
    assert len(lines) > 1
    for line in lines:
        assert line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line
        assert text_width(line, CJK_FONTS["zh"]) <= limit, line


def test_narrow_lines_are_still_legal_and_words_stay_whole():
    for limit in (2.0, 3.0, 5.0, 7.5):
        lines = wrap(STORY_ZH, limit)
        assert "".join(lines) == STORY_ZH
        assert all(line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END for line in lines)
    assert "摩天大楼" in units(STORY_ZH)  # jieba's words: a line never splits one


def test_vertical_video_gets_shorter_lines_than_widescreen():
    wide, tall = wrap(STORY_ZH, line_limit("16:9")), wrap(STORY_ZH, line_limit("9:16"))
    assert len(tall) > len(wide)
    assert max(len(x) for x in tall) < max(len(x) for x in wide)


def test_latin_text_breaks_only_at_spaces_and_lines_are_evened():
    text = "Asleep at last, the cyclist dreams of drifting underwater past rocks and bubbles."
    lines = wrap(text, line_limit("9:16"))
    assert " ".join(lines) == text
    widths = [text_width(x, LATIN_FONT) for x in lines]
    assert max(widths) <= line_limit("9:16") and min(widths) > 0.4 * max(widths)  # no dangling last word
    assert units('He said: "hello", ok?') == ["He ", "said: ", '"hello", ', "ok?"]


def plan_of(texts, aspect="16:9", seconds=3.0, source=None, subtitles=True):
    segs, frame = [], 0
    frames = int(seconds * 30)
    for n, text in enumerate(texts):
        clip = Clip(shot_id=f"c{n}", source=str(source or "/nowhere.mp4"), in_=0.0, out=seconds, start=frame / 30,
                    frames=frames)
        segs.append(PlanSegment(id=f"s{n}", text=text, start=frame / 30, duration=seconds, frames=frames, clips=[clip]))
        frame += frames
    return Plan(style=Style(aspect=aspect, subtitles=subtitles, narration=False), segments=segs,
                duration=frame / 30)


def test_a_long_segment_is_shown_two_lines_at_a_time_over_its_length():
    plan = plan_of([STORY_ZH], aspect="9:16", seconds=12.0)
    shown = cues(plan)
    assert len(shown) > 1 and all(1 <= len(c.lines) <= MAX_LINES for c in shown)
    assert shown[0].start == 0.0 and shown[-1].end == pytest.approx(12.0)
    assert all(a.end == pytest.approx(b.start) for a, b in zip(shown, shown[1:]))
    assert "".join("".join(c.lines) for c in shown) == STORY_ZH
    assert {c.font for c in shown} == {"Noto Sans CJK SC"}


def test_exports_and_burn_in_share_the_cues_and_mixed_stories_change_font_per_segment():
    plan = plan_of(["A dog runs & barks.", "一只狗在跑。"])
    exported = to_srt(plan)
    assert "A dog runs & barks." in exported and "<font" not in exported
    burned = srt(cues(plan), default_font=LATIN_FONT)
    assert 'A dog runs &amp; barks.' in burned and '<font face="Noto Sans CJK SC">一只狗在跑。</font>' in burned
    assert to_vtt(plan).startswith("WEBVTT") and "&amp;" in to_vtt(plan)


def band(path, seconds, height=360, width=640):
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-ss", str(seconds), "-i", str(path), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(height, width)[270:].astype(int)


def test_chinese_subtitles_are_drawn_as_characters(tmp_path):
    """Two texts of the same length: drawn as glyphs they differ; as empty boxes (a font without
    Chinese) they would look the same. Both differ from the video without subtitles."""
    source = write_video(tmp_path / "grey.mp4", flat(200, (90, 90, 90)), fps=25)
    texts = ["一只白色的狗趴在地上。", "夜晚城市的灯火通明了。"]
    titled = render(plan_of(texts, source=source), tmp_path / "zh.mp4", tmp_path / "cache").output
    plain = render(plan_of(texts, source=source, subtitles=False), tmp_path / "plain.mp4", tmp_path / "cache").output
    first, second, bare = band(titled, 1.5), band(titled, 4.5), band(plain, 1.5)
    assert (np.abs(first - bare) > 100).sum() > 300  # white strokes where the plain video is grey
    assert (np.abs(first - second) > 100).sum() > 300  # different characters: different strokes
    lit = np.argwhere(np.abs(first - bare) > 100)
    assert lit[:, 1].min() > 20 and lit[:, 1].max() < 620  # the line fits the frame
