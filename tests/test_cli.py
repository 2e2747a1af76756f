"""The `gongqian` command line, run as a worker or an ops engineer would run it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GONGQIAN = str(Path(sys.executable).parent / "gongqian")
REPORT = "\n".join(["包工头王建军欠我三万五", "同意", "海棠花园二期", "青岛黄岛区", "去年十月到今年一月", "就我一个",
                    "李明", "13953201234", "跳过", "对"]) + "\n"


def run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGQIAN_DATA_DIR": str(tmp_path / "data")}
    env.pop("GONGQIAN_REDIS_URL", None)
    return subprocess.run([GONGQIAN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60)


def test_help_teaches_with_examples(tmp_path):
    out = run(tmp_path, "--help")
    assert out.returncode == 0 and "examples:" in out.stdout and "chat" in out.stdout
    for command in ("serve", "chat", "leads", "projects", "extract"):
        sub = run(tmp_path, command, "--help")
        assert sub.returncode == 0 and sub.stdout.startswith("usage: gongqian"), command


def test_a_scripted_chat_files_a_lead_that_leads_commands_show(tmp_path):
    chat = run(tmp_path, "chat", stdin=REPORT)
    assert chat.returncode == 0, chat.stderr
    reference = chat.stdout.strip().splitlines()[-1].removeprefix("[reference ").rstrip("]")
    listing = run(tmp_path, "leads", "list")
    assert reference in listing.stdout and "139****1234" in listing.stdout and "13953201234" not in listing.stdout
    shown = json.loads(run(tmp_path, "leads", "show", reference).stdout)
    assert shown["complainant"]["phone"] == "139****1234" and shown["amount_yuan"] == 35000
    revealed = json.loads(run(tmp_path, "leads", "show", reference, "--reveal").stdout)
    assert revealed["complainant"]["phone"] == "13953201234"


def test_export_writes_every_documented_field(tmp_path):
    run(tmp_path, "chat", stdin=REPORT)
    lines = run(tmp_path, "leads", "export", "--format", "jsonl").stdout.splitlines()
    lead = json.loads(lines[0])
    for key in ("reference", "created_at", "channel", "employer", "project", "location", "amount_yuan",
                "amount_range", "period", "workers", "complainant", "industry", "urgent", "attachments", "handoff"):
        assert key in lead, key
    assert lead["employer"] == {"name": "王建军", "kind": "person", "uscc": None}
    assert set(lead["location"]) >= {"province", "city", "district", "address"}
    rows = list(csv.DictReader(io.StringIO(run(tmp_path, "leads", "export", "--format", "csv").stdout)))
    assert rows[0]["complainant.phone"] == "13953201234" and rows[0]["location.district"] == "黄岛区"


def test_a_lead_that_does_not_exist_is_a_clear_error(tmp_path):
    out = run(tmp_path, "leads", "show", "GQ-20990101-XXXXXX")
    assert out.returncode == 2 and "no lead with reference" in out.stderr and "hint:" in out.stderr
    assert "Traceback" not in out.stderr


def test_projects_import_prefills_a_chat_started_with_the_code(tmp_path):
    registry = tmp_path / "projects.csv"
    registry.write_text("code,name,address,district,general_contractor,industry\n"
                        "QD001,海棠花园二期,黄岛区长江路18号,黄岛区,中建八局,construction\n"
                        "bad code!,坏行,,,,construction\n", encoding="utf-8")
    out = run(tmp_path, "projects", "import", str(registry))
    assert out.returncode == 0 and "imported 1 project(s), 1 row(s) skipped" in out.stdout
    assert "line 3" in out.stderr
    listing = run(tmp_path, "projects", "list").stdout
    assert "QD001" in listing and "青岛市黄岛区" in listing
    chat = run(tmp_path, "chat", "--project", "QD001", stdin="老板欠我钱\n同意\n包工头王建军\n")
    assert "一共欠了多少钱" in chat.stdout, chat.stdout


@pytest.mark.parametrize("args", [["projects", "import", "/nonexistent.csv"], ["serve", "--workers", "0"]])
def test_mistakes_get_an_error_and_a_hint(tmp_path, args):
    out = run(tmp_path, *args)
    assert out.returncode == 2 and "error:" in out.stderr and "Traceback" not in out.stderr
