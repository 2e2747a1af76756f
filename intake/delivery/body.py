"""The one body every forward sends: the lead-v1 document as JSON, or an Open311 service request.

Delivery, alerts and tests all call `forward_body`, so the backend sees one shape whoever sends.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from . import open311
from .open311 import Open311Service

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "open311": "application/x-www-form-urlencoded"}
# The platform address is only for talking back to the worker; history and delivery state are ours.
NOT_FORWARDED = ("reply_to", "status_history", "delivery")

__all__ = ["CONTENT_TYPES", "Open311Service", "content_type", "forward_body", "forward_view"]


def forward_view(lead_plain: dict[str, Any]) -> dict[str, Any]:
    """The unsealed lead without the fields that stay with gongqian."""
    return {key: value for key, value in lead_plain.items() if key not in NOT_FORWARDED}


def content_type(fmt: str) -> str:
    """The Content-Type header of a body in `fmt`."""
    try:
        return CONTENT_TYPES[fmt]
    except KeyError:
        raise ValueError(f"unknown case backend format {fmt!r}; use one of {', '.join(CONTENT_TYPES)}") from None


def forward_body(lead_plain: dict[str, Any], fmt: str, *, service: Open311Service | None = None) -> bytes:
    """The request body for an unsealed lead: `json` (lead-v1) or `open311` (form-encoded GeoReport v2)."""
    content_type(fmt)
    view = forward_view(lead_plain)
    if fmt == "open311":
        return urlencode(open311.form(view, service or Open311Service())).encode()
    return json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode()
