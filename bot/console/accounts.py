"""Console accounts: operators and supervisors, their log-in, and the lock-out after failures."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.console.secrets import hash_password, verify_password, weak
from intake.store import ConversationKey, Store

KIND = "console_operator"
ROLES = ("operator", "supervisor")


@dataclass(frozen=True)
class User:
    """Who is logged in, and what they may do."""

    username: str
    role: str

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"


class Refused(Exception):
    """A log-in that did not succeed; the message never says whether the name exists."""


async def add(store: Store, username: str, role: str, password: str) -> bool:
    """Create the account, or replace its role and password; True when it is new."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not valid_name(username):
        raise ValueError("a username is 2-32 letters, digits, '.', '-' or '_'")
    if why := weak(password):
        raise ValueError(why)
    old = await store.get_record(KIND, username)
    await store.put_record(KIND, username, {"role": role, "password": hash_password(password),
                                            "created_at": (old or {}).get("created_at", time.time()),
                                            "failures": 0, "locked_until": 0})
    return old is None


def valid_name(username: str) -> bool:
    """Usernames are short ASCII words, so they are safe in logs, keys and URLs."""
    return 2 <= len(username) <= 32 and all(c.isascii() and (c.isalnum() or c in ".-_") for c in username)


async def authenticate(store: Store, username: str, password: str, *, max_failures: int, lockout: float,
                       now: float) -> User:
    """The user for a correct name and password; Refused otherwise, or while the account is locked."""
    record = await store.get_record(KIND, username) if valid_name(username) else None
    correct = verify_password(password, record and record["password"])
    if record is None:
        raise Refused("unknown")
    # The lock keeps two parallel guesses from both reading failures=4 and both being let through.
    async with store.lock(ConversationKey(KIND, username)):
        record = await store.get_record(KIND, username) or record
        if record.get("locked_until", 0) > now:
            raise Refused("locked")
        failures = 0 if correct else record.get("failures", 0) + 1
        locked = now + lockout if failures >= max_failures else 0
        await store.put_record(KIND, username, {**record, "failures": 0 if locked else failures, "locked_until": locked})
    if not correct:
        raise Refused("locked" if locked else "wrong")
    return User(username, record["role"])


async def get(store: Store, username: str) -> User | None:
    """The account as it is now (a role change takes effect on the next request)."""
    record = await store.get_record(KIND, username)
    return User(username, record["role"]) if record else None


async def remove(store: Store, username: str) -> bool:
    """Delete the account; its sessions stop working on their next request."""
    found = await store.get_record(KIND, username) is not None
    await store.put_record(KIND, username, None)
    return found
