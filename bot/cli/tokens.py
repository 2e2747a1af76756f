"""`gongqian tokens`: API tokens for call-centre software (POST /api/transcripts)."""

from __future__ import annotations

import argparse
import datetime as dt

from bot.cli import UsageError
from bot.cli.runtime import with_store

EPILOG = """examples:
  gongqian tokens create callcentre-a     prints the token once: store it in the call-centre software
  gongqian tokens list
  gongqian tokens revoke callcentre-a"""


def register(sub) -> None:
    """Add the `tokens` command group."""
    p = sub.add_parser("tokens", help="create, list and revoke API tokens",
                       description="Bearer tokens for the call-centre API. Only a hash is stored: a token "
                                   "is shown once, when it is created.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="make a token and print it once")
    create.add_argument("name", help="who uses it, e.g. callcentre-a")
    create.set_defaults(handler=run_create)
    actions.add_parser("list", help="token names and when they were made").set_defaults(handler=run_list)
    revoke = actions.add_parser("revoke", help="delete every token with this name")
    revoke.add_argument("name")
    revoke.set_defaults(handler=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    from bot.console import tokens

    async def work(store, conf, vault) -> int:
        try:
            print(await tokens.create(store, args.name))
        except ValueError as exc:
            raise UsageError(str(exc), "e.g. gongqian tokens create callcentre-a") from None
        return 0

    return with_store(work)


def run_list(args: argparse.Namespace) -> int:
    from bot.console import tokens

    async def work(store, conf, vault) -> int:
        for row in await tokens.listing(store):
            print(f"{row['name']:<32} created {dt.datetime.fromtimestamp(row['created_at']):%Y-%m-%d %H:%M}")
        return 0

    return with_store(work)


def run_revoke(args: argparse.Namespace) -> int:
    from bot.console import tokens

    async def work(store, conf, vault) -> int:
        count = await tokens.revoke(store, args.name)
        if not count:
            raise UsageError(f"no token named {args.name}", "see `gongqian tokens list`")
        print(f"revoked {count} token(s) named {args.name}")
        return 0

    return with_store(work)
