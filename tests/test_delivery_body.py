"""forward_body: one function builds what every sender forwards, as lead-v1 JSON or an Open311 form."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from intake.delivery.body import Open311Service, content_type, forward_body
from intake.lead import unseal
from tests.deliveries import VAULT, make_lead

LINKED = {"urgent": True, "related": ["GQ-20260102-7K3M9P", "GQ-20260103-8N4P2Q"], "related_workers": 17,
          "routing": [{"kind": "district", "target": "金水区监察大队"}]}


def form(lead: dict, service: Open311Service = Open311Service()) -> list[tuple[str, str]]:
    return parse_qsl(forward_body(unseal(lead, VAULT), "open311", service=service).decode())


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown case backend format 'xml'"):
        forward_body(unseal(make_lead(0), VAULT), "xml")
    with pytest.raises(ValueError):
        content_type("xml")


def test_open311_lists_go_in_repeated_attributes_and_empty_fields_stay_out():
    pairs = form(make_lead(2, **LINKED))
    names = [name for name, _ in pairs]
    assert [v for n, v in pairs if n == "attribute[related][]"] == LINKED["related"]
    assert ("attribute[routing][]", "district:金水区监察大队") in pairs
    assert ("attribute[amount_low]", "30000") in pairs and ("attribute[amount_high]", "40000") in pairs
    assert "attribute[employer]" not in names and "api_key" not in names and "media_url" not in names
    assert all(value != "" for _, value in pairs)


def test_open311_description_is_for_the_case_handler_and_capped():
    description = dict(form(make_lead(2, **LINKED)))["description"]
    assert description.splitlines() == ["【紧急】", "欠薪线索 GQ-20260105-YJHJWC", "地点：河南省郑州市金水区",
                                        "金额：30000–40000 元", "人数：5 人"]
    long = make_lead(0, location={"province": None, "city": None, "district": None, "address": "工地" * 3000})
    assert len(dict(form(long))["description"]) == 4000


def test_open311_sends_the_first_attachment_url_and_the_jurisdiction():
    photos = [{"kind": "image", "media_id": "m1"}, {"kind": "image", "url": "https://img.example/1.jpg"}]
    pairs = dict(form(make_lead(0, attachments=photos), Open311Service("QX-001", "k", "zhengzhou")))
    assert (pairs["media_url"], pairs["jurisdiction_id"], pairs["service_code"]) == \
        ("https://img.example/1.jpg", "zhengzhou", "QX-001")
