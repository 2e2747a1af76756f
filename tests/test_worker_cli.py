"""`gongqian worker` as the Procfile runs it: a child process, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.cli import worker
from bot.cli.worker import NO_BACKEND
from intake.store.sqlite import SQLiteStore
from tests.case_backend import CaseBackend
from tests.deliveries import KEY, environment, fill, quick, statuses, until

GONGQIAN = str(Path(sys.executable).parent / "gongqian")


async def start(data_dir, **env: str) -> asyncio.subprocess.Process:
    """`gongqian worker` on the SQLite store in `data_dir`."""
    variables = {**os.environ, "GONGQIAN_DATA_DIR": str(data_dir), "GONGQIAN_SECRET_KEY": KEY, **env}
    return await asyncio.create_subprocess_exec(GONGQIAN, "worker", env=variables, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.PIPE)


async def test_without_a_backend_it_says_so_once_and_keeps_running_until_sigterm(tmp_path):
    worker = await start(tmp_path, GONGQIAN_CASE_BACKEND_URL="")
    first = await asyncio.wait_for(worker.stderr.readline(), 20)
    assert NO_BACKEND in first.decode()
    await asyncio.sleep(1.0)
    assert worker.returncode is None
    worker.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(worker.wait(), 10) == 0
    rest = (await worker.stderr.read()).decode()
    assert NO_BACKEND not in rest and "worker stopped" in rest


async def test_sigterm_finishes_the_requests_in_flight_and_claims_no_more(tmp_path):
    backend = await CaseBackend(delay=1.0).start()
    store = SQLiteStore(tmp_path / "gongqian.sqlite3")
    ids = await fill(store, 6)
    worker = await start(tmp_path, **environment(quick(backend, delivery_concurrency=2, delivery_poll=0.5)))
    await until(lambda: len(backend.in_flight) == 2, 20, "two requests in flight")
    worker.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(worker.wait(), 10) == 0
    found = await statuses(store)
    delivered = {i for i in ids if found[i] == "delivered"}
    assert len(delivered) == 2 and set(backend.cases) == delivered and len(backend.requests) == 2
    assert sorted(found.values()) == ["delivered"] * 2 + ["pending"] * 4
    await store.close()
    await backend.stop()


async def test_a_backend_without_a_secret_is_refused_before_any_lead_is_touched(tmp_path):
    worker = await start(tmp_path, GONGQIAN_CASE_BACKEND_URL="http://127.0.0.1:9/cases", GONGQIAN_CASE_BACKEND_SECRET="")
    assert await asyncio.wait_for(worker.wait(), 20) == 2
    assert "GONGQIAN_CASE_BACKEND_SECRET is not set" in (await worker.stderr.read()).decode()


async def test_a_job_that_crashes_is_started_again(monkeypatch):
    monkeypatch.setattr(worker, "RESTART_AFTER", 0.01)
    stop, runs = asyncio.Event(), []

    async def flaky_job(*args) -> None:
        runs.append(args)
        if len(runs) == 1:
            raise RuntimeError("first run fails")
        await stop.wait()

    supervised = asyncio.create_task(worker.supervise("flaky", flaky_job, (None, None, None, None, stop)))
    await until(lambda: len(runs) == 2, 5, "the restart")
    stop.set()
    await asyncio.wait_for(supervised, 1)


def test_every_job_name_resolves_to_an_async_function():
    assert all(asyncio.iscoroutinefunction(worker.resolve(name)) for name in worker.JOBS)
