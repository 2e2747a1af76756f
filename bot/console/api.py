"""The call-centre API: POST /api/transcripts (Bearer token) and GET /api/openapi.json."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from aiohttp import web

from bot.app import GATEWAY
from bot.console.guard import USER
from bot.console.openapi_paths import document
from intake import hotline

TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


def _reply(body: dict, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def _bad(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": reason}), content_type="application/json")


async def transcripts(request: web.Request) -> web.Response:
    """Read the transcript; with ?submit=true submit it too, or say which required facts are missing."""
    gateway = request.app[GATEWAY]
    text, day, submit = parse(await _body(request), request.query.get("submit", ""))
    day = day or dt.datetime.fromtimestamp(gateway.clock(), gateway.tz).date()
    draft = hotline.draft(text, day)
    if not submit:
        return _reply({"draft": draft.to_json(), "submitted": False})
    if draft.missing:
        return _reply({"error": "required fields missing", "missing": draft.missing, "draft": draft.to_json(),
                       "submitted": False}, 422)
    now = gateway.clock()
    lead = hotline.lead_for(draft.fields, text=text, operator=request[USER].username,
                            now=dt.datetime.fromtimestamp(now, gateway.tz), prefix=gateway.settings.reference_prefix,
                            vault=gateway.vault)
    done = await hotline.submit(gateway.store, gateway.vault, gateway.settings, lead, now)
    return _reply({"draft": draft.to_json(), "submitted": True, "reference": done.reference,
                   "created": done.created, "repeats": done.repeats}, 201 if done.created else 200)


async def _body(request: web.Request) -> Any:
    if request.content_type != "application/json":
        raise _bad("send JSON with Content-Type: application/json")
    try:
        return json.loads(await request.text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _bad(f"malformed JSON: {exc}") from None


def parse(body: Any, submit: str) -> tuple[str, dt.date | None, bool]:
    """The transcript, its date and whether to submit, or 400 saying what is wrong."""
    if not isinstance(body, dict):
        raise _bad("the body must be a JSON object")
    text, day = body.get("text"), body.get("date")
    if not isinstance(text, str) or not text.strip() or len(text) > hotline.MAX_TRANSCRIPT:
        raise _bad(f"'text' must be a non-empty string of at most {hotline.MAX_TRANSCRIPT} characters")
    if day is not None:
        try:
            day = dt.date.fromisoformat(day) if isinstance(day, str) and len(day) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise _bad("'date' must be YYYY-MM-DD")
    if submit.lower() not in TRUE + FALSE:
        raise _bad("'submit' must be true or false")
    return text, day, submit.lower() in TRUE


async def openapi(request: web.Request) -> web.Response:
    """GET /api/openapi.json: the API described for call-centre software."""
    return _reply(document(request.app[GATEWAY].settings.public_url))
