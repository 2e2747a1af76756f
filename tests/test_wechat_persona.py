"""A devset persona files a complaint end to end through WeChat (safe mode, both stores): one lead, clean logs."""

from __future__ import annotations

import itertools
import logging

import pytest

from bot.app import GATEWAY, build_app
from tests.personas import Turn, drive, load, norm
from tests.test_wechat import settings
from tests.wechat_world import AES_KEY, APP_SECRET, OPENID, TOKEN, WeChatServer, payload


@pytest.fixture
async def wechat(tmp_path, aiohttp_client, open_test_store):
    """Safe mode, on each store backend."""
    app = build_app(settings(tmp_path, "http://127.0.0.1:9", safe=True), store=open_test_store())
    server = WeChatServer(await aiohttp_client(app), safe=True)
    server.app = app
    return server


def sender_for(server: WeChatServer, ids=None):
    """personas.drive's `send`: one WeChat text message, answered by our passive reply."""
    ids = ids or itertools.count(24567812345600000)
    gateway = server.app[GATEWAY]

    async def send(text: str) -> Turn:
        server.last_payload = payload("text", Content=text, MsgId=str(next(ids)))
        shown = await server.reply(server.last_payload)
        conv = gateway._open(await gateway.store.load(gateway.key("wechat", OPENID)))
        replies = gateway._last(conv)["replies"]
        # What the worker read in WeChat is every reply the dialogue gave, in order.
        assert all(r["text"] in shown for r in replies)
        return Turn(conv.state, replies, conv.reference)

    return send


async def test_d01_complains_through_wechat_and_one_lead_is_filed(wechat, caplog):
    persona = next(p for p in load("dialogues.jsonl") if p["id"] == "D01")
    store = wechat.app[GATEWAY].store
    with caplog.at_level(logging.DEBUG):
        transcript = await drive(persona, sender_for(wechat))
        assert transcript.last.state == "SUBMITTED", transcript.dump()
        # WeChat redelivers the confirming message: the same reply again, and still one lead.
        again = await wechat.reply(wechat.last_payload)
    assert transcript.last.reference in again
    leads = [item async for item in store.leads()]
    assert len(leads) == 1 and leads[0].reference == transcript.last.reference
    lead = leads[0].lead
    assert lead["channel"] == "wechat"
    assert norm("employer", lead["employer"]["name"]) == norm("employer", persona["facts"]["employer"])
    assert lead["amount_yuan"] == persona["facts"]["amount_yuan"]
    for secret in (persona["facts"]["phone"], persona["facts"]["id_number"], TOKEN, APP_SECRET, AES_KEY, OPENID):
        assert secret not in caplog.text
