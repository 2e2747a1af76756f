"""What the broadcast tests share: settings over a test store, a test clock, a loopback provider, CSVs."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

from bot.channels.base import SendError, Sent
from intake.config import Settings


def settings_for(store, tmp_path: Path, redis_url: str = "", **overrides) -> Settings:
    """Settings over the test store's backing: its Redis when it is a RedisStore, else tmp_path."""
    url = redis_url if hasattr(store, "prefix") else ""
    base = dict(data_dir=tmp_path, redis_url=url, sms_log=str(tmp_path / "sms.jsonl"),
                broadcast_quiet_hours="off", broadcast_tps=0, broadcast_lease=5.0)
    return dataclasses.replace(Settings(), **{**base, **overrides})


def phones(n: int, start: int = 0) -> list[str]:
    """n distinct mainland mobiles, E.164."""
    return [f"+86139{start + i:08d}" for i in range(n)]


def write_csv(path: Path, numbers: list[str], extra: str = "") -> Path:
    """A recipients file with a phone and name column, plus `extra` raw lines."""
    path.write_text("phone,name\n" + "".join(f"{p},工友{i}\n" for i, p in enumerate(numbers)) + extra, "utf-8")
    return path


def log_lines(path: Path) -> list[dict]:
    """Every message the log provider wrote."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


class TestClock:
    """A clock that starts at `now` and whose sleep moves time on without waiting."""

    __test__ = False

    def __init__(self, now: float):
        self.t, self.slept = now, []

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += max(seconds, 0.0)
        await asyncio.sleep(0)


class Loopback:
    """An SMS provider stand-in: records each send at the clock's time, or raises the scripted errors."""

    name = "loopback"

    def __init__(self, clock=None, errors: dict[str, list[SendError]] | None = None, on_send=None):
        self.clock, self.errors, self.on_send = clock, errors or {}, on_send
        self.sent: list[tuple[str, str, str | None, float]] = []

    async def send(self, phone: str, text: str, *, reference: str | None = None) -> Sent:
        queued = self.errors.get(phone)
        if queued:
            raise queued.pop(0)
        self.sent.append((phone, text, reference, self.clock.now() if self.clock else 0.0))
        if self.on_send:
            await self.on_send(phone)
        return Sent("sms", f"m{len(self.sent)}")
