"""The transcript page, the inbox, reveals (logged), exports, the dashboard and the chat funnel."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.app import GATEWAY
from bot.console import funnel
from intake.lead import unseal
from tests.console_kit import add_user, login, make_app, page_csrf, store_of

CALL = ("坐席：您好，12333。\n来电人：我在青岛黄岛区的海悦湾工地干活，包工头张三欠我们十个人工资，一共三万五。\n"
        "坐席：您的电话？\n来电人：13926584417，身份证45092319820615371X。")


@pytest.fixture
async def app(tmp_path):
    app = make_app(tmp_path)
    await add_user(app, "wang.li", "operator")
    await add_user(app, "li.na", "operator")
    await add_user(app, "zhao.min", "supervisor")
    return app


async def submitted(client, transcript: str = CALL, **changes) -> str:
    """Read a transcript, change fields, submit; the lead's reference."""
    token = await page_csrf(client)
    page = await client.post("/console/transcripts/read", data={"transcript": transcript, "date": "2026-01-12",
                                                                  "csrf": token})
    assert page.status == 200
    form = {"csrf": token, "transcript": transcript, "date": "2026-01-12", "action": "submit",
            "employer": "张三", "employer_kind": "person", "city": "青岛市", "district": "黄岛区",
            "amount_yuan": "35000", "phone": "13926584417", "id_number": "45092319820615371X",
            "workers": "10", "industry": "construction", "is_wage_arrears": "on", **changes}
    response = await client.post("/console/transcripts/submit", data=form, allow_redirects=False)
    assert response.status == 303, await response.text()
    return response.headers["Location"].split("/")[-1].split("?")[0]


async def test_reading_fills_the_form_with_evidence_marked(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    token = await page_csrf(client)
    html = await (await client.post("/console/transcripts/read",
                                    data={"transcript": CALL, "date": "2026-01-12", "csrf": token})).text()
    assert 'value="13926584417"' in html and "<mark" in html and 'name="amount_yuan" value="35000"' in html


async def test_missing_required_facts_are_marked_and_block_submitting(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    token = await page_csrf(client)
    form = {"csrf": token, "transcript": "来电人：老板欠钱不给。", "action": "submit"}
    html = await (await client.post("/console/transcripts/submit", data=form)).text()
    assert 'class="field missing"' in html and "flag missing" in html
    assert [i async for i in store_of(app).leads()] == []


async def test_a_submitted_lead_is_a_hotline_lead_with_the_operator(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    reference = await submitted(client, employer="张三劳务")
    item = await store_of(app).get_lead(reference)
    lead = item.lead
    assert unseal(lead, app[GATEWAY].vault)["complainant"]["phone"] == "13926584417"
    assert (lead["channel"], lead["operator"], lead["employer"]["name"]) == ("hotline", "wang.li", "张三劳务")
    assert lead["complainant"]["phone"] != "13926584417"  # sealed at rest
    assert (await submitted(client)) == reference  # the same call again adds nothing


async def test_related_open_leads_are_shown_before_submitting(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    first = await submitted(client, project="海悦湾花园")
    other = await aiohttp_client(app)
    await login(other, "li.na")
    token = await page_csrf(other)
    second_call = CALL.replace("13926584417", "13800000415") + "\n来电人：工地叫海悦湾花园。"
    html = await (await other.post("/console/transcripts/submit", data={
        "csrf": token, "transcript": second_call, "action": "check", "employer": "张三", "project": "海悦湾花园",
        "city": "青岛市", "district": "黄岛区", "amount_yuan": "35000", "phone": "13800000415"})).text()
    assert first in html


async def test_operators_see_their_own_leads_and_supervisors_all(aiohttp_client, app):
    mine, theirs = await aiohttp_client(app), await aiohttp_client(app)
    await login(mine)
    await login(theirs, "li.na")
    own = await submitted(mine)
    other = await submitted(theirs, transcript=CALL + "\n坐席：好的。", phone="13800000415")
    listing = await (await mine.get("/console/leads")).text()
    assert own in listing and other not in listing
    assert (await mine.get(f"/console/leads/{other}")).status == 404
    boss = await aiohttp_client(app)
    await login(boss, "zhao.min")
    listing = await (await boss.get("/console/leads")).text()
    assert own in listing and other in listing


async def test_inbox_filters(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    reference = await submitted(client, urgent="on")
    for query, found in (("q=张三", True), ("q=李四", False), ("district=黄岛", True), ("district=宝安", False),
                         ("industry=construction", True), ("industry=domestic", False), ("urgent=1", True),
                         ("status=pending", True), ("status=closed", False), ("since=2000-01-01", True),
                         ("until=2000-01-01", False), ("q=0415", False), ("q=4417", True)):
        html = await (await client.get(f"/console/leads?{query}")).text()
        assert (reference in html) is found, query


async def test_numbers_are_masked_until_revealed_and_each_reveal_is_logged(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    reference = await submitted(client)
    html = await (await client.get(f"/console/leads/{reference}")).text()
    assert "139****4417" in html and "13926584417" not in html and "45092319820615371X" not in html
    assert [e async for e in store_of(app).records("console_access")] == []
    token = await page_csrf(client)
    assert (await client.post(f"/console/leads/{reference}/reveal", data={})).status == 403
    html = await (await client.post(f"/console/leads/{reference}/reveal", data={"csrf": token})).text()
    assert "13926584417" in html and "45092319820615371X" in html
    log = [e async for _, e in store_of(app).records("console_access")]
    assert [(e["who"], e["action"], e["references"]) for e in log] == [("wang.li", "reveal", [reference])]


async def test_supervisors_export_csv_and_jsonl(aiohttp_client, app):
    operator = await aiohttp_client(app)
    await login(operator)
    reference = await submitted(operator)
    boss = await aiohttp_client(app)
    await login(boss, "zhao.min")
    token = await page_csrf(boss, "/console/leads")
    masked = await boss.post("/console/leads/export", data={"csrf": token, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(await masked.text())))
    assert [r["reference"] for r in rows] == [reference] and rows[0]["complainant.phone"] == "139****4417"
    assert "attachment" in masked.headers["Content-Disposition"]
    assert [e async for e in store_of(app).records("console_access")] == []
    full = await boss.post("/console/leads/export", data={"csrf": token, "format": "jsonl", "reveal": "1",
                                                          "q": "张三"})
    lines = [json.loads(line) for line in (await full.text()).splitlines()]
    assert lines[0]["complainant"]["phone"] == "13926584417"
    log = [e async for _, e in store_of(app).records("console_access")]
    assert [(e["who"], e["action"], e["count"]) for e in log] == [("zhao.min", "export_jsonl", 1)]
    assert "zhao.min" in await (await boss.get("/console/access")).text()


async def test_dashboard_counts_leads_and_draws_svg(aiohttp_client, app):
    operator = await aiohttp_client(app)
    await login(operator)
    await submitted(operator, urgent="on")
    boss = await aiohttp_client(app)
    await login(boss, "zhao.min")
    response = await boss.get("/console/dashboard")
    html = await response.text()
    assert response.status == 200 and html.count("<svg") == 5 and "黄岛区" in html
    assert "script" not in response.headers["Content-Security-Policy"] and "http" not in html.split("<body>")[1]


async def test_the_funnel_counts_each_step_reached_once(store):
    month, tally = "2026-01", funnel.Tally(store)
    funnel.record(tally, month, ["CONSENT"], ["CONSENT"])
    funnel.record(tally, month, ["TOPIC", "EMPLOYER", "PROJECT", "LOCATION", "AMOUNT"], ["AMOUNT"])
    funnel.record(tally, month, [], ["TOPIC"])  # a revision: nothing new reached
    funnel.record(tally, month, ["CONSENT"], ["CONSENT"])
    funnel.record(tally, month, [], ["DECLINED"])
    assert dict((await funnel.counts(store, month))[0])["CONSENT"] == 0, "written in batches, not per message"
    await tally.flush()
    reached, ended = await funnel.counts(store, month)
    reached = dict(reached)
    assert (reached["CONSENT"], reached["TOPIC"], reached["LOCATION"], reached["AMOUNT"], reached["PERIOD"]) == \
        (2, 1, 1, 1, 0)
    assert dict(ended)["DECLINED"] == 1


async def test_chat_conversations_feed_the_funnel(aiohttp_client, app):
    client = await aiohttp_client(app)
    for session in ("funnel-session-1", "funnel-session-2"):
        await client.post("/api/chat", json={"session": session, "text": "包工头欠我三万五"})
    month = funnel.month_of(app[GATEWAY].clock(), app[GATEWAY].tz)
    await app[funnel.TALLY].flush()
    reached, _ = await funnel.counts(store_of(app), month)
    assert dict(reached)["CONSENT"] == 2


async def test_supervisors_see_broadcast_progress(aiohttp_client, app):
    from bot.broadcast import model

    await model.save(store_of(app), model.Broadcast(id="BC-20260501-7K3M9P", template="rights_reminder",
                                                    lang="zh-Hans", provider="log", tps=10, recipients=0,
                                                    created_at=1_777_600_000.0))
    boss = await aiohttp_client(app)
    await login(boss, "zhao.min")
    html = await (await boss.get("/console/broadcasts")).text()
    assert "BC-20260501-7K3M9P" in html and "<progress" in html


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Asia/Kathmandu", "America/St_Johns", "UTC"])
def test_the_funnel_month_turns_at_local_midnight(zone):
    """month_of works the month out once per quarter hour; it must still turn at local midnight."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    midnight = datetime(2026, 12, 1, tzinfo=tz).timestamp()
    for offset in (-901, -1, 0, 1, 899, 900):
        moment = midnight + offset
        assert funnel.month_of(moment, tz) == datetime.fromtimestamp(moment, tz).strftime("%Y-%m")
