"""A web chat client for tests: a real gateway app on loopback, talked to over HTTP."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import GATEWAY, build_app
from intake.config import Settings
from intake.lead import unseal
from tests.personas import Turn


def settings_for(data_dir: Path, **overrides) -> Settings:
    """Settings for a test gateway with its own data directory."""
    return Settings(data_dir=data_dir, **overrides)


@asynccontextmanager
async def running(settings: Settings, store=None, clock=None):
    """A started gateway app and an HTTP client for it."""
    app = build_app(settings, store=store, **({"clock": clock} if clock else {}))
    async with TestClient(TestServer(app)) as client:
        yield client


class WebChat:
    """One web chat session against a running gateway."""

    def __init__(self, client: TestClient, session: str | None = None, **fields):
        self.client, self.fields = client, fields
        self.session = session or f"test-{uuid.uuid4().hex}"

    async def send(self, text: str, **extra) -> Turn:
        response = await self.client.post("/api/chat", json={"session": self.session, "text": text,
                                                              **self.fields, **extra})
        assert response.status == 200, await response.text()
        body = await response.json()
        return Turn(body["state"], body["replies"], body["reference"])

    @property
    def app(self) -> web.Application:
        return self.client.server.app

    async def lead(self, reference: str) -> dict:
        gateway = self.app[GATEWAY]
        item = await gateway.store.get_lead(reference)
        return unseal(item.lead, gateway.vault)
