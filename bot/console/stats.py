"""The numbers on the dashboard, read from the leads and their status histories."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from intake import status
from intake.lead import is_urgent
from intake.store import Store

TOP = 10


@dataclass
class Summary:
    """What came in over a period, where from, and how fast the bureau called back."""

    per_day: list[tuple[str, int]] = field(default_factory=list)
    per_district: list[tuple[str, int]] = field(default_factory=list)
    per_industry: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0
    urgent: int = 0
    contacted: int = 0
    median_contact_hours: float | None = None


async def summary(store: Store, now: float, tz, days: int = 30) -> Summary:
    """Leads created in the last `days` days (local dates), counted every way the dashboard shows."""
    today = dt.datetime.fromtimestamp(now, tz).date()
    first = today - dt.timedelta(days=days - 1)
    day, district, industry, waits, out = Counter(), Counter(), Counter(), [], Summary()
    async for item in store.leads():
        created = dt.datetime.fromisoformat(item.lead["created_at"])
        if created.astimezone(tz).date() < first:
            continue  # store order is arrival order, and imports may carry older dates
        out.total += 1
        out.urgent += is_urgent(item.lead)
        day[created.astimezone(tz).date().isoformat()] += 1
        district[(item.lead.get("location") or {}).get("district") or "—"] += 1
        industry[item.lead.get("industry") or "—"] += 1
        if (wait := await first_contact(store, item.lead_id, created.timestamp())) is not None:
            waits.append(wait)
    out.per_day = [((first + dt.timedelta(days=i)).isoformat(), day[(first + dt.timedelta(days=i)).isoformat()])
                   for i in range(days)]
    out.per_district, out.per_industry = district.most_common(TOP), industry.most_common(TOP)
    out.contacted = len(waits)
    out.median_contact_hours = round(statistics.median(waits) / 3600, 1) if waits else None
    return out


async def first_contact(store: Store, lead_id: str, created: float) -> float | None:
    """Seconds from the lead to the first status saying the bureau spoke to the worker."""
    for entry in await status.history(store, lead_id):
        if entry["status"] in status.CONTACTED:
            return max(entry["at"] - created, 0.0)
    return None
