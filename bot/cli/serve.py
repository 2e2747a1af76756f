"""`gongqian serve`: run the gateway, in one process or several sharing one port."""

from __future__ import annotations

import argparse
import multiprocessing
import signal
import sys

from bot.cli import UsageError
from bot.cli.runtime import describe_store, settings

EPILOG = """examples:
  gongqian serve                        http://127.0.0.1:8080 with the embedded SQLite store
  GONGQIAN_REDIS_URL=redis://127.0.0.1:6379/0 gongqian serve --workers 2
                                        two processes on one port (SO_REUSEPORT), state in Redis

Endpoints: POST /api/chat, GET /healthz, GET /metrics, and each configured channel's webhook."""


def register(sub) -> None:
    p = sub.add_parser("serve", help="run the gateway (web chat API, webhooks, health, metrics)",
                       description="Run the aiohttp gateway that every channel talks to.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, help="processes sharing the port; use Redis for more than one")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    conf = settings()
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.workers > 1 and not conf.redis_url:
        print("gongqian: note: several workers over SQLite share one file; set GONGQIAN_REDIS_URL for scale",
              file=sys.stderr)
    print(f"gongqian: serving on http://{args.host}:{args.port} with {args.workers} process(es), "
          f"state in {describe_store(conf)}", file=sys.stderr)
    if args.workers == 1:
        serve(args.host, args.port, reuse_port=False)
        return 0
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=serve, args=(args.host, args.port, True), daemon=True)
                for _ in range(args.workers - 1)]
    for child in children:
        child.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(args.host, args.port, reuse_port=True)
    finally:
        for child in children:
            child.terminate()
    return 0


def serve(host: str, port: int, reuse_port: bool) -> None:
    """One gateway process; uvloop when installed."""
    from aiohttp import web

    from bot.app import build_app

    try:
        import uvloop

        loop_factory = uvloop.new_event_loop
    except ImportError:
        loop_factory = None
    conf = settings()
    web.run_app(build_app(conf), host=host, port=port, reuse_port=reuse_port or None, print=None,
                access_log=None, **({"loop": loop_factory()} if loop_factory else {}))
