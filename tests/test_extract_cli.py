"""`gongqian extract` on a text, on JSONL, and its usage errors."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from bot.cli import UsageError
from bot.cli import extract as cli


def _args(**kw):
    return argparse.Namespace(**{"file": "-", "date": None, "jsonl": False, **kw})


def test_text(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("包工头张三欠我三万五"))
    assert cli.run(_args(date="2026-01-06")) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["amount_yuan"] == 35000 and "evidence" in out and "confidence" in out


def test_jsonl_passes_id(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "x1", "text": "欠我工资8千", "date": "2026-02-01"}\n\n{"text": "在成都武侯区"}\n',
                    encoding="utf-8")
    cli.run(_args(file=str(path), jsonl=True))
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["id"] == "x1" and lines[0]["amount_yuan"] == 8000
    assert lines[1]["district"] == "武侯区"


@pytest.mark.parametrize(("kw", "content"), [({"date": "2026-13-01"}, "x"), ({"jsonl": True}, "{not json"),
                                             ({"jsonl": True}, '{"text": "x", "date": "yesterday"}')])
def test_usage_errors(tmp_path, kw, content):
    path = tmp_path / "in.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError):
        cli.run(_args(file=str(path), **kw))


def test_missing_file():
    with pytest.raises(UsageError):
        cli.run(_args(file="/nonexistent/file.txt"))


def test_help_teaches():
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    text = parser._subparsers._group_actions[0].choices["extract"].format_help()
    assert "examples:" in text and "--jsonl" in text
