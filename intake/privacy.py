"""Masking of personal numbers for display and logs: 138****0415, 4509**********371X."""

from __future__ import annotations

import logging
import re

# Mainland mobiles (optionally +86 / 86, spaced or dashed) and 18-character ID numbers.
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)")


def mask_phone(phone: str | None) -> str | None:
    """138****0415 for 13800000415; None stays None."""
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)[-11:]
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) == 11 else "****"


def mask_id(id_number: str | None) -> str | None:
    """First six and last four characters kept, the birth date hidden."""
    if not id_number:
        return id_number
    return f"{id_number[:6]}{'*' * (len(id_number) - 10)}{id_number[-4:]}" if len(id_number) > 10 else "****"


def redact(text: str) -> str:
    """The text with every phone and ID number in it masked."""
    text = _ID.sub(lambda m: f"{m[1]}********{m[2]}", text)
    return _PHONE.sub(lambda m: f"{m[1]}****{m[2]}", text)


class RedactingFilter(logging.Filter):
    """Masks phone and ID numbers in every log record, whoever logs them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging(level: str = "INFO") -> None:
    """Log to stderr through the redacting filter."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("transitions").setLevel(logging.WARNING)  # it logs every callback at INFO
