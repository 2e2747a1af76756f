"""GET/POST /console/login and POST /console/logout."""

from __future__ import annotations

import logging
import secrets

from aiohttp import web

from bot.app import GATEWAY, SETTINGS
from bot.console import accounts, sessions
from bot.console.guard import SESSION
from bot.console.layout import notice, page, redirect
from bot.console.render import fill, language, text

log = logging.getLogger(__name__)
# Log-in attempts one address may make per minute, whatever the names: scrypt is not free.
PER_ADDRESS = 30


async def show(request: web.Request, message: str | None = None, status: int = 200) -> web.Response:
    """The log-in form, with a fresh nonce cookie that its CSRF token is bound to."""
    gateway, settings = request.app[GATEWAY], request.app[SETTINGS]
    nonce = secrets.token_urlsafe(24)
    lang = language(request)
    body = fill("login", lang, csrf=sessions.login_csrf(gateway.vault, nonce), notice=notice(message, error=True))
    response = page(request, text(lang, "login_title"), body, status=status)
    sessions.set_cookie(response, settings, sessions.LOGIN_COOKIE, nonce, 600)
    return response


async def submit(request: web.Request) -> web.StreamResponse:
    """Check the form's CSRF token and the password, then start a session."""
    gateway, settings = request.app[GATEWAY], request.app[SETTINGS]
    form, lang, now = await request.post(), language(request), gateway.clock()
    nonce = request.cookies.get(sessions.cookie_name(settings, sessions.LOGIN_COOKIE))
    if not sessions.login_csrf_ok(gateway.vault, nonce, form.get("csrf")):
        return await show(request, text(lang, "login_expired"), status=403)
    if await gateway.store.hit(f"console-login:{request.remote}", 60) > PER_ADDRESS:
        return await show(request, text(lang, "login_slow_down"), status=429)
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    try:
        user = await accounts.authenticate(gateway.store, username, password, now=now,
                                           max_failures=settings.console_max_failures, lockout=settings.console_lockout)
    except accounts.Refused as why:
        log.warning("console log-in refused for %r from %s: %s", username[:32], request.remote, why)
        return await show(request, text(lang, "login_failed", minutes=settings.console_lockout // 60), status=401)
    await sessions.sweep(gateway.store, now)
    token, _ = await sessions.start(gateway.store, user, settings, now)
    log.info("console log-in: %s (%s)", user.username, user.role)
    response = redirect("/console/transcripts" if not user.supervisor else "/console/dashboard")
    sessions.set_cookie(response, settings, sessions.COOKIE, token, settings.console_session_ttl)
    sessions.set_cookie(response, settings, sessions.LOGIN_COOKIE, "", 0)  # a __Host- cookie is only cleared as set
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    """End the session on the server and clear the cookie."""
    settings = request.app[SETTINGS]
    await sessions.end(request.app[GATEWAY].store, request[SESSION])
    response = redirect("/console/login")
    sessions.set_cookie(response, settings, sessions.COOKIE, "", 0)
    return response

