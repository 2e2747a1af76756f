"""How many workers are owed: stated counts (lower bound for 十几个), else 1 for a lone complainant."""

from __future__ import annotations

import re

from . import numerals

PEOPLE = (r"(?:(?:个|名|位|号)\s*(?:[\u4e00-\u9fff]{0,2}员(?![工])|人|工人|工友|员工|兄弟|师傅|司机|农民工|老乡|伙计|职工|帮厨|厨师|服务员|保安|"
          r"阿姨|大姐|大嫂|大妈|大哥|大叔|姐妹|女工|男工|小工|骑手|保洁|学生|老师|徒弟|学徒|同事|亲戚|朋友|"
          r"[\u4e00-\u9fff]{0,2}工(?![资钱程地厂期号作头])|"
          # 五个搓澡师傅, 三个货车司机, 两个住家阿姨: a trade before the worker word
          r"[\u4e00-\u9fff]{1,2}(?:师傅|司机|阿姨|骑手|保安|保洁)|"
          # 四十几个修路的工人, 三十多个搞装修的工友, 二十个干钢筋的兄弟: the trade said by verb and object
          r"(?:修|搞|干|做|开|跑|送|贴|刷|扎|绑|装|砌|搬|拉|卸|打|缝|织|炒|烧|种|摘|采|看|守)[\u4e00-\u9fff]{1,3}的(?:工人|工友|兄弟|师傅|农民工|员工|老乡|伙计|人))|人(?!社|民|家|工)|people|workers)")
COUNT_AFTER = re.compile(r"^\s*(?:多|几|来|余)?\s*" + PEOPLE, re.I)
BARE_AFTER = re.compile(r"^\s*(?:多|几|来|余)?\s*个\s*(?:$|[,，。;；!！?？\s]|都|连我|左右|吧|呢|啊)")
BARE_BEFORE = re.compile(r"(?:连我|一共|总共|我们|俺们|咱们|班组|共|就是)\s*$"
                         # 算上老李12个, 不对 是12个: a count that adds someone, or one said in correction
                         r"|(?:算上|加上|连上|连同|包括)\S{0,3}$|(?:不对|哦不|说错了?|应该是)\s*(?:是)?\s*$"
                         # 不是十个，是十二个: the count said after the one taken back
                         r"|个\s*[，,]?\s*是\s*$"
                         # 俺们老乡五个都一样, 工友一共八个: the fellow workers named, then how many
                         r"|(?:老乡|工友|兄弟|同事|伙计|师傅|同乡|同村的?|一起的|一块的|工人|姐妹)(?:们)?\s*(?:一共|总共|有|是|加起来)?\s*$")
# 算漏了一个人: a count said to be left out is part of an explanation, not the count.
NOT_COUNT_BEFORE = re.compile(r"(?:每|其中|另外|还有|他们|其他|别的|剩下|漏了|漏掉了?|漏算了?|少算了?)\s*$")
CORRECTION = re.compile(r"不对|哦不|说错|应该是|改一下|忘了|漏了|不是")
# 我们三个在温州做装修, 俺们五个都没拿到: we-N-个 and then what the group does is a count of us
GROUP_BEFORE = re.compile(r"(?:我们|俺们|咱们|我们这|咱)\s*$")
GROUP_ACT_AFTER = re.compile(r"^\s*个\s*(?:人\s*)?(?:在|都|一起|是|干|做|给|被|的|跟|和|从|去|到|也|还|一共|总共|加起来)")
WITH_ME = re.compile(r"(?:我|俺)\s*(?:和|跟|同|与|带着|带了|加上)\s*(?:另外|其他|其余|别的|我的|俺的)?\s*$")
SOLO = re.compile(r"(?:就|只有|只是|就是)?\s*(?:我|俺)\s*(?:一个|自己(?!的)|一人|自个(?!儿?的))|就(?:我|俺)\s*自己的|就(?:您|你)\s*一个人|just me|only me|就我\s*(?:$|[,，。\s])|我就(?:说|报)|我先报|就说我", re.I)
# what the caller does for their own claim only: 报, 说, 管, 问, 登记 (我只管我自己的)
OWN_VERB = r"(?:报|说|反映|算|投诉|管|问|顾|登记|申请|代表)"  # not 要: 我就要我的工钱 wants pay, not one claim
# 车间十几个都没发，我就报我自己的: the caller limits the complaint to their own wages, so a group
# count said in passing is not the count of the complaint.
OWN_ONLY = re.compile(r"(?:我|俺)\s*(?:就|只|先)\s*" + OWN_VERB + r"\s*(?:我|俺)?\s*(?:自己|一个人)|"
                      r"(?:只|就|先)\s*" + OWN_VERB + r"\s*(?:我|俺)\s*(?:自己)?\s*(?:的|一个)|"
                      # 别人的我不清楚，我说我自己的: the caller's own claim, even without 只/就
                      r"(?:我|俺)\s*" + OWN_VERB + r"\s*(?:我|俺)\s*自己的")
# 我同我老公, 我和老婆, 我们两口子, 夫妻俩: a couple is two workers when no other count is given.
COUPLE = re.compile(r"(?:我|俺)\s*(?:和|跟|同|与|还有|带着)\s*(?:我|俺)?\s*(?:的)?\s*(?:老公|老婆|媳妇|爱人|丈夫|妻子|男人|女人|老伴|对象)|"
                    r"两口子|两公婆|夫妻(?:俩|两个|二人|两人)?|(?:我|俺)们?(?:老)?两口")
# 我们仨, 俺们俩, 咱俩, 我们哥仨: a group counted by 仨/俩 (not 我俩月工资, 俩 = two months).
FEW = re.compile(r"(?:我们|俺们|咱们|咱|我|俺)\s*(?:哥|兄弟|姐妹|娘)?\s*(仨|俩)(?!\s*个?\s*(?:月|天|年|礼拜|星期|小时|钟|钱|万|千|百))")
# 车间好几个人都没发, 我们一帮人: a group of no stated size, so the count is unknown (README)
VAGUE_GROUP = re.compile(r"(?:好几|好些|很多|好多|不少|一些|一帮|一群|一伙|一堆|一大帮|一大群)\s*(?:个|位|名)?\s*"
                         r"(?:人|工人|工友|兄弟|师傅|员工|同事|老乡)(?!家)")
# 他们 alone is often the employer (工资是他们发的); it makes a group only next to 我 (我和他们).
PLURAL = re.compile(r"我们|俺们|咱们|咱|兄弟们|大家|工人们|工友们|成班人|伙计们|[我俺](?:和|跟|同)他们|"
                    r"(?<![A-Za-z])(?:we|our|us)(?![A-Za-z])", re.I)
OWED_PLURAL = re.compile(r"欠(?:了)?(?:我们|俺们|咱们|他们|大家)|(?:我们|俺们|咱们|他们)(?:的)?(?:工资|工钱|钱)")
# 本人 is the written first person singular of complaint letters (拖欠本人工资); 您本人 is the operator's
# 我四月份的工资, 俺去年两个月的工钱: my wages of a named time are still my own wages
OWED_SINGLE = re.compile(r"(?:我|俺)(?!们)[\d一二三四五六七八九十两几上下这个去今前年月份底半]{1,7}的(?:工资|工钱|人工)|欠(?:了)?(?:我|俺|他|她|本人)(?!们)|(?:给|发)(?:我|俺|本人)(?!们)|(?:我|俺|(?<![您你他她])本人)(?:的)?(?:工资|工钱|钱|人工)|paid me|owe[sd]? me|my (?:salary|wages?|pay)|欠wo(?![A-Za-z])", re.I)
# Latin words are bounded by non-letters, not \b: in 欠wo the CJK character is a word character too.
SINGULAR = re.compile(r"[我俺](?!们)|(?<![您你他她])本人|(?<![A-Za-z])(?:me|my|wo)(?![A-Za-z])|(?<![A-Za-z])I(?![A-Za-z])")


def stated(text: str, answer: bool = False) -> tuple[int | None, str | None]:
    """A count the text states (十八个人, 班组12个, 连我十个), with its evidence."""
    counts: list[tuple[int, str, int]] = []
    nums = numerals.find(text)
    for i, n in enumerate(nums):
        exact = _refined(text, n, nums[i + 1:i + 3])
        if exact is not None:  # 三十几个……我数了一下 三十六个: the exact count replaces the rough one
            counts.append((int(exact.value), text[exact.start:exact.end + 3], exact.start))
            continue
        got = _count_at(text, n, answer)
        if got is not None:
            counts.append((got, text[n.start:n.end + 3], n.start))
    if not counts:
        return None, None
    if any(CORRECTION.search(text[a[2]:b[2]]) for a, b in zip(counts, counts[1:], strict=False)):
        return counts[-1][0], counts[-1][1]
    best = max(counts, key=lambda c: (c[0], c[2]))
    return best[0], best[1]


def _count_at(text: str, n: numerals.Number, answer: bool) -> int | None:
    """The number of workers a numeral states, or None when it counts something else."""
    # a range (七八个人) counts its lower end, as approximate counts do
    if n.value != int(n.value) or n.value < 1 or n.value > 100_000:
        return None
    after, before = text[n.end:n.end + 8], text[max(0, n.start - 4):n.start]
    bare = BARE_AFTER.match(after) and (answer or BARE_BEFORE.search(before) or "连我" in after[:5]) \
        or GROUP_BEFORE.search(before) and GROUP_ACT_AFTER.match(after)
    # 我和另外11名工友, 我跟两个徒弟: the others counted, and the caller with them
    with_me = WITH_ME.search(text[max(0, n.start - 7):n.start])
    if not (COUNT_AFTER.match(after) or bare) or NOT_COUNT_BEFORE.search(before) and not with_me:
        return None
    if _RX0.match(after) or n.value == 1 and not answer and not _RX1.search(before):
        return None
    return int(n.value) + (1 if with_me else 0)


def _refined(text: str, rough: numerals.Number, later) -> numerals.Number | None:
    """The exact count said right after a rough one (三十几个 哦 三十三个), if any."""
    if not rough.approx or not _RX2.match(text[rough.end:rough.end + 4]):
        return None
    for n in later:
        if n.start - rough.end > 16:
            break
        if rough.value < n.value < 2 * rough.value and n.value == int(n.value) and _RX3.match(text[n.end:n.end + 2]):
            return n
    return None


def _corrected_later(text: str, n: int, ev: str) -> tuple[int, str] | None:
    """A count the caller corrects in a later turn (不是十个，是十二个) replaces the one answered when asked."""
    at = text.find(ev)
    later = text[at + len(ev):] if at >= 0 else ""
    if not CORRECTION.search(later):
        return None
    m, ev2 = stated(later)
    return (m, ev2) if m and m != n and CORRECTION.search(later[:max(later.find(ev2), 0)]) else None


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
    own_only = OWN_ONLY.search(text)  # answers are spans of text, so this covers them too
    if own_only:
        return 1, own_only.group()
    if answer_text is not None:
        n, ev = stated(answer_text, answer=True)
        if n:
            return _corrected_later(text, n, ev) or (n, ev)
        if SOLO.search(answer_text):
            return 1, answer_text.strip()[:20]
    n, ev = stated(text)
    if n:
        return n, ev
    few = FEW.search(text)
    if few:
        return (3 if few.group(1) == "仨" else 2), few.group()
    couple = COUPLE.search(text)
    if couple:
        return 2, couple.group()
    if VAGUE_GROUP.search(text) and not SOLO.search(text):
        return None, None
    if solo(text):
        return 1, None
    return None, None


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"^\s*(?:个)?\s*(?:月|小时|天)")
_RX1 = re.compile(r"人数|人员")
_RX2 = re.compile(r"^[几多来余]?\s*个")
_RX3 = re.compile(r"^\s*(?:个|名|位)")
