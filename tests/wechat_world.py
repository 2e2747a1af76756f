"""The world around our WeChat channel in tests: a stand-in of WeChat's API and a WeChat server that signs.

The stand-in is a real aiohttp server on loopback (GONGQIAN_WECHAT_API_BASE points at it). The
"WeChat server" side signs, encrypts and reads our replies with wechatpy, an independent client.
"""

from __future__ import annotations

import asyncio
import secrets
import time
import xml.etree.ElementTree as ET  # noqa: S405 (our own test data, not untrusted input)
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

DATA = Path(__file__).parent / "data" / "wechat"
TOKEN = "gongqian-test-token-7Hq2"  # noqa: S105 (test credentials)
APP_ID = "wx6f1c2b3a4d5e6f70"
APP_SECRET = "app-secret-0b9c8d7e6f5a4b3c"  # noqa: S105
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
OPENID = "oWkr1a2B3c4D5e6F7g8H9i0Jk"


def payload(scenario: str, **fields: str) -> str:
    """A push message from tests/data/wechat/<scenario>.xml, with some fields replaced."""
    text = (DATA / f"{scenario}.xml").read_text(encoding="utf-8")
    if not fields:
        return text
    root = ET.fromstring(text)  # noqa: S314 (trusted test data)
    for name, value in fields.items():
        (root.find(name) if root.find(name) is not None else ET.SubElement(root, name)).text = value
    return ET.tostring(root, encoding="unicode")


@dataclass
class StandIn:
    """WeChat's API as far as we use it: stable_token, custom/send and qrcode/create, with counters."""

    token_delay: float = 0.0
    token_requests: int = 0
    token_bodies: list[dict] = field(default_factory=list)
    valid: set[str] = field(default_factory=set)
    sent: list[dict] = field(default_factory=list)
    qr_requests: list[dict] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    send_errcode: int = 0
    delivered: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/cgi-bin/stable_token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._send)
        app.router.add_post("/cgi-bin/qrcode/create", self._qr)
        return app

    def expire_all(self) -> None:
        """WeChat forgets every token it issued (as when another client forced a refresh)."""
        self.valid.clear()

    async def _token(self, request: web.Request) -> web.Response:
        self.urls.append(str(request.rel_url))
        body = await request.json()
        self.token_bodies.append(body)
        self.token_requests += 1
        await asyncio.sleep(self.token_delay)
        if (body.get("appid"), body.get("secret")) != (APP_ID, APP_SECRET):
            return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
        token = f"ACCESS_{self.token_requests}_{secrets.token_hex(8)}"
        self.valid.add(token)
        return web.json_response({"access_token": token, "expires_in": 7200})

    def _refused(self, request: web.Request) -> web.Response | None:
        """42001 unless the request carries a token we issued and still honour."""
        self.urls.append(str(request.rel_url))
        if request.query.get("access_token") not in self.valid:
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        return None

    async def _send(self, request: web.Request) -> web.Response:
        refused = self._refused(request)
        if refused:
            return refused
        if self.send_errcode:
            return web.json_response({"errcode": self.send_errcode, "errmsg": "refused by the stand-in"})
        self.sent.append(await request.json())
        self.delivered.set()
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _qr(self, request: web.Request) -> web.Response:
        refused = self._refused(request)
        if refused:
            return refused
        self.qr_requests.append(await request.json())
        return web.json_response({"ticket": "gQH47joAAAAAAAAAASxodHRwOi8v+d2VpeGlu/LnFxLmNvbS9xL2tUTUs=",
                                  "expire_seconds": None, "url": "http://weixin.qq.com/q/kTMK"})


class WeChatServer:
    """Posts to our webhook as WeChat's servers do, and reads our passive replies, through wechatpy."""

    def __init__(self, client, safe: bool, token: str = TOKEN):
        self.client, self.safe, self.token = client, safe, token
        self.crypto = WeChatCrypto(token, AES_KEY, APP_ID) if safe else None

    def query(self, timestamp: int | None = None, **extra: str) -> dict[str, str]:
        """timestamp, nonce and signature, signed as WeChat signs them."""
        timestamp, nonce = str(timestamp or int(time.time())), secrets.token_hex(5)
        signer = WeChatSigner()
        signer.add_data(self.token, timestamp, nonce)
        return {"timestamp": timestamp, "nonce": nonce, "signature": signer.signature, **extra}

    def envelope(self, xml: str, query: dict[str, str]) -> str:
        """Safe mode: the body WeChat posts, with msg_signature added to the query."""
        wrapped = ET.fromstring(self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))  # noqa: S314
        query.update(msg_signature=wrapped.findtext("MsgSignature"), encrypt_type="aes")
        return (f"<xml><ToUserName><![CDATA[gh_2f1e0c9a7b3d]]></ToUserName>"
                f"<Encrypt><![CDATA[{wrapped.findtext('Encrypt')}]]></Encrypt></xml>")

    async def post(self, xml: str, query: dict[str, str] | None = None):
        """Deliver one push message; returns the raw response."""
        query = query or self.query()
        body = self.envelope(xml, query) if self.safe else xml
        return await self.client.post("/webhooks/wechat", params=query, data=body.encode(),
                                      headers={"Content-Type": "text/xml"})

    async def reply(self, xml: str) -> str | None:
        """Deliver one push message and return the text of our passive reply (None for `success`)."""
        response = await self.post(xml)
        assert response.status == 200, await response.text()
        return self.read(await response.text())

    def read(self, body: str) -> str | None:
        """Our reply as WeChat reads it: decrypted and checked in safe mode, then parsed."""
        if body == "success":
            return None
        if self.safe:
            wrapped = ET.fromstring(body)  # noqa: S314 (our reply, read as WeChat would)
            body = self.crypto.decrypt_message(body, wrapped.findtext("MsgSignature"),
                                               wrapped.findtext("TimeStamp"), wrapped.findtext("Nonce"))
        message = parse_message(body)
        assert (message.type, message.target, message.source) == ("text", OPENID, "gh_2f1e0c9a7b3d")
        return message.content
