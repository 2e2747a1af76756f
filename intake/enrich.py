"""What a new lead learns before it is saved: its links, its routing, its priority.

Nothing is written here: the index entries, the SLA watch and the 预警 marks go to the store
with the lead, in its save. They are keyed by the lead's id (derived from the conversation) or
by subject, so a retried message writes the same records again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from intake import alerts, linking, routing, sla
from intake.lead import parties
from intake.names import project_code
from intake.store import OutboxItem, Store
from intake.together import together
from intake.vault import Vault


@cache
def routing_table(path: str) -> tuple[routing.Row, ...]:
    """The bureau's routing table, read once per process; none configured routes by registry only."""
    return routing.load(Path(path)) if path else ()


@dataclass
class Enrichment:
    """What enriching a new lead decided, beyond the fields it set on the lead."""

    earlier: OutboxItem | None = None  # the open lead this one repeats: save nothing
    records: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)  # save with the lead
    events: list[dict[str, Any]] = field(default_factory=list)  # queue once the lead is saved


@dataclass(frozen=True)
class Neighbourhood:
    """What the index says around some subjects: their entries and their last 预警 marks."""

    digests: tuple[str, ...]
    filed: linking.Filed
    warned: dict[str, dict[str, Any] | None]


def expected_subjects(vault: Vault, data: dict[str, Any]) -> tuple[str, ...]:
    """The subject digests of the lead these conversation facts will make."""
    return tuple(linking.subjects(vault, parties(data)).values())


async def neighbourhood(store: Store, settings, digests: tuple[str, ...], now: float) -> Neighbourhood:
    """Read the index entries and 预警 marks of these subjects, all together (one round trip on Redis)."""
    widest = max(settings.link_window_days, settings.group_days, settings.warning_days) * linking.DAY
    filed, warned = await together(linking.read(store, list(digests), keep=min(now - widest, now - linking.KEEP)),
                                         alerts.last_warned(store, list(digests)))
    return Neighbourhood(digests, filed, warned)


async def enrich(store: Store, vault: Vault, settings, lead: dict[str, Any], now: float,
                 ahead: Neighbourhood | None = None) -> Enrichment:
    """Link, route and flag a new lead in place; or find the open lead it repeats, to save nothing.

    This runs while the worker waits for the confirmation, so it reads once, all together (one
    round trip on Redis), and leaves its writes to go with the lead's own. `ahead` is the
    neighbourhood read before the step, with the conversation's lock: used if it is the lead's.
    """
    subjects = linking.subjects(vault, lead)
    digests = list(subjects.values())
    if ahead is None or ahead.digests != tuple(digests):
        ahead = await neighbourhood(store, settings, tuple(digests), now)
    filed, warned, project = ahead.filed, ahead.warned, await _registered(store, lead)
    linked = linking.linked(subjects)
    items = await linking.related(store, vault, lead, now, settings.link_window_days, filed=filed, digests=linked)
    earlier = linking.repeated_by(vault, lead, items)
    if earlier is not None:
        return Enrichment(earlier)
    linking.link(lead, items)
    lead["routing"] = routing.route(routing_table(settings.routing_table), lead, project)
    own = linking.entry(vault, lead)
    found = alerts.reasons(settings, lead, filed, own, linked, now)
    # `urgent` stays what the worker said is happening (a gathering, a threat); escalation by the
    # bureau's rules (group size, many complainants) is the lead's priority.
    lead["priority"], lead["priority_reasons"] = ("urgent" if found else "normal"), found
    warnings = alerts.warnings(settings, lead, subjects, filed, own, warned, now)
    done = Enrichment(records=[*linking.records(lead, digests, own), sla.record(lead, settings.timezone)])
    done.records += [(alerts.WARNED_KIND, digest, {"at": now}) for digest, _ in warnings]
    if found:
        done.events.append(alerts.urgent_event(lead, found, now))
    done.events += [event for _, event in warnings]
    return done
async def _registered(store: Store, lead: dict[str, Any]) -> dict[str, Any] | None:
    """The registry record of the lead's project code, if it has one."""
    code = project_code(lead["project"].get("code"))
    return await store.get_record("project", code) if code else None
