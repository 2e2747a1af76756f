"""Tencent Cloud SMS: SendSms out (API 3.0, TC3-HMAC-SHA256), reply and status callbacks in.

Docs: https://www.tencentcloud.com/document/api/213/33224 (TC3 signature, with a worked example),
https://cloud.tencent.com/document/api/382/55981 (SendSms 2021-01-11),
https://cloud.tencent.com/document/api/382/5809 (短信回复 callback),
https://cloud.tencent.com/document/api/382/59178 (短信下发状态通知 callback).
The callbacks carry no signature, so the callback URL holds a secret token
(GONGQIAN_SMS_TENCENT_CALLBACK_TOKEN).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import aiohttp
from yarl import URL

from bot.channels.base import SendError, Sent
from bot.sms.http import call, failure, http_error
from bot.sms.inbound import Ack, Event, Hook, Malformed, SmsMessage, SmsReport
from bot.sms.phone import e164
from bot.sms.tokens import check_token, json_body

NAME = "tencent"
ACK = Ack("application/json", json.dumps({"result": 0, "errmsg": "OK"}))
CONTENT_TYPE = "application/json; charset=utf-8"
VERSION = "2021-01-11"
RETRYABLE = ("RequestLimitExceeded", "LimitExceeded", "InternalError")
REPORT_DETAIL = ("errmsg", "description", "user_receive_time")
log = logging.getLogger(__name__)


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def tc3_signature(secret_key: str, host: str, payload: bytes, timestamp: int, service: str = "sms",
                  content_type: str = CONTENT_TYPE) -> str:
    """Hex TC3-HMAC-SHA256 signature of a POST with headers content-type and host signed."""
    date = time.strftime("%Y-%m-%d", time.gmtime(timestamp))
    canonical = "\n".join(["POST", "/", "", f"content-type:{content_type}\nhost:{host}\n", "content-type;host",
                           hashlib.sha256(payload).hexdigest()])
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), f"{date}/{service}/tc3_request",
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class TencentProvider:
    """Sends the text as the one parameter of an approved template."""

    name = NAME
    timeout = 10.0

    def __init__(self, settings, http: aiohttp.ClientSession):
        self.http, self.settings = http, settings
        url = URL(settings.sms_tencent_api_base)
        self.url = str(url.with_path("/"))
        self.host = url.host if url.is_default_port() else f"{url.host}:{url.port}"

    async def send(self, phone: str, text: str, *, reference: str | None = None) -> Sent:
        """POST a signed SendSms for one number; its SerialNo comes back as the platform id."""
        payload = self.payload(phone, text, reference)
        status, body = await call(self.http, NAME, "POST", self.url, data=payload, headers=self.headers(payload),
                                  seconds=self.timeout)
        answer = body.get("Response", {}) if isinstance(body, dict) else {}
        if "Error" in answer:
            raise failure(NAME, answer["Error"].get("Code", ""), answer["Error"].get("Message", ""), RETRYABLE)
        result = (answer.get("SendStatusSet") or [{}])[0]
        if status == 200 and result.get("Code") == "Ok":
            return Sent("sms", result.get("SerialNo"))
        if result.get("Code"):
            raise failure(NAME, result["Code"], result.get("Message", ""), RETRYABLE)
        raise http_error(NAME, status, body)

    def payload(self, phone: str, text: str, reference: str | None) -> bytes:
        """The SendSms body for one number."""
        number = e164(phone)
        if number is None:
            raise SendError("tencent: not a valid phone number", retryable=False)
        conf = self.settings
        body = {"PhoneNumberSet": [number], "SmsSdkAppId": conf.sms_tencent_sdk_app_id,
                "SignName": conf.sms_tencent_sign_name, "TemplateId": conf.sms_tencent_template_id,
                "TemplateParamSet": [text], "SessionContext": reference or ""}
        return json.dumps(body, ensure_ascii=False).encode()

    def headers(self, payload: bytes) -> dict[str, str]:
        """The X-TC-* headers and the Authorization that signs them."""
        conf, now = self.settings, int(time.time())
        date = time.strftime("%Y-%m-%d", time.gmtime(now))
        signature = tc3_signature(conf.sms_tencent_secret_key, self.host, payload, now)
        auth = (f"TC3-HMAC-SHA256 Credential={conf.sms_tencent_secret_id}/{date}/sms/tc3_request, "
                f"SignedHeaders=content-type;host, Signature={signature}")
        return {"Authorization": auth, "Content-Type": CONTENT_TYPE, "Host": self.host, "X-TC-Action": "SendSms",
                "X-TC-Version": VERSION, "X-TC-Timestamp": str(now), "X-TC-Region": conf.sms_tencent_region}


def provider(settings, http=None) -> TencentProvider | None:
    """Tencent when its keys, application, signature name and template are set."""
    conf = settings
    if not (conf.sms_tencent_secret_id and conf.sms_tencent_secret_key and conf.sms_tencent_sdk_app_id
            and conf.sms_tencent_sign_name and conf.sms_tencent_template_id):
        return None
    return TencentProvider(settings, http)


def webhook_enabled(settings) -> bool:
    """The callback URL is protected by our token, so no token means no webhook."""
    return bool(settings.sms_tencent_callback_token)


def read(hook: Hook, settings) -> list[Event]:
    """A reply (one JSON object) or status reports (a JSON array)."""
    check_token(hook, settings.sms_tencent_callback_token)
    body = json_body(hook)
    if isinstance(body, dict):
        return [_reply(body)]
    if isinstance(body, list):
        return [report for item in body if (report := _report(item)) is not None]
    raise Malformed("a Tencent callback is a JSON object (reply) or array (status reports)")


def _reply(item: dict) -> SmsMessage:
    """短信回复: no message id is sent, so one is derived from the content: a retry has the same id."""
    phone = e164(f"+{item.get('nationcode', '86')}{item.get('mobile', '')}")
    if phone is None or not isinstance(item.get("text"), str):
        raise Malformed("a reply needs a valid nationcode + mobile and a text")
    digest = hashlib.sha256(f"{phone}|{item.get('time')}|{item['text']}".encode()).hexdigest()[:32]
    return SmsMessage(digest, phone, item["text"])


def _report(item) -> SmsReport | None:
    """短信下发状态通知: report_status SUCCESS or FAIL for the SerialNo (sid) SendSms returned."""
    if not isinstance(item, dict) or not item.get("sid") or item.get("report_status") not in ("SUCCESS", "FAIL"):
        log.warning("tencent status item skipped: no sid or report_status")
        return None
    ok = item["report_status"] == "SUCCESS"
    return SmsReport(str(item["sid"]), "delivered" if ok else "failed", ok, None if ok else item.get("errmsg"),
                     {k: item[k] for k in REPORT_DETAIL if k in item})
