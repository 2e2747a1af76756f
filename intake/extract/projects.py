"""The construction or renovation project by name: estate and works shapes, phases and lots, place prefixes."""

from __future__ import annotations

import re

from .businesses import DETERMINER, SHOP_END, companies, place_prefix, strip_lead
from .fastre import HAN, first_chars
from .gazetteer import gazetteer
from .lexicon import CHUNK_SPLIT, ESTATE, PHASE, PHASE_BODY, PLACE_HINT, ROLE, SITE_END, TRADE
from .persons import answer_person
from .places import scan

QUOTED = re.compile(r"[“\"「『《]([^”\"」』》\n，。,]{2,24})[”\"」』》]")
NEAR = re.compile(r"(?:的)?(?:边上|旁边|附近|对面|隔壁|周边|周围|后面|背后)")
NAMED = re.compile(r"(?:项目是|项目为|工程为|项目叫做|项目叫|项目名称是?[:：]?|(?:工程|工地|楼盘)名称(?:是|为)?[:：]?|项目名为|项目[:：]|工地叫做|工地叫|工地是|小区叫|楼盘叫|工程叫|叫做|叫|名叫)\s*")
PROJECT_CONTEXT = re.compile(r"工地|项目|小区|楼盘|工程|房|楼|装修|修|盖|建|那边|包")
NO_PROJECT = re.compile(r"没有?(?:什么)?(?:项目|专案)|无项目|不晓得|不知道|不清楚|no project|转人工", re.I)
ROLE_BEFORE = re.compile(ROLE + r"$|[我你他她]$|名字$|公司$|单位$|厂$|店$")
BOUNDARY = set("的是在个叫这那了把给跟和从到,，。;；:：!！?？ \n、“”「」『』《》\"'")
PROJECT_JUNK = re.compile(r"政府|电话|座机|手机|联系|\d{5,}|老板|包工头|自己|"
                          # 每人八千, 两万五, 几台(车): money and counts said before 工地 or an estate-like word
                          r"每(?:人|个人|天|月)|[0-9零一二两三四五六七八九十百几]+(?:千|万|块|元|台|辆)$|[了去说要没不吗呢吧]|他们|她们|你们|那个|这个|一个|就是|那边|这边|隔壁|旁边|对面|附近|上回|上次|我们|俺们|不晓得|不知道|没有|工地|项目|什么|哪个|公司|厂(?!房)|店|宿舍|门口|工业园|园区|开发区|新区|"
                          r"^小区$|^物流园$|^工程$|(?<!教学|住院|综合|办公|宿舍|商住|门诊|实验|科研|行政)楼$")
# 滨江悦府的小区: the estate of that name (御水澜湾小区 keeps 小区, part of the name as stated)
PROJECT_TRAIL = re.compile(r"(?:(?:那个|的)?(?:工地|项目部|项目|那边|这边|那块|精装修|装修|主体|的活|的泥水活)+|的小区)$")
BUILDING_WORK = re.compile(r"工地|项目|工程|施工|装修|装饰|包工头|工头|盖|建|修|楼盘|小区|标段|泥水|木工|钢筋|架子|外墙|刷墙|防水|"
                           r"水电|油漆|安装|钢结构|瓦工|模板|塔吊|管道|真石漆|砌|贴砖|吊顶|绿化|园林")
# 厂房工程, 管网工程, 修安置房, 医院: a kind of works or building, not a project's name
GENERIC_SITE = re.compile(r"(?:修|盖|建|做|干|搞)?(?:了|的)?(?:那个|这个|一个)?(?:厂房|工程|管网|安置房|房子|楼房|住宅楼?|道路|马路|市政|改造|新建|"
                          r"宿舍楼|办公楼|教学楼|住院楼|门诊楼|商品房|自建房|别墅|高速|公路|桥梁?|水利|管道|绿化|装修|主体|医院|学校|"
                          r"小区|楼|厂|仓库|冷库|隧道|商场|酒店|写字楼|工业园|物流园|安置点|还建房|污水处理厂|学校|幼儿园|钢结构|钢构|标准)+(?:工程|项目)?")
PLACE_AFTER = re.compile(r"新区|[区县市镇乡街路]|大道")
# 在恒大御景半岛做外墙: a site named by where a trade's work was done
SITE_THEN_TRADE = re.compile(r"在([" + HAN + r"A-Za-z0-9]{3,14}?)(?:做|干|搞|包)(?:了)?" + TRADE)
# 幕墙工程, 一个写字楼的水电安装工程: a trade's package of works, not the site's name
TRADE_WORKS = re.compile(r"(?:[" + HAN + r"]{0,6}的)?" + TRADE + r"+(?:工程|项目|活)?")
# 叫什么中浩紫御府, 那个海棠湾: words a speaker says while finding the name
FILLER_LEAD = re.compile(r"^(?:(?:叫)?(?:什么|啥)(?:来着)?|那个|这个|就是|嗯|呃|哦)+")
DURATION_LEAD = re.compile(r"^[\d一二两三四五六七八九十几半]+(?:年|个月|天|月)")
def _clean_project(name: str) -> str | None:
    """Trim a project name: drop 工地/项目/filler at the end, reject generic phrases."""
    name = PROJECT_TRAIL.sub("", FILLER_LEAD.sub("", name.strip().lstrip("的")))
    verb = _RX23.match(name)  # 修沪昆高速第六标段: the verb of the work is not part of the name
    if verb and len(name) - verb.end() >= 4:
        name = name[verb.end():]
    name = _RX2.sub("", name)
    rest = name
    for m in reversed(scan(rest)):
        rest = rest[:m.start] + rest[m.end:]
    junk = PROJECT_JUNK.search(name)
    if junk and _place_char(name, junk):
        junk = PROJECT_JUNK.search(name, junk.end())
    if junk and ZONE_WORD.fullmatch(junk.group()) and len(name) - junk.end() >= 4 and SITE_END.search(name):
        junk = PROJECT_JUNK.search(name, junk.end())  # 江北新区人才公寓三期: the zone opens a site's own name
    if len(rest) < 2 or junk or GENERIC_SITE.fullmatch(rest) or TRADE_WORKS.fullmatch(rest):
        return None
    if len(name) <= 3 and not SITE_END.search(name) and answer_person(name) == (name, name):
        return None  # 在王福贵工地上干活: whose site it is (a person), not the site's name
    return name


# 项目是/叫/：X: a name said as such keeps its place (港北区第三初级中学扩建工程)
NAMED_BEFORE = re.compile(r"(?:(?:项目|工程|工地|楼盘|小区|名字|名称|[干做修盖建搞]的)(?:就)?(?:是|为)|叫|称|名|[:：])$")
# 江北新区, 东湖高新区, 经开区: a zone that is no county-level division, said before the site's name
ZONE_LEAD = re.compile(r"^[" + HAN + r"]{0,4}?(?:高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区|工业园区|园区)")


def _answer_chunks(answer: str) -> list[str]:
    """An answer cut where the caller pauses (spaces, commas, 就是, ……), with a phase said after a pause
    kept with the name before it (叫 金沙湾 二期 → 金沙湾二期)."""
    out: list[str] = []
    for chunk in (c for part in CHUNK_SPLIT.split(answer) for c in _RX26.split(part)):
        if out and out[-1] and (PHASE.fullmatch(chunk or "-") or WORKS_AFTER.fullmatch(chunk or "-")
                                and not WORKS_END.search(out[-1]) and not NAMED_BEFORE.search(out[-1])):
            out[-1] += chunk  # 回龙观东大街 道路改造工程: the works said after the name
        else:
            out.append(chunk)
    return out


def _drop_place(name: str, text: str = "", pos: int = -1) -> str:
    """A site's name without the place said before it: 官渡区滇池春晓花园 → 滇池春晓花园.

    Only a full county-level or city name (with 区/县/市/旗) or a development zone is dropped, and only
    when a name follows (three characters at least after a county, four after a zone). A place the text
    also states on its own elsewhere is part of the name here (在遵义汇川区修学校，汇川区第六中学…): the
    location was already given, so the repeat names the site. After 在, a bare place (在黄陂盘龙商贸广场)
    is where the site is.
    """
    elsewhere = text[:pos] + "\n" + text[pos + len(name):] if text and pos >= 0 else ""
    runs = scan(name)
    if runs and runs[0].start == 0 and not runs[0].full and len(name) - runs[0].end >= 4 \
            and pos > 0 and text[pos - 1] == "在" and name[:runs[0].end] not in elsewhere:
        cut0, prev, rest = runs[0].end, runs[0], runs[1:]
        # 青岛黄岛海悦城: a district inside the city before it is still the location; 黄陂盘龙商贸广场: a
        # place elsewhere in the country (盘龙 is in Kunming) starts the site's own name
        while rest and rest[0].start == cut0 and _inside(rest[0], prev) and len(name) - rest[0].end >= 3:
            cut0, prev, rest = rest[0].end, rest[0], rest[1:]
        name = name[cut0:]
        runs = [type(m)(m.start - cut0, m.end - cut0, m.codes, m.full) for m in rest]
    for _ in range(2):
        end = cut = 0
        for m in runs:  # 宜昌夷陵区|峡江御景: the run may go on into a name that holds a place (峡江)
            if m.start != end:
                break
            end = m.end
            if m.full and name[end - 1] in "区县市旗" and len(name) - end >= 3 and name[m.start:end] not in elsewhere \
                    and not COUNTY_NAMED.match(name, end):
                cut = end
        name = name[cut:]
        zone = ZONE_LEAD.match(name)
        if zone and len(name) - zone.end() >= 4:
            name = name[zone.end():]
            cut += zone.end()
        if not cut:
            break  # nothing dropped: a second pass would find the same
        runs = scan(name)
    return name


# works and institutions named after their county (屏山县第二中学, 鹿泉区人民医院, 洛龙区智能制造产业园)
# 宿松县人民医院, 屏山县第二中学: an institution that carries its county's name, so the county stays
COUNTY_NAMED = re.compile(r"第[一二三四五六七八九十\d]{1,3}|人民(?:医院|政府|法院|检察院)|中医院|妇幼|实验(?:学校|中学|小学)|职业(?:学校|技术|中学)|"
                          r"高级中学|初级中学|城关|体育(?:馆|中心|场)|图书馆|博物馆|文化(?:馆|中心)|政务|市民中心|全民健身")
PUBLIC_WORKS = re.compile(r"医院|院区|学校|中学|小学|校区|幼儿园|大学|学院|产业园|工业园|园区|广场|工程|安置|还建房|道路|大道|"
                          r"高速|大桥|隧道|公园|中心|体育|图书馆|博物馆|车站|厂房|管网|政府|大楼")


def _named_place(name: str) -> str:
    """A name said after 项目是/叫 without the writer's place in front of it.

    A bare city followed by one of its counties (南昌新建区, 洛阳洛龙区) is where the writer is, never part of
    a name. A county is part of the name of the works and institutions named after it (洛龙区智能制造产业园,
    港北区第三初级中学扩建工程), but no housing estate is named after its county (新建区|滨江壹号院二期).
    """
    runs = scan(name)
    if not runs or runs[0].start != 0:
        return name
    if len(runs) >= 2 and not runs[0].full and runs[1].start == runs[0].end and runs[1].full \
            and _inside(runs[1], runs[0]) and len(name) - runs[1].end >= 3:
        cut = runs[0].end
        name, runs = name[cut:], [type(m)(m.start - cut, m.end - cut, m.codes, m.full) for m in runs[1:]]
    first = runs[0]
    rest = name[first.end:]
    if first.full and name[first.end - 1] in "区县市旗" and len(rest) >= 4 and SITE_END.search(rest) \
            and not PUBLIC_WORKS.search(rest):
        return rest
    return name


def _inside(inner, outer) -> bool:
    """Whether a place mention names a unit inside the one named just before it (青岛 ⊃ 黄岛)."""
    units = gazetteer().units
    names = {units[c].name for c in outer.codes}
    return any(units[c].city in names or units[c].province in names for c in inner.codes)


def _site_named(name: str) -> bool:
    """A project name may hold 店/厂 only inside a place (大王店安置房二期), never as the business it names."""
    hit = _RX12.search(name)
    site = SITE_END.search(name)
    if hit is not None and site is not None and hit.start() >= site.start():
        return False  # 壹号公馆二期: the business-like character is part of the site's own ending
    if hit is not None and hit.group() == "基地" and _RX25.search(name):
        return False  # 光伏治沙基地三期: a base built in phases is a works site, not a farm
    return hit is not None and not _place_char(name, hit)


def _place_char(name: str, hit: re.Match) -> bool:
    """Whether the 店/厂 hit lies inside a place name before the site word (大王店安置房二期, not 盖厂房)."""
    site = SITE_END.search(name)
    return (hit.group() in ("店", "厂") and site is not None and hit.end() <= site.start()
            and not _RX12.search(name, hit.end()))


def _back(text: str, end: int) -> str:
    """The name that ends at end, walking back to a word boundary (的, 在, punctuation…).

    A walk stopped by its length limit never starts inside a place name (七里|河区康泰医院…): the start
    moves back to where the place name begins, found with the place table."""
    i = end
    # 瑞和府, 祥和苑: 和 is a conjunction only between words, so it ends a name of two characters or more
    while i > 0 and end - i < 14 and (text[i - 1] not in BOUNDARY or text[i - 1] == "和" and end - i < 2):
        i -= 1
    if i > 0 and text[i - 1] not in BOUNDARY:
        lo = max(0, i - 6)
        for m in scan(text[lo:i + 6]):
            if lo + m.start < i < lo + m.end:
                i = lo + m.start
                break
    return text[i:end]


def _project_candidates(text: str):
    """(priority, position, name) for names introduced by 叫/项目是, before 项目/工地, or with an estate suffix."""
    spans = [(p, p + len(n)) for p, n in companies(text)]
    # “汾河湾商住楼B标段”项目: a quoted name that is a site's (followed by 项目/工地, or shaped like one)
    for m in QUOTED.finditer(text) if QUOTE_HINT.search(text) else ():
        inner = m.group(1).strip()
        phase = PHASE.match(text[m.end():m.end() + 10])  # “章江壹号院”二期: the phase after the quote
        if phase:
            inner += phase.group()
        if _RX3.match(text, m.end()) or _RX18.match(text, m.end()) or SITE_END.search(inner):
            yield 3, m.start(1), inner
    for m in NAMED.finditer(text):
        clause = _RX11.split(text[max(0, m.start() - 10):m.start()])[-1]
        if not clause.strip():  # 一个厂房，叫两江云计算产业园: the clause before the pause says what is named
            clause = _RX11.split(text[max(0, m.start() - 12):m.start()].rstrip("，, "))[-1]
        if m.group().strip() in ("叫", "名叫") and (not PROJECT_CONTEXT.search(clause) or ROLE_BEFORE.search(clause)
                                                   or _RX13.search(clause) or SHOP_END.search(clause)):
            continue
        tail = _RX5.match(text[m.end():])
        if tail:
            yield 3, m.end() + tail.start(1), tail.group(1)
    for m in _RX3.finditer(text):
        # 青年路站 工地: the name before a pause; 快来人 工地上几十号人: 工地上 opens a clause of its own
        spaced = m.start() > 2 and text[m.start() - 1] == " " and not SITE_LOCATIVE.match(text, m.end())
        at = m.start() - 1 if spaced else m.start()
        name = _back(text, at)
        yield 2, at - len(name), name
    for m in _RX4.finditer(text):
        end = m.end()
        if PLACE_AFTER.match(text, end):
            continue  # 天府新区, 花园路: the estate-like word is part of a place or road name
        phase = PHASE.match(text[end:])
        end += phase.end() if phase else 0
        name = _back(text, m.end())
        yield 1, end - len(name) - (end - m.end()), name + text[m.end():end]
    # 龙湖天街的装修, 万科城的外墙: a named place whose building work is what was done
    for m in SITE_THEN_TRADE.finditer(text) if "在" in text else ():
        if not _RX22.search(m.group(1)) and not _RX24.search(m.group(1)):
            yield 1, m.start(1), m.group(1)
    for m in _RX21.finditer(text):
        name = _back(text, m.start())
        if len(name) >= 3 and not _RX22.search(name):
            yield 1, m.start() - len(name), name
    # 叫湖畔晓月 二期: a name of any shape, a pause, then its phase (no building word needed)
    for m in PAUSED_PHASE.finditer(text) if PHASE_HINT.search(text) else ():
        name = _back(text, m.start())
        if len(name) >= 3:
            yield 1, m.start() - len(name), name + m.group(1)
    # 恒大名都二期, 沪渝高速第五标段: a name of any shape followed by its phase or lot
    for m in _RX19.finditer(text) if PHASE_HINT.search(text) else ():
        name = _back(text, m.start())
        if len(name) >= 2:
            yield 1, m.start() - len(name), name + m.group()
    del spans


def project(text: str, answer: str | None = None) -> tuple[str | None, str | None]:
    """The construction project or site by name, or None."""
    # a general contractor's name holds works words too (海南椰润建设工程有限公司); read those only when one is said
    inside = [(p, p + len(n)) for p, n in companies(text, keep_contractor=bool(CONTRACTOR_HINT.search(text)))]
    cands: list[tuple[int, int, str]] = []
    if answer and NO_PROJECT.search(answer):
        return None, None
    if answer:
        for chunk in _answer_chunks(answer):
            # 我们是做二次结构砌筑的, 何建平: what the caller does or who the boss is, not the site's name
            if not chunk or ANSWER_NOT_SITE.search(chunk) or answer_person(chunk) == (chunk, chunk):
                continue
            name = _clean_project(strip_lead(chunk).strip("“”\"「」"))
            if name and not _RX15.search(chunk):
                cands.append((4, len(name), name))
        if cands:  # a name given in answer outranks anything read from the text: no need to read on
            best = max(cands, key=lambda c: c[1])[2]
            stem = GENERIC_END.sub("", best)  # 天山印象小区 天山印象二期: said again with its phase
            if stem != best and len(stem) >= 2:
                best = next((c[2] for c in cands if c[2].startswith(stem) and PHASE.fullmatch(c[2][len(stem):])), best)
            later = LATER_PHASE.search(answer, answer.find(best) + len(best)) if answer.find(best) >= 0 else None
            if later and not PHASE.search(best) and not _RX25.search(best):
                best += later.group(1)
            return best, best
    building = BUILDING_WORK.search(text)
    spans_seen: list[tuple[int, int]] = []
    for prio, pos, raw in _project_candidates(text):
        lead = strip_lead(raw)
        at = pos + len(raw) - len(lead)
        if prio < 3 and not NAMED_BEFORE.search(text[max(0, at - 5):at]):
            lead = _drop_place(lead, text, at)  # 在于都县宁于高速三标段: where the site is, then its name
        else:
            lead = _named_place(lead)  # 项目是南昌新建区滨江壹号院二期: the writer's city and district first
        of = PLACE_OF.match(lead)  # 江津双福的双福云麓台二期: places, 的, then the name
        if of and len(lead) - of.end() >= 3 and len(of.group(1)) <= 6 and any(m.start == 0 for m in scan(lead)):
            lead = lead[of.end():]
        name = _clean_project(lead)
        end = pos + len(raw)
        if not name or any(s <= pos < e or s < end <= e for s, e in inside) or _site_named(name) \
                or FIRM_AFTER.match(text, end) or FARM_SITE.search(name):
            continue  # 哈尔滨华鼎装饰工程有限公司: a works word inside a business's name
        # 柯桥轻纺城边上的工地: a landmark the site is near, not the site's name
        if prio < 3 and NEAR.match(text, pos + len(raw)):
            continue
        # 装修一个幼儿园, 一个风电场工地: a kind of site described, not a project named.
        if DETERMINER.search(text[max(0, at - 2):at]) and prio < 3 and len(name) <= 3:
            continue
        # A bare estate-like word (前台, 站台) is a project only where building work is spoken of.
        if prio == 1 and not building and not SITE_SHAPED.search(name) or DURATION_LEAD.match(name):
            continue
        lead_place = place_prefix(name, 2) if prio < 3 and PLACE_HINT.search(name, 2, 9) else 0
        if lead_place and len(name) - lead_place >= 4 and name[lead_place - 1] in "区县市旗" \
                and not COUNTY_NAMED.match(name, lead_place):
            name = name[lead_place:]  # 贵阳花溪区燕楼安置房三标段: city and district, then the site's name
        found = text.find(name, max(0, pos - 2))
        cands.append((prio, len(name), name, found if found >= 0 else pos))  # 星河苑 三期: said with a pause
        spans_seen.append((pos, end))
    if not cands:
        return None, None
    # 上饶信州区华府|名邸三期: a name cut short at an estate-like word inside a longer one said from the same
    # start loses to the whole, even when dropping the place in front leaves the whole shorter
    if len(cands) > 1:
        keep = [c for c, (s0, e0) in zip(cands, spans_seen, strict=True)
                if not any(s1 == s0 and e1 > e0 and o[0] == c[0] for o, (s1, e1) in zip(cands, spans_seen, strict=True))]
        cands = keep or cands
    best = max(cands, key=lambda c: (c[0], c[1]))
    fixes = list(CORRECTED.finditer(text, max(best[3], 0) + len(best[2]))) if CORRECTED.search(text) else []
    later = [c for c in cands if fixes and c[3] > fixes[-1].start()]
    if later:  # 叫星河湾 不对 叫星河苑三期: after a correction the last version counts (README)
        best = max(later, key=lambda c: (c[0], c[1]))
    name = _continued(text, best[2], best[3], cands)
    return name, name


def _continued(text: str, name: str, pos: int, cands: list) -> str:
    """A name carried on past a pause, as callers say it: 璟山雅苑 璟山雅苑三期 (restated in full),
    龙湖锦云台 三标段, 悦湖湾，一期 (the phase after a pause), 回龙观东大街 道路改造工程 (the works)."""
    # 天山印象小区 天山印象二期: a generic estate word dropped when the name is said again with its phase
    stem = GENERIC_END.sub("", name)
    stem = stem if len(stem) >= 2 else name
    for _prio, _n, other, _p in cands:  # the same name said again in full, with its phase
        if len(other) > len(name) and other.startswith(name) and PHASE.match(other[len(name):]) \
                or stem != name and other.startswith(stem) and PHASE.fullmatch(other[len(stem):]):
            name = other
            pos = text.find(name)
    while pos >= 0:
        gap = PAUSE.match(text, pos + len(name))
        if gap:
            phase = PHASE.match(text[gap.end():gap.end() + 12])
            if phase and not PHASE.search(name):
                return name + phase.group()
            works = WORKS_AFTER.match(text, gap.end())
            if works and not WORKS_END.search(name):
                return name + works.group()
        pos = text.find(name, pos + 1)
    return name


GENERIC_END = re.compile(r"(?:小区|项目|工地|楼盘)$")
# 海南椰润建设工程有限公司: what a business is called, not a site
CONTRACTOR_HINT = re.compile(r"总包|总承包|甲方|开发商|建设单位|业主|发包")
FIRM_AFTER = re.compile(r"(?:有限|股份|集团|公司|劳务)")
# an ending no shop or counter has: 青杠G12地块安置房, 金沙湾二期 (a site even with no building word near)
SITE_SHAPED = re.compile(r"(?:" + PHASE_BODY + r"|安置房|还建房|安置点|安置区|棚改|花园|家园|小区|公寓|大厦|改造工程|扩建工程)$")
_RX2 = re.compile(r"^(?:[" + HAN + r"]{2,8}?[区县市]的)")
_RX26 = re.compile(r"…+|\.{3,}")  # 叫什么……研创园人才公寓: the name after the pause
_RX25 = re.compile(PHASE_BODY + "$")
PLACE_OF = re.compile(r"^([" + HAN + r"]{2,8}?)的")
PAUSE = re.compile(r"[\s，,、]{1,2}(?:那个\s*)?")
WORKS_END = re.compile(r"(?:工程|改造|扩建|新建|改建)$")
WORKS_AFTER = re.compile(r"(?:道路|市政|管网|绿化|景观|提升|综合|改扩建|扩建|改造|新建|装修|装饰|安装|配套)"
                         r"[" + HAN + r"]{0,6}?工程(?:" + PHASE_BODY + r")?(?=[\s，,。.;；!！?？]|$)")
_RX3 = re.compile(r"项目部|项目|工地")
_RX4 = re.compile(first_chars(ESTATE) + ESTATE)
_RX5 = re.compile(r"(?:[" + HAN + r"]{2,8}?[区县市]的)?([" + HAN + r"A-Za-z0-9][" + HAN + r"A-Za-z0-9-]{1,19})")
_RX11 = re.compile(r"[,，。;；!！?？\n]")
_RX12 = re.compile(r"公司|厂(?!房)|店|馆|合作社|基地|\d+个")
_RX13 = re.compile(ROLE + r"\s*姓[" + HAN + r"][，,\s]*$")
_RX15 = re.compile(r"有限公司|[号栋]楼")
# 陈总的装修队, 老王的水电班: a crew named by its boss, not a site
_RX21 = re.compile(r"(?<=[" + HAN + r"A-Za-z0-9])的(?:装修|外墙|主体|水电|土建|绿化|钢结构|防水)(?![队班组])")
_RX22 = re.compile(r"[家里屋房]$|[我你他她俺咱]|自己|朋友|亲戚|老板|公司|厂|店")
_RX24 = re.compile(r"[里上内外边头]$|那|这")
_RX23 = re.compile(r"(?:修|盖|干|搞|做)(?:了|的)?")
# 胶园, 果园, 茶园, 苗圃: a farm or plantation is no construction site, though 园 ends estate names (README: T25)
FARM_SITE = re.compile(r"(?:胶|果|茶|菜|橘|桔|桃|梨|枣|柑|橙|瓜|葡萄|苹果|香蕉|苗|竹|药|桑|椰|荔枝|芒果)园$|苗圃$|农场$|牧场$|林场$|大棚$|鱼塘$")
SITE_LOCATIVE = re.compile(r"上|里|那边|这边")
ZONE_WORD = re.compile(r"新区|开发区|园区|工业园")
QUOTE_HINT = re.compile(r"[“\"「『《]")
PHASE_HINT = re.compile(r"期|标|地块")
CORRECTED = re.compile(r"不对|哦不|说错了|搞错了|记错了|口误")
PAUSED_PHASE = re.compile(r"(?<=[" + HAN + r"A-Za-z0-9])[ \t，,、]{1,2}(" + PHASE_BODY + r")(?=[\s，,。.;；!！?？]|$)")
# 金霞湾花园，我们在三期干: the phase said after the name, as where the caller works
LATER_PHASE = re.compile(r"(?:我们|俺们|我|俺)?(?:在|是|干的是|做的是)(" + PHASE_BODY + r")(?:干|做|施工|的|上班|$|(?=[\s，,。.;；!！?？]))")
_RX19 = re.compile(first_chars(PHASE_BODY) + r"(?<=[" + HAN + r"A-Za-z0-9])" + PHASE_BODY)
_RX18 = re.compile(r"(?:的)?(?:工程|小区|楼盘|标段)")
# …and 周 道德的德 (a character spelled out), 包工头 (a role): what is said about a person, not a site
ANSWER_NOT_SITE = re.compile(r"^(?:我|俺|咱|他|她)|的$|^(?:做|干|搞|负责)|^[" + HAN + r"]{1,3}的([" + HAN + r"])$|^" + ROLE + "$")
