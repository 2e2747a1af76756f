"""`gongqian projects`: load and list the project registry behind the QR codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli import UsageError
from bot.cli.runtime import progress, with_store
from intake.projects import COLUMNS, RowError, project_record, read_rows

EPILOG = f"""The CSV needs a header with the columns {', '.join(COLUMNS)}
(province and city are optional and inferred from the district).

examples:
  gongqian projects import projects.csv
  gongqian projects list"""


def register(sub) -> None:
    p = sub.add_parser("projects", help="import and list the project registry",
                       description="A conversation started with a project code (QR code, WeChat scene, "
                                   "Telegram /start) is pre-filled from this registry.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = actions.add_parser("import", help="add or update projects from a CSV file")
    load.add_argument("file", type=Path, help="CSV with columns " + ", ".join(COLUMNS))
    load.set_defaults(handler=run_import)
    actions.add_parser("list", help="every project in the registry").set_defaults(handler=run_list)


def run_import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}", "give the path of a CSV file")

    async def work(store, conf, vault) -> int:
        loaded, failed = 0, []
        try:
            for number, row in progress(read_rows(args.file), desc="projects"):
                try:
                    record = project_record(row)
                except RowError as exc:
                    failed.append(f"line {number}: {exc}")
                    continue
                await store.put_record("project", record["code"], record)
                loaded += 1
        except RowError as exc:
            raise UsageError(str(exc), "see `gongqian projects --help`") from None
        print(f"imported {loaded} project(s), {len(failed)} row(s) skipped")
        for problem in failed:
            print(f"  {problem}", file=sys.stderr)
        return 1 if failed and not loaded else 0

    return with_store(work)


def run_list(args: argparse.Namespace) -> int:
    async def work(store, conf, vault) -> int:
        async for code, record in store.records("project"):
            place = "".join(filter(None, (record.get("city"), record.get("district"))))
            print(f"{code}  {record['name']}  {place}  {record.get('general_contractor') or '-'}")
        return 0

    return with_store(work)
