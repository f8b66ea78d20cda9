"""Transcription: the bundled Whisper on known speech, silence and Chinese, the cache, the seam, ingest."""

import json

import numpy as np
import pytest

from tests.spoken import CHINESE, ENGLISH, needs_espeak, spoken_video
from tests.synth import flat, write_video
from vectorstore import Library, ingest, library_shots
from vectorstore.models import SpokenWord
from vectorstore.tagging import DescriptionCache, transcribe_file
from vectorstore.transcribe import (CONFIDENCE, SAMPLE_RATE, Transcript, TranscriberError, UnknownTranscriber,
                                    check_transcriber, configured_transcriber, get_transcriber, is_quiet,
                                    load_audio, text_of, words_between)


def word(text: str, start: float, end: float, probability: float = 0.9) -> SpokenWord:
    return SpokenWord(word=text, start=start, end=end, probability=probability)


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speech")
    return {"english": spoken_video(folder / "english.mp4", ENGLISH),
            "chinese": spoken_video(folder / "chinese.mp4", CHINESE, voice="cmn-latn-pinyin")}


@needs_espeak
def test_whisper_hears_english_words_with_their_times(speech):
    words = get_transcriber("whisper").transcribe(str(speech["english"])).words
    text = text_of(words).lower()
    for expected in ("my name is", "teach", "local school", "learn about plants"):
        assert expected in text
    assert words[0].start > 1.2  # two seconds of silence come first (Whisper starts a first word early)
    assert all(a.end <= b.start + 1e-6 and w.start < w.end for a, b in zip(words, words[1:]) for w in (a, b))


@needs_espeak
def test_chinese_speech_is_not_written_down_as_english(speech):
    assert get_transcriber("whisper").transcribe(str(speech["chinese"])).words == []


def test_silence_and_files_without_sound_cost_nothing(tmp_path):
    mute = write_video(tmp_path / "mute.mp4", flat(20, (90, 90, 90)))
    assert load_audio(str(mute)).size == 0
    assert get_transcriber("whisper").transcribe(str(mute)) == Transcript()
    assert is_quiet(np.zeros(SAMPLE_RATE, np.float32))
    assert is_quiet(np.full(SAMPLE_RATE, 1e-4, np.float32))
    assert not is_quiet(0.3 * np.sin(np.arange(SAMPLE_RATE) / 5).astype(np.float32))


def test_confidence_keeps_sure_english_and_drops_the_rest():
    sure = [word("we", 0, 0.2), word("cook", 0.2, 0.5), word("today.", 0.5, 0.9)]
    assert CONFIDENCE.accepts(-0.3, 0.05, 1.3, sure)
    assert not CONFIDENCE.accepts(-1.2, 0.05, 1.3, sure)  # unsure decoding
    assert not CONFIDENCE.accepts(-0.3, 0.9, 1.3, sure)  # probably not speech
    assert not CONFIDENCE.accepts(-0.3, 0.05, 3.0, sure)  # repeating itself
    assert not CONFIDENCE.accepts(-0.3, 0.05, 1.3, [word(w, 0, 1) for w in ("1", "k4", "n3", "1")])  # tone digits
    assert not CONFIDENCE.accepts(-0.3, 0.05, 1.3, [word(w.word, w.start, w.end, 0.2) for w in sure])
    assert not CONFIDENCE.accepts(-0.3, 0.05, 1.3, [])


def test_words_belong_to_the_shot_holding_their_middle_and_read_as_said():
    words = [word("a", 0.0, 0.4), word("self", 0.9, 1.1), word("-contained", 1.1, 1.6), word("room.", 1.6, 2.0)]
    assert [w.word for w in words_between(words, 0.0, 1.0)] == ["a"]
    assert text_of(words_between(words, 1.0, 5.0)) == "self-contained room."
    assert text_of(words) == "a self-contained room."


class CountingTranscriber:
    name = "counting"
    version = "counting/1"

    def __init__(self):
        self.calls = 0

    def transcribe(self, path):
        self.calls += 1
        return Transcript(words=[word("hello", 0.1, 0.5)])


def test_transcripts_are_cached_by_content(tmp_path):
    cache = DescriptionCache(tmp_path / "cache.sqlite")
    counting = CountingTranscriber()
    first = transcribe_file("a.mp4", "digest-1", counting, cache)
    again = transcribe_file("moved/b.mp4", "digest-1", counting, cache)
    other = transcribe_file("a.mp4", "digest-2", counting, cache)
    cache.close()
    assert first == again == other and counting.calls == 2


def test_the_transcriber_is_chosen_by_name(monkeypatch):
    monkeypatch.delenv("STORYCUT_TRANSCRIBER", raising=False)
    assert configured_transcriber() == "whisper"
    monkeypatch.setenv("STORYCUT_TRANSCRIBER", "openai:whisper-1")
    assert configured_transcriber() == "openai:whisper-1"
    assert get_transcriber("none").transcribe("anything.mp4") == Transcript()
    with pytest.raises(UnknownTranscriber, match="choose one of: whisper, none, openai"):
        check_transcriber("parakeet")
    with pytest.raises(UnknownTranscriber, match="needs a model"):
        check_transcriber("openai")


@needs_espeak
def test_ingest_gives_each_shot_its_words(tmp_path, speech):
    footage = tmp_path / "footage"
    footage.mkdir()
    (footage / "talk.mp4").symlink_to(speech["english"])
    write_video(footage / "mute.mp4", flat(20, (90, 90, 90)))
    report = ingest([footage], Library.open(tmp_path / "library"), describer="none")
    assert not report.errors
    shots = {s.source.rsplit("/", 1)[-1]: s for s in library_shots(Library.open(tmp_path / "library"))}
    talk = shots["talk.mp4"]
    assert "learn about plants" in talk.transcript.lower()
    assert talk.speech and all(talk.start <= (w.start + w.end) / 2 < talk.end for w in talk.speech)
    assert shots["mute.mp4"].transcript == "" and shots["mute.mp4"].speech == []


VERBOSE = {"task": "transcribe", "language": "chinese", "duration": 8.0, "text": "大家好 ...",
           "words": [{"word": "大家", "start": 1.0, "end": 1.4}, {"word": "好", "start": 1.4, "end": 1.7},
                     {"word": "嗯", "start": 6.0, "end": 6.3}],
           "segments": [{"id": 0, "seek": 0, "start": 1.0, "end": 1.7, "text": "大家好", "tokens": [1],
                         "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.0, "no_speech_prob": 0.01},
                        {"id": 1, "seek": 0, "start": 6.0, "end": 6.3, "text": "嗯", "tokens": [2],
                         "temperature": 0.0, "avg_logprob": -1.0, "compression_ratio": 1.0, "no_speech_prob": 0.9}]}


@pytest.fixture
def speech_server(openai_server):
    get_transcriber.cache_clear()
    yield openai_server
    get_transcriber.cache_clear()


@needs_espeak
def test_an_openai_compatible_server_transcribes_other_languages(speech_server, speech):
    speech_server.answer("/v1/audio/transcriptions", VERBOSE)
    heard = get_transcriber("openai:whisper-large").transcribe(str(speech["chinese"]))
    assert heard.language == "zh" and [w.word for w in heard.words] == ["大家", "好"]  # not the non-speech one
    request = speech_server.requests[-1]
    assert request["path"] == "/v1/audio/transcriptions"
    assert b'name="model"' in request["form"] and b"whisper-large" in request["form"]
    assert b"RIFF" in request["form"] and b'name="timestamp_granularities[]"' in request["form"]


@needs_espeak
def test_a_failing_server_is_a_clear_error_and_ingest_keeps_the_file(tmp_path, speech_server, speech):
    for _ in range(4):
        speech_server.answer("/v1/audio/transcriptions", json.dumps({"error": {"message": "boom"}}).encode(), 500)
    with pytest.raises(TranscriberError, match="whisper-large failed"):
        get_transcriber("openai:whisper-large").transcribe(str(speech["english"]))
    footage = tmp_path / "footage"
    footage.mkdir()
    (footage / "talk.mp4").symlink_to(speech["english"])
    report = ingest([footage], Library.open(tmp_path / "library"), describer="none", transcriber="openai:whisper-large")
    assert report.files_indexed == 1 and "transcriber skipped" in report.errors[0].reason
