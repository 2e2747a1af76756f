"""The page frame: navigation by role, the log-out form, and the language."""

from __future__ import annotations

import importlib.util
from html import escape

from aiohttp import web

from bot.console.guard import CSRF, USER
from bot.console.render import Html, fill, join, language, respond, tag, text

# (path, text key, who sees it). Broadcasts appear once bot/broadcast exists (issue 7).
NAV = (
    ("/console/transcripts", "nav_transcript", "operator"),
    ("/console/leads", "nav_inbox", "operator"),
    ("/console/dashboard", "nav_dashboard", "supervisor"),
    ("/console/broadcasts", "nav_broadcasts", "supervisor"),
    ("/console/access", "nav_access", "supervisor"),
)


def has_broadcasts() -> bool:
    """Whether the broadcasts service (issue 7) is installed in this tree."""
    return importlib.util.find_spec("bot.broadcast") is not None


def page(request: web.Request, title: str, body: Html, *, status: int = 200) -> web.Response:
    """A full console page for the logged-in user."""
    lang = language(request)
    return respond(fill("layout", lang, lang=lang, title=title, nav=_nav(request, lang), body=body), status=status)


def _nav(request: web.Request, lang: str) -> Html:
    user = request.get(USER)
    links = [tag("span", text(lang, "brand"), class_="brand")]
    if user is None:
        return join(links)
    for path, key, role in NAV:
        if (role == "supervisor" and not user.supervisor) or (path.endswith("broadcasts") and not has_broadcasts()):
            continue
        current = "page" if request.path.startswith(path) else None
        links.append(tag("a", text(lang, key), href=path, aria_current=current))
    links.append(tag("span", user.username))
    links.append(Html(f'<form method="post" action="/console/logout">{csrf_field(request)}'
                      f'{tag("button", text(lang, "log_out"), class_="quiet", type="submit")}</form>'))
    return join(links)


def csrf_field(request: web.Request) -> Html:
    """The hidden CSRF input every form of a logged-in page carries."""
    return Html(f'<input type="hidden" name="csrf" value="{escape(request.get(CSRF, ""))}">')


def notice(message: str | None, error: bool = False) -> Html:
    """A banner above a form, or nothing."""
    return tag("p", message, class_="notice error" if error else "notice", role="alert" if error else "status") \
        if message else Html("")


def redirect(location: str) -> web.Response:
    """303 See Other: after a form post, the browser fetches the next page with GET."""
    return web.Response(status=303, headers={"Location": location})
