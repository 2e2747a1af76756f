"""POST /webhooks/sms/<provider>: documented payloads in, the platform's answer out, forgeries refused."""

import time

import pytest

from bot.app import build_app
from bot.sms.reports import report_of
from intake.config import Settings
from tests.sms_app import TOKENS, SmsClient, open_sms, sample
from tests.sms_standins import GENERIC


@pytest.fixture
async def sms(aiohttp_client, tmp_path) -> SmsClient:
    return await open_sms(aiohttp_client, tmp_path)


ACKS = {"twilio": ("text/xml", "<Response></Response>"), "aliyun": ("application/json", '"code": 0'),
        "tencent": ("application/json", '"result": 0'), "generic": ("application/json", '"accepted"')}


async def post_message(sms: SmsClient, provider: str):
    """Each provider's documented inbound message sample; returns (response, the sender's E.164 number)."""
    if provider == "twilio":
        return await sms.twilio(sample("twilio_incoming_message.json")["params"]), "+8615036227481"
    if provider == "generic":
        return await sms.generic(sample("generic_message.json")["body"]), "+8613811112222"
    return await sms.pushed(provider, sample(f"{provider}_{'smsup' if provider == 'aliyun' else 'reply'}.json")["body"]), \
        "+8613811112222"


@pytest.mark.parametrize("provider", sorted(ACKS))
async def test_a_workers_text_is_answered_as_the_platform_expects_and_replied_to(sms, provider):
    response, phone = await post_message(sms, provider)
    content_type, marker = ACKS[provider]
    assert response.status == 200 and response.content_type == content_type and marker in await response.text()
    (reply,) = await sms.sent()
    assert reply["phone"] == phone and "同意吗" in reply["text"] and "1.同意 2.不同意" in reply["text"]
    state = await sms.gateway.store.load(sms.gateway.key("sms", phone))
    assert state["state"] == "CONSENT"


@pytest.mark.parametrize("provider", sorted(ACKS))
async def test_a_redelivered_message_gets_no_second_reply(sms, provider):
    first, _ = await post_message(sms, provider)
    again, _ = await post_message(sms, provider)
    assert first.status == again.status == 200
    assert len(await sms.sent()) == 1


async def test_twilio_status_callbacks_are_recorded_by_message_sid(sms):
    for name in ("twilio_status_delivered.json", "twilio_status_undelivered.json"):
        assert (await sms.twilio(sample(name)["params"])).status == 200
    store = sms.gateway.store
    delivered = await report_of(store, "SM5a7c9a4b3a0f4cf1a2f2d1c7f4e8b111")
    failed = await report_of(store, "SM5a7c9a4b3a0f4cf1a2f2d1c7f4e8b222")
    assert (delivered["delivered"], delivered["provider"]) == (True, "twilio")
    assert (failed["delivered"], failed["error"]) == (False, "30003")
    assert await sms.sent() == []


async def test_a_late_interim_status_does_not_undo_a_final_one(sms):
    params = sample("twilio_status_delivered.json")["params"]
    await sms.twilio(params)
    await sms.twilio({**params, "MessageStatus": "sent", "SmsStatus": "sent"})
    assert (await report_of(sms.gateway.store, params["MessageSid"]))["status"] == "delivered"


@pytest.mark.parametrize("provider, name, delivered", [
    ("aliyun", "aliyun_smsreport.json", {"12345": True, "12346": False}),
    ("tencent", "tencent_status.json", {"2019:4769120478373613373": True}),
])
async def test_pushed_delivery_reports_are_recorded_without_the_number(sms, provider, name, delivered):
    response = await sms.pushed(provider, sample(name)["body"])
    assert response.status == 200
    for message_id, ok in delivered.items():
        report = await report_of(sms.gateway.store, message_id)
        assert report["delivered"] is ok and "1381111" not in str(report)


async def test_generic_reports_are_recorded(sms):
    assert (await sms.generic(sample("generic_report.json")["body"])).status == 200
    failed = await report_of(sms.gateway.store, "gw-sent-0002")
    assert (failed["delivered"], failed["error"]) == (False, "absent subscriber")


FORGED = {
    "twilio signed with another token": lambda s: s.twilio(sample("twilio_incoming_message.json")["params"], "other"),
    "twilio signed for the local URL, not the public one": lambda s: s.twilio(
        sample("twilio_incoming_message.json")["params"], url="http://127.0.0.1:8080/webhooks/sms/twilio"),
    "aliyun with a wrong token": lambda s: s.pushed("aliyun", sample("aliyun_smsup.json")["body"], "guess"),
    "aliyun without a token": lambda s: s.pushed("aliyun", sample("aliyun_smsup.json")["body"], ""),
    "tencent with a wrong token": lambda s: s.pushed("tencent", sample("tencent_reply.json")["body"], "guess"),
    "generic signed with another secret": lambda s: s.generic(sample("generic_message.json")["body"], "other"),
    "generic with a stale timestamp": lambda s: s.generic(sample("generic_message.json")["body"], at=time.time() - 600),
    "generic unsigned": lambda s: s.generic(sample("generic_message.json")["body"], signed=False),
}


@pytest.mark.parametrize("case", sorted(FORGED))
async def test_forged_requests_are_refused_and_change_nothing(sms, case):
    response = await FORGED[case](sms)
    assert response.status == 403 and "error" in await response.json()
    assert await sms.sent() == []
    for phone in ("+8615036227481", "+8613811112222"):
        assert await sms.gateway.store.load(sms.gateway.key("sms", phone)) is None


@pytest.mark.parametrize("provider, body, reason", [
    ("aliyun", {"not": "an array"}, "JSON array"),
    ("tencent", "text", "JSON object"),
])
async def test_malformed_pushes_get_400_saying_why(sms, provider, body, reason):
    response = await sms.pushed(provider, body)
    assert response.status == 400 and reason in (await response.json())["error"]


async def test_a_body_that_is_not_json_gets_400(sms):
    response = await sms.client.post("/webhooks/sms/aliyun", params={"token": TOKENS["aliyun"]}, data=b"\xff<xml/>")
    assert response.status == 400 and "JSON" in (await response.json())["error"]


async def test_generic_events_missing_fields_get_400(sms):
    response = await sms.generic({"type": "message", "id": "x1", "text": "hi"})
    assert response.status == 400 and "'from'" in (await response.json())["error"]


async def test_an_unusable_item_in_a_batch_is_skipped_and_the_rest_handled(sms):
    body = [{"phone_number": "not a number", "content": "x"}, *sample("aliyun_smsup.json")["body"]]
    assert (await sms.pushed("aliyun", body)).status == 200
    assert len(await sms.sent()) == 1


async def test_providers_without_webhook_settings_answer_404(aiohttp_client, tmp_path):
    client = await aiohttp_client(build_app(Settings(data_dir=tmp_path, sms_generic_secret=GENERIC["secret"])))
    for provider in ("aliyun", "twilio", "nonsense"):
        assert (await client.post(f"/webhooks/sms/{provider}", data=b"[]")).status == 404


async def test_no_phone_number_reaches_the_logs(sms, caplog):
    caplog.set_level("DEBUG")
    await post_message(sms, "twilio")
    await sms.pushed("aliyun", [{**sample("aliyun_smsup.json")["body"][0], "content": "TD"}])
    await FORGED["generic signed with another secret"](sms)
    await sms.sent()
    assert caplog.records and not any(n in caplog.text for n in ("15036227481", "13811112222"))
