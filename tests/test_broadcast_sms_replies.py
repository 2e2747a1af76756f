"""Replies to a reminder: a text starts an intake conversation on SMS, TD keeps the number out of the next one."""

from bot.broadcast import service
from tests.broadcast_helpers import write_csv
from tests.sms_app import open_sms

A, B = "+8613811112222", "+8615036227481"


async def test_a_reply_to_a_reminder_opens_a_conversation_and_td_stops_the_next_one(aiohttp_client, tmp_path, store):
    sms = await open_sms(aiohttp_client, tmp_path, store, broadcast_quiet_hours="off", broadcast_tps=0)
    gateway = sms.gateway
    conf, vault = gateway.settings, gateway.vault

    async def broadcast() -> str:
        bc = await service.create(store, conf, vault, template="rights_reminder",
                                  source=write_csv(tmp_path / "r.csv", [A, B]))
        await service.start(store, conf, bc.id)
        assert await service.run(store, conf, vault, bc.id) == "done"
        return bc.id

    first = await broadcast()
    await sms.generic({"type": "message", "id": "r1", "from": A, "text": "包工头跑了，欠俺三万五"})
    await sms.generic({"type": "message", "id": "r2", "from": B, "text": "退订"})
    second = await broadcast()

    sent = await sms.sent()
    reminders = {ref: sorted(m["phone"] for m in sent if m["reference"] == ref) for ref in (first, second)}
    assert reminders == {first: [A, B], second: [A]}
    replies_to_a = [m for m in sent if m["phone"] == A and m["reference"] not in (first, second)]
    assert replies_to_a, "the worker's reply got no answer"
    assert await store.load(gateway.key("sms", A)) is not None  # an intake conversation on SMS
    assert (await service.status(store, conf, second))["summary"]["dropped"]["opted_out"] == 1
