"""`gongqian qr`: printable A4 sheets of helmet stickers for projects in the registry."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import aiohttp
from PIL import Image, UnidentifiedImageError

from bot import stickers
from bot.cli import UsageError
from bot.cli.runtime import with_store
from intake.config import Settings
from intake.i18n import LANGS, catalog
from intake.store import Store

EPILOG = """Each sticker holds a QR code for GONGQIAN_PUBLIC_URL/p/<code>, the project's name from the
registry (`gongqian projects import`), GONGQIAN_HOTLINE and a call to action. With --wechat the
QR code is the Official Account's parametric code for the project instead (needs the WeChat settings).

Chinese text needs a CJK font: Debian's fonts-wqy-zenhei or fonts-noto-cjk, or pass --font.

examples:
  gongqian qr --project SZ001 SZ002 --out stickers.pdf
  gongqian qr --project SZ001 --copies 2 --out sticker.png
  gongqian qr --project SZ001 --wechat --out wechat-stickers.pdf"""
FORMATS = (".pdf", ".png")


def register(sub) -> None:
    p = sub.add_parser("qr", help="print helmet stickers with a QR code per project",
                       description="Make A4 sheets of stickers, 8 to a sheet, that open the chat for a project.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--project", nargs="+", required=True, metavar="CODE", help="project codes from the registry")
    p.add_argument("--out", type=Path, required=True, help="stickers.pdf, or .png (one file per sheet)")
    p.add_argument("--copies", type=int, default=stickers.GRID[0] * stickers.GRID[1],
                   help="stickers per project (default: %(default)s, a full sheet)")
    p.add_argument("--wechat", action="store_true", help="encode the WeChat scene QR ticket instead of the web URL")
    p.add_argument("--font", type=Path, help="a font file with Chinese characters (default: found installed)")
    p.add_argument("--lang", choices=LANGS, default="zh-Hans", help="language of the sticker texts (default: %(default)s)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in FORMATS:
        raise UsageError(f"cannot write {args.out.suffix or 'files without an extension'}", "use --out stickers.pdf or .png")
    if args.copies < 1:
        raise UsageError("--copies must be at least 1")
    font = args.font or stickers.find_font()
    if not font or not font.is_file():
        raise UsageError("no font with Chinese characters found",
                         "apt-get install fonts-wqy-zenhei (or fonts-noto-cjk), or pass --font FILE")
    written = with_store(lambda store, conf, vault: make(args, store, conf, font))
    print(f"wrote {', '.join(map(str, written))}: {len(args.project) * args.copies} sticker(s)")
    return 0


async def make(args: argparse.Namespace, store: Store, conf: Settings, font: Path) -> list[Path]:
    """Look the projects up, get each QR target, lay out the sheets and write them."""
    projects = await _projects(store, args.project)
    texts = catalog()
    call = texts.text(args.lang, "qr.call_to_action")
    hotline = texts.text(args.lang, "qr.hotline", hotline=conf.hotline)
    codes = await _wechat_codes(conf, store, projects) if args.wechat else \
        {code: f"{conf.public_url.rstrip('/')}/p/{code}" for code in projects}
    items = [stickers.Sticker(codes[code], record["name"], hotline, call)
             for code, record in projects.items() for _ in range(args.copies)]
    return stickers.save(stickers.sheets(items, font), args.out)


async def _projects(store: Store, codes: list[str]) -> dict[str, dict]:
    """Registry records by code, in the order given; every unknown code is named in one error."""
    found = {code.upper(): await store.get_record("project", code.upper()) for code in codes}
    missing = [code for code, record in found.items() if record is None]
    if missing:
        raise UsageError(f"not in the project registry: {', '.join(missing)}",
                         "add them with `gongqian projects import FILE.csv`; `gongqian projects list` shows the codes")
    return found


async def _wechat_codes(conf: Settings, store: Store, projects: dict[str, dict]) -> dict[str, Image.Image]:
    """Each project's parametric QR image from WeChat: scanning it follows the account with the project as scene."""
    from bot.channels.wechat_api import APIError, WeChatAPI

    if not (conf.wechat_app_id and conf.wechat_app_secret):
        raise UsageError("--wechat needs GONGQIAN_WECHAT_APP_ID and GONGQIAN_WECHAT_APP_SECRET")
    images = {}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
        api = WeChatAPI(conf, store, http)
        for code in projects:
            try:
                images[code] = await _download(http, await api.create_scene_qr(code))
            except APIError as exc:
                raise UsageError(f"WeChat did not make a QR code for {code}: {exc.errmsg}",
                                 "check the account is a verified service account") from None
    return images


async def _download(http: aiohttp.ClientSession, url: str) -> Image.Image:
    """The QR image behind a showqrcode URL."""
    try:
        async with http.get(url) as response:
            response.raise_for_status()
            image = Image.open(io.BytesIO(await response.read()))
            image.load()
            return image
    except (aiohttp.ClientError, TimeoutError, UnidentifiedImageError) as exc:
        raise UsageError(f"could not fetch the WeChat QR image ({type(exc).__name__})", "retry in a moment") from None
