"""Leads and settings for the delivery tests: real extraction, real sealing, a worker tuned to be quick."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import time
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from intake.config import Settings
from intake.extract import extract
from intake.lead import build_lead, seal
from intake.store import Store
from intake.vault import Vault
from tests.case_backend import SECRET, CaseBackend

KEY = base64.b64encode(bytes(range(32))).decode()
VAULT = Vault(base64.b64decode(KEY))
PHONE, ID_NUMBER = "13800000415", "11010519491231002X"
MESSAGES = (
    "包工头王建国跑了，欠俺们12个人三万五，2025年3月到8月的工钱，在成都市武侯区的锦城花园项目",
    "深圳市宝安区华强电子厂拖欠我两个月工资八千块，2025年9月和10月的",
    "在郑州市金水区送外卖，配送站欠了我们五个人三四万，快过年了回不了家",
)
CONFIRMED = datetime(2026, 1, 5, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@cache
def facts(index: int) -> dict[str, Any]:
    """What extraction reads out of one of the MESSAGES, as a conversation would hold it."""
    found = dict(extract(MESSAGES[index], date(2026, 1, 5)).fields)
    return {**found, "complainant_name": "李四", "phone": PHONE, "id_number": ID_NUMBER, "lang": "zh-Hans"}


def make_lead(number: int, **extra: Any) -> dict[str, Any]:
    """Lead `number` as the gateway stores it: built from extracted facts, personal fields sealed."""
    lead = build_lead(facts(number % len(MESSAGES)), conversation_id=f"delivery-test-{number}", channel="web",
                      sender=VAULT.blind(f"session-{number}"), reply_to=f"session-{number}", now=CONFIRMED,
                      prefix="GQ")
    return seal({**lead, **extra}, VAULT)


async def fill(store: Store, count: int) -> list[str]:
    """Add `count` leads to the outbox; their ids."""
    leads = [make_lead(number) for number in range(count)]
    for lead in leads:
        assert await store.add_lead(lead)
    return [lead["id"] for lead in leads]


def quick(backend: CaseBackend, **overrides: Any) -> Settings:
    """Worker settings for tests: short timeout, lease, poll and backoff."""
    base = Settings(case_backend_url=backend.url, case_backend_secret=SECRET, case_backend_timeout=2.0,
                    delivery_lease=5.0, delivery_poll=0.02, delivery_retry_base=0.05, delivery_retry_cap=0.5,
                    secret_key=KEY)
    return dataclasses.replace(base, **overrides)


def environment(conf: Settings) -> dict[str, str]:
    """The GONGQIAN_* variables that give a child process these settings."""
    return {f.metadata["env"]: str(getattr(conf, f.name)) for f in dataclasses.fields(conf)
            if getattr(conf, f.name) != f.default}


async def until(condition: Callable[[], Any], within: float, what: str) -> None:
    """Poll `condition` (sync or async) until it is true; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        done = condition()
        if asyncio.iscoroutine(done):
            done = await done
        if done:
            return
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def statuses(store: Store) -> dict[str, str]:
    """Lead id → outbox status, for every lead."""
    return {item.lead_id: item.status async for item in store.leads()}
