"""One contract suite, run against every store backend through the `store` fixture."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intake.store import ConversationKey, LockTimeout

ALICE = ConversationKey("web", "alice")
BOB = ConversationKey("wechat", "bob")
ROOT = Path(__file__).resolve().parent.parent

HOLD_LOCK = """
import asyncio, sys
from intake.store import ConversationKey
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore

async def main(backend, url, prefix, path, seconds):
    store = RedisStore(url, prefix=prefix) if backend == "redis" else SQLiteStore(path)
    async with store.lock(ConversationKey("web", "alice")):
        print("locked", flush=True)
        await asyncio.sleep(float(seconds))
    await store.close()

asyncio.run(main(*sys.argv[1:]))
"""


def lead(n: int, sender: ConversationKey = ALICE) -> dict:
    """A minimal lead, as the lead builder would make it."""
    return {"id": f"{sender}:{n}", "reference": f"QD-TEST-{n:04d}", "channel": sender.channel,
            "sender": sender.sender, "employer": {"name": "某建筑公司"}}


async def collect(items) -> list:
    """An async iterator's items as a list."""
    return [found async for found in items]


async def until_next_window(window: float) -> None:
    """Sleep to just after a window boundary, so a few hits cannot straddle two windows."""
    await asyncio.sleep(window - time.time() % window + 0.01)


# -- conversations -----------------------------------------------------------
async def test_load_of_unknown_conversation_is_none(store):
    assert await store.load(ALICE) is None


async def test_saved_state_loads_back(store):
    await store.save(ALICE, {"state": "EMPLOYER", "slots": {"amount": 28000, "名": "张三"}}, ttl=60)
    assert await store.load(ALICE) == {"state": "EMPLOYER", "slots": {"amount": 28000, "名": "张三"}}
    assert await store.load(BOB) is None


async def test_state_expires_after_ttl(store):
    await store.save(ALICE, {"state": "EMPLOYER"}, ttl=0.5)
    await asyncio.sleep(0.7)
    assert await store.load(ALICE) is None


async def test_delete_forgets_the_conversation(store):
    await store.save(ALICE, {"state": "CONSENT"}, ttl=60, message_id="m1")
    await store.delete(ALICE)
    assert await store.load(ALICE) is None
    assert await store.seen(ALICE, "m1")


async def test_message_is_seen_after_save_with_its_id(store):
    assert not await store.seen(ALICE, "m1")
    await store.save(ALICE, {"state": "TOPIC"}, ttl=60, message_id="m1")
    assert await store.seen(ALICE, "m1")
    assert not await store.seen(ALICE, "m2")
    assert not await store.seen(BOB, "m1")


# -- the lock ----------------------------------------------------------------
async def test_lock_makes_a_second_holder_wait(store):
    order = []

    async def hold(name: str) -> None:
        async with store.lock(ALICE, timeout=5):
            order.append(f"{name} in")
            await asyncio.sleep(0.1)
            order.append(f"{name} out")

    await asyncio.gather(hold("first"), hold("second"))
    assert order == ["first in", "first out", "second in", "second out"]


async def test_lock_times_out_when_held_too_long(store):
    async with store.lock(ALICE):
        with pytest.raises(LockTimeout):
            async with store.lock(ALICE, timeout=0.2):
                pass
        async with store.lock(BOB, timeout=0.2):
            pass
    async with store.lock(ALICE, timeout=0.2):
        pass


async def test_lock_holds_across_processes(open_test_store):
    store = open_test_store()
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD_LOCK, *open_test_store.argv, "1.0", cwd=ROOT, stdout=subprocess.PIPE)
    try:
        assert await asyncio.wait_for(child.stdout.readline(), 30) == b"locked\n"
        with pytest.raises(LockTimeout):
            async with store.lock(ALICE, timeout=0.2):
                pass
        async with store.lock(ALICE, timeout=10):
            pass
    finally:
        assert await asyncio.wait_for(child.wait(), 10) == 0


# -- rate counters -----------------------------------------------------------
async def test_counter_counts_per_fixed_window(store):
    await until_next_window(1.0)
    assert [await store.hit("sender:alice", 1.0) for _ in range(3)] == [1, 2, 3]
    assert await store.hit("sender:bob", 1.0) == 1
    await until_next_window(1.0)
    assert await store.hit("sender:alice", 1.0) == 1


async def test_a_counter_can_count_several_events_at_once(store):
    await until_next_window(5.0)
    assert await store.hit("funnel:y", 5.0, amount=4) == 4
    assert await store.hit("funnel:y", 5.0) == 5
    assert await store.peek("funnel:y", 5.0) == 5


async def test_peek_reads_a_counter_without_counting(store):
    await until_next_window(1.0)
    assert await store.peek("funnel:x", 1.0) == 0
    await store.hit("funnel:x", 1.0)
    assert [await store.peek("funnel:x", 1.0) for _ in range(2)] == [1, 1]
    await until_next_window(1.0)
    assert await store.peek("funnel:x", 1.0) == 0


# -- leads -------------------------------------------------------------------
async def test_add_lead_is_idempotent(store):
    assert await store.add_lead(lead(1))
    assert not await store.add_lead(lead(1))
    assert len(await collect(store.leads())) == 1


async def test_a_reference_belongs_to_one_lead(store):
    await store.add_lead(lead(1))
    with pytest.raises(ValueError):
        await store.add_lead({**lead(2), "reference": lead(1)["reference"]})


async def test_get_lead_by_reference_or_id(store):
    await store.add_lead(lead(1))
    by_reference = await store.get_lead("QD-TEST-0001")
    assert by_reference.lead_id == "web:alice:1"
    assert by_reference.lead["employer"] == {"name": "某建筑公司"}
    assert by_reference.status == "pending"
    assert (await store.get_lead("web:alice:1")).reference == "QD-TEST-0001"
    assert await store.get_lead("QD-NONE") is None


async def test_leads_are_listed_newest_first_and_by_sender(store):
    for n, sender in enumerate([ALICE, BOB, ALICE]):
        await store.add_lead(lead(n, sender))
    assert [i.lead_id for i in await collect(store.leads())] == ["web:alice:2", "wechat:bob:1", "web:alice:0"]
    assert [i.lead_id for i in await collect(store.leads(ALICE))] == ["web:alice:2", "web:alice:0"]
    assert await collect(store.leads(ConversationKey("web", "nobody"))) == []


# -- the outbox --------------------------------------------------------------
async def test_claim_takes_oldest_due_first_and_ack_delivers(store):
    for n in range(3):
        await store.add_lead(lead(n))
    claimed = await store.claim("w1", lease=30, limit=2)
    assert [i.lead_id for i in claimed] == ["web:alice:0", "web:alice:1"]
    assert all(i.status == "claimed" and i.attempts == 1 for i in claimed)
    assert [i.lead_id for i in await store.claim("w2", lease=30)] == ["web:alice:2"]
    assert await store.claim("w3", lease=30) == []
    assert await store.ack("web:alice:0", "w1", {"case": "BJ-1"})
    delivered = await store.get_lead("QD-TEST-0000")
    assert (delivered.status, delivered.result) == ("delivered", {"case": "BJ-1"})


async def test_a_lapsed_lease_passes_to_another_worker(store):
    await store.add_lead(lead(1))
    await store.claim("w1", lease=0.3)
    assert await store.claim("w2", lease=30) == []
    await asyncio.sleep(0.5)
    [taken] = await store.claim("w2", lease=30)
    assert taken.attempts == 2
    assert not await store.ack("web:alice:1", "w1", {"case": "late"})
    await store.retry_later("web:alice:1", "w1", delay=0, error="late")
    await store.dead_letter("web:alice:1", "w1", error="late")
    assert (await store.get_lead("QD-TEST-0001")).status == "claimed"
    assert await store.ack("web:alice:1", "w2", {"case": "BJ-2"})


async def test_retry_later_delays_the_lead(store):
    await store.add_lead(lead(1))
    await store.claim("w1", lease=30)
    await store.retry_later("web:alice:1", "w1", delay=0.4, error="HTTP 503")
    item = await store.get_lead("QD-TEST-0001")
    assert (item.status, item.last_error) == ("pending", "HTTP 503")
    assert await store.claim("w1", lease=30) == []
    await asyncio.sleep(0.5)
    [again] = await store.claim("w1", lease=30)
    assert again.attempts == 2


async def test_dead_letter_parks_and_requeue_revives(store):
    await store.add_lead(lead(1))
    await store.claim("w1", lease=30)
    await store.dead_letter("web:alice:1", "w1", error="HTTP 422 invalid district")
    [dead] = await collect(store.dead_letters())
    assert (dead.status, dead.last_error) == ("dead", "HTTP 422 invalid district")
    assert await store.claim("w1", lease=30) == []
    assert not await store.requeue("QD-NONE")
    assert await store.requeue("QD-TEST-0001")
    assert not await store.requeue("QD-TEST-0001")
    assert await collect(store.dead_letters()) == []
    [revived] = await store.claim("w1", lease=30)
    assert revived.lead_id == "web:alice:1"


async def test_everything_survives_reopening(open_test_store):
    first = open_test_store()
    await first.save(ALICE, {"state": "CONFIRM"}, ttl=60, message_id="m9", lead=lead(1))
    await first.add_lead(lead(2, BOB))
    await first.claim("w1", lease=30, limit=1)
    await first.close()
    again = open_test_store()
    assert await again.load(ALICE) == {"state": "CONFIRM"}
    assert await again.seen(ALICE, "m9")
    assert (await again.get_lead("QD-TEST-0001")).status == "claimed"
    assert [i.lead_id for i in await again.claim("w2", lease=30)] == ["wechat:bob:2"]


# -- concurrency, as the gateway uses the store -------------------------------
async def test_concurrent_updates_under_the_lock_lose_nothing(store):
    async def increment() -> None:
        async with store.lock(ALICE, timeout=30):
            state = await store.load(ALICE) or {"count": 0}
            await asyncio.sleep(0)
            await store.save(ALICE, {"count": state["count"] + 1}, ttl=60)

    await asyncio.gather(*(increment() for _ in range(50)))
    assert await store.load(ALICE) == {"count": 50}


async def test_one_message_delivered_twice_at_once_is_applied_once(store):
    async def process(message_id: str) -> None:
        async with store.lock(ALICE, timeout=10):
            if await store.seen(ALICE, message_id):
                return
            state = await store.load(ALICE) or {"count": 0}
            await asyncio.sleep(0.01)
            await store.save(ALICE, {"count": state["count"] + 1}, ttl=60, message_id=message_id)

    await asyncio.gather(process("m1"), process("m1"))
    assert await store.load(ALICE) == {"count": 1}


async def test_a_lead_saved_without_a_sender_is_filed_under_the_conversation(store):
    anonymous = {"id": "web:alice:7", "reference": "QD-TEST-0007"}
    await store.save(ALICE, {"state": "DONE"}, ttl=60, lead=anonymous)
    assert [i.lead for i in await collect(store.leads(ALICE))] == [anonymous]


async def test_saving_the_same_lead_twice_leaves_one(store):
    await store.save(ALICE, {"state": "DONE"}, ttl=60, message_id="m1", lead=lead(1))
    await store.save(ALICE, {"state": "DONE"}, ttl=60, message_id="m1", lead=lead(1))
    assert [i.lead_id for i in await collect(store.leads(ALICE))] == ["web:alice:1"]


async def test_a_confirmation_whose_reference_is_taken_saves_nothing(store):
    await store.add_lead(lead(1))
    taken = {**lead(2), "reference": lead(1)["reference"]}
    async with store.lock(ALICE):
        with pytest.raises(ValueError, match="already belongs"):
            await store.save(ALICE, {"state": "SUBMITTED"}, ttl=60, lead=taken)
    assert await store.load(ALICE) is None
    assert await store.get_lead("web:alice:2") is None
    async with store.lock(ALICE):  # and the lock was released
        pass


async def test_records_go_with_the_lead_they_came_with(store):
    await store.put_record("warning_sent", "old", {"at": 1})
    await store.save(ALICE, {"state": "DONE"}, ttl=60, lead=lead(1),
                     records=[("subject:abc", "web:alice:1", {"reference": "QD-TEST-0001"}),
                              ("warning_sent", "old", None)])
    assert await store.get_record("subject:abc", "web:alice:1") == {"reference": "QD-TEST-0001"}
    assert await store.get_record("warning_sent", "old") is None
    assert (await store.get_lead("QD-TEST-0001")).lead == lead(1)
    assert await store.load(ALICE) == {"state": "DONE"}


async def test_a_lock_counts_the_messages_of_its_window(store):
    await until_next_window(2.0)
    counts = []
    for _ in range(3):
        async with store.lock(ALICE, rate_window=2.0) as count:
            counts.append(count)
    async with store.lock(BOB) as uncounted:
        pass
    assert (counts, uncounted) == ([1, 2, 3], 0)
    await until_next_window(2.0)
    async with store.lock(ALICE, rate_window=2.0) as count:
        assert count == 1


async def test_records_are_kept_listed_in_key_order_and_removed(store):
    await store.put_record("project", "P2", {"name": "二号工地"})
    await store.put_record("project", "P1", {"name": "一号工地"})
    await store.put_record("optout", "P1", {"at": 1})
    assert await store.get_record("project", "P1") == {"name": "一号工地"}
    assert [k async for k, _ in store.records("project")] == ["P1", "P2"]
    await store.put_record("project", "P1", None)
    assert await store.get_record("project", "P1") is None
    assert await store.get_record("optout", "P1") == {"at": 1}


# -- the two-step save a Redis Cluster takes (its lead and state live in different hash slots) ----
@pytest.fixture
def two_step_store(open_test_store):
    store = open_test_store()
    if not hasattr(store, "_single"):
        pytest.skip("only Redis saves a confirmation in two steps")
    store._single = False  # what RedisStore(cluster=True) does, on a single server we have
    return store


async def test_two_step_save_keeps_the_contract(two_step_store):
    store = two_step_store
    for _ in range(2):  # a retried confirmation adds nothing
        async with store.lock(ALICE):
            await store.save(ALICE, {"state": "DONE"}, ttl=60, message_id="m1", lead=lead(1),
                             records=[("subject:abc", "web:alice:1", {"at": 1})])
    assert [i.lead_id for i in await collect(store.leads(ALICE))] == ["web:alice:1"]
    assert await store.get_record("subject:abc", "web:alice:1") == {"at": 1}
    assert await store.load(ALICE) == {"state": "DONE"} and await store.seen(ALICE, "m1")
    taken = {**lead(2), "reference": lead(1)["reference"]}
    async with store.lock(BOB):
        with pytest.raises(ValueError, match="already belongs"):
            await store.save(BOB, {"state": "SUBMITTED"}, ttl=60, lead=taken)
    assert await store.load(BOB) is None
