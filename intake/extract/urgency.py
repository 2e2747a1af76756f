"""Urgency: workers gathering, blocking or sitting in, and threats of self-harm or revenge.

Only the writer's side doing it now, or firmly planning it, counts: acts by others, supposed,
over, asked about or called off do not (see _not_ours_now).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .fastre import compiled_fast as _fast

# The negations are checked after a match (NEG_BEFORE), not as look-behinds at every position of the text.
URGENT_ACT = _fast(
    r"(?:聚集|堵门|堵路|堵在|围堵|拉横幅|拉条幅|打横幅|挂横幅|举牌|举着牌|静坐|上访|罢工|集体讨薪|不肯走|不走了|别想走|守着|"
    r"跳楼(?!价|甩卖|大甩卖|清仓|打折)|跳下去|爬塔吊|自杀|不想活|活着没意思|活不下去|活不成|没法活|同归于尽|报复|砍死|喝药|喝农药|"
    r"寻死|轻生|想不开|做傻事|一了百了|死了算了|死在\S{0,6}(?:这|那|门口|工地|厂)|"
    # revenge and violence: 捅了他, 让他好看, 一把火烧了, 找他算账 (not a plan to settle the account)
    r"(?:捅|砍|弄|宰|杀)(?:了|死)?(?:他|她|老板|包工头|工头)|让(?:他|她|老板|包工头)\S{0,2}(?:好看|付出代价|吃不了兜着走)|"
    r"一把火|放(?:把|一把|了)?火|家破人亡|走绝路|寻短见|活路(?<=[没得有]活路)|活不起|"
    r"打死(?:他|她|老板|包工头|工头)|打断\S{0,3}腿|(?:弄|搞|整)不死|烧了(?:他|她|老板|包工头|厂|工地|公司|项目部)|炸了|带(?:着)?刀|动刀|汽油|"
    r"(?:跟|和|找)(?:他|她|老板|包工头|工头)\S{0,3}拼(?:命|了)|拼命(?!干|地|工作|加班|赶|挣)|拼了(?!命干|命地|老命干)|"
    # families: gathering somewhere (聚在/围在/坐在…门口), blocking (把路堵了, 堵住大门), climbing up high
    # (爬到塔吊上), and threats against oneself or others (跳河, 不活了, 一死了之).
    r"(?:聚|围|坐|守|蹲|躺|睡|跪|赖|待|呆)(?:在|到)\S{0,8}(?:门口|项目部|政府|工地上|厂里|办公室|售楼部|大门|楼下|老板家|人社局|劳动局|信访)|"
    r"围(?:住|着|了)\S{0,4}(?:老板|包工头|工头|经理|项目部|办公室|售楼部)|拦(?:住|着|下)\S{0,4}(?:车|老板|包工头|路)|"
    r"堵(?:住|了|上|着)?\S{0,3}(?:大门|门口|路口|马路|公路|厂门|老板)|把\S{0,10}(?:门|路|口|车|他|老板|包工头|经理|项目部|办公室|售楼部|工地|厂|公司|政府|楼)\S{0,2}(?:堵|封|围|拦)(?:了|住|上|死|到起|倒起|起来|着)|"
    # the workers lock the gate (a boss who locks up and leaves is not a protest): 工人们把工地大门锁了, 厂门被我们锁上了
    r"(?:我们|俺们|咱们|工人|工友|大家|大伙)\S{0,8}?把\S{0,6}(?:门|大门|厂门|工地|项目部|办公室)\S{0,2}锁(?:了|住|上)|"
    r"(?:门|大门|厂门|工地|项目部|办公室)(?:都|也|已经)?(?:被|给|让|叫)(?:我们|俺们|咱们|工人|工友|大家|大伙)(?:们)?(?:给)?锁(?:了|住|上)|"
    r"(?:门|门口|大门|路|路口|厂门|马路|公路|项目部|办公室|售楼部|工地)[^\s，。,]{0,3}(?:让|被|给|叫)[^\s，。,]{0,6}?(?:堵|封|围)(?:了|住|上|死|着|到起)|"
    # staying until someone shows or pays: 老板不出来我们就不走, 见不到钱就不离开 (anchored on the staying)
    r"(?:就|谁也)(?:一直)?(?:不走|不离开|不回去|不散)(?![吗么嘛])|"
    r"(?:爬|上|站|去|就在|正在|现在在)(?:到|上)?\S{0,4}(?:塔吊|楼顶|屋顶|天台|脚手架|吊车|高架|桥上|广告牌|烟囱)(?!\S{0,3}(?:干活|施工|做|防水|刷|装|铺|焊|作业))"
    # 塔吊司机, 吊车师傅: the machine names the worker's trade, not a place climbed
    r"(?!司机|工(?!地)|师傅|操作|证)|"
    r"(?:不给|不发|不结|拿不到|没拿到|不把)\S{0,2}(?:钱|工资|工钱|说法)\S{0,6}(?:就|都|谁也)?(?:不走|不下来|不回去|不回来|不离开|别想走)|"
    r"跳河|跳江|跳桥|跳海|跳湖|上吊(?!车)|割腕|烧炭|一死了之|不活了|死给\S{0,3}看|弄死|搞死|整死|拼了|"
    # self-harm said other ways: 活着真没意思, 大家都别活了, 喝了敌敌畏; revenge with a weapon or ruin for both:
    # 拿刀去你家, 提着斧头, 大不了一起完蛋, 鱼死网破
    r"活着\S{0,3}(?:没意思|没意义|没盼头|有什么意思|有啥意思|没劲)|(?:都|也|谁也|一起)别(?:想)?活了|活够了|没脸活|以死相逼|"
    r"(?:喝|吃|买|服|准备)(?:了|下|好)?\S{0,2}(?:农药|敌敌畏|百草枯|安眠药|老鼠药|毒药)|"
    # blocking a person or going to block: 去他家堵他, 明天去堵他工地; demanding pay at the gate now
    r"堵(?:住|着)?(?:他|她|老板|包工头|工头|经理)|去\S{0,4}堵|(?:今天|现在|正在|正|都在)\S{0,8}(?:门口|项目部|政府|售楼部|办公室)\S{0,3}(?:讨薪|讨说法|要说法|要钱|要工资|闹)|"
    r"(?:拿|提|操|揣|带|掏|磨)(?:着|上|起|了|好)?(?:把|一把)?(?:刀|菜刀|砍刀|斧头|铁棍|钢管|锤子)(?!切|削|工)|"
    r"(?:一起|一块|大家|同归)(?:完蛋|去死|玩完)|鱼死网破|玉石俱焚|血债|见血|"
    # property smashed or the family threatened: 把他车砸了, 砸了他的店, 他一家都别想好过
    r"把(?:他|她|老板|包工头|工头|经理)\S{0,4}(?:砸|烧|掀)(?:了|掉|烂)|砸(?:了|烂)?(?:他|她|老板|包工头|工头|经理)(?:的|家)?\S{0,2}(?:车|店|家|厂|门|窗|办公室)|"
    r"(?:别想|都别|不会让\S{0,3})好过|(?:全家|一家|家里人)\S{0,3}(?:别想|都别|遭殃|等着)|让(?:他|她|老板|包工头)\S{0,3}(?:不得好死|后悔一辈子)|"
    # poison bought or at hand: 药都买好了, 农药就在床底下; 不如喝了算了
    r"药\S{0,2}(?:买好|准备好|备好|都买了|已经买了)|不如(?:喝|吃|跳|死)(?:了|下去)?算了|"
    # banners, marches and sit-ins named by their object; blocking a gate, road or vehicle
    r"(?:拉|打|举|扯|拿|扛)(?:起|出|上|着|了){0,2}\S{0,3}(?:横幅|条幅)|挂(?:起|出|上|了){1,2}\S{0,3}(?:横幅|条幅)|"
    r"(?:横幅|条幅)\S{0,3}(?:拉|打|举|挂)(?:起|出|上)|游行|示威|打地铺|"
    r"封(?:了|住|锁)\S{0,3}(?:大门|门口|路口|厂门|工地|路)|拦(?:路|车)|"
    r"(?:门口|项目部|办公室|售楼部)\S{0,4}(?:不走|过夜|打地铺|睡下|住下)|"
    # a sit-in anywhere, said by staying put: 坐在车间里不走, 守在仓库不离开, 待在食堂就是不肯走
    r"(?:坐|守|蹲|躺|睡|赖|待|呆|留|耗)(?:在|着)\S{0,10}?(?:不走|不离开|不肯走|不肯离开|不愿走|不散)|"
    # the place first, then the blocking: 厂门口堵着呢, 大门给我们堵上了
    r"(?:门口|大门|路口|厂门|马路|公路)(?:都|也|已经|被|给)?(?:我们|工人|大家)?堵(?:着|住|了|上|死)|"
    # the place first, then the posture: 在厂门口坐着 (坐住), 在政府门口跪着
    r"在\S{0,8}(?:门口|项目部|政府|售楼部|办公室|大门)(?:坐|守|蹲|躺|睡|跪|围)(?:着|住|了|下)|"
    r"把\S{0,10}(?:围|堵|封)(?:起来|上了)|(?:横幅|条幅)(?:都|也|已经)?(?:拉|打|举|挂)(?:起来|出来|了|着))")
GATHERED = _fast(r"(?:都|全|一起|就)\s*在\S{0,6}(?:门口|项目部|政府|街道办|厂里|工地上|劳动局|人社局)"
                      r"|(?:现在|正|还|已经)\s*在\S{0,6}(?:门口|项目部|政府|街道办|劳动局|人社局)"
                      r"|(?:准备|打算|要|马上)\S{0,6}(?:一起)?去\S{0,6}(?:政府|街道办|劳动局|人社局|信访)"
                      # a group on its way now or at a set time: 现在就一起去区政府门口, 明天大家一起去项目部
                      r"|(?:现在|这就|马上|今天|今晚|明天|明早|后天|一会|等下|等会|待会|下午|上午|晚上|一早|下周[一二三四五六日天]?|周[一二三四五六日天])[^，。,.;；!！?？\n]{0,16}?(?:一起|一块儿?|都|全部|集体|大家|所有人|全班|全体|全组|全队|班组|工友|兄弟|我们|俺们|咱们|[0-9]+(?:多|来)?个人|[一二两三四五六七八九十几]+(?:多|来)?个人)[^\s去到上]{0,6}(?:去|到|上)\S{0,8}(?:政府|街道办|劳动局|人社局|信访|门口|项目部|售楼部|公司|老板家|总部)"
                      # a firm plan with a time, even by one worker, to go to a government gate or the boss's door
                      r"|(?:现在|这就|马上|今天|今晚|明天|明早|后天|一会|等下|等会|待会|一早)[^\s去到上]{0,8}(?:去|到|上)\S{0,8}?(?:政府|信访|售楼部|项目部门口|老板家|总部)"
                      # a plan fixed among the group: 人都约好了 一起去县政府, 大伙商量好了去人社局门口
                      r"|(?:约好|商量好|说好|定好|联系好|喊好)了?[^\s，。,.;；!！?？去到]{0,8}(?:去|到)\S{0,8}?(?:政府|街道办|劳动局|人社局|信访|售楼部|项目部|老板家|总部)"
                      # a group going to demand an answer: 全班去区政府讨说法, 大家一起去要个说法
                      r"|(?:一起|都|全部|集体|大家|所有人|全班|全体|工友们|兄弟们)[^\s去到]{0,6}(?:去|到)[^\s讨要]{0,10}(?:讨|要)(?:个)?说法"
                      r"|(?:几十|上百|[0-9一二两三四五六七八九十几百]+)(?:多|来)?(?:个|号|名)?(?:人|工人|工友|兄弟)\S{0,4}?(?:都|全|一起)?(?:在|到|去)\S{0,6}(?:门口|政府|街道办|劳动局|人社局|售楼部)")
NEG_BEFORE = re.compile(r"(?:不要|别|不能|不准|不许|以免|不想|不会|没有|不打算|不敢|并没|没想|不是要|不用|没必要|不至于|从没|也没|没|不去)"
                        # 不想跟别人去堵门, 不会和他们一起去: the company named between the negation and the act
                        r"(?:(?:跟|和|同|随)[^\s，。,!！?？]{1,4}?)?(?:去|要|再|会|打算|准备|想|想过|说|一起|都){0,2}$")
BYSTANDERS = re.compile(r"会员|顾客|客户|业主|家属")


@lru_cache(maxsize=16)
def urgent_signal(text: str) -> str | None:
    """Gathering, blocking, banners, or threats of self-harm or revenge: the matched phrase."""
    for m in URGENT_ACT.finditer(text):
        # 不会去堵门, 没打算去上访: a negation with a verb between it and the act
        # (没有活路 carries its own negation: the look-behind in the pattern already read it)
        if (m.group().startswith("活路") or not NEG_BEFORE.search(text[max(0, m.start() - 10):m.start()])) \
                and not _not_ours_now(text, m.start(), m.end()):
            return m.group()
    for g in GATHERED.finditer(text):
        if not BYSTANDERS.search(text[max(0, g.start() - 6):g.end()]) and not _not_ours_now(text, g.start(), g.end()):
            return g.group()
    return None


def _not_ours_now(text: str, start: int, end: int) -> bool:
    """The act is not the writer's side doing it now or firmly planning it: done by others (有人说要去堵门,
    业主拉横幅, 新闻里有人爬楼顶), supposed (要是敢去…), over (堵过一回), asked about (难道只能去堵门吗),
    or called off right after (班长给劝住了, 我们不会那样, 所以也不敢去)."""
    before = CLAUSE_SPLIT.split(text[max(0, start - 16):start])[-1]
    if NOT_US.search(before) or SUPPOSE_BEFORE.search(before + text[start:min(end, start + 3)]):
        return True
    rest = CLAUSE_SPLIT.split(text[end:end + 16])[0]
    if PAST_AFTER.match(text, end) or PAST_AFTER.search(rest[:6]) or QUESTION_END.search(rest):
        return True
    return bool(CALLED_OFF.search(text[end:end + 18]))


CLAUSE_SPLIT = re.compile(r"[，,。！？!?；;\n]|\s+")
# someone else (有个人, 隔壁工地的) or once before (上回, 以前): not the writer's side now
NOT_US = re.compile(r"别人|人家|新闻|听说|网上|视频|抖音|业主|顾客|客户|家属|会员|路人|有人|有个人|有个工人|隔壁|上回|上次|以前|之前|那回|那次")
SUPPOSE_BEFORE = re.compile(r"要是|如果|假如|(?<![\d一二两三四五六七八九十几百千])万一|若是|否则|不然|敢")
PAST_AFTER = re.compile(r"过(?!来|去|了头|不下去|日子)|了一(?:回|次|趟)")
QUESTION_END = re.compile(r"[吗么嘛][\s]*$|[?？]")
CALLED_OFF = re.compile(r"(?:压|按|摁|稳|劝|拦)(?:下来|下去|住|回去|回来)|(?:没|不)让(?:他们|她们|大家|工友们|兄弟们|年轻人|他|她)(?:再)?(?:去|过去)(?!\S{0,2}(?:出|进))|(?:我们|俺们|咱们|我|大家)(?:也)?不闹|劝\S{0,4}(?:别去|不要去|先别|别这样|算了)|劝住|劝下|劝回|拦下来|拦住了|不会(?:那么|这么|那样|这样)|不会去|没去成|没有去|不敢去|也不敢|没敢")
