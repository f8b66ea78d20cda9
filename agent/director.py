"""The built-in director: a LangChain chat model that edits by rules, with no LLM and no network.

It reads the user's message into intents (`agent.intents`, then `agent.paraphrase` for other
wordings), answers with one tool call at a time, and when the tools have answered, writes the
reply from what they did. The agent loop, the tools and the checkpointed memory are exactly those
an LLM would use; only the thinking is ours.
"""

from __future__ import annotations

import json
import re
from typing import Any, Sequence

from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from .intents import (CAPABILITIES, AddSegment, Ask, ChangeText, Export, GoToVersion, History, Intent, Lock,
                      MoveSegment, NewStory, Ref, RemoveSegment, Render, Replan, ReplaceShots, SetDuration, SetStyle,
                      ShowAlternatives, SwapSegments, UseShot, parse)
from .paraphrase import paraphrase

NO_VIDEO = "There is no video yet."
"""The system prompt says this before the first story (see `agent.graph.system_prompt`)."""

NEXT_STEPS = ("You can say \"make it more dramatic\", \"make it 20 seconds\", \"show alternatives for scene 2\", "
              "\"swap scenes 1 and 2\" or \"undo\".")


def scene(ref: Ref) -> int | str:
    """A tool's scene argument: 1-based number (-1 the last) or words."""
    if ref.index is None:
        return ref.words or ""
    return ref.index + 1 if ref.index >= 0 else ref.index


def tool_call(intent: Intent) -> tuple[str, dict[str, Any]]:
    """The tool and arguments that carry out `intent`."""
    match intent:
        case NewStory(text=text):
            return "new_story", {"text": text}
        case SetDuration(seconds=seconds):
            return "set_length", {"seconds": seconds}
        case SetStyle():
            pace = None if intent.pace_factor is None else "faster" if intent.pace_factor < 1 else "slower"
            args = {"preset": intent.preset, "pace": pace, "aspect": intent.aspect, "transition": intent.transition,
                    "subtitles": intent.subtitles, "narration": intent.narration}
            return "set_style", {k: v for k, v in args.items() if v is not None}
        case History(action=action):
            return action, {}
        case RemoveSegment(ref=ref):
            return "remove_scene", {"scene": scene(ref)}
        case SwapSegments(a=a, b=b):
            return "swap_scenes", {"a": scene(a), "b": scene(b)}
        case ReplaceShots(ref=ref):
            return "other_shots", {"scene": scene(ref)}
        case AddSegment(text=text, position=position):
            return "add_scene", {"text": text} | ({} if position is None else {"position": position + 1})
        case MoveSegment(ref=ref, to=to):
            return "move_scene", {"scene": scene(ref), "to": to}
        case ChangeText(ref=ref, text=text):
            return "rewrite_scene", {"scene": scene(ref), "text": text}
        case ShowAlternatives(ref=ref):
            return "show_alternatives", {"scene": scene(ref)}
        case UseShot(ref=ref, shot=shot):
            return "use_shot", {"scene": scene(ref), "shot": shot}
        case Lock(ref=ref, locked=locked):
            return "lock_scene", {"scene": scene(ref), "locked": locked}
        case GoToVersion(version=version):
            return "go_to_version", {"version": version}
        case Export(format=fmt):
            return "export_video", {"format": fmt}
        case Render(quality=quality):
            return "render_video", {"quality": quality}
        case Ask(what="versions"):
            return "list_versions", {}
        case Ask():
            return "describe_video", {}
        case Replan():
            return "replan", {}
    raise ValueError(f"no tool for {intent!r}")


def understand(message: str, has_video: bool) -> list[Intent]:
    """The intents of `message`: by rule first, then by meaning for argument-free requests."""
    intents = parse(message, has_plan=has_video)
    if intents or not has_video or not message.strip():
        return intents
    meant = paraphrase(message)
    return [meant] if meant is not None else []


class Director(BaseChatModel):
    """Tool-calling chat model of rules (see the module's docstring)."""

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
        system = next((_text(m) for m in messages if isinstance(m, SystemMessage)), "")
        answered = [m for m in messages[asked + 1:] if isinstance(m, ToolMessage)]
        has_video = NO_VIDEO not in system
        intents = _intents(message, has_video, answered)
        calls = [tool_call(i) for i in intents]
        missing = [name for name, _ in calls if tools is not None and name not in tools]
        if missing:
            return _answer(AIMessage(content=f"I cannot do that here: the tool {missing[0]} is not available."))
        if len(answered) < len(calls):
            name, args = calls[len(answered)]
            return _answer(AIMessage(content="", tool_calls=[{"name": name, "args": args,
                                                               "id": f"call_{asked}_{len(answered)}"}]))
        return _answer(AIMessage(content=reply(message, intents, answered, has_video)))


def _intents(message: str, has_video: bool, answered: list[ToolMessage]) -> list[Intent]:
    """The message's intents as read when it arrived: once tools have answered, the system prompt
    describes the video after them, so the reading that led to the first call is the one kept."""
    for reading in (has_video, not has_video):
        intents = understand(message, reading)
        if not answered or (intents and tool_call(intents[0])[0] == answered[0].name):
            return intents
    return understand(message, has_video)


def _answer(message: AIMessage) -> ChatResult:
    return ChatResult(generations=[ChatGeneration(message=message)])


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def _result(message: ToolMessage) -> dict:
    try:
        value = json.loads(_text(message))
    except json.JSONDecodeError:
        return {"done": _text(message)}
    return value if isinstance(value, dict) else {"done": str(value)}


def reply(message: str, intents: list[Intent], answered: list[ToolMessage], has_video: bool) -> str:
    """What to tell the user once the tools have answered."""
    if not intents:
        if not message.strip():
            return "Your message is empty. I can " + CAPABILITIES + "."
        if not has_video:
            return "Send me the story you want to illustrate, e.g. \"Make a video of this story: ...\"."
        return f"Sorry, I did not understand that. I can {CAPABILITIES}."
    said, video = [], None
    for result in map(_result, answered):
        video = result.get("video", video)
        if "error" in result:
            said.append(f"I could not do that: {result['error']}")
        elif "alternatives" in result:
            said.append(_alternatives(result))
        elif "versions" in result:
            said.append("Versions: " + "; ".join(f"{v['version']}{' (current)' if v['current'] else ''}: {v['note']}"
                                                 for v in result["versions"]))
        elif "scenes" in result:
            said.append(_describe(result))
        elif "file" in result:
            said.append(f"Exported {result['file']}")
        elif result.get("done") == "written":
            said.append(f"Rendered {result['video']}")
            video = None
        else:
            said.append(_capital(result.get("done", "done")))
    text = ". ".join(s.rstrip(".") for s in said) + "."
    if video and video != "no video yet" and not any("alternatives" in _result(a) for a in answered):
        text += " Now: " + re.sub(r"^version \d+: ", "", video) + "."
    if all("error" not in _result(a) for a in answered) and isinstance(intents[0], NewStory):
        text += " " + NEXT_STEPS
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _alternatives(result: dict) -> str:
    options = result["alternatives"]
    if not options:
        return f"I found no other shots for scene {result['scene']}"
    listed = "; ".join(f"{o['number']}. {o['description']}" for o in options)
    return (f"Other shots for scene {result['scene']}: {listed}. Say \"use alternative N for scene "
            f"{result['scene']}\" to put one in")


def _describe(result: dict) -> str:
    if not result["scenes"]:
        return "There is no video yet: send me a story"
    scenes = "; ".join(f"{s['scene']}. \"{s['text']}\" ({s['seconds']:.1f} s): "
                       + ", ".join(c["shows"] + (" [locked]" if c["locked"] else "") for c in s["shots"])
                       for s in result["scenes"])
    return f"Version {result['version']}, {result['duration']:.1f} s: {scenes}"
