"""Floors on the fifth held-out set (tests/data/extract/heldout5.jsonl, P001–P070).

The set was scored once untouched (is_wage_arrears 91%, employer 84%, project 65%, amount 83% recall over
gold-not-null, urgent precision 73%); its errors were traced to general mechanisms (topic from weak signals
and operator presuppositions, urgency discounted for others/past/supposed acts, place boundaries in project
names, who pays in contractor chains) and fixed without naming its records. It is no longer an unseen
measure; the floors sit a little below the scores reached, so a regression fails.
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

HELDOUT = Path(__file__).parent / "data" / "extract" / "heldout5.jsonl"
# field: (accuracy over all, recall over gold-not-null), in percent, over all 70 records
FLOORS = {
    "is_wage_arrears": (97, 97), "employer": (97, 96), "employer_kind": (97, 96), "project": (97, 95),
    "amount": (94, 92), "workers": (95, 95), "phone": (100, 100), "id_number": (100, 100),
    "period": (95, 93), "province": (95, 94), "city": (95, 94), "district": (95, 94),
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
    assert len(records) == 70
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
