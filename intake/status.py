"""A lead's status history as the case backend (or an operator) reports it, kept as records."""

from __future__ import annotations

import time
from typing import Any

from intake.store import ConversationKey, OutboxItem, Store

KIND = "lead_status"
STATUSES = ("received", "accepted", "assigned", "in_progress", "resolved", "closed", "rejected")
# Statuses after which the bureau has spoken to the worker, for the same-day first contact.
CONTACTED = frozenset({"accepted", "assigned", "in_progress", "resolved", "closed", "rejected"})
# A lead in one of these is no longer open: a new complaint is not linked to it.
ENDED = frozenset({"resolved", "closed", "rejected"})


async def record_status(store: Store, reference: str, status: str, note: str, case_id: str | None = None,
                        at: float | None = None) -> list[dict[str, Any]]:
    """Append a status to a lead's history (by reference or id) and return the history.

    Raises LookupError for an unknown lead and ValueError for an unknown status. A repeat of
    the latest entry (a backend retrying its callback) is not appended twice.
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    item = await store.get_lead(reference)
    if item is None:
        raise LookupError(reference)
    entry = {"status": status, "note": note or "", "case_id": case_id,
             "at": time.time() if at is None else float(at)}
    # Callbacks for one lead may race; the lock keeps the read-append-write whole.
    async with store.lock(ConversationKey(KIND, item.lead_id)):
        entries = await history(store, item.lead_id)
        last = entries[-1] if entries else {}
        if (last.get("status"), last.get("note"), last.get("case_id")) != (status, entry["note"], case_id):
            entries.append(entry)
            await store.put_record(KIND, item.lead_id, {"reference": item.reference, "history": entries})
    return entries


async def history(store: Store, lead_id: str) -> list[dict[str, Any]]:
    """Every recorded status of a lead, oldest first: {status, note, case_id, at}."""
    record = await store.get_record(KIND, lead_id)
    return list(record["history"]) if record else []


async def latest(store: Store, item: OutboxItem) -> str:
    """Where a lead stands for the worker: its latest status, else its delivery status."""
    entries = await history(store, item.lead_id)
    if entries:
        return entries[-1]["status"]
    return "pending" if item.status == "claimed" else item.status  # a lease is not news to the worker


async def is_open(store: Store, item: OutboxItem) -> bool:
    """Whether the lead is still being handled."""
    return await latest(store, item) not in ENDED
