"""Recipients from a CSV: streamed row by row, numbers normalised and checked as mainland mobiles."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberType

MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_SEPARATORS = re.compile(r"[\s\-().\u00a0\u3000]")
_CN_PREFIX = re.compile(r"^(?:\+86|0086|86)(?=1\d{10}$)")
SNIFF = 64 * 1024


class RecipientsError(ValueError):
    """The file cannot be read as a recipients list (no `phone` column, unknown encoding)."""


@dataclass(frozen=True)
class Recipient:
    """One person to text: an E.164 mainland mobile, and the optional template variables."""

    phone: str
    name: str = ""
    project: str = ""


@dataclass
class Summary:
    """How many rows were read, kept, and dropped for each reason."""

    read: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        """A JSON-ready form for the broadcast record."""
        return {"read": self.read, "kept": self.kept, "dropped": dict(self.dropped)}


def normalise(raw: str) -> tuple[str | None, str]:
    """'+86 138-0000-0415' → ('+8613800000415', 'ok'), or (None, why it is not a mainland mobile)."""
    digits = _CN_PREFIX.sub("", _SEPARATORS.sub("", raw or ""))
    if not digits:
        return None, "empty"
    try:
        # The common case — eleven digits — skips the parser, which costs three times as much.
        number = phonenumbers.PhoneNumber(country_code=86, national_number=int(digits)) \
            if re.fullmatch(r"1\d{10}", digits) else phonenumbers.parse(digits, "CN")
    except (phonenumbers.NumberParseException, ValueError):
        return None, "invalid"
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return None, "invalid"
    if phonenumbers.number_type(number) not in MOBILE:
        return None, "not_mobile"
    return f"+86{number.national_number}", "ok"


def read(path: Path, summary: Summary) -> Iterator[Recipient]:
    """Every row with a valid number, one at a time; the rest are counted in `summary`."""
    with open_text(path) as handle:
        rows = csv.DictReader(handle)
        columns = {(name or "").strip().lower(): name for name in rows.fieldnames or ()}
        if "phone" not in columns:
            raise RecipientsError(f"{path} has no 'phone' column (found: {', '.join(columns) or 'nothing'})")
        for row in rows:
            summary.read += 1
            phone, why = normalise(row.get(columns["phone"]) or "")
            if phone is None:
                summary.dropped[why] += 1
                continue
            yield Recipient(phone, _cell(row, columns, "name"), _cell(row, columns, "project"))


def _cell(row: dict, columns: dict, name: str) -> str:
    """An optional column's value, trimmed; '' when the column is absent."""
    return (row.get(columns[name]) or "").strip() if name in columns else ""


def open_text(path: Path) -> io.TextIOWrapper:
    """The file as text: UTF-8 (with or without BOM), else GB18030, which Excel in China writes."""
    with open(path, "rb") as probe:
        head = probe.read(SNIFF)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniff window is still UTF-8.
        if exc.start < len(head) - 4:
            encoding = "gb18030"
    return open(path, encoding=encoding, newline="")  # noqa: SIM115 (the caller closes it)
