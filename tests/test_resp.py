"""The lean Redis client (intake/store/resp.py) against a real Redis, and against sockets that misbehave."""

from __future__ import annotations

import asyncio
import shutil
import time
import uuid

import pytest
import redis.asyncio as aioredis
from redis.exceptions import ConnectionError, ResponseError, TimeoutError

from intake.store.resp import Resp, pack
from tests.conftest import _free_port, _start_redis


@pytest.fixture
async def client(redis_url):
    resp = Resp(redis_url)
    yield resp
    await resp.aclose()


@pytest.fixture
def name() -> str:
    return f"test:resp:{uuid.uuid4().hex}"


def test_pack_is_resp() -> None:
    assert pack(("SET", "键", 1.5, 7, b"\x00")) == \
        b"*5\r\n$3\r\nSET\r\n$3\r\n\xe9\x94\xae\r\n$3\r\n1.5\r\n$1\r\n7\r\n$1\r\n\x00\r\n"
    with pytest.raises(TypeError):
        pack(("SET", "k", True))


async def test_replies_match_redis_py(client: Resp, redis_url: str, name: str) -> None:
    """Each command the store uses gives what redis-py's decode_responses client gives."""
    ref = aioredis.from_url(redis_url, decode_responses=True)
    try:
        await ref.hset(f"{name}:h", mapping={f"f{i}": f"值{i}" for i in range(250)})
        await ref.zadd(f"{name}:z", {"a": 1, "b": 2, "c": 3})
        await ref.set(f"{name}:s", "工钱")
        assert await client.get(f"{name}:s") == await ref.get(f"{name}:s") == "工钱"
        assert await client.get(f"{name}:missing") is None
        assert await client.exists(f"{name}:s", f"{name}:missing") == 1
        assert await client.hget(f"{name}:h", "f7") == "值7"
        assert await client.hgetall(f"{name}:h") == await ref.hgetall(f"{name}:h")
        assert await client.zrange(f"{name}:z", 0, 1) == ["a", "b"]
        assert await client.zrange(f"{name}:z", 0, 1, desc=True) == ["c", "b"]
        scanned = [pair async for pair in client.hscan_iter(f"{name}:h", count=20)]
        assert dict(scanned) == await ref.hgetall(f"{name}:h")  # every field, across many cursors
        assert await client.hset(f"{name}:h", "new", 1) == 1
        assert await client.hdel(f"{name}:h", "new", "absent") == 1
        assert await client.delete(f"{name}:h", f"{name}:z", f"{name}:s") == 3
    finally:
        await ref.aclose()


async def test_pipelines(client: Resp, name: str) -> None:
    async with client.pipeline(transaction=True) as pipe:
        pipe.set(f"{name}:a", "1", px=60_000)
        pipe.set(f"{name}:b", "2")
        assert await pipe.execute() == [True, True]
    async with client.pipeline(transaction=False) as pipe:
        pipe.hgetall(f"{name}:none")
        assert await pipe.execute() == [{}]
    assert await client.get(f"{name}:a") == "1"
    assert 0 < int(await client.execute("PTTL", f"{name}:a")) <= 60_000
    await client.delete(f"{name}:a", f"{name}:b")


async def test_error_reply_raises_and_the_connection_goes_on(client: Resp, name: str) -> None:
    await client.execute("SET", name, "not a number")
    with pytest.raises(ResponseError, match="not an integer"):
        await client.execute("INCR", name)
    with pytest.raises(ResponseError):  # a command queued in a transaction that fails at EXEC
        async with client.pipeline(transaction=True) as pipe:
            pipe.commands.append((("INCR", name), lambda r: r))
            await pipe.execute()
    assert await client.get(name) == "not a number"
    await client.delete(name)


async def test_script_loads_itself_once(client: Resp, name: str) -> None:
    """A script the server does not know yet runs by EVAL, and then by its SHA."""
    script = client.register_script(f"-- {name}\nreturn {{redis.call('INCR', KEYS[1]), ARGV[1], false}}")
    assert await client.execute("SCRIPT", "EXISTS", script.sha) == [0]
    assert await script(keys=[name], args=["x"]) == [1, "x", None]
    assert await client.execute("SCRIPT", "EXISTS", script.sha) == [1]
    assert await script(keys=[name], args=["y"]) == [2, "y", None]
    await client.delete(name)


async def test_many_callers_each_get_their_own_reply(client: Resp, name: str) -> None:
    async def one(i: int) -> str:
        await client.execute("SET", f"{name}:{i}", f"v{i}")
        return await client.get(f"{name}:{i}")

    assert await asyncio.gather(*(one(i) for i in range(300))) == [f"v{i}" for i in range(300)]
    await client.delete(*(f"{name}:{i}" for i in range(300)))


async def test_a_cancelled_caller_does_not_shift_the_replies(client: Resp, name: str) -> None:
    await client.execute("SET", f"{name}:1", "one")
    await client.execute("SET", f"{name}:2", "two")
    task = asyncio.create_task(client.get(f"{name}:1"))
    await asyncio.sleep(0)  # the command is on the wire
    task.cancel()
    assert await client.get(f"{name}:2") == "two"
    await client.delete(f"{name}:1", f"{name}:2")


async def test_reconnects_after_the_server_drops_it(client: Resp, redis_url: str) -> None:
    first = await client.execute("CLIENT", "ID")
    killer = aioredis.from_url(redis_url)
    try:
        await killer.execute_command("CLIENT", "KILL", "ID", first)
    finally:
        await killer.aclose()
    await asyncio.sleep(0.05)
    assert await client.execute("PING") == "PONG"
    assert await client.execute("CLIENT", "ID") != first


class Silent(asyncio.Protocol):
    """A server that reads everything and never answers, like a hung Redis."""

    def data_received(self, data: bytes) -> None:
        pass


class Hangup(asyncio.Protocol):
    """A server that closes the connection as soon as a command arrives."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.transport.close()


async def _serve(protocol) -> tuple[asyncio.AbstractServer, str]:
    server = await asyncio.get_running_loop().create_server(protocol, "127.0.0.1", 0)
    return server, f"redis://127.0.0.1:{server.sockets[0].getsockname()[1]}"


async def test_a_hung_server_fails_the_command_in_time() -> None:
    server, url = await _serve(Silent)
    client = Resp(url, timeout=0.4)
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match="did not answer"):
            await client.execute("PING")
        assert time.monotonic() - started < 1.5
    finally:
        await client.aclose()
        server.close()


async def test_a_dropped_connection_fails_the_commands_in_flight() -> None:
    server, url = await _serve(Hangup)
    client = Resp(url)
    try:
        with pytest.raises(ConnectionError, match="lost"):
            await asyncio.gather(client.execute("PING"), client.execute("PING"))
    finally:
        await client.aclose()
        server.close()


async def test_nobody_listening_is_a_connection_error() -> None:
    client = Resp(f"redis://127.0.0.1:{_free_port()}")
    with pytest.raises(ConnectionError, match="cannot connect"):
        await client.execute("PING")


@pytest.fixture
def guarded_redis():
    """A redis-server of our own that wants a password."""
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server on PATH to start one with a password")
    server, url = _start_redis(password="s3cret")  # noqa: S106 (a throwaway test server)
    yield url
    server.terminate()
    server.wait(timeout=10)


async def test_password_and_database_from_the_url(guarded_redis: str) -> None:
    client = Resp(f"{guarded_redis}/3")
    await client.execute("SET", "k", "v")
    assert "db=3" in await client.execute("CLIENT", "INFO")
    await client.aclose()
    wrong = Resp(guarded_redis.replace("s3cret", "nope"))
    with pytest.raises(ResponseError, match="WRONGPASS|invalid password"):
        await wrong.execute("PING")
    await wrong.aclose()
