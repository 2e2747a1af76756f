"""What the follow-up tests share: a clock, a loopback receiver of signed events, and reports."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.test_utils import TestServer

from intake.signing import HEADER, verify

SECRET = "test-backend-secret"  # noqa: S105 (a test secret)
START = 1_780_000_000.0  # 2026-05-29 04:26 in Shanghai (20:26 UTC the day before)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: float = START

    def __call__(self) -> float:
        return self.now


@dataclass
class Receiver:
    """The bureau's end of alerts and 回访 answers: checks each signature with the documented formula."""

    clock: Clock
    events: list[dict] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    refuse: int = 0  # answer 503 to this many requests first, to exercise retries

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        if not verify(SECRET, raw, request.headers.get(HEADER), now=self.clock()):
            return web.json_response({"error": "bad signature"}, status=401)
        if self.refuse:
            self.refuse -= 1
            return web.json_response({"error": "down"}, status=503)
        self.keys.append(request.headers["Idempotency-Key"])
        self.events.append(json.loads(raw))
        return web.json_response({"ok": True})

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e["event"] == kind]


async def start_receiver(clock: Clock) -> tuple[Receiver, TestServer]:
    """A real HTTP server on a free loopback port taking /alerts and /surveys."""
    receiver = Receiver(clock)
    app = web.Application()
    app.router.add_post("/alerts", receiver.handle)
    app.router.add_post("/surveys", receiver.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return receiver, server


def report(phone: str, *, employer: str = "赵德胜", project: str = "桃花湾安置房三期", workers: str = "就我自己",
           first: str | None = None) -> dict:
    """A cooperative worker's answers, as tests/personas.py drives them."""
    return {
        "first_message": first or f"包工头{employer}欠我四万一，在肥西县{project}干的瓦工",
        "answers": {"employer": employer, "project": project, "amount": "四万一", "workers": workers,
                    "period": "去年八月到今年一月", "location": "合肥肥西", "name": "孙长林", "phone": phone,
                    "id_number": "跳过", "consent": "同意", "confirm": "对"},
    }
