"""Floors on the eighth held-out set (tests/data/extract/heldout8.jsonl, S001–S080).

The set was scored once untouched (employer 82.5% / 80.4% recall over gold-not-null, project 92.5 / 62.5,
urgent recall 87.5%); its errors were traced to general mechanisms (courier and delivery branches, bathhouses,
fish restaurants and short registered names as businesses; measure words, verbs with 了 and trade words alone
as non-names; honorifics kept whole; an operator asking 哪个包工头; new campuses as sites; a phase said after a
pause or later in an answer; a correction of the site's name; the writer's city and county before a named
estate; blocking said place first) and fixed without naming its records. It is no longer an unseen measure;
the floors sit a little below the scores reached, so a regression fails.
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

HELDOUT = Path(__file__).parent / "data" / "extract" / "heldout8.jsonl"
# field: (accuracy over all, recall over gold-not-null), in percent, over all 80 records
FLOORS = {
    "is_wage_arrears": (96, 97), "employer": (97, 97), "employer_kind": (97, 97), "project": (97, 93),
    "amount": (97, 97), "workers": (96, 95), "phone": (100, 100), "id_number": (100, 100),
    "period": (97, 97), "province": (97, 97), "city": (97, 97), "district": (97, 97),
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
