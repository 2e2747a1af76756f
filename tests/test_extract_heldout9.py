"""Floors on the ninth held-out set (tests/data/extract/heldout9.jsonl, U001–U080).

The set was scored once untouched (employer 90.0% / 87.3% recall over gold-not-null, project 95.0 / 84.2,
phone 98.8, urgent recall 87.5%); its errors were traced to general mechanisms (the complainant's own number
over one attributed to a named foreman or workmate; a sit-in said by staying put, 坐在…不走; a registered name
ending at 有限公司 whatever follows; a lead word inside a trade name; pay said to come from a kind of business;
question words and 没通过 as non-names; a character of a name spelled out; 阿X nicknames and 叫他X; a given
name glued to the adverb after it; 本人 as the first person; amounts, counts and the boss as non-sites; a phase
said after the answer's name; 小区 kept in a name) and fixed without naming its records. It is no longer an
unseen measure; the floors sit a little below the scores reached, so a regression fails.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from score_extract import score  # noqa: E402

from intake.extract import extract  # noqa: E402

HELDOUT = Path(__file__).parent / "data" / "extract" / "heldout9.jsonl"
# field: (accuracy over all, recall over gold-not-null), in percent, over all 80 records
FLOORS = {
    "is_wage_arrears": (96, 97), "employer": (97, 97), "employer_kind": (97, 97), "project": (97, 94),
    "amount": (92, 93), "workers": (93, 93), "phone": (100, 100), "id_number": (100, 100),
    "period": (97, 97), "province": (97, 97), "city": (97, 97), "district": (96, 95),
    "industry": (95, 95),
}


@pytest.fixture(scope="module")
def result():
    records = []
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            rec["pred"] = extract(rec["text"], dt.date.fromisoformat(rec["date"])).to_json(with_evidence=False)
            records.append(rec)
    assert len(records) == 80
    return score(records, False)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_floor(result, field):
    correct, total, correct_nn, total_nn = result["table"][field]
    floor_all, floor_nn = FLOORS[field]
    assert 100 * correct / total >= floor_all, f"accuracy {correct}/{total}"
    if total_nn:
        assert 100 * correct_nn / total_nn >= floor_nn, f"recall over gold-not-null {correct_nn}/{total_nn}"


def test_urgent(result):
    u = result["urgent"]
    assert u["tp"] / max(u["tp"] + u["fn"], 1) >= 0.95, "urgent recall"
    assert u["tp"] / max(u["tp"] + u["fp"], 1) >= 0.9, "urgent precision"
    assert result["invalid"] == 0
