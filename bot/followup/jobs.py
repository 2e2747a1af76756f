"""The follow-up's scheduled work, as `gongqian worker` jobs: send events, ask 回访, check first contact.

Each job is `job(store, settings, vault, http, stop)` and loops until `stop` is set; one pass
of each takes `now`, so tests drive them with a fixed clock.
"""

from __future__ import annotations

import asyncio
import logging
import time

from bot.followup import survey
from bot.followup.notify import Notifier
from intake import events, sla
from intake.i18n import catalog

log = logging.getLogger(__name__)
EVERY = 15.0  # seconds between passes: alerts are retried, 回访 and SLA need no finer grain


async def _loop(name: str, work, stop: asyncio.Event) -> None:
    """Run one pass now and then until stopped; a failing pass is logged and tried again."""
    while not stop.is_set():
        try:
            await work(time.time())
        except Exception:  # the next pass retries; a job must outlive a store or network hiccup
            log.exception("%s pass failed", name)
        try:
            await asyncio.wait_for(stop.wait(), EVERY)
        except TimeoutError:
            pass


async def deliver_events(store, settings, vault, http, stop: asyncio.Event) -> None:
    """Send queued alerts, warnings, SLA alerts and 回访 answers, retrying failures."""
    await _loop("deliver_events", lambda now: events.flush(store, http, settings, now), stop)


async def ask_surveys(store, settings, vault, http, stop: asyncio.Event) -> None:
    """Ask 回访 questions that have come due."""
    notifier = Notifier(store, vault, settings, http)
    await _loop("ask_surveys", lambda now: survey.ask_due(store, notifier, catalog(), now), stop)


async def check_first_contact(store, settings, vault, http, stop: asyncio.Event) -> None:
    """Raise an SLA alert for leads with no first contact by the end of their day."""
    await _loop("check_first_contact", lambda now: sla.check(store, settings, now), stop)


