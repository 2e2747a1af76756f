"""Workers' replies keep flowing while a broadcast sends from the same process; several senders share one TPS."""

import asyncio
import time

from bot.app import build_app
from bot.broadcast import service
from intake.store.redis import RedisStore
from intake.vault import Vault
from tests.broadcast_helpers import log_lines, phones, settings_for, write_csv
from tests.conftest import _drop_prefix


async def test_chat_is_answered_promptly_during_an_unthrottled_broadcast(aiohttp_client, store, tmp_path, request):
    url = request.getfixturevalue("redis_url") if hasattr(store, "prefix") else ""
    conf = settings_for(store, tmp_path, url)
    vault = Vault.from_settings("", tmp_path)  # the key file the gateway will read too
    client = await aiohttp_client(build_app(conf, store=store))
    # A first message loads the dialogue's dictionaries: time that before the broadcast, not during it.
    await client.post("/api/chat", json={"session": "warm-up-session", "text": "你好"})
    bc = await service.create(store, conf, vault, template="rights_reminder",
                              source=write_csv(tmp_path / "r.csv", phones(4000)))
    await service.start(store, conf, bc.id)
    sending = asyncio.create_task(service.run(store, conf, vault, bc.id))
    waits = []
    for i in range(15):
        started = time.perf_counter()
        reply = await client.post("/api/chat", json={"session": f"worker-session-{i}", "text": "包工头欠我三万五"})
        assert reply.status == 200 and (await reply.json())["replies"]
        waits.append(time.perf_counter() - started)
    during = len(log_lines(tmp_path / "sms.jsonl"))
    assert await sending == "done"
    assert 0 < during < 4000, "the chat was not tested while the broadcast was sending"
    assert max(waits) < 0.5, waits


async def test_two_senders_share_the_tps_through_redis(redis_url, tmp_path):
    store = RedisStore(redis_url, prefix=f"gqtest{time.time_ns()}")
    conf = settings_for(store, tmp_path, redis_url, broadcast_tps=20, broadcast_reply_share=0.0)
    vault = Vault(b"k" * 32)
    try:
        bc = await service.create(store, conf, vault, template="rights_reminder",
                                  source=write_csv(tmp_path / "r.csv", phones(60)))
        await service.start(store, conf, bc.id)
        # Two runs with their own connections and buckets: what two worker processes would be.
        assert await asyncio.gather(*(service.run(store, conf, vault, bc.id) for _ in range(2))) == ["done"] * 2
    finally:
        await store.close()
        _drop_prefix(redis_url, store.prefix)
    times = sorted(line["at"] for line in log_lines(tmp_path / "sms.jsonl"))
    assert len(times) == 60 and times[-1] - times[0] >= 60 / 20 - 0.5
    assert max(sum(1 for t in times if s <= t < s + 1.0) for s in times) <= 20 * 1.1 + 1
