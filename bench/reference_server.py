"""The bare reference the gateway is measured against: an aiohttp handler doing one Redis GET and SET.

    python bench/reference_server.py PORT REDIS_URL [WORKERS]
"""

from __future__ import annotations

import multiprocessing
import sys

import redis.asyncio as aioredis
from aiohttp import web


def app(redis_url: str) -> web.Application:
    """POST /api/chat: read the body, GET and SET one key, answer JSON."""
    # redis-py, the client a bare handler would be written with (the gateway uses its own, intake/store/resp.py)
    client = aioredis.from_url(redis_url, protocol=2)

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        key = f"ref:{body['session']}"
        previous = await client.get(key)
        await client.set(key, body.get("text", ""), ex=600)
        return web.json_response({"session": body["session"], "previous": previous and previous.decode()})

    application = web.Application()
    application.router.add_post("/api/chat", chat)
    return application


def serve(port: int, redis_url: str) -> None:
    import uvloop

    web.run_app(app(redis_url), host="127.0.0.1", port=port, reuse_port=True, print=None, access_log=None,
                loop=uvloop.new_event_loop())


if __name__ == "__main__":
    port, url, workers = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1
    children = [multiprocessing.Process(target=serve, args=(port, url), daemon=True) for _ in range(workers - 1)]
    for child in children:
        child.start()
    serve(port, url)
