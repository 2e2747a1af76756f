"""CPU per Redis command: redis-py's asyncio client against the store's lean client (resp.py).

    .venv/bin/python bench/bench_resp.py [--redis redis://127.0.0.1:6379/13] [--commands 20000]

Both run GET and EVALSHA from 50 concurrent tasks on one event loop (uvloop), the way the
gateway calls Redis. Figures: microseconds of this process's CPU per command, and commands/s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake.store.resp import Resp  # noqa: E402

SCRIPT = "return redis.call('GET', KEYS[1])"


async def timed(call, commands: int, concurrency: int = 50) -> tuple[float, float]:
    async def worker(i: int) -> None:
        for _ in range(commands // concurrency):
            await call(f"bench:resp:{i}")

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return (time.process_time() - cpu) / commands * 1e6, commands / (time.perf_counter() - wall)


async def main(url: str, commands: int) -> None:
    import redis.asyncio as aioredis

    clients = {"redis-py": aioredis.from_url(url, decode_responses=True, protocol=2), "resp.py": Resp(url)}
    print(f"{'client':<10}{'command':<9}{'CPU µs':>8}{'per s':>9}")
    for label, client in clients.items():
        script = client.register_script(SCRIPT)
        for command, call in (("GET", client.get), ("EVALSHA", lambda k, s=script: s(keys=[k]))):
            await timed(call, commands // 4)  # warm up: connections made, script loaded
            cpu, rate = await timed(call, commands)
            print(f"{label:<10}{command:<9}{cpu:>8.1f}{rate:>9.0f}")
        await client.aclose()


if __name__ == "__main__":
    import uvloop

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--commands", type=int, default=20000)
    args = parser.parse_args()
    uvloop.run(main(args.redis, args.commands))
