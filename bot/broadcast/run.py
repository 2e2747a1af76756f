"""Running a broadcast: build the sender from the settings, report progress, join delivery reports."""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from collections.abc import Callable
from contextlib import asynccontextmanager

import aiohttp

from bot.sms.base import SmsProvider
from bot.sms.reports import KIND as REPORT
from intake.i18n import catalog
from intake.store import Store
from intake.vault import Vault

from . import model
from .bucket import LocalBucket, RedisBucket
from .clock import Clock, QuietHours
from .journal import Journal, open_journal
from .message import bulk_rate
from .sender import Rules, Sender, each

log = logging.getLogger(__name__)
TICK = 1.0  # seconds between progress reports
REPORT_PAGE = 500
WATCH = 5.0  # seconds between looks for running broadcasts in the worker


async def run(store: Store, settings, vault: Vault, broadcast_id: str, *, provider: SmsProvider | None = None,
              clock: Clock | None = None, on_progress: Callable[[dict], None] | None = None,
              stop: asyncio.Event | None = None) -> str:
    """Send this process's share of a running broadcast; return the state it ended in."""
    bc = await model.load(store, broadcast_id)
    if bc is None:
        raise model.BroadcastError(f"no broadcast {broadcast_id}")
    clock, prefix = clock or Clock(), getattr(store, "prefix", "gq")
    journal = open_journal(settings, bc.id, prefix)
    rules = Rules(QuietHours.parse(settings.broadcast_quiet_hours, settings.timezone),
                  settings.broadcast_attempts, settings.broadcast_lease)
    bucket = _bucket(settings, bc, clock, prefix)
    try:
        async with _provider(settings, bc.provider, provider) as sms:
            sender = Sender(store, vault, catalog(), settings, bc, journal, sms, bucket, rules, clock)
            state = await _watched(sender, store, journal, on_progress, stop)
        await _finish(store, bc.id, state)
        return state
    finally:
        await journal.close()
        await getattr(bucket, "close", _nothing)()


async def _nothing() -> None:
    return None


def _bucket(settings, bc: model.Broadcast, clock: Clock, prefix: str):
    """Shared in Redis per provider when configured, so every process together keeps to the TPS."""
    rate = bulk_rate(settings, bc.tps)
    if settings.redis_url:
        return RedisBucket(settings.redis_url, bc.provider, rate, clock, prefix, settings.redis_cluster)
    return LocalBucket(rate, clock)


@asynccontextmanager
async def _provider(settings, name: str, given: SmsProvider | None):
    """The provider handed in (tests), or the registry's module of that name over one HTTP session."""
    if given is not None:
        yield given
        return
    async with aiohttp.ClientSession() as http:
        made = importlib.import_module(f"bot.sms.{name}").provider(settings, http)
        if made is None:
            raise model.BroadcastError(f"SMS provider {name} is not configured: set its GONGQIAN_SMS_{name.upper()}_* settings")
        try:
            yield made
        finally:
            getattr(made, "close", lambda: None)()


async def _watched(sender: Sender, store: Store, journal: Journal, on_progress, stop) -> str:
    """Run the sender with a progress ticker beside it, and a stop event that ends it gently."""
    ticker = asyncio.create_task(_tick(sender.broadcast.id, store, journal, on_progress))
    relay = asyncio.create_task(_relay(stop, sender.stopping)) if stop else None
    try:
        return await sender.run()
    finally:
        for task in filter(None, (ticker, relay)):
            task.cancel()
        await _report(sender.broadcast.id, store, journal, on_progress, None)


async def _relay(stop: asyncio.Event, stopping: asyncio.Event) -> None:
    await stop.wait()
    stopping.set()


async def _tick(broadcast_id: str, store: Store, journal: Journal, on_progress) -> None:
    """Every second: counts to the caller, the send rate to the store (for `status` and the console)."""
    last = None
    while True:
        await asyncio.sleep(TICK)  # real time even under a test clock: this only paints progress
        last = await _report(broadcast_id, store, journal, on_progress, last)


async def _report(broadcast_id, store, journal, on_progress, last):
    """One progress report; returns (time, done) for the next rate."""
    counts, now = await journal.counts(), time.time()
    done = sum(counts[k] for k in ("sent", "failed", "opted_out", "unknown"))
    if last:
        rate = (done - last[1]) / max(now - last[0], 1e-6)
        await store.put_record(model.PROGRESS, broadcast_id, {"at": now, "rate": round(rate, 1), "done": done})
    if on_progress:
        on_progress(counts)
    return now, done


async def _finish(store: Store, broadcast_id: str, state: str) -> None:
    """A run that found nobody left marks the broadcast done (unless it was cancelled meanwhile)."""
    bc = await model.load(store, broadcast_id)
    if state == model.DONE and bc and bc.state == model.RUNNING:
        bc.state, bc.finished_at = model.DONE, time.time()
        await model.save(store, bc)


async def join_reports(store: Store, journal: Journal) -> int:
    """Look up delivery reports by provider message id for sent recipients still without one."""
    joined, after = 0, 0
    while after is not None:
        page, after = await journal.sent_without_report(after, REPORT_PAGE)
        found = await each([mid for _, mid in page], lambda mid: store.get_record(REPORT, mid))
        reports = {seq: _status(r) for (seq, _), r in zip(page, found, strict=True) if r}
        await journal.set_reports(reports)
        joined += len(reports)
    return joined


def _status(report: dict) -> str:
    """delivered / undelivered when the report is final, else the provider's interim status."""
    final = report.get("delivered")
    return "delivered" if final is True else "undelivered" if final is False else str(report.get("status") or "sent")


async def send_running(store: Store, settings, vault: Vault, http, stop: asyncio.Event) -> None:
    """Worker job: take part in every running broadcast until `stop`; new ones are noticed within seconds."""
    active: dict[str, asyncio.Task] = {}
    while not stop.is_set():
        async for key, record in store.records(model.KIND):
            if record.get("state") == model.RUNNING and (key not in active or active[key].done()):
                active[key] = asyncio.create_task(run(store, settings, vault, key, stop=stop))
                active[key].add_done_callback(_log_failure)
        try:
            await asyncio.wait_for(stop.wait(), WATCH)
        except TimeoutError:
            pass
    await asyncio.gather(*active.values(), return_exceptions=True)


def _log_failure(task: asyncio.Task) -> None:
    """A run that crashed is logged; the next look starts it again, and the journal resumes it."""
    if not task.cancelled() and task.exception():
        log.error("broadcast run failed", exc_info=task.exception())
