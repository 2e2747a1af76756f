"""A stand-in of Telegram's Bot API on loopback: the methods we call, with the documented JSON shapes.

Responses follow https://core.telegram.org/bots/api#making-requests: `{"ok": true, "result": ...}`,
or `{"ok": false, "error_code": ..., "description": ...}`. Every call is recorded.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "7000000001:AAH-test-token-4f9c2b7e1d"  # noqa: S105 (test credentials)
SECRET = "tg-secret_0f3e9a7c5b1d"  # noqa: S105
BOT = {"id": 7000000001, "is_bot": True, "first_name": "工钱", "username": "gongqian_test_bot",
       "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}


@dataclass
class BotAPI:
    """Answers getMe, sendMessage, setWebhook, deleteWebhook and getWebhookInfo for one bot token."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    refuse: tuple[int, str] | None = None  # (error_code, description) for every sendMessage

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._call)
        return app

    def sent(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """sendMessage parameters, reply_markup decoded, optionally for one chat."""
        return [p for m, p in self.calls if m == "sendMessage" and (chat_id is None or p["chat_id"] == str(chat_id))]

    async def _call(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        method, params = request.match_info["method"], await _params(request)
        self.calls.append((method, params))
        answer = getattr(self, f"_{method}", None)
        return await answer(params) if answer else _error(404, "Not Found")

    async def _getMe(self, params):  # noqa: N802 (Bot API method names)
        return _ok(BOT)

    async def _sendMessage(self, params):  # noqa: N802
        if self.refuse:
            return _error(*self.refuse)
        message = {"message_id": len(self.sent()), "date": int(time.time()), "text": params["text"],
                   "chat": {"id": int(params["chat_id"]), "type": "private"}, "from": BOT}
        return _ok(message)

    async def _setWebhook(self, params):  # noqa: N802
        self.webhook = params
        return _ok(True, description="Webhook was set")

    async def _deleteWebhook(self, params):  # noqa: N802
        self.webhook = {}
        return _ok(True, description="Webhook was deleted")

    async def _getWebhookInfo(self, params):  # noqa: N802
        return _ok({"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0})


async def _params(request: web.Request) -> dict[str, Any]:
    """Parameters as PTB sends them (form fields, JSON-encoded where not a string), decoded."""
    raw = dict(await request.json()) if request.content_type == "application/json" else dict(await request.post())
    for name in ("reply_markup", "allowed_updates"):
        if isinstance(raw.get(name), str):
            raw[name] = json.loads(raw[name])
    return raw


def _ok(result: Any, **extra: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result, **extra})


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description}, status=code)


def options(params: dict[str, Any]) -> list[str]:
    """The quick-reply buttons of a sent message (share buttons left out)."""
    rows = (params.get("reply_markup") or {}).get("keyboard", [])
    return [b["text"] for row in rows for b in row if not (b.get("request_contact") or b.get("request_location"))]
