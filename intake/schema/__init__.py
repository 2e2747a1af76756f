"""The versioned JSON Schemas of what gongqian hands to others (lead-v1.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DIR = Path(__file__).resolve().parent


@cache
def load(name: str = "lead-v1") -> dict[str, Any]:
    """The schema document `<name>.json`."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def validator(name: str = "lead-v1") -> Draft202012Validator:
    """A draft 2020-12 validator for the schema, checking formats too."""
    return Draft202012Validator(load(name), format_checker=FormatChecker())


def problems(document: Any, name: str = "lead-v1") -> list[str]:
    """Why `document` does not follow the schema, one line per error; empty when it does."""
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in validator(name).iter_errors(document)]
