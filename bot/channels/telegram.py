"""Telegram: POST /webhooks/telegram takes updates, checks Telegram's secret header, replies via the Bot API."""

from __future__ import annotations

import hmac
import json
import logging
import re
from dataclasses import replace
from typing import Any

from aiohttp import web
from telegram import Message, Update
from telegram.constants import ChatType

from bot.channels.base import SendError
from bot.channels.telegram_bot import NAME, TelegramSender
from bot.gateway import Gateway
from bot.messages import Inbound, Outcome, Reply
from intake.config import Settings
from intake.i18n import catalog

WEBHOOK = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (the header name, not a secret)
STARTED = "telegram.start"  # record kind: the project code a chat was opened with, under its blind key
_COMMAND = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
log = logging.getLogger(__name__)


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> bool:
    """Mount the webhook when both the bot token and the webhook secret are set."""
    if not (settings.telegram_token and settings.telegram_secret):
        return False
    sender = TelegramSender(settings, gateway.texts)
    app.router.add_post(WEBHOOK, Webhook(gateway, sender, settings).handle)
    app.on_startup.append(lambda _app: sender.start())
    app.on_cleanup.append(lambda _app: sender.close())
    return True


def sender(settings: Settings, http) -> TelegramSender | None:
    """The outbound sender, or None without a token (PTB brings its own HTTP pool, so `http` is unused)."""
    return TelegramSender(settings, catalog()) if settings.telegram_token else None


class Webhook:
    """Verifies, parses and answers the updates Telegram posts."""

    def __init__(self, gateway: Gateway, sender: TelegramSender, settings: Settings):
        self.gateway, self.sender, self.settings = gateway, sender, settings
        self.secret = settings.telegram_secret.encode()

    async def handle(self, request: web.Request) -> web.Response:
        """Accepted or ignored updates get 200 (so Telegram stops retrying); forged ones 403."""
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self.secret):
            return _answer(403, error="wrong or missing secret token")
        update = _update(await request.read(), self.sender)
        inbound = parse(update)
        if inbound is None:
            return _answer(200, status="ignored")
        inbound = await self._remember_project(inbound)
        outcome = await self.gateway.handle(inbound)
        await self._reply(inbound, outcome, await self._opening(inbound, outcome, update))
        return _answer(200, status=outcome.status)

    async def _remember_project(self, inbound: Inbound) -> Inbound:
        """Keep a /start project code, and bring it to later messages: the report may start after /start."""
        key = self.gateway.key(NAME, inbound.sender).sender
        now = self.gateway.clock()
        if inbound.project_code:
            await self.gateway.store.put_record(STARTED, key, {"code": inbound.project_code, "at": now})
            return inbound
        started = await self.gateway.store.get_record(STARTED, key)
        if started and now - started["at"] < self.settings.conversation_ttl:
            return replace(inbound, project_code=started["code"])
        return inbound

    async def _opening(self, inbound: Inbound, outcome: Outcome, update: Update) -> list[Reply]:
        """The replies to send: a /start the dialogue leaves idle gets the channel's welcome instead."""
        if not (_is_start(update) and outcome.status == "accepted" and outcome.state == "NEW"):
            return outcome.replies
        project = await self.gateway.store.get_record("project", (inbound.project_code or "").upper())
        lang = _lang_hint(update.message.from_user.language_code if update.message.from_user else None)
        if project:
            return [Reply(self.gateway.texts.text(lang, "telegram.welcome_project", project=project["name"]))]
        return [Reply(self.gateway.texts.text(lang, "telegram.welcome"))]

    async def _reply(self, inbound: Inbound, outcome: Outcome, replies: list[Reply]) -> None:
        """Send the replies in order; a redelivered update gets none, the first delivery already answered."""
        if outcome.status == "duplicate":
            return
        for number, reply in enumerate(replies, 1):
            try:
                await self.sender.send(inbound.sender, reply.text, reply.options, expecting=reply.expecting,
                                       lang=outcome.lang, last=number == len(replies))
            except SendError as exc:  # the state is saved; the worker sees the reply on their next message
                log.warning("telegram reply not sent (%s, retryable %s)", exc.reason, exc.retryable)
                return


def parse(update: Update) -> Inbound | None:
    """The neutral message in an update, or None for what the intake does not read (groups, edits)."""
    message = update.message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return None  # wage reports carry personal data: never collected in group chats
    text, project = _command(message.text or message.caption or "")
    if message.contact:
        text = message.contact.phone_number
    return Inbound(NAME, str(message.chat.id), text, message_id=str(update.update_id), project_code=project,
                   attachments=_attachments(message), location=_location(message))


def _command(text: str) -> tuple[str, str | None]:
    """/start CODE opens with a project; another /word is that word (/help → help)."""
    match = _COMMAND.match(text.strip())
    if not match:
        return text, None
    word, argument = match[1].lower(), (match[2] or "").strip()
    if word == "start":
        return "", argument if _CODE.match(argument) else None
    return word, None


def _is_start(update: Update) -> bool:
    """Whether the update is Telegram's /start, with or without a deep-link payload."""
    match = _COMMAND.match(((update.message.text or "") if update.message else "").strip())
    return bool(match) and match[1].lower() == "start"


def _attachments(message: Message) -> tuple[dict[str, Any], ...]:
    """The largest size of a photo, or an image sent as a file, by its Telegram file_id."""
    if message.photo:
        best = max(message.photo, key=lambda size: size.width * size.height)
        return ({"type": "photo", "file_id": best.file_id, "file_unique_id": best.file_unique_id},)
    document = message.document
    if document and (document.mime_type or "").startswith("image/"):
        return ({"type": "photo", "file_id": document.file_id, "file_unique_id": document.file_unique_id},)
    return ()


def _location(message: Message) -> dict[str, Any] | None:
    """A shared location or venue; a venue's name and address become the label."""
    if message.venue:
        venue = message.venue
        return {"lat": venue.location.latitude, "lon": venue.location.longitude,
                "label": f"{venue.address} {venue.title}".strip()}
    if message.location:
        return {"lat": message.location.latitude, "lon": message.location.longitude, "label": ""}
    return None


def _lang_hint(code: str | None) -> str:
    """The catalogue closest to the Telegram app's language, for the welcome only."""
    code = (code or "").lower()
    if code.startswith("en"):
        return "en"
    return "zh-Hant" if code in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") else "zh-Hans"


def _update(raw: bytes, sender: TelegramSender) -> Update:
    """The posted update, or 400 saying what is wrong with it."""
    try:
        body = json.loads(raw)
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            raise ValueError("no update_id")
        return Update.de_json(body, sender.bot)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text=json.dumps({"error": "not a Telegram update"}),
                                 content_type="application/json") from None


def _answer(code: int, **body: str) -> web.Response:
    return web.json_response({"ok": code == 200, **body}, status=code)
