"""Dialogue steps per second through the whole gateway path, against a bare aiohttp+Redis reference.

    .venv/bin/python bench/bench_gateway.py [--seconds 8] [--concurrency 50]

Each of `concurrency` simulated workers holds one conversation at a time and sends a real
complaint, message after message (first message, consent, slots, confirmation), over HTTP
to POST /api/chat; a finished conversation is followed by a new session. The load runs in its
own process. The reference server does one Redis GET and one SET per request, nothing else.
Figures: requests/s, p50 and p99 latency, and the ratio to the reference in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A complaint, message by message. The facts vary per conversation, as real ones do (with one
# employer and one site for all, every new lead would link to every earlier one, and every
# answer would be the same text); consent, skipping the ID and confirming are quick-reply taps,
# the same text from everyone.
SCRIPT = ("包工头{boss}欠我{amount} 在{place}干的", "同意", "{site}二期", "{period}", "{workers}",
          "{name}", "{phone}", "跳过", "对")
SURNAMES, GIVEN = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "建国军明华强伟勇杰涛斌超波辉刚平"
SITES = ("海棠花园", "锦绣华庭", "滨江一号", "翠湖湾", "金色家园", "阳光新城", "东方明珠苑", "紫荆府")
AMOUNTS = ("三万五", "两万八", "一万二", "八千", "四万三", "5万", "12000元", "六千五")
PLACES = ("青岛黄岛区", "成都龙泉驿区", "广州番禺区", "郑州金水区", "杭州余杭区", "南京江宁区", "北京大兴区", "重庆渝北区")
PERIODS = ("去年十月到今年一月", "今年三月到六月", "2025年8月到12月", "去年九月到现在")
WORKERS = ("就我一个", "我们三个人", "班组十二个人", "我和我老婆两个")


def facts(n: int) -> dict[str, str]:
    """The facts of conversation number n (a 24-bit number), spread over every list."""
    return {"boss": SURNAMES[n % 20] + GIVEN[n // 20 % 16] + GIVEN[n // 320 % 16],
            "site": SITES[n // 5120 % 8] + "ABCDEFGH"[n % 8], "amount": AMOUNTS[n // 7 % 8],
            "place": PLACES[n // 11 % 8], "period": PERIODS[n // 13 % 4], "workers": WORKERS[n // 17 % 4],
            "name": SURNAMES[n // 3 % 20] + GIVEN[n // 19 % 16], "phone": f"139{n % 10**8:08d}"}


REDIS_DB = "redis://127.0.0.1:6379/13"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not come up")


async def converse(url: str, stop: float, latencies: list[float], errors: list[int]) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        while time.monotonic() < stop:
            session = f"bench-{uuid.uuid4().hex}"
            said = facts(int(session[-6:], 16))
            for step, template in enumerate(SCRIPT):
                text = template.format(**said)
                started = time.perf_counter()
                async with http.post(url, json={"session": session, "text": text}) as response:
                    await response.read()
                    if response.status != 200:
                        errors.append(response.status)
                latencies.append((step, time.perf_counter() - started))
                if time.monotonic() >= stop:
                    return


def load(port: int, seconds: float, concurrency: int, out) -> None:
    """The client process: warm up, then measure for `seconds`."""
    import uvloop

    async def main():
        url = f"http://127.0.0.1:{port}/api/chat"
        await asyncio.gather(*(converse(url, time.monotonic() + 2, [], []) for _ in range(concurrency)))
        latencies: list[float] = []
        errors: list[int] = []
        started = time.monotonic()
        await asyncio.gather(*(converse(url, started + seconds, latencies, errors) for _ in range(concurrency)))
        out.send((len(latencies) / (time.monotonic() - started), latencies, errors))

    uvloop.run(main())


def measure(port: int, seconds: float, concurrency: int) -> dict:
    receive, send = multiprocessing.Pipe(duplex=False)
    client = multiprocessing.Process(target=load, args=(port, seconds, concurrency, send))
    client.start()
    rate, timed, errors = receive.recv()
    client.join()
    q = statistics.quantiles([seconds for _, seconds in timed], n=100)
    by_step = {}
    for step in range(len(SCRIPT)):
        steps = statistics.quantiles([seconds for s, seconds in timed if s == step] or [0, 0], n=100)
        by_step[step] = (round(steps[49] * 1000, 1), round(steps[98] * 1000, 1))
    return {"rps": rate, "p50": q[49] * 1000, "p99": q[98] * 1000, "errors": len(errors), "by_step": by_step}


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def run_case(name: str, command: list[str], env: dict, args) -> dict:
    """Start one server (its command has a {port} placeholder), load it, stop it, drop its data."""
    port = free_port()
    process = start([part.format(port=port) for part in command], env)
    try:
        wait_up(port)
        return {"case": name, **measure(port, args.seconds, args.concurrency)}
    finally:
        stop(process)
        if "GONGQIAN_DATA_DIR" in env:
            shutil.rmtree(env["GONGQIAN_DATA_DIR"], ignore_errors=True)


def flush_bench_db() -> None:
    import redis

    redis.Redis.from_url(REDIS_DB).flushdb()


def cases() -> list[tuple[str, list[str], dict]]:
    """(name, command, environment) of every server measured, the reference before its rivals."""
    python, gongqian = sys.executable, str(Path(sys.executable).parent / "gongqian")

    def gateway(store: str, workers: int) -> tuple[str, list[str], dict]:
        env = {**os.environ, "GONGQIAN_DATA_DIR": tempfile.mkdtemp(prefix="gq-bench-"),
               "GONGQIAN_LOG_LEVEL": "WARNING", **({"GONGQIAN_REDIS_URL": REDIS_DB} if store == "redis" else {})}
        return (f"gateway {store} x{workers}", [gongqian, "serve", "--port", "{port}", "--workers", str(workers)], env)

    def reference(workers: int) -> tuple[str, list[str], dict]:
        return (f"reference x{workers}", [python, "bench/reference_server.py", "{port}", REDIS_DB, str(workers)],
                dict(os.environ))

    return [reference(1), gateway("redis", 1), gateway("sqlite", 1), reference(2), gateway("redis", 2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--by-step", action="store_true", help="also print p50/p99 of each script message")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this, e.g. 'x1'")
    args = parser.parse_args()
    rows = []
    for name, command, env in cases():
        if args.only not in name:
            continue
        flush_bench_db()
        rows.append(run_case(name, command, env, args))
        if args.by_step:  # where the tail comes from: p50 and p99 ms of each message of the script
            print(name, rows[-1]["by_step"], file=sys.stderr)
    flush_bench_db()
    report(rows)


def report(rows: list[dict]) -> None:
    print(f"{'case':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs ref req/s':>14}{'vs ref p99':>12}")
    for row in rows:
        ref = next((r for r in rows if r["case"] == f"reference x{row['case'][-1]}"), row)
        print(f"{row['case']:<22}{row['rps']:>9.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}{row['errors']:>8}"
              f"{row['rps'] / ref['rps']:>13.0%}{row['p99'] / ref['p99']:>11.2f}x")


if __name__ == "__main__":
    main()
