"""The WeChat Official Account API calls we make: access token, customer-service messages, scene QR codes.

The access token is shared by every process through the store: it is read from a record, and
refreshed by one process at a time under a store lock, so concurrent senders fetch it once
(WeChat caps token fetches per day, and a new token can invalidate the old one).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import aiohttp

from intake.store import ConversationKey, Store

log = logging.getLogger(__name__)
CACHE_KIND = "wechat_access"  # the shared access-token record, keyed by AppID
TOKEN_LOCK = ConversationKey("wechat", "access-token-refresh")
MARGIN = 300.0  # refresh this long before WeChat says the token expires, so no call races the expiry
STALE_TOKEN = frozenset({40001, 40014, 42001})  # invalid, malformed, expired: fetch once more
RETRYABLE = frozenset({-1, 45009, 45011, 45047})  # system busy, call quotas: later can help
SHOW_QR = "https://mp.weixin.qq.com/cgi-bin/showqrcode"
TIMEOUT = aiohttp.ClientTimeout(total=8)


class APIError(Exception):
    """WeChat refused or could not be reached; `retryable` says whether later can help."""

    def __init__(self, errcode: int, errmsg: str, retryable: bool | None = None):
        super().__init__(f"wechat errcode {errcode}: {errmsg}")
        self.errcode, self.errmsg = errcode, errmsg
        self.retryable = errcode in RETRYABLE if retryable is None else retryable


class WeChatAPI:
    """Calls to api.weixin.qq.com (or GONGQIAN_WECHAT_API_BASE) for one Official Account."""

    def __init__(self, settings, store: Store, http: aiohttp.ClientSession,
                 clock: Callable[[], float] = time.time):
        self.store, self.http, self.clock = store, http, clock
        self.base = settings.wechat_api_base.rstrip("/")
        self.app_id = settings.wechat_app_id
        # The secret goes in a POST body (stable_token), never in a URL that a proxy might log.
        self._credentials = {"grant_type": "client_credential", "appid": settings.wechat_app_id,
                             "secret": settings.wechat_app_secret, "force_refresh": False}

    async def access_token(self) -> str:
        """A valid access token: the shared cached one, else one refreshed by one process."""
        return await self._cached() or await self._refresh(stale=None)

    async def send_text(self, openid: str, text: str) -> dict[str, Any]:
        """Send a customer-service text message to a user who wrote to us within 48 hours."""
        payload = {"touser": openid, "msgtype": "text", "text": {"content": text}}
        return await self._call("/cgi-bin/message/custom/send", payload)

    async def create_scene_qr(self, scene: str) -> str:
        """The image URL of a permanent QR code that opens the account with `scene` (e.g. a project code)."""
        if not 1 <= len(scene) <= 64:
            raise ValueError("a QR scene is 1–64 characters")
        payload = {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": scene}}}
        data = await self._call("/cgi-bin/qrcode/create", payload)
        return f"{SHOW_QR}?ticket={quote(data['ticket'], safe='')}"

    async def _call(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST with the access token; a token WeChat calls stale is refreshed once and the call repeated."""
        token = await self.access_token()
        data = await self._post(path, payload, token)
        if data.get("errcode") in STALE_TOKEN:
            data = await self._post(path, payload, await self._refresh(stale=token))
        if data.get("errcode"):
            raise APIError(data["errcode"], str(data.get("errmsg", "")))
        return data

    async def _cached(self) -> str | None:
        """The shared token while it is fresh."""
        record = await self.store.get_record(CACHE_KIND, self.app_id)
        if record and record["expires_at"] > self.clock():
            return record["token"]
        return None

    async def _refresh(self, stale: str | None) -> str:
        """Fetch a token under the store lock, unless another process already replaced `stale`."""
        async with self.store.lock(TOKEN_LOCK):
            # Checked again under the lock: whoever held it before us may have just refreshed.
            token = await self._cached()
            if token and token != stale:
                return token
            return await self._fetch()

    async def _fetch(self) -> str:
        """Ask WeChat for the account's token and share it through the store."""
        data = await self._post("/cgi-bin/stable_token", self._credentials, None)
        if "access_token" not in data:
            raise APIError(int(data.get("errcode", -1)), str(data.get("errmsg", "no access_token")))
        expires_in = float(data.get("expires_in", 7200))
        expires_at = self.clock() + expires_in - min(MARGIN, expires_in / 2)
        await self.store.put_record(CACHE_KIND, self.app_id, {"token": data["access_token"], "expires_at": expires_at})
        log.info("wechat access token refreshed; valid for %d s", expires_in)
        return data["access_token"]

    async def _post(self, path: str, payload: dict[str, Any], token: str | None) -> dict[str, Any]:
        """One JSON POST; network failures become retryable APIErrors that name no URL (it holds the token)."""
        params = {"access_token": token} if token else None
        # Raw UTF-8: WeChat shows \\uXXXX escapes literally in some message APIs.
        body = json.dumps(payload, ensure_ascii=False).encode()
        try:
            async with self.http.post(self.base + path, params=params, data=body, timeout=TIMEOUT,
                                      headers={"Content-Type": "application/json"}) as response:
                if response.status != 200:
                    raise APIError(-1, f"HTTP {response.status} from {path}", retryable=response.status >= 500)
                return json.loads(await response.read())
        except (aiohttp.ClientError, TimeoutError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise APIError(-1, f"{type(exc).__name__} calling {path}", retryable=True) from None
