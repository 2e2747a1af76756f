"""Contacts: mainland mobiles (+86, spaces, dashes, spoken digits, 幺) and GB 11643 resident IDs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric, uscc

from .fastre import HAN
from .numerals import DIGITS

# A run of digit groups: Arabic or spoken digits, split by spaces, dashes, dots or commas.
DIGIT = r"[0-9零〇一二三四五六七八九幺两]"
# an ID read aloud ends in 叉 (or 艾克斯) for X: 幺零幺叉
GROUP = re.compile(DIGIT + r"{1,18}(?:[xX叉]|艾克斯)?")
SEP = re.compile(r"^[\s\-.,，、—]{1,3}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Someone else's number: 老公的电话是 X, 他那个 X, 包工头用的 X (but 我是他老婆 X is the caller's own).
# Family members are a natural class: 我爸的是 X, 我妈电话 X, 我哥的手机 X name a relative's number.
OTHERS = re.compile(r"(老板|包工头|工头|他|她|老公|老婆|爱人|丈夫|媳妇|儿子|女儿|对方|经理|"
                    r"爸爸?|妈妈?|父亲|母亲|老爸|老妈|爹|娘|哥哥?|姐姐?|弟弟?|妹妹?|姐夫|妹夫|嫂子|叔叔?|舅舅?|姨|伯伯?|"
                    r"爷爷|奶奶|公公|婆婆|岳父|岳母|孩子|亲戚|家里人|家属)"
                    r"(?:的?(?:电话|手机|号码)|(?:的|那个|那|用的)(?:电话|手机|号码|手机号|号)?)[是:：\s]{0,2}$|"
                    # 包工头曹德才电话 X, 工友老周的手机是 X: a role, the name it goes by, then that person's number
                    r"(?:包工头|工头|老板娘|老板|老总|经理|班长|队长|组长|带班的?|负责人|承包人|会计|财务|工友|同事|老乡|朋友|"
                    r"房东|雇主|东家|站长|店长|厂长|主管)[\s:：是叫]{0,2}[" + HAN + r"]{1,4}?[\s,，]?"
                    r"的?(?:电话|手机|手机号|号码)(?:号码)?(?:是|为)?[:：\s]{0,2}$"
                    # 他叫卜强，136…; 包工头叫张三 139…: someone introduced by name, then that person's number
                    r"|(?:他|她|包工头|工头|老板娘|老板|老总|经理|队长|班长|组长|负责人|承包人|会计|站长|店长|厂长|主管)"
                    r"(?:叫|名叫|姓)[" + HAN + r"]{1,4}?[\s,，:：]{0,2}(?:的?(?:电话|手机|手机号|号码)(?:是|为)?)?[:：\s]{0,2}$")
# 我是包工头李强 电话 X: the caller is the foreman, so the number is the caller's own
SELF_ROLE = re.compile(r"(?:我|俺|本人)(?:就是|是)(?:这个|那个)?(?:包工头|工头|班长|队长|组长|带班的?|负责人|承包人)[^。，,\n]{0,8}$")
OWN = re.compile(r"(我|俺|本人|联系人|联系|我的)[^。\n]{0,6}(电话|手机|号码|phone)|电话|手机|phone|call", re.I)
USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
SPOKEN_ONLY = re.compile(r"^[一二三四五六七八九零〇幺两]+(?:叉|艾克斯)?$")


@dataclass(frozen=True)
class Contact:
    """A phone or ID number read from the text, with its span."""

    kind: str
    value: str
    start: int
    end: int
    own: bool = True


def valid_id(number: str) -> bool:
    """GB 11643 check character and a real birth date; the birth county is not required to
    still exist, because stdnum's table rejects codes of counties since renamed."""
    number = number.upper()
    if not _RX0.fullmatch(number) or ric.calc_check_digit(number) != number[-1]:
        return False
    try:
        ric.get_birth_date(number)
    except Exception:  # stdnum raises its own ValidationError subclasses for bad dates
        return False
    return True


@lru_cache(maxsize=256)
def _groups(text: str) -> tuple[tuple[tuple[int, int, str], ...], ...]:
    """Chains of adjacent digit groups: each group is (start, end, digits); cached, read-only."""
    chains: list[list[tuple[int, int, str]]] = []
    prev_end = -10
    for m in GROUP.finditer(text):
        tok = m.group()
        # A short spoken group (零七, 一八) is a number's tail only right after another group;
        # alone it is a word (一个, 三天), not digits.
        continues = bool(chains) and bool(SEP.match(text[prev_end:m.start()] or "x"))
        if not _RX1.search(tok) and (not SPOKEN_ONLY.match(tok) or (len(tok) < 3 and not continues)):
            continue
        digits = "".join(str(DIGITS[c]) if c in DIGITS else c.upper() for c in tok.replace("艾克斯", "X").replace("叉", "X"))
        if "两" in tok or (tok.startswith(("一", "二", "三")) and len(tok) < 3 and not continues):
            continue
        item = (m.start(), m.end(), digits)
        if continues:
            chains[-1].append(item)
        else:
            chains.append([item])
        prev_end = m.end()
    return tuple(tuple(c) for c in chains)


def _candidates(text: str):
    """Every contiguous stretch of groups whose digits make 11 or 18 characters."""
    for chain in _groups(text):
        for i in range(len(chain)):
            acc = ""
            for j in range(i, min(len(chain), i + 6)):
                acc += chain[j][2]
                if len(acc) > 18:
                    break
                if len(acc) in (11, 13, 18):
                    yield chain[i][0], chain[j][1], acc


@lru_cache(maxsize=256)
def find(text: str) -> tuple[Contact, ...]:
    """Valid phones and resident IDs in order of appearance (cached: the pipeline asks twice)."""
    out: list[Contact] = []
    taken: list[tuple[int, int]] = []
    for start, end, digits in _candidates(text):
        if any(s < end and start < e for s, e in taken):
            continue
        before = text[max(0, start - 16):start]
        if len(digits) == 13 and digits.startswith("86") and MOBILE.match(digits[2:]):
            digits = digits[2:]
        if len(digits) == 11 and MOBILE.match(digits):
            out.append(Contact("phone", digits, start, end, own=not OTHERS.search(before) or bool(SELF_ROLE.search(before))))
        elif len(digits) == 18 and valid_id(digits):
            out.append(Contact("id_number", digits.upper(), start, end))
        elif len(digits) == 18:
            out.append(Contact("bad_id", digits, start, end))
        else:
            continue
        taken.append((start, end))
    return tuple(out)


def find_uscc(text: str) -> str | None:
    """An employer's unified social credit code, when one is given and valid."""
    for m in USCC.finditer(text.upper()):
        if uscc.is_valid(m.group()):
            return m.group()
    return None


def masks(text: str) -> list[tuple[int, int]]:
    """Spans holding contact numbers, so that amounts never read digits from them."""
    spans = [(c.start, c.end) for c in find(text)]
    for chain in _groups(text):
        digits = "".join(g[2] for g in chain)
        if len(digits) >= 9 and not any(g[2].isdigit() and len(g[2]) < 5 for g in chain[:1]) or \
                any(len(g[2]) >= 10 for g in chain):
            spans.append((chain[0][0], chain[-1][1]))
    return spans


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"\d{17}[\dX]")
_RX1 = re.compile(r"\d")
