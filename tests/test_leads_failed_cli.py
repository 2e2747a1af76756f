"""`gongqian leads failed` and `gongqian leads retry`: a refused lead is listed, requeued and delivered."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

import bot.cli.runtime
from bot.cli import main
from intake.delivery.forward import Forwarder
from intake.delivery.worker import Courier
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore
from tests.case_backend import CaseBackend
from tests.deliveries import KEY, VAULT, fill, quick, statuses, until


@pytest.fixture
def cli(open_test_store, monkeypatch, tmp_path):
    """Runs `gongqian ...` in a thread (it starts its own event loop) on the test's store."""
    backend, url, prefix, path = open_test_store.argv
    monkeypatch.setenv("GONGQIAN_SECRET_KEY", KEY)
    monkeypatch.setenv("GONGQIAN_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(bot.cli.runtime, "open_store",
                        lambda *_: RedisStore(url, prefix=prefix) if backend == "redis" else SQLiteStore(path))
    return lambda *argv: asyncio.to_thread(main, list(argv))


async def deliver_until(store, backend, condition) -> None:
    """One worker pass over the outbox until `condition` holds."""
    stop = asyncio.Event()
    async with aiohttp.ClientSession() as http:
        conf = quick(backend)
        running = asyncio.create_task(Courier(store, VAULT, Forwarder.from_settings(http, conf), conf).run(stop))
        await until(condition, 10, "the outbox to settle")
        stop.set()
        await running


async def test_a_refused_lead_is_listed_then_requeued_and_delivered(open_test_store, cli, capsys):
    store, backend = open_test_store(), await CaseBackend().start()
    ids = await fill(store, 3)
    backend.refuse = {ids[0]: 422, ids[1]: 409}
    await deliver_until(store, backend, lambda: _count(store, "dead", 2))
    assert await cli("leads", "failed") == 0
    listed = capsys.readouterr().out.splitlines()
    reference = (await store.get_lead(ids[0])).reference
    assert listed[0].split() == ["reference", "attempts", "reason"] and len(listed) == 3
    assert any(line.startswith(reference) and " 1  HTTP 422: " in line and "138****0415" in line for line in listed)

    backend.refuse = {}
    assert await cli("leads", "retry", reference.lower()) == 0
    assert "requeued 1 lead(s)" in capsys.readouterr().err
    await deliver_until(store, backend, lambda: _count(store, "delivered", 2))
    assert (await store.get_lead(ids[0])).attempts == 1 and backend.ok[ids[0]] == 1
    assert await cli("leads", "retry", "--all") == 0
    await deliver_until(store, backend, lambda: _count(store, "delivered", 3))
    assert await cli("leads", "failed") == 0
    assert capsys.readouterr().err.strip().endswith("no failed leads")
    await backend.stop()


async def test_retry_says_what_is_wrong(open_test_store, cli, capsys):
    store = open_test_store()
    [lead_id] = await fill(store, 1)
    reference = (await store.get_lead(lead_id)).reference
    assert await cli("leads", "retry") == 2
    assert "give one reference or --all" in capsys.readouterr().err
    assert await cli("leads", "retry", reference) == 2
    assert f"lead {reference} has not failed (it is pending)" in capsys.readouterr().err
    assert await cli("leads", "retry", "GQ-20260105-ZZZZZZ") == 2
    assert "no lead with reference GQ-20260105-ZZZZZZ" in capsys.readouterr().err


async def _count(store, status: str, count: int) -> bool:
    return list((await statuses(store)).values()).count(status) == count
