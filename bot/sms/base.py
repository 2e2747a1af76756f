"""The SMS provider interface and segment arithmetic shared by replies and broadcasts."""

from __future__ import annotations

from typing import Protocol

from bot.channels.base import SendError, Sent

__all__ = ["SINGLE_SEGMENT", "MULTI_SEGMENT", "SendError", "Sent", "SmsProvider", "segments"]

SINGLE_SEGMENT = 70  # characters of one Chinese (UCS-2) SMS
MULTI_SEGMENT = 67  # characters of each part of a long one


class SmsProvider(Protocol):
    """Sends one text message to one mainland mobile number."""

    name: str

    async def send(self, phone: str, text: str, *, reference: str | None = None) -> Sent:
        """Hand the message to the provider, or raise SendError(reason, retryable)."""


def segments(text: str) -> int:
    """How many SMS segments a text costs: 70 characters for one, 67 for each part of more."""
    length = len(text)
    return 1 if length <= SINGLE_SEGMENT else -(-length // MULTI_SEGMENT)
