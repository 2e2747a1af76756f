"""Each provider's send API, against a loopback stand-in that checks the signature as the provider does."""

import aiohttp
import pytest

from bot.channels.base import SendError
from bot.sms import aliyun, generic, tencent, twilio
from intake.config import Settings
from tests.sms_standins import STANDINS, settings_for

MODULES = {"twilio": twilio, "aliyun": aliyun, "tencent": tencent, "generic": generic}
PHONE = "+8615036227481"


@pytest.fixture(params=sorted(MODULES))
async def rig(request, aiohttp_server, tmp_path):
    """(stand-in, provider) for each provider, over one shared client session."""
    standin = STANDINS[request.param]()
    server = await aiohttp_server(standin.app())
    conf = Settings(data_dir=tmp_path, **settings_for(request.param, str(server.make_url("")).rstrip("/")))
    async with aiohttp.ClientSession() as http:
        yield standin, MODULES[request.param].provider(conf, http)


async def test_a_signed_send_is_accepted_and_returns_the_provider_id(rig):
    standin, provider = rig
    sent = await provider.send("150 3622 7481", "你好，已收到。", reference="GQ-1")
    assert sent.channel == "sms" and sent.platform_id.endswith("id1")
    to, text = standin.inbox.get_nowait()
    assert text == "你好，已收到。" and to.endswith("15036227481")


async def test_no_phone_number_appears_in_the_url_of_any_send(rig):
    standin, provider = rig
    await provider.send(PHONE, "text")
    assert all("15036227481" not in r["url"] for r in standin.requests)


@pytest.mark.parametrize("mode, retryable", [("throttled", True), ("outage", True), ("bad_number", False),
                                             ("auth", False)])
async def test_failures_say_whether_a_retry_can_help(rig, mode, retryable, caplog):
    standin, provider = rig
    standin.mode = mode
    with pytest.raises(SendError) as failed:
        await provider.send(PHONE, "text")
    assert failed.value.retryable is retryable
    assert "15036227481" not in failed.value.reason  # reasons get logged; the provider's message is masked


async def test_a_timeout_is_retryable(rig):
    standin, provider = rig
    standin.mode, provider.timeout = "slow", 0.2
    with pytest.raises(SendError) as failed:
        await provider.send(PHONE, "text")
    assert failed.value.retryable


async def test_an_invalid_number_is_refused_before_any_call(rig):
    standin, provider = rig
    with pytest.raises(SendError) as failed:
        await provider.send("12345", "text")
    assert not failed.value.retryable and standin.requests == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_provider_without_its_settings_is_off(name, tmp_path):
    assert MODULES[name].provider(Settings(data_dir=tmp_path), None) is None


def test_aliyun_sends_the_mainland_number_in_eleven_digits_and_the_text_in_the_template(tmp_path):
    conf = Settings(data_dir=tmp_path, **settings_for("aliyun", "http://127.0.0.1:9"))
    params = aliyun.provider(conf, None).params("+8615036227481", "欠薪", "GQ-1")
    assert params["PhoneNumbers"] == "15036227481" and params["TemplateParam"] == '{"content": "欠薪"}'
    assert params["OutId"] == "GQ-1" and params["SignatureMethod"] == "HMAC-SHA1"

