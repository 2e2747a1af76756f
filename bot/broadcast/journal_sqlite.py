"""The embedded journal: one SQLite file per broadcast, next to the store in the data directory."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

from intake.store.sqlite_db import transaction

from .journal import CLAIMED, IN_FLIGHT, NAMES, PENDING, RETRY, UNKNOWN, Entry, Outcome

SCHEMA = """
CREATE TABLE IF NOT EXISTS recipients (
    seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, phone TEXT NOT NULL, name TEXT NOT NULL,
    project TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'p', attempts INTEGER NOT NULL DEFAULT 0,
    due_at REAL NOT NULL DEFAULT 0, owner TEXT, lease_until REAL, message_id TEXT, detail TEXT, report TEXT);
CREATE INDEX IF NOT EXISTS by_state ON recipients (state, due_at, seq);
CREATE INDEX IF NOT EXISTS unreported ON recipients (seq) WHERE state = 's' AND report IS NULL;
"""
COLUMNS = "seq, key, phone, name, project, attempts"


class SQLiteJournal:
    """Journal in a SQLite file; its calls run in a thread so a fsync never stalls the event loop."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), timeout=5.0, isolation_level=None, check_same_thread=False)
        self._guard = threading.Lock()  # one thread at a time on the connection
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=5000"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(SCHEMA)

    async def _run(self, work, *args):
        """Run `work(db, *args)` in a worker thread, one at a time."""
        def guarded():
            with self._guard:
                return work(self._db, *args)
        return await asyncio.to_thread(guarded)

    async def add(self, entries: list[tuple[str, str, str, str]]) -> int:
        """Insert new keys; a duplicate number is ignored by the UNIQUE key."""
        def work(db):
            before = db.total_changes
            with transaction(db):
                db.executemany("INSERT OR IGNORE INTO recipients (key, phone, name, project) VALUES (?, ?, ?, ?)",
                               entries)
            return db.total_changes - before
        return await self._run(work)

    async def claim(self, owner: str, limit: int, now: float, lease: float) -> list[Entry]:
        """Pending rows in order; losing a claim in a power cut only puts them back, so no fsync."""
        def work(db):
            with transaction(db, durable=False):
                rows = db.execute(f"SELECT {COLUMNS} FROM recipients WHERE state = ? AND due_at <= ? "  # noqa: S608
                                  "ORDER BY due_at, seq LIMIT ?", (PENDING, now, limit)).fetchall()
                db.executemany("UPDATE recipients SET state = ?, owner = ?, lease_until = ? WHERE seq = ?",
                               [(CLAIMED, owner, now + lease, row[0]) for row in rows])
            return [Entry(*row) for row in rows]
        return await self._run(work)

    async def begin(self, seqs: list[int], now: float, lease: float) -> None:
        """The one write that must reach the disk before the provider call."""
        def work(db):
            with transaction(db, durable=True):
                db.executemany("UPDATE recipients SET state = ?, lease_until = ? WHERE seq = ?",
                               [(IN_FLIGHT, now + lease, seq) for seq in seqs])
        await self._run(work)

    async def settle(self, outcomes: list[Outcome]) -> None:
        """Results need no fsync: lost in a power cut, a row stays in flight and becomes unknown, never resent."""
        def work(db):
            with transaction(db, durable=False):
                db.executemany("UPDATE recipients SET state = ?, detail = ?, message_id = ?, owner = NULL, "
                               "attempts = attempts + 1, due_at = ? WHERE seq = ?",
                               [(PENDING if o.state == RETRY else o.state, o.detail, o.message_id,
                                 o.due_at, o.seq) for o in outcomes])
        await self._run(work)

    async def recover(self, now: float) -> int:
        """Expired claims back to pending; expired in-flight rows to unknown."""
        def work(db):
            before = db.total_changes
            with transaction(db):
                db.execute("UPDATE recipients SET state = ?, owner = NULL WHERE state = ? AND lease_until < ?",
                           (PENDING, CLAIMED, now))
                db.execute("UPDATE recipients SET state = ?, owner = NULL, detail = 'in flight at a crash' "
                           "WHERE state = ? AND lease_until < ?", (UNKNOWN, IN_FLIGHT, now))
            return db.total_changes - before
        return await self._run(work)

    async def counts(self) -> dict[str, int]:
        """One GROUP BY over the state index."""
        def work(db):
            found = dict(db.execute("SELECT state, count(*) FROM recipients GROUP BY state").fetchall())
            return {name: found.get(state, 0) for state, name in NAMES.items()}
        return await self._run(work)

    async def sent_without_report(self, after: int, limit: int) -> tuple[list[tuple[int, str]], int | None]:
        """Sent rows still waiting for their delivery report, and where the next page starts."""
        def work(db):
            return db.execute("SELECT seq, message_id FROM recipients WHERE state = 's' AND report IS NULL "
                              "AND seq > ? ORDER BY seq LIMIT ?", (after, limit)).fetchall()
        rows = [(seq, message_id) for seq, message_id in await self._run(work) if message_id]
        return rows, (rows[-1][0] if len(rows) == limit else None)

    async def set_reports(self, reports: dict[int, str]) -> None:
        """Store report statuses by seq."""
        def work(db):
            with transaction(db, durable=False):
                db.executemany("UPDATE recipients SET report = ? WHERE seq = ?",
                               [(status, seq) for seq, status in reports.items()])
        await self._run(work)

    async def delivery(self) -> dict[str, int]:
        """Counts of delivery report statuses."""
        def work(db):
            return dict(db.execute("SELECT report, count(*) FROM recipients WHERE report IS NOT NULL "
                                   "GROUP BY report").fetchall())
        return await self._run(work)

    async def close(self) -> None:
        """Close the file."""
        await self._run(lambda db: db.close())

    async def drop(self) -> None:
        """Delete the file (an import that failed half-way); close() still follows."""
        path = self.path
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
