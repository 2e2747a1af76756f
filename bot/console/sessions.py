"""Server-side console sessions: a random cookie token, stored hashed, with its CSRF token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from aiohttp import web

from bot.console.accounts import User
from bot.console.secrets import new_token, same, token_key
from intake.config import Settings
from intake.store import Store
from intake.vault import Vault

KIND = "console_session"
COOKIE = "gq_session"
LOGIN_COOKIE = "gq_login"


@dataclass(frozen=True)
class Session:
    """A logged-in operator's session: who, the CSRF token of its forms, and when it ends."""

    key: str
    user: User
    csrf: str
    expires_at: float


def cookie_name(settings: Settings, name: str = COOKIE) -> str:
    """__Host- names cannot be set by a sibling subdomain or over HTTP, so they need Secure."""
    return f"__Host-{name}" if settings.console_secure_cookies else name


async def start(store: Store, user: User, settings: Settings, now: float) -> tuple[str, Session]:
    """A new session for `user`: the cookie token (shown once) and the session."""
    token = new_token()
    session = Session(token_key(token), user, secrets.token_urlsafe(32), now + settings.console_session_ttl)
    await store.put_record(KIND, session.key, {"username": user.username, "csrf": session.csrf,
                                               "created_at": now, "expires_at": session.expires_at})
    return token, session


async def find(store: Store, token: str | None, now: float) -> tuple[str, dict] | None:
    """The stored session (key, record) for a cookie token, unless it expired (then it is removed)."""
    if not token or len(token) > 128:
        return None
    key = token_key(token)
    record = await store.get_record(KIND, key)
    if record and record["expires_at"] <= now:
        await store.put_record(KIND, key, None)
        return None
    return (key, record) if record else None


async def end(store: Store, key: str) -> None:
    """Log out: the session record goes, so the cookie is worth nothing even if copied."""
    await store.put_record(KIND, key, None)


async def sweep(store: Store, now: float) -> int:
    """Remove expired sessions (done at each log-in, so the table stays small)."""
    stale = [key async for key, record in store.records(KIND) if record["expires_at"] <= now]
    for key in stale:
        await store.put_record(KIND, key, None)
    return len(stale)


def set_cookie(response: web.StreamResponse, settings: Settings, name: str, value: str, max_age: int) -> None:
    """A cookie only this site's pages send: HttpOnly, SameSite=Strict, Secure unless told otherwise."""
    response.set_cookie(cookie_name(settings, name), value, max_age=max_age, path="/", httponly=True,
                        secure=settings.console_secure_cookies, samesite="Strict")


def login_csrf(vault: Vault, nonce: str) -> str:
    """The log-in form's CSRF token: bound to a nonce cookie, so another site cannot post a log-in."""
    return vault.blind(f"console-login:{nonce}")


def login_csrf_ok(vault: Vault, nonce: str | None, token: str | None) -> bool:
    """Whether the posted log-in token matches the nonce cookie."""
    return bool(nonce) and same(login_csrf(vault, nonce), token)
