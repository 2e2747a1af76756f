"""`gongqian broadcast` from the command line: create prints the id, the others explain themselves."""

import json

import pytest

from bot.cli import main
from tests.broadcast_helpers import log_lines, phones, write_csv


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name, value in {"GONGQIAN_DATA_DIR": str(tmp_path), "GONGQIAN_SMS_LOG": str(tmp_path / "sms.jsonl"),
                        "GONGQIAN_BROADCAST_QUIET_HOURS": "off", "GONGQIAN_REDIS_URL": ""}.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def test_create_preview_start_and_status(env, capsys):
    source = write_csv(env / "r.csv", phones(3), extra="13900000000\n010-12345678,landline\n")
    assert main(["broadcast", "create", "--template", "rights_reminder", "--recipients", str(source),
                 "--tps", "100"]) == 0
    out, err = capsys.readouterr()
    broadcast = out.strip()
    assert broadcast.startswith("BC-") and "3 recipients; dropped: duplicate 1, not_mobile 1" in err
    assert main(["broadcast", "preview", broadcast]) == 0
    out = capsys.readouterr().out
    assert "您好！" in out and "1 segment(s)" in out and "at 80 messages/s" in out
    assert main(["broadcast", "start", broadcast, "--wait"]) == 0
    assert capsys.readouterr().out.strip() == f"{broadcast} done" and len(log_lines(env / "sms.jsonl")) == 3
    assert main(["broadcast", "status", broadcast, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["state"], status["counts"]["sent"]) == ("done", 3)


def test_mistakes_are_errors_with_a_hint_not_tracebacks(env, capsys):
    assert main(["broadcast", "pause", "BC-20260501-NOSUCH"]) == 2
    assert "no broadcast BC-20260501-NOSUCH" in capsys.readouterr().err
    assert main(["broadcast", "create", "--template", "rights_reminder", "--recipients", str(env / "none.csv")]) == 2
    bad = env / "bad.csv"
    bad.write_text("mobile\n13800000415\n", "utf-8")
    assert main(["broadcast", "create", "--template", "rights_reminder", "--recipients", str(bad)]) == 2
    assert "no 'phone' column" in capsys.readouterr().err
    assert not list((env / "broadcasts").glob("*.sqlite3"))  # a failed import leaves no journal behind
