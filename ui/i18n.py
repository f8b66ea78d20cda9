"""The web app's words in English and Chinese, chosen by the browser's language.

Labels, placeholders and buttons are Gradio `I18n` keys (`t(key)`): the page translates them in the
browser from its language (Gradio's own widgets follow the same setting). Text the server writes into
the chat while it works (`say(key, request)`) follows the request's Accept-Language header.
"""

from __future__ import annotations

import gradio as gr

TEXTS: dict[str, tuple[str, str]] = {
    # key: (English, Chinese)
    "intro": ("Paste a story to start (\"Make a video of this story: ...\"), then revise it by chatting: "
              "\"make it more dramatic\", \"make it 20 seconds\", \"vertical\", \"show alternatives for scene 2\", "
              "\"undo\".",
              "粘贴一个故事开始（“用这个故事做一个视频：……”），然后用聊天来修改：“更有戏剧性一点”、"
              "“改成20秒”、“竖屏”、“显示第2个场景的备选镜头”、“撤销”。"),
    "title": ("## storycut\nWrite a story, chat with your editor, get a video cut from your own footage.",
              "## storycut\n写一个故事，和你的剪辑师聊天，用你自己的素材剪出视频。"),
    "chat": ("Chat", "聊天"),
    "message": ("Your story or a change...", "你的故事或修改意见……"),
    "send": ("Send", "发送"),
    "working": ("Working...", "正在处理……"),
    "sorry": ("Sorry: {}", "抱歉：{}"),
    "send_story_first": ("Send a story first.", "请先发送一个故事。"),
    "preview": ("Preview", "预览"),
    "undo": ("Undo", "撤销"),
    "redo": ("Redo", "重做"),
    "version": ("Version", "版本"),
    "download": ("Download", "下载"),
    "file": ("File", "文件"),
    "storyboard": ("Storyboard", "故事板"),
    "library": ("Library", "素材库"),
    "settings": ("Settings", "设置"),
    "storyboard_empty": ("The storyboard appears here once you have sent a story.", "发送故事后，故事板会显示在这里。"),
    "add_scene_at_end": ("Add a scene at the end", "在结尾添加一个场景"),
    "new_sentence": ("A new sentence...", "一个新句子……"),
    "add_scene": ("Add scene", "添加场景"),
    "in_the_video": ("In the video", "视频中的镜头"),
    "alternatives": ("Alternatives: click to use", "备选镜头：点击使用"),
    "drag_handle": ("Drag onto another scene to move it", "拖到另一个场景上来移动它"),
    "add_footage": ("Add footage: drop video files here", "添加素材：把视频文件拖到这里"),
    "add_to_library": ("Add to library", "加入素材库"),
    "ingest_folder_choice": ("Or ingest a folder on the server", "或导入服务器上的一个文件夹"),
    "ingest_folder": ("Ingest folder", "导入文件夹"),
    "last_ingest": ("Last ingest", "上次导入"),
    "search_library": ("Search the library", "搜索素材库"),
    "search_example": ("a dog on a beach", "海滩上的一只狗"),
    "shots": ("Shots", "镜头"),
    "models_note": ("The chat model answers your messages; the buttons and the storyboard always use the built-in one.",
                    "聊天模型回答你的消息；按钮和故事板始终使用内置的剪辑师。"),
    "chat_model": ("Chat model", "聊天模型"),
    "chat_model_info": ("local needs nothing; openai:NAME uses OPENAI_API_KEY / OPENAI_BASE_URL on the server",
                        "local 无需任何配置；openai:名称 使用服务器上的 OPENAI_API_KEY / OPENAI_BASE_URL"),
    "style": ("Style", "风格"),
    "aspect": ("Aspect", "画面比例"),
    "narration": ("Narration", "旁白"),
    "subtitles": ("Subtitles", "字幕"),
    "crossfades": ("Crossfades", "交叉淡化"),
    "apply": ("Apply to the video", "应用到视频"),
    # the storyboard's controls (ui/controls.py)
    "scene": ("Scene", "场景"),
    "video_look": ("Look of the video", "视频色调"),
    "opening_title": ("Opening title", "片头标题"),
    "opening_example": ("Our morning", "我们的早晨"),
    "end_card": ("End card", "片尾字幕"),
    "end_example": ("Thanks for watching", "感谢观看"),
    "add_music": ("Add music", "添加音乐"),
    "no_music": ("No music", "不要音乐"),
    "music_volume": ("Music volume", "音乐音量"),
    "seconds_enter": ("Seconds (Enter)", "秒数（按回车）"),
    "look": ("Look", "色调"),
    "as_the_video": ("as the video", "同整个视频"),
    "speed": ("Speed", "速度"),
    "caption_enter": ("Caption (Enter)", "字幕（按回车）"),
    "caption_example": ("Text over this scene", "叠加在这个场景上的文字"),
    "find_shot": ("Use a shot showing (Enter)", "换成这样的镜头（按回车）"),
    "find_example": ("the dog", "那只狗"),
    "speed_quarter": ("¼x very slow", "¼x 很慢"),
    "speed_half": ("½x slow motion", "½x 慢动作"),
    "speed_normal": ("normal", "正常"),
    "speed_fast": ("2x fast", "2x 快"),
    # colour looks (tools.plan.LOOKS): shown translated, the value stays the English key
    "look_natural": ("natural", "自然"),
    "look_bw": ("black and white", "黑白"),
    "look_warm": ("warm", "暖色"),
    "look_cool": ("cool", "冷色"),
    "look_vintage": ("vintage", "复古"),
    "look_vivid": ("vivid", "鲜艳"),
    "look_muted": ("muted", "柔和"),
}
"""Every piece of the app's own text, by key."""

LOCALES = {"en": 0, "zh": 1, "zh-CN": 1, "zh-Hans": 1, "zh-TW": 1, "zh-HK": 1}
"""Browser languages and which column of `TEXTS` they read (Chinese browsers of any region)."""

I18N = gr.I18n(**{locale: {key: texts[column] for key, texts in TEXTS.items()} for locale, column in LOCALES.items()})


def t(key: str) -> gr.i18n.I18nData:
    """A label the browser shows in its own language."""
    if key not in TEXTS:
        raise KeyError(f"no text {key!r} in ui/i18n.py")
    return I18N(key)


def language(request: gr.Request | None) -> int:
    """The `TEXTS` column for the request's preferred language (its first Accept-Language entry)."""
    header = (request.headers.get("accept-language", "") if request is not None else "") or ""
    first = header.split(",")[0].split(";")[0].strip()
    return LOCALES.get(first, LOCALES.get(first.split("-")[0], 0))


def say(key: str, request: gr.Request | None, *args: object) -> str:
    """Text the server writes for this request, in its browser's language."""
    return TEXTS[key][language(request)].format(*args)
