"""Repeated complaints: names compared as a bureau would, linking within the window, not after it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from intake import linking, names
from intake.lead import build_lead, seal
from intake.status import record_status
from intake.vault import Vault

TZ = ZoneInfo("Asia/Shanghai")
DAY = 86400.0
T0 = datetime(2026, 5, 1, 10, tzinfo=TZ).timestamp()
VAULT = Vault(b"k" * 32)


@pytest.mark.parametrize(("raw", "same_as"), [
    ("张老板", "包工头张"),
    ("張老闆", "张老板"),
    ("合肥鼎盛建筑劳务有限公司", "合肥鼎盛建筑劳务有限责任公司"),
    ("合肥鼎盛建筑劳务 有限公司", "合肥鼎盛建筑劳务公司"),
    ("ＡＢＣ建设集团", "abc建设"),
])
def test_employer_names_compare_as_a_bureau_would(raw, same_as):
    assert names.employer_key(raw) == names.employer_key(same_as) != ""


@pytest.mark.parametrize(("raw", "same_as", "places"), [
    ("桃花湾安置房三期工地", "桃花湾安置房三期项目部", ()),
    ("肥西县桃花湾安置房三期", "桃花湾安置房三期", ("安徽省", "合肥市", "肥西县")),
    ("肥西桃花湾安置房三期", "桃花湾安置房三期项目", ("安徽省", "合肥市", "肥西县")),
    ("《桃花灣安置房三期》", "桃花湾安置房三期", ()),
])
def test_project_names_compare_as_a_bureau_would(raw, same_as, places):
    assert names.project_key(raw, places) == names.project_key(same_as, places) != ""


def test_different_projects_stay_different():
    assert names.project_key("桃花湾安置房三期") != names.project_key("桃花湾安置房二期")
    assert names.employer_key("鼎盛建筑") != names.employer_key("鼎胜建筑")


def lead(conversation: str, at: float, *, employer="赵德胜", project="桃花湾安置房三期", code=None,
         phone=None, sender="s", workers=1) -> dict:
    data = {"employer": employer, "project": project, "project_code": code, "phone": phone, "workers": workers,
            "district": "肥西县", "city": "合肥市"}
    return build_lead(data, conversation_id=conversation, channel="web", sender=sender,
                      now=datetime.fromtimestamp(at, TZ), prefix="GQ")


async def saved(store, item: dict) -> dict:
    await linking.index(store, VAULT, item)
    await store.add_lead(seal(item, VAULT))
    return item


async def test_a_lead_about_the_same_employer_and_project_is_linked_within_the_window(store):
    first = await saved(store, lead("c1", T0, sender="a", workers=6))
    new = lead("c2", T0 + 29 * DAY, employer="包工头赵德胜", project="桃花湾安置房三期工地", sender="b", workers=4)
    items = await linking.related(store, VAULT, new, T0 + 29 * DAY)
    linking.link(new, items)
    assert (new["related"], new["related_workers"]) == ([first["reference"]], 10)


async def test_a_lead_outside_the_window_is_not_linked(store):
    await saved(store, lead("c1", T0, sender="a"))
    assert await linking.related(store, VAULT, lead("c2", T0 + 31 * DAY, sender="b"), T0 + 31 * DAY) == []
    assert await linking.related(store, VAULT, lead("c3", T0 + 31 * DAY), T0 + 31 * DAY, window_days=40) != []


async def test_the_same_project_code_links_whatever_the_names(store):
    first = await saved(store, lead("c1", T0, employer="鼎盛劳务", project="一号楼", code="hf-0001"))
    other = lead("c2", T0 + DAY, employer="王老板", project="桃花湾", code="HF-0001")
    assert [i.reference for i in await linking.related(store, VAULT, other, T0 + DAY)] == [first["reference"]]


async def test_a_closed_lead_is_not_linked(store):
    first = await saved(store, lead("c1", T0))
    await record_status(store, first["reference"], "closed", "已结清", at=T0 + DAY)
    assert await linking.related(store, VAULT, lead("c2", T0 + 2 * DAY), T0 + 2 * DAY) == []


async def test_an_index_entry_whose_lead_was_never_saved_is_skipped(store):
    await linking.index(store, VAULT, lead("c1", T0))  # as after a crash between index and save
    assert await linking.related(store, VAULT, lead("c2", T0 + DAY), T0 + DAY) == []


async def test_the_same_phone_from_another_session_is_a_repeat(store):
    first = await saved(store, lead("c1", T0, phone="13966012345", sender="a"))
    items = await linking.related(store, VAULT, lead("c2", T0 + DAY), T0 + DAY)
    assert linking.repeated_by(VAULT, lead("c2", T0 + DAY, phone="139 6601 2345", sender="b"), items).reference \
        == first["reference"]
    assert linking.repeated_by(VAULT, lead("c3", T0 + DAY, phone="13800000000", sender="c"), items) is None
    assert linking.repeated_by(VAULT, lead("c4", T0 + DAY, sender="a"), items) is not None
