"""The administrative-division table, read once from python-stdnum's maintained loc.dat.

Only current names are kept: loc.dat marks retired names with year ranges such as [-2010].
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

# Changes of the last year or two (e.g. Chongqing's 渝北区 marked [1997-2025]) are kept: people and
# labour offices go on using those names, so both the old and the new name resolve.
RECENT = 2025
MUNICIPALITIES = {"11", "12", "31", "50"}
ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|"
    "纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|鄂温克|"
    "德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
AUTONOMOUS = re.compile(r"(?:(?:" + ETHNIC + r")族)+(自治州|自治县|自治旗|区)$")
PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")
CITY_SUFFIX = re.compile(r"(市|地区|盟)$")
COUNTY_SUFFIX = re.compile(r"(新区|区|县|市|旗|林区|特区)$")
ENTRY = re.compile(r"(?:\[(\d*)-(\d*)\])?([^,\[\]]+)")


@dataclass(frozen=True)
class Unit:
    """One current division: its level (province/city/district) and full names up the tree."""

    code: str
    name: str
    level: str
    province: str
    city: str | None
    district: str | None


def _current(value: str) -> str | None:
    """The name in force today from a loc.dat value like "[1983-1989]昆山县,[1989-]昆山市"."""
    for m in ENTRY.finditer(value):
        _, until, name = m.groups()
        if not until or int(until) >= RECENT:
            return name.strip(", ")
    return None


def _simplified(name: str) -> str:
    """loc.dat spells a few names in Traditional script (加格達奇區); text is read in Simplified."""
    if all("\u4e00" <= ch <= "\u9fff" and _gb2312(ch) for ch in name):
        return name
    from .normalize import _t2s

    conv = _t2s().convert(name)
    return conv if len(conv) == len(name) else name


def _gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _rows():
    """(code, current name) for every line of loc.dat with a current name."""
    import stdnum

    path = os.path.join(os.path.dirname(stdnum.__file__), "cn", "loc.dat")
    with open(path, encoding="utf-8") as fh:
        province = None
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            m = re.match(r'^(\d\d) province="([^"]+)"', line)
            if m:
                province = m.group(1)
                yield province, m.group(2)
                continue
            m = re.match(r'^\s+(\d{4}) county="([^"]*)"', line)
            if m and province:
                name = _current(m.group(2))
                if name:
                    yield province + m.group(1), _simplified(name)


def short_forms(name: str, level: str) -> set[str]:
    """Everyday forms of an official name: 番禺区 → 番禺, 管城回族区 → 管城区/管城, 阿克苏地区 → 阿克苏."""
    forms = set()
    m = AUTONOMOUS.search(name)
    if m:
        stem = name[:m.start()]
        forms |= {stem, stem + ("区" if m.group(1) == "区" else "")}
    pattern = {"province": PROVINCE_SUFFIX, "city": CITY_SUFFIX, "district": COUNTY_SUFFIX}[level]
    stem = pattern.sub("", name)
    if stem != name:
        forms.add(stem)
    if level == "city" and name.endswith("自治州") and m:
        forms.add(name[:m.start()])
    return {f for f in forms if len(f) >= 2 and f != name}


BANNER = re.compile(r"^(.+?)(左翼|右翼)?(左|右|前|中|后)?旗$")


def banner_forms(name: str) -> set[str]:
    """Everyday short names of Inner Mongolia's banners: 土默特左旗 → 土左旗, 察哈尔右翼前旗 → 察右前旗,
    鄂托克前旗 → 鄂前旗, 达尔罕茂明安联合旗 → 达茂旗 (first syllable of each part of a joint banner)."""
    out = set()
    if name.endswith("联合旗"):
        stem = name[:-3]
        if len(stem) == 6:
            out |= {stem[0] + stem[3] + "旗", stem[0] + stem[3] + "联合旗"}
        return out
    m = BANNER.match(name)
    if not m or not (m.group(2) or m.group(3)):
        return out
    wing = m.group(2)[0] if m.group(2) else ""
    out.add(m.group(1)[0] + wing + (m.group(3) or "") + "旗")
    return {f for f in out if len(f) >= 3 and f != name}


class Gazetteer:
    """Lookup of full and short place names to the units they may mean."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self.full: dict[str, list[str]] = {}
        self.short: dict[str, list[str]] = {}
        names = dict(_rows())
        for code, name in NEWER_UNITS.items():
            names.setdefault(code, name)
        for code, name in names.items():
            unit = self._unit(code, name, names)
            if unit:
                self.units[code] = unit
                self.full.setdefault(name, []).append(code)
                for form in short_forms(name, unit.level):
                    self.short.setdefault(form, []).append(code)
                for form in banner_forms(name) if unit.level == "district" else ():
                    self.full.setdefault(form, []).append(code)
        self.lengths = sorted({len(k) for k in (*self.full, *self.short)}, reverse=True)
        # For the scan: the name lengths that can start with each character, longest first.
        starts: dict[str, set[int]] = {}
        for k in (*self.full, *self.short):
            starts.setdefault(k[0], set()).add(len(k))
        self.starts = {ch: tuple(sorted(sizes, reverse=True)) for ch, sizes in starts.items()}

    @staticmethod
    def _unit(code: str, name: str, names: dict[str, str]) -> Unit | None:
        """A Unit for one loc.dat row, or None for bookkeeping rows (市辖区, 县, 直辖)."""
        prov = code[:2]
        if prov in {"71", "81", "82"} or name in {"市辖区", "县", "省直辖县级行政区划"} or "直辖" in name:
            return None
        # A 新区 coded outside the district range (两江新区, 500157) is a functional zone, not a county-level
        # division (README: 天府新区, 航空港区 give null): it names its city only. 浦东新区 and 滨海新区 are
        # real districts.
        if name.endswith("新区") and len(code) == 6 and int(code[4:]) >= 50:
            pname = names.get(prov)
            city = pname if prov in MUNICIPALITIES else names.get(code[:4] + "00")
            return Unit(code, name, "city", pname, city, None) if city else None
        pname = names.get(prov)
        if len(code) == 2:
            return Unit(code, name, "province", name, name if prov in MUNICIPALITIES else None, None)
        if code[2:] == "0000":
            return None
        if code[4:] == "00":
            if prov in MUNICIPALITIES:
                return None
            return Unit(code, name, "city", pname, name, None)
        if prov in MUNICIPALITIES:
            return Unit(code, name, "district", pname, pname, name)
        city = names.get(code[:4] + "00")
        if not city or "直辖" in city:
            return Unit(code, name, "city", pname, name, None)
        return Unit(code, name, "district", pname, city, name)


# County-level units set up after python-stdnum's loc.dat was compiled (State Council approvals, 2021).
NEWER_UNITS = {"330113": "临平区", "330114": "钱塘区"}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide table, built on first use."""
    return Gazetteer()
