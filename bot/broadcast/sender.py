"""Runs a broadcast: claim recipients, check opt-outs, mark in flight, send, record — within TPS and hours."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.sms.base import SendError, SmsProvider
from bot.sms.optout import opted_out
from intake.i18n import Catalog
from intake.privacy import mask_phone
from intake.store import Store
from intake.vault import Vault

from . import model
from .bucket import Bucket
from .clock import Clock, QuietHours
from .journal import FAILED, OPTED_OUT, RETRY, SENT, UNKNOWN, Entry, Journal, Outcome
from .message import render

log = logging.getLogger(__name__)
BATCH = 256  # recipients per claim: also how many provider calls may be outstanding at once
SEND_TIMEOUT = 30.0  # a provider call longer than this is in doubt; well inside the lease
POLL = 30.0  # longest sleep before looking again at pause/cancel while waiting for a time
IDLE = 1.0
LOOKUPS = 32  # store lookups at once: a Redis round trip each, without emptying the store's pool


async def each(items: list, lookup: Callable[..., Awaitable], limit: int = LOOKUPS) -> list:
    """`lookup(item)` for every item, a few dozen at a time, results in order."""
    gate = asyncio.Semaphore(limit)

    async def one(item):
        async with gate:
            return await lookup(item)

    return list(await asyncio.gather(*(one(item) for item in items)))


async def opted_out_of(store: Store, vault: Vault, phones: list[str]) -> list[bool]:
    """Whether each number opted out."""
    return await each(phones, lambda phone: opted_out(store, vault, phone))


def owner_id() -> str:
    """Who holds a claim: host, process and a random part, so a restarted pid is someone new."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class Rules:
    """The settings a run obeys."""

    quiet: QuietHours | None
    attempts: int
    lease: float


class Sender:
    """One process's share of sending one broadcast; several may run the same one at once."""

    def __init__(self, store: Store, vault: Vault, texts: Catalog, settings, broadcast: model.Broadcast,
                 journal: Journal, provider: SmsProvider, bucket: Bucket, rules: Rules, clock: Clock):
        self.store, self.vault, self.texts, self.settings = store, vault, texts, settings
        self.broadcast, self.journal, self.provider, self.bucket = broadcast, journal, provider, bucket
        self.rules, self.clock, self.owner = rules, clock, owner_id()
        self.on_batch: Callable[[list[Outcome]], None] = lambda outcomes: None
        self.stopping = asyncio.Event()  # set on SIGTERM/Ctrl-C: finish the batch in hand, then stop

    async def run(self) -> str:
        """Send until nothing is left, or until paused or cancelled; return the state it ended in."""
        await self.journal.recover(self.clock.now())
        while not self.stopping.is_set():
            state = await self._state()
            if state != model.RUNNING:
                return state
            if await self._hold():
                continue
            granted = await self.bucket.take(BATCH)
            # The wait for a token may have crossed into quiet hours: look again before claiming.
            entries = [] if self.wait() else await self.journal.claim(
                self.owner, granted, self.clock.now(), self.rules.lease)
            if entries:
                await self._send(entries)
            elif not self.wait() and await self._finished():
                return model.DONE
        return model.RUNNING

    def wait(self) -> float:
        """Seconds until sending is allowed: the schedule first, then quiet hours."""
        now = self.clock.now()
        if self.broadcast.at and now < self.broadcast.at:
            return self.broadcast.at - now
        return self.rules.quiet.until_end(now) if self.rules.quiet else 0.0

    async def _hold(self) -> bool:
        """Sleep (in slices, to notice a pause) while the schedule or quiet hours say wait."""
        wait = self.wait()
        if wait > 0:
            await self.clock.sleep(min(wait, POLL))
        return wait > 0

    async def _state(self) -> str:
        """The broadcast's state now: a supervisor may have paused or cancelled it from elsewhere."""
        current = await model.load(self.store, self.broadcast.id)
        return current.state if current else model.CANCELLED

    async def _finished(self) -> bool:
        """True when nobody is left to send to; else recover lapsed claims and idle a moment."""
        counts = await self.journal.counts()
        if counts["pending"] + counts["claimed"] + counts["in_flight"] == 0:
            return True
        await self.journal.recover(self.clock.now())
        await self.clock.sleep(IDLE)
        return False

    async def _send(self, entries: list[Entry]) -> None:
        """Opt-outs are checked just before the in-flight mark, so one sent mid-run is honoured."""
        phones = [self.vault.decrypt(entry.phone) for entry in entries]
        stopped = await opted_out_of(self.store, self.vault, phones)
        skipped = [Outcome(e.seq, OPTED_OUT, "opted out") for e, out in zip(entries, stopped, strict=True) if out]
        going = [(e, phone) for e, phone, out in zip(entries, phones, stopped, strict=True) if not out]
        if going:
            await self.journal.begin([e.seq for e, _ in going], self.clock.now(), self.rules.lease)
        outcomes = skipped + list(await asyncio.gather(*(self._one(e, phone) for e, phone in going)))
        await self.journal.settle(outcomes)
        self.on_batch(outcomes)

    async def _one(self, entry: Entry, phone: str) -> Outcome:
        """One provider call; its error decides between a later retry and a recorded failure."""
        bc = self.broadcast
        text = render(self.texts, bc.lang, bc.template, self.settings, self.vault.decrypt(entry.name), entry.project)
        try:
            async with asyncio.timeout(SEND_TIMEOUT):
                sent = await self.provider.send(phone, text, reference=bc.id)
        except SendError as exc:
            return self._failed(entry, phone, exc)
        except Exception as exc:  # noqa: BLE001 — the call may have reached the provider: in doubt, never resent
            log.warning("broadcast %s: send to %s in doubt: %s", bc.id, mask_phone(phone), type(exc).__name__)
            return Outcome(entry.seq, UNKNOWN, f"in doubt: {type(exc).__name__}")
        return Outcome(entry.seq, SENT, message_id=sent.platform_id)

    def _failed(self, entry: Entry, phone: str, exc: SendError) -> Outcome:
        """Transient errors come back later with a growing delay, a bounded number of times."""
        if exc.retryable and entry.attempts + 1 < self.rules.attempts:
            delay = min(300.0, 5.0 * 2 ** entry.attempts)
            return Outcome(entry.seq, RETRY, exc.reason, due_at=self.clock.now() + delay)
        log.info("broadcast %s: not sent to %s: %s", self.broadcast.id, mask_phone(phone), exc.reason)
        return Outcome(entry.seq, FAILED, exc.reason)
