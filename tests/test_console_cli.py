"""`gongqian operators`, `gongqian tokens` and `gongqian transcripts import`."""

from __future__ import annotations

import asyncio
import io
import json
import sys

import pytest

from bot.cli import main
from bot.console import accounts, tokens
from intake.store.sqlite import SQLiteStore
from tests.personas import load


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGQIAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GONGQIAN_REDIS_URL", raising=False)
    return tmp_path


def stored(data, work):
    """Run `work(store)` against the data directory's store."""
    async def run():
        store = SQLiteStore(data / "gongqian.sqlite3")
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


def test_operators_add_reads_the_password_from_piped_stdin(data, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough secret\n"))
    assert main(["operators", "add", "wang.li", "--role", "supervisor"]) == 0
    assert "created supervisor wang.li" in capsys.readouterr().out
    user = stored(data, lambda s: accounts.authenticate(s, "wang.li", "a long enough secret", max_failures=5,
                                                        lockout=60, now=0))
    assert user.supervisor
    assert main(["operators", "list"]) == 0 and "wang.li" in capsys.readouterr().out


def test_a_short_password_is_refused(data, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["operators", "add", "wang.li", "--role", "operator"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err


def test_a_token_is_printed_once_and_stored_hashed(data, capsys):
    assert main(["tokens", "create", "callcentre-a"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("gq_") and len(token) > 40
    assert stored(data, lambda s: tokens.check(s, f"Bearer {token}")) == "callcentre-a"
    assert main(["tokens", "list"]) == 0 and token not in capsys.readouterr().out
    assert main(["tokens", "revoke", "callcentre-a"]) == 0
    assert stored(data, lambda s: tokens.check(s, f"Bearer {token}")) is None


def test_batch_import_submits_complete_calls_and_lists_the_rest(data, tmp_path, capsys):
    calls = load("transcripts.jsonl")[:6]
    lines = [json.dumps({"id": c["id"], "text": c["text"], "date": c["date"]}, ensure_ascii=False) for c in calls]
    lines += ['{"id": "X1", "text": "来电人：老板欠钱不给。"}', "not json", '{"text": "欠钱", "date": "2026-02-30"}']
    source = tmp_path / "calls.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["transcripts", "import", str(source), "--submit"]) == 1  # two lines failed
    out, err = capsys.readouterr()
    results = [json.loads(line) for line in out.splitlines()]
    submitted = [r for r in results if r["outcome"] == "submitted"]
    assert len(results) == 7 and submitted and next(r for r in results if r["id"] == "X1")["outcome"] == "needs_review"
    assert f"{len(submitted)} submitted" in err and "2 failed" in err and "line 8: not JSON" in err
    assert "X1: missing employer, location, amount, phone" in err
    leads = stored(data, lambda s: _collect(s.leads()))
    assert sorted(i.reference for i in leads) == sorted(r["reference"] for r in submitted)
    assert {i.lead["channel"] for i in leads} == {"hotline"}
    assert main(["transcripts", "import", str(source), "--submit"]) == 1
    assert "0 submitted" in capsys.readouterr().err  # the same calls again add nothing


async def _collect(iterator):
    return [item async for item in iterator]
