"""Follow-up through the real gateway on loopback: repeats, urgency, the status callback, 回访, SLA."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bot.app import GATEWAY
from bot.followup import survey
from bot.followup.hooks import Followup
from intake import events, sla
from intake.lead import unseal
from intake.signing import HEADER, TOLERANCE, sign
from tests.chat_client import WebChat, running, settings_for
from tests.followup_kit import SECRET, Clock, report, start_receiver
from tests.personas import drive

PHONES = ("13966012345", "13800138001", "15900001111", "18612345678")


@pytest.fixture
async def bureau():
    """The clock and a loopback receiver of signed alerts and 回访 answers."""
    clock = Clock()
    receiver, server = await start_receiver(clock)
    yield clock, receiver, str(server.make_url(""))
    await server.close()


@pytest.fixture
def make_settings(tmp_path, bureau):
    _, _, base = bureau

    def make(**overrides):
        values = {"case_backend_secret": SECRET, "alert_url": f"{base}/alerts", "survey_url": f"{base}/surveys",
                  "sms_log": str(tmp_path / "sms.jsonl"), "survey_delay": 3600, **overrides}
        return settings_for(tmp_path, **values)

    return make


async def settle(client) -> None:
    """Wait for the events the gateway sends in the background."""
    followup = next(h for h in client.server.app[GATEWAY].hooks if isinstance(h, Followup))
    while followup.tasks:
        await asyncio.wait(set(followup.tasks))


async def submit(client, phone: str, **kwargs) -> tuple[WebChat, str | None, list[dict]]:
    chat = WebChat(client)
    transcript = await drive(report(phone, **kwargs), chat.send)
    assert transcript.last.state == "SUBMITTED", transcript.dump()
    return chat, transcript.last.reference, transcript.last.replies


async def all_leads(client) -> list[dict]:
    gateway = client.server.app[GATEWAY]
    return [unseal(item.lead, gateway.vault) async for item in gateway.store.leads()]


# -- linking and repeats --------------------------------------------------------------------


async def test_the_same_complainant_again_is_told_the_reference_and_no_lead_is_made(bureau, make_settings):
    clock, _, _ = bureau
    async with running(make_settings(), clock=clock) as client:
        _, reference, _ = await submit(client, "13966012345")
        clock.now += 3600
        _, again, replies = await submit(client, "139 6601 2345", project="桃花湾安置房三期工地")
        assert again is None and reference in replies[-1]["text"] and "待转交" in replies[-1]["text"]
        assert [lead["reference"] for lead in await all_leads(client)] == [reference]


async def test_another_worker_on_the_same_project_is_linked(bureau, make_settings):
    clock, _, _ = bureau
    async with running(make_settings(), clock=clock) as client:
        _, first, _ = await submit(client, PHONES[0])
        _, second, _ = await submit(client, PHONES[1], employer="赵德胜老板", workers="我们四个人")
        linked = next(lead for lead in await all_leads(client) if lead["reference"] == second)
        assert (linked["related"], linked["related_workers"]) == ([first], 5)


# -- urgency and early warning ---------------------------------------------------------------


async def test_k_complainants_on_one_project_make_it_urgent_and_alert_the_bureau(bureau, make_settings):
    clock, receiver, _ = bureau
    async with running(make_settings(group_complainants=3), clock=clock) as client:
        references = [(await submit(client, phone))[1] for phone in PHONES[:3]]
        await settle(client)
        flags = {lead["reference"]: lead["priority"] == "urgent" for lead in await all_leads(client)}
        assert flags == dict(zip(references, (False, False, True), strict=True))
        [alert] = receiver.of("urgent")
        assert alert["reasons"] == ["group"] and alert["lead"]["reference"] == references[2]
        assert sorted(alert["lead"]["related"]) == sorted(references[:2])
        assert "complainant" not in alert["lead"] and PHONES[2] not in json.dumps(alert)
        assert receiver.keys == [f"urgent:{alert['lead']['id']}"]


async def test_a_large_group_is_urgent(bureau, make_settings):
    clock, receiver, _ = bureau
    async with running(make_settings(urgent_workers=10), clock=clock) as client:
        await submit(client, PHONES[0], workers="我们一共十二个人")
        await settle(client)
        assert [a["reasons"] for a in receiver.of("urgent")] == [["workers"]]


async def test_a_warning_is_sent_once_per_window(bureau, make_settings):
    clock, receiver, _ = bureau
    async with running(make_settings(warning_count=2, warning_days=7), clock=clock) as client:
        for phone in PHONES[:3]:
            await submit(client, phone)
            await settle(client)
        assert {(w["subject"], w["count"]) for w in receiver.of("warning")} == {("project", 2), ("employer", 2)}
        clock.now += 8 * 86400
        await submit(client, PHONES[3])
        await settle(client)
        assert len(receiver.of("warning")) == 2  # the earlier leads fell out of the window


# -- the status callback and telling the worker ----------------------------------------------


async def callback(client, reference: str, body: dict, now: float, secret: str = SECRET, header: str | None = None):
    raw = json.dumps(body).encode()
    headers = {HEADER: header or sign(secret, raw, int(now)), "Content-Type": "application/json"}
    return await client.post(f"/api/leads/{reference}/status", data=raw, headers=headers)


async def test_status_callbacks_are_checked_and_the_web_worker_sees_the_news_next_visit(bureau, make_settings):
    clock, _, _ = bureau
    async with running(make_settings(), clock=clock) as client:
        chat, reference, _ = await submit(client, PHONES[0])
        body = {"status": "accepted", "note": "监察员王科明天联系你", "case_id": "C-17"}
        assert (await callback(client, reference, body, clock.now, secret="forged")).status == 401  # noqa: S106
        assert (await callback(client, reference, body, clock.now - 2 * TOLERANCE)).status == 401
        assert (await callback(client, "GQ-20260101-ZZZZZZ", {**body, "note": ""}, clock.now)).status == 404
        assert (await callback(client, reference, {"status": "done"}, clock.now)).status == 400
        raw = json.dumps(body).encode()
        header = sign(SECRET, raw, int(clock.now))
        response = await callback(client, reference, body, clock.now, header=header)
        assert (response.status, (await response.json())["told"]) == (200, "web")
        assert (await callback(client, reference, body, clock.now, header=header)).status == 401  # replayed
        turn = await chat.send("进度")
        assert "已受理" in turn.replies[0]["text"] and "王科" in turn.replies[0]["text"]
        assert f"{reference}：已受理" in turn.replies[1]["text"]
        assert "王科" not in "".join(r["text"] for r in (await chat.send("进度")).replies)  # shown once


async def test_a_worker_outside_the_wechat_window_gets_an_sms(bureau, make_settings, tmp_path):
    clock, _, _ = bureau
    async with running(make_settings(), clock=clock) as client:
        _, reference, _ = await submit(client, PHONES[1])
        gateway = client.server.app[GATEWAY]
        item = await gateway.store.get_lead(reference)
        # The same lead as if it had come by WeChat, two days ago: no customer-service window now.
        moved = {**item.lead, "id": "wechat-lead", "reference": "GQ-20260528-WXWXWX", "channel": "wechat",
                 "reply_to": gateway.vault.encrypt("oOPENID123")}
        await gateway.store.add_lead(moved)
        response = await callback(client, moved["reference"], {"status": "assigned", "note": ""}, clock.now)
        assert (await response.json())["told"] == "sms"
        [line] = [json.loads(x) for x in (tmp_path / "sms.jsonl").read_text().splitlines()]
        assert line["phone"] == f"+86{PHONES[1]}" and "已分派" in line["text"]


class Recorder:
    """A stand-in outbound channel that records what it was asked to send."""

    def __init__(self, channel: str):
        self.channel, self.sent = channel, []

    async def send(self, address, text, options=()):
        self.sent.append((address, text))


async def test_wechat_inside_its_window_gets_a_customer_service_message(bureau, make_settings):
    from bot.followup.notify import Notifier
    from intake.store import ConversationKey

    clock, _, _ = bureau
    async with running(make_settings(), clock=clock) as client:
        gateway = client.server.app[GATEWAY]
        wechat = Recorder("wechat")
        notifier = Notifier(gateway.store, gateway.vault, gateway.settings, None, {"wechat": wechat})
        lead = {"channel": "wechat", "sender": "blind1", "reply_to": gateway.vault.encrypt("oOPENID"),
                "complainant": {"phone": None}}
        await gateway.store.save(ConversationKey("wechat", "blind1"), {"updated_at": clock.now - 47 * 3600}, 86400)
        assert (await notifier.tell(lead, "新进度", (), clock.now)).channel == "wechat"
        assert wechat.sent == [("oOPENID", "新进度")]
        await gateway.store.save(ConversationKey("wechat", "blind1"), {"updated_at": clock.now - 49 * 3600}, 86400)
        await notifier.tell(lead, "再一次", (), clock.now)
        assert len(wechat.sent) == 1  # outside the window, and no phone: it waits as a notice


# -- 回访 --------------------------------------------------------------------------------------


async def test_the_worker_is_asked_after_resolution_and_the_answer_reaches_the_backend(bureau, make_settings):
    from bot.followup.notify import Notifier

    clock, receiver, _ = bureau
    async with running(make_settings(survey_delay=3600), clock=clock) as client:
        gateway = client.server.app[GATEWAY]
        chat, reference, _ = await submit(client, PHONES[2])
        await callback(client, reference, {"status": "resolved", "note": "", "case_id": "C-9"}, clock.now)
        await callback(client, reference, {"status": "closed", "note": "结案"}, clock.now + 1)
        notifier = Notifier(gateway.store, gateway.vault, gateway.settings, None, {})
        assert await survey.ask_due(gateway.store, notifier, gateway.texts, clock.now + 60) == 0
        clock.now += 3601
        assert await survey.ask_due(gateway.store, notifier, gateway.texts, clock.now) == 1
        assert await survey.ask_due(gateway.store, notifier, gateway.texts, clock.now + 9999) == 0  # once
        turn = await chat.send("满意")
        assert "满意吗" in "".join(r["text"] for r in turn.replies) and turn.replies[-1]["expecting"] == "survey_comment"
        turn = await chat.send("钱都拿到了，谢谢")
        assert "谢谢你的反馈" in turn.replies[-1]["text"]
        await settle(client)
        [answer] = receiver.of("survey")
        assert (answer["reference"], answer["satisfied"], answer["comment"], answer["case_id"]) == \
            (reference, True, "钱都拿到了，谢谢", "C-9")


# -- same-day first contact --------------------------------------------------------------------


async def test_a_lead_not_accepted_by_the_end_of_its_day_raises_one_sla_alert(bureau, make_settings):
    clock, receiver, _ = bureau
    async with running(make_settings(), clock=clock) as client:
        gateway = client.server.app[GATEWAY]
        store, conf = gateway.store, gateway.settings
        _, late, _ = await submit(client, PHONES[0])
        _, contacted, _ = await submit(client, PHONES[1], employer="钱老板", project="幸福里小区")
        await callback(client, contacted, {"status": "accepted", "note": ""}, clock.now)
        midnight = datetime(2026, 5, 30, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()  # START is 05-29 04:26
        assert await sla.check(store, conf, midnight - 1) == 0
        assert await sla.check(store, conf, midnight + 1) == 1
        receiver.refuse = 1  # the bureau's endpoint is down for the first try
        clock.now = midnight + 1
        async with aiohttp.ClientSession() as http:
            assert await events.flush(store, http, conf, clock.now) == 0
            clock.now += 3600
            assert await events.flush(store, http, conf, clock.now) == 1
        assert await sla.check(store, conf, clock.now) == 0
        [alert] = receiver.of("sla_first_contact")
        assert alert["lead"]["reference"] == late and alert["due_at"] == "2026-05-30T00:00:00+08:00"


async def test_a_telegram_worker_gets_a_message_through_the_bot_api(bureau, make_settings):
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    from bot.channels.telegram import sender
    from bot.followup.notify import Notifier

    sent = []

    async def bot_api(request: web.Request) -> web.Response:
        data = await request.json() if request.content_type == "application/json" else dict(await request.post())
        if request.match_info["method"] == "getMe":
            return web.json_response({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "gq",
                                                             "username": "gq_bot"}})
        sent.append(data)
        return web.json_response({"ok": True, "result": {"message_id": 7, "date": 0, "text": data["text"],
                                                         "chat": {"id": int(data["chat_id"]), "type": "private"}}})

    app = web.Application()
    app.router.add_post("/bottest-token/{method}", bot_api)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    clock, _, _ = bureau
    conf = make_settings(telegram_token="test-token",  # noqa: S106 (a stand-in token)
                         telegram_api_base=str(server.make_url("/bot")))
    async with running(conf, clock=clock) as client:
        gateway = client.server.app[GATEWAY]
        telegram = sender(conf, None)
        await telegram.start()
        notifier = Notifier(gateway.store, gateway.vault, conf, None, {"telegram": telegram})
        lead = {"channel": "telegram", "sender": "blind2", "reply_to": gateway.vault.encrypt("4242"),
                "complainant": {"phone": None}}
        assert (await notifier.tell(lead, "你的线索有新进度", (), clock.now)).channel == "telegram"
        await telegram.close()
    await server.close()
    assert [(str(m["chat_id"]), m["text"]) for m in sent] == [("4242", "你的线索有新进度")]


def test_an_open_survey_outlives_a_new_complaint():
    """Restarting the dialogue starts a new report; the 回访 question about the old one stays open."""
    from dialogs.conversation import Conversation

    question = {"lead_id": "l1", "reference": "QD-1", "lang": "zh-Hans", "stage": "asked", "asked_at": 1.0}
    assert Conversation(state="DONE", survey=question).fresh(2.0).survey == question
