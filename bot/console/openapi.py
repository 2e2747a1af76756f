"""The OpenAPI 3.0 document of every /api/ endpoint, kept as data beside the code it describes."""

from __future__ import annotations

from intake.extract import FIELDS
from intake.hotline import EXTRA_FIELDS, REQUIRED
from intake.i18n import LANGS

_ERROR = {"type": "object", "properties": {"error": {"type": "string"}, "hint": {"type": "string"}}}
_NULLABLE = {"nullable": True}
_FIELD = {
    "is_wage_arrears": {"type": "boolean"}, "urgent": {"type": "boolean"},
    "amount_yuan": {"type": "number", **_NULLABLE}, "workers": {"type": "integer", **_NULLABLE},
    "amount_range": {"type": "array", "items": {"type": "number"}, **_NULLABLE},
}
DRAFT = {
    "type": "object",
    "description": "The fields keyed as `gongqian extract` prints them, with evidence and what is missing.",
    "required": [*FIELDS, "evidence", "confidence", "missing", "low_confidence"],
    "properties": {
        **{k: _FIELD.get(k, {"type": "string", **_NULLABLE}) for k in (*FIELDS, *EXTRA_FIELDS)},
        "evidence": {"type": "object", "additionalProperties": {"type": "string"}},
        "confidence": {"type": "object", "additionalProperties": {"type": "number"}},
        "missing": {"type": "array", "items": {"type": "string", "enum": list(REQUIRED)}},
        "low_confidence": {"type": "array", "items": {"type": "string"}},
    },
}
TRANSCRIPT_RESULT = {
    "type": "object", "required": ["draft", "submitted"],
    "properties": {"draft": DRAFT, "submitted": {"type": "boolean"}, "reference": {"type": "string"},
                   "created": {"type": "boolean"}, "repeats": {"type": "boolean"},
                   "missing": {"type": "array", "items": {"type": "string"}}, "error": {"type": "string"}},
}
CHAT_REPLY = {
    "type": "object", "required": ["session", "state", "replies"],
    "properties": {"session": {"type": "string"}, "state": {"type": "string"},
                   "reference": {"type": "string", **_NULLABLE},
                   "replies": {"type": "array", "items": {"type": "object", "properties": {
                       "text": {"type": "string"}, "expecting": {"type": "string", **_NULLABLE},
                       "options": {"type": "array", "items": {"type": "string"}}}}}},
}
CHAT_FIELDS = {
    "session": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,128}$"},
    "text": {"type": "string"}, "lang": {"type": "string", "enum": list(LANGS)},
    "project": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"},
    "id": {"type": "string", "minLength": 1, "maxLength": 64},
}


def body(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*codes: int) -> dict:
    words = {400: "Bad request", 401: "Not authenticated", 404: "Not found", 413: "Too large",
             415: "Unsupported photo", 422: "Cannot submit: required fields missing", 429: "Too many messages",
             503: "Busy; retry"}
    return {str(c): body(_ERROR if c != 422 else TRANSCRIPT_RESULT, words[c]) for c in codes}
