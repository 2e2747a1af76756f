"""Names as a bureau compares them: one spelling for 张老板, 張老闆 and 张 老板（包工头）."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from opencc import OpenCC

# Words about a person's role, not who they are: 张老板 and 包工头张 are the same 张.
ROLE_WORDS = ("小包工头", "包工头", "工头", "老板娘", "老板", "班组长", "带班", "负责人", "项目经理", "经理", "老总")
# Endings that vary in how people say a company or a project, longest first.
COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "分公司", "集团", "公司")
PROJECT_SUFFIXES = ("项目部", "项目", "工地", "工程")
_NOISE = re.compile(r"[\W_]+")  # spaces, punctuation and symbols of every script


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=4096)  # a lead's names are keyed several times (linking, alerts, 预警)
def _plain(name: str) -> str:
    """NFKC, Simplified script, lower case, without spaces or punctuation."""
    text = unicodedata.normalize("NFKC", name)
    return _NOISE.sub("", _t2s().convert(text).lower())


def _strip_suffixes(text: str, suffixes: tuple[str, ...]) -> str:
    """Drop trailing suffixes until none is left (某某建筑有限公司项目部 → 某某建筑)."""
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    return text


def employer_key(name: str | None) -> str:
    """The comparable form of an employer's name; empty when nothing is left."""
    if not name:
        return ""
    text = _plain(name)
    for word in ROLE_WORDS:
        text = text.replace(word, "")
    return _strip_suffixes(text, COMPANY_SUFFIXES)


def project_key(name: str | None, places: tuple[str | None, ...] = ()) -> str:
    """The comparable form of a project's name, without the places it starts with; empty when nothing is left.

    One worker says 肥西县桃花湾安置房三期 and the next 桃花湾安置房三期: the place is the lead's
    location, so it is dropped (as 肥西县 and as 肥西) before the names are compared.
    """
    if not name:
        return ""
    text = _strip_suffixes(_plain(name), PROJECT_SUFFIXES)
    for place in filter(None, places):
        for form in (_plain(place), _plain(place)[:-1]):
            if len(form) >= 2 and text.startswith(form) and len(text) > len(form):
                text = text[len(form):]
    return text


def project_code(code: str | None) -> str:
    """A registry code as stored: trimmed and upper case."""
    return (code or "").strip().upper()
