"""The neutral message types every channel translates to and from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dialogs.conversation import Reply

__all__ = ["Inbound", "Outcome", "Reply"]


@dataclass(frozen=True)
class Inbound:
    """One message from a worker, whatever the platform."""

    channel: str
    sender: str  # the platform's address of the sender: openid, chat id, phone, web session
    text: str = ""
    message_id: str | None = None
    lang: str | None = None
    project_code: str | None = None
    attachments: tuple[dict[str, Any], ...] = ()
    location: dict[str, Any] | None = None


@dataclass
class Outcome:
    """What the gateway did with an inbound message, for the channel to render."""

    status: str  # accepted | duplicate | limited | busy
    replies: list[Reply] = field(default_factory=list)
    state: str = "NEW"
    reference: str | None = None
    lang: str = "zh-Hans"
    lead: dict[str, Any] | None = None
