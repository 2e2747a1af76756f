"""Named businesses in a text (公司, 厂, 店, 工作室…): where a name starts, and which one pays the wages."""

from __future__ import annotations

import re
from functools import lru_cache

from .fastre import HAN, first_chars
from .gazetteer import gazetteer
from .lexicon import BUILT_WORKS, PHASE, ROLE
from .places import scan

COMPANY_SUFFIX = (r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司|劳务分包|劳务|厂|店|馆|工作室|鱼庄|洗浴中心|足浴中心|浴场|"
                  r"合作社|服务部|经营部|门市部|维修部|批发部|营业部|配送站|站点|酒楼|客栈|民宿|宾馆|旅馆|农家乐|餐厅|饭店|饭庄|食府|酒家|茶楼|酒店|中心|商行|超市|事务所|"
                  # short trade names, kept as given (华美装饰, 金辉物业, 鑫达物流, 东方红农场)
                  r"(?:装饰|物业|物流|农场|果园|快运|速运|实业|商贸|服饰|家政|养殖场|牧场|林场|茶场|采石场|砂场|煤矿|矿业|"
                  r"幼儿园|学校|医院|诊所|驾校|网吧|会所|美容院|发廊|车行|烧烤|火锅|茶楼|农庄|山庄|旅行社|建设|建工)"
                  r"(?![园中心工程项目公司有限集团局厅委]))")
COMPANY = re.compile(r"([" + HAN + r"A-Za-z0-9()（）]{2,30}" + first_chars(COMPANY_SUFFIX) + COMPANY_SUFFIX + r")"
                     # 鲁泰恒通劳务有限公司的人: a registered name ends at 有限公司 whatever follows it
                     r"(?:(?<=有限公司)|(?![" + HAN + r"]{0,1}(?:里|头|上(?!班)|的人|门口|房|长|区|家|员|主)))")
EN_COMPANY = re.compile(r"((?:[A-Z][A-Za-z&'-]*\s+){1,6}(?:Co\.,?\s*Ltd\.?|Company(?: Limited)?|Ltd\.?|Limited|Inc\.?|"
                        r"Factory|Group|Restaurant|Hotel|Store|Shop|Trading|Logistics|Construction|Decoration|"
                        r"Studio|Cafe|Café|Bakery|Salon|Supermarket|Garment|Electronics|Services?|Kitchen|Bar|Inn|"
                        # a named branch or depot: Sunrun Delivery Chaoyang Station 3
                        r"Station|Depot|Warehouse|Centre|Center|Farm|Clinic|"
                        # couriers and hauliers by their trade word: Swift Eagle Delivery, Fenghua Express
                        r"Delivery|Express|Courier|Transport|Freight|Moving)(?:\s+(?:No\.\s*)?\d+)?)\b")
LEAD = re.compile(r"^(?:.*(?:包给了|交给了|给了|跟着|随着|跟随|本人系|我系|现系|均系|叫做|叫|是|名叫|名称|名字|全称|单位|公司名|厂名|店名|[:：]|在|跟|给|找|那个|这个|就是|我们|俺们|派(?!遣)|一个|一家|一户|没有|欠|替|帮|"
                  # 劳务公司为X, 酒楼喊做X (Hakka/Cantonese 叫), 总包X, 请问公司…
                  r"(?:公司|单位|厂|店|方)为|喊做|称为|名为|总包|甲方|开发商|业主|请问|问一下|问下|"
                  # 劳务合同与X签订, 入职X, 受雇于X
                  r"合同与|合同同|与|入职|就职|任职|受雇于|雇于|(?:换|改|变)成了?|换了|通过|经过|"
                  # 工资归保安公司发: whose pay it is, then the business
                  r"(?:工资|工钱|薪水|钱)(?:都|也|全)?归|"
                  # 前公司X, 原单位X, 以前的厂X: a former workplace, then its name
                  r"(?:前|原|老|之前的?|以前的?|上一家|上家)(?:公司|单位|厂|东家)))")
LEAD_WORD = re.compile(LEAD.pattern.replace("^(?:.*", "^(?:", 1))
GENERIC = re.compile(r"一个|一家|有个|有家|某个|某家|某|哪个|哪家|什么|啥|中介|人力|外包|那个|这个|那家|这家|我们|俺们|咱们|他们|我|俺|电子|纺织|家具|服装|五金|鞋|袜子|童装|"
                     r"塑胶|包装|建筑|装修|装饰|物流|快递|餐饮|火锅|奶茶|板|砖|水泥|保安|劳务|派遣|人力资源|"
                     r"外卖|美容|钢结构|餐厅|饭店|酒店|超市|客栈|民宿|宾馆|旅馆|农家乐|环卫|保洁|清洁|安保|"
                     # product and trade words: 织布厂, 加工厂, 家私厂, 铝材厂, 模具厂 describe a kind of workplace
                     r"织布|毛织|针织|制衣|制鞋|鞋业|加工|制品|机械|食品|玩具|印刷|塑料|陶瓷|家私|木器|铝材|模具|灯饰|纸箱|化工|汽配|"
                     r"配件|电器|箱包|眼镜|假发|石材|面馆|小吃|早餐|理发|洗车|汽修|"
                     # vehicles and their parts and dealers: 汽车零部件厂, 汽车4S店, 电动车店 describe a kind
                     r"汽车|摩托车|电动车|自行车|二手车|零部件|部件|零件|轮胎|4[Ss]|"
                     # a trade alone (贸易公司, 科技公司, 洗浴中心, 建设): a kind of business, not a name
                     r"贸易|科技|网络|信息|软件|电商|传媒|广告|文化|咨询|投资|教育|培训|房产|地产|保险|洗浴|足浴|按摩|鱼庄|建设|建工|基础|城市|新农村|"
                     r"小区|医院|学校|商场|写字楼|大楼|园区|村里|物业|农场|果园|快运|速运|快递|配送|外卖|物流|快送|闪送|优配|网点|营业点|"
                     r"实业|商贸|服饰|家政|养殖场|牧场|林场|"
                     r"茶场|采石场|砂场|煤矿|矿业|幼儿园|诊所|驾校|网吧|会所|美容院|发廊|车行|烧烤|茶楼|农庄|山庄|旅行社|养殖|"
                     r"小|大|的|工|公司|厂|店|馆|站|点|中心|饭|酒|家|里|头|上|在|叫|是|做|干")
GENERAL_CONTRACTOR = re.compile(r"(?:总包|甲方|开发商|建设单位|业主)\S{0,4}$")
def strip_lead(name: str) -> str:
    """Drop words before the name proper: 厂叫X → X, 就是那个X → X."""
    m = LEAD.match(name)
    return name[m.end():].lstrip("为是：:") if m else name


# 没得公司, 没有公司 (no firm at all); 医药费公司先垫了: money, then the firm as the subject of what follows
NOT_A_NAME = re.compile(r"^(?:没得|没有|不是)|^(?:没|无)(?=公司|厂|单位|店)|(?:费|款|钱)(?:公司|厂|单位|店)$")


def is_generic(name: str) -> bool:
    """一个电子厂, 装修公司, 武汉洪山区装修公司: no proper name in it."""
    if NOT_A_NAME.search(name):
        return True
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
# 干了一年多公司一直没签合同: a duration said before 公司 belongs to the clause, not to a name
DURATION_HEAD = re.compile(r"[\d一二两三四五六七八九十几半]+(?:个)?(?:年|月|天|礼拜|星期)(?:多|半)?")
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


MEASURE = set("间家个座所")
# a courier or delivery branch (迅邦快递仙林网点, 众骑配送惠济站, 速达优配碑林二站, 快送达瑶海站): a business by
# its trade word, a few characters of branch name, and 站/网点; never a 站长 or a 站点 said on its own
STATION = re.compile(r"([" + HAN + r"A-Za-z0-9]{0,8}?(?:快递|快运|速运|速递|配送|优配|快送|闪送|外卖|速达|物流|驿站)"
                     r"[" + HAN + r"0-9]{0,5}?(?:站|网点|营业点|分拣中心))(?![长点台])")
STATION_HINT = re.compile(r"站|网点|营业点|分拣中心")
LINE_END = re.compile(r"[\s。.,，!！]*(?:\n|$)")


def _matches(text: str) -> list[tuple[int, str]]:
    """Business-name candidates (start, span): legal and shop suffixes, then delivery branches not inside one."""
    out = [(m.start(), m.group(1)) for m in COMPANY.finditer(text)]
    if STATION_HINT.search(text):
        for m in STATION.finditer(text):
            if not any(s <= m.start() < s + len(w) or s < m.end() <= s + len(w) for s, w in out):
                out.append((m.start(), m.group(1)))
        out.sort()
    return out


def _whole_turn(text: str, start: int, name: str) -> bool:
    """A name that is a caller's whole turn (西宁雪域花园酒店。) is the name given, with its place."""
    return (start == 0 or text[start - 1] == "\n") and bool(LINE_END.match(text, start + len(name)))


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
    if not COMPANY_HINT.search(text) and not STATION_HINT.search(text):
        return tuple(out)
    for m_start, whole in _matches(text):
        legal_end = FIRST_LEGAL_END.search(whole)
        if legal_end and legal_end.end() < len(whole) and CLAUSE_AFTER.search(whole, legal_end.end()):
            whole = whole[:legal_end.end()]  # …集团有限公司欠我们公司: the name ends where the clause starts
        name = strip_lead(whole)
        if name != whole and LEGAL.search(name) and not place_prefix(name):
            name = _lead_inside(whole, name)
        if "了" in name and not LEGAL.search(name):
            name = name.rsplit("了", 1)[1]  # 辞职了酒店(不退): a verb and its 了 are not part of a name
        if name[:1] in MEASURE and is_generic(name[1:]):
            continue  # 间茶餐厅, 家酒店: a measure word (一 dropped, as in Cantonese) before a kind of business
        if name != whole and LEGAL.search(name) and place_prefix(whole) and not NAMING_BEFORE.search(whole):
            name = whole  # 天津好帮手家政服务有限公司: 帮 inside a legal name that starts with its place
        if "的" in name and not PROPER_MARK.search(name.rsplit("的", 1)[0]):
            name = name.rsplit("的", 1)[1]  # 中山小榄的五金厂 → 五金厂 (then generic)
        start = m_start + len(whole) - len(name)
        restart = place_restart(name)
        if restart and not is_generic(name[restart:]):
            # 西青区天津顺邦物流有限公司, 三亚吉阳区三亚椰风湾酒店: where the writer works, then the name
            name, start = name[restart:], start + restart
        elif SHOP_SUFFIX.search(name) and not NAMING_BEFORE.search(text[max(0, start - 3):start]):
            # 兰州城关区马记牛肉面馆: a shop is not registered under the place the writer puts before it. A
            # caller's whole turn is the name given (西宁雪域花园酒店), unless it opens with a city and then a
            # district (郑州金水区…): that run is where the shop is, as for legal names below.
            lead = place_prefix(name)
            runs = scan(name[:lead]) if lead else []
            where = len(runs) >= 2 and not runs[0].full and runs[-1].full
            if lead and not is_generic(name[lead:]) and (where or not _whole_turn(text, start, name)):
                name, start = name[lead:], start + lead
        if SHORT_TRADE.search(name) and (len(name) > 8 or any(ch in SHORT_TRADE_STOP for ch in name)):
            continue  # 明天一早就去把果园(港): a phrase, not a short trade name
        if BUILDER_END.search(name) and (ROLE_IN.search(name) or len(name) - place_prefix(name) <= 3):
            continue  # 包工头王建设, 李建工: a person's given name, not a short builder's name (云南鸿晟建设)
        op = max(name.rfind("("), name.rfind("（"))
        if op > 0 and ")" not in name[op:] and "）" not in name[op:]:
            name = name[:op]  # 晶晶家政服务有限公司（工资由家政公司发放: a note in brackets, not the name
            if not _RX0.search(name):
                continue
        d = DETERMINER_IN.search(name)
        if d and d.end() < len(name):
            name, start = name[d.end():], start + d.end()
        for k in INNER_KIND.finditer(name):
            # 一个陶瓷厂宜兴市陶乐源陶瓷有限公司: a kind of workplace described, then its legal name
            rest = name[k.end():]
            if rest and is_generic(name[:k.end()]) and not place_prefix(name) and LEGAL.search(rest) and not is_generic(rest):
                name, start = rest, start + k.end()
                break
        if SHORT_WORKS.fullmatch(name) and not NAMING_BEFORE.search(text[max(0, start - 2):start]) \
                and not BRANDED_WORKS.fullmatch(name):
            continue  # 注塑厂, 石才厂, 开预制板厂: a kind of works said in two or three words, not a name
        branch = BRANCH.match(text, start + len(name))
        if branch and LEGAL.search(name):
            name += branch.group()  # 芜湖迅邦快递服务有限公司鸠江分部: the branch the worker is at
        lead = place_prefix(name)
        if lead and LEGAL.search(name):
            runs = [m for m in scan(name[:lead])]
            if len(runs) >= 2 and not runs[0].full and runs[-1].full and not is_generic(name[lead:]):
                # 长沙芙蓉区湘渝坊餐饮有限公司: a bare city then a district is the writer's place, not part of
                # the registered name (which puts its region as 长沙市芙蓉区 or just 长沙)
                name, start = name[lead:], start + lead
        if NEGATED.search(text[max(0, start - 6):start]):
            continue  # 没有通过家政公司, 不是哪个公司: a business said not to be involved
        if ANAPHOR.search(name) or DURATION_HEAD.match(name) or CALLED_NEXT.match(text, start + len(name)):
            continue  # 该公司; 中介公司叫鑫源人力: a kind of business whose name follows
        if PHASE.match(text[start + len(name):start + len(name) + 8]):
            continue  # 仙鹤湖康养医院二期: a site by its phase, a project
        if is_generic(name) or _described(text, start, name):
            continue
        if (PRONOUN.search(name) or SPEECH.search(name) or PASSIVE.search(name)) and not LEGAL.search(name):
            continue  # 我就去他家把他店(砸了): a clause about a shop, not a shop's name
        if (GENERAL_CONTRACTOR.search(text[max(0, start - 8):start])
                or CONTRACTOR_AFTER.match(text, start + len(name))) and not keep_contractor:
            continue
        if BUILT_WORKS.match(text, start + len(name)) and not _RX20.search(name):
            continue  # 城南污水处理厂项目: a plant being built is a project, not the employer
        out.append((start, name))
    return tuple(out)


def _lead_inside(whole: str, name: str) -> str:
    """A registered name whose trade name holds a lead word (通过杭州好帮手家政服务有限公司 cut at 帮):
    when a lead word, then a place, comes shortly before the cut, the name starts at that place."""
    cut = len(whole) - len(name)
    for p in range(max(1, cut - 8), cut - 1):
        lead = LEAD.match(whole[:p])
        if not lead or lead.end() != p:
            continue
        runs = scan(whole[p:cut])
        gap = whole[p + runs[0].end:cut] if runs and runs[0].start == 0 else ""
        # 在霍尔果斯给霍尔果斯通达…: a lead word right after the place is where the name starts after all
        if 0 < len(gap) <= 3 and not PRONOUN.search(gap) and not LEAD_WORD.match(gap):
            return whole[p:]
    return name


BUILDER_END = re.compile(r"(?:建设|建工)$")
# 鑫达鞋厂, 宏发砖厂, 永兴纸箱厂: a two-character trade name (字号, from the characters firms pick for luck)
# before what the works makes is a named works, unlike 注塑厂 or 开预制板厂 which only say the kind
BRAND_CHAR = "鑫达华兴隆盛泰昌宏恒鸿源丰顺福祥瑞金利发辉永新宝安德信通佳美嘉合凯腾荣晟鼎富康旺益汇聚创志远升"
BRANDED_WORKS = re.compile(r"[" + BRAND_CHAR + r"]{2}(?:鞋|袜|服装|制衣|电子|五金|塑料|塑胶|家具|玩具|纺织|织布|印刷|包装|食品|"
                           r"陶瓷|机械|木器|模具|灯饰|纸箱|化工|汽配|配件|箱包|眼镜|石材|砖|水泥|木业|砂|线|布)厂")
SHORT_WORKS = re.compile(r"(?:开|办)?[" + HAN + r"]{1,3}厂")
BRANCH = re.compile(r"[" + HAN + r"]{1,6}?(?:分公司|分部|分店|分厂|营业部|办事处)")
SHORT_TRADE = re.compile(r"(?:建设|建工|装饰|物业|物流|农场|果园|快运|速运|实业|商贸|服饰|家政|养殖场|牧场|林场|茶场|采石场|砂场|煤矿|矿业|"
                         r"幼儿园|学校|医院|诊所|驾校|网吧|会所|美容院|发廊|车行|烧烤|火锅|茶楼|农庄|山庄|旅行社)$")
SHORT_TRADE_STOP = set("去把就要说了在我你他她们的是到从给跟帮替做干")
SHOP_SUFFIX = re.compile(r"(?:店|馆|酒楼|餐厅|饭店|饭庄|鱼庄|食府|酒家|茶楼|超市|商行|工作室|洗浴中心|足浴中心|浴场|站|网点|驿站|营业点)$")
NAMING_BEFORE = re.compile(r"叫|名|称|是|[:：]")
def place_prefix(name: str, least: int = 1) -> int:
    """Length of the place names (兰州城关区) a name starts with, 0 when it starts with fewer than least."""
    end = count = 0
    for m in scan(name):
        if m.start != end:
            break
        end, count = m.end, count + 1
    return end if count >= least else 0


FIRST_LEGAL_END = re.compile(r"有限(?:责任)?公司")
CLAUSE_AFTER = re.compile(r"[欠拖给说把让叫我你他她俺咱]")
NEGATED = re.compile(r"(?:没有|没|不是|并非|不通过|无)(?:通过|经过|找|跟|和|签)?(?:什么|哪个|任何)?$")
PRONOUN = re.compile(r"[我你他她俺咱]")
PASSIVE = re.compile(r"被|把")  # 钱被站点扣了, 把店门: a clause around a business word, not its name
SPEECH = re.compile(r"说|讲|告诉|问")  # 包工头说公司(交了保证金): a clause, not a name
INNER_KIND = re.compile(r"(?:厂|店|公司|单位|馆)(?=.)")
LEVEL = {"province": 0, "city": 1, "district": 2}


TOWN_GAP = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道|开发区|工业园区?|园区|产业园|经济区)")


def place_restart(name: str) -> int:
    """Where a second run of place names starts at the head of a name, or 0.

    A registered name opens with at most one run going down the tree (绵阳市涪城区锦程汽修). A county
    followed by a city or province again (正定县石家庄…, 沙坪坝区重庆…) is the writer's place, then the name.
    """
    g = gazetteer()
    end = cut = 0
    prev = None
    for m in scan(name):
        if m.start != end:
            # 惠山区洛社镇无锡市锦泓…: a town or zone after the county, then the name's own place again
            if prev is None or not TOWN_GAP.fullmatch(name, end, m.start):
                break
            prev = LEVEL["district"] + 1
        level = min(LEVEL[g.units[c].level] for c in m.codes)
        if prev is not None and level <= prev and level < LEVEL["district"]:
            cut = m.start
        prev, end = level, m.end
    return cut


def prefer_payer(found: list[tuple[int, str]], text: str) -> str:
    """Among businesses, the one that pays: a labour/dispatch firm, or one said to pay the wages."""
    for pos, name in reversed(found):
        if _RX9.search(name) or _RX10.search(text[pos:pos + len(name) + 12]):
            return name
    return found[-1][1]


CALLED_NEXT = re.compile(r"\s*(?:叫做|叫|名叫|名字叫|名称是)")
# 一家叫创想科技的公司: the name between 叫 and 的 + the kind of business
CALLED_THEN_KIND = re.compile(r"叫(?:做)?\s*([" + HAN + r"A-Za-z0-9]{2,10}?)的(?:公司|厂|店|餐馆|饭店|酒店|酒楼|工作室|超市|健身房|门店|物流|快递)")
SHOP_END = re.compile(r"(?:店|馆|健身房|厂|公司|超市|餐厅|工作室|饭店|酒楼|门店|铺子)$")
# 店叫茶语时光, 健身房叫力美健身: a business named without a legal suffix
# 一个餐馆当服务员 叫秦味坊: a kind of workplace, a few words on the work, then 叫 and its name
SHOP_THEN_CALLED = re.compile(r"(?:店|馆|公司|健身房|工作室|超市|餐厅|饭店|酒楼|门店|厂|客栈|民宿|农家乐|旅馆|茶楼|酒家|网点|营业点|快递站|驿站)([^，。,.;；!！?？\n叫]{1,8}?)\s*(?:叫做|叫|名叫)\s*"
                              r"([" + HAN + r"A-Za-z0-9]{2,10}?)(?=[\s,，。.;；!！?？]|$)")
SHOP_CALLED = re.compile(r"(?:店|馆|公司|健身房|工作室|超市|餐厅|饭店|酒楼|门店|铺子|店铺|店面|厂|客栈|民宿|农家乐|旅馆|茶楼|酒家|网点|营业点|快递站|驿站)(?:的)?(?:名字|名)?(?:叫做|叫|名叫|是)\s*"
                         r"([" + HAN + r"A-Za-z0-9]{2,10}?)(?=[\s,，。.;；!！?？]|$)")
# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(COMPANY_SUFFIX + "$")
_RX7 = re.compile(r"[" + HAN + r"]{2,8}?(?:省|市|区|县)")
_RX8 = re.compile(r"[()（）\s]")
_RX9 = re.compile(r"劳务|人力资源|派遣")
_RX10 = re.compile(r"工资是他们发|他们发工资|发工资")
_RX20 = re.compile(r"公司|集团|劳务|事务所")
NAME_CHARS = re.compile(r"[" + HAN + r"A-Za-z0-9()（）·&]{2,20}")
NOT_GIVEN = re.compile(r"不知道|不晓得|不清楚|记不|忘了|没有|没名|没啥|不记得|不懂")
ROLE_IN = re.compile(ROLE)
