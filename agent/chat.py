"""One chat turn: understand the message, change the session's edit, render a preview, reply."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools.plan import Plan, Style
from tools.planner import plan_story, plan_texts
from tools.story import keywords
from tools.render import render
from tools.style import style_preset
from vectorstore import Library
from vectorstore.errors import StorycutError

from .intents import (CAPABILITIES, AddSegment, ChangeText, History, Intent, MoveSegment, NewStory, Ref,
                      RemoveSegment, ReplaceShots, SegmentEdit, SetDuration, SetStyle, SwapSegments, parse)
from .sessions import Edit, SessionStore

MAX_MESSAGE_CHARS = 20_000


@dataclass
class Turn:
    session: str
    reply: str
    plan: Plan | None
    preview: Path | None


PRESENTATION = ("aspect", "subtitles", "transition")
"""Style fields the renderer alone reads: changing only these keeps the plan's shots and timing."""


def _restyle(style: Style, change: SetStyle) -> Style:
    base = style_preset(change.preset) if change.preset else style
    fields = {k: getattr(style, k) for k in ("aspect", "subtitles", "narration")}
    if change.preset is None:
        fields.update(pace=style.pace, transition=style.transition)
    for key in ("aspect", "subtitles", "narration", "transition"):
        if getattr(change, key) is not None:
            fields[key] = getattr(change, key)
    if change.pace_factor:
        fields["pace"] = round(max(0.6, min(10.0, (fields.get("pace") or base.pace) * change.pace_factor)), 2)
    return base.model_copy(update=fields)


def _describe(plan: Plan) -> str:
    clips = sum(len(s.clips) for s in plan.segments)
    return (f"{len(plan.segments)} scenes, {clips} shots, {plan.duration:.1f} s, {plan.style.aspect}, "
            f"style {plan.style.preset}")


def chat_turn(library: Library, session: str | None, message: str, render_preview: bool = True,
              sessions: Path | None = None) -> Turn:
    """Apply `message` to session `session` (created when new) and return the reply. Sessions live
    in the library unless another `sessions` database is given."""
    store = SessionStore(sessions or library.sessions_path)
    try:
        sid = store.open(session)
        text = (message or "").strip()
        if not text:
            return Turn(sid, "Your message is empty. I can " + CAPABILITIES + ".", None, None)
        if len(text) > MAX_MESSAGE_CHARS:
            return Turn(sid, f"That message is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}. "
                             "Send a shorter story.", _current_plan(store, sid), None)
        store.add_message(sid, "user", text)
        edit = store.edit(sid)
        intents = parse(text, has_plan=edit is not None)
        try:
            reply, edit = _apply(store, sid, edit, intents, library)
        except StorycutError as exc:
            reply = f"I could not do that: {exc}"
        preview = None
        if edit is not None and render_preview and intents:
            out = library.renders / f"{sid}-v{edit.plan.version}.mp4"
            if not out.exists():
                render(edit.plan, out, library.cache, quality="preview")
            preview = out
        store.add_message(sid, "assistant", reply)
        return Turn(sid, reply, edit.plan if edit else None, preview)
    finally:
        store.close()


def resolve(texts: list[str], ref: Ref) -> int:
    """The position of the segment `ref` points at; StorycutError saying why when none fits."""
    if ref.index is not None:
        index = ref.index if ref.index >= 0 else len(texts) + ref.index
        if not 0 <= index < len(texts):
            raise StorycutError(f"there is no scene {ref.index + 1}: the story has {len(texts)}")
        return index
    words = (ref.words or "").lower()
    for i, text in enumerate(texts):
        if words and words in text.lower():
            return i
    wanted = set(keywords(words))
    overlap = [len(wanted & set(keywords(t))) for t in texts]
    if wanted and max(overlap) > 0:
        return overlap.index(max(overlap))
    raise StorycutError(f"no scene mentions \"{ref.words}\"")


def _edit_texts(texts: list[str], edit: SegmentEdit) -> tuple[list[str], frozenset[int], str]:
    """The segment texts after `edit`, the positions whose shots must change, and what was done."""
    texts = list(texts)
    if isinstance(edit, RemoveSegment):
        i = resolve(texts, edit.ref)
        if len(texts) == 1:
            raise StorycutError("that is the only scene: send a new story instead")
        removed = texts.pop(i)
        return texts, frozenset(), f"removed scene {i + 1} (\"{_short(removed)}\")"
    if isinstance(edit, SwapSegments):
        i, j = resolve(texts, edit.a), resolve(texts, edit.b)
        texts[i], texts[j] = texts[j], texts[i]
        return texts, frozenset(), f"swapped scenes {i + 1} and {j + 1}"
    if isinstance(edit, ReplaceShots):
        i = resolve(texts, edit.ref)
        return texts, frozenset({i}), f"scene {i + 1} now uses other shots"
    if isinstance(edit, AddSegment):
        position = len(texts) if edit.position is None else edit.position
        texts.insert(position, edit.text)
        return texts, frozenset(), f"added scene {position + 1} (\"{_short(edit.text)}\")"
    if isinstance(edit, MoveSegment):
        i = resolve(texts, edit.ref)
        moved = texts.pop(i)
        texts.insert(0 if edit.to == 0 else len(texts), moved)
        return texts, frozenset(), f"moved scene {i + 1} (\"{_short(moved)}\") to the {'start' if edit.to == 0 else 'end'}"
    i = resolve(texts, edit.ref)
    texts[i] = edit.text
    return texts, frozenset(), f"scene {i + 1} now says \"{_short(edit.text)}\""


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37].rstrip() + "..."


def _current_plan(store: SessionStore, sid: str) -> Plan | None:
    edit = store.edit(sid)
    return edit.plan if edit else None


def _apply(store: SessionStore, sid: str, edit: Edit | None, intents: list[Intent],
           library: Library) -> tuple[str, Edit | None]:
    if not intents:
        if edit is None:
            return "Send me the story you want to illustrate, e.g. \"Make a video of this story: ...\".", None
        return f"Sorry, I did not understand that. I can {CAPABILITIES}.", edit
    done: list[str] = []
    for intent in intents:
        if isinstance(intent, History):
            target = store.parent(sid) if intent.action == "undo" else store.child(sid)
            if target is None:
                done.append(f"there is nothing to {intent.action}")
                continue
            edit = store.move(sid, target)
            done.append(f"{intent.action} done: back to version {target}" if edit else
                        f"{intent.action} done: no plan yet")
            continue
        if isinstance(intent, NewStory):
            style = edit.plan.style if edit else style_preset("neutral")
            plan = plan_story(library, intent.text, style)
            edit = Edit(story=intent.text, duration=None, plan=plan)
            store.commit(sid, edit, "new story")
            done.append("made a cut of your story")
            continue
        if edit is None:
            return "There is no video yet: send me a story first.", None
        if isinstance(intent, SegmentEdit):
            texts, replace, said = _edit_texts([s.text for s in edit.plan.segments], intent)
            plan = plan_texts(library, texts, edit.plan.style, edit.duration, previous=edit.plan, replace=replace)
            edit = Edit(story=" ".join(texts), duration=edit.duration, plan=plan)
            store.commit(sid, edit, said)
            done.append(said)
        elif isinstance(intent, SetDuration):
            if not 2 <= intent.seconds <= 3600:
                done.append("a length must be between 2 seconds and an hour")
                continue
            plan = plan_story(library, edit.story, edit.plan.style, intent.seconds)
            edit = Edit(story=edit.story, duration=intent.seconds, plan=plan)
            store.commit(sid, edit, f"duration {intent.seconds:g}s")
            done.append(f"set the length to {intent.seconds:g} s")
        elif isinstance(intent, SetStyle):
            style = _restyle(edit.plan.style, intent)
            changed = {k for k in Style.model_fields if getattr(style, k) != getattr(edit.plan.style, k)}
            if changed <= set(PRESENTATION):
                plan = edit.plan.model_copy(update={"style": style})
            else:
                plan = plan_story(library, edit.story, style, edit.duration)
            edit = Edit(story=edit.story, duration=edit.duration, plan=plan)
            store.commit(sid, edit, "style")
            done.append("changed the style")
    summary = f" Now: {_describe(edit.plan)}." if edit else ""
    return "Done: " + "; ".join(done) + "." + summary, edit
