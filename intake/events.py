"""Signed events to the bureau (urgent alerts, 预警 warnings, SLA alerts, 回访 answers).

An event is kept as a record before it is sent, posted at once, and retried by the worker's
`deliver_events` job until the receiver answers 2xx; a 4xx other than 408/429 gives up. Each
carries `Idempotency-Key: <event id>`, so a repeat after a lost answer is recognised there.
"""

from __future__ import annotations

import json
import logging
import random
from typing import Any

import aiohttp

from intake.signing import HEADER, sign
from intake.store import Store

log = logging.getLogger(__name__)
KIND = "event_out"
RETRYABLE = frozenset({408, 429})
MAX_DELAY = 3600.0
KEEP_SENT = 7 * 86400.0  # sent events are remembered this long, so a repeated effect sends nothing


def url_for(settings, target: str) -> str:
    """Where events of one target go: `alert` or `survey`."""
    return {"alert": settings.alert_url, "survey": settings.survey_url}[target]


async def queue(store: Store, settings, event: dict[str, Any], now: float) -> bool:
    """Keep an event to be sent; False when it was already queued or no URL is configured."""
    if not url_for(settings, event["target"]):
        log.info("event %s not sent: no URL for %s events", event["id"], event["target"])
        return False
    if await store.get_record(KIND, event["id"]) is not None:
        return False
    await store.put_record(KIND, event["id"], {"event": event, "state": "due", "attempts": 0, "due_at": now})
    return True


async def post(http: aiohttp.ClientSession, url: str, secret: str, event: dict[str, Any], now: float) -> int:
    """POST one signed event and return the HTTP status; connection errors raise."""
    body = json.dumps(event["body"], ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": event["id"], HEADER: sign(secret, body, int(now))}
    async with http.post(url, data=body, headers=headers, timeout=aiohttp.ClientTimeout(total=10)) as response:
        return response.status


async def attempt(store: Store, http: aiohttp.ClientSession, settings, event_id: str, now: float) -> str:
    """Try to send one queued event; its state afterwards: sent, due (again later) or dead."""
    record = await store.get_record(KIND, event_id)
    if record is None or record["state"] != "due" or record["due_at"] > now:
        return record["state"] if record else "missing"
    try:
        status = await post(http, url_for(settings, record["event"]["target"]), settings.case_backend_secret,
                            record["event"], now)
    except (aiohttp.ClientError, TimeoutError) as exc:
        status, reason = 0, type(exc).__name__
    else:
        reason = f"HTTP {status}"
    record = _after(record, status, reason, now)
    await store.put_record(KIND, event_id, record)
    return record["state"]


def _after(record: dict[str, Any], status: int, reason: str, now: float) -> dict[str, Any]:
    """The record after one try: sent on 2xx, dead on a final 4xx, else due after a backoff."""
    tries = record["attempts"] + 1
    if 200 <= status < 300:
        return {**record, "state": "sent", "attempts": tries, "sent_at": now}
    if 400 <= status < 500 and status not in RETRYABLE:
        log.warning("event %s refused (%s); not retried", record["event"]["id"], reason)
        return {**record, "state": "dead", "attempts": tries, "error": reason}
    delay = min(MAX_DELAY, 5.0 * 2 ** min(tries, 12)) * random.uniform(0.75, 1.25)  # jitter spreads retries
    return {**record, "attempts": tries, "due_at": now + delay, "error": reason}


async def flush(store: Store, http: aiohttp.ClientSession, settings, now: float) -> int:
    """Send every due event; forget sent ones past KEEP_SENT. Returns how many were sent."""
    sent = 0
    async for event_id, record in store.records(KIND):
        if record["state"] == "due" and record["due_at"] <= now:
            sent += await attempt(store, http, settings, event_id, now) == "sent"
        elif record["state"] == "sent" and record["sent_at"] < now - KEEP_SENT:
            await store.put_record(KIND, event_id, None)
    return sent
