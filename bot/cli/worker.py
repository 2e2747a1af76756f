"""`gongqian worker`: deliver leads to the case backend and run the background jobs, until stopped."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.cli import UsageError
from bot.cli.runtime import describe_store, settings
from intake.config import Settings
from intake.delivery.body import CONTENT_TYPES

if TYPE_CHECKING:  # aiohttp and the stores load only when the worker runs, keeping `gongqian --help` quick
    import aiohttp

    from intake.store import Store
    from intake.vault import Vault

# Every background job, as "module:function" of an `async def job(store, settings, vault, http, stop)`
# that returns soon after `stop` is set. Adding a job is one line here.
JOBS = (
    "intake.delivery.worker:deliver",
    "bot.followup.jobs:deliver_events",
    "bot.followup.jobs:ask_surveys",
    "bot.followup.jobs:check_first_contact",
    "bot.broadcast.run:send_running",
)
RESTART_AFTER = 5.0  # seconds before a job that crashed is started again
NO_BACKEND = "no case backend configured; leads stay in the local inbox — see `gongqian leads list`"
EPILOG = """examples:
  gongqian worker                     deliver to GONGQIAN_CASE_BACKEND_URL (or keep leads in the inbox)
  GONGQIAN_REDIS_URL=redis://10.0.0.5:6379/0 gongqian worker
                                      one of many workers, on many machines, sharing the Redis outbox

Stop with SIGTERM or Ctrl-C: requests in flight finish, nothing more is claimed."""

log = logging.getLogger("gongqian.worker")
Job = Callable[["Store", Settings, "Vault", "aiohttp.ClientSession", asyncio.Event], Awaitable[None]]


def register(sub) -> None:
    p = sub.add_parser("worker", help="deliver leads to the case backend and run background jobs",
                       description="Take leads from the outbox to the case backend, signed and retried, "
                                   "and run the background jobs.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the settings, say where leads go, and run the jobs until stopped."""
    from intake.delivery.forward import where
    from intake.store import open_store
    from intake.vault import Vault

    conf = settings()
    check(conf)
    target = (f"delivering leads to {where(conf.case_backend_url)} ({conf.case_backend_format}, "
              f"{conf.delivery_concurrency} in flight)") if conf.case_backend_url else NO_BACKEND
    print(f"gongqian: worker started: {target}; state in {describe_store(conf)}", file=sys.stderr)

    async def main() -> None:
        store = open_store(conf.redis_url or None, conf.data_dir, conf.redis_cluster)
        try:
            await serve_jobs(store, conf, Vault.from_settings(conf.secret_key, conf.data_dir))
        finally:
            await store.close()

    asyncio.run(main())
    print("gongqian: worker stopped", file=sys.stderr)
    return 0


def check(conf: Settings) -> None:
    """Refuse settings the worker cannot deliver with, before touching any lead."""
    if not conf.case_backend_url:
        return
    if not conf.case_backend_secret:
        raise UsageError("GONGQIAN_CASE_BACKEND_SECRET is not set",
                         "the backend needs it to check that leads come from us; set the same secret on both sides")
    if conf.case_backend_format not in CONTENT_TYPES:
        raise UsageError(f"GONGQIAN_CASE_BACKEND_FORMAT={conf.case_backend_format} is not known",
                         f"use one of: {', '.join(CONTENT_TYPES)}")
    if conf.delivery_lease <= conf.case_backend_timeout:
        raise UsageError("GONGQIAN_DELIVERY_LEASE must be longer than GONGQIAN_CASE_BACKEND_TIMEOUT",
                         "otherwise a slow request loses its lead to another worker mid-flight")


async def serve_jobs(store: Store, conf: Settings, vault: Vault, stop: asyncio.Event | None = None) -> None:
    """Run every job over one HTTP session until SIGTERM/SIGINT (or `stop`); a second signal cancels."""
    import aiohttp

    jobs = {name: resolve(name) for name in JOBS}  # a misspelt job fails the start, not silently later
    stop = stop or asyncio.Event()
    async with aiohttp.ClientSession() as http:
        tasks = [asyncio.create_task(supervise(name, job, (store, conf, vault, http, stop))) for name, job in jobs.items()]
        _on_signals(stop, tasks)
        await stop.wait()
        await asyncio.gather(*tasks, return_exceptions=True)


async def supervise(name: str, job: Job, args: tuple) -> None:
    """Run one job; if it crashes, log it and start it again, so one bug does not stop delivery."""
    stop: asyncio.Event = args[-1]
    while not stop.is_set():
        try:
            await job(*args)
            return
        except Exception:
            log.exception("job %s failed; restarting in %.0f s", name, RESTART_AFTER)
        try:
            await asyncio.wait_for(stop.wait(), RESTART_AFTER)
        except TimeoutError:
            pass


def resolve(name: str) -> Job:
    """The job function named "module:function"."""
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def _on_signals(stop: asyncio.Event, tasks: list[asyncio.Task[None]]) -> None:
    """First SIGTERM/SIGINT asks the jobs to finish; a second one cancels them."""
    def handle() -> None:
        if stop.is_set():
            for task in tasks:
                task.cancel()
        stop.set()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, handle)
