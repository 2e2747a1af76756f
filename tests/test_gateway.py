"""The gateway path on both stores: nothing lost under concurrency, nothing doubled by redelivery."""

from __future__ import annotations

import asyncio

from bot.gateway import Gateway
from bot.messages import Inbound
from intake.config import Settings
from intake.lead import unseal

CONFIRMED = ("包工头王建军欠我三万五", "同意", "海棠花园二期", "青岛黄岛区", "去年十月到今年一月", "就我一个",
             "李明", "13953201234", "跳过")


def gateway_on(store, tmp_path, **settings) -> Gateway:
    return Gateway(store, Settings(data_dir=tmp_path, **settings))


async def say(gateway: Gateway, sender: str, *texts: str, channel: str = "web"):
    outcome = None
    for text in texts:
        outcome = await gateway.handle(Inbound(channel, sender, text))
    return outcome


async def leads_of(gateway: Gateway) -> list[dict]:
    return [unseal(item.lead, gateway.vault) async for item in gateway.store.leads()]


async def test_concurrent_messages_from_one_sender_lose_no_update(store, tmp_path):
    gateway = gateway_on(store, tmp_path)
    await say(gateway, "s1", "老板欠我钱", "同意")
    photos = [Inbound("web", "s1", "", message_id=f"p{i}", attachments=({"kind": "image", "n": i},))
              for i in range(12)]
    await asyncio.gather(*(gateway.handle(p) for p in photos))
    state = gateway._open(await store.load(gateway.key("web", "s1")))
    assert sorted(a["n"] for a in state.data["attachments"]) == list(range(12))


async def test_a_confirmation_delivered_twice_at_once_makes_one_lead_and_one_reply(store, tmp_path):
    gateway = gateway_on(store, tmp_path)
    await say(gateway, "s2", *CONFIRMED)
    twice = [Inbound("web", "s2", "对", message_id="m-confirm")] * 2
    first, second = await asyncio.gather(*(gateway.handle(m) for m in twice))
    assert sorted([first.status, second.status]) == ["accepted", "duplicate"]
    assert [r.text for r in first.replies] == [r.text for r in second.replies], "a redelivery gets the same answer"
    leads = await leads_of(gateway)
    assert len(leads) == 1 and leads[0]["amount_yuan"] == 35000


async def test_a_late_redelivery_is_answered_from_memory_and_changes_nothing(store, tmp_path):
    gateway = gateway_on(store, tmp_path)
    await say(gateway, "s3", *CONFIRMED)
    done = await gateway.handle(Inbound("web", "s3", "对", message_id="m1"))
    again = await gateway.handle(Inbound("web", "s3", "对", message_id="m1"))
    assert again.status == "duplicate" and again.replies == done.replies
    assert len(await leads_of(gateway)) == 1


async def test_a_flood_from_one_sender_gets_one_polite_reply_then_silence(store, tmp_path):
    gateway = gateway_on(store, tmp_path, rate_limit=5)
    outcomes = [await say(gateway, "flood", "你好") for _ in range(8)]
    assert [o.status for o in outcomes] == ["accepted"] * 5 + ["limited"] * 3
    assert len(outcomes[5].replies) == 1 and outcomes[6].replies == [] == outcomes[7].replies
    assert (await say(gateway, "someone-else", "你好")).status == "accepted"


async def test_personal_numbers_are_encrypted_at_rest(store, tmp_path):
    gateway = gateway_on(store, tmp_path)
    await say(gateway, "s4", "包工头王建军欠我三万五 电话13953201234 身份证412726198602143153")
    raw = str(await store.load(gateway.key("web", "s4")))
    assert "13953201234" not in raw and "412726198602143153" not in raw
    sealed = (await store.load(gateway.key("web", "s4")))["data"]["phone"]
    await say(gateway, "s4", "同意")
    after = await store.load(gateway.key("web", "s4"))
    assert after["data"]["phone"] == sealed  # unchanged: saved as loaded, not encrypted anew
    assert "13953201234" not in str(after)
    await say(gateway, "s4", "海棠花园二期", "青岛黄岛区", "去年十月到今年一月", "就我一个", "李明", "对")
    item = [i async for i in store.leads()][0]
    assert "13953201234" not in str(item.lead) and unseal(item.lead, gateway.vault)["complainant"]["phone"] == "13953201234"


async def test_sms_senders_are_keyed_by_a_blind_index_not_their_number(store, tmp_path):
    gateway = gateway_on(store, tmp_path)
    key = gateway.key("sms", "13953201234")
    assert "13953201234" not in str(key) and key == gateway.key("sms", "13953201234")


async def test_a_late_redelivery_after_a_new_conversation_began_changes_nothing(store, tmp_path):
    gateway = gateway_on(store, tmp_path)
    await say(gateway, "s5", *CONFIRMED)
    await gateway.handle(Inbound("web", "s5", "对", message_id="m-confirm"))
    await gateway.handle(Inbound("web", "s5", "老板又欠我钱", message_id="m-new"))
    late = await gateway.handle(Inbound("web", "s5", "对", message_id="m-confirm"))
    assert late.status == "duplicate" and len(await leads_of(gateway)) == 1
