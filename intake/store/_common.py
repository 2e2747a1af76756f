"""Helpers both backends share: the in-process lock table, backoff, lead fields and codecs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from intake.compact_json import dumps, loads  # noqa: F401 (the stores' codec)

from .base import ConversationKey, LockTimeout

# A lock outlives a crashed holder by at most this long; no step of a conversation takes longer.
LOCK_TTL = 30.0
# Platforms redeliver for hours; dedupe marks outlive short conversation TTLs by at least this.
SEEN_MIN_TTL = 86400.0
# The counter a conversation's messages are counted under when its lock is taken with a rate window.
RATE = "rate:"


def seen_ttl(ttl: float) -> float:
    """How long a processed message id is remembered for a conversation stored `ttl` seconds."""
    return max(ttl, SEEN_MIN_TTL)


def lead_fields(lead: dict[str, Any]) -> tuple[str, str]:
    """The lead's id and reference, which every lead must carry."""
    if not lead.get("id") or not lead.get("reference"):
        raise ValueError("a lead needs an 'id' and a 'reference'")
    return str(lead["id"]), str(lead["reference"])


def sender_of(lead: dict[str, Any], default: ConversationKey | None = None) -> str:
    """The sender a lead is filed under: its `channel` and `sender` fields, else `default`."""
    if lead.get("channel") and lead.get("sender"):
        return str(ConversationKey(str(lead["channel"]), str(lead["sender"])))
    return str(default) if default else ""


def window_of(window: float, now: float | None = None) -> tuple[int, float]:
    """The index of the fixed window holding `now`, and when that window ends."""
    index = int((time.time() if now is None else now) // window)
    return index, (index + 1) * window


async def backoff(deadline: float) -> bool:
    """Sleep a little before the next try; False once `deadline` (monotonic) has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        return False
    await asyncio.sleep(min(0.02, left))
    return True


class LocalLocks:
    """One asyncio.Lock per key, so coroutines of one process queue without polling the store."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, name: str, wait: float) -> AsyncIterator[None]:
        """Hold the key's in-process lock, or raise LockTimeout after `wait` seconds."""
        lock, users = self._locks.get(name) or (asyncio.Lock(), 0)
        self._locks[name] = (lock, users + 1)
        try:
            if lock.locked():  # a free lock is taken at once; only waiting needs the (costly) timeout
                try:
                    async with asyncio.timeout(wait):
                        await lock.acquire()
                except TimeoutError:
                    raise LockTimeout(name) from None
            else:
                await lock.acquire()
            try:
                yield
            finally:
                lock.release()
        finally:
            self._forget(name)

    def _forget(self, name: str) -> None:
        """Drop the key's lock when nobody holds or waits for it, so the table stays small."""
        lock, users = self._locks[name]
        if users <= 1:
            del self._locks[name]
        else:
            self._locks[name] = (lock, users - 1)
