"""What a worker's words mean to the dialogue itself: commands, yes/no, and which field to edit.

These are patterns of what workers type (input vocabulary), not texts we show; those live in
locales/. Patterns run on Simplified text, so Traditional input matches too.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from opencc import OpenCC

# Global commands, checked in order before the current step sees the message. Short command
# words must be the whole message, so "取消" inside a sentence is not taken as a command.
COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("handoff", r"转人工|人工客服|^人工$|有没有人[工吗]?|找个?人工?说|真人|\bhuman\b|\bagent\b|real person|\boperator\b"),
        ("restart", r"^(重新开始|重新来|重来|从头开始|restart|start over)$"),
        ("cancel", r"^(取消|撤销|cancel)$"),
        ("status", r"^(进度|查询|查进度|查询进度|查一下进度|status|progress)$"),
        ("help", r"^(帮助|帮忙|怎么用|菜单|help|menu|\?|？)$"),
        ("abandon", r"不(想|要)?(弄|搞|报|投诉|告|办|填)了|^算了$|forget it|never ?mind|give up"),
    )
)

_YES = re.compile(
    r"^(同意|好的?|行|可以|嗯+|恩|是的?|对的?|对头|没错|没问题|要得|中|确认|提交|ok|okay|yes|yep|yeah|y|agree|sure|correct|right|fine)(?![a-z])",
    re.IGNORECASE,
)
_NO = re.compile(r"不同意|^(不行|不对|不是|不要|不用|不|拒绝|no|nope|n|disagree|wrong|incorrect)(?![a-z])", re.IGNORECASE)
_EDIT = re.compile(r"改一下|改下|修改|改改|更改|改成|要改|改(?=金额|老板|公司|项目|工地|地址|时间|人数|名字|电话|手机|身份证)|\bchange\b|\bedit\b|\bfix\b", re.IGNORECASE)

# Which field a worker means when they ask to change something.
FIELD_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(pattern, re.IGNORECASE))
    for slot, pattern in (
        ("amount", r"金额|钱数|多少钱|工钱|欠款|数目|amount|money|sum"),
        ("employer", r"老板|公司|单位|包工头|雇主|工头|employer|company|boss"),
        ("project", r"项目|工地|楼盘|project|site"),
        ("location", r"地址|地点|位置|在哪|区县|城市|哪个区|location|address|place|city|district"),
        ("period", r"时间|月份|日期|哪几个月|period|months?|dates?"),
        ("workers", r"人数|几个人|多少人|workers|people|headcount"),
        ("name", r"名字|姓名|称呼|\bname\b"),
        ("phone", r"电话|手机|号码|phone|mobile"),
        ("id_number", r"身份证|证件|\bid\b"),
    )
)

MENTIONS_PAY = re.compile(r"工资|工钱|欠薪|讨薪|薪水|薪资|血汗钱|欠钱|钱|wages?|salary|\bpay", re.IGNORECASE)
_PUNCT = re.compile(r"[\s,，.。!！?？~～、]+")


@cache
def _t2s() -> OpenCC:
    """The Traditional→Simplified converter, built once per process."""
    return OpenCC("t2s")


@cache
def _s2t() -> OpenCC:
    """The Simplified→Traditional converter, built once per process."""
    return OpenCC("s2t")


def simplified(text: str) -> str:
    """The text in Simplified characters; text that GB 2312 encodes already is (as in extraction)."""
    if not text or text.isascii():
        return text
    try:
        text.encode("gb2312")  # one C call, where a conversion costs a dictionary walk
        return text
    except UnicodeEncodeError:
        return _t2s().convert(text)


@lru_cache(maxsize=2048)  # the same short answers (同意, 对, 是的) come again and again
def traditional(text: str) -> str:
    """The text in Traditional characters (to tell which script a message is written in)."""
    return _s2t().convert(text) if text else text


def command(text: str) -> str | None:
    """The global command a message asks for, if any."""
    bare = _PUNCT.sub(" ", text).strip()
    for name, pattern in COMMANDS:
        if pattern.search(bare):
            return name
    return None


def yes_no(text: str) -> bool | None:
    """True for agreement, False for refusal, None when the message says neither."""
    bare = _PUNCT.sub(" ", text).strip()
    if _NO.search(bare):
        return False
    if _YES.search(bare):
        return True
    return None


def edit_target(text: str) -> tuple[bool, str | None]:
    """Whether the worker asks to change something, and which slot if they say."""
    wants = bool(_EDIT.search(text))
    for slot, pattern in FIELD_WORDS:
        if pattern.search(text):
            return wants, slot
    return wants, None
