"""The storage protocol every backend implements, and the small types it speaks in.

One protocol covers conversations (with a TTL and a per-conversation lock), message-id
deduplication, the lead outbox (append, claim with a lease, acknowledge, retry later,
dead-letter), per-sender rate counters, and small keyed records (registries, accounts). `tests/test_store_contract.py` runs one suite
against every backend.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class ConversationKey:
    """Who a conversation is with: the channel and the sender's id on it."""

    channel: str
    sender: str

    def __str__(self) -> str:
        return f"{self.channel}:{self.sender}"


@dataclass
class OutboxItem:
    """A lead waiting in (or claimed from, or dead in) the outbox."""

    lead_id: str
    reference: str
    lead: dict[str, Any]
    attempts: int = 0
    due_at: float = 0.0
    last_error: str | None = None
    status: str = "pending"  # pending | claimed | delivered | dead
    result: dict[str, Any] = field(default_factory=dict)


class LockTimeout(Exception):
    """The conversation lock could not be taken in time; the message should be retried."""


class Store(Protocol):
    """Storage behind the gateway and the delivery worker."""

    # -- conversations -------------------------------------------------------
    async def load(self, key: ConversationKey) -> dict[str, Any] | None:
        """The stored conversation state, or None if absent or expired."""

    async def save(
        self,
        key: ConversationKey,
        state: dict[str, Any],
        ttl: float,
        *,
        message_id: str | None = None,
        lead: dict[str, Any] | None = None,
        records: Sequence[tuple[str, str, dict[str, Any] | None]] = (),
    ) -> None:
        """Store the state for `ttl` seconds, mark `message_id` processed, and append `lead`.

        `records` are (kind, key, value) records put (or, with None, removed) before the lead,
        as `put_record` would: what a lead brings with it (its index entries), in one go.

        With a lead, the lead is written before (or with) the state: the lead's id is derived
        from the conversation, so writing it twice is a no-op and a crash between the two
        writes can neither lose nor double it. Under the conversation's lock, saving is the
        last write: a backend may release the lock in the same round trip.
        """

    async def delete(self, key: ConversationKey) -> None:
        """Forget the conversation (used when a worker refuses consent)."""

    def lock(self, key: ConversationKey, timeout: float = 10.0, *,
             rate_window: float | None = None) -> AbstractAsyncContextManager[int]:
        """Exclusive per-conversation lock across processes; raises LockTimeout.

        With `rate_window`, taking the lock also counts one message of this conversation in the
        current fixed window, and the lock yields that count (else 0). The gateway counts every
        message this way, so a backend can do both in the round trip that takes the lock.
        """

    # -- deduplication -------------------------------------------------------
    async def seen(self, key: ConversationKey, message_id: str) -> bool:
        """Whether `message_id` from this conversation was processed (remembered for max(ttl, 1 day))."""

    # -- rate counters -------------------------------------------------------
    async def hit(self, counter: str, window: float, amount: int = 1) -> int:
        """Count `amount` events for `counter` in the current fixed window; return the count so far."""

    async def peek(self, counter: str, window: float) -> int:
        """The count of `counter` in the current fixed window, without counting (0 if none)."""

    # -- leads and the outbox -----------------------------------------------
    async def add_lead(self, lead: dict[str, Any]) -> bool:
        """Append a lead (needs `id` and `reference`); False if that id was already there.

        The lead is filed under the sender named by its `channel` and `sender` fields (for
        `save`, the conversation's key when those are absent). A reference already used by
        another id raises ValueError, so the caller can draw a new one.
        """

    async def get_lead(self, reference: str) -> OutboxItem | None:
        """The lead with this reference (or id), whatever its delivery status."""

    def leads(self, sender: ConversationKey | None = None) -> AsyncIterator[OutboxItem]:
        """Every lead, newest first; only one sender's when `sender` is given."""

    async def claim(self, worker: str, lease: float, limit: int = 10) -> list[OutboxItem]:
        """Take up to `limit` due leads for `lease` seconds, including leases that ran out."""

    async def ack(self, lead_id: str, worker: str, result: dict[str, Any]) -> bool:
        """Mark a claimed lead delivered; False if the lease was lost to another worker."""

    async def retry_later(self, lead_id: str, worker: str, delay: float, error: str) -> None:
        """Release a claimed lead to be tried again after `delay` seconds."""

    async def dead_letter(self, lead_id: str, worker: str, error: str) -> None:
        """Park a lead that must not be retried, with the reason."""

    def dead_letters(self) -> AsyncIterator[OutboxItem]:
        """The parked leads."""

    async def requeue(self, reference: str) -> bool:
        """Put a dead lead (by reference or id) back in the outbox, with attempts reset to 0; False if there is no such dead lead."""

    # -- records -----------------------------------------------------------
    async def put_record(self, kind: str, key: str, value: dict[str, Any] | None) -> None:
        """Keep a small document (a project, an opt-out, an account) under kind/key; None removes it."""

    async def get_record(self, kind: str, key: str) -> dict[str, Any] | None:
        """The document under kind/key, or None."""

    def records(self, kind: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Every (key, document) of one kind, in key order."""

    async def close(self) -> None:
        """Release connections."""
