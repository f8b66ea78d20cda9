"""Speech in the footage: phrases heard in talking clips, English against Chinese speech, and cuts through words.

1. Spoken phrases (bench/data/spoken_phrases.json, written by reading the transcripts of the talking
   clips): each phrase is searched for in the uncaptioned library of `bench.visual` (neutral names, the
   tagger and the transcriber on); its clip must come in the top 3. `find_spoken` must give its clip too.
2. Which speech counts as English words: sentences spoken by espeak-ng in English and in Mandarin (both
   of its Mandarin voices) go through the bundled Whisper tiny.en; Chinese must leave no words.
3. Cuts through words: the dev stories and a story about people talking are planned on that library
   (30 s each, no narration) with the clips' own sound off and on; every clip end inside a word counts.

Run: `python -m bench.spoken` (needs espeak-ng for part 2: `make speech`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.planner import plan_story
from tools.retrieval import Retriever
from tools.speech import NotSpoken, find_spoken, words_cut
from tools.style import style_preset
from vectorstore.transcribe import CONFIDENCE, WhisperTiny

from .report import write_section
from .retrieval import FOOTAGE
from .visual import BENCH, library

PHRASES = Path(__file__).resolve().parent / "data" / "spoken_phrases.json"
TOP = 3
ENGLISH = ["Hello, my name is Anna and I teach science at the local school.",
           "Today we are going to learn about plants and how they grow.",
           "The match ended with a late goal from the captain.",
           "Add the flour and the eggs, then bake the cake for twenty minutes.",
           "We drove along the coast and stopped to watch the sunset."]
CHINESE = ["今天天气很好，我们一起去公园散步吧。", "我是一名老师，我在这所学校教了十年的书。", "孩子们每天都很认真地学习。",
           "这家餐厅的饺子非常好吃。", "明天早上八点我们在火车站见面。"]
VOICES = [("English", "en-us", ENGLISH), ("Mandarin", "cmn", CHINESE), ("Mandarin (pinyin voice)", "cmn-latn-pinyin", CHINESE)]
TALKING_STORY = ("A teacher introduces herself and her classroom. Children learn in small groups. "
                 "A man talks about education in his country. A woman explains why students come to school. "
                 "Kids cook and learn science in the kitchen.")


def phrases_section(retriever: Retriever, source_of: dict[str, str], lib) -> tuple[str, int, int]:
    """Table rows for the phrase bench, phrases found in the top 3, and phrases find_spoken placed."""
    phrases = json.loads(PHRASES.read_text())
    rows, found, placed = [], 0, 0
    for item in phrases:
        answers = {str(FOOTAGE / p) for p in item["paths"]}
        clips: list[str] = []
        for candidate in retriever.candidates(item["phrase"], k=30):
            clip = source_of[candidate.shot.shot_id]
            if clip not in clips:
                clips.append(clip)
        rank = next((n for n, c in enumerate(clips, 1) if c in answers), None)
        found += rank is not None and rank <= TOP
        try:
            part = find_spoken(lib, item["phrase"])
            where = source_of[part.shot.shot_id] in answers
            heard = f"{part.in_:.1f}-{part.out:.1f} s: \"{part.text}\""
        except NotSpoken as exc:
            where, heard = False, str(exc)
        placed += where
        rows.append(f"| {item['phrase']} | {Path(item['paths'][0]).stem} | {rank or '-'} | "
                    f"{'yes' if where else 'no'} | {heard} |")
    return "\n".join(rows), found, placed


def language_section() -> str:
    """Table rows: what the bundled Whisper keeps of English and Chinese espeak-ng speech."""
    if shutil.which("espeak-ng") is None:
        return "(espeak-ng is not installed: `make speech`)"
    whisper = WhisperTiny()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, voice, sentences in VOICES:
            for n, sentence in enumerate(sentences):
                wav = Path(tmp) / f"{voice}-{n}.wav"
                subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), sentence], check=True)
                heard = whisper.heard(str(wav))
                words = [w for h in heard for w in h.words]
                kept = [w.word for h in heard if h.kept for w in h.words]
                logprob = min((h.logprob for h in heard), default=0.0)
                probability = sum(w.probability for w in words) / len(words) if words else 0.0
                said = " ".join(w.word for w in words) or "(nothing)"
                said = said if len(said) <= 100 else said[:100] + "…"  # tiny.en loops on Chinese speech
                rows.append(f"| {label} | {sentence} | {said} | {logprob:.2f} | {probability:.2f} | {len(kept)} |")
    return ("| speech | said | heard by tiny.en | avg log-prob | word probability | words kept |\n"
            "|---|---|---|---|---|---|\n" + "\n".join(rows))


def cuts_section(lib, retriever: Retriever) -> str:
    stories = json.loads((FOOTAGE.parent / "eval" / "stories_dev.json").read_text())
    texts = [(s["id"], s["text"]) for s in stories] + [("people_talking", TALKING_STORY)]
    rows = []
    for story, text in texts:
        counts = []
        for sound in (False, True):
            style = style_preset("neutral").model_copy(update={"source_audio": sound, "narration": False})
            plan = plan_story(lib, text, style, duration=30.0)
            clips = [(retriever.shots[c.shot_id], c) for s in plan.segments for c in s.clips]
            spoken = [(shot, c) for shot, c in clips if shot.speech]
            counts.append((len(clips), len(spoken), sum(words_cut(shot.speech, c.in_, c.out) for shot, c in spoken)))
        (total, spoken_off, off), (_, spoken_on, on) = counts
        rows.append(f"| {story} | {total} | {spoken_off} / {spoken_on} | {off} | {on} |")
    return ("| story | clips | clips with speech (sound off / on) | cuts inside a word, sound off | "
            "cuts inside a word, sound on |\n|---|---|---|---|---|\n" + "\n".join(rows))


def main() -> int:
    retriever, source_of = library(BENCH / "uncaptioned-ids", BENCH / "uncaptioned-ids-library-efficientnet-whisper",
                                   "efficientnet", "whisper", neutral=True)
    lib = retriever.indexes[0].library
    phrase_rows, found, placed = phrases_section(retriever, source_of, lib)
    total = len(json.loads(PHRASES.read_text()))
    body = ("Library: all 136 clips without sidecars, neutral names, the EfficientNet tagger and the bundled Whisper "
            "tiny.en (the `bench.visual` library); production retrieval weights.\n\n"
            f"**Spoken phrases: {found} of {total} find their clip in the top {TOP}** (goal: all); `find_spoken` "
            f"places {placed} of {total} in the right clip.\n\n"
            "| phrase | clip | search rank | find_spoken | the part it found |\n|---|---|---|---|---|\n"
            + phrase_rows + "\n\n"
            f"**Which speech becomes words** (espeak-ng sentences; a stretch of speech is kept when its average "
            f"log-probability is at least {CONFIDENCE.min_logprob}, its no-speech probability at most "
            f"{CONFIDENCE.max_no_speech}, its mean word probability at least {CONFIDENCE.min_word_probability} "
            f"and at least {CONFIDENCE.min_letters:.0%} of its words are made of letters):\n\n"
            + language_section() + "\n\n"
            "**Cuts through words** (30 s per story, no narration, the neutral style; goal 0 with the sound on):\n\n"
            + cuts_section(lib, retriever) + "\n")
    write_section("spoken", "Speech: spoken phrases, languages, cuts between words", "python -m bench.spoken", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
