"""What a backend's answer means for a lead: delivered, try again later, or dead letter; and how long to wait."""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from intake.privacy import redact

# Timeouts and throttling say "not now", not "never"; every other 4xx will fail the same way again.
RETRYABLE = frozenset({408, 429})
REASON_LIMIT = 300
RETRY_AFTER_LIMIT = 3600.0  # a backend asking for more than an hour is probably misconfigured


@dataclass(frozen=True)
class Outcome:
    """How one delivery attempt ended."""

    kind: str  # delivered | retry | dead
    reason: str = ""
    case_id: str | None = None
    retry_after: float | None = None

    def result(self) -> dict[str, Any]:
        """What the outbox keeps with a delivered lead."""
        return {"case_id": self.case_id} if self.case_id else {}


def classify(status: int, body: bytes, retry_after: str | None = None, now: float | None = None) -> Outcome:
    """The outcome of an HTTP answer; 2xx delivered, 408/429/5xx retry, anything else dead."""
    if 200 <= status < 300:
        return Outcome("delivered", case_id=case_id(body))
    reason = f"HTTP {status}: {snippet(body)}".rstrip(": ")
    if status in RETRYABLE or status >= 500:
        return Outcome("retry", reason, retry_after=wait_asked(retry_after, now))
    return Outcome("dead", reason)


def case_id(body: bytes) -> str | None:
    """The backend's case id: `case_id` in a JSON object, or an Open311 `service_request_id` (or token)."""
    try:
        found = json.loads(body)
    except ValueError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], dict):
        found = {"case_id": found[0].get("service_request_id") or found[0].get("token")}
    value = found.get("case_id") if isinstance(found, dict) else None
    return str(value) if value not in (None, "") else None


def snippet(body: bytes) -> str:
    """The start of a response body for a reason line, with phone and ID numbers masked."""
    text = " ".join(body[:2 * REASON_LIMIT].decode("utf-8", "replace").split())
    return redact(text)[:REASON_LIMIT]


def wait_asked(header: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not header:
        return None
    try:
        seconds = float(header)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(header).timestamp() - (time.time() if now is None else now)
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), RETRY_AFTER_LIMIT)


def backoff(attempts: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Full jitter: uniform in [0, min(cap, base·2^(attempts-1))], so a herd of retries spreads out."""
    ceiling = min(cap, base * 2 ** min(max(attempts - 1, 0), 32))
    return (rng or random).uniform(0, ceiling)


def retry_delay(outcome: Outcome, attempts: int, base: float, cap: float) -> float:
    """How long a lead waits before its next attempt: what the backend asked for, else backoff."""
    if outcome.retry_after is not None:
        return outcome.retry_after
    return backoff(attempts, base, cap)
