"""The project registry: what a project code on a QR code stands for."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from intake.extract import extract

COLUMNS = ("code", "name", "address", "district", "general_contractor", "industry")
INDUSTRIES = ("construction", "manufacturing", "services", "logistics", "domestic", "other")
_CODE = re.compile(r"^[A-Z0-9_-]{1,32}$")


class RowError(ValueError):
    """A registry row that cannot be used, with the reason."""


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row of a registry CSV, streamed."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("code", "name") if c not in (reader.fieldnames or [])]
        if missing:
            raise RowError(f"the header lacks column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
        for number, row in enumerate(reader, start=2):
            yield number, {k.strip(): (v or "").strip() for k, v in row.items() if k}


def project_record(row: dict[str, str]) -> dict[str, Any]:
    """A registry record from a CSV row, with province and city inferred from the district."""
    code = row.get("code", "").upper()
    if not _CODE.match(code):
        raise RowError(f"bad code {row.get('code')!r}: use 1–32 letters, digits, '-' or '_'")
    if not row.get("name"):
        raise RowError("the name is empty")
    industry = row.get("industry") or "construction"
    if industry not in INDUSTRIES:
        raise RowError(f"industry {industry!r} is not one of {', '.join(INDUSTRIES)}")
    place = extract(" ".join(filter(None, (row.get("province"), row.get("city"), row.get("district"),
                                           row.get("address")))), date.today(), expecting="location").fields
    return {
        "code": code, "name": row["name"], "address": row.get("address") or None,
        "province": row.get("province") or place["province"], "city": row.get("city") or place["city"],
        "district": place["district"] or row.get("district") or None,
        "general_contractor": row.get("general_contractor") or None, "industry": industry,
    }
