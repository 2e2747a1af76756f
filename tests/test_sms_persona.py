"""A devset worker's whole complaint over SMS: Twilio webhooks in, Twilio Messages API out, a lead at the end."""

import asyncio
import json
import uuid

import pytest

from bot.sms.fit import fit_sms
from dialogs.conversation import Reply
from intake.lead import unseal
from tests import personas
from tests.sms_app import open_sms
from tests.sms_standins import Twilio, settings_for


@pytest.fixture
async def over_twilio(aiohttp_client, aiohttp_server, tmp_path):
    """The gateway replying through Twilio's API (a loopback stand-in), and that stand-in."""
    standin = Twilio()
    api = await aiohttp_server(standin.app())
    pointed = settings_for("twilio", str(api.make_url("")).rstrip("/"))
    return await open_sms(aiohttp_client, tmp_path, sms_provider="twilio", **pointed), standin


async def test_persona_d01_completes_a_complaint_by_sms(over_twilio):
    sms, twilio_api = over_twilio
    persona = next(p for p in personas.load("dialogues.jsonl") if p["id"] == "D01")
    phone = "+86" + persona["facts"]["phone"]
    gateway = sms.gateway

    async def send(text: str) -> personas.Turn:
        params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32, "From": phone,
                  "To": "+15017122661", "Body": text, "NumMedia": "0", "SmsStatus": "received"}
        assert (await sms.twilio(params)).status == 200
        to, body = await asyncio.wait_for(twilio_api.inbox.get(), 5)
        state = await gateway.store.load(gateway.key("sms", phone))
        replies = json.loads(gateway.vault.decrypt(state["last"]))["replies"]
        assert to == phone and body == fit_sms([Reply(r["text"], r["expecting"], tuple(r["options"])) for r in replies])
        return personas.Turn(state["state"], replies, state.get("reference"))

    transcript = await personas.drive(persona, send)
    assert transcript.last.state == "SUBMITTED", transcript.dump()
    (item,) = [item async for item in gateway.store.leads()]
    lead = unseal(item.lead, gateway.vault)
    assert lead["reference"] == transcript.last.reference
    assert personas.mismatches(personas.record_of(lead), persona["facts"], only_filled=True) == {}
