"""Hotline transcripts: keep the caller's turns, and the operator's read-backs the caller confirms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TURN = re.compile(r"^[ \t]*(坐席|接线员|话务员|客服|来电人|来电者|市民|工人)[ \t]*[:：][ \t]*", re.M)
OPERATOR = {"坐席", "接线员", "话务员", "客服"}
OWED_ASKED = re.compile(r"欠(?:了)?(?:您|你)(?:们)?\S{0,3}(?:多少|几个月|几个人|工资|工钱)")
FIGURE = re.compile(r"[\d一二两三四五六七八九十百千万]")
DENIED = re.compile(r"^[\s，,。.…]*(?:没有?|不是|没欠|不欠)")
CONFIRM = re.compile(r"^[\s，,。.…]*(?:中[，,\s]*)?(?:对|是的|是滴|没错|嗯|对头|是这么|就是|正确|没问题|系(?:啊|呀|嘅|的|咯|喇)|啱)")
# The operator's question takes the arrears as given (几个人被欠？ 拖欠工资的是哪个单位？ 欠了多少人多少钱？):
# a caller who answers it without denying has reported wages owed. A yes/no question (有没有拖欠？) only
# counts when the caller confirms it.
OWED_PRESUMED = re.compile(r"被欠|欠薪|(?:拖欠|欠)(?:了|着)?(?:您|你|大家|工人)?(?:们)?(?:的)?\S{0,4}?(?:工资|工钱|薪|多少|几个|几位|哪|谁)"
                           r"|(?:工资|工钱)\S{0,3}(?:拖欠|欠)")
WH_WORD = re.compile(r"多少|几|哪|谁|什么")
YES_NO = re.compile(r"有没有|是否|是不是|有无|吗|不属于|不是")
REPLY_DENIES = re.compile(r"^[\s，,。.…]*(?:没有?|不是|没欠|不欠|都发了|发了|结了|都结了)|一分(?:钱)?(?:都|也)?(?:没|不)欠|没有?(?:拖欠|欠)")

# What the operator's question asks for: the caller's next turn is read as an answer to it.
QUESTION_SLOTS = (
    ("id_number", re.compile(r"身份证")),
    ("phone", re.compile(r"电话|联系方式|手机")),
    # 有多少工人被欠, 几名员工, 多少个司机: how many of any kind of worker
    ("workers", re.compile(r"几个人|多少人|几个工人|工人一共几个|一共几个|几位|人数|"
                           r"(?:多少|几)(?:个|名|位)?(?:工人|工友|员工|师傅|司机|兄弟|职工|农民工)|"
                           r"(?:工人|工友|员工|人)(?:有|一共|总共|一共有|总共有)(?:多少|几个)")),
    ("amount", re.compile(r"多少钱|欠了多少|欠多少|金额|总共多少|一共欠多少")),
    ("period", re.compile(r"什么时候|哪几个月|哪两个月|哪个月|什么时间|时间段|多长时间|工期")),
    ("project", re.compile(r"(?:哪个|什么|哪一个|哪家)(?:工地|项目|楼盘|小区|工程)|工地叫|项目名称|项目叫|楼盘叫|工地.{0,4}什么")),
    # asked for the name of a business (店叫什么名字, 厂名, 哪个公司): a bare name in reply is that business
    ("employer_business", re.compile(r"(?:店|厂|公司|单位|酒楼|餐馆|饭店|饭馆|工作室|超市|商行)(?:的)?(?:名字|名称|全称|叫什么|叫啥|是哪)|"
                                     r"(?:哪个|什么|哪家)(?:公司|厂|店|单位)|厂名|店名|字号")),
    ("employer", re.compile(r"哪个单位|哪家|单位名称|单位全称|公司叫|叫什么名字|哪个公司|什么公司|厂名|包工头叫|老板叫|是谁|哪个老板|全称|"
                            r"(?:哪个|哪位)(?:包工头|工头|老板|班组长|负责人)|(?:包工头|工头|老板)(?:姓什么|姓啥|叫啥|是哪个)")),
    ("location", re.compile(r"哪个区|哪个城市|在哪|哪里|什么位置|哪个街道|哪个县")),
)


@dataclass
class Doc:
    """The text to read facts from, with where each piece came from and which slot it answers."""

    text: str
    offsets: list[tuple[int, int, int]] = field(default_factory=list)  # (doc start, raw start, length)
    answers: list[tuple[int, int, str]] = field(default_factory=list)  # (doc start, doc end, slot)
    context: str = ""  # everything, operator included: used only to disambiguate places
    transcript: bool = False
    owed_presumed: bool = False  # an operator's question took the arrears as given and the caller went along

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Position in the raw input of a span of the doc text."""
        for d0, r0, n in self.offsets:
            if d0 <= start < d0 + n:
                return r0 + start - d0, r0 + min(end, d0 + n) - d0
        return start, end


def _slots_of(question: str) -> list[str]:
    """The slots an operator's question asks for (包工头叫什么名字？是哪个项目？ asks for two)."""
    slots = [slot for slot, pattern in QUESTION_SLOTS if pattern.search(question)]
    if "employer_business" in slots and "employer" not in slots:
        slots.append("employer")
    return slots


def _turns(text: str) -> list[tuple[str, int, int]]:
    """(speaker, start, end) of every turn in a transcript."""
    marks = list(TURN.finditer(text))
    return [(m.group(1), m.end(), marks[i + 1].start() if i + 1 < len(marks) else len(text))
            for i, m in enumerate(marks)]


def build(text: str, expecting: str | None = None) -> Doc:
    """A Doc for a message (whole text) or a transcript (caller turns + confirmed read-backs)."""
    turns = _turns(text)
    if len(turns) < 2 or not any(s in OPERATOR for s, _, _ in turns):
        doc = Doc(text, [(0, 0, len(text))], context=text)
        if expecting:
            doc.answers.append((0, len(text), expecting))
        return doc
    parts: list[str] = []
    doc = Doc("", context=text, transcript=True)
    pos = 0
    for i, (speaker, start, end) in enumerate(turns):
        body = text[start:end].rstrip("\n")
        nxt = turns[i + 1] if i + 1 < len(turns) else None
        if speaker in OPERATOR:
            reply = text[nxt[1]:nxt[2]] if nxt and nxt[0] not in OPERATOR else ""
            # 欠了您多少钱？ answered with a figure: the question states the arrears the caller confirms
            confirmed = reply and (CONFIRM.match(reply) or OWED_ASKED.search(body) and FIGURE.search(reply)
                                   and not DENIED.match(reply))
            if reply and OWED_PRESUMED.search(body) and not REPLY_DENIES.search(reply) and (
                    CONFIRM.match(reply) or WH_WORD.search(body) and not YES_NO.search(body)):
                doc.owed_presumed = True
            if not confirmed:
                continue
        slots: list[str] = []
        if speaker not in OPERATOR and i > 0 and turns[i - 1][0] in OPERATOR:
            slots = _slots_of(text[turns[i - 1][1]:turns[i - 1][2]])
        doc.offsets.append((pos, start, len(body)))
        for slot in slots:
            doc.answers.append((pos, pos + len(body), slot))
        parts.append(body)
        pos += len(body) + 1
    doc.text = "\n".join(parts)
    return doc
