"""What the text is about (wage arrears or another matter) and the industry; urgency is in urgency.py."""

from __future__ import annotations

import re

from .fastre import compiled_fast as _fast
from .urgency import urgent_signal

WAGE_WORD = r"(?:工资|工钱|薪水|薪资|人工|加班费|血汗钱|工费|劳务费|辛苦钱|保姆费|月嫂费|护工费|工时费|提成|奖金|派件费|派送费|派费|揽件费|计件费|件钱|配送费|送餐费|跑单费|wages?|salary|pay)"
# 三个月的钱, 四十天的钱: money for a stretch of time worked is pay
PERIOD_PAY = r"[\d一二两三四五六七八九十几半俩仨]+(?:多)?个?(?:月|天|礼拜|星期|周)(?:的)?(?:钱|工钱)"
CLAIM = _fast(
    r"欠(?:了|着|下)?\s*(?:我|俺|咱|他|她|您|大家|工人|员工|工友|wo\b|me\b)?(?:们)?(?:的)?\s*(?:RMB|rmb|¥|￥)?\s*(?:[^，。,.;；!！?？\n]{0,22}?(?:" + WAGE_WORD + "|" + PERIOD_PAY + r")|钱|负|[\d一二两三四五六七八九十几百千万壹贰叁肆伍陆柒捌玖拾])"
    r"|拖欠(?!\S{0,2}(?:货款|工程款))|欠薪|欠(?:了)?[您你](?:们)?(?:多少|几)|" + WAGE_WORD + r"[^，。,.\s]{0,8}(?:没|不|未|拖|(?<!多)少|扣|克扣|只发|没有)(?:发|给|结|到|着落|拿|付|开)?"
    r"|一直拖|拖着|拖钱|拖了|还在拖|年后又年后|(?:老板|包工头|工头|老闆|\bbzt|\blb)\S{0,5}(?:跑路|跑了|卷钱|失联|找不到|躲着|躲起来|不接电话|拉黑|玩失踪|电话不接|人间蒸发|联系不上|关机)"
    r"|(?:还差|还欠|尚欠)(?:我|俺)?(?:们)?\s*[\d一二两三四五六七八九十几]"
    # 站点拖我15k了, 拖了俺们三个月工钱, 拖我钱: 拖 + whom + a sum, a stretch of months or the wages
    r"|拖(?:了|着)?(?:我|俺|咱)(?:们)?(?:的)?\s*(?:[\d一二两三四五六七八九十几半俩仨]|钱|" + WAGE_WORD + r")"
    # 剩下的到现在都没得着落, 尾款至今没影, 余下的一直没给: the rest of the pay never came
    r"|(?:剩下|剩余|余下|剩的|余款|尾款)(?:的|那)?(?:部分|些|点)?(?:钱|工钱)?[^，。,.;；!！?？\n]{0,6}?(?:没得|没有|没|未|不)(?:着落|下文|影子?|动静|音信|给|发|结|付|到账|打)"
    # 差我们十四万八, 还差我本人工钱两万: 差 + whom + a sum or wages (not 差不多, 差点)
    r"|差(?:了)?(?:我|俺|咱|大家|工人|工友)(?:们)?(?:本人|自己|个人)?(?:的)?\s*(?:[\d一二两三四五六七八九十几]|" + WAGE_WORD + r")"
    # 从去年八月份做起就没结过, 自三月开始一直没发: never paid since a start
    r"|(?:从|自)[^，。,.;；!！?？\s]{1,10}(?:起|开始|做起|干起|进场)\S{0,2}(?:就|一直|都|再|也)?(?:没|未|没有)(?:结|发|给|付)(?!(?:我|俺|咱|他|她)?们?[交缴报签办买上])过?"
    # paid only part of what was due: 应该发6200 只到账4100
    r"|(?:应该|应|本该|该)(?:发|给|结|拿)[^，。,.;；!！?？\n]{0,10}?(?:只|才)(?:到账|到手|发了?|给了?|结了?|打了?|转了?)\s*[\d一二两三四五六七八九十几]"
    # a payslip with less paid than due: 应发6800 实发才3100, 应得五千 实际到手三千
    r"|(?:应发|应该发|应付|应得|应拿)[^，。,.;；!！?？\n]{0,10}?(?:实发|实际发了?|实付|实际到手|实到|实领|实拿)(?:了)?(?:只有|只|才|就)?\s*[\d一二两三四五六七八九十几]"
    # wages held back until someone else pays: 三月份的工资要等甲方付了物业费才发
    r"|" + WAGE_WORD + r"\S{0,4}?(?:要|得|说)?等[^，。,.;；!！?？\s]{1,14}?(?:再|才)(?:发|给|结|付)(?![货票])"
    r"|(?:没|不|未|不肯|拒绝)(?:有)?(?:发|给|结|付)\S{0,3}(?:钱|" + WAGE_WORD + r")|(?:不给|没给|不发|没发)(?!(?:我|俺|咱)?们?(?:[交缴报签办买上]|转正|休假|请假|调岗|换岗|安排|(?:开|出|写|盖)(?!工资|工钱|支|资|饷|钱|粮)))|(?:一分|一毛|一角|一个子儿?|一个铜板|一个钢镚儿?|一文)(?:钱)?(?:都|也|还)?(?:没|未)|分文(?:未|没|不)(?:付|给|发|结|拿|见|到)"
    r"|(?:钱|" + WAGE_WORD + r")\S{0,2}(?:还没|都没|没有|没)(?:拿到|到手|领到|结到)|没(?:拿到|领到|结到)\S{0,2}(?:钱|" + WAGE_WORD + r")"
    r"|扣(?:我|俺)?(?:们)?\S{0,2}" + WAGE_WORD + r"|结账|要工钱|讨薪|"
    # northern and southern words for payday: 俩月没开支了, 三个月没开资, 没关饷, 冇出粮 (not paid)
    r"(?:没|未|不)(?:有)?(?:(?:开|关)过?(?:支|资|饷)|(?:发|出)过?(?:饷|粮))(?![出付持援])|开不(?:了|出)(?:支|资|饷)|"
    # passive (被欠, 被拖了三个月), withheld (压着两个月工资), can't get it (要不到钱), unpaid work (白干了),
    # IOUs and refusing to pay (打白条, 赖账), part paid (只发了一半, 少发), not arrived (一直没到账)
    r"被(?:拖欠|欠|拖|克扣|扣|压)|(?:压|押|扣)(?:着|了|住)?(?:我|俺)?(?:们)?\S{0,4}?" + WAGE_WORD + r"|"
    r"(?:要|讨|拿|领|结|追)不(?:到|回|来)\S{0,3}(?:钱|账|" + WAGE_WORD + r")|(?:钱|" + WAGE_WORD + r")\S{0,3}(?:要|讨|拿|领|结)不(?:到|回|出来)|白干|打白条|赖账|赖着不|不认账|耍赖|"
    r"只(?:发|给|结)了?(?:一半|一部分|生活费|几百|[\d一二两三四五六七八九十]+(?:百|千|块|元|成))|少(?:发|给|结)了|(?:没|未)(?:有)?到账|"
    r"(?:老板|包工头|工头|老闆|公司|厂里|项目部|班组长|雇主|东家)\S{0,4}欠(?:了|着)?(?:我|俺|咱|大家|工人|工友)|"
    # the boss pleads no money (老板说没钱), stalls (一直推, 一拖再拖), runs off with it (卷走), money not sent
    # (钱就是不打), IOUs not honoured (欠条), when will I get it (血汗钱什么时候能拿到), asking for it (讨工钱)
    r"(?:老板|包工头|工头|老闆|公司|厂里|他)\S{0,3}(?:说|推说|称|讲|总说|老说)\S{0,2}没钱|一拖再拖|一直推|推了\S{0,3}[天月年]|"
    r"卷(?:着)?(?:钱|款)|(?:钱|款)卷走|(?:钱|" + WAGE_WORD + r")\S{0,4}(?:就是|一直|始终|还是|迟迟)(?:不|没)(?:打|转|付|结|发|给|到)|"
    r"欠条|"
    # stalled with promises: 一直说下个月给, 说等甲方拨款再发, 答应年后结; work done then denied: 干完活不认了
    # paid only once something else happens: 她说菜卖了再给, 说等货发完了才结
    # 窑主说砖卖出去再给: completion words (出去, 掉, 下来) end the condition as 完/后 do
    r"(?:说|讲|答应)\S{0,8}?(?:了|完|后|以后|之后|回来|出来|出去|掉|下来|到手|到账)(?:再|才)(?:给|发|结|付)(?![货票])|"
    # 包工头至今未付, 到现在还没给: nothing paid up to now
    r"(?:至今|到现在|到今天|迄今)(?:都|也|还|一直)?(?:没有?|未|不)(?:结|给|发|付|支付)(?![货票款])|"
    r"(?:说|讲|答应|承诺|保证)\S{0,3}(?:下个月|下月|下周|过几天|过两天|年前|年后|年底|月底|月初|过完年|开春|秋后|节前|节后|等)\S{0,8}?(?:再|就|才|一定)?(?:给|发|结|付)(?![货票])|"
    r"等\S{0,8}(?:拨款|回款|结算|货款回来|款到|钱到|钱下来)\S{0,3}(?:再|才|就)?(?:发|给|结)|不认(?:了|人|账)|(?:我|俺|咱)(?:们)?(?:的)?(?:钱|" + WAGE_WORD + r")\S{0,4}什么时候(?:能|才能|才)?(?:拿到|要到|给|发|结|到)(?!\S{0,3}(?:合法|规定|正常))|讨(?:要)?(?:工钱|工资|血汗钱|薪水|辛苦钱)|"
    r"要(?:回)?(?:工资|血汗钱|辛苦钱)|(?:要|讨|拿|追|争取)回(?:来)?(?:欠)?(?:我|俺|咱)(?:们)?(?:的|那|那点)?\s*[\d一二两三四五六七八九十几]+(?:多)?[万千百块元kK]|refus\w*\s+to\s+pay|won't\s+pay|will\s+not\s+pay|did\s*n[o']t\s+pay|stopped\s+paying|"
    r"owed|owing|"
    # pinyin chat: lb bu fa gz, laoban qian wo gongzi, qian wo 6k8, gongzi mei fa
    r"\b(?:tuo)?qian\s*(?:le\s*)?(?:wo|women|an|anmen)?\s*(?:de\s*)?(?:gongzi|gz|gongqian|工资|\d)|"
    # qian wo liang ge yue gongzi: a few pinyin words (how long, how much) between whom and the wages
    r"\b(?:tuo)?qian\s+(?:le\s+)?(?:wo|women|an|anmen)\s+(?:[a-z]+\s+){1,4}?(?:gongzi|gongqian|gz|工资|工钱)\b|(?:\b(?:gz|gongzi|gongqian)|工资)\s*(?:hai\s*)?(?:mei|bu|meiyou)\s*(?:fa|gei|jie)\b|\b(?:bu|mei|meiyou)\s*(?:fa|gei|jie)\s*(?:gz|gongzi|gongqian)\b|"
    # an amount not paid: 两三万没结, 一万多一直不给, 三千块还没发
    r"(?<=[\d一二两三四五六七八九十几百千万块元钱多右])(?:都|也|还|一直|到现在)?(?:没有?|未|不)(?:结|给|发|付|拿到|领到|到手)(?![货票力展现生布])|withh[oe]ld|behind on (?:my |our )?(?:pay|wages|salary)|(?:not|never|hasn't|haven't|didn't)\s+(?:been\s+)?pa(?:id|y)|unpaid|owes?\s+(?:me|us)",
    re.I,
)
# 已经结了一部分, 工资发了一半, 发了三千: a part paid, not the wages settled
PART_PAID = r"(?!一部分|部分|一半|一点|点|一些|些|[\d一二两三四五六七八九十几])"
PAID_OK = _fast(WAGE_WORD + r"(?:倒是|都|是|也|一直)?(?<![没不未有])(?:按时|按月|准时|正常)(?:发|给|结|到账)|" + WAGE_WORD + r"(?:倒是|都|是|也)?(?:每个月)?(?:都)?(?:是)?(?:正常|按时)?(?:(?:发了|结了)" + PART_PAID + r"|发的|照发|都发|发过)|不是欠钱|已经(?:发|结)了" + PART_PAID + r"|工资是按时|" + WAGE_WORD + r"[^，。,.\s没不未]{0,8}?(?:垫着|垫付|先垫)\S{0,2}(?:发了|发过|结了|付了|发完|结完|付完|发清|结清)"
                     # 不是工资，我是房东: wages said outright not to be what is owed
                     r"|不是(?:欠)?(?:工资|工钱)(?=[，,。.!！\s])"
                     # paid on time or settled since: 厂里每个月都按时发的, 钱已经全部打过来了, 一分不少
                     r"|(?:每个月|每月|一直|都)\S{0,2}(?<![没不未有])(?:按时|按月|准时|正常)(?:发|给|结|到账)|一分(?:钱)?(?:都|也)?(?:没|不)欠|(?:钱|工资|工钱|薪水)\S{0,6}(?:已经|都已|已)\S{0,3}(?:打过来|转过来|到账|发下来|结清|付清|拿到)|一分不少|(?:这个)?事(?:情)?\S{0,2}可以结了"
                     # paid by someone named between: 工人工资我们自己先发了, 工资公司已经结了
                     r"|" + WAGE_WORD + r"(?:我们|俺们|公司|老板|厂里|项目部)(?:自己)?(?:先|已经|都|早就?)(?:给(?:我|俺)(?:们)?)?(?:垫)?(?:发了|发过|结了|付了|结清了|付清了)" + PART_PAID +
                     # settled since: 老板昨天已经把钱都打给我了, 不用再处理了
                     r"|已经?把\S{0,2}(?:钱|工资|工钱|薪水|欠款)\S{0,2}(?:都|全|全部)?(?:打|转|发|结|付|还)(?:给|到)?(?:我|俺)?(?:们)?(?:了|清)|不用再?(?:处理|管|跟进)了"
                     # 把欠我的一万二全打过来了, 事情解决了: the arrears paid since, the matter closed
                     r"|把欠(?:我|俺|咱)(?:们)?的\S{0,6}?(?:都|全|全部)(?:打|转|发|结|付|还|给)(?:过来|给我|清|完)?了|(?:事情|问题|事儿|这事)(?:已经|都|总算|终于)?(?:解决|处理好|搞定)了(?![吗么没嘛])"
                     # arrears denied: 工资倒是没欠, 工资没有拖, 没欠我工资, 不欠工资, 工资结清了
                     r"|" + WAGE_WORD + r"(?:倒是|都|也|是|并|从来)?(?:没有?|不|没)(?:拖欠|欠|拖|少)(?!\S{0,2}(?:多少|几个|多久))"
                     r"|(?:没有?|不)(?:拖)?欠(?:我|俺)?(?:们)?(?:的)?" + WAGE_WORD + r"|" + WAGE_WORD +
                     # 工资结清了 is settled; 工资未结清, 还没有付清 are still owed
                     r"\S{0,3}(?<![没未不])(?<!没有)(?:结清|付清|发清|结完|发完)了?")
# Wages owed for some months although others were paid: 三月四月的发了 五月六月的没发. Such a claim stands
# even when a PAID_OK phrase is in the text.
OWED_PART = _fast(r"(?:月|月份|天|周)(?:的)?(?:工资|工钱|钱)?(?:都|也|还|一直|到现在)?(?:没有?|未|不)(?:发|给|结|付|到账)"
                       r"|(?:剩下|剩余|余下|其余|余款|尾款|后面)\S{0,4}(?:没有?|未|不|一直)\S{0,2}(?:发|给|结|付)"
                       # 都按月发 … 从去年六月开始就一分没发过: paid until a month, unpaid since
                       r"|(?:月|月份)(?:开始|起)\S{0,4}(?:没有?|未|不)(?:发|给|结|付)")
# 欠工资要去哪里投诉, 欠薪的话找哪个部门, 被拖欠工资是找你们还是劳动局: the arrears are what a question about
# where to turn is about, not a report; the phrase is read out and the rest of the text must claim on its own
ASK_WHERE = _fast(r"(?:被)?(?:拖欠|欠|拖)(?:了)?(?:工资|工钱|薪水|薪资|薪)(?:的话|了|的)?\s*(?:是|要|应该|该|可以|能|需要|一般)?\s*"
                  r"(?:去|找|打|向|到)?(?:哪里|哪儿|哪个部门|哪个单位|哪些部门|什么部门|什么地方|谁|你们还是|劳动局还是)"
                  # 被欠工资是打12333还是打12345, 欠薪找劳动局还是法院: which of two places to turn to
                  r"|(?:被)?(?:拖欠|欠|拖)(?:了)?(?:工资|工钱|薪水|薪资|薪)(?:的话|了|的)?\s*(?:是|要|应该|该|可以|能|需要|一般)?\s*(?:去|找|打|向|到)[^，。,.;；!！?？\s]{1,8}还是")
ASKING_ABOUT = re.compile(r"(?:投诉|举报|申诉|咨询|关于|问问?)\s*(?:拖欠|欠薪)")
TOPICS = (
    ("deposit", _fast(r"押金|保证金")),
    ("loan", _fast(r"借了?(?:我|俺)|借给|借款|借钱|借的钱")),
    ("business_dispute", _fast(r"货款|工程款纠纷|买卖|卖建材|供货|送货")),
    ("injury", _fast(r"工伤|受伤|摔|骨折|压了|绞了|压断|砸|医药费|住院")),
    ("social_insurance", _fast(r"社保|社会保险|养老保险|医保|公积金|social insurance")),
    ("contract", _fast(r"劳动合同|离职证明|离职手续|收入证明|工作证明|签合同|双倍工资|二倍工资|辞退|开除|经济补偿|试用期|仲裁")),
    ("policy", _fast(r"怎么|如何|哪里|能不能|吗|咨询|年假|请问|how|what|\?")),
)
INDUSTRY = (
    ("domestic", _fast(r"保姆|月嫂|家政|育儿嫂|住家|护工|钟点工|雇主")),
    ("other", _fast(r"煤矿|矿上|矿业|矿山|井下|棉花|花卉|种植|养殖|果园|农场|采摘|摘花|合作社|茶园|"
                       # farm, plantation, forestry and fishing work: 香蕉基地 砍香蕉, 大棚, 采茶, 割胶, 猪场
                       r"(?:香蕉|水果|蔬菜|果蔬|农业|苗木|茶叶|甘蔗)基地|砍香蕉|砍甘蔗|摘果|摘橘|摘苹果|采茶|割胶|大棚|农活|种地|种田|"
                       r"收割|伐木|捕鱼|渔船|养猪|养鸡|猪场|鸡场|林场|\bnongchang\b|\bguoyuan\b|"
                       # livestock and crops by the animal or produce: 养牛场 喂牛, 放羊, 摘番茄, 摘辣椒
                       r"养[\u4e00-\u9fff]?场|[牛羊猪鸡鸭鹅]场|喂[牛羊猪鸡鸭鹅]|放[牛羊]|摘(?!除|掉|下|要|了)[\u4e00-\u9fff]", re.I)),
    ("construction", _fast(r"工地|包工头|工头|装修|装饰|钢结构|钢筋|木工|泥水|瓦工|架子|模板|脚手架|塔吊|施工|项目部|"
                                r"修路|路桥(?!区)|盖楼|盖房|厂房(?!里|内|上班|车间)|修\S?房子|建房|建筑|管道|水电安装|安装工程|真石漆|外墙|油漆|安置房|标段|楼盘|construction|"
                                # building work named by its verb and object: 修了一年路, 盖厂房, 建了两栋楼
                                r"(?<![福创])(?:修|盖|铺)了?[^\s，。,]{0,3}?(?:路|桥|楼|房子|隧道|厂房)|建了\S{0,3}?(?:路|桥|楼|房子)|"
                                # a building put up, named by what it will be: 修学校, 盖医院, 建酒店 (not 修车厂)
                                r"(?<![福创维])(?:修|盖|建)(?:了|的是)?(?:一[个所座家栋])?(?:学校|医院|酒店|宾馆|商场|体育馆|图书馆|幼儿园|养老院|车站|写字楼|办公楼|教学楼)|改扩建|扩建|翻建|翻修|消防安装|消防工程|"
                                r"工程款|总包|分包|防水|刷墙|贴砖|吊顶|砌墙|打桩|土方|拆迁|renovation|building site|"
                                # floors and tiles laid: 铺地砖, 贴瓷砖, 铺木地板
                                r"(?:铺|贴)\S{0,2}?(?:地砖|瓷砖|墙砖|地板|石材)|"
                                # a named works (…新建工程, 道路工程), site roles and trades, civil works
                                r"工程(?!师|学|款纠纷)|新建|项目经理|施工员|砌筑|二次结构|泥工|幕墙|地坪|市政|管网|公路|高速路|铁路|桥梁|地铁|"
                                r"(?:做|干|搞)(?:了)?(?:水电|外墙|腻子|钢筋|模板|防水|幕墙)|水电工|钢筋工|腻子|园林|绿化|\b(?:gongdi|baogongtou|zhuangxiu)\b|construction site|road works", re.I)),
    ("logistics", _fast(r"物流|快递|仓库|仓储|分拣|外卖|骑手|配送|货车|货运|司机|叉车|冷链|冷库|搬货|装卸|跑车|运输|渣土车|泥头车|自卸车|拉渣土|运渣土|拉土方|分拨|半挂|挂车|车队|拉货|开大车|delivery|courier|logistics|warehouse", re.I)),
    # 电子商务 is online selling, not electronics; 做灯具的, 生产纸箱的: what the works makes
    ("manufacturing", _fast(r"厂|\b(?:gongchang|chejian)\b|车间|工厂|制品|制造|电子(?!商务|商城|支付|邮件|竞技)|纺织|"
                                 r"(?:做|生产|加工)(?:灯具|灯饰|服装|鞋子?|玩具|电子产品|五金|塑料|纸箱|包装|陶瓷|箱包|眼镜|配件|零件|零部件|模具|家具)(?:的|产品)|服装(?!押金|费|钱)|制衣|缝纫|车缝|绣花|印染|加工|流水线|砖窑|零部件|factory|manufactur|"
                                 # pinyin chat: fuzhuang chang, dianzi chang (a factory by what it makes)
                                 r"\b(?:fuzhuang|dianzi|jiaju|fangzhi|wanju|shipin|jixie|wujin|suliao|zhiyi|jiagong|muju|taoci|"
                                 # the same products as the Chinese trade words: qipei chang (汽配厂), xieye, yinshua…
                                 r"qipei|peijian|lingjian|xieye|zhixie|xiezi|yinshua|baozhuang|zhixiang|maozhi|zhenzhi|zhibu|"
                                 r"dianqi|dianchi|boli|gangtie|zhuzao|shuini|huagong|pige|dengju|dengshi|jiaju|xiangbao|yanjing)\s*chang\b|"
                                 # a business named by what it makes: 食品有限公司, 汽车配件公司, 服饰有限公司
                                 r"(?:食品|服饰|五金|机械|陶瓷|塑料|塑胶|模具|家具|化工|玩具|皮革|鞋业|配件|汽配|制衣|针织|毛织|包装|印刷|纸业|"
                                 r"钢铁|铸造|锻造)(?:制品|制造|科技|实业|工业)?(?:股份|集团)?(?:有限)?(?:责任)?公司", re.I)),
    ("services", _fast(r"饭店|餐馆|餐厅|餐饮|火锅|奶茶|酒店|宾馆|酒楼|茶楼|酒家|点心|客栈|民宿|农家乐|旅馆|保安|物业|保洁|清洁|环卫|美容|美发|理发|洗车|汽修|修车|"
                            r"医院|超市|商场|服务员|厨师|帮厨|文员|写字楼|"
                            # an office as the workplace (在办公室上班), not one surrounded or visited
                            r"办公室(?:文员|职员|助理|上班|工作|坐班)|在\S{0,6}?办公室里?(?:上班|工作|做|干|当|坐班)|前台|川菜馆|菜馆|(?:汽车|车辆|家电|手机|电脑)维修|"
                            # eating places, office and creative work, teaching, care and leisure
                            r"[面饭茶酒粉菜肉]馆|面店|小吃|烧烤|快餐|食堂|咖啡|甜品|烘焙|面包店|蛋糕店|奶茶店|茶饮|拉面|后厨|早餐|广告|设计|传媒|文化传播|摄影|影像|修图|工作室|"
                            r"教育|培训|辅导|补习|托管|学校|老师|驾校|教练|诊所|药店|养老院|敬老院|健身|网吧|足浴|按摩|会所|洗浴|酒吧|KTV|"
                            r"客服|销售|中介|直播|主播|置业顾问|售楼(?:处|部)?的?(?:销售|顾问|员)|(?:做|当|干)(?:行政|人事|会计|财务|出纳)|"
                            r"\b(?:fanguan|fandian|canting|canguan|jiudian|huoguo|naicha)\b|restaurant|hotel|office|shop|trading|kitchen|cafe|waiter|waitress|cleaner|security guard|"
                            r"teach|tutor|training|school|educat|consult|design|advertis|studio|salon|clinic|hospital", re.I)),
)
BUILT_AFTER = re.compile(r"(?:的)?项目(?!助理|主管|专员|经理)|[^，。,.;；!！?？\s]{0,6}?(?:项目(?!助理|主管|专员|经理)|改扩建|扩建|新建|改建|翻建|翻修|装修|装饰|施工|工程(?!师)|工地|主体|封顶|做防水|刷墙|贴砖|盖(?:了)?[^，。,.;；!！?？\s]{0,6}?(?:楼|房))")
SHOP_AFTER = re.compile(r"(?:专卖|零售|批发)?(?:店|门店|专柜|柜台)")
WEAK_SHOP = re.compile(r"店(?![口镇村乡区县街])|shop", re.I)  # 小店区, 大王店镇: a place, not a shop
CONSTRUCTION_STRONG = re.compile(r"包工头|工地|项目部|标段|安置房|脚手架|塔吊")


def is_claim(text: str) -> bool:
    """The text reports wages owed to someone (not just asks about complaints in general)."""
    for m in CLAIM.finditer(text):
        if ASKING_ABOUT.search(text[max(0, m.start() - 4):m.end()]):
            continue
        cue = m.start() + (_RX4.search(m.group(), 1) or m).start()  # 工资最晚可以拖到: the cue inside
        if _a_not_a(text, cue):
            continue
        if SUPPOSED.search(text[max(0, m.start() - 12):m.start()]) or cue > m.start() and SUPPOSED.search(text[max(0, cue - 12):cue]):
            continue  # 不然扣一个月工资, 要是不给钱, 工资可以拖到几号: a supposition, nothing has happened yet
        if "扣" in m.group() and STATUTORY.match(text, m.end()):
            continue  # 工资条上扣了个人部分: the social insurance share, a statutory deduction
        said = m.group() + text[m.end():m.end() + 4]
        if _RX1.match(said, max(said.find("欠"), 0)):  # 欠我们工程款, 公司拖欠我们货款: not wages
            continue
        # 医药费一直不给, 补偿金不给, 社保没给交: a refusal about other money, with no wage word near it
        near = text[max(0, m.start() - 12):m.end() + 6]
        if OTHER_MONEY.search(near) and not _RX2.search(near.replace(OTHER_MONEY.search(near).group(), "")):
            continue
        return True
    return False


def _a_not_a(text: str, i: int) -> bool:
    """The 不/没 at i sits in a yes/no question (是不是, 发没发, 给不给): it asks, it does not deny."""
    return text[i:i + 1] in ("不", "没") and i > 0 and text[i - 1] == text[i + 1:i + 2]


# 现在还没拖, 从来没欠过, 不拖: owing denied, not a cue
NOT_YET = re.compile(r"(?:没|没有|不|未|从没|还没|并没|也没)$")


def weak_claim(text: str) -> bool:
    """Wages owed said in words no fixed phrase lists: an owing cue close to a wage word in the same
    sentence (拖工钱, 就想拿回工资, 人工冇发, wages … still outstanding), or 欠 + whom + a sum of money
    (欠我们水电班6个人 每人九千). A cue in a supposition (不然扣一个月工资) or about other money is no claim."""
    for m in OWE_CUE.finditer(text):
        if SUPPOSED.search(text[max(0, m.start() - 12):m.start()]) or ASKING_ABOUT.search(text[max(0, m.start() - 6):m.end() + 2]) \
                or _a_not_a(text, m.start()) or m.group()[0] in "欠拖" and NOT_YET.search(text, max(0, m.start() - 3), m.start()):
            continue
        wide = 60 if m.group()[0].isascii() else 14
        s0, s1 = max(0, m.start() - wide), m.end() + wide
        cut = SENTENCE_END.search(text[m.end():s1])
        if cut:
            s1 = m.end() + cut.start()
        head = SENTENCE_END.split(text[s0:m.start()])[-1]
        window = head + m.group() + text[m.end():s1]
        wage = WAGE_CUE.search(window)
        if wage and not (OTHER_MONEY.search(window) and OTHER_MONEY.search(window).start() < wage.start()
                         and not WAGE_CUE.search(window, OTHER_MONEY.search(window).end())):
            return True
        if m.group().startswith("欠") and OWED_SUM.match(text, m.end()) and not OTHER_MONEY.search(window):
            return True
    return False


def topic(text: str, presumed: bool = False) -> str:
    """wage_arrears, social_insurance, injury, contract, policy, business_dispute, loan, deposit or other.

    presumed: a hotline operator asked about the arrears as a given and the caller answered (transcript).
    """
    if not text.strip() or ADVERT.search(text):
        return "other"
    # 二倍工资, 经济补偿金: contract money is not wages owed, so it is read out before looking for a claim
    text_c = CONTRACT_MONEY.sub("补偿", text) if CONTRACT_MONEY.search(text) else text
    paid = bool(PAID_OK.search(text_c))
    unpaid_text = PAID_OK.sub("", text_c)
    if ASK_WHERE.search(unpaid_text):
        unpaid_text = ASK_WHERE.sub("", unpaid_text)
    owed_part = paid and OWED_PART.search(unpaid_text)
    # 说是货款收不回来: another debt given as the boss's excuse is not what the complaint is about
    told = EXCUSE.sub("", text) if EXCUSE.search(text) else text
    others = [name for name, p in TOPICS if p.search(told)]
    # 农民工工资被拖欠是打12333还是12345: a question about arrears in general, nobody's own case
    if (GENERAL_ASK.search(text) or GENERAL_RULE_ASK.search(text)) and QUESTION.search(text) and not FIRST_PERSON.search(text):
        return "policy"
    # a gathering or a threat makes a claim only when nothing else (社保, 工伤…) is what the text is about
    claim = (is_claim(unpaid_text) or weak_claim(unpaid_text)) and (not paid or owed_part) \
        or urgent_signal(text) and not paid and not [t for t in others if t != "policy"]
    strong = [t for t in others if t in ("deposit", "loan", "business_dispute")]
    own_wage = _RX0.search(text) or _RX3.search(text)
    # 工程款还差一百二十万没结, 项目部欠我菜钱: the money owed is for works or goods and wages are never
    # named (or only as paid): a dispute between businesses, not wage arrears (README).
    if claim and NONWAGE_OWED.search(text) and not WAGE_NAMED.search(unpaid_text):
        return "business_dispute"
    # 砸到脚了 老板只给了两千块让我回家养着: an injury where no wage word is ever said; the money is not wages
    if claim and "injury" in others and not WAGE_CUE.search(text) and "欠" not in text and not urgent_signal(text):
        return "injury"
    if claim and strong and not own_wage:
        return strong[0]
    if claim:
        return "wage_arrears"
    if presumed and not paid and not [t for t in others if t != "policy"]:
        return "wage_arrears"
    return others[0] if others else "other"


def industry(text: str) -> tuple[str | None, str | None]:
    """The industry the text names, by the first table row that matches, with its evidence."""
    # The workplace named first wins (保安公司…服装押金 is services); the table order breaks ties, and
    # 包工头/工地 always make it construction (README).
    if ADVERT.search(text):
        return None, None
    best = None
    for rank, (name, pattern) in enumerate(INDUSTRY):
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), rank, name, m.group())
    if best is None:
        # A bare 店 is weak (店口, 大王店 are places): a shop only when nothing else names the work.
        m = WEAK_SHOP.search(text)
        return ("services", m.group()) if m else (None, None)
    strong = CONSTRUCTION_STRONG.search(text)
    if strong and best[2] not in ("construction", "domestic"):
        return "construction", strong.group()
    # 服装店, 家具专卖店: a shop selling what factories make is a shop
    if best[2] == "manufacturing" and SHOP_AFTER.match(text, best[0] + len(best[3])):
        best = (best[0], best[1], "services", best[3] + SHOP_AFTER.match(text, best[0] + len(best[3])).group())
    # 学校改扩建, 给酒店做装修, 厂房新建工程: the workplace named is what is being built.
    if best[2] in ("services", "manufacturing"):
        built = BUILT_AFTER.match(text, best[0] + len(best[3]))
        if built:
            return "construction", best[3] + built.group()
    return best[2], best[3]


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"(?:欠(?:了)?(?:我|俺)(?:们)?(?:的)?|被(?:拖欠|欠|拖|克扣))\S{0,4}" + WAGE_WORD)
# wages themselves not paid (从去年11月起就没结过工资): the claim stands when 货款 is only the boss's excuse
# 我四月份的工资五千三没拿到: the writer's own wages not received stand beside others' 货款 (suppliers at the gate)
_RX3 = re.compile(r"(?:没|未|不)(?:有)?(?:发|给|结|付)过?\S{0,2}" + WAGE_WORD + "|" + WAGE_WORD +
                  r"\S{0,4}(?:都|也|还|一直)?(?:没|未)(?:有)?(?:发|给|结|付|拿到|领到|到手|到账)")
# advertising spam (清仓跳楼价, 老板跑路 甩卖, 退订回T): never a complaint
ADVERT_WORD = re.compile(r"退订|回T\b|清仓|甩卖|[一二三四五]折|全场|仅限今天|限时|直销|特价|促销|包邮|领券")


class _Advert:
    """An advert has at least two of its marks (清仓 and 全场一折, 甩卖 and 退订); a worker may quote one."""

    @staticmethod
    def search(text: str) -> bool:
        return len({m.group() for m in ADVERT_WORD.finditer(text)}) >= 2


ADVERT = _Advert()
_RX2 = re.compile(WAGE_WORD + r"|钱|[\d一二两三四五六七八九十]+(?:个)?月")
CONTRACT_MONEY = _fast(r"(?:二倍|双倍|两倍)(?:的)?" + WAGE_WORD + r"(?:差额)?|经济补偿金?|补偿金|赔偿金|违约金|遣散费")
OTHER_MONEY = _fast(r"医药费|医疗费|住院费|赔偿|补偿|押金|保证金|社保|保险|公积金|工程款|货款|材料款|报销|路费|车费|借款|"
                         r"二倍|双倍|罚款|合同")
_RX1 = re.compile(r"欠(?:了)?(?:我|俺)?(?:们)?\S{0,3}(?:货款|工程款|医药费|押金)")
# Owing cues and wage words for weak_claim; a sentence ends at 。！？ or a line break (not at a comma).
OWE_CUE = _fast(r"欠|拖(?![鞋把车地拉延])|(?:没|未|不|冇)(?:有)?(?:发|给|结|付|出|开|到账)(?!(?:我|俺|咱|他|她)?们?[交缴报签办买上])|(?:没|未)(?:拿到|领到|到手|着落)|"
                r"(?:拿|要|讨|追)回|(?:拿|要|讨|领)不(?:到|回)|跑了|跑路|卷(?:着|了)?(?:钱|款)|"
                r"outstanding|unpaid|owed|owes?\b|overdue|not\s+(?:yet\s+|been\s+)*paid|withh[oe]ld|in\s+arrears", re.I)
WAGE_CUE = re.compile(WAGE_WORD + "|" + PERIOD_PAY + r"|出粮|粮|工钱|人工|辛苦费|(?:我|俺|咱)(?:们)?的钱|wage|salar|\bpay\b|paycheck", re.I)
WAGE_NAMED = re.compile(r"工资|工钱|薪水|薪资|人工费?|血汗钱|辛苦钱|劳务费|wage|salar", re.I)
SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")
# 欠我们水电班6个人 每人九千, 欠俺两个一万多: whom, then a sum of money close after
OWED_SUM = re.compile(r"(?:了|着)?(?:我|俺|咱|他|她|大家|工人|工友|员工)(?:们)?[^。！？!?\n]{0,12}?"
                      r"(?:每人|每个人|一人|一个人|人均)?[\d一二两三四五六七八九十几百千万.]+(?:万|千|百|块|元|k\b)")
EXCUSE = re.compile(r"(?:说是|说|因为|理由是|借口|推说)\S{0,4}(?:货款|工程款|材料款|款子?)\S{0,3}(?:收不回来|要不回来|没回来|没到|没下来|没结|没收回|回来|下来|到账|到位|收回来|结了)")
GENERAL_ASK = re.compile(r"^(?:请问|问一下|问下)?\s*(?:农民工|工人|员工|职工|打工的?人?)(?:的)?" + WAGE_WORD + r"\S{0,4}(?:被)?(?:拖欠|欠|拖)")
# 请问一下 公司拖欠工资超过多久可以申请仲裁: an employer owing wages asked about as a rule (多久, 可以, 合法),
# with no sum or length of its own; 公司拖欠工资三个月了 怎么办 reports a case and stays a claim
GENERAL_RULE_ASK = re.compile(r"^(?:请问|问一下|问下)?(?:一下)?\s*(?:公司|单位|用人单位|企业|老板|雇主|包工头)(?:如果|要是)?(?:拖欠|欠|拖)"
                              + WAGE_WORD + r"[^\d一二两三四五六七八九十几半]*(?:多久|多长时间|可以|能否|能不能|是否|合法|违法|算不算|规定)")
QUESTION = re.compile(r"[吗嘛呢啊么?？]\s*$|还是|怎么|哪里|哪个|找谁|多久|多长时间|能不能|可不可以|是否")
FIRST_PERSON = re.compile(r"[我俺咱]|\b(?:wo|me|my|I)\b")
_RX4 = re.compile(r"[拖欠没不未少扣]")
# 两万一 is 21000, not 万一 "in case": after a numeral 万一 is part of the sum
SUPPOSED = re.compile(r"(?:不然|否则|要不然|如果|要是|假如|(?<![\d一二两三四五六七八九十几百千])万一|若是|的话|就会|会被|可能会|怕|担心|到时候|会不会)[^\s，。,.;；!！?？]{0,8}$|(?<![不])会$|(?:可以|能|最晚|最迟|最多)$")
STATUTORY = re.compile(r"(?:了|掉|去)?\S{0,4}?(?:个人部分|个人缴纳|社保|保险|公积金|个税|个人所得税)")
NONWAGE_DEBT = r"(?:工程款|货款|材料款|结算款|进度款|菜钱|货钱|材料钱|运费|租金|房租)"
# the money owed is itself the works or goods money (欠我菜钱, 工程款还差…没结), not a sum it is part of
NONWAGE_OWED = re.compile(r"(?:欠|差|拖|结|要)\S{0,4}" + NONWAGE_DEBT + "|" + NONWAGE_DEBT + r"\S{0,10}(?:欠|差|拖|没结|没给|不给|要不回|没付)")
