"""One contract for both journals: claims are exclusive, in-flight sends are never handed out again."""

import uuid

import pytest

from bot.broadcast.journal import FAILED, OPTED_OUT, RETRY, SENT, Outcome
from bot.broadcast.journal_redis import RedisJournal
from bot.broadcast.journal_sqlite import SQLiteJournal

ROWS = [(f"key{i}", f"enc:phone{i}", "", "东岸城") for i in range(10)]


@pytest.fixture(params=["sqlite", "redis"])
async def open_journal(request, tmp_path):
    """Opens journals on one backing (a file, or one broadcast under a unique Redis prefix)."""
    opened, prefix = [], f"gqtest{uuid.uuid4().hex}"
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""

    def make():
        journal = RedisJournal(url, "BC-1", prefix) if url else SQLiteJournal(tmp_path / "BC-1.sqlite3")
        opened.append(journal)
        return journal

    yield make
    if url:
        await opened[0].drop()
    for journal in opened:
        await journal.close()


async def test_duplicates_are_not_added(open_journal):
    journal = open_journal()
    assert await journal.add(ROWS[:6]) == 6
    assert await journal.add(ROWS[4:] + ROWS[:1]) == 4
    assert (await journal.counts())["pending"] == 10


async def test_two_senders_never_claim_the_same_recipient(open_journal):
    a, b = open_journal(), open_journal()
    await a.add(ROWS)
    first, second = await a.claim("a", 6, 100.0, 30), await b.claim("b", 6, 100.0, 30)
    assert [e.seq for e in first] == [1, 2, 3, 4, 5, 6]
    assert [e.seq for e in second] == [7, 8, 9, 10]
    assert (first[0].key, first[0].phone, first[0].project) == ("key0", "enc:phone0", "东岸城")
    assert await a.claim("a", 6, 100.0, 30) == []


async def test_a_lapsed_claim_goes_back_but_a_lapsed_send_becomes_unknown(open_journal):
    journal = open_journal()
    await journal.add(ROWS[:4])
    claimed = await journal.claim("dead", 4, 100.0, 30)
    await journal.begin([claimed[0].seq, claimed[1].seq], 100.0, 30)
    assert await journal.recover(120.0) == 0  # leases still held
    assert await journal.recover(131.0) == 4
    counts = await journal.counts()
    assert (counts["unknown"], counts["pending"]) == (2, 2)
    again = await journal.claim("alive", 10, 131.0, 30)
    assert sorted(e.seq for e in again) == [claimed[2].seq, claimed[3].seq]


async def test_outcomes_are_counted_and_retries_come_back_when_due(open_journal):
    journal = open_journal()
    await journal.add(ROWS[:4])
    e = await journal.claim("a", 4, 100.0, 30)
    await journal.begin([x.seq for x in e], 100.0, 30)
    await journal.settle([Outcome(e[0].seq, SENT, message_id="m1"), Outcome(e[1].seq, FAILED, "bad number"),
                          Outcome(e[2].seq, OPTED_OUT), Outcome(e[3].seq, RETRY, "throttled", due_at=160.0)])
    counts = await journal.counts()
    assert {k: counts[k] for k in ("sent", "failed", "opted_out", "pending", "in_flight")} == \
        {"sent": 1, "failed": 1, "opted_out": 1, "pending": 1, "in_flight": 0}
    assert await journal.claim("a", 4, 150.0, 30) == []
    retried = await journal.claim("a", 4, 160.0, 30)
    assert [(x.seq, x.attempts) for x in retried] == [(e[3].seq, 1)]


async def test_delivery_reports_are_joined_once(open_journal):
    journal = open_journal()
    await journal.add(ROWS[:3])
    e = await journal.claim("a", 3, 100.0, 30)
    await journal.begin([x.seq for x in e], 100.0, 30)
    await journal.settle([Outcome(x.seq, SENT, message_id=f"m{x.seq}") for x in e])
    assert (await journal.sent_without_report(0, 500))[0] == [(1, "m1"), (2, "m2"), (3, "m3")]
    await journal.set_reports({1: "delivered", 2: "undelivered"})
    await journal.set_reports({1: "delivered"})
    assert await journal.delivery() == {"delivered": 1, "undelivered": 1}
    assert (await journal.sent_without_report(0, 500))[0] == [(3, "m3")]
