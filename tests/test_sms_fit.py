"""fit_sms: a turn's replies as one SMS that costs at most a few segments."""

import pytest

from bot.sms.base import segments
from bot.sms.fit import fit_sms, shorten
from dialogs.conversation import Reply

CONSENT = Reply("你好，这里是欠薪线索登记。我们会记录你说的情况和联系方式，只转给劳动保障监察部门处理欠薪。同意吗？",
                "consent", ("同意", "不同意"))
SUMMARY = Reply("请核对：\n欠薪单位/老板：胡长江（个人）\n项目：龙岗锦澜湾三期\n地点：广东省深圳市龙岗区\n金额：46,800元\n"
                "时间：2025-06 – 2025-12\n人数：1\n称呼：李国庆\n电话：15036227481\n身份证：411625198309171590")
CONFIRM = Reply("信息对吗？对就回“对”提交，要改就说改哪一项。", "confirm", ("对，提交", "修改"))
LONG = Reply("说明：" + "这是一段很长的说明文字，" * 40 + "完。")


@pytest.mark.parametrize("replies, expected", [
    ([Reply("一共欠了多少钱？", "amount")], "一共欠了多少钱？"),
    ([CONSENT], CONSENT.text + "\n1.同意 2.不同意"),
    ([Reply("好的。"), Reply("一共欠了多少钱？", "amount")], "好的。\n一共欠了多少钱？"),
    ([Reply("   "), Reply("在哪个工地？")], "在哪个工地？"),
    ([], ""),
])
def test_short_turns_are_joined_whole_with_options_numbered(replies, expected):
    assert fit_sms(replies) == expected


def test_the_consent_question_fits_one_segment():
    assert segments(fit_sms([CONSENT])) == 1


def test_the_confirmation_summary_stays_whole_within_three_segments():
    sms = fit_sms([SUMMARY, CONFIRM])
    assert sms == f"{SUMMARY.text}\n{CONFIRM.text}\n1.对，提交 2.修改" and segments(sms) <= 3


@pytest.mark.parametrize("max_segments", [1, 2, 3, 5])
def test_long_texts_are_shortened_never_past_the_segment_budget(max_segments):
    sms = fit_sms([LONG, CONFIRM], max_segments)
    assert segments(sms) <= max_segments
    assert sms.endswith(CONFIRM.text + "\n1.对，提交 2.修改")  # the question and its options survive


def test_an_earlier_reply_gives_way_to_the_question():
    sms = fit_sms([SUMMARY, CONFIRM], max_segments=1)
    assert len(sms) <= 70 and sms.startswith("请核对：") and "…" in sms and sms.endswith("2.修改")


def test_an_overlong_question_keeps_its_options_line():
    sms = fit_sms([Reply(LONG.text, "x", ("是", "否"))], max_segments=1)
    assert len(sms) <= 70 and sms.endswith("…\n1.是 2.否")


def test_shorten_cuts_at_a_sentence_end_when_one_is_near():
    assert shorten("第一句话说完了。第二句话还没有说完就被截断", 14) == "第一句话说完了。…"
    assert shorten("一二三四五六七八九十", 5) == "一二三四…"
    assert shorten("短", 5) == "短"
