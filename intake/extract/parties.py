"""Who owes the wages (a business by name first, else a named person) and the project by name."""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import gazetteer
from .places import scan
from .segment import name_at

HAN = r"\u4e00-\u9fff"


def first_chars(pattern: str, flags: int = 0) -> str:
    """A look-ahead on the characters a match of pattern can start with, or "" when that set is open.

    Python's re tries every alternative of a long alternation at every position of the text; a
    one-character look-ahead in front lets it skip the positions where no alternative can start.
    The look-ahead only ever skips positions where the pattern cannot match, so results are unchanged.
    """
    try:
        from re import _parser as sre  # the parser of the re module itself (Python 3.11+)

        chars = _first(sre, sre.parse(pattern, flags).data)
    except Exception:  # any construct not understood here: no look-ahead, same results
        return ""
    if not chars or chars[1]:
        return ""
    out = set()
    for ch in chars[0]:
        out.add(ch)
        if flags & re.I:
            out.update((ch.lower(), ch.upper()))
    return "(?=[" + "".join(re.escape(c) for c in sorted(out)) + "])"


def _first(sre, items) -> tuple[set, bool] | None:
    """(characters a sequence of parsed items can start with, whether it can match empty), or None if open."""
    found: set = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return found | {chr(av)}, False
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero-width: look at what follows
        if name == "IN":
            for iop, iav in av:
                if str(iop) == "LITERAL":
                    found.add(chr(iav))
                elif str(iop) == "RANGE" and iav[1] - iav[0] < 64:
                    found.update(chr(c) for c in range(iav[0], iav[1] + 1))
                else:
                    return None
            return found, False
        if name == "BRANCH":
            nullable = False
            for alt in av[1]:
                sub = _first(sre, alt.data if hasattr(alt, "data") else alt)
                if sub is None:
                    return None
                found |= sub[0]
                nullable = nullable or sub[1]
            if not nullable:
                return found, False
            continue
        if name == "SUBPATTERN":
            sub = _first(sre, av[3].data)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub = _first(sre, av[2].data)
            if sub is not None and av[0] == 0:
                sub = (sub[0], True)
        else:
            return None
        if sub is None:
            return None
        found |= sub[0]
        if not sub[1]:
            return found, False
    return found, True
COMPANY_SUFFIX = (r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司|劳务分包|劳务|厂|店|馆|工作室|"
                  r"合作社|配送站|站点|酒楼|餐厅|饭店|饭庄|食府|酒家|茶楼|酒店|中心|商行|超市|事务所|"
                  # short trade names, kept as given (华美装饰, 金辉物业, 鑫达物流, 东方红农场)
                  r"(?:装饰|物业|物流|农场|果园|快运|速运|实业|商贸|服饰|家政|养殖场|牧场|林场|茶场|采石场|砂场|煤矿|矿业|"
                  r"幼儿园|学校|医院|诊所|驾校|网吧|会所|美容院|发廊|车行|烧烤|火锅|茶楼|农庄|山庄|旅行社)"
                  r"(?![园中心工程项目公司有限集团]))")
COMPANY = re.compile(r"([" + HAN + r"A-Za-z0-9()（）]{2,30}" + first_chars(COMPANY_SUFFIX) + COMPANY_SUFFIX + r")(?![" + HAN + r"]{0,1}(?:里|头|上|的人|门口|房|长|区|家|员|主))")
EN_COMPANY = re.compile(r"((?:[A-Z][A-Za-z&'-]*\s+){1,6}(?:Co\.,?\s*Ltd\.?|Company(?: Limited)?|Ltd\.?|Limited|Inc\.?|"
                        r"Factory|Group|Restaurant|Hotel|Store|Shop|Trading|Logistics|Construction|Decoration|"
                        r"Studio|Cafe|Café|Bakery|Salon|Supermarket|Garment|Electronics|Services?|Kitchen|Bar|Inn|"
                        # a named branch or depot: Sunrun Delivery Chaoyang Station 3
                        r"Station|Depot|Warehouse|Centre|Center|Farm|Clinic)(?:\s+(?:No\.\s*)?\d+)?)\b")
LEAD = re.compile(r"^(?:.*(?:叫做|叫|是|名叫|名称|名字|全称|单位|公司名|厂名|店名|[:：]|在|跟|给|找|那个|这个|就是|我们|俺们|派|一个|一家|一户|没有|欠|替|帮|"
                  # 劳务公司为X, 酒楼喊做X (Hakka/Cantonese 叫), 总包X, 请问公司…
                  r"(?:公司|单位|厂|店|方)为|喊做|称为|名为|总包|甲方|开发商|业主|请问|问一下|问下|"
                  # 劳务合同与X签订, 入职X, 受雇于X
                  r"合同与|合同同|与|入职|就职|任职|受雇于|雇于))")
GENERIC = re.compile(r"一个|一家|有个|有家|某个|某家|某|中介|人力|外包|那个|这个|那家|这家|我们|俺们|咱们|他们|我|俺|电子|纺织|家具|服装|五金|鞋|袜子|童装|"
                     r"塑胶|包装|建筑|装修|装饰|物流|快递|餐饮|火锅|奶茶|板|砖|水泥|保安|劳务|派遣|人力资源|"
                     r"外卖|美容|钢结构|餐厅|饭店|酒店|超市|"
                     # product and trade words: 织布厂, 加工厂, 家私厂, 铝材厂, 模具厂 describe a kind of workplace
                     r"织布|毛织|针织|制衣|制鞋|鞋业|加工|制品|机械|食品|玩具|印刷|塑料|陶瓷|家私|木器|铝材|模具|灯饰|纸箱|化工|汽配|"
                     r"配件|电器|箱包|眼镜|假发|石材|面馆|小吃|早餐|理发|洗车|汽修|"
                     r"小区|医院|学校|商场|写字楼|大楼|园区|村里|物业|农场|果园|快运|速运|实业|商贸|服饰|家政|养殖场|牧场|林场|"
                     r"茶场|采石场|砂场|煤矿|矿业|幼儿园|诊所|驾校|网吧|会所|美容院|发廊|车行|烧烤|茶楼|农庄|山庄|旅行社|养殖|"
                     r"小|大|的|工|公司|厂|店|馆|站|点|中心|饭|酒|家|里|头|上|在|叫|是|做|干")
GENERAL_CONTRACTOR = re.compile(r"(?:总包|甲方|开发商|建设单位|业主)\S{0,4}$")
ROLE = r"(?:包工头|包工投|头家|老细|事头|班长|队长|组长|领班|管事的|拿事的|小包|二包|大包|包头|工头|老板娘|老板|雇主|东家|老闆|承包人|班组长|带班的?|负责人|老总|经理|包工的)"
# 包工头张三, 包工头叫张三, 包工头姓王 叫王大力
PERSON_AFTER_ROLE = re.compile(ROLE + r"\s*(?:姓[" + HAN + r"][，,\s]*)?(?:是|叫|名叫|就是)?\s*[:：]?\s*([" + HAN + r"]{2,4})")
TITLE = r"(?:老板|女士|先生|老总|总|董|主任|场长|矿长|村长|经理|老师|师傅|站长|厂长|店长|队长|组长|班长|主管|所长|大姐|大哥|阿姨|大叔|姐|哥|叔|婶|嫂)"
TITLED = re.compile(r"(?<![" + HAN + r"])?([" + HAN + r"]" + TITLE + r")")
SURNAME_ONLY = re.compile(r"(?:老板|包工头|雇主)\s*姓\s*([" + HAN + r"])|姓([" + HAN + r"])的(?:老板|包工头|工头)")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊"
    "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
NOT_NAME = set("他她它们的了在是欠说叫把给不也都就还和跟我你俺咱这那个一有没要跑人工")
ESTATE = (r"(?:花园|苑|府|湾|城|台|园|庭|郡|墅|广场|大厦|小区|新城|家园|华府|公寓|安置房|冷库|物流园|厂房|"
          r"改造|工程|大桥|隧道|天地|雅居|名邸|公馆|首府|壹号|云著|悦府|标段|地块|号线|车站|站房|高铁站|地铁站|"
          # public works and buildings: 还建房, 安置点, 棚改, 商业街, 综合体, 电站, 水库, 高速, 教学楼, 住院楼
          r"还建房|安置点|安置区|棚改|商业街|综合体|电站|水库|高速|快速路|立交|管廊|"
          r"(?:教学|住院|综合|办公|宿舍|商住|门诊|实验|科研|行政)楼)")
PHASE_BODY = (r"(?:第?[一二三四五六七八九十0-9]+(?:期|标段|标|号地块|地块)(?:第?[一二三四五六七八九十0-9]+(?:标段|标))?"
              r"|[A-Z][\d-]*(?:地块|标段)[" + HAN + r"]{0,6})")
PHASE = re.compile(r"^" + PHASE_BODY)
# A name that ends as a site does (…安置房二期, …改扩建工程第三标段) may hold 店/厂 as part of a place (大王店).
SITE_END = re.compile(first_chars(ESTATE + "|" + PHASE_BODY) + ESTATE + r"(?:" + PHASE_BODY + r")?$|" + PHASE_BODY + r"$")
QUOTED = re.compile(r"[“\"「『《]([^”\"」』》\n，。,]{2,24})[”\"」』》]")
NEAR = re.compile(r"(?:的)?(?:边上|旁边|附近|对面|隔壁|周边|周围|后面|背后)")
NAMED = re.compile(r"(?:项目是|项目叫做|项目叫|项目名称是?[:：]?|(?:工程|工地|楼盘)名称(?:是|为)?[:：]?|项目名为|项目[:：]|工地叫做|工地叫|工地是|小区叫|楼盘叫|工程叫|叫做|叫|名叫)\s*")
PROJECT_CONTEXT = re.compile(r"工地|项目|小区|楼盘|工程|房|楼|装修|修|盖|建|那边|包")
NO_PROJECT = re.compile(r"没有?(?:什么)?(?:项目|专案)|无项目|不晓得|不知道|不清楚|no project|转人工", re.I)
ROLE_BEFORE = re.compile(ROLE + r"$|[我你他她]$|名字$|公司$|单位$|厂$|店$")
BOUNDARY = set("的是在个叫这那了把给跟和从到,，。;；:：!！?？ \n、“”「」『』《》\"'")
PROJECT_JUNK = re.compile(r"政府|[了去说要没不吗呢吧]|他们|她们|你们|那个|这个|一个|就是|那边|这边|我们|俺们|不晓得|不知道|没有|工地|项目|什么|哪个|公司|厂|店|宿舍|门口|工业园|园区|开发区|新区|"
                          r"小区$|^物流园$|^工程$|(?<!教学|住院|综合|办公|宿舍|商住|门诊|实验|科研|行政)楼$")
PROJECT_TRAIL = re.compile(r"(?:那个|的)?(?:工地|项目部|项目|那边|这边|那块|精装修|装修|主体|的活|的泥水活)+$")


def _strip_lead(name: str) -> str:
    """Drop words before the name proper: 厂叫X → X, 就是那个X → X."""
    m = LEAD.match(name)
    return name[m.end():].lstrip("为是：:") if m else name


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


# 一个/一家 describe a kind of workplace; 那个/这个 point at one already named (丰台那个湘味居餐馆).
DETERMINER = re.compile(r"(?:一个|一家|一间|一座|一所|一处|有个|有家|(?<![那这哪])[个家间])$")
WORKPLACE_END = re.compile(r"(?:厂|店|馆|公司|社|行|场|站|部|所|院|中心)$")
# inside a candidate: 漳州龙海一间铁件厂 is a place, then a kind of workplace described
DETERMINER_IN = re.compile(r"(?:一个|一家|一间|一座|一所|一处|有个|有家)")
# 该公司, 本单位: a reference back, not a name; 2025年6月入职: a date is never part of a name
ANAPHOR = re.compile(r"(?:该|本|我|贵|此|其|这|那)(?:公司|厂|店|单位)$|\d+年|\d+月")
# (总承包), 作为开发商: the role right after a name marks the general contractor or developer
CONTRACTOR_AFTER = re.compile(r"[(（]?(?:总承包|总包|开发商|建设单位|业主|发包方)")
LEGAL = re.compile(r"有限|股份|集团")
PROPER_MARK = re.compile(r"有限|股份|集团|公司|[A-Za-z0-9]|[(（]")


def _described(text: str, start: int, name: str) -> bool:
    """一个红木家具厂, 一家食品厂, 小榄的五金厂: a kind of workplace described, not a business named.

    After an indefinite determiner a short name without any mark of a legal name (有限/集团/公司,
    Latin letters, brackets) describes the kind of business; a proper name comes after 叫 or in full.
    """
    core = _RX0.sub("", name)
    short = len(core) <= 4 or len(GENERIC.sub("", core)) <= 3  # 一个演出服加工厂: a kind, not a name
    return bool(DETERMINER.search(text[max(0, start - 2):start])) and short and not PROPER_MARK.search(name)


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
        if name != m.group(1) and LEGAL.search(name) and _place_prefix(m.group(1)) and not NAMING_BEFORE.search(m.group(1)):
            name = m.group(1)  # 天津好帮手家政服务有限公司: 帮 inside a legal name that starts with its place
        if "的" in name and not PROPER_MARK.search(name.rsplit("的", 1)[0]):
            name = name.rsplit("的", 1)[1]  # 中山小榄的五金厂 → 五金厂 (then generic)
        start = m.start() + len(m.group(1)) - len(name)
        if SHOP_SUFFIX.search(name) and not NAMING_BEFORE.search(text[max(0, start - 3):start]):
            # 兰州城关区马记牛肉面馆: a shop is not registered under the place the writer puts before it
            lead = _place_prefix(name)
            if lead and not _is_generic(name[lead:]):
                name, start = name[lead:], start + lead
        if SHORT_TRADE.search(name) and (len(name) > 8 or any(ch in SHORT_TRADE_STOP for ch in name)):
            continue  # 明天一早就去把果园(港): a phrase, not a short trade name
        op = max(name.rfind("("), name.rfind("（"))
        if op > 0 and ")" not in name[op:] and "）" not in name[op:]:
            name = name[:op]  # 晶晶家政服务有限公司（工资由家政公司发放: a note in brackets, not the name
            if not _RX0.search(name):
                continue
        d = DETERMINER_IN.search(name)
        if d and d.end() < len(name):
            name, start = name[d.end():], start + d.end()
        if ANAPHOR.search(name) or CALLED_NEXT.match(text, start + len(name)):
            continue  # 该公司; 中介公司叫鑫源人力: a kind of business whose name follows
        if PHASE.match(text[start + len(name):start + len(name) + 8]):
            continue  # 仙鹤湖康养医院二期: a site by its phase, a project
        if _is_generic(name) or _described(text, start, name):
            continue
        if (GENERAL_CONTRACTOR.search(text[max(0, start - 8):start])
                or CONTRACTOR_AFTER.match(text, start + len(name))) and not keep_contractor:
            continue
        if BUILT_WORKS.match(text, start + len(name)) and not _RX20.search(name):
            continue  # 城南污水处理厂项目: a plant being built is a project, not the employer
        out.append((start, name))
    return tuple(out)


SHORT_TRADE = re.compile(r"(?:装饰|物业|物流|农场|果园|快运|速运|实业|商贸|服饰|家政|养殖场|牧场|林场|茶场|采石场|砂场|煤矿|矿业|"
                         r"幼儿园|学校|医院|诊所|驾校|网吧|会所|美容院|发廊|车行|烧烤|火锅|茶楼|农庄|山庄|旅行社)$")
SHORT_TRADE_STOP = set("去把就要说了在我你他她们的是到从给跟帮替做干")
SHOP_SUFFIX = re.compile(r"(?:店|馆|酒楼|餐厅|饭店|饭庄|食府|酒家|茶楼|超市|商行|工作室)$")
NAMING_BEFORE = re.compile(r"叫|名|称|是|[:：]")


def _place_prefix(name: str, least: int = 1) -> int:
    """Length of the place names (兰州城关区) a name starts with, 0 when it starts with fewer than least."""
    end = count = 0
    for m in scan(name):
        if m.start != end:
            break
        end, count = m.end, count + 1
    return end if count >= least else 0


def _prefer(found: list[tuple[int, str]], text: str) -> str:
    """Among businesses, the one that pays: a labour/dispatch firm, or one said to pay the wages."""
    for pos, name in reversed(found):
        if _RX9.search(name) or _RX10.search(text[pos:pos + len(name) + 12]):
            return name
    return found[-1][1]


def _full_name(text: str, start: int) -> str | None:
    """A surname-led personal name at start (not a word such as 连夜, 单位, 包工头), or None."""
    head = text[start:start + 2]
    if len(head) < 2 or head[0] not in SURNAMES or head[1] in NOT_NAME or NOT_A_NAME.match(text, start):
        return None
    return name_at(text, start)


def _nickname(text: str, start: int) -> str | None:
    """老王, 小李: a familiar form of a surname, used as the name (README: kept as written)."""
    head = text[start:start + 2]
    if len(head) == 2 and head[0] in "老小" and head[1] in SURNAMES and head[1] not in NOT_NAME \
            and not NICK_NOT.match(text, start):
        return head
    return None


def _person(text: str) -> tuple[str, str] | None:
    """A named individual hirer: 包工头张三 → 张三, 刘老板, 雇主陈女士; last one wins."""
    found: list[tuple[int, str, str]] = []
    for m in PERSON_AFTER_ROLE.finditer(text):
        name = _full_name(text, m.start(1)) or _nickname(text, m.start(1))
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
    for m in NAME_THEN_ROLE.finditer(text):
        name = _full_name(text, m.start(1))
        if name and text.startswith(name, m.start(1)) and ROLE_NEXT.match(text, m.start(1) + len(name)):
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
    found = [f for f in found if not (PLACE_HINT.search(text, f[0], f[0] + 6) and _place_prefix(text[f[0]:f[0] + 8]))
             and not WORKPLACE_END.search(f[1])]
    if not found:
        return None
    found.sort()
    full = [f for f in found if len(f[1]) >= 2 and not _RX14.search(f[1])]
    pos, name, ev = (full or found)[-1]
    return name, ev


# Words that start with a surname character but are not names (连夜跑了, 单位欠我, 包工头, 马上).
NOT_A_NAME = re.compile(r"连夜|连续|连着|时候|时不时|常常|常年|向来|于是|全部|全都|全是|应该|马上|成天|成了|万一|明明|明年|"
                        r"明天|管我|管他|付了|宁可|方便|安排|车上|路上|高低|单位|包工|包了|包的|包给|车间|车队|房东|商家|"
                        r"老板|工头|班组|项目|公司|甲方|东家|师傅|钱也|钱都|钱还|和我|和他|向我|向他|江湖|关机|关了|简直|"
                        r"单独|文件|石头|金额|黄了|白干|白天|田里|毛都|齐了|温州|成都|华为|武汉|贺岁")
NICK_NOT = re.compile(r"老(?:师|家|婆|公|乡|实|板|总|大|表|是|说|汉|伴|娘|爸|妈|虎|鼠)|小(?:时|孩|伙|姐|区|工|学|时候|心|组|卖|吃|店|子)")
FUNCTION_CHARS = set("自总共前后今去明年月天又再才都还已经常时老每各也就说跑拖欠钱")
ROLE_THEN_CALLED = re.compile(ROLE + r"[^，。,.;；!！?？\n叫]{1,6}?叫\s*([" + HAN + r"]{2,4})")
ROLE_NAME_OWES = re.compile(ROLE + r"\s*([" + HAN + r"]{2,3}?)(?=(?:拖欠|欠|拖着|拖了))")
FORM_PARTY = re.compile(r"(?:被投诉人|被投诉方|投诉对象|被申诉人|被举报人|用工单位|用人单位|欠薪单位|欠薪人|欠款人|雇主|用工方)"
                        r"(?:名称|姓名)?\s*[:：为是]\s*([" + HAN + r"]{2,4})")
NAME_OWES = re.compile(r"(?:^|(?<=[,，。;；!！?？\s:：]))([" + HAN + r"]{2,4}?)(?=(?:一直|还|总共|一共|共)?(?:拖欠|欠|拖着|拖了))")
OWES_AFTER = re.compile(r"(?:一直|还|总共|一共|共)?(?:拖欠|欠|拖着|拖了)(?:了)?(?:我|俺|咱|大家|工人|我们|俺们)")
OWED_BY = re.compile(r"(?:欠[^，。,.;；!！?？\s]{0,8}?的|(?:雇|请|招|带)(?:了)?(?:我|俺)(?:们)?的)(?:人|老板)?(?:是|叫)\s*([" + HAN + r"]{2,4})")
NAME_THEN_ROLE = re.compile(r"(?:^|(?<=[,，。;；!！?？\s:：是]))([" + HAN + r"]{2,3})(?=(?:这个|那个|这|那)?(?:包工头|工头|老板)(?!娘))")
ROLE_NEXT = re.compile(r"(?:这个|那个|这|那)?(?:包工头|工头|老板)(?!娘)")
WORKED_FOR = re.compile(r"(?:给|跟着?|帮|替)\s*([" + HAN + r"]{2,3}?)(?=(?:一直)?(?:干|做|打工|打零工|干活|开车|跑车|带班))")
WORK_AFTER = re.compile(r"(?:一直)?(?:干|做|打工|打零工|干活|开车|跑车|带班)")


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


def _business_answer(answer: str) -> str | None:
    """The bare name given when asked for a shop's or firm's name (老昌春饼，船营区那个老昌春饼 → 老昌春饼)."""
    for chunk in _RX6.split(answer):
        name = _strip_lead(chunk).strip("“”\"'「」")
        if not name or NOT_GIVEN.search(chunk) or ROLE_IN.search(name) or _RX16.search(name):
            continue
        if not _RX17.fullmatch(name) or _is_generic(name) or answer_person(name) == (name, name):
            continue
        return name
    return None


EN_PERSON = re.compile(r"\b(?:[Bb]oss|[Ff]oreman|[Ee]mployer|[Cc]ontractor|[Mm]anager|[Ss]upervisor)(?:\s+is|\s+named|\s+called|,)?\s+"
                       r"((?:Mr|Mrs|Ms|Miss)\.?\s+[A-Z][a-z]+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b")


def employer(text: str, answer: str | None = None, dispute: bool = False,
             business: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(employer, kind, evidence): business names first, then named persons; None without a name.

    In a payment dispute between companies (dispute), the general contractor is the party that owes.
    business is the reply to a question about the shop's or firm's name (a hotline transcript).
    """
    found = companies(text, keep_contractor=dispute)
    if found:
        name = _prefer(found, text)
        return name, "company", name
    named = _business_answer(business) if business else None
    for m in CALLED_THEN_KIND.finditer(text) if not named and "叫" in text else ():
        cand = m.group(1)
        if not _RX16.search(cand) and not _is_generic(cand) and not _place_prefix(cand):
            named = cand
    for m in SHOP_CALLED.finditer(text) if not named else ():
        cand = m.group(1)
        if not _RX16.search(cand) and not _is_generic(cand) and not _place_prefix(cand) \
                and answer_person(cand) != (cand, cand):
            named = cand
    if named:
        return named, "company", named
    if answer:
        full = answer_person(answer)
        titled = _person(answer)
        pick = full if full and (not titled or len(full[0]) >= 3 and full[0][0] == titled[0][0]) else titled
        if pick:
            return pick[0], "person", pick[1]
    person = _person(text)
    if person:
        return person[0], "person", person[1]
    m = EN_PERSON.search(text) if LATIN_CAPITAL.search(text) else None
    if m:  # my boss Zhang Wei: English names stay as given
        return m.group(1), "person", m.group()
    return None, None, None


BUILDING_WORK = re.compile(r"工地|项目|工程|施工|装修|装饰|包工头|工头|盖|建|修|楼盘|小区|标段|泥水|木工|钢筋|架子|外墙|刷墙|防水|"
                           r"水电|油漆|安装|钢结构|瓦工|模板|塔吊|管道|真石漆|砌|贴砖|吊顶|绿化|园林")
# 厂房工程, 管网工程, 修安置房, 医院: a kind of works or building, not a project's name
GENERIC_SITE = re.compile(r"(?:修|盖|建|做|干|搞)?(?:了|的)?(?:那个|这个|一个)?(?:厂房|工程|管网|安置房|房子|楼房|住宅楼?|道路|马路|市政|改造|新建|"
                          r"宿舍楼|办公楼|教学楼|住院楼|门诊楼|商品房|自建房|别墅|高速|公路|桥梁?|水利|管道|绿化|装修|主体|医院|学校|"
                          r"小区|楼|厂|仓库|冷库|隧道|商场|酒店|写字楼|工业园|物流园|安置点|还建房|污水处理厂|学校|幼儿园)+(?:工程|项目)?")
PLACE_HINT = re.compile(r"[省市州县区旗镇]")
PLACE_AFTER = re.compile(r"新区|[区县市镇乡街路]|大道")
CALLED_NEXT = re.compile(r"\s*(?:叫做|叫|名叫|名字叫|名称是)")
# 一家叫创想科技的公司: the name between 叫 and 的 + the kind of business
CALLED_THEN_KIND = re.compile(r"叫(?:做)?\s*([" + HAN + r"A-Za-z0-9]{2,10}?)的(?:公司|厂|店|餐馆|饭店|酒店|酒楼|工作室|超市|健身房|门店|物流|快递)")
# 在恒大御景半岛做外墙: a site named by where a trade's work was done
SITE_THEN_TRADE = re.compile(r"在([" + HAN + r"A-Za-z0-9]{3,14}?)(?:做|干|搞|包)(?:了)?(?:外墙|水电|装修|防水|钢筋|木工|模板|泥水|主体|绿化|油漆|幕墙|腻子|钢结构|砌筑|架子)")
SHOP_END = re.compile(r"(?:店|馆|健身房|厂|公司|超市|餐厅|工作室|饭店|酒楼|门店|铺子)$")
# 店叫茶语时光, 健身房叫力美健身: a business named without a legal suffix
SHOP_CALLED = re.compile(r"(?:店|馆|公司|健身房|工作室|超市|餐厅|饭店|酒楼|门店|铺子|店铺|店面|厂)(?:的)?(?:名字|名)?(?:叫做|叫|名叫|是)\s*"
                         r"([" + HAN + r"A-Za-z0-9]{2,10}?)(?=[\s,，。.;；!！?？]|$)")
DURATION_LEAD = re.compile(r"^[\d一二两三四五六七八九十几半]+(?:年|个月|天|月)")


def _clean_project(name: str) -> str | None:
    """Trim a project name: drop 工地/项目/filler at the end, reject generic phrases."""
    name = PROJECT_TRAIL.sub("", name.strip())
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
    if len(rest) < 2 or junk or GENERIC_SITE.fullmatch(rest):
        return None
    return name


def _site_named(name: str) -> bool:
    """A project name may hold 店/厂 only inside a place (大王店安置房二期), never as the business it names."""
    hit = _RX12.search(name)
    return hit is not None and not _place_char(name, hit)


def _place_char(name: str, hit: re.Match) -> bool:
    """Whether the 店/厂 hit lies inside a place name before the site word (大王店安置房二期, not 盖厂房)."""
    site = SITE_END.search(name)
    return (hit.group() in ("店", "厂") and site is not None and hit.end() <= site.start()
            and not _RX12.search(name, hit.end()))


def _back(text: str, end: int) -> str:
    """The name that ends at end, walking back to a word boundary (的, 在, punctuation…)."""
    i = end
    while i > 0 and end - i < 14 and text[i - 1] not in BOUNDARY:
        i -= 1
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
        if m.group().strip() in ("叫", "名叫") and (not PROJECT_CONTEXT.search(clause) or ROLE_BEFORE.search(clause)
                                                   or _RX13.search(clause) or SHOP_END.search(clause)):
            continue
        tail = _RX5.match(text[m.end():])
        if tail:
            yield 3, m.end() + tail.start(1), tail.group(1)
    for m in _RX3.finditer(text):
        at = m.start() - 1 if m.start() > 2 and text[m.start() - 1] == " " else m.start()  # 青年路站 工地
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
    # 恒大名都二期, 沪渝高速第五标段: a name of any shape followed by its phase or lot
    for m in _RX19.finditer(text) if PHASE_HINT.search(text) else ():
        name = _back(text, m.start())
        if len(name) >= 2:
            yield 1, m.start() - len(name), name + m.group()
    del spans


def project(text: str, answer: str | None = None) -> tuple[str | None, str | None]:
    """The construction project or site by name, or None."""
    inside = [(p, p + len(n)) for p, n in companies(text)]
    cands: list[tuple[int, int, str]] = []
    if answer and NO_PROJECT.search(answer):
        return None, None
    if answer:
        for chunk in _RX6.split(answer):
            # 我们是做二次结构砌筑的, 何建平: what the caller does or who the boss is, not the site's name
            if not chunk or ANSWER_NOT_SITE.search(chunk) or answer_person(chunk) == (chunk, chunk):
                continue
            name = _clean_project(_strip_lead(chunk).strip("“”\"「」"))
            if name and not _RX15.search(chunk):
                cands.append((4, len(name), name))
        if cands:  # a name given in answer outranks anything read from the text: no need to read on
            best = max(cands, key=lambda c: c[1])[2]
            return best, best
    building = BUILDING_WORK.search(text)
    for prio, pos, raw in _project_candidates(text):
        lead = _strip_lead(raw)
        name = _clean_project(lead)
        if not name or any(s <= pos < e for s, e in inside) or _site_named(name):
            continue
        # 柯桥轻纺城边上的工地: a landmark the site is near, not the site's name
        if prio < 3 and NEAR.match(text, pos + len(raw)):
            continue
        # 装修一个幼儿园, 一个风电场工地: a kind of site described, not a project named.
        at = pos + len(raw) - len(lead)
        if DETERMINER.search(text[max(0, at - 2):at]) and prio < 3 and len(name) <= 3:
            continue
        # A bare estate-like word (前台, 站台) is a project only where building work is spoken of.
        if prio == 1 and not building or DURATION_LEAD.match(name):
            continue
        lead_place = _place_prefix(name, 2) if prio < 3 and PLACE_HINT.search(name, 2, 9) else 0
        if lead_place and len(name) - lead_place >= 4 and name[lead_place - 1] in "区县市旗":
            name = name[lead_place:]  # 贵阳花溪区燕楼安置房三标段: city and district, then the site's name
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
_RX4 = re.compile(first_chars(ESTATE) + ESTATE)
_RX5 = re.compile(r"(?:[" + HAN + r"]{2,8}?[区县市]的)?([" + HAN + r"A-Za-z0-9][" + HAN + r"A-Za-z0-9-]{1,19})")
_RX6 = re.compile(r"[,，。;；\s]+|就是|那个")
_RX7 = re.compile(r"[" + HAN + r"]{2,8}?(?:省|市|区|县)")
_RX8 = re.compile(r"[()（）\s]")
_RX9 = re.compile(r"劳务|人力资源|派遣")
_RX10 = re.compile(r"工资是他们发|他们发工资|发工资")
_RX11 = re.compile(r"[,，。;；!！?？\n]")
_RX12 = re.compile(r"公司|厂(?!房)|店|馆|合作社|基地|\d+个")
_RX13 = re.compile(ROLE + r"\s*姓[" + HAN + r"][，,\s]*$")
_RX14 = re.compile(TITLE + "$")
_RX15 = re.compile(r"有限公司|[号栋]楼")
BUILT_WORKS = re.compile(r"(?:的)?(?:项目|工程|工地|改造|扩建|新建|改建|(?:教学|住院|综合|办公|宿舍|门诊|实验)楼)")
_RX20 = re.compile(r"公司|集团|劳务|事务所")
_RX21 = re.compile(r"(?<=[" + HAN + r"A-Za-z0-9])的(?:装修|外墙|主体|水电|土建|绿化|钢结构|防水)")
_RX22 = re.compile(r"[家里屋房]$|[我你他她俺咱]|自己|朋友|亲戚|老板|公司|厂|店")
_RX24 = re.compile(r"[里上内外边头]$|那|这")
_RX23 = re.compile(r"(?:修|盖|干|搞|做)(?:了|的)?")
QUOTE_HINT = re.compile(r"[“\"「『《]")
PHASE_HINT = re.compile(r"期|标|地块")
_RX19 = re.compile(first_chars(PHASE_BODY) + r"(?<=[" + HAN + r"A-Za-z0-9])" + PHASE_BODY)
_RX18 = re.compile(r"(?:的)?(?:工程|小区|楼盘|标段)")
ANSWER_NOT_SITE = re.compile(r"^(?:我|俺|咱|他|她)|的$|^(?:做|干|搞|负责)")
_RX16 = re.compile(r"[我你他她俺咱]|什么|哪个|那边|这边|姓")
_RX17 = re.compile(r"[" + HAN + r"A-Za-z0-9()（）·&]{2,20}")
NOT_GIVEN = re.compile(r"不知道|不晓得|不清楚|记不|忘了|没有|没名|没啥|不记得|不懂")
ROLE_IN = re.compile(ROLE)
