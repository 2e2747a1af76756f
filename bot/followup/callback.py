"""POST /api/leads/<reference>/status: the case backend tells us where a lead stands.

Signed like every gongqian request (intake/signing.py); a signature is accepted once, so a
captured callback replayed within the tolerance is refused too.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web

from bot.followup import survey
from intake import signing
from intake.status import STATUSES, history, record_status
from intake.store import ConversationKey

log = logging.getLogger(__name__)
SEEN_KIND = "callback_seen"


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def handler(followup, notifier_for):
    """The route's handler, bound to the follow-up and a way to reach workers."""

    async def status(request: web.Request) -> web.Response:
        """Record a status and tell the worker; 401 forged or replayed, 404 unknown, 400 bad body."""
        raw, now = await request.read(), followup.gateway.clock()
        if not await authentic(followup, raw, request.headers.get(signing.HEADER), now):
            return _error(401, "bad, stale or replayed signature")
        item = await followup.store.get_lead(request.match_info["reference"])
        if item is None:
            return _error(404, "no lead with this reference")
        body = parse(raw)
        if isinstance(body, str):
            return _error(400, body)
        before = len(await history(followup.store, item.lead_id))
        after = await record_status(followup.store, item.reference, body["status"], body["note"], body["case_id"], at=now)
        # A repeat of the last status (the backend retrying) is recorded once and told once.
        told = await tell(followup, await notifier_for(), item, body, now) if len(after) > before else "none"
        return web.json_response({"reference": item.reference, "status": body["status"], "told": told})

    return status


async def authentic(followup, raw: bytes, header: str | None, now: float) -> bool:
    """A valid, fresh signature never seen before (remembered for the tolerance window)."""
    secret = followup.settings.case_backend_secret
    if not secret or not signing.verify(secret, raw, header, now=now):
        return False
    mac = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)["v1"]
    async with followup.store.lock(ConversationKey(SEEN_KIND, mac[:32])):
        if await followup.store.get_record(SEEN_KIND, mac) is not None:
            return False
        await followup.store.put_record(SEEN_KIND, mac, {"at": now})
    await _forget_old(followup.store, now)
    return True


async def _forget_old(store, now: float) -> None:
    """Drop remembered signatures past the tolerance: they would fail the freshness check anyway."""
    async for mac, seen in store.records(SEEN_KIND):
        if seen["at"] < now - 2 * signing.TOLERANCE:
            await store.put_record(SEEN_KIND, mac, None)


def parse(raw: bytes) -> dict[str, Any] | str:
    """The checked body, or what is wrong with it."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return "the body must be JSON"
    if not isinstance(body, dict) or body.get("status") not in STATUSES:
        return f"'status' must be one of {', '.join(STATUSES)}"
    note, case_id = body.get("note", ""), body.get("case_id")
    if not isinstance(note, str) or len(note) > 500:
        return "'note' must be a string of at most 500 characters"
    if case_id is not None and (not isinstance(case_id, str) or not 1 <= len(case_id) <= 128):
        return "'case_id' must be a string of 1–128 characters"
    return {"status": body["status"], "note": note, "case_id": case_id}


async def tell(followup, notifier, item, body: dict[str, Any], now: float) -> str:
    """Tell the worker the news; plan the 回访 when the case is over. Returns the channel used."""
    lead, texts = item.lead, followup.texts
    lang = lead.get("lang") or "zh-Hans"
    label = texts.text(lang, f"status.{body['status']}")
    text = texts.text(lang, "followup.status_update", reference=item.reference, status=label)
    if body["note"]:
        text += "\n" + texts.text(lang, "followup.status_note", note=body["note"])
    key = await notifier.tell(lead, text, (), now)
    await survey.schedule(followup.store, item.lead_id, item.reference, body["status"], now,
                          followup.settings.survey_delay)
    return key.channel
