"""A process killed right after confirming a lead leaves exactly one lead in the outbox."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from intake.store import ConversationKey

ROOT = Path(__file__).resolve().parent.parent
WORKER = ConversationKey("web", "crash")

CONFIRM_THEN_DIE = """
import asyncio, os, signal, sys
from intake.store import ConversationKey
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore

async def main(backend, url, prefix, path):
    store = RedisStore(url, prefix=prefix) if backend == "redis" else SQLiteStore(path)
    lead = {"id": "web:crash:1", "reference": "QD-20261122-7K3M", "channel": "web", "sender": "crash",
            "amount_yuan": 28000}
    await store.save(ConversationKey("web", "crash"), {"state": "DONE"}, 60, message_id="m1", lead=lead)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main(*sys.argv[1:]))
"""


def confirm_then_die(argv: list[str]) -> None:
    """Run a child that confirms the lead and is killed with SIGKILL straight after."""
    child = subprocess.run([sys.executable, "-c", CONFIRM_THEN_DIE, *argv], cwd=ROOT, timeout=30)
    assert child.returncode == -signal.SIGKILL


async def test_sigkill_after_confirmation_leaves_exactly_one_lead(open_test_store):
    confirm_then_die(open_test_store.argv)
    store = open_test_store()
    leads = [found async for found in store.leads()]
    assert [(i.reference, i.status, i.lead["amount_yuan"]) for i in leads] == [("QD-20261122-7K3M", "pending", 28000)]
    assert await store.load(WORKER) == {"state": "DONE"}
    assert await store.seen(WORKER, "m1")


async def test_confirming_again_after_a_crash_adds_no_second_lead(open_test_store):
    confirm_then_die(open_test_store.argv)
    confirm_then_die(open_test_store.argv)
    store = open_test_store()
    assert len([found async for found in store.leads(WORKER)]) == 1
