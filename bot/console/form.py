"""The lead form an operator checks: its fields as a table, read back from a post into typed values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.console.render import Html, join, tag, text, void
from intake.hotline import REQUIRED, Draft

INDUSTRIES = ("construction", "manufacturing", "services", "logistics", "domestic", "other")
KINDS = ("company", "person")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Field:
    """One input of the form: the lead field it fills and how its text is read."""

    name: str
    kind: str = "text"  # text | int | month | range | bool | choice
    choices: tuple[str, ...] = ()


FORM = (
    Field("employer"), Field("employer_kind", "choice", KINDS), Field("project"),
    Field("province"), Field("city"), Field("district"), Field("address"),
    Field("amount_yuan", "int"), Field("amount_range", "range"), Field("workers", "int"),
    Field("period_start", "month"), Field("period_end", "month"),
    Field("complainant_name"), Field("phone"), Field("id_number"),
    Field("industry", "choice", INDUSTRIES), Field("urgent", "bool"), Field("is_wage_arrears", "bool"),
)
# A required fact's fields are all marked when the fact is missing.
_REQUIRED_FIELD = {f: name for name, fields in REQUIRED.items() for f in fields}


def read(form) -> tuple[dict[str, Any], list[str]]:
    """Typed values from a posted form, and the names of fields whose text could not be read."""
    values, bad = {}, []
    for spec in FORM:
        raw = str(form.get(spec.name, "")).strip()[:200]
        try:
            values[spec.name] = _parse(spec, raw)
        except ValueError:
            values[spec.name], bad = None, [*bad, spec.name]
    return values, bad


def _parse(spec: Field, raw: str) -> Any:
    if spec.kind == "bool":
        return raw in ("on", "true", "1")
    if not raw:
        return None
    if spec.kind == "int":
        number = int(float(raw.replace(",", "")))
        if number < 0:
            raise ValueError(raw)
        return number
    if spec.kind == "month" and not _MONTH.match(raw):
        raise ValueError(raw)
    if spec.kind == "range":
        low, high = sorted(int(float(p)) for p in re.split(r"\s*[-~–至到]\s*", raw) if p)
        return [low, high]
    if spec.kind == "choice" and raw not in spec.choices:
        raise ValueError(raw)
    return raw


def show(value: Any, spec: Field) -> str:
    """A value as the form's input shows it."""
    if value is None:
        return ""
    if spec.kind == "range" and isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]}-{value[1]}"
    return str(value)


def inputs(lang: str, draft: Draft, bad: list[str] = ()) -> Html:
    """Every field of the form, marked missing, low-confidence or unreadable, with its evidence."""
    low, missing = set(draft.low_confidence) | set(bad), set(draft.missing)
    return join(_input(lang, spec, draft, spec.name in low,
                       _REQUIRED_FIELD.get(spec.name) in missing and draft.fields.get(spec.name) in (None, ""))
                for spec in FORM)


def _input(lang: str, spec: Field, draft: Draft, low: bool, missing: bool) -> Html:
    value, ident = draft.fields.get(spec.name), f"f-{spec.name}"
    flags = [tag("span", text(lang, "flag_missing"), class_="flag missing") if missing else "",
             tag("span", text(lang, "flag_low"), class_="flag low") if low else ""]
    label = tag("label", text(lang, f"field_{spec.name}"), *flags, for_=ident)
    evidence = draft.evidence.get(spec.name)
    note = tag("div", text(lang, "evidence", span=evidence), class_="evidence") if evidence else ""
    classes = "field" + (" missing" if missing else "") + (" low" if low else "")
    return tag("div", label, _control(lang, spec, value, ident), note, class_=classes)


def _control(lang: str, spec: Field, value: Any, ident: str) -> Html:
    if spec.kind == "bool":
        return void("input", type="checkbox", id=ident, name=spec.name, checked=bool(value))
    if spec.kind == "choice":
        options = [tag("option", "—", value="")] + [
            tag("option", text(lang, f"{spec.name}_{c}"), value=c, selected="selected" if value == c else None)
            for c in spec.choices]
        return tag("select", join(options), id=ident, name=spec.name)
    return void("input", id=ident, name=spec.name, value=show(value, spec),
                inputmode="numeric" if spec.kind == "int" else None)
