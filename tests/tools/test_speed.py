"""Playback speed on real renders: frames of the source at the planned rate, exact lengths, and the
clip's own sound following at the same tempo (and pitch)."""

import subprocess
import wave

import numpy as np
import pytest

from tools.plan import Clip, Plan, PlanSegment, Style
from tools.render import render
from tools.speed import ATEMPO_MAX, ATEMPO_MIN, atempo_chain
from vectorstore.decode import ffmpeg_exe
from tests.conftest import DEMO
from tests.synth import write_video

BITS = 8


def numbered(path, total: int = 180, fps: int = 30):
    """A video whose frame i shows i in binary: BITS vertical bands, white for a 1 bit."""
    frames = []
    for i in range(total):
        frame = np.zeros((180, 320, 3), np.uint8)
        for bit in range(BITS):
            if i >> bit & 1:
                frame[:, bit * 40:(bit + 1) * 40] = 255
        frames.append(frame)
    return write_video(path, frames, fps=fps)


def decoded_numbers(video) -> list[int]:
    """The number each frame of a rendered (640x360) video shows."""
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(video), "-f", "rawvideo", "-pix_fmt", "gray",
                          "-"], capture_output=True, check=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, 360, 640)
    bands = frames[:, 40:320, :].reshape(len(frames), 280, BITS, 80)[:, :, :, 20:60].mean(axis=(1, 3))
    return [int(sum(1 << b for b in range(BITS) if row[b] > 128)) for row in bands]


def speed_plan(source, speed: float, frames: int = 60, start: float = 1.0, source_audio: bool = False) -> Plan:
    clip = Clip(shot_id="a", source=str(source), in_=start, out=start + frames / 30 * speed, start=0.0, frames=frames,
                speed=speed)
    seg = PlanSegment(id="s1", text="A counter.", start=0, duration=frames / 30, frames=frames, clips=[clip],
                      speed=speed)
    style = Style(subtitles=False, narration=False, source_audio=source_audio)
    return Plan(style=style, segments=[seg], duration=round(frames / 30, 4))


@pytest.mark.parametrize("speed", [0.5, 0.25, 1.0, 2.0])
def test_a_scene_shows_its_source_frames_at_its_speed(tmp_path, speed):
    source = numbered(tmp_path / "numbers.mp4")
    out = render(speed_plan(source, speed, frames=40), tmp_path / "out.mp4", tmp_path / "cache").output
    shown = decoded_numbers(out)
    assert len(shown) == 40  # exactly its frames on the timeline
    # Timeline frame k shows the source frame at in + k/30 * speed (the source is 30 fps).
    expected = [30 + int(k * speed + 1e-9) for k in range(40)]
    assert shown == expected


def cover_frames(video, start: float, count: int) -> np.ndarray:
    """`count` frames of `video` from `start` at its own rate, scaled and cropped as a 16:9 preview is."""
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-ss", f"{start}", "-i", str(video), "-frames:v",
                          str(count), "-vf", "scale=640:360:force_original_aspect_ratio=increase,crop=640:360",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 360, 640).astype(float)


def test_real_footage_in_slow_motion_shows_its_source_frames_at_half_rate(tmp_path):
    """Cyclists in traffic (25 fps) at 0.5x: timeline frame k (30 fps) is a source frame showing at
    in + k / 30 * 0.5 (the one before or after that instant), not the one a normal-speed cut shows."""
    source = DEMO / "footage" / "cyclists_in_traffic.mp4"
    out = render(speed_plan(source, 0.5, frames=45, start=2.0), tmp_path / "slow.mp4", tmp_path / "cache").output
    shown, original = cover_frames(out, 0, 45), cover_frames(source, 2.0, 40)

    def error(k: int, source_time: float) -> float:
        j = int(source_time * 25)
        return min(np.abs(shown[k] - original[i]).mean() for i in (j, j + 1))

    slow = [error(k, k / 30 * 0.5) for k in range(45)]
    normal = [error(k, k / 30) for k in range(45)]
    assert len(shown) == 45 and max(slow) < 4 and np.mean(slow) < np.mean(normal) / 5


def test_slow_motion_holds_the_last_source_frame_when_the_shot_ends(tmp_path):
    source = numbered(tmp_path / "numbers.mp4", total=60)  # 2 s
    clip = Clip(shot_id="a", source=str(source), in_=1.0, out=2.0, start=0.0, frames=60, speed=0.5)
    seg = PlanSegment(id="s1", text="To the end.", start=0, duration=2.0, frames=60, clips=[clip], speed=0.5)
    out = render(Plan(style=Style(subtitles=False, narration=False), segments=[seg], duration=2.0),
                 tmp_path / "out.mp4", tmp_path / "cache").output
    shown = decoded_numbers(out)
    assert len(shown) == 60 and shown[0] == 30 and shown[-1] == 59 and shown == sorted(shown)


def tone_video(tmp_path, hz: int = 600):
    silent = numbered(tmp_path / "numbers.mp4", total=300)
    loud = tmp_path / "tone.mp4"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(silent), "-f", "lavfi", "-i",
                    f"sine=frequency={hz}:duration=10", "-c:v", "copy", "-c:a", "aac", "-shortest", str(loud)],
                   check=True)
    return loud


def samples_of(video, tmp_path) -> np.ndarray:
    wav = tmp_path / "sound.wav"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(video), "-ac", "1", str(wav)], check=True)
    with wave.open(str(wav)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(float)


@pytest.mark.parametrize("speed", [0.25, 0.5, 2.0])
def test_the_clips_own_sound_follows_the_speed_at_the_same_pitch(tmp_path, speed):
    out = render(speed_plan(tone_video(tmp_path), speed, frames=120, start=0.5, source_audio=True),
                 tmp_path / "out.mp4", tmp_path / "cache").output
    sound = samples_of(out, tmp_path)
    assert abs(len(sound) / 44100 - 4.0) < 0.05
    # 0.5-0.75 s, and 2.0-2.25 s: before the last 1.5 s, where the bed fades out.
    middle, late = sound[22050:33075], sound[88200:99225]
    assert np.abs(middle).max() > 1000 and np.abs(late).max() > 1000  # heard throughout, not cut short
    spectrum = np.abs(np.fft.rfft(middle * np.hanning(len(middle))))
    assert abs(np.argmax(spectrum) * 44100 / len(middle) - 600) < 15  # tempo changed, pitch kept


@pytest.mark.parametrize("speed", [0.25, 0.3, 0.5, 0.9, 1.0, 1.7, 2.0, 3.3, 4.0])
def test_atempo_chain_multiplies_to_the_speed_with_each_step_in_range(speed):
    steps = [float(part.removeprefix("atempo=")) for part in atempo_chain(speed).split(",") if part]
    assert all(ATEMPO_MIN <= s <= ATEMPO_MAX for s in steps)
    assert abs(np.prod(steps) - speed) < 1e-5
    assert (steps == []) == (speed == 1.0)
