"""The months whose wages are owed, resolved against the reference date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .numerals import read

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
# Jan and Feb, Sept to Nov: the usual short forms (May is already whole)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")
HALF_YEAR_BACK = {"去年": 1, "前年": 2}
# a month never takes in the line break after it: in a transcript the next line is another turn
MONTH = re.compile(
    r"(?:(\d{4})\s*年|(今年|去年|前年|this year|last year))?\s*"
    r"(?<![\d一二三四五六七八九十个几每])(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|正|腊)\s*月[^\S\n]*(份)?[^\S\n]*(初|中旬|中|底|末|下旬|上旬)?"
    r"|(?:(今年|去年|last year|this year)\s*)?\b(" + "|".join(m.capitalize() for m in MONTH_NAMES) + r"|" + "|".join(MONTH_ABBR) + r")\b",
)
# 八九月份, 三四月, 十一十二月: two months in a row said as one
MONTH_PAIR = re.compile(r"(?:(\d{4})\s*年|(今年|去年|前年))?\s*(?<![\d一二三四五六七八九十个几每])(十一|[一二三四五六七八九])"
                        r"(十二|十|[二三四五六七八九])\s*月\s*(份)?(?!\s*[初中底末])")
PAIR_HINT = re.compile(r"[一二三四五六七八九][二三四五六七八九十]\s*月|十一十二\s*月")
# 2025.11—2026.03, 2025-11, 2025/11 in forms; a full date (2026-01-28) or a time is no month of wages.
DATED = re.compile(r"(?<![\d./-])((?:19|20)\d\d)[./-](1[0-2]|0?[1-9])(?![\d]|[./-]\d)")
DATED_HINT = re.compile(r"\d{4}[./-]\d")
PERIOD_HINT = re.compile(r"月|至今|现在|今天|半年|[A-Za-z]{3}|\d{4}[./-]\d")
SPECIAL = re.compile(r"上个月|上月|这个月|本月|至今(?!年)|到现在|到今天|干到现在|一直到现在|上半年|下半年|last month|this month|until now")
WORK_EVENT_BEFORE = re.compile(r"(?:干到|做到|到|至|干|从)\s*$")
WORK_EVENT_AFTER = re.compile(r"^\s*(?:进场|进厂|开工|完工|干|做|开始|到|至|—|-|~|起)")
OWED_AFTER = re.compile(r"^\s*(?:份)?\s*的\s*(?:工资|工钱|钱|人工|薪水|\d|[一二三四五六七八九两]+[十百千万块])"
                        r"|^\s*(?:份)?\s*(?:的)?\s*(?:工资|工钱|钱)?\s*(?:都|也|还|一直|全|一分钱?都?也?)?\s*(?:没|没有|未)\s*(?:发|给|结|付)"
                        # 五月份的到现在也没发: that month's pay still unpaid now (not 八月至今, a run up to now)
                        r"|^\s*(?:份)?\s*的\s*(?:工资|工钱|钱)?\s*(?:到现在|到今天|至今|现在)\s*(?:都|也|还|一直|全)?\s*(?:没|没有|未)\s*(?:发|给|结|付)"
                        # 4月只发了2000元: a month paid only in part is still owed (README: T18)
                        r"|^\s*(?:份)?\s*(?:的)?\s*(?:工资|工钱|钱)?\s*(?:他|她|老板|雇主|公司|厂里)?\s*(?:也|都)?\s*(?:只|才)(?:发|给|结|付|拿)了?"
                        # 十一月到一月的一直拖着不给, 这三个月的还欠着: held back is owed as much as not paid
                        r"|^\s*(?:份)?\s*(?:的)?\s*(?:工资|工钱|钱)?\s*(?:都|也|还|一直|全)?\s*(?:拖着|压着|欠着|扣着|押着)")
# 九月我还在老家: a month the worker says they were not at work is no month of the period.
NOT_WORKING_AFTER = re.compile(r"^[^\S\n]*(?:份)?[^\S\n]*(?:我|俺)?(?:还在老家|在老家|回老家|回家了|还没来|没来|没干|没上班|没开工)")
# 十一月的发了: a month said to be paid is no month of the period; 腊月二十给了3万, 3月5号发了: a day on which
# a payment was made is no month of the period either
PAID_AFTER = re.compile(r"^[^\S\n]*(?:份)?[^\S\n]*(?:(?:初)?[一二三四五六七八九十廿\d]{1,3}[^\S\n]*(?:号|日)?)?[^\S\n]*(?:的)?[^\S\n]*(?:工资|工钱|钱)?[^\S\n]*"
                        # 十二月的年前发了, 四月份又给了八千: when it was paid, said between
                        r"(?:年前|年后|年底|早就|之前|前几天|后来)?[^\S\n]*(?:都|也|全|已经|倒是|是|又){0,2}(?:发了|结了|给了|发过|结清|付了|拿到了|打了|转了)")
# 腊月就说正月十五给: a month when a promise was made, or the day promised, is no month of wages owed.
# These three never reach across a line break: in a transcript the next line is another turn.
PROMISE_AFTER = re.compile(r"^[^\S\n]*(?:份)?[^\S\n]*(?:(?:初)?[一二三四五六七八九十廿\d]{1,3}[^\S\n]*(?:号|日)?)?[^\S\n]*(?:(?:就|又|也|还)(?:说|答应|承诺|保证)|"
                           r"(?<=[号日一二三四五六七八九十廿\d])[^\S\n]*(?:前|之前)?[^\S\n]*(?:一定|肯定|保证|就|会|再|才)?[^\S\n]*(?:给|发|结|付|还)(?![了过]))")
PROMISED_AFTER = re.compile(r"\s*(?:底|初|中|末|月底|月初)?\s*(?:前|之前|以前)?\s*(?:一定|肯定|保证|就|会|再|才)\s*(?:能)?\s*(?:给|发|结|付|还|打)")
# 八月到十月……不对，七月到十月: the months named before a correction are replaced by those after it.
CORRECTED = re.compile(r"不对|哦不|说错|记错|搞错|应该是|更正|(?:^|\s|[,，])不是(?:\s|[,，]|从|是)")
# 从十一月开始就一分没发过: the month the unpaid run starts is owed (the months worked before it were paid)
OWED_FROM = re.compile(r"^\s*(?:份)?\s*(?:开始|起)\s*(?:就|都|一直|再)?\s*(?:一分(?:钱)?)?\s*(?:没|未|不|拖|欠)")
START_OPEN = re.compile(r"^\s*(?:份)?\s*(?:做|干|上班|进场|进厂)?(?:开始|起)(?:\S{0,4}(?:没|不|拖|欠)|[^，。,;；!！?？\n]{0,8}(?:到现在|至今(?!年)|到今天))")


@dataclass(frozen=True)
class MonthRef:
    """One month mentioned: its year word or number, month, and position."""

    year: int | None
    month: int
    start: int
    end: int
    owed: bool
    open_end: bool
    owed_from: bool = False  # 从十一月开始就没发: the first month of the unpaid run


def _year(word: str | None, digits: str | None, ref: dt.date) -> int | None:
    """Year of 今年/去年/前年 or a written year."""
    if digits:
        return int(digits)
    return {"今年": ref.year, "this year": ref.year, "去年": ref.year - 1, "last year": ref.year - 1,
            "前年": ref.year - 2}.get(word or "")


def _month_no(tok: str) -> int:
    """Month number of 3, 十二, 正, 腊 or an English name."""
    if tok.lower() in MONTH_NAMES:
        return MONTH_NAMES.index(tok.lower()) + 1
    if tok in MONTH_ABBR:
        return MONTH_NAMES.index(next(m for m in MONTH_NAMES if m.startswith(tok[:3].lower()))) + 1
    if tok in ("正", "腊"):
        return 1 if tok == "正" else 12
    got = read(tok)
    return int(got[0]) if got else 0


def mentions(text: str, ref: dt.date) -> list[MonthRef]:
    """Months named in text; event dates (二月初离职) are left out."""
    out = []
    found = list(MONTH.finditer(text))
    if DATED_HINT.search(text):
        found = sorted(found + list(DATED.finditer(text)), key=lambda m: m.start())
    # 三月四月的工资都发了: a paid mark covers the months listed before it.
    paid = [bool(PAID_AFTER.match(text[m.end():m.end() + 8])) for m in found]
    for i in range(len(found) - 2, -1, -1):
        if paid[i + 1] and LINK.match(text[found[i].end():found[i + 1].start()]):
            paid[i] = True
    for m, is_paid in zip(found, paid, strict=True):
        if is_paid:
            continue
        if m.re is DATED:
            year, month, part = int(m.group(1)), int(m.group(2)), None
        elif m.group(3):
            year, month, part = _year(m.group(2), m.group(1), ref), _month_no(m.group(3)), m.group(5)
        else:
            year, month, part = _year(m.group(6), None, ref), _month_no(m.group(7)), None
        if not 1 <= month <= 12:
            continue
        before, after = text[max(0, m.start() - 4):m.start()], text[m.end():m.end() + 8]
        if part and not (WORK_EVENT_BEFORE.search(before) or WORK_EVENT_AFTER.match(after)):
            continue
        if NOT_WORKING_AFTER.match(after) or PAID_AFTER.match(after) or PROMISE_AFTER.match(after):
            continue
        out.append(MonthRef(year, month, m.start(), m.end(), bool(OWED_AFTER.match(after)),
                            bool(START_OPEN.match(after)), bool(OWED_FROM.match(after))))
    if PAIR_HINT.search(text):
        out = sorted(out + _pairs(text, ref), key=lambda r: r.start)
    return out


def _pairs(text: str, ref: dt.date) -> list[MonthRef]:
    """Both months of 八九月份的工资 (the second must follow the first: 八九, not 九三)."""
    out = []
    for m in MONTH_PAIR.finditer(text):
        first, second = _month_no(m.group(3)), _month_no(m.group(4))
        after = text[m.end():m.end() + 8]
        if second != first + 1 or NOT_WORKING_AFTER.match(after) or PAID_AFTER.match(after):
            continue
        year = _year(m.group(2), m.group(1), ref)
        owed = bool(OWED_AFTER.match(after))
        out.append(MonthRef(year, first, m.start(), m.end(), owed, False))
        out.append(MonthRef(year, second, m.start(), m.end(), owed, bool(START_OPEN.match(after))))
    return out


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _latest(month: int, ref: dt.date) -> int:
    """The latest such month not after the reference month."""
    year = ref.year if month <= ref.month else ref.year - 1
    return _index(year, month)


LINK = re.compile(r"^\s*(?:和|与|及|跟|同|、|,|，|到|至|-|—|~|还有|份)?\s*(?:份)?\s*(?:和|、|,|，)?\s*$"
                  # 今年1月开始 一直到8月: the start and end of one run of months
                  r"|^\s*(?:份)?\s*(?:开始|起)\s*[,，]?\s*(?:一直|就)?\s*(?:干|做)?\s*(?:到|至)\s*$")


def _spread_owed(text: str, refs: list[MonthRef]) -> list[bool]:
    """十月和十一月的工资: the owed mark of the last month covers the months listed with it."""
    flags = [r.owed for r in refs]
    for i in range(len(refs) - 2, -1, -1):
        if flags[i + 1] and LINK.match(text[refs[i].end:refs[i + 1].start]):
            flags[i] = True
    return flags


def resolve(text: str, ref: dt.date) -> tuple[str | None, str | None, str | None]:
    """(period_start, period_end, evidence) as YYYY-MM, or Nones when no month can be placed."""
    if not PERIOD_HINT.search(text):  # no 月, no 至今/到现在/半年, no English month: nothing to place
        return None, None, None
    refs = mentions(text, ref)
    for i in range(len(refs) - 1, 0, -1):
        if CORRECTED.search(text[refs[i - 1].end:refs[i].start]):
            refs = refs[i:]
            break
    now = _index(ref.year, ref.month)
    points: list[int] = []
    prev: tuple[int, int] | None = None  # (index, end position) of the previous mention
    for r in refs:
        if r.year:
            idx = _index(r.year, r.month)
        elif prev and r.start - prev[1] <= 16:
            base_year = prev[0] // 12
            idx = _index(base_year, r.month)
            if idx < prev[0]:
                idx = _index(base_year + 1, r.month)
            if idx > now:
                idx = _latest(r.month, ref)
        else:
            idx = _latest(r.month, ref)
        points.append(idx)
        prev = (idx, r.end)
    owed_flags = _spread_owed(text, refs)
    owed = [p for p, flag in zip(points, owed_flags, strict=True) if flag]
    chosen = owed or points
    starts_owed = [p for p, r in zip(points, refs, strict=True) if r.owed_from]
    if not owed and starts_owed:
        # 去年四月进场到十月 按月发, 从十一月开始就一分没发过: months before the unpaid run began were paid
        chosen = [p for p in points if p >= min(starts_owed)]
    specials = list(SPECIAL.finditer(text))
    for s in specials:
        word = s.group()
        if PAID_AFTER.match(text[s.end():s.end() + 8]) or PROMISED_AFTER.match(text, s.end()):
            continue  # 上个月的都发了; 这个月底一定给: when pay is promised, not a month owed
        if word in ("上个月", "上月", "last month"):
            chosen.append(now - 1)
        elif word in ("上半年", "下半年"):
            # 去年上半年 is 01–06 of last year (README: 上半年 is months 01 to 06 of the year meant)
            year = ref.year - HALF_YEAR_BACK.get(text[max(0, s.start() - 2):s.start()], 0)
            first = 1 if word == "上半年" else 7
            if _index(year, first) <= now:  # 下半年再说 in spring is a time to come, no month owed
                chosen += [_index(year, first), min(_index(year, first + 5), now)]
        elif not owed and (word.startswith(("干", "一直")) or _RX0.search(text[max(0, s.start() - 3):s.start()]) or word in ("这个月", "本月", "this month")):
            chosen.append(now)
    if refs and refs[-1].open_end and points and points[-1] == max(points):
        chosen.append(now)
    chosen = [p for p in chosen if p <= now]
    if not chosen:
        return None, None, None
    lo, hi = min(chosen), max(chosen)
    starts = [r.start for r in refs] + [s.start() for s in specials]
    ends = [r.end for r in refs] + [s.end() for s in specials]
    ev = text[min(starts):max(ends)] if starts else None
    return f"{lo // 12:04d}-{lo % 12 + 1:02d}", f"{hi // 12:04d}-{hi % 12 + 1:02d}", ev


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"[干做]\S?$|月份?$|月底$")
