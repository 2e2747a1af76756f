"""Leads as staff read them: flat rows for CSV, masked or revealed personal numbers."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from intake.lead import unseal
from intake.privacy import mask_id, mask_phone
from intake.store import OutboxItem
from intake.vault import Vault

CSV_COLUMNS = (
    "reference", "created_at", "channel", "status", "handoff", "urgent", "employer.name", "employer.kind",
    "project.name", "project.code", "project.general_contractor", "location.province", "location.city",
    "location.district", "location.address", "amount_yuan", "amount_range", "period.start", "period.end",
    "workers", "complainant.name", "complainant.phone", "complainant.id_number", "industry", "attachments",
    "missing",
)


def readable(item: OutboxItem, vault: Vault, reveal: bool = False) -> dict[str, Any]:
    """The lead with its delivery status; phone and ID masked unless `reveal`."""
    lead = unseal(item.lead, vault)
    lead["delivery"] = {"status": item.status, "attempts": item.attempts, "last_error": item.last_error,
                        **({"case_id": item.result.get("case_id")} if item.result.get("case_id") else {})}
    lead.pop("reply_to", None)
    if not reveal:
        person = lead["complainant"]
        person["phone"], person["id_number"] = mask_phone(person.get("phone")), mask_id(person.get("id_number"))
    return lead


def to_jsonl(lead: dict[str, Any]) -> str:
    return json.dumps(lead, ensure_ascii=False)


def csv_header() -> str:
    return _csv_line(CSV_COLUMNS)


def to_csv(lead: dict[str, Any]) -> str:
    """One CSV line in CSV_COLUMNS order; lists are JSON, and cells are defused for spreadsheets."""
    return _csv_line([_cell(_dig(lead, column)) for column in CSV_COLUMNS])


def _dig(lead: dict[str, Any], path: str) -> Any:
    value: Any = lead
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if path == "status":
        value = lead.get("delivery", {}).get("status")
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    # A cell starting with = + - @ runs as a formula in a spreadsheet: a worker's text must not.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
