"""Chinese, Arabic and mixed numerals: 三万五, 3万5, 两万八千, 3.5万, 35,000, 叁万伍仟, 幺, 五六千, 十几万."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
    "柒": 7, "捌": 8, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "k": 1000, "K": 1000}
BIG_UNITS = {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000}
UNIT_CHARS = "十拾百佰千仟万亿"
CN_DIGITS = "".join(DIGITS)

# One numeral token: digits with separators, Chinese digits and units, 几/多 placeholders for
# approximate forms. Bounded repetition keeps matching linear on garbage input.
NUMBER = re.compile(
    r"(?<![A-Za-z0-9.])(?:负|-)?(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[" + CN_DIGITS + r"十拾几])"
    r"(?:[" + CN_DIGITS + UNIT_CHARS + r"几\d.]|[多余来](?=[万亿])){0,15}(?:[kKwW](?:\d(?![\d.]))?(?![A-Za-z]))?"
)
ONE_WORD_NEXT = set("直共起定样些般切律概再旦同致")
APPROX_AFTER = re.compile(r"^(?:多|几|余|来|左右|上下|出头)")
APPROX_BEFORE = re.compile(r"(?:约|大概|大约|差不多|将近|快|估计|左右)$")


@dataclass(frozen=True)
class Number:
    """A numeral found in text: value (lo) and, for ranges like 五六千, the upper end."""

    start: int
    end: int
    value: float
    high: float | None = None
    approx: bool = False
    has_unit: bool = False
    arabic: bool = False


PAIRABLE = "一二三四五六七八九"


def _split_range(token: str) -> tuple[str, str] | None:
    """五六千 → (五千, 六千); 两三万 → (两万, 三万); 七八十 → (七十, 八十); 七八 (个人) → (七, 八)."""
    if len(token) == 2 and token[0] in PAIRABLE and token[1] in PAIRABLE and DIGITS[token[1]] == DIGITS[token[0]] + 1:
        return token[0], token[1]  # two neighbouring digits said alone are a range, never 78
    m = _RX0.match(token)
    if m and DIGITS[m.group(2)] == DIGITS[m.group(1)] + 1 and m.group(1) not in "零〇幺":
        return m.group(1) + m.group(3), m.group(2) + m.group(3)
    m = _RX1.match(token)
    if m and DIGITS[m.group(3)] == DIGITS[m.group(2)] + 1 and m.group(4):
        return m.group(1) + m.group(2) + m.group(4), m.group(1) + m.group(3) + m.group(4)
    # 两万七八 → (两万七, 两万八), 三千五六 → (三千五, 三千六): the pair sits one unit below the last unit said;
    # 十五六 → (十五, 十六), 二十七八 → (二十七, 二十八) alike (never 66 or 2078)
    if m and DIGITS[m.group(3)] == DIGITS[m.group(2)] + 1 and m.group(1)[-1] in "万千百十" and m.group(2) not in "零〇幺":
        return m.group(1) + m.group(2), m.group(1) + m.group(3)
    return None


def _section(s: str) -> float | None:
    """Value of a numeral below 万: 三千五 → 3500, 十二 → 12, 两百二 → 220, 3千 → 3000."""
    if not s:
        return 0.0
    total, digit, last_unit = 0.0, None, None
    i = 0
    while i < len(s):
        ch = s[i]
        m = _RX3.match(s[i:])
        if m:
            digit = float(m.group())
            i += len(m.group())
            continue
        if ch in DIGITS:
            digit = (digit or 0) * 10 + DIGITS[ch] if digit is not None and ch not in "零〇" else DIGITS[ch]
            if ch in "零〇":
                digit = None
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
        i += 1
    if digit is not None:
        # 三千五 means 3500: a trailing digit takes the next unit down.
        total += digit * (last_unit // 10 if last_unit and last_unit >= 100 and s[-2] in SMALL_UNITS else 1)
    return total


def parse(token: str) -> float | None:
    """Value of one numeral token without ranges: 3万5 → 35000, 十二万四 → 124000, 35k → 35000."""
    token = token.replace(",", "")
    if not token:
        return None
    sign = -1 if token[0] in "负-" else 1
    token = token.lstrip("负-")
    for big_ch, big in sorted(BIG_UNITS.items(), key=lambda kv: -kv[1]):
        if big_ch in token:
            head, _, tail = token.partition(big_ch)
            hv = parse(head) if head else 1.0
            if hv is None:
                return None
            tv = _section(tail) if tail else 0.0
            if tv is None:
                return None
            # 三万五 / 3万5 / 十二万四: a bare trailing digit is in thousands.
            if tail and _RX6.fullmatch(tail):
                tv *= big // 10
            return sign * (hv * big + tv)
    v = _section(token)
    return None if v is None else sign * v


@lru_cache(maxsize=2048)
def read(token: str) -> tuple[float, float | None] | None:
    """(low, high) of a token that may be a range; high is None for a point."""
    core = _RX2.sub("", token.rstrip("多几余来"))
    pair = _split_range(core)
    if pair:
        lo, hi = parse(pair[0]), parse(pair[1])
        if lo is not None and hi is not None:
            return lo, hi
    if "几" in core:
        # 十几万 → 10万, 三十几 → 30: the placeholder reads as zero.
        core = _RX4.sub("", core) if not core.startswith("几") else ""
        if not core:
            return None
    v = parse(core)
    return None if v is None else (v, None)


@lru_cache(maxsize=256)
def find(text: str) -> tuple[Number, ...]:
    """Every numeral in text, with range, approximation and unit flags (cached, read-only)."""
    out: list[Number] = []
    for m in NUMBER.finditer(text):
        raw = m.group()
        tok = raw.rstrip(".")
        # 三千九一直没给: the 一 of 一直/一共/一起 is not a digit of the numeral before it.
        if len(tok) > 1 and tok[-1] == "一" and text[m.start() + len(tok):m.start() + len(tok) + 1] in ONE_WORD_NEXT:
            tok = tok[:-1]
        if tok[0] == "俩" and len(tok) > 1 and m.start() and text[m.start() - 1] in PAIR_BEFORE:
            tok = tok[1:]  # 欠我俩两三万: 我俩 is "the two of us", and the sum starts after it
            m_start = m.start() + 1
        else:
            m_start = m.start()
        if not _RX5.search(tok):
            continue
        val = read(tok)
        if val is None:
            continue
        end = m_start + len(tok)
        after = text[end:end + 3]
        approx = "几" in tok or tok[-1] in "多余来" or bool(APPROX_AFTER.match(after))
        approx = approx or bool(APPROX_BEFORE.search(text[max(0, m_start - 3):m_start]))
        out.append(Number(
            m_start, end, val[0], val[1], approx,
            has_unit=bool(_RX7.search(tok)),
            arabic=bool(_RX8.search(tok)),
        ))
    return tuple(out)


def digits_only(token: str) -> str | None:
    """Spoken digit strings (幺三八 零八二三) as Arabic digits; None if units appear."""
    if any(ch in UNIT_CHARS for ch in token):
        return None
    return "".join(str(DIGITS[ch]) if ch in DIGITS else ch for ch in token if ch in DIGITS or ch.isdigit())


PAIR_BEFORE = set("我你他她咱俺们")
# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"^([" + CN_DIGITS + r"])([" + CN_DIGITS + r"])([十百千万]+)$")
_RX1 = re.compile(r"^(.*?[十百千万])([" + CN_DIGITS + r"])([" + CN_DIGITS + r"])([十百千万]*)$")
_RX2 = re.compile(r"[多余来](?=[万亿])")
_RX3 = re.compile(r"\d+(?:\.\d+)?")
_RX4 = re.compile(r"几([十百千])?")
_RX5 = re.compile(r"[\d十拾" + CN_DIGITS + "]")
_RX6 = re.compile(r"[" + CN_DIGITS + r"]|\d")
_RX7 = re.compile(r"[" + UNIT_CHARS + r"kKwW]")
_RX8 = re.compile(r"\d")
