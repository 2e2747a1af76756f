"""A lead an operator submits is linked, indexed and alerted like a chat lead."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from intake import events, hotline, linking
from intake.config import Settings
from intake.vault import Vault

VAULT = Vault(b"h" * 32)
NOW = dt.datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
CALL = ("坐席：您好，12333。\n来电人：我们三十多个人在郑州金水区锦城花园二期干活，包工头王建国欠了我们二十万，"
        "现在都堵在项目部门口。我电话13953201234。")


async def test_an_urgent_call_raises_the_alert_and_files_the_lead(store, tmp_path):
    settings = Settings(data_dir=tmp_path, alert_url="http://127.0.0.1:9/alerts")
    found = hotline.draft(CALL, NOW.date())
    lead = hotline.lead_for(found.fields, text=CALL, operator="op1", now=NOW, prefix="GQ", vault=VAULT)
    done = await hotline.submit(store, VAULT, settings, lead, NOW.timestamp())
    assert done.created and (await store.get_lead(done.reference)).lead["priority"] == "urgent"
    queued = await store.get_record(events.KIND, f"urgent:{lead['id']}")
    assert queued is not None and queued["event"]["body"]["lead"]["reference"] == done.reference
    digests = list(linking.subjects(VAULT, lead).values())
    assert digests and all([await store.get_record(f"subject:{d}", lead["id"]) for d in digests])  # indexed
    again = await hotline.submit(store, VAULT, settings, lead, NOW.timestamp())
    assert (again.reference, again.created) == (done.reference, False)
