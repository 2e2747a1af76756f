"""Settings, read once from GONGQIAN_* environment variables.

Each field names its variable and explains itself; the README's settings table is checked
against this list by a test, so the two cannot drift.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


def setting(env: str, default, help: str):
    """A settings field bound to one environment variable."""
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    """Everything the gateway, the worker and the command line can be told from outside."""

    data_dir: Path = setting("GONGQIAN_DATA_DIR", Path("./data"), "Where the embedded store, its key and logs live.")
    redis_url: str = setting("GONGQIAN_REDIS_URL", "", "Redis for state shared by many processes; unset means the embedded SQLite store.")
    redis_cluster: bool = setting("GONGQIAN_REDIS_CLUSTER", False, "Set to true when GONGQIAN_REDIS_URL points at a Redis Cluster.")
    secret_key: str = setting("GONGQIAN_SECRET_KEY", "", "Base64 key (32 bytes) encrypting phone and ID numbers at rest; generated into the data directory when unset.")
    public_url: str = setting("GONGQIAN_PUBLIC_URL", "http://127.0.0.1:8080", "The gateway's public base URL, used in QR codes and links.")
    hotline: str = setting("GONGQIAN_HOTLINE", "12333", "The hotline number shown to workers.")
    reference_prefix: str = setting("GONGQIAN_REFERENCE_PREFIX", "GQ", "Prefix of lead reference numbers (e.g. QD for Qingdao).")
    timezone: str = setting("GONGQIAN_TIMEZONE", "Asia/Shanghai", "Local time zone for dates, references and quiet hours.")
    conversation_ttl: int = setting("GONGQIAN_CONVERSATION_TTL", 7 * 24 * 3600, "Seconds an idle conversation is kept before it expires.")
    resume_after: int = setting("GONGQIAN_RESUME_AFTER", 3600, "Seconds of silence after which a returning worker is offered to resume.")
    rate_limit: int = setting("GONGQIAN_RATE_LIMIT", 20, "Messages a sender may send per minute before being slowed down.")
    max_text: int = setting("GONGQIAN_MAX_TEXT", 2000, "Characters of one message that are read; longer pastes are cut, with a note.")
    max_body: int = setting("GONGQIAN_MAX_BODY", 256 * 1024, "Largest request body in bytes; larger ones get 413.")
    log_level: str = setting("GONGQIAN_LOG_LEVEL", "INFO", "Logging level (phone and ID numbers are always masked).")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from the environment, each converted to its field's type."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is not None and raw != "":
                values[f.name] = _convert(raw, f.default)
        return cls(**values)

    @classmethod
    def table(cls) -> list[tuple[str, object, str]]:
        """(variable, default, meaning) for every setting, for docs and --help."""
        return [(f.metadata["env"], f.default, f.metadata["help"]) for f in fields(cls)]


def _convert(raw: str, default):
    """Parse an environment string into the type of the field's default."""
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, Path):
        return Path(raw)
    return raw
