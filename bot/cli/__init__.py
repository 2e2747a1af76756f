"""`gongqian` command line: one module per command group, registered in COMMANDS."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each entry is a module under bot.cli exposing register(subparsers). Adding a command is one line here.
COMMANDS = [
    "serve",
    "worker",
    "chat",
    "leads",
    "projects",
    "extract",
    "telegram",
    "qr",
    "broadcast",
    "operators",
    "tokens",
    "transcripts",
]

EPILOG = """examples:
  gongqian serve                      start the gateway on http://127.0.0.1:8080 (embedded store)
  echo 包工头跑了，欠俺三万五 | gongqian chat   talk to the intake dialogue in the terminal
  gongqian leads list                 show leads in the local inbox
  gongqian extract - <<< '欠我三万五'    read the facts out of a text

Settings come from GONGQIAN_* environment variables; see README.md."""


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every registered command group."""
    parser = argparse.ArgumentParser(
        prog="gongqian",
        description="Wage-arrears intake: chat gateway, lead inbox and tools for the labour bureau.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"bot.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `gongqian` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except KeyboardInterrupt:
        return 130
    except UsageError as exc:
        print(f"gongqian: error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return 2


class UsageError(Exception):
    """A mistake the user can fix; printed as an error with a hint, never as a traceback."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint
