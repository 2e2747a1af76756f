"""WeChat Official Account: GET and POST /webhooks/wechat, in plain or safe (AES) mode.

Every request is signed (token, timestamp, nonce) and must be fresh. A message is read into a
neutral Inbound and taken through the gateway within WeChat's 5-second window; a step that
would overrun gets `success` at once and its reply through the customer-service API instead.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
from aiohttp import web

from bot.channels.base import SendError, Sent
from bot.channels.wechat_api import APIError, WeChatAPI
from bot.channels.wechat_crypto import CryptoError, Envelope, sign, verify
from bot.channels.wechat_inbound import NAME, Direct, Malformed, read
from bot.channels.wechat_reply import SCENE_KIND, Replier, compose
from bot.channels.wechat_xml import XMLRejected, encrypted_reply, parse, text_reply
from bot.gateway import Gateway
from bot.messages import Inbound, Outcome, Reply
from intake.config import Settings
from intake.i18n import DEFAULT_LANG, Catalog, catalog
from intake.store import Store, open_store

log = logging.getLogger(__name__)
ROUTE = "/webhooks/wechat"
MAX_BODY = 64 * 1024  # a push message is well under 2 KiB
MAX_SKEW = 300  # seconds a timestamp may be off before the request counts as replayed
REQUIRED = ("ToUserName", "FromUserName", "CreateTime", "MsgType")
_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class Refused(Exception):
    """A request we will not process, with the status and the reason to answer."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> bool:
    """Mount the webhook when GONGQIAN_WECHAT_TOKEN is set."""
    if not settings.wechat_token:
        return False
    channel = WeChat(gateway, settings)
    app[WECHAT] = channel
    app.router.add_get(ROUTE, channel.verify_url)
    app.router.add_post(ROUTE, channel.receive)
    app.cleanup_ctx.append(channel.lifetime)
    return True


class WeChat:
    """The webhook of one Official Account."""

    def __init__(self, gateway: Gateway, settings: Settings):
        if settings.wechat_aes_key and not settings.wechat_app_id:
            raise ValueError("GONGQIAN_WECHAT_AES_KEY (safe mode) needs GONGQIAN_WECHAT_APP_ID")
        self.gateway, self.settings, self.token = gateway, settings, settings.wechat_token
        self.envelope = Envelope(settings.wechat_aes_key, settings.wechat_app_id) if settings.wechat_aes_key else None
        self.replier = Replier(gateway)

    async def lifetime(self, app: web.Application) -> AsyncIterator[None]:
        """The API client for late replies lives as long as the app; late replies finish before it closes."""
        async with aiohttp.ClientSession() as http:
            self.replier.late = sender(self.settings, http, self.gateway.store, self.gateway.texts)
            yield
            await self.replier.drain()

    async def verify_url(self, request: web.Request) -> web.Response:
        """GET: WeChat checks the URL by having us echo `echostr` back."""
        try:
            self._check(request.query)
        except Refused as refused:
            return _refuse(refused)
        if not request.query.get("echostr"):
            return _refuse(Refused(400, "echostr is missing"))
        return web.Response(text=request.query["echostr"])

    async def receive(self, request: web.Request) -> web.Response:
        """POST: one push message in, a passive reply (or `success`) out."""
        try:
            self._check(request.query)
            msg = self._fields(parse(await _body(request)), request.query)
            inbound = read(msg)
        except (Refused, Malformed, XMLRejected) as exc:
            return _refuse(exc if isinstance(exc, Refused) else Refused(400, str(exc)))
        if isinstance(inbound, Direct):
            return self._respond(msg, await self._direct(msg, inbound))
        return self._respond(msg, await self._converse(inbound))

    def _check(self, query) -> None:
        """The signature over token, timestamp and nonce, then the timestamp's freshness."""
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        if not verify(query.get("signature", ""), self.token, timestamp, nonce):
            raise Refused(403, "bad signature")
        if not timestamp.isdigit() or abs(self.gateway.clock() - int(timestamp)) > MAX_SKEW:
            raise Refused(403, f"stale timestamp: more than {MAX_SKEW} s off")

    def _fields(self, fields: dict[str, str], query) -> dict[str, str]:
        """The message's fields, decrypted in safe mode, with the ones WeChat always sends checked."""
        if self.envelope:
            fields = self._open(fields, query)
        elif "Encrypt" in fields and "MsgType" not in fields:
            raise Refused(400, "encrypted message, but GONGQIAN_WECHAT_AES_KEY is not set")
        missing = [name for name in REQUIRED if not fields.get(name)]
        if missing:
            raise Refused(400, f"missing {', '.join(missing)}")
        if not _OPENID.match(fields["FromUserName"]) or not fields["CreateTime"].isdigit():
            raise Refused(400, "FromUserName or CreateTime is malformed")
        return fields

    def _open(self, fields: dict[str, str], query) -> dict[str, str]:
        """Safe mode: check msg_signature over the ciphertext, decrypt it, and parse what is inside."""
        encrypt = fields.get("Encrypt")
        if not encrypt:
            raise Refused(400, "safe mode: Encrypt is missing")
        if not verify(query.get("msg_signature", ""), self.token, query["timestamp"], query["nonce"], encrypt):
            raise Refused(403, "bad msg_signature")
        try:
            return parse(self.envelope.decrypt(encrypt))
        except CryptoError as exc:
            raise Refused(403, str(exc)) from None

    async def _direct(self, msg: dict[str, str], direct: Direct) -> Outcome | None:
        """Events and unreadable messages: remember a QR scene, welcome, or stay quiet."""
        store, sender = self.gateway.store, self.gateway.key(NAME, msg["FromUserName"]).sender
        if direct.unsubscribed:
            await store.put_record(SCENE_KIND, sender, None)
        if direct.scene:
            # Idempotent, so a redelivered event changes nothing; the first message after it uses it.
            await store.put_record(SCENE_KIND, sender, {"code": direct.scene})
        if not direct.key:
            return None
        project = await store.get_record("project", direct.scene.upper()) if direct.scene else None
        key = "wechat.welcome_project" if project else direct.key
        return Outcome("accepted", [Reply(self.gateway.texts.text(DEFAULT_LANG, key, project=(project or {}).get("name")))])

    async def _converse(self, inbound: Inbound) -> Outcome | None:
        """Through the gateway, with the project of a scanned QR code while the conversation is new."""
        sender = self.gateway.key(NAME, inbound.sender).sender
        scene = await self.gateway.store.get_record(SCENE_KIND, sender)
        if scene:
            inbound = replace(inbound, project_code=scene["code"])
        return await self.replier.within_budget(inbound, sender, forget_scene=bool(scene))

    def _respond(self, msg: dict[str, str], outcome: Outcome | None) -> web.Response:
        """The passive reply: one text from all the replies, encrypted in safe mode; `success` when silent."""
        if not outcome or not outcome.replies:
            return web.Response(text="success")
        content = compose(outcome.replies, outcome.lang, self.gateway.texts)
        xml = text_reply(msg["FromUserName"], msg["ToUserName"], content, int(self.gateway.clock()))
        if self.envelope:
            xml = self._seal(xml)
        return web.Response(text=xml, content_type="application/xml")

    def _seal(self, xml: str) -> str:
        """Safe mode: the reply encrypted and signed with a fresh nonce."""
        encrypt, timestamp, nonce = self.envelope.encrypt(xml), str(int(self.gateway.clock())), secrets.token_hex(8)
        return encrypted_reply(encrypt, sign(self.token, timestamp, nonce, encrypt), timestamp, nonce)


WECHAT = web.AppKey("wechat", WeChat)


async def _body(request: web.Request) -> bytes:
    """The request body, refused when larger than any push message."""
    if (request.content_length or 0) > MAX_BODY:
        raise Refused(413, f"body larger than {MAX_BODY} bytes")
    body = await request.read()
    if len(body) > MAX_BODY:
        raise Refused(413, f"body larger than {MAX_BODY} bytes")
    return body


def _refuse(refused: Refused) -> web.Response:
    log.warning("wechat request refused (%d): %s", refused.status, refused.reason)
    return web.json_response({"error": refused.reason}, status=refused.status)


class WeChatSender:
    """Sends text to an openid through the customer-service message API."""

    channel = NAME

    def __init__(self, api: WeChatAPI, texts: Catalog):
        self.api, self.texts = api, texts

    async def send(self, address: str, text: str, options: tuple[str, ...] = ()) -> Sent:
        """Deliver one message (options as a numbered list) or raise SendError."""
        return await self.send_replies(address, [Reply(text, None, tuple(options))], DEFAULT_LANG)

    async def send_replies(self, address: str, replies: list[Reply], lang: str) -> Sent:
        """Deliver a step's replies as one message, as a passive reply would have shown them."""
        try:
            data = await self.api.send_text(address, compose(replies, lang, self.texts))
        except APIError as exc:
            raise SendError(str(exc), exc.retryable) from None
        return Sent(NAME, str(data["msgid"]) if data.get("msgid") else None)


def sender(settings: Settings, http: aiohttp.ClientSession, store: Store | None = None,
           texts: Catalog | None = None) -> WeChatSender | None:
    """The outbound sender, when the account's AppID and AppSecret are set."""
    if not (settings.wechat_token and settings.wechat_app_id and settings.wechat_app_secret):
        return None
    # The token cache must be the gateway's store, so every process shares one token.
    store = store or open_store(settings.redis_url or None, settings.data_dir, settings.redis_cluster)
    return WeChatSender(WeChatAPI(settings, store, http), texts or catalog())
