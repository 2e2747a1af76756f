"""WeChat webhook: forged, replayed, malformed and hostile requests are refused, and nothing is stored."""

from __future__ import annotations

import base64
import time
import xml.etree.ElementTree as ET  # noqa: S405 (reading wechatpy's output)

import pytest
from wechatpy.crypto import WeChatCrypto

from bot.app import GATEWAY, build_app
from bot.channels.wechat_crypto import CryptoError, Envelope
from intake.config import Settings
from intake.store.sqlite import SQLiteStore
from tests.test_wechat import settings
from tests.wechat_world import AES_KEY, APP_ID, OPENID, TOKEN, WeChatServer, payload


@pytest.fixture(params=["plain", "safe"])
async def wechat(request, tmp_path, aiohttp_client):
    app = build_app(settings(tmp_path, "http://127.0.0.1:9", request.param == "safe"),
                    store=SQLiteStore(tmp_path / "gongqian.sqlite3"))
    server = WeChatServer(await aiohttp_client(app), safe=request.param == "safe")
    server.app = app
    return server


async def nothing_stored(server: WeChatServer) -> bool:
    gateway = server.app[GATEWAY]
    return await gateway.store.load(gateway.key("wechat", OPENID)) is None


async def refused(response, status: int, reason: str) -> None:
    assert response.status == status
    assert reason in (await response.json())["error"]


@pytest.mark.parametrize("method", ["get", "post"])
async def test_a_forged_signature_is_refused(wechat, method):
    forger = WeChatServer(wechat.client, wechat.safe, token="guessed-token")  # noqa: S106
    query = forger.query(echostr="1") if method == "get" else forger.query()
    response = await (wechat.client.get("/webhooks/wechat", params=query) if method == "get"
                      else wechat.client.post("/webhooks/wechat", params=query, data=payload("text")))
    await refused(response, 403, "bad signature")
    assert await nothing_stored(wechat)


async def test_a_request_without_a_signature_is_refused(wechat):
    await refused(await wechat.client.post("/webhooks/wechat", data=payload("text")), 403, "bad signature")


@pytest.mark.parametrize("skew", [-400, 400])
async def test_a_stale_or_future_timestamp_is_refused(wechat, skew):
    response = await wechat.post(payload("text"), wechat.query(timestamp=int(time.time()) + skew))
    await refused(response, 403, "stale timestamp")
    assert await nothing_stored(wechat)


@pytest.mark.parametrize("scenario", ["billion_laughs", "external_entity"])
async def test_an_xml_bomb_is_refused(wechat, scenario):
    await refused(await wechat.post(payload(scenario)), 400, "DTD or entities")
    assert await nothing_stored(wechat)


@pytest.mark.parametrize(("scenario", "reason"), [("malformed", "malformed XML"), ("missing_sender", "FromUserName")])
async def test_a_malformed_message_is_refused_with_the_reason(wechat, scenario, reason):
    await refused(await wechat.post(payload(scenario)), 400, reason)


async def test_an_oversized_body_is_refused(wechat):
    huge = payload("text", Content="欠薪" * 40_000)
    await refused(await wechat.post(huge), 413, "larger than")
    assert await nothing_stored(wechat)


async def test_safe_mode_refuses_a_forged_msg_signature(tmp_path, aiohttp_client):
    app = build_app(settings(tmp_path, "http://127.0.0.1:9", safe=True))
    server = WeChatServer(await aiohttp_client(app), safe=True)
    query = server.query()
    body = server.envelope(payload("text"), query)
    query["msg_signature"] = "0" * 40
    await refused(await server.client.post("/webhooks/wechat", params=query, data=body), 403, "bad msg_signature")


async def test_safe_mode_refuses_a_message_for_another_app_id(tmp_path, aiohttp_client):
    app = build_app(settings(tmp_path, "http://127.0.0.1:9", safe=True))
    server = WeChatServer(await aiohttp_client(app), safe=True)
    server.crypto = WeChatCrypto(TOKEN, AES_KEY, "wx0000000000000000")
    await refused(await server.post(payload("text")), 403, "AppID")


async def test_safe_mode_refuses_a_plain_body(tmp_path, aiohttp_client):
    app = build_app(settings(tmp_path, "http://127.0.0.1:9", safe=True))
    server = WeChatServer(await aiohttp_client(app), safe=False)
    await refused(await server.post(payload("text")), 400, "Encrypt is missing")


async def test_plain_mode_says_an_encrypted_body_needs_the_aes_key(tmp_path, aiohttp_client):
    app = build_app(settings(tmp_path, "http://127.0.0.1:9", safe=False))
    encrypted = WeChatServer(await aiohttp_client(app), safe=True)
    await refused(await encrypted.post(payload("text")), 400, "GONGQIAN_WECHAT_AES_KEY")


def test_our_envelope_and_wechatpy_read_each_other():
    ours, theirs = Envelope(AES_KEY, APP_ID), WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    sealed = ET.fromstring(theirs.encrypt_message("<xml>包工头欠我三万五</xml>", "n0nce", "1768550400"))  # noqa: S314
    assert ours.decrypt(sealed.findtext("Encrypt")) == "<xml>包工头欠我三万五</xml>"
    assert ours.decrypt(ours.encrypt("包工头欠我三万五")) == "包工头欠我三万五"


def test_a_tampered_envelope_is_refused():
    ours = Envelope(AES_KEY, APP_ID)
    sealed = bytearray(base64.b64decode(ours.encrypt("包工头欠我三万五")))
    sealed[-5] ^= 0x55  # garbles the last block: the padding and the AppID
    with pytest.raises(CryptoError):
        ours.decrypt(base64.b64encode(bytes(sealed)).decode())
    with pytest.raises(CryptoError, match="base64"):
        ours.decrypt("not base64 at all!")


@pytest.mark.parametrize(("aes_key", "app_id", "error"), [
    ("short", APP_ID, "43 characters"), (AES_KEY, "", "needs GONGQIAN_WECHAT_APP_ID")])
def test_a_bad_safe_mode_setting_is_a_clear_startup_error(tmp_path, aes_key, app_id, error):
    with pytest.raises(ValueError, match=error):
        build_app(Settings(data_dir=tmp_path, wechat_token=TOKEN, wechat_app_id=app_id, wechat_aes_key=aes_key))
