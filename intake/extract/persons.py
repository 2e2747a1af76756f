"""Named individual hirers: 包工头张三, 刘老板, 雇主陈女士, 给老王干活; bare names given in answer."""

from __future__ import annotations

import re

from .businesses import WORKPLACE_END, place_prefix
from .fastre import HAN
from .lexicon import NOT_NAME, PLACE_HINT, ROLE, SURNAMES, TITLE
from .places import scan
from .segment import name_at

# 包工头张三, 包工头叫张三, 包工头姓王 叫王大力
PERSON_AFTER_ROLE = re.compile(ROLE + r"\s*(?:姓[" + HAN + r"][，,\s]*)?(?:是|叫|名叫|就是)?\s*[:：]?\s*([" + HAN + r"]{2,4})")
TITLED = re.compile(r"(?<![" + HAN + r"])?([" + HAN + r"]" + TITLE + r")")
HONORIFIC = re.compile(r"[" + HAN + r"](?:先生|女士|小姐|太太|阿姨|师傅|老板娘|老板|老师|经理|大姐|大哥)")
SURNAME_ONLY = re.compile(r"(?:老板|包工头|雇主)\s*姓\s*([" + HAN + r"])|姓([" + HAN + r"])的(?:老板|包工头|工头)")
def _full_name(text: str, start: int) -> str | None:
    """A surname-led personal name at start (not a word such as 连夜, 单位, 包工头), or None."""
    head = text[start:start + 2]
    if len(head) < 2 or head[0] not in SURNAMES or NOT_A_NAME.match(text, start):
        return None
    if head[1] in NOT_NAME and not (head[1] == "有" and len(name_at(text, start) or "") == 3):
        return None
    name = name_at(text, start)
    titled = HONORIFIC.match(text, start)
    if name and titled and len(titled.group()) > len(name):
        return titled.group()  # 蔡先生, 林女士: an honorific kept whole, never cut to 蔡先
    return name


def _nickname(text: str, start: int) -> str | None:
    """老王, 小李: a familiar form of a surname, used as the name (README: kept as written)."""
    head = text[start:start + 2]
    if len(head) == 2 and head[0] in "老小" and head[1] in SURNAMES and head[1] not in NOT_NAME \
            and not NICK_NOT.match(text, start):
        return head
    # 阿辉, 阿强: the southern familiar form of a given name (not 阿姨, 阿婆, 阿叔: kin words)
    if len(head) == 2 and head[0] == "阿" and head[1] not in AH_NOT and head[1] not in NOT_NAME:
        return head
    return None


def _person(text: str) -> tuple[str, str] | None:
    """A named individual hirer: 包工头张三 → 张三, 刘老板, 雇主陈女士; last one wins."""
    found: list[tuple[int, str, str]] = []
    # 包工头吐尔洪·买买提, 老板阿卜杜拉·艾力: a transliterated name, its parts joined by a middle dot
    for m in DOTTED_AFTER_ROLE.finditer(text) if DOT_HINT.search(text) else ():
        found.append((m.start(1), m.group(1), m.group()))
    for m in PERSON_AFTER_ROLE.finditer(text):
        name = _full_name(text, m.start(1)) or _nickname(text, m.start(1))
        if name:
            found.append((m.start(1), name, m.group()))
    # 老板…他叫田有富: a hirer named by a pronoun once the role has been mentioned
    for m in PRONOUN_CALLED.finditer(text) if ROLE_SEEN.search(text) else ():
        name = _full_name(text, m.start(1))
        if name:
            found.append((m.start(1), name, m.group()))
    # 老板我们都叫他阿辉: what the hirer is called, once the role has been mentioned
    for m in CALLED_HIM.finditer(text) if ROLE_SEEN.search(text) else ():
        name = _nickname(text, m.start(1)) or _full_name(text, m.start(1))
        if name:
            found.append((m.start(1), name, m.group()))
    # 老板是个体户 叫施永强: the role, a short description, then 叫 and the name
    for m in ROLE_THEN_CALLED.finditer(text):
        name = _full_name(text, m.start(1))
        if name:
            found.append((m.start(1), name, m.group()))
    # 老板扎西欠我: a name without a Han surname between the role and 欠/拖
    for m in ROLE_NAME_OWES.finditer(text):
        name = m.group(1)
        nick = len(name) == 3 and name[0] in SURNAMES and name[1] == "老" and name[2] not in "板总师"  # 曾老幺
        if nick or not any(ch in NOT_NAME or ch in FUNCTION_CHARS for ch in name) and not NOT_A_NAME.match(name):
            found.append((m.start(1), name, m.group()))
    # 刘文斌欠我工资 (a name opening a clause), 给老王干了两个月, 跟着何建平干
    for m in NAME_OWES.finditer(text):
        name = _full_name(text, m.start(1)) or _nickname(text, m.start(1))
        if name and text.startswith(name, m.start(1)) and OWES_AFTER.match(text, m.start(1) + len(name)):
            found.append((m.start(1), name, m.group()))
    # a complaint form: 被投诉人：张德胜, 投诉对象：李国强, 用工单位：刘大海 个人
    for m in FORM_PARTY.finditer(text):
        name = _full_name(text, m.start(1))
        if name:
            found.append((m.start(1), name, m.group()))
    # 欠我钱的是老周, 雇我的是刘春梅; 张建国这个包工头
    for m in OWED_BY.finditer(text):
        name = _nickname(text, m.start(1)) or _full_name(text, m.start(1))
        if name:
            found.append((m.start(1), name, m.group()))
    # 网点是范志勇承包的, 这个活由刘德明包下来: the person who took the business or job on is the hirer
    for m in CONTRACTED_BY.finditer(text) if "包" in text else ():
        name = _full_name(text, m.start(1))
        if name and text.startswith(name, m.start(1)) and CONTRACT_VERB.match(text, m.start(1) + len(name)):
            found.append((m.start(1), name, m.group()))
    for m in NAME_THEN_ROLE.finditer(text):
        name = _full_name(text, m.start(1))
        if name and text.startswith(name, m.start(1)) and ROLE_NEXT.match(text, m.start(1) + len(name)):
            found.append((m.start(1), name, m.group()))
    # 在王福贵工地上干活, 在老刘的厂里做: the person whose site or workshop it is
    for m in SITE_OF.finditer(text):
        name = _nickname(text, m.start(1)) or _full_name(text, m.start(1))
        if name and len(name) == len(m.group(1)):
            found.append((m.start(1), name, m.group()))
    for m in WORKED_FOR.finditer(text):
        name = _nickname(text, m.start(1)) or _full_name(text, m.start(1))
        if name and WORK_AFTER.match(text, m.start(1) + len(name)):
            found.append((m.start(1), name, m.group()))
    for m in TITLED.finditer(text):
        if m.group(1)[0] in SURNAMES and m.group(1)[0] not in NOT_NAME:
            found.append((m.start(1), m.group(1), m.group(1)))
    if not found:
        m = SURNAME_ONLY.search(text)
        sur = m and (m.group(1) or m.group(2))
        return (sur + "老板", m.group()) if sur and sur in SURNAMES else None
    # 老板 柳州融水县: a place after the role, not a name; 童装厂欠我: a workplace, though 童 is a surname
    found = [f for f in found if not (PLACE_HINT.search(text, f[0], f[0] + 6) and place_prefix(text[f[0]:f[0] + 8]))
             and not WORKPLACE_END.search(f[1])]
    if not found:
        return None
    found.sort()
    full = [f for f in found if len(f[1]) >= 2 and not _RX14.search(f[1])]
    pos, name, ev = (full or found)[-1]
    return _usual_form(text, name), ev


def _usual_form(text: str, name: str) -> str:
    """A three-character reading cut back to the two-character name the text uses elsewhere: 跟何勇干的 …
    跟何勇签的 … 何勇发 gives 何勇, not 何勇干 (the verb after a name is read into it once, not every time)."""
    if len(name) == 3 and text.count(name[:2]) > text.count(name) and text.count(name[:2]) >= 2:
        return name[:2]
    return name


# Words that start with a surname character but are not names (连夜跑了, 单位欠我, 包工头, 马上).
NOT_A_NAME = re.compile(r"大概|大约|估计|差不多|起码|至少|少说|连夜|连续|连着|时候|时不时|常常|常年|向来|于是|全部|全都|全是|应该|马上|成天|成了|万一|明明|明年|"
                        r"明天|管我|管他|付了|宁可|方便|安排|车上|路上|高低|单位|包工|包了|包的|包给|车间|车队|房东|商家|"
                        r"老板|工头|班组|项目|公司|甲方|东家|师傅|钱也|钱都|钱还|和我|和他|向我|向他|江湖|关机|关了|简直|"
                        r"单独|文件|石头|金额|黄了|白干|白天|田里|毛都|齐了|温州|成都|华为|武汉|贺岁|全名|全称")
NICK_NOT = re.compile(r"老(?:师|家|婆|公|乡|实|板|总|大|表|是|说|汉|伴|娘|爸|妈|虎|鼠)|小(?:时|孩|伙|姐|区|工|学|时候|心|组|卖|吃|店|子)")
FUNCTION_CHARS = set("自总共前后今去明年月天又再才都还已经常时老每各也就说跑拖欠钱")
PRONOUN_CALLED = re.compile(r"(?:^|(?<=[,，。;；!！?？\s]))(?:他|她)(?:叫|名叫|叫做|的名字叫|名字叫)\s*([" + HAN + r"]{2,3})")
ROLE_SEEN = re.compile(ROLE)
CALLED_HIM = re.compile(r"(?:叫|喊|称呼|管)(?:他|她)(?:做|作|叫)?\s*([" + HAN + r"]{2,3})")
AH_NOT = set("姨婆公爸妈妹姐哥叔伯嫂弟爷奶舅娘里拉富")
ROLE_THEN_CALLED = re.compile(ROLE + r"[^，。,.;；!！?？\n叫]{1,6}?叫\s*([" + HAN + r"]{2,4})")
ROLE_NAME_OWES = re.compile(ROLE + r"\s*([" + HAN + r"]{2,3}?)(?=(?:拖欠|欠|拖着|拖了))")
FORM_PARTY = re.compile(r"(?:被投诉人|被投诉方|投诉对象|被申诉人|被举报人|用工单位|用人单位|欠薪单位|欠薪人|欠款人|雇主|用工方)"
                        r"(?:名称|姓名)?\s*[:：为是]\s*([" + HAN + r"]{2,4})")
NAME_OWES = re.compile(r"(?:^|(?<=[,，。;；!！?？\s:：]))([" + HAN + r"]{2,4}?)(?=(?:一直|还|总共|一共|共)?(?:拖欠|欠|拖着|拖了))")
OWES_AFTER = re.compile(r"(?:一直|还|总共|一共|共)?(?:拖欠|欠|拖着|拖了)(?:了)?(?:我|俺|咱|大家|工人|我们|俺们)")
OWED_BY = re.compile(r"(?:欠[^，。,.;；!！?？\s]{0,8}?的|(?:雇|请|招|带)(?:了)?(?:我|俺)(?:们)?的)(?:人|老板)?(?:是|叫)\s*([" + HAN + r"]{2,4})")
CONTRACTED_BY = re.compile(r"(?:是|由|归|被)([" + HAN + r"]{2,3}?)(?=(?:个人)?(?:承包|包下|包了|包的))")
CONTRACT_VERB = re.compile(r"(?:个人)?(?:承包|包下|包了|包的)")
NAME_THEN_ROLE = re.compile(r"(?:^|(?<=[,，。;；!！?？\s:：是]))([" + HAN + r"]{2,3})(?=(?:这个|那个|这|那)?(?:包工头|工头|老板)(?!娘))")
ROLE_NEXT = re.compile(r"(?:这个|那个|这|那)?(?:包工头|工头|老板)(?!娘)")
# the work done for a person: 给老王干活, 跟着何建平干, 给李桂芳种大棚, 帮张姐带孩子, 替刘叔看店
WORK_VERB = r"(?:一直)?(?:干|做|打工|打零工|干活|开车|跑车|带班|种|摘|采|割|砍|养|喂|放羊|放牛|带孩子|看孩子|看店|看门|搬|卸)"
WORKED_FOR = re.compile(r"(?:给|跟着?|帮|替)\s*([" + HAN + r"]{2,3}?)(?=" + WORK_VERB + ")")
WORK_AFTER = re.compile(WORK_VERB)
SITE_OF = re.compile(r"在([" + HAN + r"]{2,3}?)(?:的)?(?:工地|工程队|施工队|装修队|厂|作坊|车队)(?:上|里)?(?:干|做|打工|上班)")
DOT_HINT = re.compile(r"[·•・]")
DOTTED_AFTER_ROLE = re.compile(ROLE + r"\s*(?:是|叫|名叫|就是)?\s*[:：]?\s*([" + HAN + r"]{1,6}(?:[·•・][" + HAN + r"]{1,6}?)+)"
                               r"(?=[^" + HAN + r"·•・]|$|欠|拖|的|说|跑|在|是|给|不|没|还|一|他|她|这|那|也|都|就|和|跟|人|电话)")
def answer_person(text: str) -> tuple[str, str] | None:
    """A bare name given in answer: 李宝山，木子李… → 李宝山; 姓王 王德胜 → 王德胜; 程老板 → 程老板."""
    full, titled = [], []
    for m in _RX1.finditer(text):
        tok = m.group(1)
        if tok[0] not in SURNAMES or tok[0] in NOT_NAME or tok.startswith("姓") or NOT_A_NAME.match(tok):
            continue
        if any(p.start == 0 and p.end >= len(tok) - 1 and p.full for p in scan(tok)):
            continue  # 安溪县: a place said in the same answer, not a name
        t = TITLED.match(tok)
        if t:
            titled.append(t.group(1))
            continue
        name = name_at(text, m.start(1))
        if name and len(name) >= 2 and (name[1] not in NOT_NAME or len(name) == 3 and name[1] == "有"):
            full.append(name)
    pick = (full or titled or [None])[0]
    return (pick, pick) if pick else None


EN_PERSON = re.compile(r"\b(?:[Bb]oss|[Ff]oreman|[Ee]mployer|[Cc]ontractor|[Mm]anager|[Ss]upervisor)(?:\s+is|\s+named|\s+called|,)?\s+"
                       r"((?:Mr|Mrs|Ms|Miss)\.?\s+[A-Z][a-z]+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b")
_RX1 = re.compile(r"(?:叫做|名叫|叫|就是|是)?([" + HAN + r"]{2,4})")
_RX14 = re.compile(TITLE + "$")
