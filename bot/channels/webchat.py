"""Web chat: the JSON API behind the page that a helmet QR code opens."""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from bot.gateway import Gateway
from bot.messages import Inbound, Outcome
from intake.compact_json import dumps, loads
from intake.config import Settings
from intake.i18n import LANGS

NAME = "web"
_SESSION = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class BadRequest(web.HTTPBadRequest):
    """400 with a JSON reason the client can show."""

    def __init__(self, reason: str):
        super().__init__(text=json.dumps({"error": reason}), content_type="application/json")


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> bool:
    """Web chat needs no settings, so it is always on."""
    app.router.add_post("/api/chat", _chat_handler(gateway))
    return True


def _chat_handler(gateway: Gateway):
    async def chat(request: web.Request) -> web.Response:
        """POST /api/chat: one message in, the dialogue's replies out."""
        inbound = parse(await _json(request))
        return web.json_response(render(inbound, await gateway.handle(inbound)), dumps=dumps)

    return chat


async def _json(request: web.Request) -> Any:
    """The request body as JSON, or 400 saying what is wrong with it."""
    if request.content_type not in ("application/json", ""):
        raise BadRequest("send JSON with Content-Type: application/json")
    try:
        return loads(await request.text())
    except (ValueError, UnicodeDecodeError) as exc:  # orjson's JSONDecodeError is a ValueError
        raise BadRequest(f"malformed JSON: {exc}") from None


def parse(body: Any) -> Inbound:
    """Check the request fields and build the neutral inbound message."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    session, text = body.get("session"), body.get("text", "")
    if not isinstance(session, str) or not _SESSION.match(session):
        raise BadRequest("'session' must be 8–128 letters, digits, '-' or '_'")
    if not isinstance(text, str):
        raise BadRequest("'text' must be a string")
    lang, project, message_id = body.get("lang"), body.get("project"), body.get("id")
    if lang is not None and lang not in LANGS:
        raise BadRequest(f"'lang' must be one of {', '.join(LANGS)}")
    if project is not None and (not isinstance(project, str) or not _CODE.match(project)):
        raise BadRequest("'project' must be a project code of letters, digits, '-' or '_'")
    if message_id is not None and (not isinstance(message_id, str) or not 1 <= len(message_id) <= 64):
        raise BadRequest("'id' must be a string of 1–64 characters")
    return Inbound(NAME, session, text, message_id=message_id, lang=lang, project_code=project)


def render(inbound: Inbound, outcome: Outcome) -> dict[str, Any]:
    """The API response for an outcome."""
    return {
        "session": inbound.sender,
        "state": outcome.state,
        "replies": [{"text": r.text, "expecting": r.expecting, "options": list(r.options)} for r in outcome.replies],
        "reference": outcome.reference,
    }
