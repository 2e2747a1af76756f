"""The `log` provider for development: one JSON line per message in GONGQIAN_SMS_LOG."""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

from bot.channels.base import Sent

NAME = "log"


class LogProvider:
    """Appends each message to a JSON-lines file instead of sending it."""

    name = NAME

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        # One unbuffered append per message: lines from several processes never interleave.
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    async def send(self, phone: str, text: str, *, reference: str | None = None) -> Sent:
        """Write the message as one line; the id is made up here."""
        platform_id = uuid.uuid4().hex
        line = json.dumps({"id": platform_id, "at": time.time(), "phone": phone, "text": text,
                           "reference": reference}, ensure_ascii=False)
        os.write(self._fd, (line + "\n").encode())
        return Sent("sms", platform_id)

    def close(self) -> None:
        os.close(self._fd)


def provider(settings, http=None) -> LogProvider:
    """The log provider is always available."""
    path = Path(getattr(settings, "sms_log", "") or settings.data_dir / "sms.jsonl")
    return LogProvider(path)
