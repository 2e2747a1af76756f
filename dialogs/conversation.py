"""A conversation's stored state: what the dialogue knows and where it stands."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One message back to the worker; `expecting` names the slot asked for next."""

    text: str
    expecting: str | None = None
    options: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The reply as plain JSON data."""
        return {"text": self.text, "expecting": self.expecting, "options": list(self.options)}


@dataclass
class Conversation:
    """The per-sender dialogue record; plain data so any store can keep it as JSON."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    state: str = "NEW"
    lang: str = "zh-Hans"
    lang_fixed: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    tries: dict[str, int] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)  # slots the worker answered or confirmed as well as they can
    unsure: list[str] = field(default_factory=list)  # slots filled by a guess (我 → 1 worker) that are still asked
    editing: str | None = None
    options: list[str] = field(default_factory=list)
    consented_at: float | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    reference: str | None = None
    notes: list[str] = field(default_factory=list)
    last: dict[str, Any] | None = None
    recent: list[str] = field(default_factory=list)  # ids of the last messages, to know a redelivery
    notices: list[dict[str, Any]] = field(default_factory=list)  # news left for the worker's next message
    furthest: int = 0  # how many FUNNEL steps this conversation has reached
    # An open 回访 question (bot.followup.survey). Kept here, not apart, so that telling whether a
    # message answers one costs no read: the state is loaded with the lock anyway.
    survey: dict[str, Any] | None = None
    # Not stored: each personal field's (plain, ciphertext) as loaded, so that saving an unchanged
    # field reuses its ciphertext instead of encrypting it again on every message.
    sealed: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_state(cls, state: dict[str, Any] | None) -> Conversation | None:
        """Rebuild from a stored dict, ignoring keys this version does not know."""
        if not state:
            return None
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in state.items() if k in known})

    def to_state(self) -> dict[str, Any]:
        """The JSON-ready dict a store keeps (shallow: JSON encoding copies it anyway)."""
        return {name: getattr(self, name) for name in FIELD_NAMES}

    def fresh(self, now: float) -> Conversation:
        """A new conversation with the same sender language, as after restart."""
        # The message ids go along: a late redelivery from the last conversation is still known.
        # So does an open 回访 question: it is about an earlier lead, not this conversation.
        return Conversation(lang=self.lang, lang_fixed=self.lang_fixed, created_at=now, updated_at=now,
                            recent=list(self.recent), survey=self.survey)


FIELD_NAMES = tuple(f.name for f in fields(Conversation) if f.name != "sealed")
