"""SQLiteStore: the embedded default, one SQLite file shared by the gateway and the worker."""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from . import sqlite_outbox as outbox
from ._common import LOCK_TTL, RATE, LocalLocks, backoff, dumps, loads, seen_ttl, window_of
from .base import ConversationKey, LockTimeout, OutboxItem
from .sqlite_db import connect, transaction

PURGE_EVERY = 60.0
PAGE = 100
PURGE = tuple(f"DELETE FROM {table} WHERE expires_at <= ?"  # noqa: S608 (fixed table names)
              for table in ("conversations", "seen", "locks", "counters"))


class SQLiteStore:
    """Store in one SQLite file; calls are sub-millisecond, so they run on the event loop."""

    def __init__(self, path: Path | str, lock_ttl: float = LOCK_TTL) -> None:
        self.path = Path(path)
        self._db = connect(self.path)
        self._quick = connect(self.path, durable=False)  # lock rows and counters: no fsync
        self._lock_ttl = lock_ttl
        self._taken: dict[str, str] = {}  # conversations locked here: their lock token
        self._local = LocalLocks()
        self._purged = 0.0

    # -- conversations -------------------------------------------------------
    async def load(self, key: ConversationKey) -> dict[str, Any] | None:
        """The stored state, unless it expired."""
        row = self._db.execute("SELECT state FROM conversations WHERE key = ? AND expires_at > ?",
                               (str(key), time.time())).fetchone()
        return loads(row["state"]) if row else None

    async def save(self, key: ConversationKey, state: dict[str, Any], ttl: float, *,
                   message_id: str | None = None, lead: dict[str, Any] | None = None,
                   records: Sequence[tuple[str, str, dict[str, Any] | None]] = ()) -> None:
        """Write the records, the lead, the state and the message mark in one transaction.

        Under this process's lock of the conversation, the same transaction releases the lock:
        saving is the last thing done under it.
        """
        now, token = time.time(), self._taken.get(str(key))
        with transaction(self._db) as db:
            if token is not None:
                db.execute("DELETE FROM locks WHERE key = ? AND owner = ?", (str(key), token))
            for kind, record_key, value in records:
                _put(db, kind, record_key, value)
            if lead is not None:
                outbox.insert(db, lead, key)
            db.execute("INSERT OR REPLACE INTO conversations VALUES (?, ?, ?)",
                       (str(key), dumps(state), now + ttl))
            if message_id is not None:
                db.execute("INSERT OR REPLACE INTO seen VALUES (?, ?, ?)",
                           (str(key), message_id, now + seen_ttl(ttl)))
        if token is not None:
            del self._taken[str(key)]
        self._purge(now)

    async def delete(self, key: ConversationKey) -> None:
        """Forget the state; message marks stay so a redelivery is still recognised."""
        with transaction(self._db) as db:
            db.execute("DELETE FROM conversations WHERE key = ?", (str(key),))

    @asynccontextmanager
    async def lock(self, key: ConversationKey, timeout: float = 10.0, *,  # noqa: ASYNC109 (the protocol's signature)
                   rate_window: float | None = None) -> AsyncIterator[int]:
        """Hold the conversation across processes: a row in `locks`, behind an in-process lock."""
        deadline = time.monotonic() + timeout
        async with self._local.hold(str(key), timeout):
            token, counter = secrets.token_hex(8), f"{RATE}{key}" if rate_window else None
            while (count := self._take(str(key), token, counter, rate_window or 0)) is None:
                if not await backoff(deadline):
                    raise LockTimeout(str(key))
            self._taken[str(key)] = token
            try:
                yield count
            finally:
                if self._taken.pop(str(key), None) is not None:  # not already released by save()
                    with transaction(self._quick) as db:
                        db.execute("DELETE FROM locks WHERE key = ? AND owner = ?", (str(key), token))

    def _take(self, key: str, token: str, counter: str | None, window: float) -> int | None:
        """Claim the lock row if it is free or its holder's time ran out, and count the message
        under `counter` in the same transaction; None if the lock is held, else the count (0 uncounted)."""
        now = time.time()
        with transaction(self._quick) as db:
            cursor = db.execute(
                "INSERT INTO locks VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE "
                "SET owner = ?2, expires_at = ?3 WHERE expires_at <= ?4",
                (key, token, now + self._lock_ttl, now))
            if cursor.rowcount != 1:
                return None
            return _count(db, counter, window, 1) if counter else 0

    def _purge(self, now: float) -> None:
        """Drop expired rows now and then, so reads need not and the file does not grow."""
        if now - self._purged < PURGE_EVERY:
            return
        self._purged = now
        with transaction(self._quick) as db:
            for statement in PURGE:
                db.execute(statement, (now,))

    # -- deduplication and rate counters --------------------------------------
    async def seen(self, key: ConversationKey, message_id: str) -> bool:
        """Whether the message was saved as processed and the mark has not expired."""
        row = self._db.execute("SELECT 1 FROM seen WHERE key = ? AND message_id = ? AND expires_at > ?",
                               (str(key), message_id, time.time())).fetchone()
        return row is not None

    async def hit(self, counter: str, window: float, amount: int = 1) -> int:
        """Count events in the current fixed window, starting over when the window changes."""
        with transaction(self._quick) as db:
            return _count(db, counter, window, amount)

    async def peek(self, counter: str, window: float) -> int:
        """The current window's count, 0 when the stored one belongs to an earlier window."""
        row = self._db.execute("SELECT count FROM counters WHERE name = ? AND window = ?",
                               (counter, window_of(window)[0])).fetchone()
        return row["count"] if row else 0

    # -- leads and the outbox -----------------------------------------------
    async def add_lead(self, lead: dict[str, Any]) -> bool:
        """Append a pending lead; False if its id is already there."""
        with transaction(self._db) as db:
            return outbox.insert(db, lead)

    async def get_lead(self, reference: str) -> OutboxItem | None:
        """The lead with this reference or id."""
        return outbox.get(self._db, reference)

    async def leads(self, sender: ConversationKey | None = None) -> AsyncIterator[OutboxItem]:
        """Every lead (or one sender's), newest first, read a page at a time."""
        after = None
        while rows := outbox.page(self._db, str(sender) if sender else None, after, PAGE):
            for row in rows:
                yield outbox.item(row)
            after = (rows[-1]["created_at"], rows[-1]["rowid"])

    async def claim(self, worker: str, lease: float, limit: int = 10) -> list[OutboxItem]:
        """Lease the oldest due leads to `worker`."""
        return outbox.claim(self._db, worker, lease, limit)

    async def ack(self, lead_id: str, worker: str, result: dict[str, Any]) -> bool:
        """Mark delivered, if `worker` still holds the lease."""
        return outbox.settle(self._db, lead_id, worker, "status = 'delivered', result = :result",
                             result=dumps(result))

    async def retry_later(self, lead_id: str, worker: str, delay: float, error: str) -> None:
        """Release the lead to be tried again after `delay` seconds."""
        outbox.settle(self._db, lead_id, worker,
                      "status = 'pending', due_at = :due, last_error = :error",
                      due=time.time() + delay, error=error)

    async def dead_letter(self, lead_id: str, worker: str, error: str) -> None:
        """Park the lead with the reason."""
        outbox.settle(self._db, lead_id, worker, "status = 'dead', last_error = :error", error=error)

    async def dead_letters(self) -> AsyncIterator[OutboxItem]:
        """The parked leads, oldest first."""
        for row in self._db.execute(outbox.DEAD).fetchall():
            yield outbox.item(row)

    async def requeue(self, reference: str) -> bool:
        """Put a dead lead back in the outbox."""
        return outbox.requeue(self._db, reference)

    # -- records -----------------------------------------------------------
    async def put_record(self, kind: str, key: str, value: dict[str, Any] | None) -> None:
        """Insert, replace or (with None) delete one record."""
        with transaction(self._db) as db:
            _put(db, kind, key, value)

    async def get_record(self, kind: str, key: str) -> dict[str, Any] | None:
        """One record, or None."""
        row = self._db.execute("SELECT value FROM records WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return loads(row["value"]) if row else None

    async def records(self, kind: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Every record of one kind in key order, a page at a time."""
        after = ""
        while rows := self._db.execute("SELECT key, value FROM records WHERE kind = ? AND key > ? ORDER BY key LIMIT ?",
                                       (kind, after, PAGE)).fetchall():
            for row in rows:
                yield row["key"], loads(row["value"])
            after = rows[-1]["key"]

    async def close(self) -> None:
        """Close the file."""
        self._quick.close()
        self._db.close()


def _put(db, kind: str, key: str, value: dict[str, Any] | None) -> None:
    """Insert, replace or (with None) delete one record, inside the caller's transaction."""
    if value is None:
        db.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key))
    else:
        db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", (kind, key, dumps(value)))


def _count(db, counter: str, window: float, amount: int) -> int:
    """Count in the current fixed window, starting over when the window changes (in the caller's transaction)."""
    index, ends = window_of(window)
    row = db.execute(
        "INSERT INTO counters VALUES (?1, ?2, ?4, ?3) ON CONFLICT (name) DO UPDATE SET "
        "count = CASE WHEN window = ?2 THEN count + ?4 ELSE ?4 END, window = ?2, expires_at = ?3 "
        "RETURNING count", (counter, index, ends, amount)).fetchone()
    return row["count"]
