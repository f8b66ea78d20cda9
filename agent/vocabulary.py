"""The director's vocabulary as data: each kind of request is one entry.

An entry names the tool the request calls, how its slots are filled (`slots`, a builder in
`agent.slots`), its scope, cue words (regular expressions that are strong evidence for the kind) and
what the director says back in Chinese (English replies are the tools' own words). Example phrasings
live in `agent.phrasings`. Adding a kind is adding an entry here and its phrasings there.

Scope rule (documented in the README): a request that names a scene changes only that scene; a
request that names none changes the whole video, except the kinds marked `follows_focus` (length and
speed), which apply to the scene in view (the one the last turn was about) when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scope = Literal["video", "scene", "either", "none"]


@dataclass(frozen=True)
class Kind:
    name: str
    tool: str | None
    """The tool it calls (for reading only; `slots` builds the calls); None: answered in words."""
    slots: str
    """The builder in `agent.slots` that turns a clause into calls."""
    scope: Scope = "none"
    """`video`: never a scene; `scene`: needs one; `either`: the scene named, else the video."""
    cues: tuple[str, ...] = ()
    follows_focus: bool = False
    """A bare request of this kind applies to the scene in view (see the module docstring)."""
    not_with_scene: bool = False
    """When the clause names a scene, this kind is not what is meant (cut pace has no scene)."""
    changes: bool = True
    """False for questions and chat: the plan never changes."""
    needs_cue: bool = False
    """Never read without one of its cue words: a removal loses what it undoes ("在小狗后面加一段..." is no
    removal); a question is asked in question words or with a question mark."""
    reply_zh: str = ""
    each_scene: bool = False
    """Several scenes named: the change is made to each ("scenes 2 and 3 in black and white")."""


DEGREE = r"(?:too|a bit|a little|a tad|a touch|slightly|somewhat|rather|quite|kind of|kinda|overly|bit)"
"""How much of a complaint ("a tad long"): said before a length word, it asks for the opposite."""

POLITE = (r"^\W*(?:(?:so|ok|okay|hey|and|also|um+|hmm+|please)\W+)*(?:can|could|would|will|may)\b"
          r"(?!\W+(?:(?:you|we|i)\W+)?(?:tell|explain|show me|remind|say|see|know)\b)|^\W*(?:能不能|能否|可不可以|可以|能|麻烦|请)")
"""A request asked as a question ("can the lion scene last 5 seconds?", "能把…改成…吗"): not a question
about the cut, unless it asks to be told ("could you tell me what scene 3 shows?")."""

ASKED = rf"^(?!{POLITE}).*(?:\?\s*$|？|[吗呢]\s*$)"
"""A question mark (not on a polite request): with their question words, the evidence a question kind
needs (a remark such as "the dog part goes on" is nearest in meaning to "what ended up in the dog part")."""

ANYWAY = r"\b(anyway|regardless|even so|even if|all the same)\b|无论如何|照样|也要|还是加|还是用"
"""Said with a change that would otherwise be asked about first (a scene or shot no footage shows)."""

USE_FOR = (r"\b(?:use|using|swap in|drop in|slot in|put in|go with|try|see|prefer)\s+(?P<shot>(?:the|a|an|that|this|some)\s+"
           r"(?![^,;.!?]*\b(?:look|colou?rs?|grade|filter|tone|music|song|soundtrack|track|title|caption|font|speed|"
           r"slow[ -]?mo\w*|transition|style|voice|narration|subtitles?|same|other|next|previous|length)\b)[^,;.!?]+?)"
           r"\s+(?:(?:for|in|on|into|over)\s+(?:the|this|that|scene|第)\b|(?:when|while|as)\s)")
"""A shot named by what it shows, then the scene it is for: "use the skateboarding dog for the skater",
"i'd rather see the woman on her bike for the cyclist", "use the crowd shot when the band plays" (never
a look, music or a title used for a scene)."""

_THE_EDIT = r"(?:the )?(?:edit|cuts?|cutting|pacing|shots|whole thing|film)"
"""What "let ... breathe" is said of when it means slower cutting, not a longer scene."""

KINDS: tuple[Kind, ...] = (
    Kind("length", "change_length", "length", "either", follows_focus=True, each_scene=True, cues=(
        r"\b(longer|shorter|lengthen|shorten|extend|trim|length|duration|running time|screen time|"
        r"more time|less time|seconds?|secs?|minutes?)\b|\b(?:ends?|over|finish\w*|done) too (?:soon|quickly|fast|early)\b|"
        r"\b(?:flies|goes|whizz\w*|rushes) by\b|"
        rf"\b{DEGREE} (?:too )?(?:long|short|brief)\b|\btighten\w*|\blet (?!{_THE_EDIT} )(?:\w+ ){1,3}breathe\b|\bdrag(?:s|ging|ged)?\b|\bgoes on (?:and on|forever)\b|\b(?:over|out)stays?\b|"
        r"\bendless\b|\blong-winded\b|\bcut (?:\w+ ){0,3}(?:down|short)\b|时长|长度|加长|缩短|延长|剪短|秒|分钟|长一点|短一点",),
        reply_zh="已调整{target}的时长"),
    Kind("pace", "set_style", "pace", "video", not_with_scene=True, cues=(
        r"\b(pace|pacing|cuts?(?! (?:\w+ ){0,3}(?:down|short)\b)|cutting|tempo|rhythm|snappier|sluggish|drags?|hectic|"
        r"linger)\b|"
        rf"\blet {_THE_EDIT} breathe\b|节奏|剪辑",),
        reply_zh="已调整剪辑节奏"),
    Kind("preset", "set_style", "preset", "video", cues=(
        r"\b(dramatic|calm|energetic|documentary|cinematic|epic|intense|peaceful|upbeat|mood|feel|vibe|style)\b|"
        r"风格|戏剧|纪录|电影感|平静|活力",), reply_zh="已改为{preset}风格"),
    Kind("aspect", "set_style", "aspect", "video", cues=(
        r"\b(vertical|portrait|square|landscape|horizontal|widescreen|9:16|16:9|1:1|aspect|format)\b|竖屏|横屏|方形|画幅",),
        reply_zh="画面比例已改为{aspect}"),
    Kind("subtitles", "set_style", "subtitles", "video", cues=(r"\b(subtitles?|captions?|subs)\b|字幕(?!卡)",),
         reply_zh="已{state}字幕"),
    Kind("narration", "set_style", "narration", "video", cues=(
        r"\b(narration|narrator|voice ?over|voice|reading|read aloud|speaker)\b|旁白|配音|解说|朗读",),
        reply_zh="已{state}旁白"),
    Kind("transition", "set_style", "transition", "video", cues=(
        r"\b(crossfades?|dissolves?|fades?|transitions?|hard cuts?|straight cuts?|jump cuts?)\b|转场|淡入|淡出|硬切",),
        reply_zh="转场已改为{transition}"),
    Kind("look", "set_look", "look", "either", each_scene=True, cues=(
        r"\b(colou?rs?|colou?red|look|grade|grading|tone|tint|filter|lut|black[- ]and[- ]white|b&w|bw|monochrome|"
        r"grey ?scale|gray ?scale|sepia|(?:de)?saturat\w*|understated|warm\w*|cool\w*|cold|vintage|retro|vivid|muted|faded|old|"
        r"pop|poppier|garish|drab|dull|washed[- ]out|vibrant|"
        r"[1-9]0s|home movie|old film)\b|"
        r"色调|颜色|色彩|调色|黑白|暖|冷|复古|鲜艳|饱和|褪色|滤镜",), reply_zh="已把{target}调成{look}色调"),
    Kind("speed", "set_speed", "speed", "either", follows_focus=True, each_scene=True, cues=(
        r"\bslow(?:s|ed|ing)? down (?:the|this|that)\b(?! (?:pace|pacing|cuts?|cutting|edit\w*|rhythm|tempo|video)\b)|"
        r"\b(?:slow|speed) (?:it|this|that) (?:down|up) (?:for|in|on) (?:the|this|that|scene)\b|"
        r"\b(slo(?:w)?[ -]?mo\w*|slow motion|fast[ -]?forward|time[ -]?lapse|playback|speed|real[ -]?time|normal speed)\b|"
        r"慢动作|慢放|快进|快放|加速|倍速|正常速度",), reply_zh="已调整{target}的播放速度"),
    Kind("framing", "set_framing", "framing", "either", each_scene=True, cues=(
        r"\b(close[ -]?ups?|closer|tighter|wide shots?|wider|wide angle|zoom(?:ed)? (?:in|out)|pull back|"
        r"medium shots?|framing|shot sizes?|cramped|claustrophobic|boxed in)\b|特写|近景|远景|全景|中景|景别",),
        reply_zh="已调整{target}的景别"),
    Kind("music", "set_music", "music", "video", cues=(r"\b(music|song|soundtrack|track|tune|score|beat)\b|音乐|配乐|歌",),
         reply_zh="音乐：{done}"),
    Kind("title_add", "add_title", "title_add", "either", cues=(
        r"\b(title|titles|end card|title card|intertitle|lower third|words on screen|text on screen|credits?|"
        r"on[ -]screen text|on[ -]screen)\b|\b(?:caption|text|words) (?:over|on|across)\b|\b(?:saying|reading|that says|that reads)\s+“…”|标题|字幕卡|片头字|片尾字|文字|(?:结尾|开头|片尾|片头|最后)\S{0,4}“…”",),
        reply_zh="已添加文字“{text}”"),
    Kind("title_remove", "remove_titles", "title_remove", "either", cues=(r"\b(title|titles|end card|title card)\b|标题|字幕卡",),
         reply_zh="已去掉文字"),
    Kind("remove_scene", "remove_scene", "remove_scene", "scene", needs_cue=True, cues=(
        r"\b(remove|delete|drop|cut out|get rid of|lose|take out|leave out|skip|scrap|ditch|erase|kill|don't need|"
        r"do not need|not needed|unnecessary|no need for)\b|"
        r"\bcut (?:the |this |that )?(?:\w+ )?(?:scene|part|bit|segment|section|sentence)\b|删除|删掉|去掉|删|不要",),
        reply_zh="已删除{target}"),
    Kind("swap", "swap_scenes", "swap", "scene", cues=(r"\b(swap|switch|exchange|trade places|flip|reverse)\b|交换|调换|对调|互换|换(?:个|一下)?位置",),
         reply_zh="已交换{target}"),
    Kind("move", "move_scene", "move", "scene", cues=(
        r"\b(move|put|place|bring|open with|start with|end with|end on|finish on|finish with|close with|"
        r"(?:open|start|begin|end|finish|close) (?:the (?:video|film|cut|movie|whole thing) )?(?:with|on)|"
        r"after|before|to the (?:start|end|beginning|front|back))\b|移到|放到|挪到|放在|之后|之前|结尾|开头",),
        reply_zh="已移动{target}"),
    Kind("add_scene", "add_scene", "add_scene", "none", cues=(
        r"\b(add|insert|append|new) (?:a |an |one more |another )?(?:new )?(?:closing |opening |final |last |first )?"
        r"(scene|sentence|segment|part|line|shot|bit|moment|clip)\b|\b(?:insert|throw in|stick in|squeeze in)\b|"
        r"\b(?:add|put in|put) (?:a|an|some|one more|another) (?!(?:\w+ )?(?:title|caption|card|fade|dissolve|transition|music|song)\b)(?:[\w'-]+ ){1,8}?(?:right |just )?(?:after|before) (?:the|this|that|scene)\b|"
        r"加[一1]句|添[一1]句|加[一1]个场景|添加场景|插入|增加[一1]个场景|加[一1]段",),
        reply_zh="已添加新场景"),
    Kind("rewrite", "rewrite_scene", "rewrite", "scene", cues=(
        r"\b(rewrite|reword|change the (?:text|words|sentence)|should say|say instead|rephrase|text to)\b|改成|改为|改写",),
        reply_zh="已改写{target}"),
    Kind("other_shots", "other_shots", "other_shots", "scene", each_scene=True, cues=(
        r"\b(another|different|other|new|better|else|replace|swap out)\b.*\b(shots?|clips?|footage|pictures?|"
        r"images?|takes?)\b|\b(shots?|clips?|footage)\b.*\b(bad|wrong|boring|ugly|weak|awful|don't like|something else|"
        r"a different one|another one)\b|\b(?:don't|do not) (?:love|like)\b.*\b(?:shots?|clips?|footage)\b|换个镜头|换一个镜头|换镜头|换个画面",),
        reply_zh="已为{target}换了镜头"),
    Kind("shot_showing", "use_shot_showing", "shot_showing", "scene", cues=(
        r"\b(use|show|put|want|pick|choose|give me|find|with)\b.*\b(shot|clip|footage|one) (?:of|with|showing)\b|"
        r"\b(use|put)\b.*\b(shot|clip|footage|timelapse)\b|\b(?:rather|like to|want to) see\b|\binto scene\b|\bin (?:scene|the \w+ scene)\b|用.*(镜头|画面)|"
        r"\b(?:shot|clip|footage|time[ -]?lapse|close-?up) (?:of|showing|where|with)\b|(?:换成|改用|换上)\S{1,24}(?:镜头|画面|片段)",
        USE_FOR),
        reply_zh="已为{target}换上“{description}”的镜头"),
    Kind("alternatives", "show_alternatives", "alternatives", "scene", changes=False, cues=(
        r"\b(alternatives?|options|other choices|what else|candidates)\b|备选|其他选择|候选",)),
    Kind("use_alternative", "use_shot", "use_alternative", "scene", cues=(
        r"\b(alternative|option|choice|candidate)\s*(?:number\s*|#)?\d+|\b(?:use|put)\s+shot\s+[\w:.-]+",),
        reply_zh="已为{target}换上所选镜头"),
    Kind("lock", "lock_scene", "lock", "scene", each_scene=True, cues=(r"\b(un)?lock\w*\b|\bkeep (?:the|these|its) shots?\b|锁定|解锁",),
         reply_zh="已{state}{target}的镜头"),
    Kind("replan", "replan", "plain", "video", cues=(r"\b(re-?plan|reshuffle|start over|from scratch)\b|重新规划|重新选",),
         reply_zh="已重新选择所有镜头"),
    Kind("repeat", None, "repeat", "scene", needs_cue=True, cues=(
        r"\b(?:do|make|apply|try) (?:the same|that|this|it)(?: \w+){0,3}? (?:to|for|with|on|in)\b|"
        r"\bsame (?:thing |change |again )?(?:for|with|to|on|in|here)\b|\blikewise\b|\bthe same way\b|\bditto\b|"
        r"也这样|也一样|也照|也这么|同样",)),
    Kind("undo", "undo", "plain", "none", cues=(r"^\W*(undo|revert|go back|take (?:that|it) back)\b|撤销|撤回|恢复上一",),
         reply_zh="已撤销上一次修改"),
    Kind("redo", "redo", "plain", "none", cues=(r"^\W*redo\b|重做",), reply_zh="已重做"),
    Kind("go_to_version", "go_to_version", "go_to_version", "none", needs_cue=True, cues=(r"\bversion\s*\d+|版本\s*\d+|第\s*\d+\s*版",),
         reply_zh="已回到版本 {version}"),
    Kind("versions", "list_versions", "plain", "none", changes=False, cues=(r"\b(versions|history|earlier cuts)\b|历史|版本",)),
    Kind("export", "export_video", "export", "none", changes=False, cues=(
        r"\b(export|download|srt|vtt|edl|otio|fcp ?xml|final cut|premiere|resolve|json|timeline file)\b|导出",)),
    Kind("render", "render_video", "render", "none", changes=False, cues=(
        r"\b(render|final (?:video|version|cut)|full quality|high quality|hd|1080p?)\b|渲染|高清|成片",)),
    Kind("ask_scene", None, "ask_scene", "either", changes=False, needs_cue=True, cues=(ASKED,
        r"^\W*(?:(?:wait|so|ok|okay|hmm+|um+|uh+|and|but|hey|also|sorry|quick question)\W+)*(what|which|who|tell me)\b.*\b(show|shows|showing|in|about|see|seen|happens?|use[ds]?|using|pick(?:ed)?|"
        r"go with|went with|chose|choose)\b|是什么|什么画面|有什么|讲什么|拍的什么|哪个镜头|什么镜头",)),
    Kind("ask_length", None, "ask_length", "either", changes=False, needs_cue=True, cues=(ASKED,
        r"\bhow (?:long|many seconds)\b|\b(what(?:'s| is) the (?:total |current )?(?:length|duration|running time))\b|"
        r"多长|多久|几秒|时长是",)),
    Kind("ask_why", "explain_choice", "ask_why", "scene", changes=False, needs_cue=True, cues=(ASKED, r"^\W*why\b|\bwhy (?:did|that|this|is)\b|为什么|为何",)),
    Kind("ask_video", None, "ask_video", "none", changes=False, needs_cue=True, cues=(ASKED,
        r"\b(describe|summari[sz]e|overview|status|what(?:'s| is) in (?:the|my|this) (?:video|cut))\b|描述|概览",)),
    Kind("capabilities", None, "capabilities", "none", changes=False, cues=(
        r"\bwhat can you do\b|\bhelp\b|\bwhat (?:else )?(?:can|could) i (?:ask|say)\b|\bhow does this work\b|你能做什么|帮助|怎么用",)),
    Kind("greeting", None, "chat", "none", changes=False, cues=(r"^\W*(hi|hello|hey|good (?:morning|evening|afternoon)|yo)\b|你好|嗨|早上好",)),
    Kind("thanks", None, "chat", "none", changes=False, cues=(
        r"\b(thanks?|thank you|cheers|great|awesome|perfect|love it|nice|cool,? thanks|well done|brilliant)\b|谢谢|多谢|太好了|很好|不错|完美",)),
    Kind("cannot_translate", None, "cannot", "none", changes=False, cues=(
        r"\btranslat\w*\b|\bin (?:spanish|french|german|italian|japanese|korean|chinese|portuguese|russian|arabic|hindi|dutch)\b|"
        r"翻译|译成|英文字幕|日语|法语|西班牙语|德语",)),
    Kind("cannot_publish", None, "cannot", "none", changes=False, cues=(
        r"\b(post|upload|publish|share|send|email|tweet|stream|broadcast)\b.*\b(it|this|video|to|on)\b|"
        r"\b(on|to) (?:instagram|youtube|tiktok|facebook|twitter|vimeo|x)\b|上传|发布|分享|发到|发给",)),
    Kind("cannot_other", None, "cannot", "none", changes=False, cues=(
        r"\b(watermark|sticker|emoji|voice of|avatar|ai voice|4k|60 ?fps|green ?screen|face|logo|animate|"
        r"sound effects?|sfx|foley)\b|水印|贴纸|表情|音效",)),
)

BY_NAME = {k.name: k for k in KINDS}

LOOK_WORDS: dict[str, str] = {
    "bw": r"black[ -]?(?:and|&|n)[ -]?white|\bb&w\b|\bbw\b|monochrom\w*|gr[ae]y ?scale|no colou?rs?|colou?rless|"
          r"黑白|单色|去色",
    "vintage": r"vintage|retro|old[- ]fashioned|\bold\b|\b[1-9]0s\b|sepia|film grain|faded film|home movie|nostalgic|"
               r"复古|怀旧|老电影|老照片|胶片",
    "warm": r"warm\w*|golden|cozy|cosy|sunny|orange|amber|暖",
    "cool": r"\bcool\w*|\bcold\w*|blue\w*|icy|chilly|teal|冷|蓝",
    "vivid": r"vivid|vibrant|\bsaturat\w*|punchy colou?rs?|\bpop(?:s|py|pier)?\b|\bloud|garish|gaudy|"
             r"rich colou?rs?|bright colou?rs?|more colou?r(?:ful)?\b|鲜艳|饱和|浓郁|艳丽",
    "muted": r"muted|desaturat\w*|washed[- ]out|faded|subdued|pastel|soft(?:er)? colou?rs?|dull|drab|lifeless|"
             r"\bflat\b|bland|understated|less colou?rful|tone (?:\w+ ){0,2}down|淡|素|低饱和|灰",
    "natural": r"natural|normal colou?rs?|original colou?rs?|no (?:filter|look|grade)|remove the (?:filter|look)|"
               r"(?:bring|put|give) (?:the |me )?colou?rs? back|colou?rs? back|"
               r"as shot|原色|自然|正常颜色|去掉滤镜",
}
"""Colour words -> look (SPEC `style.look`); the first that matches wins, so "faded film" is vintage."""

LOOK_ZH = {"natural": "自然", "bw": "黑白", "warm": "暖", "cool": "冷", "vintage": "复古", "vivid": "鲜艳",
           "muted": "柔和"}

PRESET_WORDS: dict[str, str] = {
    "dramatic": r"dramatic|drama|intense|tension|suspense\w*|punch|gripping|thrill\w*|戏剧|紧张|张力",
    "energetic": r"energetic|energy|upbeat|lively|exciting|excited|dynamic|hype|pumped|promo|sporty|活力|动感|激情|兴奋",
    "calm": r"\bcalm\w*|peaceful|relax\w*|gentle|soothing|serene|tranquil|quiet mood|平静|安静|舒缓|宁静|放松",
    "documentary": r"documentary|factual|sober|informative|news|纪录|纪实",
    "cinematic": r"cinematic|film(?!\s*grain)|movie|hollywood|epic|电影",
    "neutral": r"neutral|plain|default style|no style|普通|默认",
}
PRESET_ZH = {"dramatic": "戏剧", "energetic": "活力", "calm": "平静", "documentary": "纪录片", "cinematic": "电影",
             "neutral": "默认"}

ASPECT_WORDS: dict[str, str] = {
    "9:16": r"\b9\s*:\s*16\b|vertical|portrait|phone|tiktok|reels?\b|shorts\b|stories\b|upright|竖",
    "1:1": r"\b1\s*:\s*1\b|square|instagram post|feed post|方形|正方",
    "16:9": r"\b16\s*:\s*9\b|horizontal|landscape|widescreen|wide screen|youtube format|tv format|横",
}

FRAMING_WORDS: dict[str, str] = {
    "close": r"close[ -]?ups?|closer|tighter|tight shots?|zoom(?:ed)? in|details?|faces?|intimate|特写|近景|近一点|拉近|"
             r"cramped|claustrophobic|boxed in",  # a complaint of how it is now ("it feels cramped"): the opposite is meant
    "wide": r"wide|wider|pull(?:ed)? back|zoom(?:ed)? out|establishing|more of the (?:room|scene|place|setting)|"
            r"whole (?:room|scene|place)|overview|远景|全景|广角|拉远",
    "medium": r"medium|mid[- ]shots?|中景",
    "any": r"any shot size|mix(?:ed)? shot sizes|no preference|不限景别",
}

SPEED_WORDS: list[tuple[str, float]] = [
    (r"super slow|very slow|extreme slow|quarter speed|超级慢|非常慢", 0.25),
    (r"slo(?:w)?[ -]?mo\w*|slow motion|slow(?:er)?|half speed|慢动作|慢放|慢", 0.5),
    (r"normal speed|real[ -]?time|regular speed|original speed|1x|正常速度|原速", 1.0),
    (r"time[ -]?lapse(?!\s+(?:of|showing|where|with)\b)|very fast|4x|超快", 4.0),
    (r"fast[ -]?forward|speed(?:ed)? up|faster|quicker|double speed|2x|sped up|快进|快放|加速|快", 2.0),
]
"""Speed words -> playback rate (first match wins); "a bit" softens 0.5 to 0.75 and 2 to 1.5."""

TRANSITION_WORDS: dict[str, str] = {
    "cut": r"hard cuts?|straight cuts?|plain cuts|jump cuts?|no (?:fades|transitions|dissolves|crossfades)|without fades|硬切|不要转场|直接切",
    "crossfade": r"crossfades?|cross-fades?|dissolves?|fades?|smooth transitions?|soft transitions?|淡入|淡出|叠化|渐变",
}

MUSIC_MOODS: dict[str, str] = {
    "calm": r"calm|soft|gentle|relax\w*|peaceful|quiet|ambient|piano|舒缓|轻柔|安静",
    "upbeat": r"upbeat|happy|cheerful|fun|energetic|lively|dance|pop|欢快|活泼|动感",
    "dramatic": r"dramatic|epic|tense|orchestral|cinematic|suspense|史诗|紧张",
    "sad": r"sad|melanchol\w*|emotional|moving|悲伤|伤感",
}

OFF_WORDS = (r"\b(no|without|remove|drop|turn off|switch off|disable|hide|kill|mute|lose|get rid of|take (?:away|off|out)|"
             r"don't want|do not want|stop|off|silence|cut the|delete)\b|去掉|不要|关掉|关闭|取消|删掉|删除|隐藏|静音|去除")
ON_WORDS = r"\b(add|with|turn on|switch on|enable|show|put|want|bring back|back on|on)\b|加上|添加|打开|显示|开启|要有|加"

EDIT_WORDS = frozenset("""
scene scenes part parts bit bits shot shots clip clips video videos film movie footage segment segments section sentence
line lines one ones thing whole everything make put use show give let want need please could would can like get take set
long longer short shorter length time second seconds minute minutes more less little lot start beginning begin open
opening end ending finish close closing first last final title titles text word words screen colour color colours colors
look tone grade warm warmer cool cooler cold black white slow slower fast faster motion speed music song sound voice
narration narrator subtitle subtitles caption captions close-up close-ups closeup wide wider camera frame square vertical
horizontal landscape portrait version versions cut cuts pace swap switch move remove delete drop add insert replace
another different other new try instead again up down away back right now bring lose keep lock unlock also too really
much way quite bit lil tad real whole entire overall total instead
""".split())
"""Words that say what to do, never which scene: a bare one is not a reference ("finish on the dog"),
though "the finish scene" still is (a marked reference)."""

CAPABILITIES = ("cut a story you send me (\"Make a video of this story: ...\"); change the length of the video or of "
                "one scene (\"make scene 2 6 seconds\", \"a bit shorter\"); add a title or an end card; change the "
                "colour look (black and white, warm, cool, vintage, vivid, muted), the playback speed (slow motion), "
                "shot sizes (close-ups, wide), music, the style, pace, aspect, subtitles, narration and transitions; "
                "remove, swap, move, add or rewrite scenes; put a shot showing something into a scene; answer what a "
                "scene shows, how long it is and why a shot was chosen; undo, redo, go to a version; export or render")

CAPABILITIES_ZH = ("剪辑你发来的故事；调整整个视频或单个场景的时长；加标题或片尾字；改色调（黑白、暖、冷、复古、鲜艳、柔和）、"
                   "播放速度（慢动作）、景别（特写、远景）、音乐、风格、节奏、画幅、字幕、旁白和转场；删除、交换、移动、添加或改写场景；"
                   "为场景换上指定内容的镜头；回答场景内容、时长和选镜理由；撤销、重做、回到某个版本；导出或渲染")
