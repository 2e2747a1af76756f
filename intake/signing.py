"""The webhook signature every gongqian request and callback carries.

`X-Gongqian-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` — the
timestamp is signed with the body, so a captured request cannot be replayed after `tolerance`.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Gongqian-Signature"
TOLERANCE = 300.0


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for a body sent now (or at `timestamp`)."""
    t = int(time.time() if timestamp is None else timestamp)
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, body: bytes, header: str | None, *, now: float | None = None,
           tolerance: float = TOLERANCE) -> bool:
    """Whether the header signs this body with this secret, and is fresh."""
    parts = dict(part.split("=", 1) for part in (header or "").split(",") if "=" in part)
    try:
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - t) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))
