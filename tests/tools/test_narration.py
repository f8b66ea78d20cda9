"""Narration voices: Piper offline, and the OpenAI speech API over real HTTP to a local server."""

import io
import shutil
import wave

import numpy as np
import pytest

from tools.narration import get_voice, narrate
from vectorstore.errors import StorycutError


def test_piper_speaks_offline_and_is_cached(tmp_path):
    path, seconds = narrate("The city glows at night.", tmp_path)
    assert 1.0 < seconds < 4.0
    assert narrate("The city glows at night.", tmp_path) == (path, seconds)
    assert len(list(tmp_path.glob("voice-*.wav"))) == 1


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(24000)
        w.writeframes((np.sin(np.arange(36000) / 10) * 8000).astype(np.int16).tobytes())
    return buffer.getvalue()


@pytest.fixture
def speech_server(openai_server):
    get_voice.cache_clear()
    yield openai_server
    get_voice.cache_clear()


def test_the_openai_voice_calls_the_speech_api(tmp_path, monkeypatch, speech_server):
    monkeypatch.setenv("STORYCUT_VOICE", "openai")
    speech_server.answer("/v1/audio/speech", wav_bytes(), content_type="audio/wav")
    path, seconds = narrate("Hello from the server.", tmp_path)
    assert seconds == pytest.approx(1.5) and path.is_file()
    (request,) = speech_server.requests
    assert request["path"] == "/v1/audio/speech" and request["input"] == "Hello from the server."
    assert request["model"] == "tts-1" and request["auth"] == "Bearer sk-test-not-real-0123456789"


def test_a_voice_that_returns_no_audio_is_a_clear_error(tmp_path, monkeypatch, speech_server):
    speech_server.answer("/v1/audio/speech", b"not audio", content_type="audio/wav")
    with pytest.raises(StorycutError, match="no playable audio"):
        narrate("Hello.", tmp_path, voice="openai")
    assert not list(tmp_path.glob("voice-*.wav"))


def test_unknown_voices_and_missing_keys_are_refused(monkeypatch):
    with pytest.raises(StorycutError, match="unknown voice"):
        get_voice("nonsense")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_voice.cache_clear()
    with pytest.raises(StorycutError, match="OPENAI_API_KEY"):
        get_voice("openai")
    get_voice.cache_clear()


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_espeak_speaks_a_line_that_looks_like_an_option_as_words(tmp_path):
    from tools.narration import EspeakVoice, wav_seconds

    secret = tmp_path / "secret.txt"
    secret.write_text("this file must never be read aloud " * 40)
    EspeakVoice().synthesize(f"-f{secret}", tmp_path / "line.wav")
    assert wav_seconds(tmp_path / "line.wav") < 15  # the file itself takes over a minute to say


def test_the_voice_follows_the_language_of_each_line(monkeypatch):
    from tools.narration import voice_for, voices_for

    monkeypatch.delenv("STORYCUT_VOICE", raising=False)
    assert voice_for("en") == "piper" and voice_for("zh") == "espeak"  # Piper's bundled voice is English only
    assert voice_for("zh", "openai") == "openai"  # a voice that reads Chinese is kept
    assert voices_for(["A dog runs.", "一只狗在跑。", "The end."]) == "piper+espeak"
    monkeypatch.setenv("STORYCUT_VOICE", "espeak")
    assert voices_for(["A dog runs."]) == "espeak"
    with pytest.raises(StorycutError, match="unknown voice"):
        voice_for("en", "nonsense")


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_chinese_is_spoken_in_mandarin_at_a_sensible_length(tmp_path, monkeypatch):
    monkeypatch.delenv("STORYCUT_VOICE", raising=False)
    line = "清晨，一只白色的凤头鹦鹉好奇地盯着镜头。"
    _, seconds = narrate(line, tmp_path)
    assert 2.5 < seconds < 8.0  # 19 characters read as Mandarin syllables, not spelled-out code points
    _, english = narrate("Early one morning, a white cockatoo peers into the camera.", tmp_path)
    assert len(list(tmp_path.glob("voice-*.wav"))) == 2 and english > 1.0
