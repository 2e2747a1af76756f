"""Extras read alongside the fields: the complainant's name, an address, refusals and corrections."""

from __future__ import annotations

import re

from .parties import SURNAMES, answer_person

# Only the speaker's own name: "名字不晓得" after a boss's title is about the boss, not the worker.
NAME_SAID = re.compile(r"(?:我叫|我的名字(?:是|叫)|我名字叫|姓名[:：是]?|本人)\s*(?![不没忘])([\u4e00-\u9fff]{2,4})")
SURNAME_THEN_NAME = re.compile(r"(?:我)?姓([\u4e00-\u9fff])[，,\s]*(?:叫)?(\1[\u4e00-\u9fff]{1,2})")
ADDRESS = re.compile(r"([\u4e00-\u9fff0-9]{2,10}(?:街道|大道|工业园|开发区|园区|路|街|镇|乡|村|广场)(?:\d+号)?(?:附近|那边|这边|旁边)?)")
ADDRESS_LEAD = re.compile(r"^.*(?:地址|位置|地点|[在是到]|[:：])")
DECLINED = re.compile(r"不给|不方便|不想(?:留|给|说)|不能给|先不|没带|不知道|不晓得|不清楚|记不清|算了|不用了|不要了|不弄了|"
                      r"在[\u4e00-\u9fff]{1,3}那|没有|no\b|don't|not\b|only my passport|台胞证|护照", re.I)
CORRECTION = re.compile(r"不对|哦不|改一下|应该是|说错|搞错|记错|算错|少打|打错|更正")
NAME_STOP = set("的了在是我你他她们不没有就")


def complainant_name(text: str, expecting: str | None) -> str | None:
    """The person's own name when they give it: 我叫王小兵, 我姓罗，罗志强, or a bare name when asked."""
    m = SURNAME_THEN_NAME.search(text)
    if m:
        return m.group(2)
    m = NAME_SAID.search(text)
    if m:
        name = m.group(1)
        cut = next((i for i, ch in enumerate(name) if i >= 2 and ch in NAME_STOP), len(name))
        return name[:min(cut, 3)]
    if expecting == "name":
        bare = text.strip(" 。.,，!！")
        if _RX2.fullmatch(bare) and bare[0] in SURNAMES or _RX1.fullmatch(bare):
            return bare
        if _RX0.fullmatch(bare):
            return bare
        got = answer_person(text) if len(text) <= 12 else None
        return got[0] if got else None
    return None


def address(text: str) -> str | None:
    """A street-level address or landmark phrase, when given."""
    m = ADDRESS.search(text)
    if not m:
        return None
    found = ADDRESS_LEAD.sub("", m.group(1))
    return found if len(found) >= 3 else None


def declined(text: str) -> bool:
    """The reply declines or cannot give the asked-for item."""
    return bool(DECLINED.search(text))


def corrected(text: str) -> bool:
    """The text corrects something said before."""
    return bool(CORRECTION.search(text))


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}")
_RX1 = re.compile(r"小[\u4e00-\u9fff]")
_RX2 = re.compile(r"[\u4e00-\u9fff]{2,4}")
