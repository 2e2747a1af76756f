"""`gongqian operators`: console accounts for hotline operators and supervisors."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.cli import UsageError
from bot.cli.runtime import with_store

EPILOG = """examples:
  gongqian operators add wang.li --role operator          prompts for the password twice
  printf '%s' "$PASSWORD" | gongqian operators add zhao --role supervisor
  gongqian operators list
  gongqian operators remove wang.li"""


def register(sub) -> None:
    """Add the `operators` command group."""
    p = sub.add_parser("operators", help="add, list and remove console accounts",
                       description="Accounts for the console at /console. Operators paste call transcripts and "
                                   "see their own leads; supervisors see every lead, exports and broadcasts.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account (or set a new password and role)")
    add.add_argument("username", help="2-32 letters, digits, '.', '-' or '_'")
    add.add_argument("--role", choices=("operator", "supervisor"), required=True)
    add.set_defaults(handler=run_add)
    actions.add_parser("list", help="every account and its role").set_defaults(handler=run_list)
    remove = actions.add_parser("remove", help="delete an account; its sessions stop working")
    remove.add_argument("username")
    remove.set_defaults(handler=run_remove)


def read_password(stdin=None) -> str:
    """The password from piped stdin (one line), else typed twice without echo."""
    stdin = stdin or sys.stdin
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ", "type the same password twice")
    return first


def run_add(args: argparse.Namespace) -> int:
    from bot.console import accounts

    password = read_password()

    async def work(store, conf, vault) -> int:
        try:
            new = await accounts.add(store, args.username, args.role, password)
        except ValueError as exc:
            raise UsageError(str(exc), "e.g. gongqian operators add wang.li --role operator") from None
        print(f"{'created' if new else 'updated'} {args.role} {args.username}")
        return 0

    return with_store(work)


def run_list(args: argparse.Namespace) -> int:
    from bot.console.accounts import KIND

    async def work(store, conf, vault) -> int:
        async for name, record in store.records(KIND):
            locked = "  (locked)" if record.get("locked_until", 0) else ""
            print(f"{name:<32} {record['role']}{locked}")
        return 0

    return with_store(work)


def run_remove(args: argparse.Namespace) -> int:
    from bot.console import accounts

    async def work(store, conf, vault) -> int:
        if not await accounts.remove(store, args.username):
            raise UsageError(f"no account {args.username}", "see `gongqian operators list`")
        print(f"removed {args.username}")
        return 0

    return with_store(work)
