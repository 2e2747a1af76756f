"""A real case backend on loopback for the delivery tests: it checks signatures, injects faults and counts.

It verifies `X-Gongqian-Signature` with the documented formula written out here (hmac, hashlib),
not with intake.signing, so a drift between the code and the docs fails the tests. Like a real
backend it deduplicates on Idempotency-Key: a key it has seen gets the same case id back.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections import Counter
from collections.abc import Callable

from aiohttp import web

SECRET = "case-backend-test-secret"  # noqa: S105 (a test secret)
FRESH = 300  # seconds a signature stays acceptable, as documented


def signed(secret: str, body: bytes, header: str | None, now: float) -> bool:
    """t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>, fresh within FRESH seconds."""
    fields = dict(part.split("=", 1) for part in (header or "").split(",") if "=" in part)
    stamp = fields.get("t", "")
    if not stamp.isdigit() or abs(now - int(stamp)) > FRESH:
        return False
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))


class CaseBackend:
    """An aiohttp server on 127.0.0.1 that can fail, hang, refuse, go down and come back on its port."""

    def __init__(self, secret: str = SECRET, *, delay: float = 0.0, hang: float = 0.0):
        self.secret, self.delay, self.hang = secret, delay, hang
        self.fault: Callable[[], str | None] = lambda: None  # returns "500", "timeout" or None per request
        self.refuse: dict[str, int] = {}  # Idempotency-Key → status to answer instead of taking the lead
        self.answer: Callable[[str], web.Response] | None = None  # a custom 2xx body (Open311)
        self.requests: list[tuple[str, int]] = []  # (Idempotency-Key, status answered)
        self.cases: dict[str, str] = {}
        self.ok: Counter[str] = Counter()  # 2xx answers per key
        self.bodies: dict[str, tuple[str, bytes]] = {}  # key → (Content-Type, raw body) of the taking request
        self.received_at: dict[str, float] = {}
        self.in_flight: set[str] = set()
        self.forged = 0
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cases"

    async def start(self) -> CaseBackend:
        """Listen on a free port the first time, on the same port after a stop."""
        app = web.Application()
        app.router.add_post("/cases", self.handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        """Go down: connections are refused until start() again."""
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def handle(self, request: web.Request) -> web.Response:
        body, key = await request.read(), request.headers.get("Idempotency-Key", "")
        if not signed(self.secret, body, request.headers.get("X-Gongqian-Signature"), time.time()):
            self.forged += 1
            return self._log(key, web.json_response({"error": "bad signature"}, status=401))
        self.in_flight.add(key)
        try:
            return self._log(key, await self._answer(key, request.headers.get("Content-Type", ""), body))
        finally:
            self.in_flight.discard(key)

    async def _answer(self, key: str, content_type: str, body: bytes) -> web.Response:
        fault = self.fault()
        if fault == "500":
            return web.json_response({"error": "internal"}, status=500)
        if fault == "timeout":  # the client gives up first; what we answer then reaches nobody
            await asyncio.sleep(self.hang)
            return web.json_response({"error": "too slow"}, status=503)
        await asyncio.sleep(self.delay)
        if key in self.refuse:
            return web.json_response({"error": "district unknown; call 13800000415"}, status=self.refuse[key])
        if key not in self.cases:
            self.cases[key], self.bodies[key] = f"CASE-{len(self.cases) + 1:05d}", (content_type, body)
            self.received_at[key] = time.time()
        self.ok[key] += 1
        return self.answer(self.cases[key]) if self.answer else web.json_response({"case_id": self.cases[key]}, status=201)

    def _log(self, key: str, response: web.Response) -> web.Response:
        self.requests.append((key, response.status))
        return response
