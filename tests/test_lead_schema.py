"""intake/schema/lead-v1.json documents every field, and what we export and forward follows it."""

from __future__ import annotations

import asyncio
import json

import pytest
from jsonschema import Draft202012Validator

from bot.cli import main
from intake.delivery.body import forward_body
from intake.lead import unseal
from intake.schema import load, problems
from intake.store.sqlite import SQLiteStore
from tests.deliveries import ID_NUMBER, KEY, MESSAGES, PHONE, VAULT, make_lead

FOLLOW_UP = {"routing": [{"kind": "district", "target": "武侯区劳动保障监察大队"},
                         {"kind": "industry", "target": "住建局"},
                         {"kind": "general_contractor", "target": "中建八局"}],
             "related": ["GQ-20260102-7K3M9P"], "related_workers": 17}


def described(node: dict, path: str = "") -> list[str]:
    """Paths of properties in the schema that lack a description."""
    missing = []
    for name, prop in node.get("properties", {}).items():
        if "description" not in prop:
            missing.append(f"{path}/{name}")
        missing += described(prop, f"{path}/{name}")
        missing += described(prop.get("items", {}), f"{path}/{name}[]")
    return missing


def test_the_schema_is_draft_2020_12_and_describes_every_field():
    schema = load("lead-v1")
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert described(schema) == []
    assert {"routing", "related", "related_workers"} <= set(schema["properties"])
    assert "status_history" not in schema["properties"]


@pytest.mark.parametrize("number", range(len(MESSAGES)))
@pytest.mark.parametrize("extra", [{}, FOLLOW_UP], ids=["new", "routed_and_linked"])
def test_the_forwarded_body_validates(number, extra):
    body = json.loads(forward_body(unseal(make_lead(number, **extra), VAULT), "json"))
    assert problems(body) == []
    assert "reply_to" not in body
    assert (body["complainant"]["phone"], body["complainant"]["id_number"]) == (PHONE, ID_NUMBER)


def test_internal_fields_stay_out_of_the_forwarded_body():
    history = {"status_history": [{"status": "accepted", "at": "2026-01-05T10:00:00+08:00"}]}
    body = json.loads(forward_body(unseal(make_lead(0, **history), VAULT), "json"))
    assert "status_history" not in body and problems(body) == []


@pytest.mark.parametrize("change, where", [
    ({"employer_name": "x"}, "(root)"),
    ({"workers": 0}, "workers"),
    ({"routing": [{"kind": "street", "target": "x"}]}, "routing/0/kind"),
    ({"created_at": "yesterday"}, "created_at"),
    ({"reference": "GQ-20260105-0OI1L0"}, "reference"),
])
def test_a_lead_that_drifts_from_the_schema_is_caught(change, where):
    body = json.loads(forward_body(unseal(make_lead(0), VAULT), "json")) | change
    assert any(problem.startswith(f"{where}:") for problem in problems(body)), problems(body)


@pytest.mark.parametrize("mask", [False, True], ids=["revealed", "masked"])
def test_every_exported_line_validates(tmp_path, monkeypatch, capsys, mask):
    monkeypatch.setenv("GONGQIAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("GONGQIAN_SECRET_KEY", KEY)
    asyncio.run(_leads_in_the_inbox(tmp_path))
    assert main(["leads", "export", "--format", "jsonl", *(["--mask"] if mask else [])]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 4
    assert {line["delivery"]["status"] for line in lines} == {"pending", "delivered"}
    for line in lines:
        assert problems(line) == [], line["reference"]


async def _leads_in_the_inbox(data_dir) -> None:
    """Three new leads, and one routed, linked and delivered with a case id."""
    store = SQLiteStore(data_dir / "gongqian.sqlite3")
    delivered = make_lead(3, **FOLLOW_UP)
    await store.add_lead(delivered)
    await store.claim("w1", lease=30, limit=1)
    await store.ack(delivered["id"], "w1", {"case_id": "CASE-00001"})
    for number in range(3):
        await store.add_lead(make_lead(number))
    await store.close()
