"""The per-recipient journal: what was claimed, what is in flight, what went out.

A recipient moves pending → claimed → in flight → sent | failed | opted_out | unknown. The
in-flight mark is made durable *before* the provider is called, so after a crash we know whose
message may already have left. Those become `unknown` and are never sent again: for a rights
reminder a missed text is a small harm and a second copy (or one at midnight) is the harm the
issue forbids, so the in-flight case is at-most-once. Claims that never reached the provider go
back to pending when their lease runs out. The embedded journal is one SQLite file per broadcast;
with Redis configured it is `journal_redis.RedisJournal`, shared by every sending process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

PENDING, CLAIMED, IN_FLIGHT = "p", "c", "f"
SENT, FAILED, OPTED_OUT, UNKNOWN = "s", "x", "o", "u"
RETRY = "r"  # an outcome only: back to pending, one attempt more, due later
NAMES = {PENDING: "pending", CLAIMED: "claimed", IN_FLIGHT: "in_flight", SENT: "sent",
         FAILED: "failed", OPTED_OUT: "opted_out", UNKNOWN: "unknown"}
OPEN = (PENDING, CLAIMED, IN_FLIGHT)


@dataclass(frozen=True)
class Entry:
    """A recipient as the journal keeps it: phone (and name) encrypted, keyed by blind index."""

    seq: int
    key: str
    phone: str
    name: str
    project: str
    attempts: int = 0


@dataclass(frozen=True)
class Outcome:
    """What became of one recipient's send."""

    seq: int
    state: str
    detail: str = ""
    message_id: str | None = None
    due_at: float = 0.0


class Journal(Protocol):
    """Per-recipient state of one broadcast, safe to share between sending processes."""

    async def add(self, entries: list[tuple[str, str, str, str]]) -> int:
        """Append (key, phone, name, project) rows; return how many were new (the rest are duplicates)."""

    async def claim(self, owner: str, limit: int, now: float, lease: float) -> list[Entry]:
        """Take up to `limit` due pending recipients for `lease` seconds."""

    async def begin(self, seqs: list[int], now: float, lease: float) -> None:
        """Durably mark claimed recipients in flight, just before the provider is called."""

    async def settle(self, outcomes: list[Outcome]) -> None:
        """Record what happened; RETRY puts a recipient back as pending, due at `due_at`."""

    async def recover(self, now: float) -> int:
        """After leases ran out: claims back to pending, in-flight sends to unknown. How many moved."""

    async def counts(self) -> dict[str, int]:
        """How many recipients are in each state, by state name."""

    async def sent_without_report(self, after: int, limit: int) -> tuple[list[tuple[int, str]], int | None]:
        """Sent recipients past `after` still lacking a report, as (seq, message id); and the next page's `after`."""

    async def set_reports(self, reports: dict[int, str]) -> None:
        """Keep each recipient's delivery report status, by seq."""

    async def delivery(self) -> dict[str, int]:
        """How many delivery reports of each status were joined so far."""

    async def drop(self) -> None:
        """Delete everything kept for this broadcast (an import that failed half-way)."""

    async def close(self) -> None:
        """Release the file or connection."""


def open_journal(settings, broadcast_id: str, prefix: str = "gq") -> Journal:
    """The Redis journal when GONGQIAN_REDIS_URL is set, else a SQLite file in the data directory."""
    if settings.redis_url:
        from .journal_redis import RedisJournal

        return RedisJournal(settings.redis_url, broadcast_id, prefix, cluster=settings.redis_cluster)
    from .journal_sqlite import SQLiteJournal

    return SQLiteJournal(settings.data_dir / "broadcasts" / f"{broadcast_id}.sqlite3")
