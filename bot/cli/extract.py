"""`gongqian extract`: read the facts of a complaint out of a text, or of every record in a JSONL file."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

DESCRIPTION = """Read the facts of a wage-arrears complaint out of free Chinese (or English) text:
employer, project, amount, workers, phone, ID number, period, place, industry and urgency.
Prints the 16 fields as one JSON object, with the evidence (the words each value was read
from) and a confidence for every field found. Relative dates (去年, 上个月) are resolved
against --date, which defaults to today."""

EXAMPLES = """examples:
  gongqian extract - <<< '包工头张三欠我三万五，在青岛黄岛区的工地干的'
  gongqian extract complaint.txt --date 2026-01-06
  gongqian extract --jsonl devset/messages.jsonl > preds.jsonl   one result per record

With --jsonl each input line is an object with "text" and optional "date" (YYYY-MM-DD) and "id";
the id is passed through, and a progress bar goes to stderr for large files."""

PROGRESS_FROM = 200  # records; smaller inputs finish before a bar would help


def register(sub) -> None:
    """Add the `extract` command to the gongqian parser."""
    p = sub.add_parser("extract", help="read the facts out of a complaint text", description=DESCRIPTION,
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", default="-", help="text (or JSONL with --jsonl) to read; - for stdin")
    p.add_argument("--date", help="reference date YYYY-MM-DD for 去年/上个月 (default: today)")
    p.add_argument("--jsonl", action="store_true", help="read records with text/date/id, write one result per line")
    p.set_defaults(handler=run)


def _date(value: str | None, where: str = "--date") -> dt.date | None:
    """A reference date, or a UsageError naming where the bad value came from."""
    from bot.cli import UsageError

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UsageError(f"bad date {value!r} in {where}", "write dates as YYYY-MM-DD, e.g. 2026-01-06") from None


def _read(path: str) -> str:
    """The whole input, from a file or stdin."""
    from bot.cli import UsageError

    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", "give an existing file, or - to read stdin") from None


def _records(text: str):
    """(line number, record) for every non-empty JSONL line."""
    from bot.cli import UsageError

    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"line {no} is not JSON: {exc.msg}", "each line must be an object with a \"text\" key") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text", ""), str):
            raise UsageError(f"line {no} has no text string", "each line must be an object with a \"text\" key")
        yield no, rec


def run(args: argparse.Namespace) -> int:
    """Print the extraction of one text, or of each JSONL record."""
    from intake.extract import extract

    default = _date(args.date)
    data = _read(args.file)
    if not args.jsonl:
        print(json.dumps(extract(data, default).to_json(), ensure_ascii=False))
        return 0
    records = list(_records(data))
    if len(records) >= PROGRESS_FROM:
        from tqdm import tqdm

        records = tqdm(records, file=sys.stderr, unit="rec", desc="extract")
    for no, rec in records:
        ref = _date(rec.get("date"), f"line {no}") or default
        out = extract(rec.get("text", ""), ref).to_json()
        if "id" in rec:
            out = {"id": rec["id"], **out}
        print(json.dumps(out, ensure_ascii=False))
    return 0
