"""Who owes the wages (a business by name first, else a named person) and the project by name.

The readers live in businesses.py, persons.py and projects.py; this module keeps the public entry points."""

from __future__ import annotations

import re

from .businesses import (
    CALLED_THEN_KIND,
    COMPANY,
    LATIN_CAPITAL,
    LEGAL,
    NAME_CHARS,
    NOT_GIVEN,
    ROLE_IN,
    SHOP_CALLED,
    SHOP_THEN_CALLED,
    companies,
    is_generic,
    place_prefix,
    prefer_payer,
    strip_lead,
)
from .fastre import HAN, first_chars
from .lexicon import CHUNK_SPLIT, ROLE, SITE_END, SURNAMES, VAGUE_WORD
from .persons import EN_PERSON, _person, _usual_form, answer_person
from .projects import project

DESCRIBED_AS = re.compile(r"^(?:做|干|搞|开|卖|搞|专门|一个|一家)|的$")
OWN_FIRM = re.compile(r"(?:我们|俺们|我的|我)(?:公司|厂)(?:是|叫|名叫|叫做)?\s*$")
_WHO = r"(?P<who>他|她|[" + HAN + r"]{2,4}?)"
# wages handed over by one person: 工钱都是冯立军发现金, 工资一直是赵德明发的, 钱也一直是他微信转给我们
PAID_BY = re.compile(r"(?:工资|工钱|钱)[^。！？\n，,]{0,4}?(?:都是|一直是|是|由|都由|全是)\s*(?:" + ROLE + r")?" + _WHO +
                     # 工资是雇主王先生每个月直接转给我: how often and how directly, between the name and the verb
                     r"(?:每个月|每月|按月|月月|一直|都|也|直接){0,3}"
                     r"(?:个人|自己|亲自|本人)?(?:直接)?(?:用)?(?:微信|支付宝|现金)?(?:发|转|给|付|结)|(?:合同|协议)[^。！？\n，,]{0,4}?(?:跟|和|与)" + _WHO.replace("who", "who2") + r"个人签")
# …the business had the workers sign or paid them: 劳动合同是跟…公司签的, 工资卡也是他们发, 劳务公司打到卡上
BUSINESS_PAYS = re.compile(r"(?:合同|协议)[^。！？\n]{0,6}(?:跟|和|与)[^。！？\n，,]{0,16}(?:公司|劳务|单位)[^。！？\n，,]{0,4}签(?!过)|"
                           r"(?:工资|工钱)\S{0,6}(?:公司|劳务|他们|单位|专户)\S{0,6}(?:发|打|转)|跟(?:劳务)?公司签的")
CONTRACTOR_PAYS = re.compile(r"(?:工资|工钱)\S{0,6}总包\S{0,14}(?:发|打|转)")
GENERAL_BEFORE = re.compile(r"总包(?:是|叫|为)?\s*$")
SPELLED = re.compile(r"^[" + HAN + r"]{1,3}的([" + HAN + r"])$")
SITE_WORD = re.compile(r"工地|项目|楼盘|小区|工程")
PERSONAL = re.compile(r"[我俺他她]|老板|老总|经理|主管|师傅|店长|厂长|老乡|朋友|男人|老公|老婆|儿子|女儿")


def _person_pays(text: str, answer: str | None = None) -> tuple[str, str] | None:
    """The named individual hirer who pays the wages himself, when no business is said to (README: the
    unit the worker signed with and was paid by): 工钱一直都是冯立军发现金, 钱也一直是他微信转给我们,
    合同也是跟他个人签的. A contract or pay card with the business (劳动合同是跟…公司签的) rules it out."""
    if BUSINESS_PAYS.search(text):
        return None
    # the name may have been given only in answer to 工头叫什么名字 (叫郭满仓), as the hirer named there
    person = _person(text) or (answer_person(answer) if answer and not NOT_GIVEN.match(answer.strip()) else None)
    if not person:
        return None
    name = person[0]
    for m in PAID_BY.finditer(text):
        who = m.group("who") or m.group("who2")
        if who == name or who in ("他", "她") and text.rfind(name, 0, m.start()) >= 0:
            return person
    return None


def _contractor_pays(text: str, found) -> str | None:
    """The general contractor when the text says it paid the wages and had the contracts signed
    (工资都是总包的农民工工资专户直接打到我们卡上的): the README's "unless the text says otherwise"."""
    if not CONTRACTOR_PAYS.search(text):
        return None
    for pos, name in found:
        if GENERAL_BEFORE.search(text[max(0, pos - 6):pos]):
            return name
    everyone = companies(text, keep_contractor=True)
    for pos, name in everyone:
        if GENERAL_BEFORE.search(text[max(0, pos - 6):pos]):
            return name
    return None


SHORT_KIND = re.compile(r"(?:公司|厂|店)$")
LEGAL_TAIL = re.compile(r"(?:服务|工程|建设|建筑|劳务|实业|发展|科技)?(?:有限|股份)?(?:责任)?(?:公司|厂|店)$")


def _full_form(name: str, found) -> str:
    """装卸公司 after 青海昆盐装卸服务有限公司 was named: a short trade-word reference back to a full name
    given in the same text stands for that name (a short name given on its own stays as given)."""
    if len(name) > 6 or not SHORT_KIND.search(name):
        return name
    stem = SHORT_KIND.sub("", name)
    for _, full in found:
        if len(full) > len(name) + 2 and LEGAL.search(full):
            head = LEGAL_TAIL.sub("", full)
            if stem and head.endswith(stem) or stem in head[place_prefix(head):] and len(stem) >= 2:
                return full
    return name


# 电话也关了, 到现在也不给: a clause (an aspect or adverb word in it) said in the reply is not a name
CLAUSE_WORD = re.compile(r"[了也都就没吗呢吧啊]|不(?!二|夜城)")


def _business_answer(answer: str) -> str | None:
    """The bare name given when asked for a shop's or firm's name (老昌春饼，船营区那个老昌春饼 → 老昌春饼)."""
    for chunk in CHUNK_SPLIT.split(answer):
        if SPELLED.match(chunk):
            continue  # 包工头叫廖德华 廖化的廖: a character of a person's name spelled out
        name = strip_lead(chunk).strip("“”\"'「」")
        if not name or NOT_GIVEN.search(chunk) or ROLE_IN.search(name) or VAGUE_WORD.search(name) or CLAUSE_WORD.search(name):
            continue
        if not NAME_CHARS.fullmatch(name) or is_generic(name) or answer_person(name) == (name, name):
            continue
        return name
    return None


def employer(text: str, answer: str | None = None, dispute: bool = False,
             business: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(employer, kind, evidence): business names first, then named persons; None without a name.

    In a payment dispute between companies (dispute), the general contractor is the party that owes.
    business is the reply to a question about the shop's or firm's name (a hotline transcript).
    """
    found = companies(text, keep_contractor=dispute)
    if dispute:  # 我们公司是X: in a dispute between businesses the writer's own firm is the one owed
        found = tuple(f for f in found if not OWN_FIRM.search(text[max(0, f[0] - 8):f[0]]))
    if found:
        payer = _person_pays(text, answer)
        if payer:
            return payer[0], "person", payer[1]
        name = _contractor_pays(text, found) or prefer_payer(found, text)
        name = _full_form(name, found)
        return name, "company", name
    named = _business_answer(business) if business else None
    for m in CALLED_THEN_KIND.finditer(text) if not named and "叫" in text else ():
        cand = m.group(1)
        if not VAGUE_WORD.search(cand) and not is_generic(cand) and not place_prefix(cand):
            named = cand
    for m in SHOP_CALLED.finditer(text) if not named else ():
        cand = m.group(1)
        if DESCRIBED_AS.search(cand):
            continue  # 公司是做幕墙的: what the business does, not its name
        if not VAGUE_WORD.search(cand) and not is_generic(cand) and not place_prefix(cand) \
                and answer_person(cand) != (cand, cand):
            named = cand
    for m in SHOP_THEN_CALLED.finditer(text) if not named and "叫" in text else ():
        cand = m.group(2)
        if ROLE_IN.search(m.group(1)) or PERSONAL.search(m.group(1)):
            continue  # 厂里的老板叫…, 店里我师傅叫…: the name after 叫 is a person's
        if SITE_WORD.search(m.group(1)) or SITE_END.search(cand):
            continue  # 盖酒店的工地叫松北冰雪假日酒店二期: the name after 叫 is the site's
        if not VAGUE_WORD.search(cand) and not is_generic(cand) and not place_prefix(cand):
            named = cand
    if named:
        return named, "company", named
    if answer and not NOT_GIVEN.match(answer.strip()):
        full = answer_person(answer)
        titled = _person(answer)
        pick = full if full and (not titled or len(full[0]) >= 3 and full[0][0] == titled[0][0]) else titled
        if pick:
            # 都是工头马成结 … 跟着工头马成去的: the verb after the name read into it once, not every time
            return _usual_form(text, pick[0]), "person", pick[1]
    person = _person(text)
    if person:
        return person[0], "person", person[1]
    m = EN_PERSON.search(text) if LATIN_CAPITAL.search(text) else None
    if m:  # my boss Zhang Wei: English names stay as given
        return m.group(1), "person", m.group()
    return None, None, None




__all__ = ["COMPANY", "SURNAMES", "answer_person", "companies", "employer", "first_chars", "project"]
