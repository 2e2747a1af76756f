"""Lead delivery throughput (leads/s per worker process) and latency from confirmation to backend receipt.

    .venv/bin/python bench/bench_delivery.py [--leads 2000] [--store sqlite|redis] [--rate 40]

Throughput: the outbox is filled with `leads` sealed leads, then 1 (and then 2) `gongqian worker`
processes deliver them to a local backend that checks every signature and answers 201 with a
case id; the figure is the receipt rate between the first and the last lead, so process start-up
is not counted. Latency: one idle worker, and leads confirmed (added to the outbox) at `rate` per
second; each lead's time from the add_lead call to its receipt at the backend, p50 and p99.
The worker runs with its defaults (4 requests in flight, 0.5 s poll of an empty outbox).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake.store.redis import RedisStore  # noqa: E402
from intake.store.sqlite import SQLiteStore  # noqa: E402
from tests.deliveries import KEY, make_lead  # noqa: E402

SECRET = "bench-secret"  # noqa: S105 (a local benchmark)
WORKER = """
import asyncio, sys
from bot.cli.worker import serve_jobs
from intake.config import Settings
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore
from intake.vault import Vault

async def main(kind, url, prefix, path):
    store = RedisStore(url, prefix=prefix) if kind == "redis" else SQLiteStore(path)
    conf = Settings.from_env()
    await serve_jobs(store, conf, Vault.from_settings(conf.secret_key, conf.data_dir))

asyncio.run(main(*sys.argv[1:]))
"""


class Backend:
    """A case backend in its own thread and event loop, noting when each Idempotency-Key first arrives."""

    def __init__(self) -> None:
        self.received: dict[str, float] = {}
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._serve, daemon=True).start()
        self._ready.wait(10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/cases", self.take)
        runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", 0).start())
        self.port = runner.addresses[0][1]
        self._ready.set()
        self._loop.run_forever()

    async def take(self, request: web.Request) -> web.Response:
        body, key = await request.read(), request.headers["Idempotency-Key"]
        fields = dict(p.split("=", 1) for p in request.headers["X-Gongqian-Signature"].split(","))
        mac = hmac.new(SECRET.encode(), fields["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac, fields["v1"]):
            return web.json_response({"error": "bad signature"}, status=401)
        self.received.setdefault(key, time.time())
        return web.json_response({"case_id": f"C-{key[:8]}"}, status=201)


class Outbox:
    """A fresh outbox (SQLite file or Redis prefix) that worker processes can open too."""

    def __init__(self, kind: str, redis_url: str, directory: Path) -> None:
        self.argv = [kind, redis_url, f"gqbench{uuid.uuid4().hex}", str(directory / f"{uuid.uuid4().hex}.sqlite3")]

    def open(self):
        kind, url, prefix, path = self.argv
        return RedisStore(url, prefix=prefix) if kind == "redis" else SQLiteStore(path)

    async def drop(self) -> None:
        if self.argv[0] == "redis":
            import redis.asyncio as aioredis

            client = aioredis.from_url(self.argv[1])
            async for name in client.scan_iter(match=f"{self.argv[2]}:*", count=1000):
                await client.delete(name)
            await client.aclose()


async def workers(outbox: Outbox, backend: Backend, count: int, directory: Path) -> list[asyncio.subprocess.Process]:
    env = {**os.environ, "GONGQIAN_CASE_BACKEND_URL": f"http://127.0.0.1:{backend.port}/cases",
           "GONGQIAN_CASE_BACKEND_SECRET": SECRET, "GONGQIAN_SECRET_KEY": KEY, "GONGQIAN_DATA_DIR": str(directory),
           "GONGQIAN_LOG_LEVEL": "WARNING"}
    return [await asyncio.create_subprocess_exec(sys.executable, "-c", WORKER, *outbox.argv, cwd=ROOT, env=env)
            for _ in range(count)]


async def stop(processes: list[asyncio.subprocess.Process]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        await process.wait()


async def wait_for(backend: Backend, keys: set[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not keys <= backend.received.keys():
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(keys & backend.received.keys())} of {len(keys)} leads arrived")
        await asyncio.sleep(0.05)


async def throughput(kind: str, redis_url: str, leads: int, count: int, directory: Path) -> tuple[float, float]:
    """(leads/s in all, leads/s per worker) with `count` worker processes draining a full outbox."""
    outbox, backend = Outbox(kind, redis_url, directory), Backend()
    store = outbox.open()
    keys = set()
    for lead in (make_lead(n) for n in range(leads)):
        await store.add_lead(lead)
        keys.add(lead["id"])
    processes = await workers(outbox, backend, count, directory)
    await wait_for(backend, keys, 300)
    await stop(processes)
    await store.close()
    await outbox.drop()
    times = sorted(backend.received[k] for k in keys)
    rate = (leads - 1) / (times[-1] - times[0])
    return rate, rate / count


async def latency(kind: str, redis_url: str, rate: float, seconds: float, directory: Path) -> tuple[float, float]:
    """(p50, p99) milliseconds from add_lead to backend receipt, leads confirmed at `rate` per second."""
    outbox, backend = Outbox(kind, redis_url, directory), Backend()
    store = outbox.open()
    processes = await workers(outbox, backend, 1, directory)
    await asyncio.sleep(3.0)  # let the worker start before the clock matters
    confirmed: dict[str, float] = {}
    for n in range(int(rate * seconds)):
        lead = make_lead(100_000 + n)
        confirmed[lead["id"]] = time.time()
        await store.add_lead(lead)
        await asyncio.sleep(1 / rate)
    await wait_for(backend, set(confirmed), 60)
    await stop(processes)
    await store.close()
    await outbox.drop()
    waits = sorted((backend.received[k] - t) * 1000 for k, t in confirmed.items())
    return statistics.median(waits), waits[min(len(waits) - 1, int(len(waits) * 0.99))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=2000, help="leads in the throughput runs")
    parser.add_argument("--store", choices=("sqlite", "redis"), default="sqlite")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--rate", type=float, default=40.0, help="leads confirmed per second in the latency run")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the latency run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [(count, *await throughput(args.store, args.redis_url, args.leads, count, Path(tmp)))
                for count in (1, 2)]
        p50, p99 = await latency(args.store, args.redis_url, args.rate, args.seconds, Path(tmp))
    print(f"\ndelivery to a local backend, {args.store} store, {args.leads} leads, {os.cpu_count()} CPUs")
    print(f"{'workers':>8} {'leads/s':>10} {'per worker':>11}")
    for count, total, each in rows:
        print(f"{count:>8} {total:>10.0f} {each:>11.0f}")
    print(f"\nconfirmation → receipt at {args.rate:g} leads/s for {args.seconds:g} s: "
          f"p50 {p50:.0f} ms, p99 {p99:.0f} ms (0.5 s poll of an idle outbox)")


if __name__ == "__main__":
    asyncio.run(main())
