"""The built-in director: a LangChain chat model that edits by understanding, with no LLM and no network.

A turn: when there is a video, it first calls `describe_video` (as any model would look before it
edits) and reads the scenes from the answer; `agent.understand` turns the message into calls, a
question or words; the calls go out one tool call at a time; when the tools have answered, the reply
is written from what they did (`agent.replies`). What the director needs from earlier turns (the
scene in view, a question's readings) travels in its own messages' `additional_kwargs`, so it is in
the checkpointed conversation like everything else.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from .intents import Call, Reading
from .references import Scene
from .replies import offer_words, answer_words, not_understood, results
from .slots import Context
from .understand import answer, language, read
from .vocabulary import BY_NAME

NO_VIDEO = "There is no video yet."
"""The system prompt says this before the first story (see `agent.graph.system_prompt`)."""

LOOK = "describe_video"
"""The read-only tool the director calls first, to see the scenes it will reason about."""
BATCH = "apply_all"
UNBATCHED = frozenset({"undo", "redo", "go_to_version", "list_versions", "describe_video", "render_video",
                       "export_video", "show_alternatives", "explain_choice", "new_story"})
"""Tools that are not changes of the plan (or replace it): never inside apply_all."""
MEMORY = "storycut"
"""The key of the director's notes in its messages' additional_kwargs."""


class Director(BaseChatModel):
    """Tool-calling chat model of understanding (see the module's docstring)."""

    @property
    def _llm_type(self) -> str:
        return "storycut-director"

    def bind_tools(self, tools: Sequence[dict[str, Any] | type | BaseTool | Any], *, tool_choice: Any = None,
                   **kwargs: Any) -> Runnable[LanguageModelInput, AIMessage]:
        return self.bind(tools=[convert_to_openai_tool(t)["function"]["name"] for t in tools], **kwargs)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  tools: list[str] | None = None, **kwargs: Any) -> ChatResult:
        asked = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=None)
        if asked is None:
            return _answer(AIMessage(content="Send me the story you want to illustrate."))
        message = _text(messages[asked])
        answered = [m for m in messages[asked + 1:] if isinstance(m, ToolMessage)]
        if not answered and _has_video(messages) and (tools is None or LOOK in tools):
            return _call(LOOK, {}, f"call_{asked}_look")
        looked = bool(answered) and answered[0].name == LOOK
        described = _result(answered[0]) if looked else {}
        ctx = _context(described, messages[:asked])
        reading = _reading(message, ctx, messages[:asked])
        done = answered[1:] if looked else answered
        calls = [c for c in reading.calls if c.tool]
        missing = [c.tool for c in calls if tools is not None and c.tool not in tools]
        if missing:
            return _final(_cannot_yet(missing[0], reading.language), ctx.focus, last=ctx.last)
        batched = _batchable(calls, tools)
        if batched and not done:
            return _call(BATCH, {"operations": [{"tool": c.tool, "args": c.args} for c in calls]}, f"call_{asked}_all")
        if not batched and len(done) < len(calls):
            call = calls[len(done)]
            return _call(call.tool, call.args, f"call_{asked}_{len(done)}")
        answers = _unbatched(done[0], len(calls)) if batched else [_text(m) for m in done[:len(calls)]]
        refused = _settled(calls, answers)
        settled = list(refused.values())
        extra = done[1:] if batched else done[len(calls):]
        if len(extra) < len(settled):
            call = settled[len(extra)]
            return _call(call.tool, call.args, f"call_{asked}_settle_{len(extra)}")
        calls, answers = calls + settled, answers + [_text(m) for m in extra]
        told = [(c, a) for n, (c, a) in enumerate(zip(calls, answers)) if n not in refused]  # settled: said once
        reply = _reply(message, reading, [c for c, _ in told], [a for _, a in told], ctx, described)
        offer = _offer(calls, answers)
        last = _applied(calls, answers) or ctx.last
        if offer is None:
            return _final(reply, _focus(reading, ctx), reading.options, last)
        return _final(reply + " " + offer_words(offer, reading.language), ctx.focus, [[offer]], last)


def _applied(calls: list[Call], answers: list[str]) -> list[Call]:
    """The changes that were made: what "do the same for ..." repeats next."""
    return [c for c, a in zip(calls, answers) if "error" not in _loads(a) and (k := BY_NAME.get(c.kind)) and k.changes]


def _nearest(call: Call, text: str) -> Call | None:
    """For a length refused as impossible (the narration would be read too fast): the same change
    to the nearest length the tool says it can do; None for any other answer."""
    seconds = _loads(text).get("nearest")
    if seconds is None:
        return None
    tool, args = ("set_length", {"seconds": seconds}) if call.scene is None else \
        ("set_scene_length", {"scene": call.scene + 1, "seconds": seconds})
    return Call(tool, args, call.kind, call.scene, nearest=True)


def _settled(calls: list[Call], answers: list[str]) -> dict[int, Call]:
    """A length the user put no number on ("trim it down"), refused as impossible: made the nearest
    length that can be done, at once; by the refused call's position in `calls`."""
    return {n: near for n, (call, text) in enumerate(zip(calls, answers))
            if call.settle and (near := _nearest(call, text))}


def _offer(calls: list[Call], answers: list[str]) -> Call | None:
    """What a refusal can offer instead, as the answer to a yes/no question: for a length the user put
    a number on ("take 5 s off"), the nearest one that can be done; for a new scene no shot shows,
    adding it anyway; for a shot described that no shot shows, the closest one. Only for a message
    that asked for that one change."""
    if len(calls) != 1:
        return None
    call, text = calls[0], answers[0]
    if call.tool in ("add_scene", "use_shot_showing") and _loads(text).get("reason") == "unshown":
        return Call(call.tool, {**call.args, "anyway": True}, call.kind, call.scene)
    return None if call.settle else _nearest(call, text)


def _batchable(calls: list[Call], tools: list[str] | None) -> bool:
    """Several changes asked in one message go out as one `apply_all` call: one version, one undo."""
    return len(calls) > 1 and (tools is None or BATCH in tools) and all(c.tool not in UNBATCHED for c in calls)


def _unbatched(message: ToolMessage, count: int) -> list[str]:
    """apply_all's answer as one answer per change, each with the video's state after them all."""
    value = _result(message)
    results = value.get("results")
    if not isinstance(results, list):
        return [_text(message)] * count
    return [json.dumps(r | {"video": value.get("video")}) for r in results][:count]


def _has_video(messages: list[BaseMessage]) -> bool:
    system = next((_text(m) for m in messages if isinstance(m, SystemMessage)), "")
    return NO_VIDEO not in system


def _context(described: dict, history: list[BaseMessage]) -> Context:
    scenes = [Scene(text=s.get("text", ""), shows=tuple(c.get("shows", "") for c in s.get("shots", [])),
                    sees=tuple(w for c in s.get("shots", []) for w in [*c.get("sees", []), c.get("says", "")] if w),
                    seconds=float(s.get("seconds", 0)), look=s.get("look"), speed=float(s.get("speed", 1) or 1))
              for s in described.get("scenes") or []]
    notes = next((n for m in reversed(history) if isinstance(m, AIMessage)
                  and (n := m.additional_kwargs.get(MEMORY)) and "focus" in n), {})
    focus = notes.get("focus")
    if focus is not None and not 0 <= focus < len(scenes):
        focus = None
    last = [Call.from_dict(c) for c in notes.get("last") or []]
    return Context(scenes, float(described.get("duration") or 0), focus, bool(scenes), last)


def _reading(message: str, ctx: Context, history: list[BaseMessage]) -> Reading:
    """The message read in context; when the last reply asked a question, an answer to it picks one of
    its readings ("the first", "yes", "scene 2")."""
    last = next((m for m in reversed(history) if isinstance(m, AIMessage) and not m.tool_calls), None)
    options = [[Call.from_dict(c) for c in o] for o in (last.additional_kwargs.get(MEMORY, {}).get("options") or [])] \
        if last is not None else []
    if options:
        picked = answer(message, options, ctx)
        if picked is False:
            lang = language(message)
            return Reading(say="好的，视频保持不变。" if lang == "zh" else "OK, I left the video as it is.", language=lang)
        if picked:
            return Reading(list(picked), language=language(message), kinds=[c.kind for c in picked])
    return read(message, ctx)


def _reply(message: str, reading: Reading, calls: list[Call], answers: list[str], ctx: Context,
           described: dict) -> str:
    if not message.strip():
        return not_understood(reading.language, ctx.has_video)
    if reading.say:
        return reading.say
    words = [answer_words(c, ctx, reading.language, described) for c in reading.calls if not c.tool]
    said = results(calls, answers, ctx, reading.language) if calls else ""
    return " ".join(dict.fromkeys([w for w in words if w] + ([said] if said else []))) or \
        not_understood(reading.language, ctx.has_video)


def _focus(reading: Reading, ctx: Context) -> int | None:
    scenes = [c.scene for c in reading.calls if c.scene is not None]
    if reading.options:
        return ctx.focus
    return scenes[-1] if scenes else (None if any(c.tool == "new_story" for c in reading.calls) else ctx.focus)


def _cannot_yet(tool: str, lang: str) -> str:
    if lang == "zh":
        return f"这一步需要工具 {tool}，现在还不可用，视频没有改动。"
    return f"I cannot do that here: the tool {tool} is not available. The video is unchanged."


def _call(name: str, args: dict, call_id: str) -> ChatResult:
    return _answer(AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}]))


def _final(text: str, focus: int | None, options: list[list[Call]] | None = None,
           last: list[Call] | None = None) -> ChatResult:
    notes = {"focus": focus, "options": [[c.as_dict() for c in o] for o in options or []],
             "last": [c.as_dict() for c in last or []]}
    return _answer(AIMessage(content=text, additional_kwargs={MEMORY: notes}))


def _answer(message: AIMessage) -> ChatResult:
    return ChatResult(generations=[ChatGeneration(message=message)])


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def _result(message: ToolMessage) -> dict:
    return _loads(_text(message))


def _loads(text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
