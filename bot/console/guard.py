"""Default deny: every /console and /api route needs a session or a token, and every form a CSRF token."""

from __future__ import annotations

from aiohttp import web

from bot.app import GATEWAY, SETTINGS
from bot.console import accounts, sessions, tokens
from bot.console.accounts import User
from bot.console.secrets import same

SAFE = ("GET", "HEAD", "OPTIONS")
GUARDED = ("/console", "/api/")
# Routes open without a log-in: the log-in form itself. Channel routes are added in setup().
OPEN = {"/console/login"}
# Key under which the public paths (channel webhooks, /api/chat) are kept on the app.
PUBLIC = web.AppKey("console_public", set)
ROLES = web.AppKey("console_roles", dict)
USER = web.RequestKey("console_user", User)
SESSION = web.RequestKey("console_session", str)
CSRF = web.RequestKey("console_csrf", str)


def guarded(path: str) -> bool:
    """Whether a path is under the console or the API."""
    return path == "/console" or path.startswith(GUARDED[0] + "/") or path.startswith(GUARDED[1])


@web.middleware
async def guard(request: web.Request, handler) -> web.StreamResponse:
    """Authenticate, then check the role and (for cookie sessions) the CSRF token."""
    path = request.path
    if not guarded(path) or _route(request) in request.app[PUBLIC] or path in OPEN:
        return await handler(request)
    gateway = request.app[GATEWAY]
    store, now = gateway.store, gateway.clock()
    if path.startswith("/api/"):
        user = await _bearer(request, store) or await _session(request, store, now)
    else:
        user = await _session(request, store, now)
    if user is None:
        raise _unauthenticated(request)
    if request.get(CSRF) and request.method not in SAFE:
        await _check_csrf(request)
    _check_role(request, user)
    request[USER] = user
    return await handler(request)


def _route(request: web.Request) -> str:
    """The matched route's template (/api/leads/{reference}/status), which PUBLIC lists."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else request.path


async def _bearer(request: web.Request, store) -> User | None:
    name = await tokens.check(store, request.headers.get("Authorization"))
    return User(f"api:{name}", "api") if name else None


async def _session(request: web.Request, store, now: float) -> User | None:
    settings = request.app[SETTINGS]
    found = await sessions.find(store, request.cookies.get(sessions.cookie_name(settings)), now)
    if not found:
        return None
    key, record = found
    user = await accounts.get(store, record["username"])
    if user:
        request[SESSION], request[CSRF] = key, record["csrf"]
    return user


async def _check_csrf(request: web.Request) -> None:
    """Synchronizer token: the form's (or X-CSRF-Token's) value must equal the session's."""
    sent = request.headers.get("X-CSRF-Token")
    if sent is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sent = (await request.post()).get("csrf")
    if not same(request[CSRF], sent if isinstance(sent, str) else None):
        raise web.HTTPForbidden(text="CSRF token missing or wrong: reload the page and try again")


def _check_role(request: web.Request, user: User) -> None:
    if request.match_info.http_exception is not None:
        return  # no such page: the handler answers 404 or 405, now that we know who asks
    route = request.match_info.route
    needed = request.app[ROLES].get((request.method, route.resource.canonical if route.resource else ""))
    allowed = {"operator": ("operator", "supervisor"), "supervisor": ("supervisor",), "api": ("api",),
               "any": ("operator", "supervisor", "api")}.get(needed or "", ())
    if user.role not in allowed:
        raise web.HTTPForbidden(text="your account may not open this page")


def _unauthenticated(request: web.Request) -> web.HTTPException:
    if request.path.startswith("/api/"):
        return web.HTTPUnauthorized(text='{"error": "authentication required", "hint": "send Authorization: Bearer <token>"}',
                                    content_type="application/json", headers={"WWW-Authenticate": "Bearer"})
    if request.method in SAFE:
        return web.HTTPSeeOther("/console/login")
    return web.HTTPUnauthorized(text="log in first")
