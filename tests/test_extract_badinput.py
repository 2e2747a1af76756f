"""Bad input never raises and costs time linear in its length (no catastrophic backtracking)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from intake.extract import FIELDS, extract

REF = dt.date(2026, 1, 6)
NASTY = [
    "", "😭" * 50, "[语音] 59\"\n[图片]", "<script>alert(1)</script>" * 20, "'; DROP TABLE x; --",
    "\x00\x01\x02\ufffd" * 100, "欠" * 3000, "1" * 5000, "一" * 5000, "万" * 5000, "包工头" * 2000,
    "坐席：\n来电人：\n" * 500, "在" + "北京" * 3000, bytes(range(256)).decode("latin-1"), "叫" * 4000,
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_never_raises(text):
    result = extract(text, REF)
    assert tuple(result.fields) == FIELDS


def test_non_string_input():
    assert extract(None, REF).fields["is_wage_arrears"] is False  # type: ignore[arg-type]


def _time(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        extract(text, REF)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit", ["老板欠我三万五 在成都武侯区 电话13912345678 😭 <b>x</b> ",
                                  "一二三四五六七八九十百千万" * 3, "1,2,3.4-5 6万7k " * 3, "包工头叫叫叫项目工地 "])
def test_time_grows_linearly(unit):
    short = (unit * (10_000 // len(unit) + 1))[:10_000]
    long = (unit * (40_000 // len(unit) + 1))[:40_000]
    extract(short, REF)
    ratio = _time(long) / max(_time(short), 1e-4)
    assert ratio < 8, f"40k chars took {ratio:.1f}× the time of 10k chars"
