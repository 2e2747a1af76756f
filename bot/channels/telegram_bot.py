"""Telegram outbound: one python-telegram-bot `Bot` per process, replies rendered as native keyboards."""

from __future__ import annotations

import logging

from telegram import Bot, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.channels.base import SendError, Sent
from intake.config import Settings
from intake.i18n import DEFAULT_LANG, Catalog

NAME = "telegram"
KEYBOARD_COLUMNS = 2
# Slots Telegram can fill with one tap: the worker's own number, or where they stand.
SHARE_BUTTONS = {"phone": ("telegram.share_phone", "request_contact"),
                 "location": ("telegram.share_location", "request_location")}
log = logging.getLogger(__name__)


def quiet_libraries() -> None:
    """Keep the token out of the logs: httpx logs every URL (which holds it) and PTB logs it at DEBUG."""
    for name, level in (("httpx", logging.WARNING), ("httpcore", logging.WARNING), ("telegram", logging.INFO)):
        logging.getLogger(name).setLevel(max(level, logging.getLogger(name).getEffectiveLevel()))


class TelegramSender:
    """Sends texts to Telegram chats through the Bot API."""

    channel = NAME

    def __init__(self, settings: Settings, texts: Catalog):
        quiet_libraries()
        self.bot = Bot(settings.telegram_token, base_url=settings.telegram_api_base)
        self.texts = texts

    async def start(self) -> None:
        """Open the connection pool once; an unreachable Bot API must not stop the gateway."""
        try:
            await self.bot.initialize()
        except TelegramError as exc:  # the message of InvalidToken repeats the token: log the type only
            log.warning("Telegram Bot API not reachable at start-up (%s); sending will retry", type(exc).__name__)

    async def close(self) -> None:
        """Release the connection pool."""
        await self.bot.shutdown()

    async def send(self, address: str, text: str, options: tuple[str, ...] = (), *,
                   expecting: str | None = None, lang: str = DEFAULT_LANG, last: bool = True) -> Sent:
        """Deliver one message; the last of a batch without buttons clears the old keyboard."""
        markup = keyboard(self.texts, lang, options, expecting) or (ReplyKeyboardRemove() if last else None)
        try:
            message = await self.bot.send_message(address, text, reply_markup=markup)
        except TelegramError as exc:
            raise SendError(f"{type(exc).__name__}: {exc.message}", retryable(exc)) from None
        return Sent(NAME, str(message.message_id))


def retryable(exc: TelegramError) -> bool:
    """Flood control, timeouts and network trouble pass; a blocked bot or a bad request does not."""
    return isinstance(exc, (RetryAfter, TimedOut)) or (isinstance(exc, NetworkError) and not isinstance(exc, BadRequest))


def keyboard(texts: Catalog, lang: str, options: tuple[str, ...], expecting: str | None) -> ReplyKeyboardMarkup | None:
    """Quick replies as a one-time reply keyboard, plus a share button where Telegram can fill the slot."""
    buttons = [KeyboardButton(option) for option in options]
    if expecting in SHARE_BUTTONS:
        key, request = SHARE_BUTTONS[expecting]
        buttons.insert(0, KeyboardButton(texts.text(lang, key), **{request: True}))
    if not buttons:
        return None
    rows = [buttons[i:i + KEYBOARD_COLUMNS] for i in range(0, len(buttons), KEYBOARD_COLUMNS)]
    return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)
