"""Twilio: the Messages API out (basic auth), signed webhooks in (X-Twilio-Signature).

Docs: https://www.twilio.com/docs/messaging/api/message-resource (send),
https://www.twilio.com/docs/messaging/guides/webhook-request (incoming message),
https://www.twilio.com/docs/messaging/guides/track-outbound-message-status (status callback),
https://www.twilio.com/docs/usage/security#validating-requests (signature).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl

import aiohttp

from bot.channels.base import SendError, Sent
from bot.sms.http import call, http_error
from bot.sms.inbound import Ack, Event, Forged, Hook, Malformed, SmsMessage, SmsReport
from bot.sms.phone import e164

NAME = "twilio"
ACK = Ack("text/xml", '<?xml version="1.0" encoding="UTF-8"?><Response></Response>')
# Replies go out through the Messages API, not as TwiML here: one path for every provider, with
# the opt-out check and a delivery report for each, and a redelivered webhook sends nothing twice.
DELIVERED = {"delivered": True, "read": True, "undelivered": False, "failed": False}
PERMANENT = {21211, 21214, 21408, 21610, 21612, 21614}  # bad or unreachable number, or it sent STOP


class TwilioProvider:
    """Sends through POST /2010-04-01/Accounts/{sid}/Messages.json."""

    name = NAME
    timeout = 10.0

    def __init__(self, settings, http: aiohttp.ClientSession):
        sid, token, sender = settings.sms_twilio_account_sid, settings.sms_twilio_auth_token, settings.sms_twilio_from
        self.http = http
        self.auth = {"Authorization": "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode()}
        self.url = f"{settings.sms_twilio_api_base.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
        self.sender = {"MessagingServiceSid" if sender.startswith("MG") else "From": sender}
        self.callback = f"{settings.public_url.rstrip('/')}/webhooks/sms/{NAME}"

    async def send(self, phone: str, text: str, *, reference: str | None = None) -> Sent:
        """Create one Message; its SID comes back as the platform id."""
        to = e164(phone)
        if to is None:
            raise SendError("twilio: not a valid phone number", retryable=False)
        form = {"To": to, "Body": text, "StatusCallback": self.callback, **self.sender}
        status, body = await call(self.http, NAME, "POST", self.url, data=form, headers=self.auth, seconds=self.timeout)
        if status in (200, 201) and isinstance(body, dict) and body.get("sid"):
            return Sent("sms", body["sid"])
        raise _error(status, body if isinstance(body, dict) else {})


def _error(status: int, body: dict) -> SendError:
    """Twilio's error JSON ({code, message}) as a SendError."""
    if body.get("code") in PERMANENT:
        return SendError(f"twilio: {body['code']}: number rejected", retryable=False)
    return http_error(NAME, status, f"{body.get('code')} {body.get('message', '')}")


def provider(settings, http=None) -> TwilioProvider | None:
    """Twilio when its account, token and sender are set."""
    if not (settings.sms_twilio_account_sid and settings.sms_twilio_auth_token and settings.sms_twilio_from):
        return None
    return TwilioProvider(settings, http)


def webhook_enabled(settings) -> bool:
    """The webhook needs the auth token to check signatures."""
    return bool(settings.sms_twilio_auth_token)


def signature(url: str, params: list[tuple[str, str]], token: str) -> str:
    """Base64 HMAC-SHA1 over the full URL followed by each parameter name and value, sorted."""
    payload = url + "".join(name + value for name in sorted({n for n, _ in params})
                            for value in sorted({v for n, v in params if n == name}))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def read(hook: Hook, settings) -> list[Event]:
    """An incoming message or a status callback, once its signature matches our public URL."""
    try:
        params = parse_qsl(hook.body.decode(), keep_blank_values=True, strict_parsing=bool(hook.body))
    except (UnicodeDecodeError, ValueError):
        raise Forged("body is not form-encoded, so it cannot carry a Twilio signature") from None
    expected = signature(hook.url, params, settings.sms_twilio_auth_token)
    if not hmac.compare_digest(expected.encode(), hook.headers.get("X-Twilio-Signature", "").encode()):
        raise Forged("X-Twilio-Signature does not match")
    return [_event(dict(params))]


def _event(params: dict[str, str]) -> Event:
    """Status callbacks carry MessageStatus; incoming messages carry From and Body."""
    sid = params.get("MessageSid") or params.get("SmsSid")
    if not sid:
        raise Malformed("no MessageSid")
    if "MessageStatus" in params:
        status = params["MessageStatus"].lower()
        return SmsReport(sid, status, DELIVERED.get(status), params.get("ErrorCode") or None,
                         {"error_code": params.get("ErrorCode")} if params.get("ErrorCode") else {})
    phone = e164(params.get("From"))
    if phone is None:
        raise Malformed("'From' is not a phone number")
    return SmsMessage(sid, phone, params.get("Body", ""))
