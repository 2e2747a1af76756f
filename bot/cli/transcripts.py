"""`gongqian transcripts import`: read a file of call transcripts into leads, with a summary."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from bot.cli import UsageError
from bot.cli.runtime import progress, with_store

EPILOG = """examples:
  gongqian transcripts import calls.jsonl                 read each call, print the drafts, submit nothing
  gongqian transcripts import calls.jsonl --submit        submit each complete lead; list the rest for review

Each line is a JSON object with "text", and optionally "date" (YYYY-MM-DD, the day of the call)
and "id" (yours, echoed in the output). Drafts go to stdout as JSON lines; the summary to stderr.
A transcript submitted before is recognised and not submitted twice."""


def register(sub) -> None:
    """Add the `transcripts` command group."""
    p = sub.add_parser("transcripts", help="import hotline call transcripts as leads",
                       description="Batch intake of hotline call transcripts (the console's transcript page, "
                                   "for a file).", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="read a JSONL file of transcripts")
    imp.add_argument("file", type=Path, help="JSONL: one {\"text\", \"date\"?, \"id\"?} per line")
    imp.add_argument("--submit", action="store_true", help="submit every lead that has the required facts")
    imp.add_argument("--operator", default="import", help="operator id recorded on the leads (default: %(default)s)")
    imp.set_defaults(handler=run_import)


def lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the file's non-blank lines."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", "give a JSONL file of transcripts") from None
    return [(no, line) for no, line in enumerate(raw.splitlines(), 1) if line.strip()]


def record(line: str) -> tuple[str, dt.date | None, str | None]:
    """(text, date, id) of one line; ValueError says what is wrong with it."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
        raise ValueError("no \"text\" string")
    try:
        day = dt.date.fromisoformat(rec["date"]) if rec.get("date") else None
    except (TypeError, ValueError):
        raise ValueError(f"bad date {rec.get('date')!r}, want YYYY-MM-DD") from None
    return rec["text"], day, str(rec["id"]) if rec.get("id") is not None else None


def run_import(args: argparse.Namespace) -> int:
    """Draft every transcript; with --submit, submit the complete ones. Exit 1 if any line failed."""
    from intake import hotline

    rows = lines(args.file)

    async def work(store, conf, vault) -> int:
        tally, review, failed = Counter(), [], []
        for no, line in progress(rows, total=len(rows), desc="transcripts"):
            try:
                text, day, ident = record(line)
            except ValueError as exc:
                failed.append(f"line {no}: {exc}")
                continue
            label, draft = ident or f"line {no}", hotline.draft(text, day)
            kind, reference = ("needs_review" if draft.missing else "ready"), None
            if args.submit and not draft.missing:
                kind, reference = await _one(store, conf, vault, args.operator, text, draft)
            tally[kind] += 1
            if draft.missing:
                review.append(f"{label}: missing {', '.join(draft.missing)}")
            print(json.dumps({"id": label, "outcome": kind, "reference": reference, "draft": draft.to_json()},
                             ensure_ascii=False))
        _summary(tally, review, failed, len(rows))
        return 1 if failed else 0

    return with_store(work)


async def _one(store, conf, vault, operator: str, text: str, draft) -> tuple[str, str]:
    """Submit one complete draft: ('submitted' | 'already_submitted' | 'repeats', reference)."""
    from zoneinfo import ZoneInfo

    from intake import hotline

    tz = ZoneInfo(conf.timezone)
    now = dt.datetime.now(tz)
    lead = hotline.lead_for(draft.fields, text=text, operator=operator, now=now,
                            prefix=conf.reference_prefix, vault=vault)
    done = await hotline.submit(store, vault, conf, lead, now.timestamp())
    kind = "submitted" if done.created else ("repeats" if done.repeats else "already_submitted")
    return kind, done.reference


def _summary(tally: Counter, review: list[str], failed: list[str], total: int) -> None:
    out = sys.stderr
    print(f"\n{total} transcript(s): {tally['submitted']} submitted, {tally['already_submitted']} already submitted, "
          f"{tally['repeats']} repeat an open lead, {tally['ready']} ready, {tally['needs_review']} need review, "
          f"{len(failed)} failed", file=out)
    for title, items in (("needs review", review), ("failed", failed)):
        if items:
            print(f"{title}:", *(f"  {item}" for item in items), sep="\n", file=out)
