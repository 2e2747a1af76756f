"""A gateway process loads extraction's tables as it starts, not while the first worker waits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTS = """
import asyncio
from aiohttp.test_utils import TestServer
from bot.app import build_app
from intake.config import Settings
from intake.extract import segment

async def main():
    before = segment.tokenizer.cache_info().currsize
    server = TestServer(build_app(Settings.from_env()))
    await server.start_server()
    print(before, segment.tokenizer.cache_info().currsize)
    await server.close()

asyncio.run(main())
"""


def test_the_dictionary_is_loaded_at_start(tmp_path):
    env = {**os.environ, "GONGQIAN_DATA_DIR": str(tmp_path), "GONGQIAN_REDIS_URL": ""}
    done = subprocess.run([sys.executable, "-c", STARTS], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["0", "1"]
