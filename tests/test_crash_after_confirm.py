"""A process killed with SIGKILL right after a worker confirms leaves exactly one lead."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from intake.store import ConversationKey  # noqa: F401  (the child imports the same package)

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import asyncio, os, signal, sys
from pathlib import Path
from bot.gateway import Gateway
from bot.messages import Inbound
from intake.config import Settings
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore

backend, url, prefix, path, data, mode = sys.argv[1:]
MESSAGES = ["包工头王建军欠我三万五", "同意", "海棠花园二期", "青岛黄岛区", "去年十月到今年一月", "就我一个",
            "李明", "13953201234", "跳过"]

async def main():
    # A short lock lifetime, so the redelivery need not wait 30 s for the dead holder's lock.
    store = RedisStore(url, prefix=prefix, lock_ttl=2) if backend == "redis" else SQLiteStore(path, lock_ttl=2)
    gateway = Gateway(store, Settings(data_dir=Path(data)))
    for i, text in enumerate(MESSAGES):
        await gateway.handle(Inbound("web", "crash-worker", text, message_id=f"m{i}"))
    if mode == "between-writes":
        # Die after the lead is in the outbox but before the conversation is saved.
        add = store.add_lead
        async def add_then_die(lead):
            await add(lead)
            os.kill(os.getpid(), signal.SIGKILL)
        store.add_lead = add_then_die
        if hasattr(store, "_add"):
            # A single Redis writes the lead and the state in one script; a Cluster cannot (they
            # live in different hash slots), so this is the two-step path a Cluster takes.
            store._single = False
            original = store._add
            async def _add_then_die(lead, sender):
                await original(lead, sender)
                os.kill(os.getpid(), signal.SIGKILL)
            store._add = _add_then_die
    outcome = await gateway.handle(Inbound("web", "crash-worker", "对", message_id="confirm"))
    print(outcome.reference, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""
RESUME = """
import asyncio, sys
from pathlib import Path
from bot.gateway import Gateway
from bot.messages import Inbound
from intake.config import Settings
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore

backend, url, prefix, path, data = sys.argv[1:6]
async def main():
    store = RedisStore(url, prefix=prefix, lock_ttl=2) if backend == "redis" else SQLiteStore(path, lock_ttl=2)
    gateway = Gateway(store, Settings(data_dir=Path(data)))
    # The platform redelivers the confirmation the dead process never answered.
    outcome = await gateway.handle(Inbound("web", "crash-worker", "对", message_id="confirm"))
    print(outcome.status, outcome.state, flush=True)
    await store.close()
asyncio.run(main())
"""


def run_child(script: str, argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["after-confirmation", "between-writes"])
async def test_sigkill_around_confirmation_leaves_exactly_one_lead(open_test_store, tmp_path, mode):
    if mode == "between-writes" and open_test_store.argv[0] == "sqlite":
        pytest.skip("SQLite writes the lead and the state in one transaction: there is no in-between")
    argv = [*open_test_store.argv, str(tmp_path / "data"), mode]
    child = run_child(CHILD, argv)
    assert child.returncode == -signal.SIGKILL, child.stderr
    resumed = run_child(RESUME, argv[:5])
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.split()[1] == "SUBMITTED"
    store = open_test_store()
    leads = [item async for item in store.leads()]
    assert len(leads) == 1, [i.reference for i in leads]
    if mode == "after-confirmation":
        assert leads[0].reference == child.stdout.strip()
