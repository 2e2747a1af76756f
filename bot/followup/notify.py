"""Telling a worker something after the conversation is over, on the channel they used.

WeChat customer-service messages are allowed only within 48 hours of the worker's last
message; after that, or when a channel cannot send, the worker gets an SMS if we have their
number and they have not opted out. Web chat cannot be reached at all: the notice waits and
the gateway shows it on their next visit (the conversation's `notices`), as it does when nothing else works.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.channels.base import Sender, SendError, senders
from bot.sms.optout import opted_out
from bot.sms.phone import e164
from intake.store import ConversationKey, Store
from intake.vault import Vault

log = logging.getLogger(__name__)
WECHAT_WINDOW = 48 * 3600.0
PUSHED = ("wechat", "telegram", "sms")  # channels we can write to first


class Notifier:
    """Reaches the worker behind a stored lead; returns the conversation the message went to."""

    def __init__(self, store: Store, vault: Vault, settings, http: aiohttp.ClientSession,
                 outbound: dict[str, Sender] | None = None):
        self.store, self.vault, self.settings = store, vault, settings
        self.outbound = senders(settings, http) if outbound is None else outbound
        self.http = http

    async def tell(self, lead: dict[str, Any], text: str, options: tuple[str, ...], now: float) -> ConversationKey:
        """Send `text` to the lead's worker by the best way open now."""
        home = ConversationKey(lead["channel"], lead["sender"])
        address = self.vault.decrypt(lead.get("reply_to"))
        if address and await self._may_push(home, now) and await self._send(home.channel, address, text, options):
            return home
        phone = e164(self.vault.decrypt(lead["complainant"].get("phone")))
        # Web chat is told on the next visit, as promised on its page; only messaging channels fall back.
        if phone and home.channel in PUSHED and home.channel != "sms" and not await opted_out(self.store, self.vault, phone) \
                and await self._send("sms", phone, text, options):
            # As Gateway.key: an SMS answer comes back under the phone's own conversation.
            return ConversationKey("sms", self.vault.blind(f"sms:{phone}"))
        await leave_notice(self.store, home, text, options, self.settings.conversation_ttl)
        return home

    async def _may_push(self, home: ConversationKey, now: float) -> bool:
        """Whether the channel can carry a message now (WeChat: inside its 48-hour window)."""
        if home.channel not in PUSHED or (home.channel not in self.outbound and home.channel != "sms"):
            return False
        if home.channel == "wechat":
            state = await self.store.load(home)  # its updated_at is the worker's last message
            return bool(state) and now - float(state.get("updated_at") or 0) < WECHAT_WINDOW
        return True

    async def _send(self, channel: str, address: str, text: str, options: tuple[str, ...]) -> bool:
        """One send; a failure is logged (without the address) and reported as False."""
        try:
            if channel == "sms" and "sms" not in self.outbound:
                await self._sms_provider().send(address, _numbered(text, options))
            else:
                await self.outbound[channel].send(address, text, options)
        except SendError as exc:
            log.warning("notice by %s failed: %s (retryable %s)", channel, exc.reason, exc.retryable)
            return False
        return True

    def _sms_provider(self):
        """The configured SMS provider, when the SMS channel offers no sender of its own."""
        name = getattr(self.settings, "sms_provider", "log")
        return importlib.import_module(f"bot.sms.{name}").provider(self.settings, self.http)


def _numbered(text: str, options: tuple[str, ...]) -> str:
    """Quick replies as a numbered list, the way SMS shows them."""
    return "\n".join([text, *(f"{n}. {o}" for n, o in enumerate(options, start=1))])


async def leave_notice(store: Store, key: ConversationKey, text: str, options: tuple[str, ...] = (),
                       ttl: float = 7 * 86400) -> None:
    """Keep a notice in the worker's conversation; the gateway shows it on their next message."""
    await amend(store, key, lambda state: state.setdefault("notices", []).append(
        {"text": text, "options": list(options)}), ttl)


async def amend(store: Store, key: ConversationKey, change: Callable[[dict[str, Any]], Any], ttl: float) -> None:
    """Change a worker's stored conversation from outside the dialogue, under its lock (so a message
    being handled at the same time loses nothing). A conversation that expired starts anew."""
    async with store.lock(key):
        state = await store.load(key) or {}
        change(state)
        await store.save(key, state, ttl)
