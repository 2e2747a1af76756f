"""Who owes the wages (a business by name first, else a named person) and the project by name."""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import gazetteer
from .places import scan
from .segment import name_at

HAN = r"\u4e00-\u9fff"
COMPANY_SUFFIX = (r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司|劳务分包|劳务|厂|店|馆|工作室|"
                  r"合作社|配送站|站点|酒楼|餐厅|饭店|酒店|中心|商行|超市|事务所)")
COMPANY = re.compile(r"([" + HAN + r"A-Za-z0-9()（）]{2,30}" + COMPANY_SUFFIX + r")(?![" + HAN + r"]{0,1}(?:里|头|上|的人|门口|房|长|区|家|员|主))")
EN_COMPANY = re.compile(r"((?:[A-Z][A-Za-z&'-]*\s+){1,6}(?:Co\.,?\s*Ltd\.?|Company(?: Limited)?|Ltd\.?|Limited|Inc\.?|"
                        r"Factory|Group|Restaurant|Hotel|Store|Shop|Trading|Logistics|Construction|Decoration|"
                        r"Studio|Cafe|Café|Bakery|Salon|Supermarket|Garment|Electronics|Services?|Kitchen|Bar|Inn))\b")
LEAD = re.compile(r"^(?:.*(?:叫|是|名叫|名称|名字|全称|单位|公司名|厂名|店名|[:：]|在|跟|给|找|那个|这个|就是|我们|俺们|派|一个|一家|一户|没有|欠|替|帮))")
GENERIC = re.compile(r"一个|一家|那个|这个|那家|这家|我们|俺们|咱们|他们|我|俺|电子|纺织|家具|服装|五金|鞋|袜子|童装|"
                     r"塑胶|包装|建筑|装修|装饰|物流|快递|餐饮|火锅|奶茶|板|砖|水泥|保安|劳务|派遣|人力资源|"
                     r"外卖|美容|钢结构|餐厅|饭店|酒店|超市|小|大|的|工|公司|厂|店|馆|站|点|中心|饭|酒|家|里|头|上|在|叫|是|做|干")
GENERAL_CONTRACTOR = re.compile(r"(?:总包|甲方|开发商|建设单位|业主)\S{0,4}$")
ROLE = r"(?:包工头|工头|老板|雇主|老闆|承包人|班组长|带班的?|负责人|老总|经理|包工的)"
# 包工头张三, 包工头叫张三, 包工头姓王 叫王大力
PERSON_AFTER_ROLE = re.compile(ROLE + r"\s*(?:姓[" + HAN + r"][，,\s]*)?(?:是|叫|名叫|就是)?\s*[:：]?\s*([" + HAN + r"]{2,4})")
TITLE = r"(?:老板|女士|先生|老总|总|经理|老师|师傅|站长|厂长|店长|队长|组长|班长|主管|所长|姐|哥)"
TITLED = re.compile(r"(?<![" + HAN + r"])?([" + HAN + r"]" + TITLE + r")")
SURNAME_ONLY = re.compile(r"(?:老板|包工头|雇主)\s*姓\s*([" + HAN + r"])")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊"
    "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
NOT_NAME = set("他她它们的了在是欠说叫把给不也都就还和跟我你俺咱这那个一有没要跑人工")
ESTATE = (r"(?:花园|苑|府|湾|城|台|园|庭|郡|墅|广场|大厦|小区|新城|家园|华府|公寓|安置房|冷库|物流园|厂房|"
          r"改造|工程|大桥|隧道|天地|雅居|名邸|公馆|首府|壹号|云著|悦府)")
PHASE = re.compile(r"^(?:[一二三四五六七八九十\d]+(?:期|标段|号地块|地块)|[A-Z]\d*地块[" + HAN + r"]{0,6})")
NAMED = re.compile(r"(?:项目是|项目叫|项目名称是?|项目[:：]|工地叫|工地是|小区叫|楼盘叫|工程叫|叫|名叫)\s*")
PROJECT_CONTEXT = re.compile(r"工地|项目|小区|楼盘|工程|房|楼|装修|修|盖|建|那边|包")
NO_PROJECT = re.compile(r"没有?(?:什么)?(?:项目|专案)|无项目|不晓得|不知道|不清楚|no project|转人工", re.I)
ROLE_BEFORE = re.compile(ROLE + r"$|[我你他她]$|名字$|公司$|单位$|厂$|店$")
BOUNDARY = set("的是在个叫这那了把给跟和从到,，。;；:：!！?？ \n、")
PROJECT_JUNK = re.compile(r"政府|[了去说要没不吗呢吧]|他们|她们|你们|那个|这个|一个|就是|那边|这边|我们|俺们|不晓得|不知道|没有|工地|项目|什么|哪个|公司|厂|店|宿舍|门口|工业园|园区|开发区|新区|"
                          r"小区$|^物流园$|^工程$|楼$")
PROJECT_TRAIL = re.compile(r"(?:那个|的)?(?:工地|项目部|项目|那边|这边|那块|精装修|装修|主体|的活|的泥水活)+$")


def _strip_lead(name: str) -> str:
    """Drop words before the name proper: 厂叫X → X, 就是那个X → X."""
    m = LEAD.match(name)
    return name[m.end():] if m else name


def _is_generic(name: str) -> bool:
    """一个电子厂, 装修公司, 武汉洪山区装修公司: no proper name in it."""
    rest = name
    for m in reversed(list(_RX7.finditer(rest))):
        if m.group() in gazetteer().full:
            rest = rest[:m.start()] + rest[m.end():]
    for m in reversed(scan(rest)):
        rest = rest[:m.start] + rest[m.end:]
    rest = GENERIC.sub("", rest)
    return len(_RX8.sub("", rest)) < 2


DETERMINER = re.compile(r"(?:一个|一家|一间|一座|一所|一处|个|家|间)$")
PROPER_MARK = re.compile(r"有限|股份|集团|公司|[A-Za-z0-9]|[(（]")


def _described(text: str, start: int, name: str) -> bool:
    """一个红木家具厂, 一家食品厂, 小榄的五金厂: a kind of workplace described, not a business named.

    After an indefinite determiner a short name without any mark of a legal name (有限/集团/公司,
    Latin letters, brackets) describes the kind of business; a proper name comes after 叫 or in full.
    """
    core = _RX0.sub("", name)
    return bool(DETERMINER.search(text[max(0, start - 2):start])) and len(core) <= 4 and not PROPER_MARK.search(name)


# Cheap pre-checks: COMPANY and EN_COMPANY cannot match a text without one of these.
COMPANY_HINT = re.compile(COMPANY_SUFFIX)
LATIN_CAPITAL = re.compile(r"[A-Z]")


@lru_cache(maxsize=16)
def companies(text: str, keep_contractor: bool = False) -> tuple[tuple[int, str], ...]:
    """Named businesses in order: (position, name). Memoised per call of the pipeline (read-only)."""
    out = []
    if LATIN_CAPITAL.search(text):
        for m in EN_COMPANY.finditer(text):
            out.append((m.start(), m.group(1).strip()))
    if not COMPANY_HINT.search(text):
        return tuple(out)
    for m in COMPANY.finditer(text):
        name = _strip_lead(m.group(1))
        if "的" in name and not PROPER_MARK.search(name.rsplit("的", 1)[0]):
            name = name.rsplit("的", 1)[1]  # 中山小榄的五金厂 → 五金厂 (then generic)
        start = m.start() + len(m.group(1)) - len(name)
        if _is_generic(name) or _described(text, start, name):
            continue
        if GENERAL_CONTRACTOR.search(text[max(0, start - 8):start]) and not keep_contractor:
            continue
        out.append((start, name))
    return tuple(out)


def _prefer(found: list[tuple[int, str]], text: str) -> str:
    """Among businesses, the one that pays: a labour/dispatch firm, or one said to pay the wages."""
    for pos, name in reversed(found):
        if _RX9.search(name) or _RX10.search(text[pos:pos + len(name) + 12]):
            return name
    return found[-1][1]


def _person(text: str) -> tuple[str, str] | None:
    """A named individual hirer: 包工头张三 → 张三, 刘老板, 雇主陈女士; last one wins."""
    found: list[tuple[int, str, str]] = []
    for m in PERSON_AFTER_ROLE.finditer(text):
        name = name_at(text, m.start(1)) if m.group(1)[0] in SURNAMES and m.group(1)[1] not in NOT_NAME else None
        if name:
            found.append((m.start(1), name, m.group()))
    for m in TITLED.finditer(text):
        if m.group(1)[0] in SURNAMES and m.group(1)[0] not in NOT_NAME:
            found.append((m.start(1), m.group(1), m.group(1)))
    if not found:
        m = SURNAME_ONLY.search(text)
        return (m.group(1) + "老板", m.group()) if m and m.group(1) in SURNAMES else None
    found.sort()
    full = [f for f in found if len(f[1]) >= 2 and not _RX14.search(f[1])]
    pos, name, ev = (full or found)[-1]
    return name, ev


def answer_person(text: str) -> tuple[str, str] | None:
    """A bare name given in answer: 李宝山，木子李… → 李宝山; 姓王 王德胜 → 王德胜; 程老板 → 程老板."""
    full, titled = [], []
    for m in _RX1.finditer(text):
        tok = m.group()
        if tok[0] not in SURNAMES or tok[0] in NOT_NAME or tok.startswith("姓"):
            continue
        t = TITLED.match(tok)
        if t:
            titled.append(t.group(1))
            continue
        name = name_at(text, m.start())
        if name and len(name) >= 2 and name[1] not in NOT_NAME:
            full.append(name)
    pick = (full or titled or [None])[0]
    return (pick, pick) if pick else None


def employer(text: str, answer: str | None = None, dispute: bool = False) -> tuple[str | None, str | None, str | None]:
    """(employer, kind, evidence): business names first, then named persons; None without a name.

    In a payment dispute between companies (dispute), the general contractor is the party that owes.
    """
    found = companies(text, keep_contractor=dispute)
    if found:
        name = _prefer(found, text)
        return name, "company", name
    if answer:
        full = answer_person(answer)
        titled = _person(answer)
        pick = full if full and (not titled or len(full[0]) >= 3 and full[0][0] == titled[0][0]) else titled
        if pick:
            return pick[0], "person", pick[1]
    person = _person(text)
    if person:
        return person[0], "person", person[1]
    return None, None, None


BUILDING_WORK = re.compile(r"工地|项目|工程|施工|装修|装饰|包工头|工头|盖|建|修|楼盘|小区|标段|泥水|木工|钢筋|架子|外墙|刷墙|防水|"
                           r"水电|油漆|安装|钢结构|瓦工|模板|塔吊|管道|真石漆|砌|贴砖|吊顶|绿化|园林")
DURATION_LEAD = re.compile(r"^[\d一二两三四五六七八九十几半]+(?:年|个月|天|月)")


def _clean_project(name: str) -> str | None:
    """Trim a project name: drop 工地/项目/filler at the end, reject generic phrases."""
    name = PROJECT_TRAIL.sub("", name.strip())
    name = _RX2.sub("", name)
    rest = name
    for m in reversed(scan(rest)):
        rest = rest[:m.start] + rest[m.end:]
    if len(rest) < 2 or PROJECT_JUNK.search(name):
        return None
    return name


def _back(text: str, end: int) -> str:
    """The name that ends at end, walking back to a word boundary (的, 在, punctuation…)."""
    i = end
    while i > 0 and end - i < 14 and text[i - 1] not in BOUNDARY:
        i -= 1
    return text[i:end]


def _project_candidates(text: str):
    """(priority, position, name) for names introduced by 叫/项目是, before 项目/工地, or with an estate suffix."""
    spans = [(p, p + len(n)) for p, n in companies(text)]
    for m in NAMED.finditer(text):
        clause = _RX11.split(text[max(0, m.start() - 10):m.start()])[-1]
        if m.group().strip() in ("叫", "名叫") and (not PROJECT_CONTEXT.search(clause) or ROLE_BEFORE.search(clause)
                                                   or _RX13.search(clause)):
            continue
        tail = _RX5.match(text[m.end():])
        if tail:
            yield 3, m.end() + tail.start(1), tail.group(1)
    for m in _RX3.finditer(text):
        name = _back(text, m.start())
        yield 2, m.start() - len(name), name
    for m in _RX4.finditer(text):
        end = m.end()
        phase = PHASE.match(text[end:])
        end += phase.end() if phase else 0
        name = _back(text, m.end())
        yield 1, end - len(name) - (end - m.end()), name + text[m.end():end]
    del spans


def project(text: str, answer: str | None = None) -> tuple[str | None, str | None]:
    """The construction project or site by name, or None."""
    inside = [(p, p + len(n)) for p, n in companies(text)]
    cands: list[tuple[int, int, str]] = []
    if answer and NO_PROJECT.search(answer):
        return None, None
    if answer:
        for chunk in _RX6.split(answer):
            name = _clean_project(_strip_lead(chunk)) if chunk else None
            if name and not _RX15.search(chunk):
                cands.append((4, len(name), name))
    building = BUILDING_WORK.search(text)
    for prio, pos, raw in _project_candidates(text):
        lead = _strip_lead(raw)
        name = _clean_project(lead)
        if not name or any(s <= pos < e for s, e in inside) or _RX12.search(name):
            continue
        # 装修一个幼儿园, 一个风电场工地: a kind of site described, not a project named.
        at = pos + len(raw) - len(lead)
        if DETERMINER.search(text[max(0, at - 2):at]) and prio < 3 and len(name) <= 3:
            continue
        # A bare estate-like word (前台, 站台) is a project only where building work is spoken of.
        if prio == 1 and not building or DURATION_LEAD.match(name):
            continue
        cands.append((prio, len(name), name))
    if not cands:
        return None, None
    best = max(cands, key=lambda c: (c[0], c[1]))[2]
    return best, best


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(COMPANY_SUFFIX + "$")
_RX1 = re.compile(r"[" + HAN + r"]{2,4}")
_RX2 = re.compile(r"^(?:[" + HAN + r"]{2,8}?[区县市]的)")
_RX3 = re.compile(r"项目部|项目|工地")
_RX4 = re.compile(ESTATE)
_RX5 = re.compile(r"(?:[" + HAN + r"]{2,8}?[区县市]的)?([" + HAN + r"A-Za-z0-9]{2,20})")
_RX6 = re.compile(r"[,，。;；\s]+|就是|那个")
_RX7 = re.compile(r"[" + HAN + r"]{2,8}?(?:省|市|区|县)")
_RX8 = re.compile(r"[()（）\s]")
_RX9 = re.compile(r"劳务|人力资源|派遣")
_RX10 = re.compile(r"工资是他们发|他们发工资|发工资")
_RX11 = re.compile(r"[,，。;；!！?？\n]")
_RX12 = re.compile(r"公司|厂|店|馆|合作社|基地|\d+个")
_RX13 = re.compile(ROLE + r"\s*姓[" + HAN + r"][，,\s]*$")
_RX14 = re.compile(TITLE + "$")
_RX15 = re.compile(r"有限公司|[号栋]楼")
