"""Storage: one small protocol, an embedded SQLite default and Redis for many processes."""

from __future__ import annotations

from pathlib import Path

from .base import ConversationKey, LockTimeout, OutboxItem, Store

__all__ = ["ConversationKey", "LockTimeout", "OutboxItem", "Store", "open_store"]


def open_store(redis_url: str | None, data_dir: Path, cluster: bool = False) -> Store:
    """Redis (or Redis Cluster) when a URL is given, else the SQLite file in the data directory."""
    if redis_url:
        from .redis import RedisStore

        return RedisStore(redis_url, cluster=cluster)
    from .sqlite import SQLiteStore

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    return SQLiteStore(Path(data_dir) / "gongqian.sqlite3")
