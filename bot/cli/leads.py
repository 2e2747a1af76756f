"""`gongqian leads`: the local inbox — list, show and export leads."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli import UsageError
from bot.cli.runtime import with_store

EPILOG = """examples:
  gongqian leads list                     newest first, phone numbers masked
  gongqian leads show GQ-20261122-7K3M9P  one lead in full (add --reveal for phone and ID)
  gongqian leads export --format csv > leads.csv
  gongqian leads export --format jsonl --output leads.jsonl
  gongqian leads failed                   leads the case backend refused, with the reason
  gongqian leads retry GQ-20261122-7K3M9P send one of them again (or --all)"""


def register(sub) -> None:
    p = sub.add_parser("leads", help="list, show and export leads in the local inbox",
                       description="Work with the leads kept in the store (the local inbox when no "
                                   "case backend is configured).",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="one line per lead, newest first")
    listing.add_argument("--limit", type=int, default=50, help="at most this many (default: %(default)s)")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help="one lead in full")
    show.add_argument("reference", help="the lead's reference, e.g. GQ-20261122-7K3M9P")
    show.add_argument("--reveal", action="store_true", help="show phone and ID numbers unmasked")
    show.set_defaults(handler=run_show)
    out = actions.add_parser("export", help="every lead as JSON lines or CSV, with personal numbers")
    out.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="default: %(default)s")
    out.add_argument("--output", "-o", help="write to this file instead of stdout")
    out.add_argument("--mask", action="store_true", help="mask phone and ID numbers")
    out.set_defaults(handler=run_export)
    failed = actions.add_parser("failed", help="leads the case backend refused (dead letters), with the reason")
    failed.set_defaults(handler=run_failed)
    retry = actions.add_parser("retry", help="send failed leads again (after fixing what the reason says)")
    retry.add_argument("reference", nargs="?", help="the failed lead's reference")
    retry.add_argument("--all", action="store_true", help="every failed lead")
    retry.set_defaults(handler=run_retry)


def run_list(args: argparse.Namespace) -> int:
    from intake import export

    async def work(store, conf, vault) -> int:
        count = 0
        async for item in store.leads():
            lead = export.readable(item, vault)
            amount = lead["amount_yuan"] if lead["amount_yuan"] is not None else lead["amount_range"] or "-"
            flags = ("URGENT " if lead["urgent"] else "") + ("handoff" if lead["handoff"] else "")
            print(f"{lead['reference']}  {lead['created_at']}  {lead['channel']:<8} {item.status:<9} "
                  f"{lead['employer']['name'] or '-'}  {amount}  {lead['complainant']['phone'] or '-'}  {flags}".rstrip())
            count += 1
            if count >= args.limit:
                break
        if not count:
            print("no leads yet (they appear here when a worker confirms a report)", file=sys.stderr)
        return 0

    return with_store(work)


def run_show(args: argparse.Namespace) -> int:
    from intake import export

    async def work(store, conf, vault) -> int:
        item = await store.get_lead(args.reference.strip().upper())
        if not item:
            raise UsageError(f"no lead with reference {args.reference}", "see `gongqian leads list`")
        print(json.dumps(export.readable(item, vault, reveal=args.reveal), ensure_ascii=False, indent=2))
        return 0

    return with_store(work)


def run_export(args: argparse.Namespace) -> int:
    from intake import export

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115

    async def work(store, conf, vault) -> int:
        if args.format == "csv":
            out.write(export.csv_header())
        count = 0
        async for item in store.leads():
            lead = export.readable(item, vault, reveal=not args.mask)
            out.write(export.to_csv(lead) if args.format == "csv" else export.to_jsonl(lead) + "\n")
            count += 1
        print(f"exported {count} lead(s)", file=sys.stderr)
        return 0

    try:
        return with_store(work)
    finally:
        if args.output:
            out.close()


def run_failed(args: argparse.Namespace) -> int:
    """Print the dead letters: reference, attempts and the backend's reason."""
    async def work(store, conf, vault) -> int:
        count = 0
        async for item in store.dead_letters():
            if not count:
                print("reference                attempts  reason")
            print(f"{item.reference:<24} {item.attempts:>8}  {item.last_error or '-'}")
            count += 1
        if not count:
            print("no failed leads", file=sys.stderr)
        return 0

    return with_store(work)


def run_retry(args: argparse.Namespace) -> int:
    """Requeue one dead letter, or all of them, with a fresh attempt count."""
    if bool(args.reference) == args.all:
        raise UsageError("give one reference or --all", "see `gongqian leads failed` for the references")

    async def work(store, conf, vault) -> int:
        if args.reference and not await store.requeue(args.reference.strip().upper()):
            await _not_failed(store, args.reference.strip().upper())
        # Listed first, requeued after: requeueing while paging the dead letters would skip some.
        parked = [] if args.reference else [item.reference async for item in store.dead_letters()]
        count = 1 if args.reference else sum([await store.requeue(reference) for reference in parked])
        print(f"requeued {count} lead(s); the worker sends them on its next pass", file=sys.stderr)
        return 0

    return with_store(work)


async def _not_failed(store, reference: str) -> None:
    """Explain why a reference could not be requeued."""
    item = await store.get_lead(reference)
    if not item:
        raise UsageError(f"no lead with reference {reference}", "see `gongqian leads failed`")
    raise UsageError(f"lead {reference} has not failed (it is {item.status})", "see `gongqian leads failed`")
