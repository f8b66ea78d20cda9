import subprocess
import wave

import numpy as np
import pytest

from tools.narration import narrate
from tools.plan import Clip, Plan, PlanSegment, Style, Voice
from tools.render import RenderError, render
from vectorstore.decode import VideoSource, ffmpeg_exe
from tests.synth import flat, grey_plan, write_video


def frame_at(path, seconds: float) -> np.ndarray:
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-ss", str(seconds), "-i", str(path), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8)


def frame_count(path) -> int:
    out = subprocess.run([ffmpeg_exe(), "-i", str(path), "-map", "0:v", "-f", "null", "-"], capture_output=True,
                         text=True).stderr
    return int(out.split("frame=")[-1].split()[0])


@pytest.mark.parametrize("aspect,size", [("16:9", (640, 360)), ("9:16", (360, 640)), ("1:1", (480, 480))])
def test_render_has_exact_frames_and_size(tmp_path, aspect, size):
    plan = grey_plan(tmp_path, aspect)
    result = render(plan, tmp_path / "out.mp4", tmp_path / "cache")
    info = VideoSource(result.output).info
    assert (info.width, info.height) == size
    assert frame_count(result.output) == 75


def test_subtitles_are_burned_in_and_narration_is_heard(tmp_path):
    plain = render(grey_plan(tmp_path), tmp_path / "plain.mp4", tmp_path / "cache").output
    titled = render(grey_plan(tmp_path, subtitles=True, narration=True), tmp_path / "titled.mp4", tmp_path / "cache")
    a, b = frame_at(plain, 1.0).reshape(360, 640), frame_at(titled.output, 1.0).reshape(360, 640)
    assert np.abs(a[280:, :].astype(int) - b[280:, :]).max() > 100  # white text at the bottom
    assert np.abs(a[:150, :].astype(int) - b[:150, :]).max() < 30  # top untouched
    wav = tmp_path / "audio.wav"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(titled.output), "-ac", "1", str(wav)], check=True)
    with wave.open(str(wav)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    assert np.abs(samples).max() > 3000


def test_missing_source_and_bad_output_are_clear_errors(tmp_path):
    with pytest.raises(RenderError, match="no segments"):
        render(Plan(segments=[], duration=0), tmp_path / "empty.mp4", tmp_path / "cache")
    plan = grey_plan(tmp_path)
    (tmp_path / "grey.mp4").unlink()
    with pytest.raises(RenderError, match="grey.mp4"):
        render(plan, tmp_path / "out.mp4", tmp_path / "cache")
    plan = grey_plan(tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(RenderError, match="cannot write"):
        render(plan, tmp_path / "file" / "out.mp4", tmp_path / "cache")


def test_crossfades_blend_and_keep_the_length(tmp_path):
    dark = write_video(tmp_path / "dark.mp4", flat(100, (20, 20, 20)), fps=25)
    light = write_video(tmp_path / "light.mp4", flat(100, (220, 220, 220)), fps=25)
    clips = [Clip(shot_id="a", source=str(dark), in_=0.0, out=1.5, start=0.0, frames=45),
             Clip(shot_id="b", source=str(light), in_=0.0, out=1.5, start=1.5, frames=45)]
    seg = PlanSegment(id="s1", text="Dark, then light.", start=0, duration=3.0, frames=90, clips=clips)
    plan = Plan(style=Style(transition="crossfade", subtitles=False, narration=False), segments=[seg], duration=3.0)
    out = render(plan, tmp_path / "fade.mp4", tmp_path / "cache").output
    assert frame_count(out) == 90
    before, middle, after = (float(frame_at(out, t).mean()) for t in (1.2, 1.75, 2.4))
    assert before < 40 and after > 200 and 60 < middle < 180  # halfway through the dissolve: a blend


def test_a_changed_segment_is_the_only_one_encoded_again(tmp_path):
    grey = write_video(tmp_path / "grey.mp4", flat(150, (90, 90, 90)), fps=25)
    light = write_video(tmp_path / "light.mp4", flat(150, (220, 220, 220)), fps=25)

    def plan_with(second_source):
        segs, frame = [], 0
        for n, (source, text) in enumerate([(grey, "One."), (second_source, "Two."), (grey, "Three.")]):
            clip = Clip(shot_id=f"c{n}", source=str(source), in_=n * 1.5, out=n * 1.5 + 1.5, start=frame / 30,
                        frames=45)
            segs.append(PlanSegment(id=f"s{n}", text=text, start=frame / 30, duration=1.5, frames=45, clips=[clip]))
            frame += 45
        return Plan(style=Style(subtitles=True, narration=True), segments=segs, duration=4.5)

    cache = tmp_path / "cache"
    first = render(plan_with(grey), tmp_path / "a.mp4", cache).output
    encoded = set((cache / "segments").glob("*.mp4"))
    assert len(encoded) == 3 and frame_count(first) == 135
    second = render(plan_with(light), tmp_path / "b.mp4", cache).output
    assert len(set((cache / "segments").glob("*.mp4")) - encoded) == 1
    assert frame_count(second) == 135
    assert float(frame_at(second, 2.2).reshape(360, 640)[:150].mean()) > 200  # the new middle segment
    assert float(frame_at(second, 3.7).reshape(360, 640)[:150].mean()) < 120  # the old last one
    assert not list((cache / "segments").glob(".*"))  # no partial files left behind


def three_bands(tmp_path):
    """A 16:9 source: a dark third, a grey third and a light third, left to right."""
    frame = np.full((180, 320, 3), 128, np.uint8)
    frame[:, :107], frame[:, 213:] = 20, 230
    return write_video(tmp_path / "bands.mp4", [frame] * 50, fps=25)


def test_blur_fit_shows_the_whole_picture_in_a_vertical_frame(tmp_path):
    src = three_bands(tmp_path)
    clip = Clip(shot_id="a", source=str(src), in_=0.0, out=1.0, start=0.0, frames=30)
    seg = PlanSegment(id="s1", text="All three bands.", start=0, duration=1.0, frames=30, clips=[clip])
    rows = {}
    for fit in ("cover", "blur"):
        plan = Plan(style=Style(aspect="9:16", fit=fit, subtitles=False, narration=False), segments=[seg], duration=1.0)
        out = render(plan, tmp_path / f"{fit}.mp4", tmp_path / "cache").output
        rows[fit] = frame_at(out, 0.5).reshape(640, 360)[320]
    assert (rows["cover"] < 60).mean() < 0.05 and (rows["cover"] > 180).mean() < 0.05  # the grey middle only
    assert (rows["blur"] < 60).mean() > 0.2 and (rows["blur"] > 180).mean() > 0.2  # all three bands


def test_music_plays_under_the_video_and_a_missing_file_is_named(tmp_path):
    music = tmp_path / "tune.wav"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                    str(music)], check=True)
    plan = grey_plan(tmp_path)
    plan.style = plan.style.model_copy(update={"music": str(music)})
    out = render(plan, tmp_path / "music.mp4", tmp_path / "cache").output
    wav = tmp_path / "music-audio.wav"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(out), "-ac", "1", str(wav)], check=True)
    with wave.open(str(wav)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    assert np.abs(samples[len(samples) // 2:len(samples) // 2 + 4000]).max() > 300  # looped past its 1 s, fading
    plan.style = plan.style.model_copy(update={"music": str(tmp_path / "nope.mp3")})
    with pytest.raises(RenderError, match="nope.mp3"):
        render(plan, tmp_path / "x.mp4", tmp_path / "cache")


def test_the_clips_own_sound_is_kept_when_asked(tmp_path):
    silent = write_video(tmp_path / "silent.mp4", flat(75, (90, 90, 90)), fps=25)
    loud = tmp_path / "loud.mp4"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(silent), "-f", "lavfi", "-i",
                    "sine=frequency=500:duration=3", "-c:v", "copy", "-c:a", "aac", "-shortest", str(loud)], check=True)
    clip = Clip(shot_id="a", source=str(loud), in_=0.5, out=2.0, start=0.0, frames=45)
    seg = PlanSegment(id="s1", text="A humming card.", start=0, duration=1.5, frames=45, clips=[clip])

    def peak(source_audio: bool) -> int:
        style = Style(subtitles=False, narration=False, source_audio=source_audio)
        out = render(Plan(style=style, segments=[seg], duration=1.5), tmp_path / f"{source_audio}.mp4",
                     tmp_path / "cache").output
        wav = tmp_path / f"{source_audio}.wav"
        subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(out), "-ac", "1", str(wav)], check=True)
        with wave.open(str(wav)) as w:
            return int(np.abs(np.frombuffer(w.readframes(w.getnframes()), np.int16)).max())

    assert peak(True) > 1000 and peak(False) < 50


def test_each_subtitle_shows_exactly_during_its_segment(tmp_path):
    src = write_video(tmp_path / "grey.mp4", flat(150, (90, 90, 90)), fps=25)
    segs, frame = [], 0
    for n, text in enumerate(["First words here.", "A second, much longer line of subtitle text."]):
        clip = Clip(shot_id=f"c{n}", source=str(src), in_=n * 2.0, out=n * 2.0 + 2.0, start=frame / 30, frames=60)
        segs.append(PlanSegment(id=f"s{n}", text=text, start=frame / 30, duration=2.0, frames=60, clips=[clip]))
        frame += 60
    out = render(Plan(style=Style(narration=False), segments=segs, duration=4.0), tmp_path / "subs.mp4",
                 tmp_path / "cache").output
    band = [frame_at(out, t).reshape(360, 640)[280:].astype(int) for t in (0.5, 1.9, 2.1, 3.5)]
    within = max(np.abs(band[0] - band[1]).mean(), np.abs(band[2] - band[3]).mean())  # compression noise
    across = np.abs(band[1] - band[2]).mean()  # the cue changes at the boundary (2.0 s)
    assert across > 4 * within and across > 4


def test_a_hung_ffmpeg_is_stopped_and_named(tmp_path, monkeypatch):
    """With a watchdog far shorter than the encode takes, ffmpeg is stopped and the render fails
    with the reason, leaving no video behind (a real ffmpeg hung once under heavy load)."""
    import importlib

    rendering = importlib.import_module("tools.render")  # the module: `tools.render` is also the function

    monkeypatch.setattr(rendering, "FFMPEG_BASE_SECONDS", 0.001)
    monkeypatch.setattr(rendering, "FFMPEG_SECONDS_PER_SECOND", 0.0)
    with pytest.raises(RenderError, match="hung"):
        render(grey_plan(tmp_path), tmp_path / "out.mp4", tmp_path / "cache")
    assert not (tmp_path / "out.mp4").exists()


def test_a_line_that_runs_on_is_heard_and_subtitled_over_the_next_picture(tmp_path):
    """A split edit (`PlanSegment.voice`): the first line goes on past its 1 s picture, its subtitle
    stays up across the cut, and the second line starts after it."""
    src = write_video(tmp_path / "grey.mp4", flat(150, (90, 90, 90)), fps=25)
    texts = ["The runners wait at the line for the whistle, and then the race begins.", "Go."]
    spoken = narrate(texts[0], tmp_path / "cache")[1]
    assert spoken > 2.5
    second = round(spoken + 1.5, 1)
    voices = [Voice(start=0.0, end=spoken, rate=1.0), Voice(start=spoken + 0.1, end=spoken + 0.6, rate=1.0)]
    segs, frame = [], 0
    for n, (text, seconds) in enumerate(zip(texts, [1.0, second])):
        frames = round(seconds * 30)
        clip = Clip(shot_id=f"c{n}", source=str(src), in_=0.0, out=seconds, start=frame / 30, frames=frames)
        segs.append(PlanSegment(id=f"s{n}", text=text, start=frame / 30, duration=seconds, frames=frames, clips=[clip],
                                voice=voices[n]))
        frame += frames
    out = render(Plan(style=Style(), segments=segs, duration=frame / 30), tmp_path / "on.mp4", tmp_path / "cache").output
    band = [frame_at(out, t).reshape(360, 640)[280:].astype(int) for t in (0.5, 1.5, spoken + 0.5)]
    assert np.abs(band[0] - band[1]).mean() < 2 < np.abs(band[1] - band[2]).mean()  # the same cue across the cut
    wav = tmp_path / "on.wav"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(out), "-ac", "1", "-ar", "16000", str(wav)], check=True)
    with wave.open(str(wav)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(float)
    over = samples[int(1.6 * 16000):int((spoken - 0.3) * 16000)]  # after where "Go." would have ended
    assert np.sqrt(np.mean(over ** 2)) > 300  # still speaking over the second picture
