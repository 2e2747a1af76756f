"""Urgency and early warning (预警): which leads need action at once, and which projects boil over."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from intake import linking
from intake.store import Store
from intake.together import together

WARNED_KIND = "warning_sent"


def reasons(settings, lead: dict[str, Any], filed: linking.Filed, own: dict[str, Any],
            digests: list[str], now: float) -> list[str]:
    """Why a lead is urgent: extraction, workers, group; empty when it is not.

    `filed` is the index as read before the lead was filed; `own` is the lead's own entry.
    """
    found = ["extraction"] if lead.get("urgent") else []
    if max(int(lead.get("workers") or 0), int(lead.get("related_workers") or 0)) >= settings.urgent_workers:
        found.append("workers")
    recent = {**linking.within(filed, digests, now - settings.group_days * linking.DAY), lead["id"]: own}
    if len({entry["complainant"] for entry in recent.values()}) >= settings.group_complainants:
        found.append("group")
    return found


def summary(lead: dict[str, Any]) -> dict[str, Any]:
    """What an alert says about a lead: enough to act on, and no phone or ID number."""
    keys = ("id", "reference", "created_at", "channel", "employer", "project", "location", "amount_yuan",
            "workers", "industry", "routing", "related", "related_workers")
    return {k: lead.get(k) for k in keys}


def urgent_event(lead: dict[str, Any], found: list[str], now: float) -> dict[str, Any]:
    """The signed event announcing an urgent lead."""
    body = {"event": "urgent", "at": _iso(now), "reasons": found, "lead": summary(lead)}
    return {"id": f"urgent:{lead['id']}", "target": "alert", "body": body}


async def last_warned(store: Store, digests: list[str]) -> dict[str, dict[str, Any] | None]:
    """When each subject last raised a 预警, read together."""
    return dict(zip(digests, await together(*(store.get_record(WARNED_KIND, d) for d in digests)), strict=True))


def warnings(settings, lead: dict[str, Any], subjects: dict[str, str], filed: linking.Filed,
             own: dict[str, Any], warned: dict[str, dict[str, Any] | None], now: float) -> list[tuple[str, dict]]:
    """(subject digest, 预警 event) for each subject whose count, this lead included, passes the threshold.

    A subject warns once a window: the caller records the warning with the lead.
    """
    window = settings.warning_days * linking.DAY
    events = []
    for kind, digest in subjects.items():
        recent = {**linking.within(filed, [digest], now - window), lead["id"]: own}
        last = warned.get(digest)
        if len(recent) < settings.warning_count or (last and last["at"] > now - window):
            continue
        events.append((digest, _warning(kind, digest, lead, sorted(e["reference"] for e in recent.values()), now)))
    return events


def _warning(kind: str, digest: str, lead: dict[str, Any], references: list[str], now: float) -> dict[str, Any]:
    body = {"event": "warning", "at": _iso(now), "subject": kind, "count": len(references),
            "employer": lead["employer"].get("name"), "project": lead["project"].get("name"),
            "project_code": lead["project"].get("code"), "location": lead["location"], "references": references}
    return {"id": f"warning:{digest}:{int(now)}", "target": "alert", "body": body}


def _iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
