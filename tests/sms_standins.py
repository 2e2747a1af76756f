"""Loopback stand-ins of the SMS providers' send APIs for the tests.

Each checks our request the way the provider documents it, with its own implementation of the
signature (not the one in bot/sms), records what arrived, and answers as the provider would: OK, or
the failure named in `mode` (throttled, bad_number, auth, outage, slow).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import quote, urlencode

from aiohttp import web

TWILIO = {"sid": "AC" + "0" * 32, "token": "twilio-token-test", "from": "+15017122661"}
ALIYUN = {"id": "LTAI-test-id", "secret": "aliyun-secret-test"}
TENCENT = {"id": "AKID-test-id", "key": "tencent-key-test", "app": "1400006666"}
GENERIC = {"secret": "generic-secret-test"}


class StandIn:
    """Records requests; `mode` picks the answer; `inbox` gets (phone, text) of each accepted message."""

    def __init__(self):
        self.mode, self.requests, self.inbox = "ok", [], asyncio.Queue()
        self.ids = (f"id{n}" for n in itertools.count(1))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.requests.append({"url": str(request.url), "headers": dict(request.headers), "body": body})
        if self.mode == "slow":
            await asyncio.sleep(2)
        return await self.answer(request, body)

    async def answer(self, request, body) -> web.Response:
        raise NotImplementedError


class Twilio(StandIn):
    """POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP basic auth (sid:token)."""

    async def answer(self, request, body):
        expected = "Basic " + base64.b64encode(f"{TWILIO['sid']}:{TWILIO['token']}".encode()).decode()
        if request.headers.get("Authorization") != expected or self.mode == "auth":
            return web.json_response({"code": 20003, "message": "Authenticate", "status": 401}, status=401)
        if request.path != f"/2010-04-01/Accounts/{TWILIO['sid']}/Messages.json":
            return web.json_response({"code": 20404, "message": "Not found", "status": 404}, status=404)
        form = await request.post()
        return self.outcome(form["To"], form["Body"])

    def outcome(self, to, text):
        if self.mode == "throttled":
            return web.json_response({"code": 20429, "message": "Too Many Requests", "status": 429}, status=429)
        if self.mode == "outage":
            return web.json_response({"code": 20500, "message": "Internal Server Error", "status": 500}, status=500)
        if self.mode == "bad_number":
            return web.json_response({"code": 21211, "message": f"The 'To' number {to} is not a valid phone number.",
                                      "status": 400}, status=400)
        self.inbox.put_nowait((to, text))
        return web.json_response({"sid": "SM" + next(self.ids), "status": "queued"}, status=201)


def aliyun_signature(form: dict[str, str], secret: str) -> str:
    """The documented RPC signature, written from the docs with urlencode (not bot.sms.aliyun)."""
    canonical = urlencode(sorted((k, v) for k, v in form.items() if k != "Signature"), quote_via=quote, safe="~")
    to_sign = "POST&%2F&" + quote(canonical, safe="~")
    return base64.b64encode(hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


class Aliyun(StandIn):
    """POST / with the SendSms parameters form-encoded and signed."""

    async def answer(self, request, body):
        form = dict(await request.post())
        if form.get("Signature") != aliyun_signature(form, ALIYUN["secret"]) or self.mode == "auth":
            return web.json_response({"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"},
                                     status=400)
        codes = {"throttled": "isv.BUSINESS_LIMIT_CONTROL", "bad_number": "isv.MOBILE_NUMBER_ILLEGAL"}
        if self.mode == "outage":
            return web.json_response({"Code": "ServiceUnavailable", "Message": "busy"}, status=503)
        if self.mode in codes:
            return web.json_response({"Code": codes[self.mode], "Message": f"{form['PhoneNumbers']} rejected"})
        self.inbox.put_nowait((form["PhoneNumbers"], json.loads(form["TemplateParam"])["content"]))
        return web.json_response({"Code": "OK", "Message": "OK", "BizId": next(self.ids), "RequestId": "R1"})


def tc3_expected(key: str, headers, body: bytes, timestamp: int) -> str:
    """The documented TC3-HMAC-SHA256 signature, computed from the request as received."""
    day = time.strftime("%Y-%m-%d", time.gmtime(timestamp))
    canonical = (f"POST\n/\n\ncontent-type:{headers['Content-Type']}\nhost:{headers['Host']}\n\n"
                 f"content-type;host\n{hashlib.sha256(body).hexdigest()}")
    scope = f"{day}/sms/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    secret = ("TC3" + key).encode()
    for part in (day, "sms", "tc3_request"):
        secret = hmac.new(secret, part.encode(), hashlib.sha256).digest()
    return hmac.new(secret, to_sign.encode(), hashlib.sha256).hexdigest()


class Tencent(StandIn):
    """POST / with X-TC-Action: SendSms and a TC3-HMAC-SHA256 Authorization."""

    async def answer(self, request, body):
        stamp = int(request.headers.get("X-TC-Timestamp", "0"))
        auth = request.headers.get("Authorization", "")
        good = (auth.endswith("Signature=" + tc3_expected(TENCENT["key"], request.headers, body, stamp))
                and f"Credential={TENCENT['id']}/" in auth and abs(time.time() - stamp) < 300
                and request.headers.get("X-TC-Action") == "SendSms")
        if not good or self.mode == "auth":
            return self.error("AuthFailure.SignatureFailure", "signature mismatch")
        payload = json.loads(body)
        codes = {"throttled": "LimitExceeded.PhoneNumberThirtySecondLimit",
                 "bad_number": "InvalidParameterValue.IncorrectPhoneNumber"}
        if self.mode == "outage":
            return web.json_response({"message": "bad gateway"}, status=502)
        status = {"SerialNo": next(self.ids), "PhoneNumber": payload["PhoneNumberSet"][0],
                  "Code": codes.get(self.mode, "Ok"), "Message": "send success"}
        if status["Code"] == "Ok":
            self.inbox.put_nowait((payload["PhoneNumberSet"][0], payload["TemplateParamSet"][0]))
        return web.json_response({"Response": {"SendStatusSet": [status], "RequestId": "R1"}})

    def error(self, code, message):
        return web.json_response({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "R1"}})


class Generic(StandIn):
    """POST / with a JSON body signed in X-Gongqian-Signature."""

    async def answer(self, request, body):
        header = dict(p.split("=", 1) for p in request.headers.get("X-Gongqian-Signature", "").split(",") if "=" in p)
        digest = hmac.new(GENERIC["secret"].encode(), f"{header.get('t')}.".encode() + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(digest, header.get("v1", "")) or self.mode == "auth":
            return web.json_response({"error": "bad signature"}, status=401)
        statuses = {"throttled": 429, "outage": 503, "bad_number": 422}
        if self.mode in statuses:
            return web.json_response({"error": self.mode}, status=statuses[self.mode])
        payload = json.loads(body)
        self.inbox.put_nowait((payload["to"], payload["text"]))
        return web.json_response({"id": next(self.ids)})


STANDINS = {"twilio": Twilio, "aliyun": Aliyun, "tencent": Tencent, "generic": Generic}


def settings_for(provider: str, base: str) -> dict:
    """Settings fields that point `provider` at a stand-in at `base`."""
    return {
        "twilio": {"sms_twilio_account_sid": TWILIO["sid"], "sms_twilio_auth_token": TWILIO["token"],
                   "sms_twilio_from": TWILIO["from"], "sms_twilio_api_base": base},
        "aliyun": {"sms_aliyun_access_key_id": ALIYUN["id"], "sms_aliyun_access_key_secret": ALIYUN["secret"],
                   "sms_aliyun_sign_name": "工钱", "sms_aliyun_template_code": "SMS_0001", "sms_aliyun_api_base": base},
        "tencent": {"sms_tencent_secret_id": TENCENT["id"], "sms_tencent_secret_key": TENCENT["key"],
                    "sms_tencent_sdk_app_id": TENCENT["app"], "sms_tencent_sign_name": "工钱",
                    "sms_tencent_template_id": "100001", "sms_tencent_api_base": base},
        "generic": {"sms_generic_secret": GENERIC["secret"], "sms_generic_api_base": base + "/send"},
    }[provider]
