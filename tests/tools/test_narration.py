"""Narration voices: Piper offline, and the OpenAI speech API over real HTTP to a local server."""

import io
import json
import wave

import numpy as np
import pytest

from tests.local_http import QuietHandler, openai_server
from tools.narration import get_voice, narrate
from vectorstore.errors import StorycutError


def test_piper_speaks_offline_and_is_cached(tmp_path):
    path, seconds = narrate("The city glows at night.", tmp_path)
    assert 1.0 < seconds < 4.0
    assert narrate("The city glows at night.", tmp_path) == (path, seconds)
    assert len(list(tmp_path.glob("voice-*.wav"))) == 1


class SpeechServer(QuietHandler):
    requests: list[dict] = []
    reply_wav = True

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        SpeechServer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        buffer = io.BytesIO()
        if SpeechServer.reply_wav:
            with wave.open(buffer, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(24000)
                w.writeframes((np.sin(np.arange(36000) / 10) * 8000).astype(np.int16).tobytes())
        else:
            buffer.write(b"not audio")
        self.reply(200, "audio/wav", buffer.getvalue())


@pytest.fixture
def speech_server(monkeypatch):
    with openai_server(SpeechServer, monkeypatch):
        get_voice.cache_clear()
        SpeechServer.requests, SpeechServer.reply_wav = [], True
        yield SpeechServer
    get_voice.cache_clear()


def test_the_openai_voice_calls_the_speech_api(tmp_path, monkeypatch, speech_server):
    monkeypatch.setenv("STORYCUT_VOICE", "openai")
    path, seconds = narrate("Hello from the server.", tmp_path)
    assert seconds == pytest.approx(1.5) and path.is_file()
    (request,) = speech_server.requests
    assert request["path"] == "/v1/audio/speech" and request["input"] == "Hello from the server."
    assert request["model"] == "tts-1" and request["auth"] == "Bearer sk-test-not-real"


def test_a_voice_that_returns_no_audio_is_a_clear_error(tmp_path, monkeypatch, speech_server):
    speech_server.reply_wav = False
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
