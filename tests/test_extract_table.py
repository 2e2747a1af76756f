"""Extraction as tables of (text, date, expected fields): general phrases, not devset copies."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from intake.extract import FIELDS, extract

DATA = Path(__file__).parent / "data" / "extract"


def _rows(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("row", _rows("messages.jsonl"), ids=lambda r: r["text"][:18])
def test_message(row):
    got = extract(row["text"], dt.date.fromisoformat(row["date"])).fields
    assert {k: got[k] for k in row["expect"]} == row["expect"]


@pytest.mark.parametrize("row", _rows("answers.jsonl"), ids=lambda r: f"{r['expecting']}:{r['text'][:12]}")
def test_slot_answer(row):
    result = extract(row["text"], dt.date.fromisoformat(row["date"]), expecting=row["expecting"])
    assert {k: result.fields[k] for k in row["expect"]} == row["expect"]
    for key, value in row.get("extras", {}).items():
        assert result.extras.get(key) == value


def test_api_shape():
    result = extract("包工头张三欠我三万五，在青岛黄岛区的工地干的", dt.date(2026, 1, 6))
    assert tuple(result.fields) == FIELDS and len(FIELDS) == 16
    out = result.to_json()
    assert set(out) == set(FIELDS) | {"evidence", "confidence"}
    assert out["evidence"]["amount_yuan"] == "三万五"
    assert all(0 <= c <= 1 for c in out["confidence"].values())
    assert set(result.to_json(with_evidence=False)) == set(FIELDS)


def test_traditional_script_and_evidence_from_raw_text():
    result = extract("老闆欠我們十幾萬，在廣州花都", dt.date(2026, 1, 26))
    assert result.script == "zh-Hant"
    assert result.fields["amount_yuan"] == 100000
    assert result.evidence["amount_yuan"] == "十幾萬"
    assert result.fields["district"] == "花都区"


def test_english_script():
    result = extract("My boss has not paid me for two months. RMB 6,000 per month.", dt.date(2026, 3, 1))
    assert result.script == "en"
    assert result.fields["amount_yuan"] == 12000


def test_extras():
    result = extract("我姓罗，罗大海，地址在西乡街道，欠我三万 不对 三万五", dt.date(2026, 1, 6))
    assert result.extras["complainant_name"] == "罗大海"
    assert result.extras["address"].endswith("西乡街道")
    assert result.extras["correction"] is True
    assert result.extras["topic"] == "wage_arrears"
    assert extract("欠我八千多", dt.date(2026, 1, 6)).extras["amount_needs_readback"] is True
    assert extract("公司不给交社保", dt.date(2026, 1, 6)).extras["topic"] == "social_insurance"


def test_transcript_operator_readback_needs_confirmation():
    call = ("坐席：您好，12333。\n来电人：包工头欠我们工资，我们六个人。\n坐席：欠了多少？\n"
            "来电人：一共三万六。\n坐席：那就是三万九千元，对吗？\n来电人：不是，三万六。\n"
            "坐席：电话？\n来电人：一三九 一二三四 五六七八\n坐席：工号1086为您服务。")
    got = extract(call, dt.date(2026, 3, 1)).fields
    assert got["amount_yuan"] == 36000
    assert got["workers"] == 6
    assert got["phone"] == "13912345678"


def test_fast_path_changes_nothing():
    """The pre-checks that skip word-based readers for bare numbers give the same reading as a full pass."""
    import random

    from intake.extract import pipeline

    rng = random.Random(7)
    slots = [None, "phone", "id_number", "amount", "workers", "project", "employer", "consent"]
    texts = ["13953201234", "+86 139-5320-1234", "12345", "3000?", "", "  ", "110101199003077777", "9,800"]
    texts += ["".join(rng.choice("0123456789 +-?.,，。()#") for _ in range(rng.randint(1, 20))) for _ in range(150)]
    try:
        for text in texts:
            slot = rng.choice(slots)
            pipeline.FAST = True
            fast = extract(text, dt.date(2026, 3, 1), expecting=slot)
            pipeline.FAST = False
            full = extract(text, dt.date(2026, 3, 1), expecting=slot)
            assert (fast.fields, fast.evidence, fast.extras) == (full.fields, full.evidence, full.extras), text
    finally:
        pipeline.FAST = True


def test_first_char_lookahead_changes_no_match():
    """The look-ahead put in front of long alternations only skips positions where nothing can match."""
    import re

    from intake.extract import parties, projects, topic, urgency

    texts = [r["text"] for r in _rows("messages.jsonl")] + ["lb欠wo 3个月gz", "I was not paid, they owe me", "跳楼价 12345"]
    pats = [topic.CLAIM, topic.PAID_OK, urgency.URGENT_ACT, urgency.GATHERED, parties.COMPANY, projects._RX4]
    pats += [p for _, p in topic.INDUSTRY + topic.TOPICS]
    for guarded in pats:
        look = re.match(r"\(\?=\[[^\]]*\]\)", guarded.pattern)
        plain = re.compile(guarded.pattern[look.end():] if look else guarded.pattern, guarded.flags)
        for text in texts:
            assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert parties.first_chars(r"\S欠") == ""  # an open first character gives no look-ahead
