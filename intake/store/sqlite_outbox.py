"""The lead outbox in SQLite: plain functions over a connection, each one short transaction."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from ._common import dumps, lead_fields, loads, sender_of
from .base import ConversationKey, OutboxItem
from .sqlite_db import transaction

GET = """
SELECT id, reference, lead, attempts, due_at, last_error, status, result FROM leads
WHERE reference = ?1 OR id = ?1 ORDER BY reference = ?1 DESC LIMIT 1
"""
# Keyset pagination on (created_at, rowid), so a page costs the same however deep it is.
PAGE = """
SELECT rowid, created_at, id, reference, lead, attempts, due_at, last_error, status, result FROM leads
WHERE (?1 IS NULL OR sender = ?1) AND (?2 IS NULL OR (created_at, rowid) < (?2, ?3))
ORDER BY created_at DESC, rowid DESC LIMIT ?4
"""
DEAD = """
SELECT id, reference, lead, attempts, due_at, last_error, status, result FROM leads
WHERE status = 'dead' ORDER BY created_at
"""
TAKE = """
UPDATE leads SET status = 'claimed', lease_owner = ?, lease_until = ?, attempts = attempts + 1
WHERE id = ? RETURNING id, reference, lead, attempts, due_at, last_error, status, result
"""
# Due pending leads and lapsed leases, oldest first by the moment each became claimable.
CLAIMABLE = """
SELECT id FROM leads
WHERE (status = 'pending' AND due_at <= :now) OR (status = 'claimed' AND lease_until <= :now)
ORDER BY CASE status WHEN 'pending' THEN due_at ELSE lease_until END, created_at
LIMIT :limit
"""
# Only the worker holding the lease may settle a claimed lead.
SETTLE = "UPDATE leads SET {changes}, lease_owner = NULL, lease_until = NULL " \
         "WHERE id = :id AND status = 'claimed' AND lease_owner = :worker"


def item(row: sqlite3.Row) -> OutboxItem:
    """An OutboxItem from a row of COLUMNS."""
    return OutboxItem(
        lead_id=row["id"], reference=row["reference"], lead=loads(row["lead"]),
        attempts=row["attempts"], due_at=row["due_at"], last_error=row["last_error"],
        status=row["status"], result=loads(row["result"]),
    )


def insert(db: sqlite3.Connection, lead: dict[str, Any], sender: ConversationKey | None = None) -> bool:
    """Insert a pending lead inside the caller's transaction; False if its id is already there."""
    lead_id, reference = lead_fields(lead)
    now = time.time()
    try:
        cursor = db.execute(
            "INSERT INTO leads (id, reference, sender, created_at, lead, due_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            (lead_id, reference, sender_of(lead, sender), now, dumps(lead), now),
        )
    except sqlite3.IntegrityError as error:
        raise ValueError(f"reference {reference} already belongs to another lead") from error
    return cursor.rowcount == 1


def get(db: sqlite3.Connection, reference: str) -> OutboxItem | None:
    """The lead with this reference or id."""
    row = db.execute(GET, (reference,)).fetchone()
    return item(row) if row else None


def page(db: sqlite3.Connection, sender: str | None, after: tuple[float, int] | None,
         size: int) -> list[sqlite3.Row]:
    """One page of leads, newest first, strictly older than `after` (created_at, rowid)."""
    after_at, after_row = after or (None, None)
    return db.execute(PAGE, (sender, after_at, after_row, size)).fetchall()


def claim(db: sqlite3.Connection, worker: str, lease: float, limit: int) -> list[OutboxItem]:
    """Lease up to `limit` claimable leads to `worker`, counting one more attempt on each."""
    now = time.time()
    with transaction(db):
        ids = [row["id"] for row in db.execute(CLAIMABLE, {"now": now, "limit": limit})]
        rows = [db.execute(TAKE, (worker, now + lease, i)).fetchone() for i in ids]
    return [item(row) for row in rows]


def settle(db: sqlite3.Connection, lead_id: str, worker: str, changes: str, **values: Any) -> bool:
    """Apply `changes` to a lead claimed by `worker`; False if the lease is not theirs."""
    with transaction(db):
        cursor = db.execute(SETTLE.format(changes=changes), {"id": lead_id, "worker": worker, **values})
    return cursor.rowcount == 1


def requeue(db: sqlite3.Connection, reference: str) -> bool:
    """Make a dead lead due now, with a fresh attempt count so retry limits apply anew."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE leads SET status = 'pending', due_at = ?, attempts = 0 "
            "WHERE status = 'dead' AND (reference = ? OR id = ?)", (time.time(), reference, reference))
    return cursor.rowcount > 0
