"""The delivery loop: claim due leads with a lease, forward a few at once, settle each in the outbox.

Many loops (in many processes, on many machines) share one outbox: a lead is claimed by one of
them for `lease` seconds, and a crashed worker's leads are claimed again once the lease runs out.
The backend deduplicates by Idempotency-Key, so a lead re-sent after such a takeover is harmless.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time

import aiohttp

from intake.config import Settings
from intake.lead import unseal
from intake.store import OutboxItem, Store
from intake.vault import Vault

from .forward import Forwarder
from .policy import Outcome, retry_delay

log = logging.getLogger("gongqian.delivery")


def worker_name() -> str:
    """A lease owner name unique to this process: host, pid and a random tag (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Courier:
    """Forwards the outbox to the case backend, `concurrency` requests at a time."""

    def __init__(self, store: Store, vault: Vault, forwarder: Forwarder, conf: Settings, name: str = ""):
        self.store, self.vault, self.forwarder = store, vault, forwarder
        self.name = name or worker_name()
        self.concurrency, self.lease, self.poll = conf.delivery_concurrency, conf.delivery_lease, conf.delivery_poll
        self.retry_base, self.retry_cap = conf.delivery_retry_base, conf.delivery_retry_cap

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set, then finish the requests in flight and claim no more."""
        in_flight: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            for item in await self._claim(self.concurrency - len(in_flight)):
                task = asyncio.create_task(self.deliver(item))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            await _first(stop, in_flight, self.poll)
        await asyncio.gather(*in_flight)

    async def _claim(self, free: int) -> list[OutboxItem]:
        """Due leads for the free slots; none when the store cannot be reached this time."""
        if free <= 0:
            return []
        try:
            return await self.store.claim(self.name, self.lease, free)
        except Exception:  # a store outage must not end the worker; the leads wait in the store
            log.exception("could not claim leads; trying again")
            return []

    async def deliver(self, item: OutboxItem) -> None:
        """Forward one claimed lead and record how it went."""
        started = time.monotonic()
        try:
            outcome = await self.forwarder.send(unseal(item.lead, self.vault))
        except Exception as error:  # a lead that cannot even be sent (say, a wrong key) waits for a fix
            log.exception("lead %s could not be sent", item.reference)
            outcome = Outcome("retry", f"not sent: {type(error).__name__}")
        try:
            await self.settle(item, outcome, time.monotonic() - started)
        except Exception:  # unsettled, the lease runs out and the lead is sent again: nothing is lost
            log.exception("could not record the outcome of lead %s", item.reference)

    async def settle(self, item: OutboxItem, outcome: Outcome, took: float) -> None:
        """Acknowledge, reschedule or park the lead, as the outcome says."""
        if outcome.kind == "delivered":
            if await self.store.ack(item.lead_id, self.name, outcome.result()):
                log.info("lead %s delivered in %.2f s (case %s)", item.reference, took, outcome.case_id or "-")
            else:
                log.warning("lead %s delivered, but its lease ran out first; it may be sent again "
                            "under the same Idempotency-Key", item.reference)
        elif outcome.kind == "retry":
            delay = retry_delay(outcome, item.attempts, self.retry_base, self.retry_cap)
            await self.store.retry_later(item.lead_id, self.name, delay, outcome.reason)
            log.info("lead %s attempt %d failed (%s); next in %.1f s", item.reference, item.attempts,
                     outcome.reason, delay)
        else:
            await self.store.dead_letter(item.lead_id, self.name, outcome.reason)
            log.warning("lead %s refused by the case backend (%s); see `gongqian leads failed`",
                        item.reference, outcome.reason)


async def _first(stop: asyncio.Event, tasks: set[asyncio.Task[None]], poll: float) -> None:
    """Wait until stop is set, a request finishes (a slot is free) or `poll` seconds pass."""
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({stopping, *tasks}, timeout=poll, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()


async def deliver(store: Store, conf: Settings, vault: Vault, http: aiohttp.ClientSession,
                  stop: asyncio.Event) -> None:
    """Job: forward the outbox to the case backend until stopped; nothing to do without one."""
    if not conf.case_backend_url:
        return
    await Courier(store, vault, Forwarder.from_settings(http, conf), conf).run(stop)
