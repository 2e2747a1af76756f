"""How many workers are owed: stated counts (lower bound for 十几个), else 1 for a lone complainant."""

from __future__ import annotations

import re

from . import numerals

PEOPLE = (r"(?:(?:个|名|位)\s*(?:人|工人|工友|员工|兄弟|师傅|司机|农民工|老乡|伙计|职工|帮厨|厨师|服务员|保安|"
          r"[\u4e00-\u9fff]{0,2}工(?![资钱程地厂期号作头]))|人(?!社|民|家|工)|people|workers)")
COUNT_AFTER = re.compile(r"^\s*(?:多|几|来|余)?\s*" + PEOPLE, re.I)
BARE_AFTER = re.compile(r"^\s*(?:多|几|来|余)?\s*个\s*(?:$|[,，。;；!！?？\s]|都|连我|左右|吧|呢|啊)")
BARE_BEFORE = re.compile(r"(?:连我|一共|总共|我们|俺们|咱们|班组|共|就是)\s*$")
NOT_COUNT_BEFORE = re.compile(r"(?:每|其中|另外|还有|他们|其他|别的|剩下)\s*$")
CORRECTION = re.compile(r"不对|哦不|说错|应该是|改一下|忘了|漏了")
SOLO = re.compile(r"(?:就|只有|只是|就是)?\s*(?:我|俺)\s*(?:一个|自己(?!的)|一人|自个(?!儿?的))|just me|only me|就我\s*(?:$|[,，。\s])|我就(?:说|报)|我先报|就说我", re.I)
PLURAL = re.compile(r"我们|俺们|咱们|咱|兄弟们|大家|工人们|工友们|成班人|他们|伙计们|\bwe\b|\bour\b", re.I)
OWED_PLURAL = re.compile(r"欠(?:了)?(?:我们|俺们|咱们|他们|大家)|(?:我们|俺们|咱们|他们)(?:的)?(?:工资|工钱|钱)")
OWED_SINGLE = re.compile(r"欠(?:了)?(?:我|俺|他|她)(?!们)|(?:给|发)(?:我|俺)(?!们)|(?:我|俺)(?:的)?(?:工资|工钱|钱|人工)|paid me|owe[sd]? me|my (?:salary|wages?|pay)", re.I)
SINGULAR = re.compile(r"[我俺](?!们)|\bme\b|\bmy\b|\bI\b|\bwo\b")


def stated(text: str, answer: bool = False) -> tuple[int | None, str | None]:
    """A count the text states (十八个人, 班组12个, 连我十个), with its evidence."""
    counts: list[tuple[int, str, int]] = []
    for n in numerals.find(text):
        if n.value != int(n.value) or n.value < 1 or n.value > 100_000 or n.high:
            continue
        after, before = text[n.end:n.end + 8], text[max(0, n.start - 4):n.start]
        bare = BARE_AFTER.match(after) and (answer or BARE_BEFORE.search(before) or "连我" in after[:5])
        if not (COUNT_AFTER.match(after) or bare) or NOT_COUNT_BEFORE.search(before):
            continue
        if _RX0.match(after):
            continue
        if n.value == 1 and not answer and not _RX1.search(before):
            continue
        counts.append((int(n.value), text[n.start:n.end + 3], n.start))
    if not counts:
        return None, None
    if any(CORRECTION.search(text[a[2]:b[2]]) for a, b in zip(counts, counts[1:], strict=False)):
        return counts[-1][0], counts[-1][1]
    best = max(counts, key=lambda c: (c[0], c[2]))
    return best[0], best[1]


def solo(text: str) -> bool:
    """The complainant speaks only of their own wages (or of one other worker: 欠他)."""
    if SOLO.search(text):
        return True
    if OWED_PLURAL.search(text):
        return False
    if OWED_SINGLE.search(text):
        return True
    return bool(SINGULAR.search(text)) and not PLURAL.search(text)


def count(text: str, answer_text: str | None = None) -> tuple[int | None, str | None]:
    """Workers owed wages: a stated count, else 1 for a lone complainant, else None."""
    if answer_text is not None:
        n, ev = stated(answer_text, answer=True)
        if n:
            return n, ev
        if SOLO.search(answer_text):
            return 1, answer_text.strip()[:20]
    n, ev = stated(text)
    if n:
        return n, ev
    if solo(text):
        return 1, None
    return None, None


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"^\s*(?:个)?\s*(?:月|小时|天)")
_RX1 = re.compile(r"人数|人员")
