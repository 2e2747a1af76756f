"""Floors on the held-out sets in tests/data/extract/, each written by a helper who never saw the code.

Each set was first scored untouched, as an honest measure of extraction on unseen text; then its
errors were traced to general mechanisms and fixed without naming its records, and the next set
became the measure. So every set here has been tuned on: the floors sit a little below the scores
reached, so a regression fails. (heldout.jsonl: only its odd-numbered records were tuned on.)
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

DATA = Path(__file__).parent / "data" / "extract"
FIELDS = ("is_wage_arrears", "employer", "employer_kind", "project", "amount", "workers", "phone", "id_number",
          "period", "province", "city", "district", "industry")
# set: (records, {field: (accuracy over all, recall over gold-not-null)} in percent; fields not named: (95, 95))
SETS = {
    "heldout": (90, {"is_wage_arrears": (98, 98), "employer": (98, 98), "employer_kind": (98, 98),
                     "project": (98, 92), "amount": (98, 98), "workers": (98, 98), "period": (98, 96),
                     "district": (94, 94), "industry": (98, 98)}),
    "heldout2": (90, {"is_wage_arrears": (98, 98), "employer": (98, 98), "employer_kind": (98, 98),
                      "project": (98, 96), "amount": (98, 98), "workers": (97, 98), "period": (98, 98),
                      "province": (97, 97), "city": (97, 97), "district": (97, 97), "industry": (98, 98)}),
    "heldout3": (80, {"is_wage_arrears": (94, 94), "employer": (93, 91), "employer_kind": (94, 93),
                      "project": (98, 96), "amount": (94, 92), "workers": (94, 96), "period": (95, 93),
                      "district": (95, 94), "industry": (95, 96)}),
    "heldout4": (70, {"is_wage_arrears": (97, 96), "employer": (95, 93), "employer_kind": (95, 93),
                      "project": (97, 88), "amount": (95, 94), "workers": (97, 96), "period": (97, 95),
                      "province": (97, 96), "city": (97, 96), "district": (97, 96), "industry": (95, 94)}),
    "heldout5": (70, {"is_wage_arrears": (97, 97), "employer": (97, 96), "employer_kind": (97, 96),
                      "project": (97, 95), "amount": (94, 92), "period": (95, 93), "province": (95, 94),
                      "city": (95, 94), "district": (95, 94)}),
    "heldout6": (70, {"is_wage_arrears": (97, 97), "project": (97, 95), "amount": (94, 95), "workers": (97, 97),
                      "period": (92, 94), "province": (97, 97), "district": (97, 97), "industry": (97, 97)}),
    "heldout7": (80, {"is_wage_arrears": (97, 97), "employer": (97, 97), "employer_kind": (97, 97),
                      "project": (97, 92), "amount": (96, 96), "workers": (97, 97), "period": (95, 92),
                      "province": (97, 97), "city": (97, 97), "district": (96, 96), "industry": (97, 97)}),
    "heldout8": (80, {"is_wage_arrears": (96, 97), "employer": (97, 97), "employer_kind": (97, 97),
                      "project": (97, 93), "amount": (97, 97), "workers": (96, 95), "period": (97, 97),
                      "province": (97, 97), "city": (97, 97), "district": (97, 97)}),
    "heldout9": (80, {"is_wage_arrears": (96, 97), "employer": (97, 97), "employer_kind": (97, 97),
                      "project": (97, 94), "amount": (92, 93), "workers": (93, 93), "period": (97, 97),
                      "province": (97, 97), "city": (97, 97), "district": (96, 95)}),
    "heldout10": (80, {"is_wage_arrears": (98, 98), "employer": (95, 94), "employer_kind": (96, 96),
                       "project": (97, 93), "amount": (98, 98), "workers": (96, 96), "period": (95, 92),
                       "province": (98, 98), "city": (98, 98), "district": (97, 97), "industry": (96, 96)}),
    "heldout11": (80, {"is_wage_arrears": (98, 98), "employer": (98, 98), "employer_kind": (98, 98),
                       "project": (98, 88), "amount": (98, 98), "workers": (98, 98), "period": (98, 97),
                       "province": (98, 98), "city": (98, 98), "district": (98, 98), "industry": (98, 98)}),
    "heldout12": (70, {"is_wage_arrears": (98, 98), "employer": (98, 97), "employer_kind": (98, 97),
                       "project": (98, 87), "amount": (98, 97), "workers": (98, 97), "period": (98, 96),
                       "province": (98, 98), "city": (98, 98), "district": (98, 98), "industry": (98, 98)}),
    "heldout13": (80, {"is_wage_arrears": (98, 98), "employer": (98, 98), "employer_kind": (98, 98),
                       "project": (98, 95), "amount": (98, 98), "workers": (98, 98), "period": (98, 97),
                       "province": (98, 98), "city": (98, 98), "district": (98, 98), "industry": (98, 98)}),
    "heldout14": (80, {"is_wage_arrears": (98, 98), "employer": (97, 98), "employer_kind": (97, 98),
                       "project": (92, 80), "amount": (98, 98), "workers": (96, 96), "period": (95, 91),
                       "province": (92, 91), "city": (92, 91), "district": (92, 90), "industry": (96, 97)}),
    "heldout15": (80, {"is_wage_arrears": (98, 98), "employer": (95, 93), "employer_kind": (96, 95),
                       "project": (98, 92), "amount": (97, 96), "workers": (95, 95), "period": (95, 92),
                       "province": (96, 95), "city": (95, 94), "district": (97, 96), "industry": (95, 94)}),
    "heldout16": (80, {"is_wage_arrears": (98, 98), "employer": (93, 90), "employer_kind": (97, 96),
                       "project": (93, 76), "amount": (97, 96), "workers": (97, 96), "period": (96, 91),
                       "province": (96, 95), "city": (96, 95), "district": (96, 96), "industry": (97, 97)}),
}
EXACT = ("phone", "id_number")  # 100% on every set, both ways


@pytest.fixture(scope="module")
def results() -> dict:
    """Each set scored once for the module."""
    return {name: _score(name, count) for name, (count, _) in SETS.items()}


def _score(name: str, count: int) -> dict:
    records = []
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            rec["pred"] = extract(rec["text"], dt.date.fromisoformat(rec["date"])).to_json(with_evidence=False)
            records.append(rec)
    assert len(records) == count, f"{name} should hold {count} records"
    return score(records, False)


@pytest.mark.parametrize("name", sorted(SETS))
@pytest.mark.parametrize("field", FIELDS)
def test_floor(results, name, field):
    correct, total, correct_nn, total_nn = results[name]["table"][field]
    floor_all, floor_nn = (100, 100) if field in EXACT else SETS[name][1].get(field, (95, 95))
    assert 100 * correct / total >= floor_all, f"{name} {field}: accuracy {correct}/{total}"
    if total_nn:
        assert 100 * correct_nn / total_nn >= floor_nn, f"{name} {field}: recall over gold-not-null {correct_nn}/{total_nn}"


@pytest.mark.parametrize("name", sorted(SETS))
def test_urgent_and_amounts(results, name):
    u = results[name]["urgent"]
    assert u["tp"] / max(u["tp"] + u["fn"], 1) >= 0.95, f"{name}: urgent recall"
    assert u["tp"] / max(u["tp"] + u["fp"], 1) >= 0.9, f"{name}: urgent precision"
    assert results[name]["invalid"] == 0, f"{name}: an invalid amount was stored"
