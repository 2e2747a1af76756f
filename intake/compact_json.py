"""Compact JSON for what is written on every message: conversation states, leads, API replies.

orjson rather than the stdlib because it runs on the hot path (about ten times faster, measured
on a conversation state); Chinese text stays readable, as with ensure_ascii=False.
"""

from __future__ import annotations

from typing import Any

import orjson


def dumps(value: Any) -> str:
    """Compact JSON text; non-string keys are written as strings, as the stdlib does."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def loads(raw: str | bytes) -> Any:
    """Parse JSON; malformed input raises a ValueError (orjson.JSONDecodeError)."""
    return orjson.loads(raw)
