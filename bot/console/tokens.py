"""API tokens for call-centre software: shown once at creation, kept only as a hash."""

from __future__ import annotations

import time

from bot.console.accounts import valid_name
from bot.console.secrets import new_token, token_key
from intake.store import Store

KIND = "api_token"
PREFIX = "gq_"


async def create(store: Store, name: str, now: float | None = None) -> str:
    """A new token named `name`; the only time the token itself exists outside the caller."""
    if not valid_name(name):
        raise ValueError("a token name is 2-32 letters, digits, '.', '-' or '_'")
    token = new_token(PREFIX)
    await store.put_record(KIND, token_key(token), {"name": name, "created_at": time.time() if now is None else now})
    return token


async def check(store: Store, header: str | None) -> str | None:
    """The token's name for an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip().startswith(PREFIX) or len(token) > 128:
        return None
    # The lookup is by SHA-256 of the token, so its timing says nothing about the token itself.
    record = await store.get_record(KIND, token_key(token.strip()))
    return record["name"] if record else None


async def listing(store: Store) -> list[dict]:
    """Every token's name and creation time (never the token)."""
    found = [{"name": r["name"], "created_at": r["created_at"]} async for _, r in store.records(KIND)]
    return sorted(found, key=lambda r: r["created_at"])


async def revoke(store: Store, name: str) -> int:
    """Remove every token with this name; how many were removed."""
    doomed = [k async for k, r in store.records(KIND) if r["name"] == name]
    for key in doomed:
        await store.put_record(KIND, key, None)
    return len(doomed)
