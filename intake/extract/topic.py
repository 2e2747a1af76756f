"""What the text is about (wage arrears or another matter), the industry, and urgency."""

from __future__ import annotations

import re
from functools import lru_cache

WAGE_WORD = r"(?:工资|工钱|薪水|薪资|人工|加班费|血汗钱|工费|劳务费|辛苦钱|wages?|salary|pay)"
CLAIM = re.compile(
    r"欠(?:了|着|下)?(?:我|俺|咱|他|她|大家|工人|员工|工友)?(?:们)?(?:的)?\s*(?:RMB|rmb|¥|￥)?\s*(?:\S{0,6}" + WAGE_WORD + r"|钱|负|[\d一二两三四五六七八九十几百千万壹贰叁肆伍陆柒捌玖拾])"
    r"|拖欠(?!\S{0,2}(?:货款|工程款))|欠薪|" + WAGE_WORD + r"[^，。,.\s]{0,8}(?:没|不|未|拖|少|扣|克扣|只发|没有)(?:发|给|结|到|着落|拿|付|开)?"
    r"|一直拖|拖着|拖钱|拖了|还在拖|年后又年后|(?:老板|包工头|工头|老闆)\S{0,5}(?:跑路|跑了|卷钱|失联|找不到|躲着|躲起来|不接电话|拉黑)"
    r"|(?:还差|还欠|尚欠)(?:我|俺)?(?:们)?\s*[\d一二两三四五六七八九十几]"
    r"|(?:没|不|未|不肯|拒绝)(?:有)?(?:发|给|结|付)\S{0,3}(?:钱|" + WAGE_WORD + r")|(?:不给|没给|不发|没发)(?!(?:我|俺|咱)?们?[交缴报签办买上])|一分(?:钱)?(?:没|都没|也没)"
    r"|(?:钱|" + WAGE_WORD + r")\S{0,2}(?:还没|都没|没有|没)(?:拿到|到手|领到|结到)|没(?:拿到|领到|结到)\S{0,2}(?:钱|" + WAGE_WORD + r")"
    r"|扣(?:我|俺)?(?:们)?\S{0,2}" + WAGE_WORD + r"|结账|要工钱|讨薪|(?:not|never|hasn't|haven't|didn't)\s+(?:been\s+)?pa(?:id|y)|unpaid|owes?\s+(?:me|us)",
    re.I,
)
PAID_OK = re.compile(WAGE_WORD + r"(?:倒是|都|是|也)?(?:每个月)?(?:都)?(?:是)?(?:正常|按时)?(?:发了|结了|发的|照发|都发|发过)|不是欠钱|已经(?:发|结)了|工资是按时")
ASKING_ABOUT = re.compile(r"(?:投诉|举报|申诉|咨询|关于|问问?)\s*(?:拖欠|欠薪)")
TOPICS = (
    ("deposit", re.compile(r"押金|保证金")),
    ("loan", re.compile(r"借了?(?:我|俺)|借款|借钱|借的钱")),
    ("business_dispute", re.compile(r"货款|工程款纠纷|买卖|卖建材|供货|送货")),
    ("injury", re.compile(r"工伤|受伤|摔|骨折|压了|绞了|压断|砸|医药费|住院")),
    ("social_insurance", re.compile(r"社保|社会保险|养老保险|医保|公积金|social insurance")),
    ("contract", re.compile(r"劳动合同|签合同|双倍工资|二倍工资|辞退|开除|经济补偿|试用期|仲裁")),
    ("policy", re.compile(r"怎么|如何|哪里|能不能|吗|咨询|年假|请问|how|what|\?")),
)
INDUSTRY = (
    ("domestic", re.compile(r"保姆|月嫂|家政|育儿嫂|住家|护工|钟点工|雇主")),
    ("other", re.compile(r"煤矿|矿上|矿业|矿山|井下|棉花|花卉|种植|养殖|果园|农场|采摘|摘花|合作社|茶园")),
    ("construction", re.compile(r"工地|包工头|工头|装修|装饰|钢结构|钢筋|木工|泥水|瓦工|架子|模板|脚手架|塔吊|施工|项目部|"
                                r"修路|路桥|盖楼|盖房|修\S?房子|建房|建筑|管道|水电安装|安装工程|真石漆|外墙|油漆|安置房|标段|楼盘|construction|"
                                # building work named by its verb and object: 修了一年路, 盖厂房, 建了两栋楼
                                r"(?:修|盖|建|铺)了?\S{0,4}?(?:路|桥|楼|房|隧道|厂房)|改扩建|扩建|翻建|翻修|消防安装|消防工程|"
                                r"工程款|总包|分包|防水|刷墙|贴砖|吊顶|砌墙|打桩|土方|拆迁|renovation|building site", re.I)),
    ("logistics", re.compile(r"物流|快递|仓库|仓储|分拣|外卖|骑手|配送|货车|货运|司机|叉车|冷链|跑车|运输|分拨|delivery|courier|logistics|warehouse", re.I)),
    ("manufacturing", re.compile(r"厂|车间|工厂|制品|制造|电子|纺织|服装|加工|流水线|砖窑|零部件|factory|manufactur", re.I)),
    ("services", re.compile(r"饭店|餐馆|餐厅|餐饮|火锅|奶茶|酒店|宾馆|酒楼|保安|物业|保洁|清洁|环卫|美容|美发|理发|洗车|汽修|修车|"
                            r"医院|超市|商场|店|服务员|厨师|帮厨|文员|办公室|写字楼|前台|川菜馆|菜馆|restaurant|hotel|office|shop|trading|kitchen|cafe|waiter|waitress|cleaner|security guard", re.I)),
)
CONSTRUCTION_STRONG = re.compile(r"包工头|工地|项目部")
NEGATED = (r"(?<!不要)(?<!别)(?<!不能)(?<!不准)(?<!不许)(?<!千万不要)(?<!以免)(?<!不想)(?<!不会)(?<!没有)(?<!不打算)"
           r"(?<!不敢)(?<!并没)(?<!没想)(?<!不是要)")
URGENT_ACT = re.compile(
    NEGATED + r"(?:聚集|堵门|堵路|堵在|围堵|拉横幅|拉条幅|静坐|上访|不肯走|不走了|别想走|守着|跳楼|跳下去|爬塔吊|上塔吊|"
    r"楼顶|自杀|不想活|活着没意思|活不下去|同归于尽|拼命|报复|砍死|杀了|喝药|喝农药|寻死|轻生|点火|烧了|"
    # families: gathering somewhere (聚在/围在/坐在…门口), blocking (把路堵了, 堵住大门), climbing up high
    # (爬到塔吊上), and threats against oneself or others (跳河, 不活了, 一死了之).
    r"(?:聚|围|坐|守|蹲|躺|睡|跪)(?:在|到)\S{0,8}(?:门口|项目部|政府|工地上|厂里|办公室|售楼部|大门|楼下)|"
    r"堵(?:住|了|上)?\S{0,3}(?:大门|门口|路口|马路|公路|厂门)|把\S{0,10}(?:门|路|口)\S{0,2}堵(?:了|住|上)|"
    r"(?:爬|上|站)(?:到|上)?\S{0,3}(?:塔吊|楼顶|屋顶|脚手架|吊车|高架|桥上|广告牌|烟囱)|"
    r"跳河|跳江|跳桥|上吊|割腕|一死了之|不活了|死给\S{0,3}看|弄死|拼了)")
GATHERED = re.compile(r"(?:都|全|一起|就)\s*在\S{0,6}(?:门口|项目部|政府|街道办|厂里|工地上|劳动局|人社局)"
                      r"|(?:现在|正|还|已经)\s*在\S{0,6}(?:门口|项目部|政府|街道办|劳动局|人社局)"
                      r"|(?:准备|打算|要|马上)\S{0,6}(?:一起)?去\S{0,6}(?:政府|街道办|劳动局|人社局|信访)")
BYSTANDERS = re.compile(r"会员|顾客|客户|业主|家属")


def is_claim(text: str) -> bool:
    """The text reports wages owed to someone (not just asks about complaints in general)."""
    for m in CLAIM.finditer(text):
        if ASKING_ABOUT.search(text[max(0, m.start() - 4):m.end()]):
            continue
        if _RX1.match(m.group() + text[m.end():m.end() + 4]):
            continue
        return True
    return False


def topic(text: str) -> str:
    """wage_arrears, social_insurance, injury, contract, policy, business_dispute, loan, deposit or other."""
    if not text.strip():
        return "other"
    paid = bool(PAID_OK.search(text))
    claim = is_claim(PAID_OK.sub("", text)) and not paid or urgent_signal(text) and not paid
    others = [name for name, p in TOPICS if p.search(text)]
    strong = [t for t in others if t in ("deposit", "loan", "business_dispute")]
    own_wage = _RX0.search(text)
    if claim and strong and not own_wage:
        return strong[0]
    if claim:
        return "wage_arrears"
    return others[0] if others else "other"


def industry(text: str) -> tuple[str | None, str | None]:
    """The industry the text names, by the first table row that matches, with its evidence."""
    # The workplace named first wins (保安公司…服装押金 is services); the table order breaks ties, and
    # 包工头/工地 always make it construction (README).
    best = None
    for rank, (name, pattern) in enumerate(INDUSTRY):
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), rank, name, m.group())
    if best is None:
        return None, None
    strong = CONSTRUCTION_STRONG.search(text)
    if strong and best[2] not in ("construction", "domestic"):
        return "construction", strong.group()
    return best[2], best[3]


@lru_cache(maxsize=16)
def urgent_signal(text: str) -> str | None:
    """Gathering, blocking, banners, or threats of self-harm or revenge: the matched phrase."""
    m = URGENT_ACT.search(text)
    if m:
        return m.group()
    for g in GATHERED.finditer(text):
        if not BYSTANDERS.search(text[max(0, g.start() - 6):g.end()]):
            return g.group()
    return None


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"欠(?:了)?(?:我|俺)(?:们)?(?:的)?\S{0,4}" + WAGE_WORD)
_RX1 = re.compile(r"欠(?:了)?(?:我|俺)?(?:们)?\S{0,3}(?:货款|工程款|医药费|押金)")
