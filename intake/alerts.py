"""Urgency and early warning (预警): which leads need action at once, and which projects boil over."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from intake import linking
from intake.store import Store
from intake.vault import Vault

DAY = 86400.0
REASONS_KIND = "urgency"
WARNED_KIND = "warning_sent"


async def reasons(store: Store, vault: Vault, settings, lead: dict[str, Any], now: float) -> list[str]:
    """Why a lead (already indexed) is urgent: extraction, workers, group; empty when it is not."""
    found = ["extraction"] if lead.get("urgent") else []
    if max(int(lead.get("workers") or 0), int(lead.get("related_workers") or 0)) >= settings.urgent_workers:
        found.append("workers")
    digests = [d for kind, d in linking.subjects(vault, lead).items() if kind != "employer"]
    recent = await linking.entries(store, digests, now - settings.group_days * DAY, keep=now - linking.KEEP)
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


async def warnings(store: Store, vault: Vault, settings, lead: dict[str, Any], now: float) -> list[dict[str, Any]]:
    """预警 events for the lead's project and employer when their counts pass the threshold, once a window."""
    window = settings.warning_days * DAY
    events = []
    for kind, digest in linking.subjects(vault, lead).items():
        recent = await linking.entries(store, [digest], now - window, keep=now - linking.KEEP)
        warned = await store.get_record(WARNED_KIND, digest)
        if len(recent) < settings.warning_count or (warned and warned["at"] > now - window):
            continue
        await store.put_record(WARNED_KIND, digest, {"at": now})
        events.append(_warning(kind, digest, lead, sorted(e["reference"] for e in recent.values()), now))
    return events


def _warning(kind: str, digest: str, lead: dict[str, Any], references: list[str], now: float) -> dict[str, Any]:
    body = {"event": "warning", "at": _iso(now), "subject": kind, "count": len(references),
            "employer": lead["employer"].get("name"), "project": lead["project"].get("name"),
            "project_code": lead["project"].get("code"), "location": lead["location"], "references": references}
    return {"id": f"warning:{digest}:{int(now)}", "target": "alert", "body": body}


def _iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
