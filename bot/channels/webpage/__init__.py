"""The chat page a helmet QR code opens: GET / and /p/<code>, with its texts rendered in from the catalogue."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from aiohttp import web

from bot.channels.webpage import photos
from bot.gateway import Gateway
from intake.config import Settings
from intake.i18n import DEFAULT_LANG, LANGS, accepted_lang

NAME = "webpage"
FILES = Path(__file__).resolve().parent
ASSET_TYPES = {"chat.css": "text/css", "chat.js": "text/javascript"}
# Which keyboard a phone opens for the slot being asked: digits for sums and counts, a dialler for phones.
KEYPADS = {"amount": "numeric", "workers": "numeric", "phone": "tel", "id_number": "numeric"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> bool:
    """The page needs no settings, so it is always on."""
    page = Page(gateway, settings)
    app.router.add_get("/", page.open)
    app.router.add_get("/p/{code}", page.open)
    app.router.add_get("/static/{name}", page.asset)
    photos.setup(app, gateway, settings)
    return True


class Page:
    """Serves the page, filled in once per request with the project and the page texts."""

    def __init__(self, gateway: Gateway, settings: Settings):
        self.gateway, self.settings = gateway, settings
        self.assets = {name: (FILES / name).read_bytes() for name in ASSET_TYPES}
        # Content hashes in the asset URLs: phones on slow networks cache them for good.
        self.versions = {name: hashlib.sha256(body).hexdigest()[:12] for name, body in self.assets.items()}
        self.template = (FILES / "index.html").read_text("utf-8")

    async def open(self, request: web.Request) -> web.Response:
        """GET / or /p/<project code>: the chat page."""
        code = request.match_info.get("code")
        if code is not None and not _CODE.match(code):
            raise web.HTTPNotFound(text="no such project code")
        project = await self.gateway.store.get_record("project", code.upper()) if code else None
        body = self.render(accepted_lang(request.headers.get("Accept-Language", "")), code, project)
        return web.Response(text=body, content_type="text/html", charset="utf-8",
                            headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

    async def asset(self, request: web.Request) -> web.Response:
        """GET /static/<name>: the page's CSS and JS, long-cached behind their content hash."""
        name = request.match_info["name"]
        if name not in self.assets:
            raise web.HTTPNotFound(text="no such file")
        return web.Response(body=self.assets[name], content_type=ASSET_TYPES[name], charset="utf-8",
                            headers={**SECURITY_HEADERS, "Cache-Control": "public, max-age=31536000, immutable"})

    def render(self, lang: str, code: str | None, project: dict | None) -> str:
        """The HTML with its language, title, asset URLs and the JSON config filled in."""
        texts = self.gateway.texts
        values = {
            "lang": lang, "title": texts.text(lang, "page.title"),
            "noscript": texts.text(lang, "page.noscript", hotline=self.settings.hotline),
            "css": f"/static/chat.css?v={self.versions['chat.css']}",
            "js": f"/static/chat.js?v={self.versions['chat.js']}",
        }
        page = self.template
        for name, value in values.items():
            page = page.replace("{{" + name + "}}", html.escape(value))
        return page.replace("{{config}}", _script_json(self.config(lang, code, project)))

    def config(self, lang: str, code: str | None, project: dict | None) -> dict:
        """What the script needs: the project, limits, keypads and every page text in every language."""
        texts = self.gateway.texts
        return {
            "lang": lang, "langs": list(LANGS), "project": code.upper() if code else None,
            "projectName": project["name"] if project else None, "hotline": self.settings.hotline,
            "photoMax": self.settings.webchat_photo_max, "photoTypes": list(photos.TYPES),
            "keypads": KEYPADS,
            "texts": {each: {key.removeprefix("page."): texts.text(each, key)
                             for key in sorted(texts.keys(DEFAULT_LANG)) if key.startswith("page.")}
                      for each in LANGS},
        }


def _script_json(value: dict) -> str:
    """JSON safe inside a <script> element: no '<' can close it early."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
