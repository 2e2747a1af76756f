"""Repeated complaints: leads about one employer and project (or one project code) are linked.

Each lead is indexed under its subjects: records of kind `subject:<digest>`, one per lead, so
two leads indexed at once never overwrite each other. The index is written before the lead
(see `index`), so a crash in between leaves an entry that points nowhere and is skipped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from intake import names
from intake.status import is_open
from intake.store import OutboxItem, Store
from intake.together import together
from intake.vault import Vault

DAY = 86400.0
KEEP = 90 * DAY  # index entries outlive every window (linking, group, 预警) that reads them


def subjects(vault: Vault, lead: dict[str, Any]) -> dict[str, str]:
    """The lead's subjects by kind — `project` (employer+project), `code`, `employer` — as digests."""
    employer = names.employer_key(lead["employer"].get("name"))
    place = lead["location"]
    project = names.project_key(lead["project"].get("name"), (place.get("province"), place.get("city"),
                                                             place.get("district")))
    code = names.project_code(lead["project"].get("code"))
    found = {}
    if employer and project:
        found["project"] = vault.blind(f"subject:project:{employer}|{project}")
    if code:
        found["code"] = vault.blind(f"subject:code:{code}")
    if len(employer) >= 2:  # 张老板 leaves 张: too common to warn about on its own
        found["employer"] = vault.blind(f"subject:employer:{employer}")
    return found


def complainant(vault: Vault, lead: dict[str, Any]) -> str:
    """Who complained, without saying who: the phone's blind index, else the sender's."""
    phone = "".join(ch for ch in (lead["complainant"].get("phone") or "") if ch.isdigit())[-11:]
    return f"phone:{vault.blind(f'phone:{phone}')}" if phone else _sender(lead)


def created(lead: dict[str, Any]) -> float:
    """When the lead was made, in Unix seconds."""
    return datetime.fromisoformat(lead["created_at"]).timestamp()


def entry(vault: Vault, lead: dict[str, Any]) -> dict[str, Any]:
    """What the index keeps of a lead."""
    return {"reference": lead["reference"], "at": created(lead), "complainant": complainant(vault, lead),
            "workers": lead.get("workers")}


def records(lead: dict[str, Any], digests: list[str], own: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The index entries filing the lead (`own`, see `entry`) under each subject, as (kind, key, value)."""
    return [(f"subject:{digest}", lead["id"], own) for digest in digests]


async def index(store: Store, vault: Vault, lead: dict[str, Any]) -> None:
    """File the lead under each of its subjects (safe to repeat)."""
    filing = records(lead, list(subjects(vault, lead).values()), entry(vault, lead))
    await together(*(store.put_record(*record) for record in filing))


Filed = dict[str, dict[str, dict[str, Any]]]  # subject digest → lead id → index entry


async def read(store: Store, digests: list[str], keep: float) -> Filed:
    """The index entries of these subjects, read together; entries older than `keep` are dropped."""
    filed: Filed = {}
    stale = []
    for digest, pairs in zip(digests, await together(*(_filed(store, d) for d in digests)), strict=True):
        filed[digest] = {}
        for lead_id, item in pairs:
            if item["at"] < keep:
                stale.append((digest, lead_id))
            else:
                filed[digest][lead_id] = item
    await together(*(store.put_record(f"subject:{digest}", lead_id, None) for digest, lead_id in stale))
    return filed


def within(filed: Filed, digests: list[str], since: float) -> dict[str, dict[str, Any]]:
    """The entries (by lead id) of these subjects made since `since`."""
    return {lead_id: item for d in digests for lead_id, item in filed.get(d, {}).items() if item["at"] >= since}


async def entries(store: Store, digests: list[str], since: float, keep: float) -> dict[str, dict[str, Any]]:
    """Index entries (by lead id) of these subjects made since `since`; ones older than `keep` are dropped."""
    return within(await read(store, digests, keep), digests, since)


async def _filed(store: Store, digest: str) -> list[tuple[str, dict[str, Any]]]:
    return [pair async for pair in store.records(f"subject:{digest}")]


MAX_RELATED = 20


def linked(found: dict[str, str]) -> list[str]:
    """Of a lead's subjects, those it is linked by: employer and project, or project code (not employer alone)."""
    return [d for kind, d in found.items() if kind != "employer"]


async def related(store: Store, vault: Vault, lead: dict[str, Any], now: float,
                  window_days: int = 30, *, filed: Filed | None = None,
                  digests: list[str] | None = None) -> list[OutboxItem]:
    """Open leads about the same employer and project, or the same project code, within the window.

    `filed` is the index as already read for this lead (see `read`), and `digests` its linking
    subjects (see `linked`), to save reading and computing them again.
    """
    digests, since = digests or linked(subjects(vault, lead)), now - window_days * DAY
    if filed is None:
        filed = await read(store, digests, keep=min(since, now - KEEP))
    found = within(filed, digests, since)
    # The most recent few are enough to link to and to tell a repeat: a project with hundreds of
    # complaints must not cost hundreds of look-ups for every new one.
    recent = sorted((i for i in found if i != lead["id"]), key=lambda i: found[i]["at"])[-MAX_RELATED:]
    return [item for item in await together(*(_open_lead(store, i) for i in recent)) if item is not None]


async def _open_lead(store: Store, lead_id: str) -> OutboxItem | None:
    """The lead, if it exists and is still being handled."""
    item = await store.get_lead(lead_id)
    return item if item is not None and await is_open(store, item) else None


def repeated_by(vault: Vault, lead: dict[str, Any], items: list[OutboxItem]) -> OutboxItem | None:
    """The related lead this complainant (same phone, or same sender) already made, if any."""
    mine = {complainant(vault, lead), _sender(lead)}
    for item in items:
        plain = {**item.lead, "complainant": {**item.lead["complainant"],
                                              "phone": vault.decrypt(item.lead["complainant"].get("phone"))}}
        if mine & {complainant(vault, plain), _sender(item.lead)}:
            return item
    return None


def _sender(lead: dict[str, Any]) -> str:
    return f"sender:{lead['channel']}:{lead['sender']}"


def link(lead: dict[str, Any], items: list[OutboxItem]) -> None:
    """Mark the lead with the references it is linked to and the workers they speak for together.

    The count is a sum, each lead counting at least its complainant: two workers of one crew
    may both say 我们十个人, so it is an upper bound, which is the safe side for escalation.
    """
    if not items:
        return
    lead["related"] = [item.reference for item in items]
    lead["related_workers"] = sum(max(int(i.lead.get("workers") or 1), 1) for i in items) + \
        max(int(lead.get("workers") or 1), 1)
