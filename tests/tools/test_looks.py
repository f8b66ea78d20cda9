"""Colour looks on real renders: a bw render has no chroma, a warmer scene's red-blue balance rises
while the other scenes' do not, every look moves the picture the way its name says, and looks are
part of the segment cache; the same looks on storyboard thumbnails."""

import subprocess

import numpy as np
import pytest

from tools.looks import TABLE, LookError, apply_look, look_thumbnail
from tools.plan import LOOKS, Clip, Plan, PlanSegment, Style
from tools.render import render
from vectorstore.decode import ffmpeg_exe
from tests.synth import write_video

W, H = 640, 360


def patches() -> np.ndarray:
    """A BGR picture of colour patches (skin, sky, grass, red, dark, light), 320x180."""
    colours = [(90, 140, 200), (200, 150, 90), (60, 150, 70), (40, 40, 200), (30, 30, 30), (220, 220, 220)]
    frame = np.zeros((180, 320, 3), np.uint8)
    for i, c in enumerate(colours):
        frame[:, i * 53:(i + 1) * 53] = c
    return frame


def scenes_plan(tmp_path, looks: list[str | None], style_look: str = "natural", frames: int = 15) -> Plan:
    src = tmp_path / "patches.mp4"
    if not src.exists():
        write_video(src, [patches()] * 200, fps=25)
    segs = []
    for n, look in enumerate(looks):
        at = n * frames / 30
        clip = Clip(shot_id=f"c{n}", source=str(src), in_=at, out=at + frames / 30, start=at, frames=frames)
        segs.append(PlanSegment(id=f"s{n}", text=f"Scene {n}.", start=at, duration=frames / 30, frames=frames,
                                clips=[clip], look=look))
    return Plan(style=Style(look=style_look, subtitles=False, narration=False), segments=segs,
                duration=round(len(looks) * frames / 30, 4))


def rgb_at(video, seconds: float) -> np.ndarray:
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-ss", f"{seconds}", "-i", str(video), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(H, W, 3).astype(float)


def chroma_planes(video) -> np.ndarray:
    """U and V of every frame as the encoder stored them (yuv420p)."""
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(video), "-f", "rawvideo", "-pix_fmt",
                          "yuv420p", "-"], capture_output=True, check=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, W * H * 3 // 2)
    return frames[:, W * H:].astype(int)


def stats(rgb: np.ndarray) -> dict[str, float]:
    luma = rgb @ np.array([0.299, 0.587, 0.114])
    return {"red_blue": float((rgb[..., 0] - rgb[..., 2]).mean()),
            "saturation": float((rgb.max(axis=-1) - rgb.min(axis=-1)).mean()),
            "contrast": float(luma.std()), "black": float(np.percentile(luma, 2))}


def test_every_look_the_plan_accepts_is_in_the_table():
    assert set(TABLE) == set(LOOKS)


def test_a_black_and_white_render_has_no_chroma(tmp_path):
    out = render(scenes_plan(tmp_path, [None, None], style_look="bw"), tmp_path / "bw.mp4", tmp_path / "cache").output
    colour = render(scenes_plan(tmp_path, [None, None]), tmp_path / "colour.mp4", tmp_path / "cache").output
    assert np.abs(chroma_planes(out) - 128).max() <= 2
    assert np.abs(chroma_planes(colour) - 128).max() > 40  # the same footage has strong colour


def test_a_warmer_scene_rises_in_red_blue_balance_and_the_others_do_not(tmp_path):
    natural = render(scenes_plan(tmp_path, [None, None, None]), tmp_path / "n.mp4", tmp_path / "cache").output
    warmer = render(scenes_plan(tmp_path, [None, "warm", None]), tmp_path / "w.mp4", tmp_path / "cache").output
    rise = [stats(rgb_at(warmer, t))["red_blue"] - stats(rgb_at(natural, t))["red_blue"] for t in (0.25, 0.75, 1.25)]
    assert rise[1] > 15
    assert abs(rise[0]) < 1.5 and abs(rise[2]) < 1.5


EXPECTED = {  # what each look does to the picture, measured against the natural render
    "natural": lambda d: all(abs(v) < 1.5 for v in d.values()),
    "bw": lambda d: d["saturation"] < -60,
    "warm": lambda d: d["red_blue"] > 15,
    "cool": lambda d: d["red_blue"] < -15,
    "vintage": lambda d: d["black"] > 10 and d["saturation"] < -15 and d["red_blue"] > 0,
    "vivid": lambda d: d["saturation"] > 15,
    "muted": lambda d: d["saturation"] < -20 and d["contrast"] < -2,
}


def test_each_look_moves_the_picture_the_way_its_name_says(tmp_path):
    """All looks in one render, one scene each (per-scene looks in one plan)."""
    names = list(TABLE)
    assert set(EXPECTED) == set(names)
    natural = render(scenes_plan(tmp_path, [None] * len(names)), tmp_path / "n.mp4", tmp_path / "cache").output
    graded = render(scenes_plan(tmp_path, names), tmp_path / "g.mp4", tmp_path / "cache").output
    for n, name in enumerate(names):
        t = (n + 0.5) * 0.5
        before, after = stats(rgb_at(natural, t)), stats(rgb_at(graded, t))
        change = {k: after[k] - before[k] for k in before}
        assert EXPECTED[name](change), (name, change)


def test_each_looks_cdl_stays_close_to_what_the_look_does():
    """Editors get a look as an ASC CDL: on random colours it must come close to the rendered look."""
    rng = np.random.default_rng(3)
    colours = np.kron(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8), np.ones((4, 4, 1), np.uint8))
    natural = apply_look(colours, "natural")[1::4, 1::4] / 255
    for name, look in TABLE.items():
        graded = apply_look(colours, name)[1::4, 1::4] / 255
        if look.cdl is None:
            assert np.abs(graded - natural).mean() < 1 / 255, name
            continue
        error, untouched = np.abs(look.cdl.apply(natural) - graded).mean(), np.abs(natural - graded).mean()
        assert error < 10 / 255 and error < untouched / 2, (name, error * 255, untouched * 255)


def test_the_look_is_part_of_the_segment_cache(tmp_path):
    cache = tmp_path / "cache"
    render(scenes_plan(tmp_path, [None, "warm", None]), tmp_path / "a.mp4", cache)
    before = set((cache / "segments").glob("*.mp4"))
    render(scenes_plan(tmp_path, [None, "warm", None], style_look="bw"), tmp_path / "b.mp4", cache)
    assert len(set((cache / "segments").glob("*.mp4")) - before) == 2  # the warm scene keeps its own look
    render(scenes_plan(tmp_path, [None, "bw", None], style_look="bw"), tmp_path / "c.mp4", cache)
    assert len(set((cache / "segments").glob("*.mp4")) - before) == 3  # only the middle scene changed
    render(scenes_plan(tmp_path, [None, None, None], style_look="bw"), tmp_path / "d.mp4", cache)
    assert len(set((cache / "segments").glob("*.mp4")) - before) == 3  # its own bw or the style's: the same frames


def thumbnail(tmp_path):
    path = tmp_path / "thumbs" / "shot.jpg"
    path.parent.mkdir()
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", "320x180", "-i",
                    "-", "-frames:v", "1", str(path)], input=patches().tobytes(), check=True)
    return path


def jpeg_rgb(path) -> np.ndarray:
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24",
                          "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(180, 320, 3).astype(float)


def test_thumbnails_take_the_look_and_are_cached(tmp_path):
    path = thumbnail(tmp_path)
    assert look_thumbnail(path, "natural") == path
    bw = look_thumbnail(path, "bw")
    assert bw.parent == path.parent / "looks" and bw.is_file()
    grey = jpeg_rgb(bw)
    assert np.abs(grey[..., 0] - grey[..., 2]).max() < 6
    warm, cool = (stats(jpeg_rgb(look_thumbnail(path, n)))["red_blue"] for n in ("warm", "cool"))
    assert warm > stats(jpeg_rgb(path))["red_blue"] + 15 > cool + 30
    written = bw.stat().st_mtime_ns
    assert look_thumbnail(path, "bw") == bw and bw.stat().st_mtime_ns == written  # cached
    assert look_thumbnail(path, "vintage").is_file()  # through its generated LUT


def test_unknown_looks_and_unreadable_thumbnails_are_clear_errors(tmp_path):
    path = thumbnail(tmp_path)
    with pytest.raises(LookError, match="sepia.*natural"):
        look_thumbnail(path, "sepia")
    broken = tmp_path / "thumbs" / "broken.jpg"
    broken.write_bytes(b"not a picture")
    with pytest.raises(LookError, match="broken.jpg"):
        look_thumbnail(broken, "warm")
    assert not list((tmp_path / "thumbs" / "looks").glob("broken*"))
