"""A conversation at its summary has its lead's neighbourhood read with the next message's lock."""

from __future__ import annotations

import pytest

import intake.enrich
from bot.app import GATEWAY, build_app
from bot.messages import Inbound
from intake.config import Settings

MESSAGES = ("包工头王建国欠我三万五 在青岛黄岛区干的", "同意", "海棠花园二期", "去年十月到今年一月", "就我一个",
            "李明", "13953201234", "跳过")


@pytest.fixture
def gateway(store, tmp_path):
    return build_app(Settings(data_dir=tmp_path), store=store)[GATEWAY]


async def summary(gateway, sender: str):
    for text in MESSAGES:
        outcome = await gateway.handle(Inbound("web", sender, text))
    assert outcome.state == "CONFIRM"
    return next(hook for hook in gateway.hooks if hasattr(hook, "confirming"))


@pytest.fixture
def reads_again(monkeypatch) -> list:
    """The neighbourhood reads enrich makes itself (the read ahead is made by the follow-up hook)."""
    calls: list = []
    original = intake.enrich.neighbourhood

    async def counted(*args, **kwargs):
        calls.append(args[2])
        return await original(*args, **kwargs)

    monkeypatch.setattr(intake.enrich, "neighbourhood", counted)
    return calls


async def test_the_confirmation_uses_the_read_ahead(gateway, reads_again):
    followup = await summary(gateway, "ahead-worker-1")
    key = str(gateway.key("web", "ahead-worker-1"))
    assert key in followup.confirming
    outcome = await gateway.handle(Inbound("web", "ahead-worker-1", "对"))
    assert outcome.reference and outcome.lead["priority"] == "normal"
    assert reads_again == [] and key not in followup.ahead and key not in followup.confirming


async def test_a_read_ahead_for_other_subjects_is_not_used(gateway, reads_again):
    followup = await summary(gateway, "ahead-worker-2")
    followup.confirming[str(gateway.key("web", "ahead-worker-2"))] = ("not-this-leads-subject",)
    outcome = await gateway.handle(Inbound("web", "ahead-worker-2", "对"))
    assert outcome.reference and len(reads_again) == 1  # read again, for the lead's own subjects


async def test_an_answer_that_is_not_a_confirmation_leaves_no_read_behind(gateway, reads_again):
    followup = await summary(gateway, "ahead-worker-3")
    await gateway.handle(Inbound("web", "ahead-worker-3", "改一下金额"))
    assert str(gateway.key("web", "ahead-worker-3")) not in followup.ahead


@pytest.fixture
def writes(gateway) -> list[int]:
    """How many writes to Redis each message takes (one write = one round trip)."""
    if not hasattr(gateway.store, "_redis"):
        pytest.skip("round trips are counted on Redis")
    counts: list[int] = []
    client = gateway.store._redis

    async def counting_connection(original=client._connection):
        connection = await original()
        if not hasattr(connection, "counted"):
            flush = connection.flush

            def counted():
                counts[-1] += 1
                flush()
            connection.flush, connection.counted = counted, True
        return connection

    client._connection = counting_connection
    return counts


async def test_every_message_of_a_complaint_takes_two_round_trips(gateway, writes):
    """Lock (with the state, the rate count and, before a confirmation, the lead's neighbourhood)
    and save: a first message has no 回访 lookup of its own, a confirmation no reads of its own."""
    for text in (*MESSAGES, "对"):
        writes.append(0)
        outcome = await gateway.handle(Inbound("web", "two-trips", text))
    assert outcome.reference
    assert writes[1:] == [2] * len(MESSAGES)  # the first message also opens the connection
