"""Same-day first contact: a lead not `accepted` by the end of the day it arrived raises an alert."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from intake import events
from intake.alerts import summary
from intake.status import CONTACTED, history
from intake.store import Store

KIND = "sla_due"


def end_of_day(created_at: str, tz: str) -> float:
    """Local midnight after the lead arrived, in Unix seconds."""
    local = datetime.fromisoformat(created_at).astimezone(ZoneInfo(tz))
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=ZoneInfo(tz))
    return midnight.timestamp()


def record(lead: dict[str, Any], tz: str) -> tuple[str, str, dict[str, Any]]:
    """The (kind, key, value) record that starts waiting for the lead's first contact."""
    return KIND, lead["id"], {"reference": lead["reference"], "due_at": end_of_day(lead["created_at"], tz)}


async def watch(store: Store, lead: dict[str, Any], tz: str) -> None:
    """Start waiting for the lead's first contact (safe to repeat)."""
    await store.put_record(*record(lead, tz))


async def check(store: Store, settings, now: float) -> int:
    """Queue an SLA alert for each lead past its day without first contact; each raises one, once."""
    raised = 0
    async for lead_id, due in store.records(KIND):
        if any(e["status"] in CONTACTED for e in await history(store, lead_id)):
            await store.put_record(KIND, lead_id, None)
        elif due["due_at"] <= now:
            item = await store.get_lead(lead_id)
            if item is not None:  # queued before the watch ends, so a crash in between only repeats it
                raised += await events.queue(store, settings, _event(item.lead, due["due_at"], settings.timezone), now)
            await store.put_record(KIND, lead_id, None)
    return raised


def _event(lead: dict[str, Any], due_at: float, tz: str) -> dict[str, Any]:
    due = datetime.fromtimestamp(due_at, ZoneInfo(tz)).isoformat(timespec="seconds")
    body = {"event": "sla_first_contact", "due_at": due, "lead": summary(lead)}
    return {"id": f"sla:{lead['id']}", "target": "alert", "body": body}
