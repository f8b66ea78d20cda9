"""Numbers and amounts in editors' words: "7 seconds", "二十秒", "half a minute", "a bit", "double",
"10 more seconds", "5 seconds off".

Everything here reads a clause and returns typed amounts; what they change (the video or a scene) is
decided by the understanding engine, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
ZH_UNITS = {"十": 10, "百": 100}
EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
              "fifty": 50, "sixty": 60, "ninety": 90, "a couple of": 2, "a couple": 2, "a few": 3}

_ZH_UNIT_AFTER = r"(?=\s*(?:秒|分钟|个|倍|段|场|号|次|版))"
_ZH_NUMBER = re.compile(rf"(?<=第)[零〇一二两三四五六七八九十百]+|[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?"
                        rf"{_ZH_UNIT_AFTER}")
_EN_NUMBER = re.compile(r"\b(" + "|".join(sorted(EN_NUMBERS, key=len, reverse=True)) + r")\b"
                        r"(?=\s+(?:more\s+|extra\s+|additional\s+)?(?:s|secs?|seconds?|mins?|minutes?)\b)")
"""Number words are read only before a unit ("ten seconds", "二十秒", "第三个"): "this one" and
"一点" (a bit) stay words."""


def zh_number(text: str) -> float | None:
    """二十 -> 20, 十五 -> 15, 一百二十 -> 120, 三点五 -> 3.5, 半 -> 0.5; None when not a numeral."""
    if text == "半":
        return 0.5
    whole, _, frac = text.partition("点")
    total, digit = 0, None
    for ch in whole:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            total += (1 if digit is None else digit) * ZH_UNITS[ch]
            digit = None
        else:
            return None
    total += digit or 0
    if frac:
        total += float("0." + "".join(str(ZH_DIGITS[c]) for c in frac))
    return float(total)


def arabic(text: str) -> str:
    """`text` with Chinese and English number words written in digits ("二十秒" -> "20秒",
    "ten seconds" -> "10 seconds"), so one set of patterns reads them all."""
    text = _ZH_NUMBER.sub(lambda m: f"{zh_number(m.group()):g}" if zh_number(m.group()) is not None else m.group(),
                          text)
    return _EN_NUMBER.sub(lambda m: str(EN_NUMBERS[m.group(1)]), text)


_SECONDS = r"(?:s\b|sec\b|secs\b|seconds?\b|秒(?:钟)?)"
_MINUTES = r"(?:min\b|mins\b|minutes?\b|分钟)"
_AMOUNT = re.compile(rf"(\d+(?:\.\d+)?)\s*(?:(?:more|extra|additional)\s+)?(?:({_SECONDS})|({_MINUTES}))", re.I)
_HALF_MINUTE = re.compile(r"\bhalf a minute\b|半分钟", re.I)
_MORE = re.compile(r"\b(more|extra|longer|additional|add(?:ed)?|plus|another)\b|\+|多|加|延长", re.I)
_LESS = re.compile(r"\b(less|fewer|off|shorter|remove|cut|take|minus|shave|trim|drop|lose)\b|少|减|缩短|短|去掉", re.I)


@dataclass(frozen=True)
class Seconds:
    """A length in the message: `value` seconds; `relative` when it is an amount to add (+) or take (-)."""

    value: float
    relative: bool = False
    start: int = 0
    end: int = 0


def seconds(clause: str) -> Seconds | None:
    """The first length in `clause` (number words already in digits): absolute ("20 seconds", "一分钟"),
    or relative with its sign ("10 more seconds" +10, "take 5 seconds off" -5, "加5秒" +5)."""
    half = _HALF_MINUTE.search(clause)
    text = clause if half else arabic(re.sub(r"\ba (minute|min)\b", r"1 \1", clause))
    match = _AMOUNT.search(text)
    if match is None and half is None:
        return None
    if match is not None:
        value = float(match.group(1)) * (60 if match.group(3) else 1)
        span = match.span()
    else:
        value, span = 30.0, half.span()
    around = text[max(0, span[0] - 14):span[1] + 14]
    if re.search(r"(\b(to|be|last|lasts|at|of|is|only|exactly|just|about|under)|成|为|到|只有|控制在)\s*$", text[:span[0]]):
        return Seconds(value, False, *span)
    if _LESS.search(around):
        return Seconds(-value, True, *span)
    if _MORE.search(around):
        return Seconds(value, True, *span)
    return Seconds(value, False, *span)


FACTORS: list[tuple[str, float]] = [
    (r"\bhalf\b|一半|减半|缩短一半", 0.5),
    (r"\b(?:a|one) third\b|三分之一", 1 / 3),
    (r"\btwo thirds\b|三分之二", 2 / 3),
    (r"\b(?:a|one) quarter\b|四分之一", 0.25),
    (r"\bdouble\b|\btwice\b|\b2x\b|两倍|翻倍|加倍", 2.0),
    (r"\btriple\b|\bthree times\b|\b3x\b|三倍", 3.0),
]
"""Multiples said in words; "half as long" is 0.5, "double" 2. A fraction said with a direction is the
change ("shorter by a third", "cut a quarter" 0.75, "a third longer" 1.33), said as the result it is the
length ("a third as long", "down to a quarter"); half is both (cut by half = half as long)."""
_AGAIN = re.compile(r"\bhalf (?:as long )?again\b|\bhalf again as long\b", re.I)
"""'Half as long again' is one and a half times as long."""
_AS_RESULT = re.compile(r"\bas long\b(?! again)|\b(?:down )?to (?:a |one |two )?(?:half|third|thirds|quarter)\b|"
                        r"\bthe (?:length|duration|size)\b|缩短到|缩到|变成", re.I)

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|％)")
_BIT = re.compile(r"\b(a (?:little )?bit|slightly|a little|a touch|somewhat|a tad)\b|一点|一些|一下|稍微|稍|略", re.I)
_MUCH = re.compile(r"\b(much|a lot|way|far|significantly|considerably)\b|很多|多很多|大幅", re.I)


def factor(clause: str, direction: int) -> float | None:
    """The multiple a relative length change means: explicit ("half" 0.5, "double" 2, "20% shorter"
    0.8), else from the direction (+1 longer, -1 shorter) and how much ("a bit" 1.2 / 0.8, "much" 1.6 /
    0.6, plain 1.35 / 0.75). None when there is no direction and no multiple."""
    low = arabic(clause.lower())
    for pattern, value in FACTORS:
        if re.search(pattern, low):
            if value == 0.5 and _AGAIN.search(low):
                return 1.5
            if value >= 1 or not direction or _AS_RESULT.search(low):
                return value
            return 1 + direction * value  # the fraction is the change
    percent = _PERCENT.search(low)
    if percent and direction:
        return max(0.1, 1 + direction * float(percent.group(1)) / 100)
    if not direction:
        return None
    if _BIT.search(low):
        return 1.2 if direction > 0 else 0.8
    if _MUCH.search(low):
        return 1.6 if direction > 0 else 0.6
    return 1.35 if direction > 0 else 0.75
