"""What a provider's webhook carries, in neutral terms: messages from workers and delivery reports.

Each provider module turns one HTTP request (a `Hook`) into a list of these, after checking that
the provider sent it; the channel (bot/channels/sms.py) does the rest the same way for all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class Forged(Exception):
    """The request is not from the provider: bad or missing signature, token or timestamp (403)."""


class Malformed(Exception):
    """The request is from the provider but cannot be read (400, with the reason)."""


@dataclass(frozen=True)
class Hook:
    """One webhook request as the provider made it: the public URL it called, headers and raw body."""

    url: str
    headers: Mapping[str, str]
    query: Mapping[str, str]
    body: bytes
    now: float


@dataclass(frozen=True)
class SmsMessage:
    """A text from a worker's phone."""

    message_id: str
    phone: str  # E.164
    text: str


@dataclass(frozen=True)
class SmsReport:
    """A delivery report for a message we sent, by the id the provider gave it when we sent it."""

    message_id: str
    status: str  # delivered | failed | sent | ... as the provider names it, lower case
    delivered: bool | None  # None while the outcome is not known yet
    error: str | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Ack:
    """The HTTP answer a provider's platform expects when a push was received."""

    content_type: str
    body: str
    status: int = 200


Event = SmsMessage | SmsReport
