"""The chat funnel: how many conversations got how far, counted as they go (a gateway effect).

A conversation "reaches" a step when it enters that step or any later one: the dialogue skips
steps a worker answered early, so the furthest step, not each entered state, says how far they
got. The dialogue keeps each conversation's furthest step and reports the steps a message newly
reached (StepResult.reached), so counting is one increment per step passed; a redelivered
message never runs the step again, so it adds nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from functools import lru_cache

from aiohttp import web

from bot.messages import Inbound
from dialogs.engine import StepResult
from dialogs.intake_flow import FUNNEL
from intake.store import Store

STEPS = FUNNEL
FLUSH_EVERY = 2.0
TALLY = web.AppKey("funnel_tally", object)
log = logging.getLogger(__name__)
OUTCOMES = ("SUBMITTED", "HANDED_OFF", "REFERRED", "DECLINED", "ABANDONED", "CANCELLED")
# One fixed window of ~300 years: monthly counters that never start over.
FOREVER = 10.0**10


def month_of(now: float, tz) -> str:
    """The month bucket (YYYY-MM) of a moment, in local time."""
    # Local midnight falls on a quarter hour in every time zone, so the month is worked out once
    # per quarter hour, not on every message that reaches a step.
    return _month_of_quarter(int(now // 900), tz)


@lru_cache(maxsize=64)
def _month_of_quarter(quarter: int, tz) -> str:
    return dt.datetime.fromtimestamp(quarter * 900, tz).strftime("%Y-%m")


def counter(month: str, what: str, state: str) -> str:
    """The store counter of one step ('reach') or end ('end') in one month."""
    return f"funnel:{month}:{what}:{state}"


class Tally:
    """Funnel counts gathered in this process and written to the store every few seconds.

    One store write per counter and interval instead of one per message (the funnel was the
    costliest thing a message did after the dialogue itself); a crash loses at most the last
    interval's counts, which a dashboard can spare.
    """

    def __init__(self, store: Store, every: float = FLUSH_EVERY):
        self.store, self.every = store, every
        self.pending: Counter[str] = Counter()
        self.task: asyncio.Task | None = None

    def add(self, name: str) -> None:
        """Count one event; the first one of an interval schedules the write."""
        self.pending[name] += 1
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self._later())

    async def _later(self) -> None:
        await asyncio.sleep(self.every)
        self.task = None
        await self.flush_quietly()

    async def flush_quietly(self, *_app) -> None:
        """Write what was counted, logging a failure: counts are statistics, never worth an error."""
        try:
            await self.flush()
        except Exception:
            log.exception("writing the chat funnel failed")

    async def flush(self) -> None:
        """Write what was counted so far."""
        if self.task is not None and self.task is not asyncio.current_task():
            self.task.cancel()  # written now: the scheduled write has nothing left to do
            self.task = None
        pending, self.pending = self.pending, Counter()
        for name, amount in pending.items():
            await self.store.hit(name, FOREVER, amount)


def effect(gateway, tally: Tally):
    """The gateway effect that counts the steps each message reached."""

    async def count_funnel(inbound: Inbound, result: StepResult) -> None:
        """Count the steps newly reached and the outcome, if the conversation ended."""
        # Most messages reach no new step and end nothing: they need no clock and no month.
        if result.reached or any(state in OUTCOMES for state in result.entered):
            record(tally, month_of(gateway.clock(), gateway.tz), result.reached, result.entered)

    return count_funnel


def record(tally: Tally, month: str, reached: list[str], entered: list[str]) -> None:
    """One count per step newly reached, and one for an outcome."""
    for state in reached:
        tally.add(counter(month, "reach", state))
    for state in entered:
        if state in OUTCOMES:
            tally.add(counter(month, "end", state))


async def counts(store: Store, month: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(step, conversations that reached it) in order, and (outcome, count), for one month."""
    reached = [(s, await store.peek(counter(month, "reach", s), FOREVER)) for s in STEPS]
    ended = [(s, await store.peek(counter(month, "end", s), FOREVER)) for s in OUTCOMES]
    return reached, ended
