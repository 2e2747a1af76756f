"""Follow-up after a report: linking and alerts on the gateway path, and the status callback route.

An extension (see bot/app.py EXTENSIONS): `setup` joins the gateway's path and adds
`POST /api/leads/<reference>/status`. The scheduled parts run in `gongqian worker` (jobs.py).
"""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.followup.callback import handler
from bot.followup.hooks import Followup
from bot.followup.notify import Notifier
from bot.gateway import Gateway
from intake.config import Settings


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> bool:
    """Install the follow-up on the gateway and mount the status callback."""
    followup = Followup(gateway)
    followup.install()
    notifiers: list[Notifier] = []

    async def notifier() -> Notifier:
        """One notifier per app, made inside the running loop where its HTTP session must live."""
        if not notifiers:
            followup.http = followup.http or aiohttp.ClientSession()
            notifiers.append(Notifier(gateway.store, gateway.vault, settings, followup.http))
        return notifiers[0]

    async def close(_: web.Application) -> None:
        await followup.close()

    app.router.add_post("/api/leads/{reference}/status", handler(followup, notifier))
    app.on_cleanup.insert(0, close)  # before the store closes: sends in flight still write to it
    return True
