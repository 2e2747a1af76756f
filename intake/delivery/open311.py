"""A lead as an Open311 GeoReport v2 service request (POST /requests.json, form-encoded).

The standard fields carry what every Open311 server understands (service_code, address_string,
description, the complainant's name and phone); the structured facts go in `attribute[code]`,
lists as `attribute[code][]`, so a bureau can map them in its service definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake.i18n import DEFAULT_LANG, catalog

DESCRIPTION_LIMIT = 4000  # GeoReport v2 caps description at 4,000 characters
# attribute code → path in the lead-v1 document.
ATTRIBUTES = (
    ("lead_id", "id"), ("reference", "reference"), ("created_at", "created_at"), ("channel", "channel"),
    ("handoff", "handoff"), ("urgent", "urgent"), ("employer", "employer.name"),
    ("employer_kind", "employer.kind"), ("uscc", "employer.uscc"), ("project", "project.name"),
    ("project_code", "project.code"), ("general_contractor", "project.general_contractor"),
    ("province", "location.province"), ("city", "location.city"), ("district", "location.district"),
    ("amount_yuan", "amount_yuan"), ("amount_low", "amount_range.0"), ("amount_high", "amount_range.1"),
    ("period_start", "period.start"), ("period_end", "period.end"), ("workers", "workers"),
    ("industry", "industry"), ("id_number", "complainant.id_number"), ("related_workers", "related_workers"),
)
LIST_ATTRIBUTES = (("related", "related"), ("missing", "missing"), ("routing", "routing"))
DESCRIPTION_FACTS = ("employer", "project", "place", "amount", "period", "workers")


@dataclass(frozen=True)
class Open311Service:
    """The GeoReport v2 service a lead is filed under, and the credentials the city issued."""

    code: str = "wage_arrears"
    api_key: str = ""
    jurisdiction_id: str = ""


def form(lead: dict[str, Any], service: Open311Service) -> list[tuple[str, str]]:
    """The form fields of the service request, empty ones left out."""
    person = lead["complainant"]
    pairs = [
        ("service_code", service.code), ("api_key", service.api_key), ("jurisdiction_id", service.jurisdiction_id),
        ("address_string", place(lead)), ("description", describe(lead)),
        # Chinese names put the family name first and some family names have two characters, so
        # splitting into first/last would guess; staff read the whole name from last_name.
        ("last_name", person.get("name")), ("phone", person.get("phone")), ("media_url", _media(lead)),
        *((f"attribute[{code}]", dig(lead, path)) for code, path in ATTRIBUTES),
        *((f"attribute[{code}][]", value) for code, path in LIST_ATTRIBUTES for value in _items(lead, path)),
    ]
    return [(name, text(value)) for name, value in pairs if value is not None and value != ""]


def describe(lead: dict[str, Any]) -> str:
    """A few lines for the case handler, in the bureau's language, from the lead's facts."""
    texts = catalog()
    facts = {"employer": lead["employer"]["name"], "project": lead["project"]["name"], "place": place(lead),
             "amount": amount(lead), "period": period(lead), "workers": lead.get("workers")}
    lines = [texts.text(DEFAULT_LANG, "open311.head", reference=lead["reference"])]
    if lead.get("urgent"):
        lines.insert(0, texts.text(DEFAULT_LANG, "open311.urgent"))
    lines += [texts.text(DEFAULT_LANG, f"open311.{name}", value=facts[name]) for name in DESCRIPTION_FACTS
              if facts[name] not in (None, "")]
    return "\n".join(lines)[:DESCRIPTION_LIMIT]


def place(lead: dict[str, Any]) -> str:
    """Province, city, district and address as one address string."""
    where = lead["location"]
    parts = [where.get(k) for k in ("province", "city", "district", "address") if where.get(k)]
    return "".join(p for i, p in enumerate(parts) if p not in parts[:i])


def amount(lead: dict[str, Any]) -> str | None:
    """The amount owed, or its range, in yuan."""
    if lead.get("amount_yuan") is not None:
        return text(lead["amount_yuan"])
    low_high = lead.get("amount_range")
    return f"{text(low_high[0])}–{text(low_high[1])}" if low_high else None


def period(lead: dict[str, Any]) -> str | None:
    """The unpaid months as start–end."""
    start, end = lead["period"].get("start"), lead["period"].get("end")
    return "–".join(dict.fromkeys(p for p in (start, end) if p)) or None


def dig(lead: dict[str, Any], path: str) -> Any:
    """The value at a dotted path; list items by index; None when absent."""
    value: Any = lead
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def text(value: Any) -> str:
    """A form value: booleans as true/false, routing targets as kind:target."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return f"{value.get('kind')}:{value.get('target')}"
    return str(value)


def _items(lead: dict[str, Any], path: str) -> list[Any]:
    return list(dig(lead, path) or [])


def _media(lead: dict[str, Any]) -> str | None:
    """GeoReport v2 takes one media URL: the first attachment that has one."""
    return next((a["url"] for a in lead.get("attachments") or [] if a.get("url")), None)
