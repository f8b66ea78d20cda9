"""What the director says, in the user's language: results of tool calls, answers from the plan,
questions when a request is not clear, and the one-line refusals.

English replies reuse the tools' own words (they say exactly what was done); Chinese ones are
written from each kind's template in `agent.vocabulary`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .intents import Call
from .slots import Context
from .vocabulary import BY_NAME, CAPABILITIES, CAPABILITIES_ZH, LOOK_ZH, PRESET_ZH

NEXT_STEPS = ("You can say \"make it more dramatic\", \"make scene 2 warmer\", \"add a title: ...\", "
              "\"slow motion on the last scene\", \"swap scenes 1 and 2\" or \"undo\".")
NEXT_STEPS_ZH = "你可以说“更有戏剧性”“第二个场景暖一点”“开头加标题：……”“最后一个场景慢动作”“交换第一和第二个场景”或“撤销”。"

CHAT = {
    "greeting": ("Hello! Send me a story, or tell me what to change in the video.", "你好！发给我一个故事，或者告诉我要怎么改视频。"),
    "thanks": ("You're welcome! Tell me if you want anything else changed.", "不客气！还想改什么随时告诉我。"),
    "cannot_translate": ("I cannot translate: storycut narrates and subtitles the story in the words you wrote. I can "
                         "rewrite a scene's text (\"change scene 2 to: ...\") or turn the subtitles off.",
                         "我不能翻译：旁白和字幕使用你写的原文。我可以改写某个场景的文字（“把第二个场景改成：……”）或关闭字幕。"),
    "cannot_publish": ("I cannot post or upload videos. I can render the final video (\"render the final video\") or "
                       "export it for an editor, for you to share.",
                       "我不能上传或发布视频。我可以渲染成片（“渲染成片”）或导出时间线，由你来分享。"),
    "cannot_other": ("That is something storycut cannot do. I can change lengths, titles, colours, speed, shot sizes, "
                     "music and the order of scenes.", "这个 storycut 做不到。我可以调整时长、标题、色调、速度、景别、音乐和场景顺序。"),
}

ASK_MISSING = {
    "look": ("Which look: black and white, warm, cool, vintage, vivid, muted or natural?",
             "要哪种色调：黑白、暖、冷、复古、鲜艳、柔和还是自然？"),
    "amount": ("How much? For example \"5 seconds longer\", \"a bit shorter\" or \"half as long\".",
               "改多少？比如“长5秒”“短一点”或“缩短一半”。"),
    "text": ("What should it say? Write it after a colon, e.g. \"add a title: Our morning\".",
             "要写什么文字？请写在冒号后面，比如“开头加标题：我们的早晨”。"),
    "repeat": ("Repeat which change? Tell me what to do to that scene, e.g. \"make scene 3 black and white\".",
               "要重复哪个改动？请直接说要怎么改那个场景，比如“把第三个场景改成黑白”。"),
    "position": ("Where should it go: to the start, to the end, or after which scene?", "放到哪里：开头、结尾，还是哪个场景之后？"),
    "two scenes": ("Which two scenes? For example \"swap scenes 1 and 3\".", "哪两个场景？比如“交换第一和第三个场景”。"),
    "description": ("What should the shot show?", "镜头要拍什么内容？"),
    "on or off": ("On or off?", "打开还是关闭？"),
    "pace": ("Faster or slower cutting?", "剪辑节奏要快一些还是慢一些？"),
    "speed": ("Slow motion or faster?", "要慢动作还是快进？"),
    "framing": ("Closer shots or wider ones?", "要近景特写还是远景？"),
    "style": ("Which style: dramatic, calm, energetic, documentary or cinematic?", "哪种风格：戏剧、平静、活力、纪录片还是电影？"),
    "aspect": ("Which shape: vertical (9:16), square (1:1) or widescreen (16:9)?", "哪种画幅：竖屏、方形还是横屏？"),
    "transition": ("Hard cuts or crossfades?", "硬切还是淡入淡出？"),
}


NEAREST = ("As short as the narration can be read naturally: ", "按旁白能自然读完的最短长度，")
"""Before a change made to the nearest length that can be done, instead of one refused."""


def _pick(lang: str, pair: tuple[str, str]) -> str:
    return pair[1] if lang == "zh" else pair[0]


def not_understood(lang: str, has_video: bool, done_kinds: list[str] | None = None) -> str:
    if not has_video:
        return _pick(lang, ("There is no video yet: send me a story, e.g. \"Make a video of this story: ...\".",
                            "还没有视频：请先发给我一个故事，比如“用这个故事做视频：……”。"))
    if done_kinds:
        return _pick(lang, ("I understood only part of that and changed nothing. Should I do just the part I "
                            "understood? Say \"yes\", or say it another way.",
                            "我只听懂了一部分，视频没有改动。要只做我听懂的部分吗？回答“是”，或换个说法。"))
    return _pick(lang, (f"Sorry, I did not understand that, and the video is unchanged. I can {CAPABILITIES}.",
                        f"抱歉，我没听懂，视频没有改动。我可以{CAPABILITIES_ZH}。"))


def scene_label(ctx: Context, index: int, lang: str) -> str:
    text = ctx.scenes[index].text if 0 <= index < len(ctx.scenes) else ""
    short = text if len(text) <= 40 else text[:39].rstrip() + "…"
    return f"第{index + 1}个场景（“{short}”）" if lang == "zh" else f"scene {index + 1} (\"{short}\")"


def what_it_does(calls: list[Call], ctx: Context, lang: str) -> str:
    """A few words for a reading, to offer it in a question."""
    said = []
    for call in calls:
        where = scene_label(ctx, call.scene, lang) if call.scene is not None else ("整个视频" if lang == "zh" else "the video")
        args = ", ".join(f"{k} {v}" for k, v in call.args.items() if k != "scene")
        name = call.tool.replace("_", " ")
        said.append(f"{name}（{where}{'，' + args if args else ''}）" if lang == "zh" else
                    f"{name} on {where}{' (' + args + ')' if args else ''}")
    return ("，然后" if lang == "zh" else ", then ").join(said)


def clarify(open_, options: list[list[Call]], ctx: Context, lang: str, done: list[Call]) -> str:
    """One short question with the likely readings; the video stays as it is."""
    missing = open_.missing
    if missing is not None and missing.what == "scene":
        listed = "; ".join(f"{n + 1}. {scene_label(ctx, c.scene, lang)}" for n, o in enumerate(options[:6])
                           for c in o[-1:] if c.scene is not None)
        if not listed:
            return _pick(lang, ("Which scene do you mean? Say its number; the video is unchanged for now.",
                                "你指的是哪个场景？请说编号，视频暂时没有改动。"))
        if lang == "zh":
            return f"你指的是哪个场景？{listed}。回答编号即可，视频暂时没有改动。"
        return f"Which scene do you mean? {listed}. Say its number; the video is unchanged for now."
    if open_.options:
        first, second = (what_it_does(o[len(done):], ctx, lang) for o in options[:2])
        if lang == "zh":
            return f"你是想要：1. {first}，还是 2. {second}？回答“第一个”或“第二个”，视频暂时没有改动。"
        return f"Do you mean 1. {first}, or 2. {second}? Say \"the first\" or \"the second\"; the video is unchanged."
    question = ASK_MISSING.get(missing.what if missing else "", ("Could you say that another way?", "能换个说法吗？"))
    return _pick(lang, question) + _pick(lang, (" The video is unchanged.", "视频没有改动。"))


def _result(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {"done": text}
    return value if isinstance(value, dict) else {"done": str(value)}


def answer_words(call: Call, ctx: Context, lang: str, described: dict) -> str:
    """Questions, chat and refusals, answered from the plan (`described`, describe_video's answer)."""
    kind = call.kind
    if kind in CHAT:
        return _pick(lang, CHAT[kind])
    if kind == "capabilities":
        return f"我可以{CAPABILITIES_ZH}。" if lang == "zh" else f"I can {CAPABILITIES}."
    if kind == "ask_length":
        if call.scene is not None and call.scene < len(ctx.scenes):
            s = ctx.scenes[call.scene].seconds
            return (f"第{call.scene + 1}个场景长 {s:.1f} 秒，整个视频 {ctx.duration:.1f} 秒。" if lang == "zh" else
                    f"Scene {call.scene + 1} is {s:.1f} s long; the whole video is {ctx.duration:.1f} s.")
        return (f"视频现在长 {ctx.duration:.1f} 秒，共 {len(ctx.scenes)} 个场景。" if lang == "zh" else
                f"The video is {ctx.duration:.1f} s long, in {len(ctx.scenes)} scenes.")
    if kind in ("ask_scene", "ask_why") and call.scene is not None and call.scene < len(ctx.scenes):
        scene = ctx.scenes[call.scene]
        shows = "; ".join(dict.fromkeys(scene.shows)) or "no shot"
        if kind == "ask_why":
            return (f"第{call.scene + 1}个场景用的是：{shows}。它是素材库里与“{scene.text}”最相符的镜头。" if lang == "zh" else
                    f"Scene {call.scene + 1} shows {shows}: of the library's shots it matched the words "
                    f"\"{scene.text}\" best.")
        return (f"第{call.scene + 1}个场景（{scene.seconds:.1f} 秒）：“{scene.text}”，画面是：{shows}。" if lang == "zh" else
                f"Scene {call.scene + 1} (\"{scene.text}\", {scene.seconds:.1f} s) shows: {shows}.")
    return describe(described, lang)


def describe(described: dict, lang: str) -> str:
    scenes = described.get("scenes") or []
    if not scenes:
        return _pick(lang, ("There is no video yet: send me a story.", "还没有视频：请发给我一个故事。"))
    listed = "; ".join(f"{s['scene']}. \"{s['text']}\" ({s['seconds']:.1f} s): "
                       + ", ".join(c.get("shows", "") + (" [locked]" if c.get("locked") else "") for c in s.get("shots", []))
                       for s in scenes)
    if lang == "zh":
        return f"版本 {described.get('version')}，{described.get('duration', 0):.1f} 秒：{listed}"
    return f"Version {described.get('version')}, {described.get('duration', 0):.1f} s: {listed}"


def _zh(call: Call, result: dict, ctx: Context) -> str:
    kind = BY_NAME.get(call.kind)
    template = kind.reply_zh if kind and kind.reply_zh else "已完成：{done}"
    args = call.args
    fields = {"target": f"第{call.scene + 1}个场景" if call.scene is not None else "整个视频",
              "look": LOOK_ZH.get(args.get("look", ""), args.get("look", "")),
              "preset": PRESET_ZH.get(args.get("preset", ""), args.get("preset", "")),
              "state": "打开" if any(v is True for v in args.values()) else "关闭",
              "done": result.get("done", ""), **{k: v for k, v in args.items() if k not in ("look", "preset")}}
    if call.kind == "lock":
        fields["state"] = "锁定" if args.get("locked", True) else "解锁"
    if call.kind == "swap":
        fields["target"] = f"第{args['a']}和第{args['b']}个场景"
    if call.kind == "shot_showing" and args.get("anyway"):
        template = "已为{target}换上与“{description}”最接近的镜头"
    try:
        return template.format(**fields)
    except (KeyError, IndexError):
        return "已完成：" + str(result.get("done", ""))


def results(calls: list[Call], answers: list[str], ctx: Context, lang: str) -> str:
    """The reply once the tools have answered: each change or answer, then the video's state."""
    said, video = [], None
    for call, text in zip(calls, answers):
        result = _result(text)
        video = result.get("video", video)
        if "error" in result:
            said.append(_error_zh(result) if lang == "zh" else f"I could not do that: {result['error']}")
        elif "alternatives" in result:
            said.append(_alternatives(result, lang))
        elif "versions" in result:
            said.append(("版本：" if lang == "zh" else "Versions: ") + "; ".join(
                f"{v['version']}{' (current)' if v['current'] else ''}: {v['note']}" for v in result["versions"]))
        elif "file" in result:
            said.append(f"已导出 {result['file']}" if lang == "zh" else f"Exported {result['file']}")
        elif result.get("done") == "written":
            said.append(f"已渲染 {result['video']}" if lang == "zh" else f"Rendered {result['video']}")
            video = None
        elif call.tool == "explain_choice":
            said.append(_why(result, lang))
        elif call.tool == "describe_video":
            said.append(describe(result, lang))
        else:
            done = _zh(call, result, ctx) if lang == "zh" else str(result.get("done", "done"))
            if lang == "zh" and result.get("unshown"):
                done += f"，但素材库里没有能表现“{result['unshown']}”的镜头，先用了最接近的画面（可以添加素材，或让这个场景换镜头）"
            if lang == "zh" and result.get("runs_on"):
                done += "，" + "、".join(f"第{n}个场景" for n in result["runs_on"]) + "的旁白延续到下一个场景的画面上"
            said.append(_pick(lang, NEAREST) + done if call.nearest else _capital(done))
    text = "。".join(s.rstrip("。.") for s in said) + "。" if lang == "zh" else ". ".join(s.rstrip(".") for s in said) + "."
    if video and video != "no video yet" and lang == "en" and not any(c.tool == "show_alternatives" for c in calls):
        text += " Now: " + re.sub(r"^version \d+: ", "", video) + "."
    if calls and calls[0].tool == "new_story" and all("error" not in _result(a) for a in answers):
        text += " " + (NEXT_STEPS_ZH if lang == "zh" else NEXT_STEPS)
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _alternatives(result: dict, lang: str) -> str:
    options = result["alternatives"]
    if not options:
        return f"第{result['scene']}个场景没有其他镜头" if lang == "zh" else f"I found no other shots for scene {result['scene']}"
    listed = "; ".join(f"{o['number']}. {o['description']}" for o in options)
    if lang == "zh":
        return f"第{result['scene']}个场景的其他镜头：{listed}。说“第{result['scene']}个场景用备选 N”即可换上"
    return (f"Other shots for scene {result['scene']}: {listed}. Say \"use alternative N for scene "
            f"{result['scene']}\" to put one in")


def _why(result: dict, lang: str) -> str:
    """explain_choice's answer in a sentence per shot: what it shows and why it is there."""
    shots = "; ".join(f"{s.get('shows', '')}: {s.get('why', '')}" for s in result.get("shots", []))
    if lang == "zh":
        return f"第{result.get('scene')}个场景的镜头：{shots}"
    return f"Scene {result.get('scene')} shows {shots}"


SIZE_ZH = {"close": "特写", "medium": "中景", "wide": "远景"}
REASONS_ZH = {
    "too_fast": lambda r: (f"没能完成：第{r['scene']}个场景的旁白要读快 {r['rate']:g} 倍才放得下，听起来会不自然"
                           + ("" if r.get("last", True) else "，后面的场景也接不下多出来的旁白") if "scene" in r
                           else f"没能完成：旁白要读快 {r['rate']:g} 倍以上才放得下，听起来会不自然"),
    "no_framing": lambda r: f"素材库里没有更多与场景文字相符的{SIZE_ZH[r['framing']]}镜头，画面保持不变（可以添加这样的素材）",
    "unshown": lambda r: (f"素材库里没有能表现“{r['text']}”的镜头（最接近的“{r['closest']}”只符合一部分），视频没有改动"
                          if "closest" in r else
                          f"素材库里没有能表现“{r['text']}”的镜头，视频没有改动：请先添加素材，或说“照样添加”"),
}
"""The refusals an editing tool gives a reason for (EditError.reason), said in Chinese from their facts."""


def _error_zh(result: dict) -> str:
    """A refusal in Chinese: one with a reason in its own words, any other with the tool's."""
    said = REASONS_ZH.get(result.get("reason", ""))
    return said(result) if said else f"没能完成：{result['error']}"


def offer_words(offer: Call, lang: str) -> str:
    """The one-line question offering what a refusal can do instead; "yes" applies it."""
    if offer.tool == "add_scene":
        return _pick(lang, ("Add it anyway? Say \"yes\" or \"no\".", "仍然添加吗？回答“是”或“不”。"))
    if offer.tool == "use_shot_showing":
        return _pick(lang, ("Use the closest one anyway? Say \"yes\" or \"no\".", "仍然用最接近的镜头吗？回答“是”或“不”。"))
    seconds = offer.args["seconds"]
    if lang == "zh":
        where = f"第{offer.scene + 1}个场景" if offer.scene is not None else "视频"
        return f"可以把{where}改成 {seconds:g} 秒（旁白仍然自然），要这样做吗？回答“是”或“不”。"
    where = f"scene {offer.scene + 1}" if offer.scene is not None else "the video"
    return f"I can make {where} {seconds:g} s, the shortest that keeps the narration natural: shall I? Say \"yes\" or \"no\"."
