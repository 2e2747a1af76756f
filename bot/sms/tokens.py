"""Shared checks for pushes that carry no signature of their own (Aliyun, Tencent): a URL token."""

from __future__ import annotations

import hmac
import json
from typing import Any

from bot.sms.inbound import Forged, Hook, Malformed


def check_token(hook: Hook, token: str) -> None:
    """The `token` query parameter must equal our secret, compared in constant time."""
    given = hook.query.get("token", "")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Forged("missing or wrong token in the push URL")


def json_body(hook: Hook) -> Any:
    """The body as JSON, or Malformed saying why not."""
    try:
        return json.loads(hook.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Malformed(f"body is not UTF-8 JSON: {exc}") from None
