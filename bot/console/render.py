"""A tiny HTML layer: everything escaped unless it is already Html, texts from the [console] table."""

from __future__ import annotations

import secrets
from functools import cache
from html import escape
from pathlib import Path
from string import Template

from aiohttp import web

from intake.i18n import accepted_lang, catalog

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Html(str):
    """Markup that is already safe: built here from escaped parts."""


class _Page(Template):
    # $t.key is a text of the [console] table; $name is a value, escaped unless it is Html.
    idpattern = r"(?a:[_a-z][_a-z0-9.]*)"


class _Values(dict):
    def __init__(self, lang: str, values: dict):
        super().__init__(values)
        self.lang = lang

    def __missing__(self, name: str) -> str:
        if name.startswith("t."):
            return escape(text(self.lang, name[2:]))
        raise KeyError(name)

    def __getitem__(self, name: str) -> str:
        if name not in self:
            return self.__missing__(name)
        value = dict.__getitem__(self, name)
        return value if isinstance(value, Html) else escape("" if value is None else str(value))


@cache
def _template(name: str) -> _Page:
    return _Page((TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))


def fill(name: str, lang: str, /, **values: object) -> Html:
    """templates/<name>.html with the values put in, escaped."""
    return Html(_template(name).substitute(_Values(lang, values)))


def text(lang: str, key: str, **variables: object) -> str:
    """A console text (key without the 'console.' prefix)."""
    return catalog().text(lang, f"console.{key}", **variables)


def tag(name: str, /, *children: object, **attrs: object) -> Html:
    """<name attrs>children</name>; attribute values and text children are escaped."""
    inner = "".join(c if isinstance(c, Html) else escape(str(c)) for c in children if c is not None)
    return Html(f"{void(name, **attrs)}{inner}</{name}>")


def void(name: str, /, **attrs: object) -> Html:
    """<name attrs> for elements without content (input); True renders a bare attribute."""
    parts = "".join(f' {k.rstrip("_").replace("_", "-")}' + ("" if v is True else f'="{escape(str(v))}"')
                    for k, v in attrs.items() if v is not None and v is not False)
    return Html(f"<{name}{parts}>")


def join(parts) -> Html:
    """Html pieces in a row."""
    return Html("".join(p if isinstance(p, Html) else escape(str(p)) for p in parts))


def language(request: web.Request) -> str:
    """?lang=, else the browser's first choice among the catalogue's languages."""
    return accepted_lang(request.query.get("lang") or request.headers.get("Accept-Language", ""))


def respond(body: Html, *, status: int = 200) -> web.Response:
    """An HTML page with a strict CSP: no script, styles only from this response."""
    nonce = secrets.token_urlsafe(16)
    html = body.replace("__NONCE__", nonce)
    return web.Response(text=html, status=status, content_type="text/html", headers={
        "Content-Security-Policy": f"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; "
                                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})
