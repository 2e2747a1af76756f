"""A lean Redis client for the store: one pipelined connection, replies parsed by hiredis.

Why not redis-py's asyncio client here: it spends about 85 µs of CPU on every command
(pool checkout and release, a retry wrapper, a timeout per read, telemetry hooks), which was
the largest single cost of a dialogue step. Commands here are written straight to one
connection and matched to replies in order, for about 8 µs each (`bench/bench_resp.py`).

It speaks the subset of redis-py's API that `RedisStore` uses, with the same reply types and
exceptions, so the store reads the same over either client; Redis Cluster stays on redis-py.
Connections are made lazily and remade after a failure; a command that waits longer than
`timeout` fails the connection, so a hung server costs seconds, not a stuck gateway.
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

import hiredis
from redis.connection import SSLConnection, parse_url
from redis.exceptions import ConnectionError, NoScriptError, ResponseError, TimeoutError


def encode(arg: Any) -> bytes:
    """One argument as Redis sees it; floats as repr, like redis-py."""
    if isinstance(arg, bytes):
        return arg
    if isinstance(arg, str):
        return arg.encode()
    if isinstance(arg, bool):  # redis-py refuses bools; so do we, rather than send "True"
        raise TypeError("a bool is not a Redis argument")
    if isinstance(arg, int | float):
        return repr(arg).encode()
    raise TypeError(f"a {type(arg).__name__} is not a Redis argument")


def pack(args: tuple) -> bytes:
    """A command in RESP: an array of bulk strings."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        raw = arg.encode() if type(arg) is str else encode(arg)  # str is by far the commonest
        parts.append(b"$%d\r\n%s\r\n" % (len(raw), raw))
    return b"".join(parts)


def as_error(reply: hiredis.ReplyError) -> ResponseError:
    """A server error reply as the exception redis-py would raise."""
    text = str(reply)
    return NoScriptError(text) if text.startswith("NOSCRIPT") else ResponseError(text)


class _Connection(asyncio.Protocol):
    """One socket; each sent command gets the next reply, in order."""

    def __init__(self) -> None:
        self.reader = hiredis.Reader(encoding="utf-8", errors="replace")
        self.waiting: deque[asyncio.Future] = deque()
        self.answered = 0  # replies received so far: the watchdog's sign of progress
        self.transport: asyncio.Transport | None = None
        self.outgoing: list[bytes] = []
        self.lost: Exception | None = None
        self.loop = asyncio.get_running_loop()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.reader.feed(data)
        while (reply := self.reader.gets()) is not False:
            if not self.waiting:  # a reply nobody asked for: we no longer know which is whose
                self.fail(ConnectionError("Redis sent a reply nobody asked for"))
                return
            self.answered += 1
            future = self.waiting.popleft()
            if not future.done():  # its caller may have been cancelled
                future.set_result(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self.fail(ConnectionError(f"connection to Redis lost: {exc or 'closed by the server'}"))

    def fail(self, error: Exception) -> None:
        """Fail every command in flight and refuse new ones; the client connects anew."""
        self.lost = self.lost or error
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_exception(error)
        if self.transport is not None:
            self.transport.abort()

    def send(self, payload: bytes) -> asyncio.Future:
        """Queue one command; its reply will complete the future."""
        future = self.loop.create_future()
        self.waiting.append(future)
        self._queue(payload)
        return future

    def send_many(self, payload: bytes, replies: int) -> list[asyncio.Future]:
        """Queue several commands whole, so nothing interleaves with them; a future per reply."""
        futures = [self.loop.create_future() for _ in range(replies)]
        self.waiting.extend(futures)
        self._queue(payload)
        return futures

    def _queue(self, payload: bytes) -> None:
        """Commands queued in one turn of the event loop go out in one write.

        With many conversations in flight, that is one system call for all of them instead of one each.
        """
        self.outgoing.append(payload)
        if len(self.outgoing) == 1:
            self.loop.call_soon(self.flush)

    def flush(self) -> None:
        """Write what was queued in this turn of the loop."""
        payload, self.outgoing = b"".join(self.outgoing), []
        if self.lost is None:
            self.transport.write(payload)  # type: ignore[union-attr]


class Script:
    """A Lua script run by SHA, loaded by EVAL the first time a server does not know it."""

    def __init__(self, client: Resp, source: str):
        self.client, self.source = client, source
        self.sha = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()  # what Redis names scripts by

    async def __call__(self, keys: list = (), args: list = ()) -> Any:  # type: ignore[assignment]
        try:
            return await self.client.execute("EVALSHA", self.sha, len(keys), *keys, *args)
        except NoScriptError:
            return await self.client.execute("EVAL", self.source, len(keys), *keys, *args)


class Pipeline:
    """Commands queued, then written in one go; with `transaction`, inside MULTI/EXEC."""

    def __init__(self, client: Resp, transaction: bool):
        self.client, self.transaction = client, transaction
        self.commands: list[tuple[tuple, Any]] = []

    async def __aenter__(self) -> Pipeline:
        return self

    async def __aexit__(self, *exc) -> None:
        self.commands.clear()

    def set(self, name: str, value: Any, px: int | None = None) -> Pipeline:
        self.commands.append((("SET", name, value, *(("PX", px) if px is not None else ())), _ok))
        return self

    def hgetall(self, name: str) -> Pipeline:
        self.commands.append((("HGETALL", name), _pairs))
        return self

    async def execute(self) -> list[Any]:
        """Every reply, converted as redis-py does; the first error reply is raised."""
        commands, self.commands = self.commands, []
        if not commands:
            return []
        payload = b"".join(pack(args) for args, _ in commands)
        if self.transaction:
            replies = await self.client.send(pack(("MULTI",)) + payload + pack(("EXEC",)), len(commands) + 2)
            for queued in replies[:-1]:
                if isinstance(queued, hiredis.ReplyError):
                    raise as_error(queued)
            replies = replies[-1]
            if isinstance(replies, hiredis.ReplyError):
                raise as_error(replies)
        else:
            replies = await self.client.send(payload, len(commands))
        for reply in replies:
            if isinstance(reply, hiredis.ReplyError):
                raise as_error(reply)
        return [convert(reply) for (_, convert), reply in zip(commands, replies, strict=True)]


def _ok(reply: Any) -> bool | None:
    return True if reply == "OK" else reply


def _pairs(reply: list) -> dict[str, str]:
    return dict(zip(reply[::2], reply[1::2], strict=True))


class Resp:
    """The subset of redis-py's asyncio `Redis` that RedisStore uses, over one connection."""

    def __init__(self, url: str, *, timeout: float = 5.0, connect_timeout: float = 5.0):
        self.options = parse_url(url)
        self.timeout, self.connect_timeout = timeout, connect_timeout
        self._conn: _Connection | None = None
        self._connecting: asyncio.Lock | None = None
        self._watchdog: asyncio.TimerHandle | None = None

    # -- the connection ----------------------------------------------------------
    async def _connection(self) -> _Connection:
        conn = self._conn
        if conn is not None and conn.lost is None:
            return conn
        self._connecting = self._connecting or asyncio.Lock()
        async with self._connecting:
            if self._conn is None or self._conn.lost is not None:
                self._conn = await asyncio.wait_for(self._open(), self.connect_timeout)
                self._watch()
            return self._conn

    async def _open(self) -> _Connection:
        """Connect, authenticate and select the database named in the URL."""
        loop, o = asyncio.get_running_loop(), self.options
        try:
            if "path" in o:
                _, conn = await loop.create_unix_connection(_Connection, o["path"])
            else:
                tls = ssl.create_default_context() if o.get("connection_class") is SSLConnection else None
                _, conn = await loop.create_connection(_Connection, o.get("host", "localhost"),
                                                       o.get("port", 6379), ssl=tls)
        except OSError as exc:
            raise ConnectionError(f"cannot connect to Redis: {exc}") from exc
        setup = []
        if o.get("password"):
            setup.append(("AUTH", *((o["username"],) if o.get("username") else ()), o["password"]))
        if o.get("db"):
            setup.append(("SELECT", o["db"]))
        if setup:
            for future in conn.send_many(b"".join(pack(c) for c in setup), len(setup)):
                reply = await future
                if isinstance(reply, hiredis.ReplyError):
                    conn.fail(ConnectionError(f"Redis refused the connection setup: {reply}"))
                    raise as_error(reply)
        return conn

    def _watch(self) -> None:
        """Fail the connection once commands have waited `timeout` seconds with no reply at all.

        Checked a few times per timeout, so no command pays for a timer of its own.
        """
        if self._watchdog is not None:
            self._watchdog.cancel()
        loop, every = asyncio.get_running_loop(), self.timeout / 4
        last, stalled = -1, 0.0

        def check() -> None:
            nonlocal last, stalled
            conn = self._conn
            if conn is None or conn.lost is not None:
                self._watchdog = None
                return
            stalled = stalled + every if conn.waiting and conn.answered == last else 0.0
            last = conn.answered
            if stalled >= self.timeout:
                conn.fail(TimeoutError(f"Redis did not answer within {self.timeout:g} s"))
                self._watchdog = None
                return
            self._watchdog = loop.call_later(every, check)

        self._watchdog = loop.call_later(every, check)

    async def send(self, payload: bytes, replies: int) -> list[Any]:
        """Write packed commands and wait for their replies (error replies are returned, not raised)."""
        conn = self._conn
        if conn is None or conn.lost is not None:
            conn = await self._connection()
        return [await future for future in conn.send_many(payload, replies)]  # they complete in order

    async def execute(self, *args: Any) -> Any:
        """One command's reply; an error reply raises ResponseError."""
        conn = self._conn
        if conn is None or conn.lost is not None:
            conn = await self._connection()
        reply = await conn.send(pack(args))
        if isinstance(reply, hiredis.ReplyError):
            raise as_error(reply)
        return reply

    async def aclose(self) -> None:
        """Close the connection; commands in flight fail."""
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        if self._conn is not None:
            self._conn.fail(ConnectionError("client closed"))
            self._conn = None

    # -- the commands RedisStore uses, with redis-py's reply types -------------------
    def register_script(self, source: str) -> Script:
        return Script(self, source)

    def pipeline(self, transaction: bool = True) -> Pipeline:
        return Pipeline(self, transaction)

    async def get(self, name: str) -> str | None:
        return await self.execute("GET", name)

    async def delete(self, *names: str) -> int:
        return await self.execute("DEL", *names)

    async def exists(self, *names: str) -> int:
        return await self.execute("EXISTS", *names)

    async def hget(self, name: str, key: str) -> str | None:
        return await self.execute("HGET", name, key)

    async def hset(self, name: str, key: str, value: Any) -> int:
        return await self.execute("HSET", name, key, value)

    async def hdel(self, name: str, *keys: str) -> int:
        return await self.execute("HDEL", name, *keys)

    async def hgetall(self, name: str) -> dict[str, str]:
        return _pairs(await self.execute("HGETALL", name))

    async def zrange(self, name: str, start: int, end: int, desc: bool = False) -> list[str]:
        return await self.execute("ZREVRANGE" if desc else "ZRANGE", name, start, end)  # REV needs Redis 6.2

    async def hscan_iter(self, name: str, count: int | None = None) -> AsyncIterator[tuple[str, str]]:
        cursor = "0"
        while True:
            cursor, flat = await self.execute("HSCAN", name, cursor, *(("COUNT", count) if count else ()))
            for pair in zip(flat[::2], flat[1::2], strict=True):
                yield pair
            if cursor == "0":
                return
