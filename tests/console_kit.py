"""What the console tests share: an app on a fresh SQLite store, accounts, and a logged-in client."""

from __future__ import annotations

import re
from pathlib import Path

from bot.app import GATEWAY, build_app
from bot.console import accounts, tokens
from intake.config import Settings
from intake.store.sqlite import SQLiteStore

PASSWORD = "correct horse battery"  # noqa: S105 (a test account)
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def settings(tmp_path: Path, **extra) -> Settings:
    """Plain-HTTP cookies (the tests talk to 127.0.0.1), everything else as shipped."""
    return Settings(**{"data_dir": tmp_path, "console_secure_cookies": False, **extra})


def make_app(tmp_path: Path, clock=None, **extra):
    """The whole gateway app, console included, on its own store."""
    kwargs = {"clock": clock} if clock else {}
    return build_app(settings(tmp_path, **extra), store=SQLiteStore(tmp_path / "console.sqlite3"), **kwargs)


def store_of(app):
    """The app's store."""
    return app[GATEWAY].store


async def add_user(app, name: str = "wang.li", role: str = "operator") -> None:
    """An account with the shared test password."""
    await accounts.add(store_of(app), name, role, PASSWORD)


async def api_token(app, name: str = "callcentre") -> str:
    """A fresh API token."""
    return await tokens.create(store_of(app), name)


def csrf(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found[1]


async def login(client, name: str = "wang.li", password: str = PASSWORD):
    """Post the log-in form as a browser would; returns the response (a 303 on success)."""
    page = await client.get("/console/login")
    return await client.post("/console/login", data={"csrf": csrf(await page.text()), "username": name,
                                                     "password": password}, allow_redirects=False)


async def page_csrf(client, path: str = "/console/transcripts") -> str:
    """The session's CSRF token, read from a page's form."""
    response = await client.get(path)
    assert response.status == 200, await response.text()
    return csrf(await response.text())
