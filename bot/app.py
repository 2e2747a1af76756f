"""The aiohttp application: channels, health, metrics, and errors that always say why."""

from __future__ import annotations

import gc
import importlib
import json
import logging
import time
from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.channels import CHANNELS
from bot.gateway import Gateway
from bot.metrics import REGISTRY
from intake.config import Settings
from intake.store import LockTimeout, Store, open_store

log = logging.getLogger(__name__)
GATEWAY = web.AppKey("gateway", Gateway)
SETTINGS = web.AppKey("settings", Settings)
# Modules that add more routes (console, API); each exposes setup(app, gateway, settings).
EXTENSIONS: tuple[str, ...] = (
    "bot.followup",
    "bot.console",  # last: it guards every /console and /api/ route mounted after the ones above
)


def build_app(settings: Settings, *, store: Store | None = None,
              clock: Callable[[], float] = time.time) -> web.Application:
    """The gateway application, with every enabled channel mounted."""
    app = web.Application(client_max_size=settings.max_body, middlewares=[errors])
    store = store or open_store(settings.redis_url or None, settings.data_dir, settings.redis_cluster)
    gateway = Gateway(store, settings, clock=clock)
    app[GATEWAY], app[SETTINGS] = gateway, settings
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    for name in CHANNELS:
        importlib.import_module(f"bot.channels.{name}").setup(app, gateway, settings)
    for name in EXTENSIONS:
        importlib.import_module(name).setup(app, gateway, settings)
    app.on_startup.append(_warm_up)
    app.on_cleanup.append(_close_store)
    return app


async def _warm_up(app: web.Application) -> None:
    """Load what extraction loads once (the word dictionary, place tables) before the first worker
    waits for it: without this, the first message a process takes stalls for about half a second.

    Then the objects loaded so far, which live as long as the process, are moved out of the
    garbage collector's sight: walking the dictionary and tables made each full collection pause
    the gateway for up to 80 ms (measured), and most time spent collecting was spent on them.
    """
    app[GATEWAY].dialogue.warm_up()
    gc.collect()
    gc.freeze()


async def _close_store(app: web.Application) -> None:
    await app[GATEWAY].store.close()


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz: 200 when the store answers."""
    store = request.app[GATEWAY].store
    try:
        await store.get_record("health", "ping")
    except Exception as exc:  # report, don't crash: this is what a load balancer polls
        return web.json_response({"status": "unavailable", "error": type(exc).__name__}, status=503)
    return web.json_response({"status": "ok"})


async def metrics(request: web.Request) -> web.Response:
    """GET /metrics in the Prometheus text format."""
    body = generate_latest(REGISTRY)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


@web.middleware
async def errors(request: web.Request, handler) -> web.StreamResponse:
    """HTTP errors keep their status with a JSON reason; nothing leaks a traceback."""
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        return _error(413, "request body too large", f"keep it under {request.app[SETTINGS].max_body} bytes")
    except web.HTTPException:
        raise
    except LockTimeout:
        return _error(503, "busy with an earlier message from this sender", "retry in a few seconds",
                      {"Retry-After": "2"})
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _error(500, "internal error", "the message was not processed; please retry")


def _error(status: int, reason: str, hint: str, headers: dict | None = None) -> web.Response:
    return web.Response(status=status, text=json.dumps({"error": reason, "hint": hint}),
                        content_type="application/json", headers=headers)
