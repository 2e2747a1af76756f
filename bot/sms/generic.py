"""A generic SMS gateway speaking signed JSON, for aggregators that are not built in (see docs/sms.md).

Both directions are signed alike: `X-Gongqian-Signature: t=<unix seconds>,v1=<hex>` where hex is
HMAC-SHA256(GONGQIAN_SMS_GENERIC_SECRET, "<t>.<raw body>"); a timestamp more than five minutes
from our clock is refused, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import aiohttp

from bot.channels.base import SendError, Sent
from bot.sms.http import call, http_error
from bot.sms.inbound import Ack, Event, Forged, Hook, Malformed, SmsMessage, SmsReport
from bot.sms.phone import e164
from bot.sms.tokens import json_body

NAME = "generic"
HEADER = "X-Gongqian-Signature"
TOLERANCE = 300  # seconds either side of our clock
ACK = Ack("application/json", json.dumps({"status": "accepted"}))
DELIVERED = {"delivered": True, "failed": False, "undelivered": False, "rejected": False}


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The header value for a body sent at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(header: str, body: bytes, secret: str, now: float) -> None:
    """Forged unless a v1 signature matches and its timestamp is fresh."""
    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    stamps, signatures = [v for k, v in parts if k.strip() == "t"], [v.strip() for k, v in parts if k.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit() or not signatures:
        raise Forged(f"{HEADER} must be t=<unix seconds>,v1=<hex>")
    timestamp = int(stamps[0])
    if abs(now - timestamp) > TOLERANCE:
        raise Forged("stale timestamp in the signature")
    expected = sign(secret, timestamp, body).split("v1=")[1].encode()
    if not any(hmac.compare_digest(expected, s.encode()) for s in signatures):
        raise Forged(f"{HEADER} does not match")


class GenericProvider:
    """POSTs {"to", "text", "reference"} to GONGQIAN_SMS_GENERIC_API_BASE; expects {"id"} back."""

    name = NAME
    timeout = 10.0

    def __init__(self, settings, http: aiohttp.ClientSession):
        self.http, self.url, self.secret = http, settings.sms_generic_api_base, settings.sms_generic_secret

    async def send(self, phone: str, text: str, *, reference: str | None = None) -> Sent:
        """One signed POST; 2xx with an id is sent, 429/5xx may be retried, other answers not."""
        to = e164(phone)
        if to is None:
            raise SendError("generic: not a valid phone number", retryable=False)
        body = json.dumps({"to": to, "text": text, "reference": reference}, ensure_ascii=False).encode()
        headers = {HEADER: sign(self.secret, int(time.time()), body), "Content-Type": "application/json"}
        status, answer = await call(self.http, NAME, "POST", self.url, data=body, headers=headers, seconds=self.timeout)
        if 200 <= status < 300 and isinstance(answer, dict) and answer.get("id"):
            return Sent("sms", str(answer["id"]))
        raise http_error(NAME, status, answer)


def provider(settings, http=None) -> GenericProvider | None:
    """The generic gateway when its URL and secret are set."""
    if not (settings.sms_generic_api_base and settings.sms_generic_secret):
        return None
    return GenericProvider(settings, http)


def webhook_enabled(settings) -> bool:
    """Inbound needs only the shared secret."""
    return bool(settings.sms_generic_secret)


def read(hook: Hook, settings) -> list[Event]:
    """One event object or an array of them, once the signature checks out."""
    verify(hook.headers.get(HEADER, ""), hook.body, settings.sms_generic_secret, hook.now)
    body = json_body(hook)
    return [_event(item) for item in (body if isinstance(body, list) else [body])]


def _event(item) -> Event:
    """{"type": "message", "id", "from", "text"} or {"type": "report", "id", "status", "error"?}."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise Malformed("each event needs a string 'id'")
    if item.get("type") == "report" and isinstance(item.get("status"), str):
        status = item["status"].lower()
        return SmsReport(item["id"], status, DELIVERED.get(status), item.get("error"))
    if item.get("type") == "message" and isinstance(item.get("text"), str):
        phone = e164(item.get("from") if isinstance(item.get("from"), str) else None)
        if phone is None:
            raise Malformed("'from' is not a phone number")
        return SmsMessage(item["id"], phone, item["text"])
    raise Malformed("'type' must be 'message' (with 'from' and 'text') or 'report' (with 'status')")
