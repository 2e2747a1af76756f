"""Every lead reaches a flaky, slow, sometimes-down backend once, and a worker killed mid-batch loses nothing.

The backend is a real aiohttp server on loopback (tests/case_backend.py) that checks each signature
with the documented formula; workers are real Couriers, and in the kill test a real child process.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from intake.delivery.forward import Forwarder
from intake.delivery.worker import Courier
from intake.schema import problems
from tests.case_backend import CaseBackend
from tests.deliveries import VAULT, environment, fill, quick, statuses, until

ROOT = Path(__file__).resolve().parent.parent
LEADS = 1000
WORKER = """
import asyncio, sys
from bot.cli.worker import serve_jobs
from intake.config import Settings
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore
from intake.vault import Vault

async def main(backend, url, prefix, path):
    store = RedisStore(url, prefix=prefix) if backend == "redis" else SQLiteStore(path)
    conf = Settings.from_env()
    await serve_jobs(store, conf, Vault.from_settings(conf.secret_key, conf.data_dir))

asyncio.run(main(*sys.argv[1:]))
"""


def flaky(rng: random.Random):
    """A third of the requests get 500, one in fifty hangs past the client's timeout."""
    return lambda: "500" if rng.random() < 1 / 3 else "timeout" if rng.random() < 0.02 else None


async def outage(backend: CaseBackend, after: int, downtime: float) -> None:
    """Take the backend down once `after` leads have arrived, then bring it back on the same port."""
    await until(lambda: len(backend.cases) >= after, 60, f"{after} leads before the outage")
    port = backend.port
    await backend.stop()
    await asyncio.sleep(downtime)
    await backend.start()
    assert backend.port == port


@pytest.mark.slow
async def test_a_thousand_leads_each_arrive_exactly_once_through_errors_timeouts_and_an_outage(open_test_store):
    store, backend = open_test_store(), CaseBackend(hang=1.2)
    await backend.start()
    backend.fault = flaky(random.Random(5))
    ids = await fill(store, LEADS)
    conf = quick(backend, case_backend_timeout=1.0, delivery_concurrency=8)
    stop = asyncio.Event()
    async with aiohttp.ClientSession() as http:
        workers = [Courier(open_test_store(), VAULT, Forwarder.from_settings(http, conf), conf, name=f"w{n}")
                   for n in (1, 2)]
        running = [asyncio.create_task(w.run(stop)) for w in workers]
        await outage(backend, after=300, downtime=1.5)
        await until(lambda: _all_delivered(store), 60, "every lead delivered")
        stop.set()
        await asyncio.gather(*running)
    await backend.stop()

    statuses_seen = [status for _, status in backend.requests]
    assert backend.forged == 0
    assert sorted(backend.cases) == sorted(ids)  # all arrived
    assert len(backend.ok) == LEADS and set(backend.ok.values()) == {1}  # each key taken exactly once
    assert len({key for key, _ in backend.requests}) == LEADS < len(backend.requests)
    assert statuses_seen.count(500) > LEADS / 4 and statuses_seen.count(503) > 0  # the faults really happened
    items = {item.lead_id: item async for item in store.leads()}
    assert all(items[i].result == {"case_id": backend.cases[i]} for i in ids)
    assert any((item.last_error or "").startswith("connection failed") for item in items.values())  # the outage
    assert all(problems(json.loads(body)) == [] for _, body in backend.bodies.values())


async def _all_delivered(store) -> bool:
    found = await statuses(store)
    return len(found) == LEADS and set(found.values()) == {"delivered"}


@pytest.mark.slow
async def test_a_worker_killed_mid_batch_loses_nothing_and_another_finishes(open_test_store):
    store, backend = open_test_store(), CaseBackend(delay=0.02)
    await backend.start()
    ids = await fill(store, 200)
    conf = quick(backend, delivery_lease=2.0, delivery_concurrency=4)
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", WORKER, *open_test_store.argv, cwd=ROOT,
                                                 env={**os.environ, **environment(conf)},
                                                 stderr=asyncio.subprocess.DEVNULL)
    try:
        await until(lambda: len(backend.cases) >= 40 and backend.in_flight, 30, "the child worker mid-batch")
    finally:
        child.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(child.wait(), 10) == -signal.SIGKILL
    orphaned = {i for i, status in (await statuses(store)).items() if status == "claimed"}
    assert orphaned, "the child held no lease when it died"

    async with aiohttp.ClientSession() as http:
        survivor = Courier(store, VAULT, Forwarder.from_settings(http, conf), conf, name="survivor")
        stop = asyncio.Event()
        running = asyncio.create_task(survivor.run(stop))
        await until(lambda: _settled(store, ids), 30, "the survivor to finish")
        stop.set()
        await running
    await backend.stop()

    assert sorted(backend.cases) == sorted(ids) and backend.forged == 0
    twice = {key for key, count in backend.ok.items() if count > 1}
    assert twice <= orphaned  # only a lead in flight at the kill may be sent again, under its own key
    for lead_id in orphaned:
        item = await store.get_lead(lead_id)
        assert item.attempts == 2 and item.result == {"case_id": backend.cases[lead_id]}


async def _settled(store, ids) -> bool:
    return await statuses(store) == dict.fromkeys(ids, "delivered")
