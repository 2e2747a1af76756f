"""A broadcast as the store keeps it: what to send, to how many, and where the run stands."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from intake.store import Store

KIND = "broadcast"
PROGRESS = "broadcast_progress"  # the latest send rate, written by the running sender
CREATED, RUNNING, PAUSED, CANCELLED, DONE = "created", "running", "paused", "cancelled", "done"
# Which commands may move a broadcast from which states; anything else is refused with a reason.
MOVES = {
    "start": ((CREATED, PAUSED, RUNNING), RUNNING),
    "pause": ((RUNNING,), PAUSED),
    "resume": ((PAUSED,), RUNNING),
    "cancel": ((CREATED, RUNNING, PAUSED), CANCELLED),
}


class BroadcastError(ValueError):
    """A request that cannot be done as asked: unknown id, template or provider, or a wrong state."""


@dataclass
class Broadcast:
    """One reminder run: template and language, recipients imported, provider, TPS and schedule."""

    id: str
    template: str
    lang: str
    provider: str
    tps: int
    at: float | None = None
    state: str = CREATED
    created_at: float = 0.0
    recipients: int = 0
    summary: dict = field(default_factory=dict)
    source: str = ""
    finished_at: float | None = None

    @classmethod
    def from_record(cls, record: dict) -> Broadcast:
        """Back from the store, ignoring fields a newer version may have added."""
        return cls(**{k: v for k, v in record.items() if k in cls.__dataclass_fields__})

    def to_record(self) -> dict:
        """The JSON document kept under kind `broadcast`."""
        return asdict(self)


def new_id(now: float, tz: str) -> str:
    """BC-20260501-7K3M9P: the local date, then six random characters one can read out on the phone."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    day = datetime.fromtimestamp(now, ZoneInfo(tz)).strftime("%Y%m%d")
    return f"BC-{day}-{''.join(secrets.choice(alphabet) for _ in range(6))}"


async def load(store: Store, broadcast_id: str) -> Broadcast | None:
    """The broadcast with this id, or None."""
    record = await store.get_record(KIND, broadcast_id.strip().upper())
    return Broadcast.from_record(record) if record else None


async def save(store: Store, broadcast: Broadcast) -> None:
    """Write the broadcast's document."""
    await store.put_record(KIND, broadcast.id, broadcast.to_record())
