"""Numerals as workers write them."""

from __future__ import annotations

import pytest

from intake.extract import numerals

CASES = [
    ("三万五", 35000, None), ("3万5", 35000, None), ("两万八千", 28000, None), ("3.5万", 35000, None),
    ("35,000", 35000, None), ("3.5w", 35000, None), ("35k", 35000, None), ("叁万伍仟", 35000, None),
    ("十二万四", 124000, None), ("62.4万", 624000, None), ("两万零四百", 20400, None), ("五千七百二", 5720, None),
    ("八千多", 8000, None), ("十几万", 100000, None), ("三百多万", 3000000, None), ("七十来万", 700000, None),
    ("五六千", 5000, 6000), ("两三万", 20000, 30000), ("七八万", 70000, 80000), ("１２８００", 12800, None),
    ("十三四", 13, 14), ("三十七八", 37, 38),
]


@pytest.mark.parametrize(("text", "value", "high"), CASES)
def test_numeral(text, value, high):
    from intake.extract.normalize import clean

    found = numerals.find(clean(text)[1])
    assert [(n.value, n.high) for n in found] == [(value, high)]


def test_spoken_digits():
    assert numerals.digits_only("幺三八零八二三") == "1380823"
    assert numerals.digits_only("一万二") is None
