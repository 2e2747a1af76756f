"""The chat funnel: how many conversations got how far, counted as they go (a gateway effect).

A conversation "reaches" a step when it enters that step or any later one: the dialogue skips
steps a worker answered early, so the furthest step, not each entered state, says how far they
got. The dialogue keeps each conversation's furthest step and reports the steps a message newly
reached (StepResult.reached), so counting is one increment per step passed; a redelivered
message never runs the step again, so it adds nothing.
"""

from __future__ import annotations

import datetime as dt

from bot.messages import Inbound
from dialogs.engine import StepResult
from dialogs.intake_flow import FUNNEL
from intake.store import Store

STEPS = FUNNEL
OUTCOMES = ("SUBMITTED", "HANDED_OFF", "REFERRED", "DECLINED", "ABANDONED", "CANCELLED")
# One fixed window of ~300 years: monthly counters that never start over.
FOREVER = 10.0**10


def month_of(now: float, tz) -> str:
    """The month bucket (YYYY-MM) of a moment, in local time."""
    return dt.datetime.fromtimestamp(now, tz).strftime("%Y-%m")


def counter(month: str, what: str, state: str) -> str:
    """The store counter of one step ('reach') or end ('end') in one month."""
    return f"funnel:{month}:{what}:{state}"


def effect(gateway):
    """The gateway effect that counts the steps each message reached."""

    async def count_funnel(inbound: Inbound, result: StepResult) -> None:
        """Count the steps newly reached and the outcome, if the conversation ended."""
        await record(gateway.store, month_of(gateway.clock(), gateway.tz), result.reached, result.entered)

    return count_funnel


async def record(store: Store, month: str, reached: list[str], entered: list[str]) -> None:
    """One increment per step newly reached, and one for an outcome."""
    for state in reached:
        await store.hit(counter(month, "reach", state), FOREVER)
    for state in entered:
        if state in OUTCOMES:
            await store.hit(counter(month, "end", state), FOREVER)


async def counts(store: Store, month: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(step, conversations that reached it) in order, and (outcome, count), for one month."""
    reached = [(s, await store.peek(counter(month, "reach", s), FOREVER)) for s in STEPS]
    ended = [(s, await store.peek(counter(month, "end", s), FOREVER)) for s in OUTCOMES]
    return reached, ended
