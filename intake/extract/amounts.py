"""Wages owed: stated, computed from factors, minus partial payments, last value after a correction."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import numerals

AMOUNT_MAX = 100_000_000
NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:多|几|余|来)?\s*(?:年(?!年)|月(?!月)|日(?!日)|号|天(?!天)|个|人(?!工)|名|位|岁|点(?![算解样办])|[:：]|小时|钟|分(?!钱)|栋|楼|层|期|标段|次|遍|周|礼拜|星期|"
    r"平|米|公里|吨|斤|亩|台|辆|%|户|套|家|条|张|号楼|块地|days?|months?|people|workers|hours?)", re.I)
MONEY_AFTER = re.compile(r"^\s*(?:多|余|来)?\s*(?:元|块|圆|yuan|rmb|人民币)", re.I)
NOT_MONEY_BEFORE = re.compile(r"号\s*[:：]?\s*$|(?:工号|编号|工牌|热线|拨打|打|分机|尾号|第|号码|电话|手机|身份证|宿舍|房间|房号|门牌|车牌|住)\s*$"
                              # 028-85126634, (0755)2345678: a landline after its area code
                              r"|(?<!\d)0\d{2,3}\s*[-—)）]\s*$")
DISCIPLINE = r"(?:迟到|旷工|早退|违纪|违规|差评|超时)\S{0,4}扣"
DISCIPLINE_RX = re.compile(DISCIPLINE)
HOTLINES = {110, 119, 120, 12333, 12345, 12315, 12320, 12351, 12348}
NON_WAGE = re.compile(r"押金|借|罚|工程款|材料|医药|医疗|货款|生活费|路费|伙食|学费|会员|保证金|房租|定金|违约金|赔偿|补偿|社保|车费|报销")
NEXT_ITEM = re.compile(r"\s+(?![元块圆]|yuan|rmb)|还有|另外|加上|以及|外加")
# after a pause only: 医药费欠我两万 is still the medical bill
OWED_LEAD = re.compile(r"(?:^|\s)(?:还)?欠(?:了)?(?:我|俺|咱|大家|工人)(?:们)?\s*$")
ROUGH_NEAR = re.compile(r"(?:最多|最少|多的|少的)[，,\s]*(?:的)?(?:是|有)?\s*$")
ITEM_START = re.compile(r"还有|另外|加上|以及|外加")
WAGE_AFTER = re.compile(r"^\s*(?:块钱?|元)?\s*(?:的)?\s*(?:工资|工钱|人工|薪水)")
CLAUSE_END = re.compile(r"[,，。;；!！?？\n]")
CORRECTION = re.compile(r"不对|哦不|说错|应该是|改一下|不是|错了|更正")
ROLES = (
    ("rough", re.compile(r"(?:多的|少的|最多|最少|有的)\S{0,3}$")),
    ("paid", re.compile(r"(?:给了|发了|付了|结了|拿到了?|拿了|收到了?|支付了|已付|只发了|只给了|(?:只|才)(?:到账|到手|打了|转了)了?|预支了?|借支了?|发过|给过"
                        # 应发6800 实发才3100: what the payslip says was actually paid
                        r"|(?:实发|实际发了?|实付|实际到手|实到|实领|实拿)(?:了)?(?:只有|只|才|就)?)"
                        r"(?:我|俺|我们|俺们|他|她)?\s*$")),
    ("remaining", re.compile(r"(?:还差|还欠|剩下的?|剩余|剩|尚欠|余下|还有)(?:您|你|我们|我|俺们|俺|他们|他|她)?\s*$")),
    ("total", re.compile(r"(?<![天月])(?<![天月]一)(?:一共|总共|共计|合计|总计|加起来|一起|总额|总数|一总|共|in total|total(?: of)?|altogether)\S{0,3}\s*$", re.I)),
    # 1天300, 1个月5k5: a rate said with an Arabic 1 is a rate as 一天, 一个月 are; 每月薪资人民币一万五千元:
    # the wage word and the currency between the month and the sum
    ("per_day", re.compile(r"(?:(?<!\d)1\s*天|一天|每天|日薪|每日|一日|天工资?)\S{0,2}$")),
    ("per_month", re.compile(r"(?:每月|每个月|一个月|(?<!\d)1\s*个月|(?<!个)月薪|(?<![个半])月工资|一月|per month|a month|monthly|\bmei\s*(?:ge\s*)?yue)(?:(?:(?<=每月)|(?<=每个月))的)?(?:工资|薪资|薪水|工钱|薪酬|基本工资|底薪)?(?:都是|是|为|都|被欠|欠)?(?:人民币|RMB|rmb|¥|￥)?\s*$", re.I)),
    ("per_person", re.compile(r"(?:每人|一人|每个人|一个人|人均)(?:被欠|欠|都是|是|有)?(?:大概|大约|差不多|估计|约|也就|起码)?\s*$")),
    ("per_hour", re.compile(r"(?:一小时|每小时|一个小时|每个小时|时薪|一个钟|每个钟)(?:是|算)?\s*$")),
    # 俺自己也是两万三: the caller's own figure, said as the same as everyone's
    ("own", re.compile(r"(?:我的|俺的|我自己的?|俺自己的?|我个人)(?:也)?(?:是|有|被欠了?|欠了?)?\s*$")),
)
# 说好的, 本来: the sum agreed; read after the rate roles, so 说好每人每月六千五 stays a monthly rate.
DUE = ("due", re.compile(r"(?:应发|应该发|说好的?|本来|应付)\S{0,4}$"))
ROLES = ROLES[:8] + (DUE,) + ROLES[8:]
AFTER_ROLES = (
    ("per_month", re.compile(r"^\s*(?:元|块钱|块|yuan|rmb|人民币)?\s*(?:一个月|每月|/月|per month|a month|monthly|each month|every month|/month)(?!\s*[\d一二两三四五六七八九十])", re.I)),
    ("per_day", re.compile(r"^\s*(?:元|块钱|块)?\s*(?:一天|每天|/天|per day|a day)(?!\s*[\d一二两三四五六七八九十])", re.I)),
    ("total", re.compile(r"^\s*(?:元|块|yuan)?\s*(?:in total|total)", re.I)),
)
DAYS = re.compile(r"(?<![一每])(\d+|[一二两三四五六七八九十百几]+)\s*(?:多)?\s*天")
HOURS = re.compile(r"(?<![一每\d])(\d+|(?!一小时|一个小时)[一二两三四五六七八九十百几]+)\s*(?:多)?\s*(?:个)?\s*(?:小时|钟头)")
PINYIN_NUMBERS = ("yi", "liang", "san", "si", "wu", "liu", "qi", "ba", "jiu", "shi")
EN_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
MONTHS = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*个\s*半?\s*月|(\d+|[一二两三四五六七八九十]+)\s*months?|([两俩仨])月"
                    r"|\b(" + "|".join(EN_NUMBERS) + r")\s+months?"
                    # pinyin chat: liang ge yue
                    r"|(?<![A-Za-z\d])(\d+|" + "|".join(PINYIN_NUMBERS) + r")\s*ge\s*yue\b", re.I)


@dataclass(frozen=True)
class Money:
    """One money figure with what it stands for (total, per month, paid…)."""

    num: numerals.Number
    role: str


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after a number, within its clause."""
    lo = max((m.end() for m in CLAUSE_END.finditer(text, max(0, start - 14), start)), default=max(0, start - 14))
    hi_m = CLAUSE_END.search(text, end, end + 16)
    return text[lo:start], text[end:hi_m.start() if hi_m else end + 16]


def _digits_talk(text: str, at: int) -> bool:
    """Whether the line holding position at (or the line before it) is about a phone number's digits.
    Only a window of 120 characters either side is looked at, so the cost per number stays constant."""
    lo = max(0, at - 120)
    start = text.rfind("\n", lo, at) + 1 or lo
    end = text.find("\n", at, at + 120)
    end = end if end >= 0 else min(len(text), at + 120)
    if not DIGITS_TALK.search(text, start, end):
        return False
    prev = text.rfind("\n", lo, max(start - 1, lo)) + 1 or lo
    return "#######" in text[prev:end]


def _is_money(text: str, n: numerals.Number) -> bool:
    """A numeral that can be a sum of money rather than a count, date, phone or hotline."""
    after, before = text[n.end:n.end + 6], text[max(0, n.start - 6):n.start]
    # 总共二十来万 年前说年后给: in unpunctuated text a space ends a sum in 千/万, so the word after it
    # (年前, 天天) does not make it a date or a count.
    spaced = n.has_unit and abs(n.value) >= 1000 and after[:1].isspace()
    if not spaced and NOT_MONEY_AFTER.match(after) or NOT_MONEY_BEFORE.search(before):
        return False
    if n.value in HOTLINES and not MONEY_AFTER.match(after):
        return False
    if not n.has_unit and not MONEY_AFTER.match(after) and _digits_talk(text, n.start):
        return False  # 不对，最后是四零，640: digits of the phone number just read back, not a sum
    if n.arabic and text[n.start] == "0" and n.end - n.start >= 3 and text[n.start + 1:n.start + 2].isdigit():
        return False  # 0551, 0537-2316645: a sum of money never starts with 0; an area code does
    if MONEY_AFTER.match(after) or n.has_unit and (abs(n.value) >= 100 or n.high):
        return True
    if n.arabic and 1950 <= n.value < 2100 and _RX5.fullmatch(text[n.start:n.end]):
        return False  # 2025.11, 2026.03: a year and month, not yuan
    return n.arabic and abs(n.value) >= 100 and not (1950 <= n.value <= 2100 and _RX2.match(after))


# 说我迟到要扣1500: a deduction for lateness, absence or a bad review is a fine, whatever it is called
FINE = re.compile(r"罚款|罚了|罚钱|扣款|" + DISCIPLINE)
DEDUCTED = re.compile(r"扣(?:了|掉|除)?(?:我|俺)?(?:们)?(?:的)?\S{0,2}$")
# 一共九万 里面有三万是材料钱, 这里头材料钱是我先垫的一万二: other money inside the sum just said
INSIDE = re.compile(r"(?:里面|里头|其中|这里面|这里头|当中|包括|包含|含)[^，。,;；!！?？\d]{0,10}$")
RANGE_JOIN = re.compile(r"^\s*(?:多|来|余)?\s*(?:到|至|~|～|-|—|到了)\s*$")  # 一万多到三万多: a range of rough ends
UNIT_VALUE = {"万": 10_000, "w": 10_000, "W": 10_000, "千": 1000, "k": 1000, "K": 1000, "百": 100, "亿": 100_000_000}


def _ranges(text: str, nums: list[numerals.Number]) -> list[numerals.Number]:
    """3到4万 → [30000, 40000]; 一百万到一百二十万之间 → [1000000, 1200000]."""
    out: list[numerals.Number] = []
    for n in nums:
        prev = out[-1] if out else None
        if prev and not prev.high and n.has_unit and RANGE_JOIN.match(text[prev.end:n.start]):
            lo = prev.value
            if not prev.has_unit:
                unit = next((UNIT_VALUE[c] for c in reversed(text[n.start:n.end]) if c in UNIT_VALUE), 1)
                lo = prev.value * unit
            if 0 < lo < n.value:
                out[-1] = numerals.Number(prev.start, n.end, lo, n.value, prev.approx, True, prev.arabic)
                continue
        out.append(n)
    return out


def mentions(text: str) -> list[Money]:
    """Every money figure in text, with its role; non-wage money and explanations dropped."""
    out: list[Money] = []
    fine = bool(FINE.search(text))
    other: list[float] = []  # non-wage sums seen so far (材料费六千)
    last_end = 0
    for n in _ranges(text, numerals.find(text)):
        if not _is_money(text, n):
            continue
        before, after = _clause(text, n.start, n.end)
        own_after = _RX0.split(after)[0]
        # The words after a figure describe it only up to a break (a space, 还有, 另外): 工资两万 还有材料费六千.
        tail = NEXT_ITEM.split(after, 1)[0]
        # 那三千漏了: a figure said to be left out is an explanation; 三万五 最后那半个月我给漏了 is not.
        deducted = fine and DEDUCTED.search(before)  # 工资扣了我两千 说是迟到罚款: the fine, not wages
        item = _item(before, tail)
        if NON_WAGE.search(EXCLUDED.sub("", item[-8:] + tail[:12])) or _RX1.search(own_after[:4]) or deducted:
            other.append(n.value)
            last_end = n.end
            # 一共欠九万 里面有三万是材料钱: other money counted inside the total just said
            if INSIDE.search(before) and out and out[-1].role in ("total", "plain", "due") \
                    and 0 < n.value < out[-1].num.value and not out[-1].num.high:
                prev = out[-1]
                out[-1] = Money(replace(prev.num, value=prev.num.value - n.value), prev.role)
            continue
        # 工资两万 还有材料费六千 一起两万六: a sum of wages and other money is not the wages owed.
        if other and not n.high and any(abs(m.num.value + o - n.value) < 1 for m in out for o in other):
            last_end = n.end
            continue
        role = _role(text, n, before, after)
        if out and CORRECTION.search(text[last_end:n.start]) and out[-1].role in ("total", "due", "plain"):
            role = out[-1].role if role == "plain" else role
            out.pop()
        out.append(Money(n, role))
        last_end = n.end
    return out


def _item(before: str, tail: str) -> str:
    """The words before a figure that belong to its own item, for telling wages from other money."""
    # 说是超时罚款 还有600的工资没结: a figure named as wages after 还有/另外 starts a new item, so the
    # words before that describe the item before (工程款还有四十万没结 stays 工程款)
    item = ITEM_START.split(before)[-1] if WAGE_AFTER.match(tail) else before
    lead = OWED_LEAD.search(item)
    return lead.group() if lead else item  # 场里就给了点生活费 欠俺四万块左右: what is owed starts at 欠


def _role(text: str, n: numerals.Number, before: str, after: str) -> str:
    """What a money figure stands for, from the words around it (total, per month, paid…)."""
    role = next((r for r, p in ROLES if p.search(before)), None)
    if role is None and ROUGH_NEAR.search(text[max(0, n.start - 8):n.start]):
        return "rough"  # 他被欠得最多，三万八: the largest (or smallest) share, not the sum owed
    role = role or next((r for r, p in AFTER_ROLES if p.search(after)), "plain")
    words = before.split()
    if role in ("plain", "total") and PER_PERSON_LEAD.search(words[-1] if words else ""):
        return "per_person"  # 一个人两个月一共一万: the figure is each worker's, said after how long
    if role == "per_person":
        # 一个月一人四千五, 一天一人一百五: a rate for each worker, reckoned by month or day
        if MONTH_THEN_PERSON.search(before):
            return "per_month"
        if DAY_THEN_PERSON.search(before):
            return "per_day"
    return role


def _count(pattern: re.Pattern, text: str) -> float | None:
    """The last count matched by a days/months pattern."""
    value = None
    for m in pattern.finditer(text):
        tok = next(g for g in m.groups() if g)
        if tok.lower() in EN_NUMBERS:
            value = EN_NUMBERS.index(tok.lower()) + 1.0
            continue
        if tok.lower() in PINYIN_NUMBERS:
            value = PINYIN_NUMBERS.index(tok.lower()) + 1.0
            continue
        got = numerals.read(tok.replace("俩", "两").replace("仨", "三"))
        if got and got[0] > 36 and MONTH_RUN.fullmatch(tok):
            got = numerals.read(tok[-1])  # 七八九三个月: the months named (七八九), then how many (三)
        if got and not _RX3.match(tok):
            value = got[0] + (0.5 if "半" in m.group() else 0)  # 两个半月 = 2.5 months
    return value


def pick(text: str, workers: int | None, months_hint: int | None, fine: bool,
         rough_count: bool = False) -> tuple[Money | None, float | None, bool]:
    """(the figure used, the amount, whether it was computed or approximate).

    rough_count: the workers were counted roughly (三十几个), so a group sum computed from it is a guess."""
    found = [m for m in mentions(text) if m.role != "rough"]
    if not found:
        return None, None, False
    by = {r: [m for m in found if m.role == r] for r in {m.role for m in found}}
    paid = by.get("paid", [])
    if "remaining" in by:
        m = by["remaining"][-1]
        group = [t for t in by.get("total", []) if t.num.start > m.num.start and t.num.value > m.num.value]
        if group and OWN_BEFORE.search(text[max(0, m.num.start - 12):m.num.start]):
            # 我自己还差两万七千五 … 总共差二十一万: the caller's own remainder, then the group's total (README)
            return group[-1], group[-1].num.value, group[-1].num.approx
        return m, m.num.value, True
    base = (by.get("total") or by.get("due") or by.get("plain") or [None])[-1]
    if base is not None:
        later = [m for m in paid if m.num.start > base.num.start]
        if later:
            if fine:
                return None, None, False
            # 后来给了两千 又给了三千: several payments add up, unless the last one is already a sum.
            summed = PAID_SUM.search(text[max(0, later[-1].num.start - 8):later[-1].num.start])
            got = later[-1].num.value if summed else sum(m.num.value for m in later)
            return base, base.num.value - got, True
        share = _paid_share(text[base.num.end:base.num.end + 24])
        if share is not None and not _RX6.search(text[max(0, base.num.start - 6):base.num.start]):
            return base, base.num.value * (1 - share), True  # 工资一万二 只发了一半 → 6000
        return base, base.num.value, base.num.approx
    if rough_count and "own" in by and workers and workers > 1:
        # 三十几个司机 一个人一个月八千 … 我自己是一万六: a group sum from a rough count is a guess, while the
        # caller's own figure is said outright, so the own figure is the amount (README: the complainant's own)
        m = by["own"][-1]
        return m, m.num.value, m.num.approx
    return _computed(text, by, workers, months_hint, paid, fine)


OWN_BEFORE = re.compile(r"(?:我|俺)(?:自己|个人|本人)")
PAID_SUM = re.compile(r"一共|总共|加起来|累计|前后|总计")
# 只发了一半, 只给了三成, 付了百分之四十, 发了三分之一; 还差一半 / 一半没给 name the share still owed.
PAID_SHARE = re.compile(r"^[^，。,;；!！?？\d]{0,8}?(?:只|才|就|已经)?(?:发|给|付|结|拿到)了?\s*(一半|[一二两三四五六七八九]成|"
                        r"百分之[\d一二三四五六七八九十]+|[二三四五]分之[一二三四])")
OWED_SHARE = re.compile(r"^[^，。,;；!！?？\d]{0,8}?(?:还差|还欠|还有|剩)\s*(一半|[一二两三四五六七八九]成|"
                        r"百分之[\d一二三四五六七八九十]+|[二三四五]分之[一二三四])|^[^，。,;；!！?？\d]{0,8}?(一半)\s*(?:没|没有|还没)")


def _share(word: str) -> float | None:
    """一半 → 0.5, 三成 → 0.3, 百分之四十 → 0.4, 三分之一 → 1/3."""
    if word == "一半":
        return 0.5
    if word.endswith("成"):
        got = numerals.read(word[:-1])
        return got[0] / 10 if got else None
    if word.startswith("百分之"):
        got = numerals.read(word[3:])
        return got[0] / 100 if got and 0 < got[0] < 100 else None
    den, _, num = word.partition("分之")
    d, n = numerals.read(den), numerals.read(num)
    return n[0] / d[0] if d and n and 0 < n[0] < d[0] else None


def _paid_share(after: str) -> float | None:
    """The share of a stated wage already paid, from the words after it (None if none is said)."""
    m = OWED_SHARE.match(after)
    if m:
        owed = _share(m.group(1) or m.group(2))
        return None if owed is None else 1 - owed
    m = PAID_SHARE.match(after)
    return _share(m.group(1)) if m else None


def _computed(text, by, workers, months_hint, paid=(), fine=False):
    """days × daily rate, months × monthly wage, per person × workers, or all three; less what was paid."""
    if "per_day" in by:
        days = _count(DAYS, text)
        m = by["per_day"][-1]
        # 一人一天150, 干了50天, 我跟我弟两个人: a daily rate said per person counts for each worker
        people = workers if workers and _RX4.search(_clause_before(text, m.num.start, 16)) else 1
        if days:
            return m, _less_paid(text, m, m.num.value * days * people, paid, fine), True
    if "per_hour" in by:
        hours = _count(HOURS, text)
        m = by["per_hour"][-1]
        if hours:
            return m, _less_paid(text, m, m.num.value * hours, paid, fine), True
    if "per_month" in by:
        m = by["per_month"][-1]
        months = _count(MONTHS, text) or months_hint
        people = workers if workers and _RX4.search(_clause_before(text, m.num.start, 16)) else 1
        if months:
            return m, _less_paid(text, m, m.num.value * months * people, paid, fine), True
    if "per_person" in by and workers and not by["per_person"][-1].num.high:
        # 每人欠三四千: a per-person range is only a rough figure, never multiplied into a group sum (T12)
        m = by["per_person"][-1]
        return m, m.num.value * workers, True
    if "own" in by:
        m = by["own"][-1]
        return m, m.num.value, m.num.approx
    return None, None, False


def _clause_before(text: str, at: int, width: int) -> str:
    """Up to width characters before at, within the sentence (not across 。！？ or a line break)."""
    head = text[max(0, at - width):at]
    cut = max(head.rfind(c) for c in "。！？!?\n")
    return head[cut + 1:]


def _less_paid(text: str, rate: Money, due: float, paid, fine: bool) -> float:
    """一天三百五 干了52天 中间给过5000: a computed wage less the payments said after the rate."""
    later = [m for m in paid if m.num.start > rate.num.start]
    if not later or fine:
        return due
    summed = PAID_SUM.search(text[max(0, later[-1].num.start - 8):later[-1].num.start])
    got = later[-1].num.value if summed else sum(m.num.value for m in later)
    return due - got if 0 < got < due else due


def valid(value: float | None) -> bool:
    """Amounts ≤ 0 or above 100,000,000 are never stored."""
    return value is not None and 0 < value <= AMOUNT_MAX


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"[\d一二两三四五六七八九十百千万]")
DIGITS_TALK = re.compile(r"最后(?:是|一位|两位|几位|那几位)|尾(?:号|数)|后[两三四几]位")
# 已扣除生活费, 不含路费: other money said to be left out of the figure, which stays wages
EXCLUDED = re.compile(r"(?:已经?|已)?(?:扣除|扣掉|减去|减掉|除去|刨去|去掉|不含|不包括|没算)(?:了)?[^，。,;；\d]{0,6}")
_RX1 = re.compile(r"漏|忘")
_RX2 = re.compile(r"^[-/.年]")
MONTH_RUN = re.compile(r"[一二两三四五六七八九]{3,}")
_RX3 = re.compile(r"(?:[一每]|1)$")  # 一个月, 1个月 name the rate's unit, not a count of months
_RX4 = re.compile(r"每人|一人|每个人|一个人")
MONTH_THEN_PERSON = re.compile(r"(?:每月|每个月|一个月|(?<!\d)1\s*个月|月薪)\s*(?:每人|一人|每个人|一个人)\S{0,2}$")
DAY_THEN_PERSON = re.compile(r"(?:每天|一天|(?<!\d)1\s*天|日薪)\s*(?:每人|一人|每个人|一个人)\S{0,2}$")
# each worker's figure said first (一个人两个月一共一万); not 十一个人 (a count) nor 我一个人 (just me)
PER_PERSON_LEAD = re.compile(r"(?:每人|每个人|人均|(?<![\d一二两三四五六七八九十几我俺你他她就只])一(?:个)?人)(?![都也没不])[^\d]{0,8}$")
_RX6 = re.compile(r"欠|差|剩")  # 欠我一万二 … 只发了一半: an amount said to be owed is already what is left
_RX5 = re.compile(r"(?:19[5-9]\d|20\d\d)\.(?:0?[1-9]|1[0-2])")
