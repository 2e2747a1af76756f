"""The chat funnel: how many conversations got how far, counted as they go (a gateway effect).

A conversation "reaches" a step when it enters that step or any later one: the dialogue skips
steps a worker answered early, so the furthest step, not each entered state, says how far they
got. Counts are kept per month in store counters; each conversation's furthest step is a counter
too, so counting twice (a redelivered message, a revised answer) adds nothing.
"""

from __future__ import annotations

import datetime as dt

from bot.messages import Inbound
from dialogs.engine import StepResult
from dialogs.intake_flow import ADVANCE_ORDER
from intake.store import Store

STEPS: tuple[str, ...] = (*(s for s in ADVANCE_ORDER if s != "AMOUNT_CHECK"), "SUBMITTED")
OUTCOMES = ("SUBMITTED", "HANDED_OFF", "REFERRED", "DECLINED", "ABANDONED", "CANCELLED")
# One fixed window of ~300 years: monthly counters that never start over.
FOREVER = 10.0**10
# How long a conversation's own furthest-step counter is kept; conversations last minutes to days.
PROGRESS_WINDOW = 30 * 86400.0


def month_of(now: float, tz) -> str:
    """The month bucket (YYYY-MM) of a moment, in local time."""
    return dt.datetime.fromtimestamp(now, tz).strftime("%Y-%m")


def counter(month: str, what: str, state: str) -> str:
    """The store counter of one step ('reach') or end ('end') in one month."""
    return f"funnel:{month}:{what}:{state}"


def effect(gateway):
    """The gateway effect that counts what each step entered."""

    async def count_funnel(inbound: Inbound, result: StepResult) -> None:
        """Count the steps newly reached and the outcome, if the conversation ended."""
        month = month_of(gateway.clock(), gateway.tz)
        await record(gateway.store, f"funnel:at:{result.conversation.id}", month, result.entered)

    return count_funnel


async def record(store: Store, progress: str, month: str, entered: list[str]) -> None:
    """Move the conversation's furthest step up to what it entered, counting each step passed once."""
    furthest = max((STEPS.index(s) + 1 for s in entered if s in STEPS), default=0)
    before = await store.peek(progress, PROGRESS_WINDOW) if furthest else 0
    for index in range(before, furthest):
        # hit() returns the new count: only the caller that moved it to index+1 counts the step.
        if await store.hit(progress, PROGRESS_WINDOW) == index + 1:
            await store.hit(counter(month, "reach", STEPS[index]), FOREVER)
    for state in entered:
        if state in OUTCOMES:
            await store.hit(counter(month, "end", state), FOREVER)


async def counts(store: Store, month: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(step, conversations that reached it) in order, and (outcome, count), for one month."""
    reached = [(s, await store.peek(counter(month, "reach", s), FOREVER)) for s in STEPS]
    ended = [(s, await store.peek(counter(month, "end", s), FOREVER)) for s in OUTCOMES]
    return reached, ended
