"""Where the work was done: official province / city / district, higher levels inferred."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import Unit, gazetteer

# A short form (番禺, 昆山) counts only in a locative frame, so 新华书店 or 和平解决 never match.
# 俺们长垣, 我们昆山: "our X" names the place as much as 在X does
BEFORE_OK = re.compile(r"(?:^|[\s,，。:：、;；!！?？(（]|在|到|去|是|于|派|厂|工地|地址|地点|位置|那个|这个|省|市|区|(?:我|俺|咱)们)$")
AFTER_OK = re.compile(r"^(?:$|[\s,，。:：、;；!！?？)）]|这边|那边|那里|这里|那块|这个|那个|一|的|区|县|市|干|做|打工|上班|工地|厂|附近|人社|劳动|搞|摘|盖|修|开|送"
                      # 在寿光给人种菜, 在昆山帮亲戚看店: the work done there for someone
                      r"|给|帮|替"
                      # 西安高新区, 长春汽开区, 苏州工业园区: a zone named after its city places the city.
                      r"|高新|经开|开发区|工业园|工业区|园区|新区|保税|汽开|[\u4e00-\u9fff]{1,2}(?:新区|开发区|工业园))")
# 海门三星镇, 增城新塘一个厂, 中山小榄的: a short form followed by a town or village and then a
# locative word is a place, although the town itself is not in the table.
TOWN_NEXT = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:镇|乡|街道|村|(?:那边|这边|那里|这里|一个|一家|一间|的|附近|工地|厂|边上|旁边|对面))")
# 包工头于大庆, 老板王海东: a place name right after a role word and a surname is part of a person's name.
NAME_BEFORE = re.compile(r"(?:包工头|工头|老板|老总|经理|班长|组长|师傅|主管|厂长|队长|老乡)[^\s在到去是的那这说跑,，。]?$")
# 公司叫郑州嘉洁物业服务有限公司: with no place said as such, a city at the head of the employer's name.
ORG_WORD = re.compile(r"公司|集团|厂|酒店|医院|商行|合作社")
ORG_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,14}?(?:有限公司|公司|集团|厂|酒店|医院|商行|合作社)")
# 四川大学, 南山路: a place word that starts a named thing; 大学城 is a locality, not a university
TOWN_AFTER = re.compile(r"^(?:镇|乡|街道|街|路|村|大道|公园|大学(?!城)|小区|花园|酒店|广场|中学|小学|医院)")
HOME_BEFORE = re.compile(r"(?:老家|回|家是|家在|户口|籍贯|来自|宿舍在|宿舍|住在|我是|俺是|都是|他是|人是)$")
HOME_AFTER = re.compile(r"^(?:的\s*(?:人|老乡)|人(?!社|数|员)|老家|过去的|过来的|来的|老乡|家里)")
# "河南的": a bare 的 at the end makes a hometown only at province or city level (莱山区，烟台的 is a place).
HOME_OF = re.compile(r"^的\s*(?:$|[,，。！!])")


@dataclass(frozen=True)
class Mention:
    """A place name in the text and the units it may stand for."""

    start: int
    end: int
    codes: tuple[str, ...]
    full: bool


@lru_cache(maxsize=1024)
def scan(text: str) -> tuple[Mention, ...]:
    """Longest-first place names, left to right; linear in the text length. Memoised: a pure function of
    the text, asked again for the same names by the employer, project and place readers (read-only tuple)."""
    g = gazetteer()
    out: list[Mention] = []
    n = len(text)
    starts = g.starts
    next_start = _start_chars().search  # jump to the next character a place name can begin with
    found = next_start(text)
    while found:
        i = found.start()
        sizes = starts[text[i]]
        hit = None
        for size in sizes:
            if i + size > n:
                continue
            s = text[i:i + size]
            if s in g.full and (size >= 3 or s.endswith("县") or g.units[g.full[s][0]].level != "district"):
                hit = Mention(i, i + size, tuple(g.full[s]), True)
            elif s in g.full and s.endswith(("市", "旗")) and _locative(text, i, i + size, out):
                hit = Mention(i, i + size, tuple(g.full[s]), True)  # 芒市: a two-character county-level name
            elif s in g.short and _locative(text, i, i + size, out):
                hit = Mention(i, i + size, tuple(g.short[s]), False)
            if hit:
                break
        if hit and hit.full and text[hit.end - 1] == "市":
            hit = _city_before_own_district(text, hit, g)
        if hit:
            out.append(hit)
        found = next_start(text, hit.end if hit else i + 1)
    return tuple(out)


def _city_before_own_district(text: str, hit: Mention, g) -> Mention:
    """青岛市南区 is 青岛 + 市南区, 济南市中区 is 济南 + 市中区: a city's 市 that opens one of its own
    districts belongs to the district, so the city is read without it."""
    city = text[hit.start:hit.end]
    for size in g.starts.get("市", ()):
        name = text[hit.end - 1:hit.end - 1 + size]
        if any(g.units[c].level == "district" and g.units[c].city == city for c in g.full.get(name, ())):
            return Mention(hit.start, hit.end - 1, hit.codes, False)
    return hit


@lru_cache(maxsize=1)
def _start_chars() -> re.Pattern:
    """One character class of every first character of a place name, so scan skips the rest in C."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(gazetteer().starts)) + "]")


def _locative(text: str, start: int, end: int, found: list[Mention]) -> bool:
    """A short form stands in a place-like frame: after 在/a bigger place, before 这边/一个/punctuation."""
    after = text[end:end + 4]
    if TOWN_AFTER.match(after) or NAME_BEFORE.search(text[max(0, start - 4):start]):
        return False
    near_place = bool(found) and found[-1].end >= start - 1
    before_ok = near_place or bool(BEFORE_OK.search(text[max(0, start - 4):start]))
    after_ok = bool(AFTER_OK.match(after)) or _place_at(text, end) or bool(TOWN_NEXT.match(text[end:end + 6]))
    if _is_big(text[start:end]) or near_place:
        return before_ok or after_ok
    return before_ok and after_ok


def _is_big(form: str) -> bool:
    """A short form that names only provinces or cities (成都, 郑州), never a district; or a province.

    河南 is also a county in Qinghai (河南蒙古族自治县), but the province is what people mean by it.
    """
    g = gazetteer()
    units = [g.units[c] for c in g.short.get(form) or g.full.get(form, ())]
    return all(u.level != "district" for u in units) or any(u.level == "province" for u in units)


def _place_at(text: str, pos: int) -> bool:
    """Another place name starts at pos (成都|龙泉驿)."""
    g = gazetteer()
    return any(text[pos:pos + size] in g.full or text[pos:pos + size] in g.short
               for size in g.starts.get(text[pos:pos + 1], ()) if size >= 2)


def _is_home(text: str, chain: list[Mention], chain_start: int, chain_end: int) -> bool:
    """The worker's home town or dormitory rather than the workplace."""
    before = text[max(0, chain_start - 4):chain_start].rstrip()
    after = text[chain_end:chain_end + 5].split("\n")[0].lstrip()  # a form's next line (人数：6人) says nothing of it
    # 我是准格尔旗一个露天煤矿的: 我是 X followed by a workplace in X names where the caller works.
    works = after.startswith(("干", "做", "打工", "上班")) or bool(WORKPLACE_NEXT.match(text[chain_end:chain_end + 12]))
    if HOME_BEFORE.search(before) and not works or HOME_AFTER.match(after):
        return True
    g = gazetteer()
    county = any(m.full and all(g.units[c].level == "district" for c in m.codes) for m in chain)
    # 老板说是河南的电话也关机了: "is from X" (是X的) at province or city level tells where someone comes from
    origin = before.endswith("是") and after.startswith("的") and not ORIGIN_WORKPLACE.match(after[1:])
    return (bool(HOME_OF.match(after)) or origin) and not county


def _chains(mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of adjacent names, like 广东深圳宝安 or 成都 龙泉驿."""
    chains: list[list[Mention]] = []
    for m in mentions:
        if chains and m.start - chains[-1][-1].end <= 1:
            chains[-1].append(m)
        else:
            chains.append([m])
    return chains


def _rank(unit: Unit, hints: set[str]) -> tuple:
    """Prefer units whose parents are mentioned, then cities over districts, then capitals."""
    g = gazetteer()
    parent_hit = (unit.city in hints) * 2 + (unit.province in hints)
    capital = unit.code[:2] in {"11", "12", "31", "50"} or unit.code[2:4] == "01"
    # 河南 is a province before it is 河南县 in Qinghai: a province outranks a district of the same name
    level = {"province": 1.5, "city": 2, "district": 1}[unit.level]
    del g
    return (parent_hit, level, capital, -int(unit.code))


def _hints(mentions: list[Mention]) -> set[str]:
    """Names of provinces and cities that the context mentions without ambiguity."""
    g = gazetteer()
    hints: set[str] = set()
    for m in mentions:
        units = [g.units[c] for c in m.codes]
        if len({u.province for u in units}) == 1:
            hints.add(units[0].province)
        if len({u.city for u in units}) == 1 and units[0].city:
            hints.add(units[0].city)
    return hints


def resolve(text: str, context: str | None = None, firms: tuple[tuple[int, int], ...] = ()) -> tuple[Unit | None, str | None]:
    """The workplace unit named last in text, read with hints from context, and its evidence.

    firms: spans of registered business names; a place inside one never replaces a county-level place
    said outside it (我们在眉山东坡区 … 成都蓉信达建筑劳务有限公司 is work in 东坡区)."""
    g = gazetteer()
    mentions = scan(text)
    hints = _hints(scan(context) if context and context != text else mentions)
    best: Unit | None = None
    best_named = False
    evidence = None
    if not mentions:
        return _from_org_name(text, hints)
    for chain in _chains(mentions):
        if _is_home(text, chain, chain[0].start, chain[-1].end):
            continue
        if best_named and any(s <= chain[0].start and chain[-1].end <= e for s, e in firms):
            continue
        local = _hints(chain) | hints
        chosen = _seat_city(text, chain, _pick_chain(chain, local, g), g)
        if chosen and (best is None or _deeper_or_later(best, chosen)):
            best = chosen
            evidence = text[chain[0].start:chain[-1].end]
            # a county said in full (东坡区, not a short form like 江北 that the firm's city may settle)
            best_named = chosen.level == "district" and any(m.full and chosen.code in m.codes for m in chain)
    return best, evidence


def _from_org_name(text: str, hints: set[str]) -> tuple[Unit | None, str | None]:
    """The province or city that starts an organisation's name, when the text names no place itself."""
    if not ORG_WORD.search(text):
        return None, None
    g = gazetteer()
    for i in range(len(text) - 1):
        for size in g.starts.get(text[i], ()):
            form = text[i:i + size]
            codes = g.full.get(form) or g.short.get(form)
            if not codes or size < 2 or not ORG_TAIL.match(text[i + size:i + size + 16]):
                continue
            units = [g.units[c] for c in codes if g.units[c].level != "district" or len(codes) == 1]
            if units:
                return max(units, key=lambda u: _rank(u, hints)), form
    return None, None


def _seat_city(text: str, chain: list[Mention], chosen: Unit | None, g) -> Unit | None:
    """大理古城, 大理市区: a short form shared by a prefecture and its seat, followed by a word for the town
    itself, is the county-level city (大理市), not the whole prefecture."""
    if chosen is None or chosen.level != "city":
        return chosen
    for m in chain:
        seats = [g.units[c] for c in m.codes if g.units[c].level == "district" and g.units[c].city == chosen.name]
        if len(seats) == 1 and chosen.code in m.codes and URBAN_AFTER.match(text, m.end):
            return seats[0]
    return chosen


def _pick_chain(chain: list[Mention], hints: set[str], g) -> Unit | None:
    """The most specific consistent unit in one chain of names."""
    chosen: Unit | None = None
    for m in chain:
        units = [g.units[c] for c in m.codes]
        if chosen and any(_contains(u, chosen) for u in units):
            continue
        if chosen:
            units = [u for u in units if chosen.level == "province" and u.province == chosen.province
                     or chosen.level == "city" and u.city == chosen.city] or ([] if not m.full else units)
        if not units:
            continue
        unit = max(units, key=lambda u: _rank(u, hints))
        chosen = unit
    return chosen


def _contains(outer: Unit, inner: Unit) -> bool:
    """outer is a higher level that inner belongs to (鄂尔多斯市 ⊃ 伊金霍洛旗)."""
    if outer.level == "province":
        return inner.province == outer.province and inner.level != "province"
    return outer.level == "city" and inner.level == "district" and inner.city == outer.city


def _deeper_or_later(best: Unit, new: Unit) -> bool:
    """A later mention replaces an earlier one unless it only repeats a higher level of it."""
    depth = {"province": 0, "city": 1, "district": 2}
    if depth[new.level] < depth[best.level] and (new.province == best.province and
                                                 (new.level == "province" or new.city == best.city)):
        return False
    return True


@lru_cache(maxsize=1)
def _pinyin_index() -> dict[str, list[str]]:
    """Pinyin spellings of short names (Panyu, Guangzhou) to codes; built only for English text."""
    from itertools import islice, product

    from pypinyin import Style, pinyin

    g = gazetteer()
    index: dict[str, list[str]] = {}
    for code, unit in g.units.items():
        forms = short_forms(unit.name, unit.level) or {unit.name}
        for form in forms:
            # Every reading of a heteronym: 朝阳 is Chaoyang, although 朝 reads zhao first.
            readings = pinyin(form, style=Style.NORMAL, heteronym=True)
            keys = {"".join(p).lower() for p in islice(product(*(r[:3] for r in readings)), 27)}
            for key in keys:
                codes = index.setdefault(key, [])
                if code not in codes:
                    codes.append(code)
    return index


def resolve_english(text: str) -> Unit | None:
    """Places written in pinyin: 'Panyu, Guangzhou' → 番禺区; the most specific consistent one wins."""
    index = _pinyin_index()
    g = gazetteer()
    found = [g.units[c] for w in _RX0.findall(text)
             for c in index.get(w.lower().replace("'", ""), [])]
    # Jiyang District … Haitang Seafood Kitchen: a word marked District/County is the place said; another
    # district-level reading (a word of a business name) gives way to it
    marked = {c for w in EN_MARKED.findall(text) for c in index.get(w.lower().replace("'", ""), [])}
    if any(u.code in marked and u.level == "district" for u in found):
        found = [u for u in found if u.level != "district" or u.code in marked]
    if not found:
        # wo zai shaoxing keqiao: lowercase pinyin counts only as a city or province together with a
        # district or city inside it, so single words like "qian" or "fanguan" do not become places.
        low = [g.units[c] for w in _RX_LOW.findall(text) for c in index.get(w, [])]
        found = [u for u in low if any(v is not u and (_contains(u, v) or _contains(v, u)) for v in low)]
    if not found:
        return None
    hints = {u.name for u in found if u.level != "district"}
    return max(found, key=lambda u: (_rank(u, hints)[0], {"province": 0, "city": 1, "district": 2}[u.level],
                                     _rank(u, hints)[2], -int(u.code)))


from .gazetteer import short_forms  # noqa: E402  (kept next to its only English use)

# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"[A-Z][a-z]+(?:'[a-z]+)?")
WORKPLACE_NEXT = re.compile(r"^\s*(?:那边|这边)?的?\s*(?:一|这|那)(?:个|家|间|座)[^，。,\s]{0,6}?(?:厂|矿|工地|公司|项目|店|饭馆|餐馆|酒店|工程|基地)")
EN_MARKED = re.compile(r"([A-Z][a-z]+(?:'[a-z]+)?)\s+(?:District|County|Banner|Qu|Xian)\b")
URBAN_AFTER = re.compile(r"古城|老城|城区|市区|城里|市里")
ORIGIN_WORKPLACE = re.compile(r"\s*(?:工地|厂|项目|公司|店|活|工程|老板|单位)")
_RX_LOW = re.compile(r"(?<![A-Za-z])[a-z]{4,}(?![A-Za-z])")
