"""The delivery loop against a real loopback backend, on both stores: scenarios named in plain words."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from urllib.parse import parse_qsl

import aiohttp
import pytest
from aiohttp import web

from intake.delivery.forward import Forwarder
from intake.delivery.worker import Courier, deliver
from intake.schema import problems
from tests.case_backend import CaseBackend
from tests.deliveries import ID_NUMBER, PHONE, VAULT, fill, make_lead, quick, statuses, until


@pytest.fixture
async def backend():
    server = await CaseBackend().start()
    yield server
    await server.stop()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


def courier(store, http, conf, name="w1") -> Courier:
    return Courier(store, VAULT, Forwarder.from_settings(http, conf), conf, name=name)


async def run_until(couriers, condition, within=15.0, what="delivery") -> None:
    """Run the couriers until `condition` holds, then stop them gracefully."""
    stop = asyncio.Event()
    running = [asyncio.create_task(c.run(stop)) for c in couriers]
    try:
        await until(condition, within, what)
    finally:
        stop.set()
        await asyncio.gather(*running)


async def all_delivered(store) -> bool:
    return set((await statuses(store)).values()) == {"delivered"}


async def test_each_lead_arrives_signed_as_lead_v1_and_its_case_id_is_kept(store, backend, http):
    ids = await fill(store, 3)
    await run_until([courier(store, http, quick(backend))], lambda: all_delivered(store))
    assert sorted(backend.cases) == sorted(ids) and backend.forged == 0
    for lead_id in ids:
        item = await store.get_lead(lead_id)
        assert (item.attempts, item.result) == (1, {"case_id": backend.cases[lead_id]})
        content_type, raw = backend.bodies[lead_id]
        body = json.loads(raw)
        assert content_type.startswith("application/json") and problems(body) == []
        assert (body["id"], body["complainant"]["phone"], body["complainant"]["id_number"]) == (lead_id, PHONE, ID_NUMBER)


async def test_a_server_error_is_retried_until_the_lead_arrives(store, backend, http):
    answers = iter(["500", "500", None])
    backend.fault = lambda: next(answers)
    [lead_id] = await fill(store, 1)
    await run_until([courier(store, http, quick(backend))], lambda: all_delivered(store))
    assert backend.requests == [(lead_id, 500), (lead_id, 500), (lead_id, 201)]
    item = await store.get_lead(lead_id)
    assert (item.attempts, item.last_error) == (3, 'HTTP 500: {"error": "internal"}')


async def test_a_timeout_and_a_refused_connection_are_retried(store, backend, http):
    backend.hang = 1.0
    answers = iter(["timeout", None])
    backend.fault = lambda: next(answers)
    [lead_id] = await fill(store, 1)
    await run_until([courier(store, http, quick(backend, case_backend_timeout=0.3))], lambda: all_delivered(store))
    assert (await store.get_lead(lead_id)).attempts == 2
    await store.add_lead(make_lead(7))
    await backend.stop()
    task = courier(store, http, quick(backend))
    await run_until([task], lambda: _failed_once(store, make_lead(7)["id"]), what="a refused attempt")
    assert (await store.get_lead(make_lead(7)["id"])).last_error == "connection failed: ClientConnectorError"


async def _failed_once(store, lead_id) -> bool:
    item = await store.get_lead(lead_id)
    return item.attempts >= 1 and item.status == "pending"


async def throttled(request: web.Request) -> web.Response:
    return web.Response(status=429, headers={"Retry-After": "30"})


async def test_retry_after_is_honoured(store, backend, http):
    app = web.Application()
    app.router.add_post("/cases", throttled)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/cases"
    [lead_id] = await fill(store, 1)
    conf = quick(backend, case_backend_url=url)
    await run_until([courier(store, http, conf)], lambda: _failed_once(store, lead_id), what="a 429")
    await runner.cleanup()
    assert (await store.get_lead(lead_id)).due_at - time.time() == pytest.approx(30, abs=2)


async def test_a_refused_lead_is_parked_with_the_reason_masked(store, backend, http):
    refused, fine = make_lead(0), make_lead(1)
    backend.refuse[refused["id"]] = 422
    await store.add_lead(refused)
    await store.add_lead(fine)
    await run_until([courier(store, http, quick(backend))],
                    lambda: _settled(store, {refused["id"]: "dead", fine["id"]: "delivered"}))
    [dead] = [item async for item in store.dead_letters()]
    assert (dead.lead_id, dead.attempts) == (refused["id"], 1)
    assert dead.last_error == 'HTTP 422: {"error": "district unknown; call 138****0415"}'


async def _settled(store, expected: dict[str, str]) -> bool:
    return await statuses(store) == expected


async def test_a_wrong_secret_is_refused_by_the_backend_and_parked(store, backend, http):
    [lead_id] = await fill(store, 1)
    conf = quick(backend, case_backend_secret="not-the-shared-secret")  # noqa: S106
    await run_until([courier(store, http, conf)], lambda: _settled(store, {lead_id: "dead"}))
    assert backend.forged == 1 and backend.cases == {}
    assert (await store.get_lead(lead_id)).last_error.startswith("HTTP 401")


async def test_two_workers_share_the_outbox_and_each_lead_arrives_once(open_test_store, backend, http):
    backend.delay = 0.01
    first, second = open_test_store(), open_test_store()
    ids = await fill(first, 40)
    conf = quick(backend, delivery_concurrency=3)
    await run_until([courier(first, http, conf, "w1"), courier(second, http, conf, "w2")],
                    lambda: all_delivered(first))
    assert sorted(backend.ok) == sorted(ids) and set(backend.ok.values()) == {1}
    assert len(backend.requests) == 40


async def test_a_crashed_workers_lead_is_taken_over_when_its_lease_runs_out(store, backend, http):
    [lead_id] = await fill(store, 1)
    assert len(await store.claim("crashed-worker", lease=0.5, limit=1)) == 1
    await run_until([courier(store, http, quick(backend))], lambda: all_delivered(store))
    assert (await store.get_lead(lead_id)).attempts == 2 and backend.ok[lead_id] == 1


async def test_stopping_finishes_the_requests_in_flight_and_claims_no_more(store, backend, http):
    backend.delay = 0.5
    ids = await fill(store, 10)
    stop = asyncio.Event()
    running = asyncio.create_task(courier(store, http, quick(backend, delivery_concurrency=3)).run(stop))
    await until(lambda: len(backend.in_flight) == 3, 5, "three requests in flight")
    stop.set()
    await asyncio.wait_for(running, 5)
    found = await statuses(store)
    assert sorted(found.values()) == ["delivered"] * 3 + ["pending"] * 7
    assert len(backend.requests) == 3 and {i for i in ids if found[i] == "delivered"} == set(backend.cases)


async def test_open311_sends_a_form_encoded_georeport_service_request(store, backend, http):
    backend.answer = lambda case: web.json_response([{"service_request_id": case, "service_notice": ""}], status=201)
    [lead_id] = await fill(store, 1)
    conf = quick(backend, case_backend_format="open311", open311_service_code="QX-001", open311_api_key="k3y")
    await run_until([courier(store, http, conf)], lambda: all_delivered(store))
    content_type, raw = backend.bodies[lead_id]
    form = dict(parse_qsl(raw.decode()))
    assert content_type == "application/x-www-form-urlencoded"
    assert (form["service_code"], form["api_key"], form["phone"], form["last_name"]) == ("QX-001", "k3y", PHONE, "李四")
    assert form["address_string"] == "四川省成都市武侯区"
    assert form["description"].splitlines()[:3] == ["欠薪线索 GQ-20260105-WSSNSU", "欠薪方：王建国", "项目：锦城花园"]
    assert (form["attribute[lead_id]"], form["attribute[amount_yuan]"], form["attribute[workers]"]) == (lead_id, "35000", "12")
    assert (form["attribute[id_number]"], form["attribute[urgent]"]) == (ID_NUMBER, "false")
    assert (await store.get_lead(lead_id)).result == {"case_id": backend.cases[lead_id]}


async def test_without_a_backend_the_job_leaves_leads_in_the_inbox(store, backend, http):
    ids = await fill(store, 2)
    conf = quick(backend, case_backend_url="")
    await asyncio.wait_for(deliver(store, conf, VAULT, http, asyncio.Event()), 1)
    assert await statuses(store) == dict.fromkeys(ids, "pending") and backend.requests == []


async def test_logs_never_carry_phone_or_id_numbers(store, backend, http, caplog):
    caplog.set_level(logging.DEBUG)
    refused, fine = make_lead(0), make_lead(1)
    backend.refuse[refused["id"]] = 400
    await store.add_lead(refused)
    await store.add_lead(fine)
    await run_until([courier(store, http, quick(backend))],
                    lambda: _settled(store, {refused["id"]: "dead", fine["id"]: "delivered"}))
    assert refused["reference"] in caplog.text and fine["reference"] in caplog.text
    assert PHONE not in caplog.text and ID_NUMBER not in caplog.text
