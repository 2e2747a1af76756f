"""Shared fixtures: a Redis server found or started for the session, and a store per backend."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
import redis

from intake.store import Store
from intake.store.redis import RedisStore
from intake.store.sqlite import SQLiteStore

LOCAL_REDIS = "redis://127.0.0.1:6379"


def _answers(url: str) -> bool:
    """Whether a Redis at `url` answers PING within a moment."""
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


def _free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_redis(password: str = "") -> tuple[subprocess.Popen[bytes], str]:
    """A throwaway redis-server that keeps nothing on disk (with a password, if given)."""
    port = _free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
                               *(("--requirepass", password) if password else ())], stdout=subprocess.DEVNULL)
    url = f"redis://:{password}@127.0.0.1:{port}" if password else f"redis://127.0.0.1:{port}"
    for _ in range(50):
        if _answers(url):
            return server, url
        time.sleep(0.1)
    server.kill()
    raise RuntimeError("redis-server did not start")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """GONGQIAN_REDIS_URL, else a local Redis, else one started here; skipped if none (failed on CI)."""
    url = os.environ.get("GONGQIAN_REDIS_URL") or (LOCAL_REDIS if _answers(LOCAL_REDIS) else None)
    if url:
        yield url
        return
    if not shutil.which("redis-server"):
        reason = "no Redis: GONGQIAN_REDIS_URL unset, nothing on 127.0.0.1:6379, no redis-server on PATH"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    server, url = _start_redis()
    yield url
    server.terminate()
    server.wait(timeout=10)


def _drop_prefix(url: str, prefix: str) -> None:
    """Delete every key a test wrote under its own prefix."""
    client = redis.Redis.from_url(url)
    for name in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(name)
    client.close()


@pytest.fixture(params=["sqlite", "redis"])
async def open_test_store(request, tmp_path) -> AsyncIterator[Callable[[], Store]]:
    """Opens stores on one fresh backing (a file, or a unique Redis prefix); all closed afterwards."""
    opened: list[Store] = []
    prefix, path = f"gqtest{uuid.uuid4().hex}", tmp_path / "gongqian.sqlite3"
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""

    def open_store() -> Store:
        store = RedisStore(url, prefix=prefix) if url else SQLiteStore(path)
        opened.append(store)
        return store

    # What a child process needs to open the same backing: see open_like() in the store tests.
    open_store.argv = [request.param, url, prefix, str(path)]  # type: ignore[attr-defined]
    yield open_store
    for store in opened:
        await store.close()
    if url:
        _drop_prefix(url, prefix)


@pytest.fixture
def store(open_test_store) -> Store:
    """A fresh store, once per backend."""
    return open_test_store()
