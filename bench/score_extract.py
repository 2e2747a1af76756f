"""Score extraction on a gold JSONL file field by field, as the devset README describes.

    python bench/score_extract.py /work/shared/devset/messages.jsonl [more.jsonl ...] [--errors] [--preds OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intake.extract import extract  # noqa: E402

ROLE_PREFIX = re.compile(r"^(包工头|工头|老板|班组长|带班|项目经理|经理|雇主)")
PROJECT_SUFFIX = re.compile(r"(工地|项目部|项目)+$")
GROUPS = {"amount": ("amount_yuan", "amount_range"), "period": ("period_start", "period_end")}
REPORTED = ("is_wage_arrears", "employer", "employer_kind", "project", "amount", "workers", "phone", "id_number",
            "period", "province", "city", "district", "industry", "urgent")
TARGETS = {"is_wage_arrears": 95, "amount": 92, "employer": 90, "project": 88, "district": 95, "workers": 85,
           "period": 85, "phone": 100, "id_number": 100}


def _text(v):
    if v is None:
        return None
    v = unicodedata.normalize("NFKC", str(v))
    v = re.sub(r"\s+", "", v).strip(".。,，;；:：!！?？").lower()
    return v or None


def norm(key: str, v):
    """The scorer's normalisation of one value."""
    if key in ("is_wage_arrears", "urgent"):
        return bool(v)
    if v is None or v == "" or v == []:
        return None
    if key == "employer":
        v = _text(v)
        s = ROLE_PREFIX.sub("", v)
        return s if len(s) >= 2 else v
    if key == "project":
        return PROJECT_SUFFIX.sub("", _text(v))
    if key == "phone":
        d = re.sub(r"\D", "", str(v))
        return d[2:] if len(d) == 13 and d.startswith("86") else d
    if key in ("amount_yuan",):
        return round(float(v))
    if key == "amount_range":
        return tuple(round(float(x)) for x in v)
    if key == "workers":
        return int(v)
    return _text(v) if isinstance(v, str) else v


def same(key: str, gold, pred) -> bool:
    """One reported field (or field group) matches."""
    keys = GROUPS.get(key, (key,))
    return all(norm(k, gold.get(k)) == norm(k, pred.get(k)) for k in keys)


def gold_present(key: str, gold) -> bool:
    keys = GROUPS.get(key, (key,))
    return any(norm(k, gold.get(k)) not in (None, False) for k in keys)


def score(records: list[dict], show_errors: bool) -> dict:
    """Per field: (correct, total, correct where gold not null, gold not null)."""
    table = {k: [0, 0, 0, 0] for k in REPORTED}
    urgent = {"tp": 0, "fp": 0, "fn": 0}
    invalid = 0
    for rec in records:
        gold, pred = rec["gold"], rec["pred"]
        amt = pred.get("amount_yuan")
        if amt is not None and not 0 < amt <= 100_000_000:
            invalid += 1
        for k in REPORTED:
            ok = same(k, gold, pred)
            row = table[k]
            row[0] += ok
            row[1] += 1
            if gold_present(k, gold):
                row[2] += ok
                row[3] += 1
            if not ok and show_errors:
                keys = GROUPS.get(k, (k,))
                print(f"  {rec['id']:4} {k:16} gold={[gold.get(x) for x in keys]} pred={[pred.get(x) for x in keys]}")
        g, p = bool(gold.get("urgent")), bool(pred.get("urgent"))
        urgent["tp"] += g and p
        urgent["fp"] += p and not g
        urgent["fn"] += g and not p
    return {"table": table, "urgent": urgent, "invalid": invalid, "n": len(records)}


def report(name: str, result: dict) -> None:
    """Print one table with both views."""
    print(f"\n== {name} ({result['n']} records)")
    print(f"{'field':18}{'all':>10}{'gold≠null':>16}{'target':>8}")
    for k, (c, t, cn, tn) in result["table"].items():
        a = 100 * c / t if t else 0
        b = f"{100 * cn / tn:5.1f}% ({cn}/{tn})" if tn else "   -"
        tgt = TARGETS.get(k)
        flag = "" if tgt is None or (a >= tgt and (not tn or 100 * cn / tn >= tgt)) else "  <"
        print(f"{k:18}{a:9.1f}%{b:>16}{(str(tgt) + '%') if tgt else '':>8}{flag}")
    u = result["urgent"]
    rec = u["tp"] / (u["tp"] + u["fn"]) if u["tp"] + u["fn"] else 1
    prec = u["tp"] / (u["tp"] + u["fp"]) if u["tp"] + u["fp"] else 1
    print(f"urgent recall {100 * rec:.1f}%  precision {100 * prec:.1f}%   invalid amounts stored: {result['invalid']}")


def load(path: Path) -> list[dict]:
    """Gold records with predictions attached."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if "gold" not in rec:
            continue
        rec["pred"] = extract(rec["text"], dt.date.fromisoformat(rec["date"])).to_json(with_evidence=False)
        out.append(rec)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--errors", action="store_true", help="list each mismatch")
    ap.add_argument("--preds", type=Path, help="also write predictions in score.py's format")
    args = ap.parse_args(argv)
    everything = []
    for path in args.files:
        recs = load(path)
        everything += recs
        report(path.name, score(recs, args.errors))
    if len(args.files) > 1:
        report("combined", score(everything, False))
    if args.preds:
        with args.preds.open("w", encoding="utf-8") as fh:
            for rec in everything:
                fh.write(json.dumps({"id": rec["id"], "pred": rec["pred"]}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
