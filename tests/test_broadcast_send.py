"""Sending a broadcast end to end, on SQLite and on Redis: once each, never to an opt-out, errors sorted."""

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.broadcast import service
from bot.channels.base import SendError
from bot.sms.optout import opt_out
from bot.sms.reports import KIND as REPORT
from intake.vault import Vault
from tests.broadcast_helpers import Loopback, TestClock, log_lines, phones, settings_for, write_csv

NOON = datetime(2026, 5, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()


@pytest.fixture
def vault(tmp_path):
    return Vault(b"k" * 32)


@pytest.fixture
def conf(store, tmp_path, request):
    url = request.getfixturevalue("redis_url") if hasattr(store, "prefix") else ""
    return settings_for(store, tmp_path, url)


async def made(store, conf, vault, tmp_path, numbers, **kw):
    """A broadcast created and started over `numbers`."""
    bc = await service.create(store, conf, vault, template="rights_reminder",
                              source=write_csv(tmp_path / "r.csv", numbers), **kw)
    await service.start(store, conf, bc.id)
    return bc


async def test_everyone_gets_one_message_through_the_log_provider(store, conf, vault, tmp_path):
    numbers = phones(300)
    bc = await made(store, conf, vault, tmp_path, numbers + numbers[:5])
    assert (bc.recipients, bc.summary["dropped"]["duplicate"]) == (300, 5)
    assert await service.run(store, conf, vault, bc.id) == "done"
    lines = log_lines(tmp_path / "sms.jsonl")
    assert sorted(line["phone"] for line in lines) == sorted(numbers)
    assert {line["reference"] for line in lines} == {bc.id}
    assert lines[0]["text"].startswith("工友0您好！")
    status = await service.status(store, conf, bc.id)
    assert (status["state"], status["counts"]["sent"], status["counts"]["pending"]) == ("done", 300, 0)
    assert await service.run(store, conf, vault, bc.id) == "done"  # a second run sends nothing more
    assert len(log_lines(tmp_path / "sms.jsonl")) == 300


async def test_phone_numbers_are_encrypted_at_rest(store, conf, vault, tmp_path):
    bc = await made(store, conf, vault, tmp_path, ["+8613912345678"])
    if hasattr(store, "prefix"):
        import redis
        client = redis.Redis.from_url(conf.redis_url)
        kept = b"".join(client.dump(k) or b"" for k in client.scan_iter(f"{store.prefix}:*"))
    else:
        kept = b"".join(p.read_bytes() for p in (tmp_path / "broadcasts").iterdir())
    assert bc.recipients == 1 and b"13912345678" not in kept and "工友0".encode() not in kept


async def test_opt_outs_are_dropped_at_import_and_honoured_mid_run(store, conf, vault, tmp_path):
    numbers = phones(40)
    await opt_out(store, vault, numbers[0], "test")

    async def stop_the_last(phone):
        if phone == numbers[1]:  # the last one replies TD while the run is under way
            await opt_out(store, vault, numbers[-1], "test")

    provider = Loopback(on_send=stop_the_last)
    bc = await made(store, conf.__class__(**{**conf.__dict__, "broadcast_tps": 5}), vault, tmp_path, numbers)
    assert bc.summary["dropped"]["opted_out"] == 1
    await service.run(store, conf, vault, bc.id, provider=provider, clock=TestClock(NOON))
    sent = [phone for phone, *_ in provider.sent]
    assert numbers[0] not in sent and numbers[-1] not in sent and len(sent) == 38
    assert (await service.status(store, conf, bc.id))["counts"]["opted_out"] == 1


async def test_transient_errors_are_retried_and_permanent_ones_recorded(store, conf, vault, tmp_path):
    a, b, c = phones(3)
    clock = TestClock(NOON)
    provider = Loopback(clock, {a: [SendError("throttled", True), SendError("busy", True)],
                                b: [SendError("empty number", False)],
                                c: [SendError("down", True)] * 9})
    bc = await made(store, conf, vault, tmp_path, [a, b, c])
    assert await service.run(store, conf, vault, bc.id, provider=provider, clock=clock) == "done"
    assert [phone for phone, *_ in provider.sent] == [a]
    counts = (await service.status(store, conf, bc.id))["counts"]
    assert (counts["sent"], counts["failed"]) == (1, 2)
    assert clock.now() - NOON >= 5 + 10 + 20 + 40  # c's four retries each waited out a growing backoff


async def test_a_send_that_raises_unexpectedly_is_in_doubt_and_not_retried(store, conf, vault, tmp_path):
    provider = Loopback()
    provider.errors = {phones(1)[0]: [ConnectionResetError()]}
    bc = await made(store, conf, vault, tmp_path, phones(1))
    await service.run(store, conf, vault, bc.id, provider=provider, clock=TestClock(NOON))
    assert (await service.status(store, conf, bc.id))["counts"]["unknown"] == 1 and provider.sent == []


async def test_quiet_hours_hold_sending_until_morning(store, conf, vault, tmp_path):
    conf = conf.__class__(**{**conf.__dict__, "broadcast_quiet_hours": "21:00-08:00", "broadcast_tps": 2})
    evening = datetime(2026, 5, 1, 20, 59, 50, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()
    clock = TestClock(evening)
    provider = Loopback(clock)
    bc = await made(store, conf, vault, tmp_path, phones(60))
    await service.run(store, conf, vault, bc.id, provider=provider, clock=clock)
    hours = [datetime.fromtimestamp(t, ZoneInfo("Asia/Shanghai")).hour for *_, t in provider.sent]
    assert len(hours) == 60 and all(h == 20 or h >= 8 for h in hours)
    assert 0 < hours.count(20) < 60 and hours[-1] == 8


async def test_a_scheduled_broadcast_waits_for_its_time(store, conf, vault, tmp_path):
    clock = TestClock(NOON)
    provider = Loopback(clock)
    bc = await made(store, conf, vault, tmp_path, phones(5), at="15:30", clock=clock)
    await service.run(store, conf, vault, bc.id, provider=provider, clock=clock)
    assert min(t for *_, t in provider.sent) >= NOON + 3.5 * 3600 and len(provider.sent) == 5


async def test_pause_stops_the_run_and_resume_goes_on_without_repeats(store, conf, vault, tmp_path):
    numbers = phones(50)
    provider = Loopback()

    async def pause_midway(phone):
        if len(provider.sent) == 10:
            await service.pause(store, conf, bc.id)

    provider.on_send = pause_midway
    bc = await made(store, conf.__class__(**{**conf.__dict__, "broadcast_tps": 20}), vault, tmp_path, numbers)
    assert await service.run(store, conf, vault, bc.id, provider=provider, clock=TestClock(NOON)) == "paused"
    assert 10 <= len(provider.sent) < 50
    await service.resume(store, conf, bc.id)
    assert await service.run(store, conf, vault, bc.id, provider=provider, clock=TestClock(NOON)) == "done"
    assert sorted(p for p, *_ in provider.sent) == sorted(numbers)
    with pytest.raises(service.BroadcastError, match="done"):
        await service.cancel(store, conf, bc.id)


async def test_delivery_reports_are_joined_on_the_message_id(store, conf, vault, tmp_path):
    provider = Loopback()
    bc = await made(store, conf, vault, tmp_path, phones(3))
    await service.run(store, conf, vault, bc.id, provider=provider)
    await store.put_record(REPORT, "m1", {"provider": "loopback", "status": "DELIVRD", "delivered": True})
    await store.put_record(REPORT, "m2", {"provider": "loopback", "status": "UNDELIV", "delivered": False})
    assert (await service.status(store, conf, bc.id, reports=True))["delivery"] == {"delivered": 1, "undelivered": 1}


async def test_requests_that_cannot_be_done_say_why(store, conf, vault, tmp_path):
    source = write_csv(tmp_path / "r.csv", phones(1))
    for kw, why in (({"template": "nope"}, "template"), ({"lang": "fr"}, "lang"), ({"provider": "pigeon"}, "pigeon"),
                    ({"at": "soon"}, "--at")):
        with pytest.raises(service.BroadcastError, match=why):
            await service.create(store, conf, vault, **{"template": "rights_reminder", "source": source, **kw})
    with pytest.raises(service.BroadcastError, match="no broadcast"):
        await service.status(store, conf, "BC-0-NONE")


async def test_preview_gives_text_segments_and_time(store, conf, vault, tmp_path):
    conf = conf.__class__(**{**conf.__dict__, "broadcast_tps": 100})
    bc = await made(store, conf, vault, tmp_path, phones(8000))
    p = await service.preview(store, conf, bc.id)
    assert p["text"].startswith("您好！") and p["characters"] == len(p["text"])
    assert p["segments"] == (1 if len(p["text"]) <= 70 else 2)
    assert (p["rate"], p["seconds"]) == (80.0, 100.0)  # 20 % of the TPS stays free for replies
    assert 8000 <= p["total_segments"] <= 16000


@pytest.mark.parametrize("tps", [20])
async def test_the_tps_is_never_exceeded(store, conf, vault, tmp_path, tps):
    conf = conf.__class__(**{**conf.__dict__, "broadcast_tps": tps, "broadcast_reply_share": 0.0})
    bc = await made(store, conf, vault, tmp_path, phones(50))
    started = asyncio.get_running_loop().time()
    await service.run(store, conf, vault, bc.id)
    times = sorted(line["at"] for line in log_lines(tmp_path / "sms.jsonl"))
    worst = max(sum(1 for t in times if s <= t < s + 1.0) for s in times)
    assert len(times) == 50 and worst <= tps * (1 + 0.1) + 1  # rate plus the tenth-second burst
    assert asyncio.get_running_loop().time() - started >= 50 / tps - 0.3
