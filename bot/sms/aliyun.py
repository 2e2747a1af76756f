"""Aliyun SMS: SendSms out (RPC signature, HMAC-SHA1), HTTP batch pushes in (SmsUp, SmsReport).

Docs: https://help.aliyun.com/document_detail/101343.htm (signature, with a worked SendSms example),
https://help.aliyun.com/zh/sms/developer-reference/smsup-http (上行 push),
https://help.aliyun.com/document_detail/101867.html (状态报告 push).
The pushes carry no signature, so the push URL holds a secret token (GONGQIAN_SMS_ALIYUN_CALLBACK_TOKEN).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import uuid
from urllib.parse import quote

import aiohttp

from bot.channels.base import SendError, Sent
from bot.sms.http import call, failure, http_error
from bot.sms.inbound import Ack, Event, Hook, Malformed, SmsMessage, SmsReport
from bot.sms.phone import e164, national
from bot.sms.tokens import check_token, json_body

NAME = "aliyun"
ACK = Ack("application/json", json.dumps({"code": 0, "msg": "接收成功"}, ensure_ascii=False))
RETRYABLE = ("isv.BUSINESS_LIMIT_CONTROL", "Throttling", "isp.", "ServiceUnavailable", "InternalError")
REPORT_DETAIL = ("err_code", "err_msg", "report_time", "sms_size", "out_id")
log = logging.getLogger(__name__)


def percent(value: str) -> str:
    """POP percent-encoding: RFC 3986 unreserved characters kept, everything else %XX (space is %20)."""
    return quote(str(value), safe="~")


def rpc_signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """Signature of an RPC request: HMAC-SHA1 with `secret&` over METHOD&%2F&encoded(sorted query)."""
    query = "&".join(f"{percent(k)}={percent(v)}" for k, v in sorted(params.items()) if k != "Signature")
    to_sign = f"{method}&{percent('/')}&{percent(query)}"
    return base64.b64encode(hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


class AliyunProvider:
    """Sends the text as the one variable of an approved template."""

    name = NAME
    timeout = 10.0

    def __init__(self, settings, http: aiohttp.ClientSession):
        self.http, self.settings = http, settings
        self.url = settings.sms_aliyun_api_base.rstrip("/") + "/"

    async def send(self, phone: str, text: str, *, reference: str | None = None) -> Sent:
        """POST a signed SendSms; the BizId comes back as the platform id."""
        params = self.params(phone, text, reference)
        params["Signature"] = rpc_signature(params, self.settings.sms_aliyun_access_key_secret)
        status, body = await call(self.http, NAME, "POST", self.url, data=params, seconds=self.timeout)
        body = body if isinstance(body, dict) else {}
        if status == 200 and body.get("Code") == "OK":
            return Sent("sms", body.get("BizId"))
        if body.get("Code"):
            raise failure(NAME, body["Code"], body.get("Message", ""), RETRYABLE)
        raise http_error(NAME, status, body)

    def params(self, phone: str, text: str, reference: str | None) -> dict[str, str]:
        """The common and SendSms parameters, before signing."""
        number = e164(phone)
        if number is None:
            raise SendError("aliyun: not a valid phone number", retryable=False)
        conf = self.settings
        params = {"AccessKeyId": conf.sms_aliyun_access_key_id, "Action": "SendSms", "Format": "JSON",
                  "RegionId": "cn-hangzhou", "SignatureMethod": "HMAC-SHA1", "SignatureNonce": uuid.uuid4().hex,
                  "SignatureVersion": "1.0", "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "Version": "2017-05-25", "PhoneNumbers": national(number), "SignName": conf.sms_aliyun_sign_name,
                  "TemplateCode": conf.sms_aliyun_template_code,
                  "TemplateParam": json.dumps({conf.sms_aliyun_template_param: text}, ensure_ascii=False)}
        return {**params, "OutId": reference} if reference else params


def provider(settings, http=None) -> AliyunProvider | None:
    """Aliyun when its key, signature name and template are set."""
    conf = settings
    if not (conf.sms_aliyun_access_key_id and conf.sms_aliyun_access_key_secret and conf.sms_aliyun_sign_name
            and conf.sms_aliyun_template_code):
        return None
    return AliyunProvider(settings, http)


def webhook_enabled(settings) -> bool:
    """The push URL is protected by our token, so no token means no webhook."""
    return bool(settings.sms_aliyun_callback_token)


def read(hook: Hook, settings) -> list[Event]:
    """A pushed JSON array of uplink messages and/or delivery reports."""
    check_token(hook, settings.sms_aliyun_callback_token)
    items = json_body(hook)
    if not isinstance(items, list):
        raise Malformed("an Aliyun push is a JSON array")
    return [event for item in items if (event := _event(item)) is not None]


def _event(item) -> Event | None:
    """One array item: a report has biz_id and success, an uplink has phone_number and content."""
    if isinstance(item, dict) and item.get("biz_id") and "success" in item:
        ok = item["success"] in (True, "true")
        return SmsReport(str(item["biz_id"]), "delivered" if ok else "failed", ok,
                         None if ok else item.get("err_code"), {k: item[k] for k in REPORT_DETAIL if k in item})
    phone = e164(item.get("phone_number")) if isinstance(item, dict) else None
    if phone is None or not isinstance(item.get("content"), str):
        log.warning("aliyun push item skipped: neither a report nor an uplink with a valid number")
        return None
    message_id = str(item.get("sequence_id") or _digest(phone, item))
    return SmsMessage(message_id, phone, item["content"])


def _digest(phone: str, item: dict) -> str:
    """An id for an uplink without sequence_id: the same push repeated gives the same id."""
    return hashlib.sha256(f"{phone}|{item.get('send_time')}|{item['content']}".encode()).hexdigest()[:32]
