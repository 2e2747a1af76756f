"""What every command needs: settings, logging, and an event loop with the store opened once."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from intake.config import Settings
from intake.privacy import setup_logging
from intake.store import Store, open_store
from intake.vault import Vault

T = TypeVar("T")


def settings() -> Settings:
    """Settings from the environment, with logging set up to mask personal numbers."""
    loaded = Settings.from_env()
    setup_logging(loaded.log_level)
    return loaded


def with_store(work: Callable[[Store, Settings, Vault], Awaitable[T]]) -> T:
    """Run `work` with the configured store, closing it afterwards."""
    conf = settings()

    async def main() -> T:
        store = open_store(conf.redis_url or None, conf.data_dir, conf.redis_cluster)
        try:
            return await work(store, conf, Vault.from_settings(conf.secret_key, conf.data_dir))
        finally:
            await store.close()

    return asyncio.run(main())


def describe_store(conf: Settings) -> str:
    """Where state lives, in words for a start-up line."""
    return f"Redis at {conf.redis_url.split('@')[-1]}" if conf.redis_url else f"SQLite in {conf.data_dir}/"


def progress(iterable, total: int | None = None, desc: str = ""):
    """A tqdm progress bar on stderr when it is a terminal or the job is large; else the plain iterable."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="rows", file=sys.stderr,
                disable=not sys.stderr.isatty() and (total or 0) < 1000)
