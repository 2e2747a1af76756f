"""What every channel module offers besides its webhook: a way to send a message out.

Inbound, a channel module exposes `setup(app, gateway, settings) -> bool` (see
bot/channels/__init__.py). Outbound — notifications, status updates, broadcasts — it may also
expose `sender(settings, http) -> Sender | None`, returning None when its settings are missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import aiohttp


class SendError(Exception):
    """Sending failed; `retryable` says whether trying again later can help."""

    def __init__(self, reason: str, retryable: bool):
        super().__init__(reason)
        self.reason, self.retryable = reason, retryable


@dataclass(frozen=True)
class Sent:
    """A message the platform accepted, with its id there when it gives one."""

    channel: str
    platform_id: str | None = None


class Sender(Protocol):
    """Sends text to one address on one channel (an openid, a chat id, a phone number)."""

    channel: str

    async def send(self, address: str, text: str, options: tuple[str, ...] = ()) -> Sent:
        """Deliver one message or raise SendError."""


def senders(settings, http: aiohttp.ClientSession) -> dict[str, Sender]:
    """Every configured channel's sender, by channel name."""
    import importlib

    from bot.channels import CHANNELS

    found: dict[str, Sender] = {}
    for name in CHANNELS:
        module = importlib.import_module(f"bot.channels.{name}")
        make = getattr(module, "sender", None)
        sender = make(settings, http) if make else None
        if sender is not None:
            found[sender.channel] = sender
    return found
