"""`gongqian telegram`: register the webhook with Telegram, and see what Telegram thinks of it."""

from __future__ import annotations

import argparse
import asyncio
import re

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.channels.telegram import WEBHOOK
from bot.channels.telegram_bot import quiet_libraries
from bot.cli import UsageError
from bot.cli.runtime import settings
from intake.config import Settings

ALLOWED_UPDATES = ["message"]  # the intake reads messages only; Telegram drops the rest before sending
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token

EPILOG = """examples:
  gongqian telegram set-webhook             registers GONGQIAN_PUBLIC_URL + /webhooks/telegram
  gongqian telegram set-webhook --url https://gq.example.org/webhooks/telegram
  gongqian telegram webhook-info            the URL Telegram calls, pending updates and its last error

Needs GONGQIAN_TELEGRAM_TOKEN and GONGQIAN_TELEGRAM_SECRET; Telegram only calls HTTPS URLs."""


def register(sub) -> None:
    p = sub.add_parser("telegram", help="register the Telegram webhook",
                       description="Tell Telegram where to post updates, with the secret it must send back.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    webhook = actions.add_parser("set-webhook", help="register the webhook URL and secret with Telegram")
    webhook.add_argument("--url", help=f"the public HTTPS URL of the webhook (default: GONGQIAN_PUBLIC_URL + {WEBHOOK})")
    webhook.set_defaults(handler=run_set_webhook)
    actions.add_parser("webhook-info", help="show the webhook Telegram has on record").set_defaults(handler=run_info)


def run_set_webhook(args: argparse.Namespace) -> int:
    conf = _configured()
    url = args.url or conf.public_url.rstrip("/") + WEBHOOK
    if not url.startswith("https://"):
        raise UsageError(f"Telegram only calls HTTPS webhooks, not {url}",
                         "set GONGQIAN_PUBLIC_URL to the gateway's https:// address, or pass --url")
    _call(conf, lambda bot: bot.set_webhook(url, secret_token=conf.telegram_secret, allowed_updates=ALLOWED_UPDATES))
    print(f"webhook set: {url} (updates: {', '.join(ALLOWED_UPDATES)}; the secret is checked on every call)")
    return 0


def run_info(args: argparse.Namespace) -> int:
    info = _call(_configured(), lambda bot: bot.get_webhook_info())
    print(f"url: {info.url or '(none)'}\npending updates: {info.pending_update_count}")
    if info.last_error_message:
        print(f"last error: {info.last_error_message} at {info.last_error_date}")
    return 0


def _configured() -> Settings:
    """Settings with a token and a secret Telegram will accept."""
    conf = settings()
    if not conf.telegram_token:
        raise UsageError("GONGQIAN_TELEGRAM_TOKEN is not set", "create a bot with @BotFather and set its token")
    if not _SECRET.match(conf.telegram_secret):
        raise UsageError("GONGQIAN_TELEGRAM_SECRET must be 1-256 of A-Z a-z 0-9 _ -",
                         "e.g. GONGQIAN_TELEGRAM_SECRET=$(openssl rand -hex 32)")
    return conf


def _call(conf: Settings, method):
    """Run one Bot API call; a rejected token or an unreachable API becomes a usage error."""
    quiet_libraries()

    async def main():
        bot = Bot(conf.telegram_token, base_url=conf.telegram_api_base)
        try:
            await bot.initialize()  # getMe: proves the token before changing anything
            return await method(bot)
        finally:
            await bot.shutdown()

    try:
        return asyncio.run(main())
    except InvalidToken:  # its message repeats the token: never print it
        raise UsageError("Telegram rejected GONGQIAN_TELEGRAM_TOKEN", "copy the token again from @BotFather") from None
    except TelegramError as exc:
        raise UsageError(f"the Bot API answered: {exc.message}", f"check {conf.telegram_api_base} is reachable") from None
