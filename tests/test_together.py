"""`together`: coroutines start in the caller's turn of the loop, finish without Tasks, fail like gather."""

from __future__ import annotations

import asyncio

import pytest

from intake.store.resp import Resp
from intake.together import Started, together


async def test_every_coroutine_starts_before_the_loop_turns():
    loop = asyncio.get_running_loop()
    turned, started = [], []
    loop.call_soon(turned.append, True)

    async def one(n):
        started.append((n, bool(turned)))
        await asyncio.sleep(0)
        return n * 10

    assert await together(one(1), one(2), one(3)) == [10, 20, 30]
    assert started == [(1, False), (2, False), (3, False)]


async def test_no_task_is_made():
    before = len(asyncio.all_tasks())
    seen = []

    async def one():
        seen.append(len(asyncio.all_tasks()))
        await asyncio.sleep(0.001)

    await together(one(), one())
    assert seen == [before, before]


async def test_an_answer_already_in_costs_no_turn():
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    ready.set_result("in")
    turned = []
    loop.call_soon(turned.append, True)

    async def reads():
        return await ready

    started = Started(reads())
    assert await started == "in" and not turned


async def test_the_first_failure_is_raised_and_the_rest_abandoned():
    finished = []

    async def fails():
        await asyncio.sleep(0)
        raise ValueError("no")

    async def slow():
        await asyncio.sleep(0.01)
        finished.append(True)

    with pytest.raises(ValueError):
        await together(fails(), slow())
    await asyncio.sleep(0.02)
    assert finished == []


async def test_a_failure_before_the_first_wait_is_kept_for_the_awaiter():
    async def fails_at_once():
        raise KeyError("now")

    started = Started(fails_at_once())
    assert started.done
    with pytest.raises(KeyError):
        await started


async def test_cancelling_the_awaiter_reaches_the_coroutine():
    cleaned = []

    async def waits():
        try:
            await asyncio.sleep(10)
        finally:
            cleaned.append(True)

    task = asyncio.ensure_future(together(waits()))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cleaned == [True]


async def test_commands_of_all_coroutines_go_in_one_write(redis_url):
    client = Resp(redis_url)
    await client.execute("SET", "together:a", "1")
    connection = await client._connection()
    writes = []
    flush = connection.flush

    def counted():
        writes.append(len(connection.outgoing))
        flush()

    connection.flush = counted
    try:
        got = await together(client.get("together:a"), client.exists("together:a"), client.get("together:none"))
        assert got == ["1", 1, None] and writes == [3]
    finally:
        await client.delete("together:a")
        await client.aclose()
