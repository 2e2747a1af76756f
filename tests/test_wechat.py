"""WeChat Official Account channel: every message and event type, in plain and safe mode, read back by wechatpy."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.app import GATEWAY, build_app
from bot.channels.wechat import WECHAT
from dialogs.conversation import Conversation
from intake.config import Settings
from intake.i18n import catalog
from intake.store.sqlite import SQLiteStore
from tests.wechat_world import AES_KEY, APP_ID, APP_SECRET, OPENID, TOKEN, StandIn, WeChatServer, payload

TEXTS = catalog()
PROJECT = {"code": "LG-0031", "name": "龙岗锦澜湾三期", "province": "广东省", "city": "深圳市",
           "district": "龙岗区", "industry": "construction"}


def settings(tmp_path, api_base: str, safe: bool, **more) -> Settings:
    values = {"data_dir": tmp_path, "wechat_token": TOKEN, "wechat_app_id": APP_ID, "wechat_app_secret": APP_SECRET,
              "wechat_aes_key": AES_KEY if safe else "", "wechat_api_base": api_base}
    return Settings(**{**values, **more})


@pytest.fixture
async def stand_in(aiohttp_server):
    world = StandIn()
    world.server = await aiohttp_server(world.app())
    return world


@pytest.fixture(params=["plain", "safe"])
async def wechat(request, tmp_path, aiohttp_client, stand_in):
    """A gateway with WeChat on (in plain or safe mode), and WeChat's server talking to it."""
    app = build_app(settings(tmp_path, str(stand_in.server.make_url("")), request.param == "safe"),
                    store=SQLiteStore(tmp_path / "gongqian.sqlite3"))
    server = WeChatServer(await aiohttp_client(app), safe=request.param == "safe")
    server.app = app
    await app[GATEWAY].store.put_record("project", PROJECT["code"], PROJECT)
    return server


async def conversation(server: WeChatServer) -> Conversation | None:
    """What the gateway stored for the test worker."""
    gateway = server.app[GATEWAY]
    return gateway._open(await gateway.store.load(gateway.key("wechat", OPENID)))


async def test_url_verification_echoes_echostr(wechat):
    response = await wechat.client.get("/webhooks/wechat", params=wechat.query(echostr="5837491028374650123"))
    assert (response.status, await response.text()) == (200, "5837491028374650123")


async def test_channel_is_off_without_a_token(tmp_path, aiohttp_client):
    client = await aiohttp_client(build_app(Settings(data_dir=tmp_path)))
    assert (await client.get("/webhooks/wechat")).status == 404
    assert (await client.post("/webhooks/wechat", data=payload("text"))).status == 404


@pytest.mark.parametrize("scenario", ["text", "voice_recognized"])
async def test_a_complaint_by_text_or_transcribed_voice_is_answered_with_numbered_options(wechat, scenario):
    reply = await wechat.reply(payload(scenario))
    assert TEXTS.text("zh-Hans", "consent.notice") in reply
    assert "\n1. " in reply and "\n2. " in reply and TEXTS.text("zh-Hans", "wechat.options_hint") in reply
    assert (await conversation(wechat)).state == "CONSENT"


async def test_a_numbered_answer_picks_the_option(wechat):
    await wechat.reply(payload("text"))
    await wechat.reply(payload("text", Content="1", MsgId="24567812345679999"))
    assert (await conversation(wechat)).state not in ("NEW", "CONSENT", "DECLINED")


async def test_voice_without_transcription_asks_to_type_and_stores_nothing(wechat):
    assert await wechat.reply(payload("voice_untranscribed")) == TEXTS.text("zh-Hans", "wechat.voice_untranscribed")
    assert await conversation(wechat) is None


async def test_a_photo_is_kept_as_an_attachment(wechat):
    reply = await wechat.reply(payload("image"))
    assert TEXTS.text("zh-Hans", "notice.photo_saved") in reply
    photo = (await conversation(wechat)).data["attachments"][0]
    assert (photo["media_id"], photo["url"]) == ("iMedia_4hJkL5nPq", "http://mmbiz.qpic.cn/mmbiz_jpg/Xy9pAbc/0")


async def test_a_shared_location_fills_the_place(wechat):
    await wechat.reply(payload("text"))
    await wechat.reply(payload("location"))
    data = (await conversation(wechat)).data
    assert (data["city"], data["district"]) == ("深圳市", "龙岗区")
    assert data["geo"] == {"lat": 22.720968, "lon": 114.246899} and "锦澜湾" in data["address"]


async def test_an_unreadable_message_type_gets_a_clear_answer(wechat):
    assert await wechat.reply(payload("video_unsupported")) == TEXTS.text("zh-Hans", "wechat.unsupported")


async def test_a_follow_is_welcomed_and_an_unfollow_is_not_answered(wechat):
    assert await wechat.reply(payload("subscribe")) == TEXTS.text("zh-Hans", "wechat.welcome")
    assert await wechat.reply(payload("unsubscribe")) is None


@pytest.mark.parametrize("scenario", ["subscribe_scene", "scan"])
async def test_a_project_qr_code_prefills_the_project(wechat, scenario):
    welcome = await wechat.reply(payload(scenario))
    assert welcome == TEXTS.text("zh-Hans", "wechat.welcome_project", project="龙岗锦澜湾三期")
    await wechat.reply(payload("text"))
    data = (await conversation(wechat)).data
    assert (data["project"], data["project_code"], data["district"]) == ("龙岗锦澜湾三期", "LG-0031", "龙岗区")


async def test_a_redelivered_message_gets_the_same_reply_and_is_stepped_once(wechat, stand_in):
    first = await wechat.reply(payload("text"))
    again = await wechat.reply(payload("text"))
    assert again == first and stand_in.sent == []
    assert (await conversation(wechat)).state == "CONSENT"


async def test_a_slow_step_answers_success_at_once_and_the_reply_follows_through_the_api(wechat, stand_in, caplog):
    caplog.set_level(logging.DEBUG)
    wechat.app[WECHAT].replier.budget = 0.2

    async def slow_effect(inbound, result):  # a step (with its effects) that overruns WeChat's window
        await asyncio.sleep(1.0)

    wechat.app[GATEWAY].effects.append(slow_effect)
    started = time.monotonic()
    assert await wechat.reply(payload("text")) is None
    assert time.monotonic() - started < 0.9
    await asyncio.wait_for(stand_in.delivered.wait(), 5)
    sent = stand_in.sent[0]
    assert (sent["touser"], sent["msgtype"]) == (OPENID, "text")
    assert TEXTS.text("zh-Hans", "consent.notice") in sent["text"]["content"]
    # WeChat redelivers when our `success` got lost: the reply already went out, so none is repeated.
    assert await wechat.reply(payload("text")) is None
    await asyncio.sleep(0.1)
    assert len(stand_in.sent) == 1 and stand_in.token_requests == 1
    assert "answered success" in caplog.text
    # Our logs only: the stand-in's own access log plays WeChat's side, where the token belongs.
    ours = "\n".join(r.getMessage() for r in caplog.records if "/cgi-bin/" not in r.getMessage())
    assert not [secret for secret in (*stand_in.valid, APP_SECRET, TOKEN, AES_KEY, OPENID) if secret in ours]


async def test_a_late_reply_that_wechat_refuses_is_logged_and_nothing_is_lost(wechat, stand_in, caplog):
    wechat.app[WECHAT].replier.budget = 0.05
    stand_in.send_errcode = 45015  # the worker has not written for 48 hours

    async def slow_effect(inbound, result):
        await asyncio.sleep(0.3)

    wechat.app[GATEWAY].effects.append(slow_effect)
    assert await wechat.reply(payload("text")) is None
    await wechat.app[WECHAT].replier.drain()
    assert "late reply not sent (retryable: False)" in caplog.text and "45015" in caplog.text
    assert (await conversation(wechat)).state == "CONSENT"
