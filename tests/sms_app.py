"""The gateway with every SMS webhook switched on, and a client that posts as each provider does."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bot.app import GATEWAY, build_app
from bot.channels.sms import SMS
from bot.sms import generic
from intake.config import Settings
from tests.sms_standins import GENERIC, TWILIO

PUBLIC = "https://gongqian.example.org"
TOKENS = {"aliyun": "aliyun-push-token", "tencent": "tencent-push-token"}
DATA = Path(__file__).parent / "data" / "sms"


def sample(name: str) -> dict:
    """A documented sample from tests/data/sms (its source is named in the file)."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def webhook_settings(tmp_path, **overrides) -> Settings:
    """All four webhooks on; replies go to the log provider's file."""
    fields = {"data_dir": tmp_path, "public_url": PUBLIC, "sms_log": str(tmp_path / "sms.jsonl"),
              "sms_twilio_account_sid": TWILIO["sid"], "sms_twilio_auth_token": TWILIO["token"],
              "sms_aliyun_callback_token": TOKENS["aliyun"], "sms_tencent_callback_token": TOKENS["tencent"],
              "sms_generic_secret": GENERIC["secret"]}
    return Settings(**{**fields, **overrides})


@dataclass
class SmsClient:
    """Posts to /webhooks/sms/<provider> exactly as that provider would."""

    client: object
    log: Path

    @property
    def app(self):
        return self.client.server.app

    async def twilio(self, params: dict, token: str = TWILIO["token"], url: str | None = None):
        path = "/webhooks/sms/twilio"
        signature = RequestValidator(token).compute_signature(url or PUBLIC + path, params)
        return await self.client.post(path, data=urlencode(params), headers={
            "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})

    async def pushed(self, provider: str, body, token: str | None = None):
        query = {"token": TOKENS[provider] if token is None else token}
        return await self.client.post(f"/webhooks/sms/{provider}", params=query, data=json.dumps(body, ensure_ascii=False),
                                      headers={"Content-Type": "application/json"})

    async def generic(self, body, secret: str = GENERIC["secret"], at: float | None = None, signed: bool = True):
        raw = json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if signed:
            headers[generic.HEADER] = generic.sign(secret, int(at or time.time()), raw)
        return await self.client.post("/webhooks/sms/generic", data=raw, headers=headers)

    async def sent(self) -> list[dict]:
        """Every SMS the log provider wrote, once replies under way have finished."""
        await self.app[SMS].drain()
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    @property
    def gateway(self):
        return self.app[GATEWAY]


async def open_sms(aiohttp_client, tmp_path, store=None, **overrides) -> SmsClient:
    """A real gateway on a loopback port with every SMS webhook on."""
    app = build_app(webhook_settings(tmp_path, **overrides), store=store)
    return SmsClient(await aiohttp_client(app), tmp_path / "sms.jsonl")
