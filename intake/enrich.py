"""What a new lead learns before it is saved: its links, its routing, its priority.

Everything written here is keyed by the lead's id (which is derived from the conversation),
so a retried message writes the same records again, and none of them points at a lead that
was never saved for longer than it takes the save to happen.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from intake import alerts, linking, routing, sla
from intake.names import project_code
from intake.store import OutboxItem, Store
from intake.vault import Vault


@cache
def routing_table(path: str) -> tuple[routing.Row, ...]:
    """The bureau's routing table, read once per process; none configured routes by registry only."""
    return routing.load(Path(path)) if path else ()


async def enrich(store: Store, vault: Vault, settings, lead: dict[str, Any], now: float) -> OutboxItem | None:
    """Link, route and flag a new lead in place; or return the open lead it repeats, to save nothing."""
    items = await linking.related(store, vault, lead, now, settings.link_window_days)
    earlier = linking.repeated_by(vault, lead, items)
    if earlier is not None:
        return earlier
    linking.link(lead, items)
    code = project_code(lead["project"].get("code"))
    project = await store.get_record("project", code) if code else None
    lead["routing"] = routing.route(routing_table(settings.routing_table), lead, project)
    await linking.index(store, vault, lead)
    found = await alerts.reasons(store, vault, settings, lead, now)
    # `urgent` stays what the worker said is happening (a gathering, a threat); escalation by the
    # bureau's rules (group size, many complainants) is the lead's priority.
    lead["priority"], lead["priority_reasons"] = ("urgent" if found else "normal"), found
    if found:
        await store.put_record(alerts.REASONS_KIND, lead["id"], {"reasons": found})
    await sla.watch(store, lead, settings.timezone)
    return None
