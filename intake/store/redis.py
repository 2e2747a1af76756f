"""RedisStore: for many processes on many machines, with a key layout that works on Redis Cluster.

On a Cluster every command or script touches keys of one hash slot: a conversation's keys share
the tag `{c:<channel>:<sender>}` and the whole outbox shares `{outbox}`. On a single Redis one
more script is allowed to span slots: the one that writes a confirmed lead with its conversation.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from redis.asyncio.cluster import RedisCluster

from ..together import together
from . import redis_lua as lua
from ._common import (
    LOCK_TTL,
    RATE,
    LocalLocks,
    backoff,
    dumps,
    lead_fields,
    loads,
    seen_ttl,
    sender_of,
    window_of,
)
from .base import ConversationKey, LockTimeout, OutboxItem
from .resp import Resp

PAGE = 100


@dataclass
class Held:
    """A conversation lock this process holds, with the state read when it was taken."""

    token: str | None
    state: str | None
    fresh: bool = True


def item(fields: dict[str, str]) -> OutboxItem:
    """An OutboxItem from a lead hash."""
    return OutboxItem(
        lead_id=fields["id"], reference=fields["reference"], lead=loads(fields["lead"]),
        attempts=int(fields.get("attempts", 0)), due_at=float(fields.get("due_at", 0)),
        last_error=fields.get("last_error"), status=fields["status"],
        result=loads(fields.get("result") or "{}"),
    )


class RedisStore:
    """Store on Redis (or Redis Cluster), over one connection pool and pre-registered scripts."""

    def __init__(self, url: str, prefix: str = "gq", lock_ttl: float = LOCK_TTL,
                 cluster: bool = False) -> None:
        self.prefix = prefix
        # A single Redis gets the lean pipelined client (resp.py: ~8 µs of CPU a command against
        # redis-py's ~85); a Cluster needs redis-py's slot routing. Both speak RESP2 with hiredis.
        self._redis = RedisCluster.from_url(url, decode_responses=True, protocol=2) if cluster else Resp(url)
        self._lock_ttl_ms = int(lock_ttl * 1000)
        self._local = LocalLocks()
        self._out = f"{prefix}:{{outbox}}"
        # Conversations this process holds the lock of: token, and the state read with the lock.
        self._held: dict[str, Held] = {}
        self._single = not cluster  # scripts may then touch keys of several hash slots
        scripts = {"hit": lua.HIT, "unlock": lua.UNLOCK, "lock": lua.LOCK_AND_LOAD, "save": lua.SAVE_AND_UNLOCK,
                   "save_lead": lua.SAVE_WITH_LEAD,
                   "add": lua.ADD_LEAD, "claim": lua.CLAIM,
                   "settle": lua.SETTLE, "requeue": lua.REQUEUE}
        self._lua = {name: self._redis.register_script(src) for name, src in scripts.items()}

    def _conv(self, key: ConversationKey, part: str) -> str:
        """A key of this conversation; all of them hash to the conversation's slot."""
        return f"{self.prefix}:{{c:{key.channel}:{key.sender}}}:{part}"

    def _lead(self, lead_id: str) -> str:
        """The hash holding one lead."""
        return f"{self._out}:lead:{lead_id}"

    # -- conversations -------------------------------------------------------
    async def load(self, key: ConversationKey) -> dict[str, Any] | None:
        """The stored state; Redis expires it by itself. Under our lock, the copy read with the lock."""
        held = self._held.get(str(key))
        raw = held.state if held and held.fresh else await self._redis.get(self._conv(key, "state"))
        return loads(raw) if raw else None

    async def save(self, key: ConversationKey, state: dict[str, Any], ttl: float, *,
                   message_id: str | None = None, lead: dict[str, Any] | None = None,
                   records: Sequence[tuple[str, str, dict[str, Any] | None]] = ()) -> None:
        """Put the records and append the lead, then write the state and the message mark."""
        # The outbox and the conversation live in different slots, so one transaction cannot
        # hold both. The lead goes first: its id comes from the conversation, so if we crash
        # before the state is written, the retried message re-adds nothing, and no state
        # can ever say "confirmed" without its lead. The records and the lead are sent together
        # (one round trip); on one connection Redis runs them in order, so the records land first.
        held = self._held.get(str(key))
        putting = [self.put_record(*record) for record in records]
        if lead is not None and held and held.token and self._single:
            # On a single Redis the lead and the state go in one atomic script (and one trip).
            await together(*putting, self._save_with_lead(key, held, dumps(state), ttl, message_id, lead))
            return
        if records or lead is not None:
            await together(*putting, *([self._add(lead, sender_of(lead, key))] if lead is not None else []))
        if held and held.token:
            await self._save_and_unlock(key, held, dumps(state), ttl, message_id)
            return
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(self._conv(key, "state"), dumps(state), px=int(ttl * 1000))
            if message_id is not None:
                pipe.set(self._conv(key, f"seen:{message_id}"), "1", px=int(seen_ttl(ttl) * 1000))
            await pipe.execute()

    def _state_keys(self, key: ConversationKey, held: Held, raw: str, ttl: float,
                    message_id: str | None) -> tuple[list[str], list[Any]]:
        """The keys and arguments of SAVE_AND_UNLOCK."""
        seen = self._conv(key, f"seen:{message_id}") if message_id is not None else ""
        return ([self._conv(key, "state"), self._conv(key, "lock"), seen],
                [raw, int(ttl * 1000), held.token, int(seen_ttl(ttl) * 1000)])

    async def _save_and_unlock(self, key: ConversationKey, held: Held, raw: str, ttl: float,
                               message_id: str | None) -> None:
        """Saving is the last thing done under a conversation lock, so it releases the lock too."""
        keys, args = self._state_keys(key, held, raw, ttl, message_id)
        await self._lua["save"](keys=keys, args=args)
        held.token, held.fresh = None, False

    async def _save_with_lead(self, key: ConversationKey, held: Held, raw: str, ttl: float,
                              message_id: str | None, lead: dict[str, Any]) -> None:
        """Append the lead, save the state and release the lock in one script (a single Redis only)."""
        lead_keys, lead_args = self._lead_keys(lead, sender_of(lead, key))
        state_keys, state_args = self._state_keys(key, held, raw, ttl, message_id)
        if await self._lua["save_lead"](keys=lead_keys + state_keys, args=lead_args + state_args) == -1:
            raise ValueError(f"reference {lead_args[1]} already belongs to another lead")
        held.token, held.fresh = None, False

    async def delete(self, key: ConversationKey) -> None:
        """Forget the state; message marks stay so a redelivery is still recognised."""
        held = self._held.get(str(key))
        if held:
            held.fresh = False
        await self._redis.delete(self._conv(key, "state"))

    @asynccontextmanager
    async def lock(self, key: ConversationKey, timeout: float = 10.0, *,  # noqa: ASYNC109 (the protocol's signature)
                   rate_window: float | None = None) -> AsyncIterator[int]:
        """SET NX PX with a random token, behind an in-process lock; released by compare-and-delete.

        The same script reads the state and counts the message in the conversation's own slot.
        """
        deadline = time.monotonic() + timeout
        name, token = self._conv(key, "lock"), secrets.token_hex(8)
        async with self._local.hold(str(key), timeout):
            rate = self._conv(key, f"{RATE}{window_of(rate_window)[0]}") if rate_window else ""
            keys = [name, self._conv(key, "state"), rate]
            args = [token, self._lock_ttl_ms, int((rate_window or 0) * 1000) + 1000]
            while not (got := await self._lua["lock"](keys=keys, args=args))[0]:
                if not await backoff(deadline):
                    raise LockTimeout(str(key))
            held = self._held[str(key)] = Held(token, got[1])
            try:
                yield got[2]
            finally:
                del self._held[str(key)]
                if held.token:  # not already released by save()
                    await self._lua["unlock"](keys=[name], args=[token])

    # -- deduplication and rate counters --------------------------------------
    async def seen(self, key: ConversationKey, message_id: str) -> bool:
        """Whether the message was saved as processed and the mark has not expired."""
        return bool(await self._redis.exists(self._conv(key, f"seen:{message_id}")))

    async def hit(self, counter: str, window: float, amount: int = 1) -> int:
        """INCRBY the current window's key; it expires soon after the window ends."""
        index, _ = window_of(window)
        name = f"{self.prefix}:{{rate:{counter}}}:{index}"
        return await self._lua["hit"](keys=[name], args=[int(window * 1000) + 1000, amount])

    async def peek(self, counter: str, window: float) -> int:
        """GET the current window's key; absent means 0."""
        value = await self._redis.get(f"{self.prefix}:{{rate:{counter}}}:{window_of(window)[0]}")
        return int(value or 0)

    # -- leads and the outbox -----------------------------------------------
    async def add_lead(self, lead: dict[str, Any]) -> bool:
        """Append a pending lead; False if its id is already there."""
        return await self._add(lead, sender_of(lead))

    async def _add(self, lead: dict[str, Any], sender: str) -> bool:
        """Add the lead and its indexes in one script, unless its id exists."""
        keys, args = self._lead_keys(lead, sender)
        added = await self._lua["add"](keys=keys, args=args)
        if added == -1:
            raise ValueError(f"reference {args[1]} already belongs to another lead")
        return added == 1

    def _lead_keys(self, lead: dict[str, Any], sender: str) -> tuple[list[str], list[Any]]:
        """The keys and arguments of ADD_LEAD."""
        lead_id, reference = lead_fields(lead)
        return ([self._lead(lead_id), f"{self._out}:ref:{reference}", f"{self._out}:due",
                 f"{self._out}:all", f"{self._out}:by_sender:{sender}"], [lead_id, reference, dumps(lead), sender])

    async def get_lead(self, reference: str) -> OutboxItem | None:
        """The lead with this reference or id."""
        lead_id = await self._redis.get(f"{self._out}:ref:{reference}") or reference
        fields = await self._redis.hgetall(self._lead(lead_id))
        return item(fields) if fields else None

    async def leads(self, sender: ConversationKey | None = None) -> AsyncIterator[OutboxItem]:
        """Every lead (or one sender's), newest first, read a page at a time."""
        index = f"{self._out}:by_sender:{sender}" if sender else f"{self._out}:all"
        async for found in self._pages(index, reverse=True):
            yield found

    async def _pages(self, index: str, reverse: bool) -> AsyncIterator[OutboxItem]:
        """The leads named in a sorted set, fetched a page of hashes per round trip."""
        start = 0
        while ids := await self._redis.zrange(index, start, start + PAGE - 1, desc=reverse):
            async with self._redis.pipeline(transaction=False) as pipe:
                for lead_id in ids:
                    pipe.hgetall(self._lead(lead_id))
                for fields in await pipe.execute():
                    if fields:
                        yield item(fields)
            start += PAGE

    async def claim(self, worker: str, lease: float, limit: int = 10) -> list[OutboxItem]:
        """Move the oldest due leads and lapsed leases into `leases`, in one script."""
        replies = await self._lua["claim"](
            keys=[f"{self._out}:due", f"{self._out}:leases"],
            args=[f"{self._out}:lead:", worker, lease, limit])
        return [item(dict(zip(r[::2], r[1::2], strict=True))) for r in replies]

    async def _settle(self, lead_id: str, worker: str, action: str, delay: float, text: str) -> bool:
        """Run one lease-owner-only transition on a claimed lead."""
        keys = [self._lead(lead_id), f"{self._out}:leases", f"{self._out}:due", f"{self._out}:dead"]
        return bool(await self._lua["settle"](keys=keys, args=[lead_id, worker, action, delay, text]))

    async def ack(self, lead_id: str, worker: str, result: dict[str, Any]) -> bool:
        """Mark delivered, if `worker` still holds the lease."""
        return await self._settle(lead_id, worker, "ack", 0, dumps(result))

    async def retry_later(self, lead_id: str, worker: str, delay: float, error: str) -> None:
        """Release the lead to be tried again after `delay` seconds."""
        await self._settle(lead_id, worker, "retry", delay, error)

    async def dead_letter(self, lead_id: str, worker: str, error: str) -> None:
        """Park the lead with the reason."""
        await self._settle(lead_id, worker, "dead", 0, error)

    async def dead_letters(self) -> AsyncIterator[OutboxItem]:
        """The parked leads, oldest first."""
        async for found in self._pages(f"{self._out}:dead", reverse=False):
            yield found

    async def requeue(self, reference: str) -> bool:
        """Put a dead lead back in the outbox."""
        lead_id = await self._redis.get(f"{self._out}:ref:{reference}") or reference
        keys = [self._lead(lead_id), f"{self._out}:dead", f"{self._out}:due"]
        return bool(await self._lua["requeue"](keys=keys, args=[lead_id]))

    # -- records -----------------------------------------------------------
    def _kind(self, kind: str) -> str:
        """The hash holding every record of one kind (one slot per kind)."""
        return f"{self.prefix}:{{r:{kind}}}"

    async def put_record(self, kind: str, key: str, value: dict[str, Any] | None) -> None:
        """Insert, replace or (with None) delete one record."""
        if value is None:
            await self._redis.hdel(self._kind(kind), key)
        else:
            await self._redis.hset(self._kind(kind), key, dumps(value))

    async def get_record(self, kind: str, key: str) -> dict[str, Any] | None:
        """One record, or None."""
        raw = await self._redis.hget(self._kind(kind), key)
        return loads(raw) if raw else None

    async def records(self, kind: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Every record of one kind in key order."""
        found = {key: raw async for key, raw in self._redis.hscan_iter(self._kind(kind), count=PAGE)}
        for key in sorted(found):
            yield key, loads(found[key])

    async def close(self) -> None:
        """Release the connection pool."""
        await self._redis.aclose()
