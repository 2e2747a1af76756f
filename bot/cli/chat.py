"""`gongqian chat`: the intake dialogue in the terminal, one line per message; scriptable."""

from __future__ import annotations

import argparse
import sys
import uuid

from bot.cli.runtime import with_store
from intake.i18n import LANGS

EPILOG = """examples:
  gongqian chat                                  talk to the bot; Ctrl-D ends
  printf '包工头欠我三万五\\n同意\\n' | gongqian chat    scripted, one message per line
  gongqian chat --lang en --project QD001        English, opened from project QD001's QR code"""


def register(sub) -> None:
    p = sub.add_parser("chat", help="run the intake dialogue in the terminal",
                       description="Chat with the intake dialogue on stdin/stdout, through the same "
                                   "gateway path and store as the web chat.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lang", choices=LANGS, help="answer in this language (default: the script you write in)")
    p.add_argument("--project", metavar="CODE", help="start as if from this project's QR code")
    p.add_argument("--session", help="continue a session by id (default: a new one)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from bot.gateway import Gateway
    from bot.messages import Inbound

    session = args.session or f"cli-{uuid.uuid4().hex[:12]}"
    interactive = sys.stdin.isatty()

    async def talk(store, conf, vault) -> int:
        gateway = Gateway(store, conf, vault=vault)
        if interactive:
            print(f"(session {session}; Ctrl-D to end)")
        while True:
            if interactive:
                print("> ", end="", flush=True)
            line = sys.stdin.readline()
            if not line:
                return 0
            outcome = await gateway.handle(Inbound("cli", session, line.rstrip("\n"), lang=args.lang,
                                                   project_code=args.project))
            show(outcome)

    return with_store(talk)


def show(outcome) -> None:
    """Print replies with their quick replies numbered, as on SMS."""
    for reply in outcome.replies:
        print(reply.text)
        for number, option in enumerate(reply.options, 1):
            print(f"  {number}) {option}")
    if outcome.reference:
        print(f"[reference {outcome.reference}]")
    sys.stdout.flush()
