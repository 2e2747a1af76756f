"""TD / 退订 / T / STOP: stored, confirmed once, and honoured by every way an SMS leaves."""

import asyncio

import aiohttp
import pytest

from bot.channels.sms import sender
from bot.sms.log import LogProvider
from bot.sms.optout import is_opt_out, opt_out, opted_out
from bot.sms.send import OptedOut, send
from intake.vault import Vault
from tests.sms_app import open_sms, sample, webhook_settings

UPLINK = sample("aliyun_smsup.json")["body"][0]  # from 13811112222


@pytest.fixture
async def sms(aiohttp_client, tmp_path, store):
    """The SMS webhooks over each store backend."""
    return await open_sms(aiohttp_client, tmp_path, store)


@pytest.mark.parametrize("text, expected", [("TD", True), ("td", True), ("T", True), ("退订", True), ("退訂。", True),
                                            ("STOP", True), (" stop! ", True), ("退订了吗", False),
                                            ("TD我不要", False), ("欠我三万五", False)])
def test_opt_out_words(text, expected):
    assert is_opt_out(text) is expected


async def test_td_is_stored_and_confirmed_once(sms):
    for word, sequence in (("TD", 1), ("退订", 2)):
        await sms.pushed("aliyun", [{**UPLINK, "content": word, "sequence_id": sequence}])
    (confirmation,) = await sms.sent()
    assert confirmation["phone"] == "+8613811112222" and confirmation["text"].startswith("已退订")
    assert "12333" in confirmation["text"]
    gateway = sms.gateway
    assert await opted_out(gateway.store, gateway.vault, "138 1111 2222")  # however the number is spelt


async def test_stop_is_confirmed_in_english(sms):
    await sms.generic({"type": "message", "id": "s1", "from": "+8613811112222", "text": "STOP"})
    (confirmation,) = await sms.sent()
    assert confirmation["text"].startswith("Unsubscribed")


async def test_an_opted_out_worker_gets_no_reply_though_the_message_is_kept(sms):
    await sms.pushed("aliyun", [{**UPLINK, "content": "TD", "sequence_id": 1}])
    await sms.pushed("aliyun", [{**UPLINK, "sequence_id": 2}])
    assert len(await sms.sent()) == 1  # only the confirmation
    assert await sms.gateway.store.load(sms.gateway.key("sms", "+8613811112222")) is not None


async def test_two_deliveries_of_one_opt_out_at_once_confirm_once(store, tmp_path):
    vault = Vault.from_settings("", tmp_path)
    firsts = await asyncio.gather(*(opt_out(store, vault, "+8613811112222", "test") for _ in range(4)))
    assert sorted(firsts) == [False, False, False, True]


async def test_the_shared_send_and_the_log_provider_refuse_an_opted_out_number(store, tmp_path):
    vault, log = Vault.from_settings("", tmp_path), tmp_path / "out.jsonl"
    provider = LogProvider(log)
    await opt_out(store, vault, "13811112222", "test")
    with pytest.raises(OptedOut) as refused:
        await send(store, vault, provider, "+8613811112222", "提醒")
    assert refused.value.retryable is False and log.read_text() == ""
    await send(store, vault, provider, "+8615036227481", "提醒")
    assert log.read_text().count("\n") == 1


async def test_the_channel_sender_fits_the_text_and_honours_opt_outs(store, tmp_path):
    conf = webhook_settings(tmp_path)
    vault = Vault.from_settings(conf.secret_key, conf.data_dir)
    async with aiohttp.ClientSession() as http:
        sms_sender = sender(conf, http, store, vault)
        await opt_out(store, vault, "+8613811112222", "test")
        with pytest.raises(OptedOut):
            await sms_sender.send("+8613811112222", "进度有更新")
        sent = await sms_sender.send("+8615036227481", "要转人工吗？", ("要", "不要"))
    assert sms_sender.channel == "sms" and sent.platform_id
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "要转人工吗？\\n1.要 2.不要" in lines[0]


def test_the_sender_is_off_when_the_named_provider_is_not_set_up(tmp_path):
    conf = webhook_settings(tmp_path, sms_provider="aliyun")
    assert sender(conf, None) is None
