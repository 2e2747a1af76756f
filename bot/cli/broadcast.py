"""`gongqian broadcast`: SMS reminders of workers' rights to a recipient list — create, preview, run, watch."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

from bot.cli import UsageError
from bot.cli.runtime import with_store

EPILOG = """examples:
  gongqian broadcast create --template rights_reminder --recipients workers.csv --tps 100
                                       import the list, print the broadcast id (e.g. BC-20260501-7K3M9P)
  gongqian broadcast preview BC-20260501-7K3M9P   the text, its segments, the cost of the whole run
  gongqian broadcast start BC-20260501-7K3M9P --wait   send now, in the foreground, with a progress bar
  gongqian broadcast pause BC-20260501-7K3M9P      (then resume, or cancel)

The CSV needs a `phone` column; `name` and `project` are optional. Without --wait, `start` leaves
the sending to `gongqian worker`. Nothing is sent in quiet hours (GONGQIAN_BROADCAST_QUIET_HOURS)."""
STATE_WORDS = (("sent", "sent"), ("failed", "failed"), ("opted_out", "opted out"), ("unknown", "in doubt"),
               ("in_flight", "in flight"), ("pending", "pending"))


def register(sub) -> None:
    p = sub.add_parser("broadcast", help="send SMS reminders of workers' rights to a list of numbers",
                       description="Scheduled, throttled, resumable SMS broadcasts through the SMS provider layer.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="import a recipient CSV and print the new broadcast's id")
    create.add_argument("--template", required=True, help="a key of the [broadcast] locale table, e.g. rights_reminder")
    create.add_argument("--recipients", required=True, type=Path, help="CSV with a phone column (name, project optional)")
    create.add_argument("--lang", default="zh-Hans", help="zh-Hans, zh-Hant or en (default: %(default)s)")
    create.add_argument("--at", help="start no earlier than this local time: '2026-05-01 09:00' or '09:00'")
    create.add_argument("--tps", type=int, help="the provider's messages per second (default: GONGQIAN_BROADCAST_TPS)")
    create.add_argument("--provider", help="SMS provider (default: GONGQIAN_SMS_PROVIDER)")
    create.set_defaults(handler=run_create)
    for name, text in (("preview", "the text, its length and segments, and the cost of the run"),
                       ("status", "where the run stands: counts, delivery reports, rate, ETA")):
        action = actions.add_parser(name, help=text)
        action.add_argument("id", help="the broadcast id")
        action.add_argument("--json", action="store_true", help="print JSON for scripts")
        action.set_defaults(handler=run_preview if name == "preview" else run_status)
    start = actions.add_parser("start", help="start (or go on with) sending")
    start.add_argument("id", help="the broadcast id")
    start.add_argument("--wait", action="store_true", help="send from this process, with a progress bar, until done")
    start.set_defaults(handler=run_start)
    for name in ("pause", "resume", "cancel"):
        action = actions.add_parser(name, help=f"{name} a broadcast")
        action.add_argument("id", help="the broadcast id")
        action.set_defaults(handler=run_move, move=name)


def _service(work):
    """Run `work(service, store, conf, vault)` with the store open; service errors become usage errors."""
    from bot.broadcast import service
    from bot.broadcast.recipients import RecipientsError

    try:
        return with_store(lambda store, conf, vault: work(service, store, conf, vault))
    except (service.BroadcastError, RecipientsError) as exc:
        raise UsageError(str(exc), "see `gongqian broadcast --help`") from None


def run_create(args: argparse.Namespace) -> int:
    if not args.recipients.is_file():
        raise UsageError(f"no file {args.recipients}", "--recipients takes a CSV with a phone column")

    async def work(service, store, conf, vault) -> int:
        from bot.cli.runtime import progress

        with progress(None, total=None, desc="reading") as bar:
            bc = await service.create(store, conf, vault, template=args.template, source=args.recipients,
                                      lang=args.lang, at=args.at, tps=args.tps, provider=args.provider,
                                      on_rows=bar.update)
        dropped = ", ".join(f"{why} {n}" for why, n in sorted(bc.summary["dropped"].items()) if n) or "none"
        print(f"read {bc.summary['read']} rows: {bc.recipients} recipients; dropped: {dropped}", file=sys.stderr)
        print(bc.id)
        return 0

    return _service(work)


def run_preview(args: argparse.Namespace) -> int:
    async def work(service, store, conf, vault) -> int:
        p = await service.preview(store, conf, args.id)
        if args.json:
            print(json.dumps(p, ensure_ascii=False, indent=2))
            return 0
        print(p["text"])
        print(f"\n{p['characters']} characters, {p['segments']} segment(s) "
              f"(70 for one Chinese SMS, 67 per part of a long one); longest with names: {p['longest']} characters")
        print(f"{p['recipients']} recipients: about {p['total_segments']} segments, "
              f"{_duration(p['seconds'])} at {p['rate']:g} messages/s (quiet hours {p['quiet_hours']} not counted)")
        return 0

    return _service(work)


def run_status(args: argparse.Namespace) -> int:
    async def work(service, store, conf, vault) -> int:
        s = await service.status(store, conf, args.id, reports=True)
        if args.json:
            print(json.dumps(s, ensure_ascii=False, indent=2))
            return 0
        counts, left = s["counts"], s["counts"]["pending"] + s["counts"]["in_flight"]
        print(f"{s['id']}  {s['state']}  {s['template']} ({s['lang']}) via {s['provider']}, {s['tps'] or 'no'} TPS limit")
        print(f"{s['recipients']} recipients: " + ", ".join(f"{word} {counts[key]}" for key, word in STATE_WORDS))
        print("delivery reports: " + (", ".join(f"{k} {n}" for k, n in sorted(s["delivery"].items())) or "none yet"))
        if s["state"] == "running" and s["rate"]:
            print(f"rate {s['rate']:g}/s, about {_duration(left / s['rate'])} left")
        return 0

    return _service(work)


def run_move(args: argparse.Namespace) -> int:
    async def work(service, store, conf, vault) -> int:
        bc = await getattr(service, args.move)(store, conf, args.id)
        print(f"{bc.id} {bc.state}")
        return 0

    return _service(work)


def run_start(args: argparse.Namespace) -> int:
    async def work(service, store, conf, vault) -> int:
        bc = await service.start(store, conf, args.id)
        if not args.wait:
            print(f"{bc.id} running; `gongqian worker` sends it (or run this again with --wait)")
            return 0
        state = await _foreground(service, store, conf, vault, bc)
        print(f"{bc.id} {state}")
        return 0 if state == "done" else 1

    return _service(work)


async def _foreground(service, store, conf, vault, bc) -> str:
    """Send with a progress bar; Ctrl-C or SIGTERM finishes the batch in hand and stops cleanly."""
    from bot.cli.runtime import progress

    stop, loop = asyncio.Event(), asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    with progress(None, total=bc.recipients, desc=bc.id) as bar:
        def paint(counts: dict) -> None:
            bar.update(counts["sent"] + counts["failed"] + counts["opted_out"] + counts["unknown"] - bar.n)
            bar.set_postfix(sent=counts["sent"], failed=counts["failed"], refresh=False)

        return await service.run(store, conf, vault, bc.id, on_progress=paint, stop=stop)


def _duration(seconds: float | None) -> str:
    """'3h 20m', '4m 10s' or 'no time limit'."""
    if seconds is None:
        return "as fast as the provider takes them"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m {secs}s"
