"""三交办: which district team, industry regulator and general contractor a lead goes to.

The bureau keeps the table as a CSV (GONGQIAN_ROUTING_TABLE; `example.csv` here shows the
columns): `kind` is district, industry or project; `match` the district name, the industry
(as extraction names it) or a project code, `*` for "any"; `city` narrows a district row
(朝阳区 is in Beijing and in Changchun); `target` whom to send to.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake import names

KINDS = ("district", "industry", "project")
COLUMNS = ("kind", "match", "city", "target")
EXAMPLE = Path(__file__).with_name("example.csv")
# A project row names the project's own regulator (a highway: 交通; a reservoir: 水务).
OUTPUT_KIND = {"district": "district", "industry": "industry", "project": "industry"}


class TableError(ValueError):
    """A routing table the bureau must fix, with the line and the reason."""


@dataclass(frozen=True)
class Row:
    """One line of the routing table."""

    kind: str
    match: str
    city: str
    target: str


def load(path: Path | str) -> tuple[Row, ...]:
    """The routing table from a CSV file, every row checked."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        lacking = [c for c in ("kind", "match", "target") if c not in (reader.fieldnames or [])]
        if lacking:
            raise TableError(f"{path}: the header lacks {', '.join(lacking)}; expected {', '.join(COLUMNS)}")
        return tuple(_row(path, number, raw) for number, raw in enumerate(reader, start=2))


def _row(path: Path | str, number: int, raw: dict[str, str | None]) -> Row:
    """One checked row."""
    cell = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    if cell["kind"] not in KINDS:
        raise TableError(f"{path}:{number}: kind {cell['kind']!r} is not one of {', '.join(KINDS)}")
    if not cell["match"] or not cell["target"]:
        raise TableError(f"{path}:{number}: match and target must not be empty")
    match = names.project_code(cell["match"]) if cell["kind"] == "project" else cell["match"]
    return Row(cell["kind"], match, cell["city"], cell["target"])


def route(table: tuple[Row, ...], lead: dict[str, Any], project: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """The lead's targets: its district team, its regulator(s) and its general contractor."""
    place, code = lead["location"], names.project_code(lead["project"].get("code"))
    targets = [*_pick(table, "district", place.get("district"), place.get("city")),
               *_pick(table, "project", code, None), *_pick(table, "industry", lead.get("industry"), None)]
    contractor = lead["project"].get("general_contractor") or (project or {}).get("general_contractor")
    if contractor:
        targets.append({"kind": "general_contractor", "target": contractor})
    unique = dict.fromkeys((t["kind"], t["target"]) for t in targets)  # one team named twice is sent once
    return [{"kind": kind, "target": target} for kind, target in unique]


def _pick(table: tuple[Row, ...], kind: str, value: str | None, city: str | None) -> list[dict[str, str]]:
    """The rows of one kind matching the value (in the right city), else that kind's `*` rows."""
    rows = [r for r in table if r.kind == kind]
    exact = [r for r in rows if value and r.match == value and (not r.city or not city or r.city == city)]
    chosen = exact or ([] if kind == "project" else [r for r in rows if r.match == "*"])
    return [{"kind": OUTPUT_KIND[kind], "target": r.target} for r in chosen]
