"""One provider API call over the process's shared aiohttp session, with failures typed for retrying."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from bot.channels.base import SendError
from intake.privacy import redact

TIMEOUT = 10.0  # seconds; a provider slower than this is treated as down, and the send retried later


async def call(http: aiohttp.ClientSession, provider: str, method: str, url: str, *,
               seconds: float = TIMEOUT, **kwargs: Any) -> tuple[int, Any]:
    """(HTTP status, body parsed as JSON or None); a network error or timeout is a retryable SendError."""
    try:
        async with http.request(method, url, timeout=aiohttp.ClientTimeout(total=seconds), **kwargs) as resp:
            text = await resp.text()
    except (TimeoutError, aiohttp.ClientError) as exc:
        raise SendError(f"{provider}: {type(exc).__name__} calling the API", retryable=True) from None
    try:
        return resp.status, json.loads(text)
    except ValueError:
        return resp.status, None


def http_error(provider: str, status: int, detail: object) -> SendError:
    """A failed HTTP status: 429 and 5xx may pass if retried later, any other failure will not."""
    return SendError(f"{provider}: HTTP {status}: {redact(str(detail))[:200]}",
                     retryable=status == 429 or status >= 500)


def failure(provider: str, code: str, message: object, retryable_codes: tuple[str, ...]) -> SendError:
    """A provider error code, retryable when it starts with one of `retryable_codes` (throttling, outages)."""
    return SendError(f"{provider}: {code}: {redact(str(message))[:200]}",
                     retryable=code.startswith(retryable_codes))
