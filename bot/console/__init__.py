"""The bureau's console at /console and the call-centre API (issue 6), mounted as an app extension.

Every route is a row of ROUTES: method, path, handler and the role it needs. The guard
middleware refuses anything under /console or /api/ that is not a row here, the log-in form, or
a route mounted before the console (web chat and signed webhooks, which check callers themselves).
"""

from __future__ import annotations

from aiohttp import web

from bot.console import access, api, dashboard, detail, inbox, login, transcript
from bot.console.funnel import TALLY, Tally, effect
from bot.console.guard import PUBLIC, ROLES, USER, guard, guarded
from bot.console.layout import has_broadcasts, redirect
from bot.gateway import Gateway
from intake.config import Settings


async def home(request: web.Request) -> web.Response:
    """GET /console: where each role starts."""
    return redirect("/console/dashboard" if request[USER].supervisor else "/console/transcripts")


# (method, path, handler, role): "operator" means any console user, "api" a Bearer token, "any" either.
ROUTES = (
    ("GET", "/console/login", login.show, None),
    ("POST", "/console/login", login.submit, None),
    ("POST", "/console/logout", login.logout, "operator"),
    ("GET", "/console", home, "operator"),
    ("GET", "/console/transcripts", transcript.paste, "operator"),
    ("POST", "/console/transcripts/read", transcript.read, "operator"),
    ("POST", "/console/transcripts/submit", transcript.submit, "operator"),
    ("GET", "/console/leads", inbox.inbox, "operator"),
    ("POST", "/console/leads/export", inbox.download, "supervisor"),
    ("GET", "/console/leads/{reference}", detail.show, "operator"),
    ("POST", "/console/leads/{reference}/reveal", detail.reveal, "operator"),
    ("GET", "/console/dashboard", dashboard.show, "supervisor"),
    ("GET", "/console/access", access.show, "supervisor"),
    ("POST", "/api/transcripts", api.transcripts, "api"),
    ("GET", "/api/openapi.json", api.openapi, "any"),
)


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> bool:
    """Mount the console and the API behind the guard, and count the chat funnel."""
    # Routes mounted before this point (web chat, signed webhooks) authenticate their callers themselves.
    app[PUBLIC] = {r.resource.canonical for r in app.router.routes() if r.resource and guarded(r.resource.canonical)}
    app[ROLES] = {}
    for method, path, handler, role in _routes():
        app.router.add_route(method, path, handler)
        app[ROLES][(method, path)] = role
    app.middlewares.append(guard)
    app[TALLY] = tally = Tally(gateway.store)
    gateway.effects.append(effect(gateway, tally))
    app.on_shutdown.append(tally.flush_quietly)  # before the store closes on cleanup
    return True


def _routes():
    yield from ROUTES
    if has_broadcasts():
        from bot.console import broadcasts

        yield ("GET", "/console/broadcasts", broadcasts.show, "supervisor")
