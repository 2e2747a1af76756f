"""Console authentication: nothing answers without it, CSRF on every post, lock-out, roles, log-out."""

from __future__ import annotations

import re

import pytest

from bot.console import secrets as console_secrets
from bot.console.guard import PUBLIC
from bot.console.render import Html, fill, tag
from tests.console_kit import PASSWORD, add_user, api_token, csrf, login, make_app, page_csrf, store_of

# Every console and API route, with a body where one is needed: each must refuse an anonymous caller.
PROTECTED = [
    ("GET", "/console"), ("GET", "/console/transcripts"), ("POST", "/console/transcripts/read"),
    ("POST", "/console/transcripts/submit"), ("GET", "/console/leads"), ("POST", "/console/leads/export"),
    ("GET", "/console/leads/GQ-20260101-ABCDEF"), ("POST", "/console/leads/GQ-20260101-ABCDEF/reveal"),
    ("GET", "/console/dashboard"), ("GET", "/console/access"), ("GET", "/console/broadcasts"),
    ("POST", "/console/logout"), ("GET", "/console/no-such-page"), ("POST", "/api/transcripts"),
    ("GET", "/api/openapi.json"), ("GET", "/api/no-such-endpoint"), ("DELETE", "/api/transcripts"),
]


@pytest.fixture
async def app(tmp_path):
    app = make_app(tmp_path)
    await add_user(app, "wang.li", "operator")
    await add_user(app, "zhao.min", "supervisor")
    return app


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_nothing_answers_without_authentication(aiohttp_client, app, method, path):
    client = await aiohttp_client(app)
    response = await client.request(method, path, allow_redirects=False, data={"text": "x"})
    assert response.status in (401, 303), (method, path, response.status)
    if response.status == 303:
        assert response.headers["Location"] == "/console/login"


async def test_only_web_chat_and_signed_webhooks_are_open(app):
    assert app[PUBLIC] == {"/api/chat", "/api/chat/photo", "/api/leads/{reference}/status"}


async def test_web_chat_still_answers_anonymously(aiohttp_client, app):
    client = await aiohttp_client(app)
    response = await client.post("/api/chat", json={"session": "anon-session-1", "text": "你好"})
    assert response.status == 200


async def test_a_logged_in_operator_gets_a_strict_session_cookie(aiohttp_client, app):
    client = await aiohttp_client(app)
    response = await login(client)
    assert response.status == 303
    cookie = response.headers.getall("Set-Cookie")
    session = next(c for c in cookie if c.startswith("gq_session="))
    assert "HttpOnly" in session and "SameSite=Strict" in session and "Path=/" in session
    assert (await client.get("/console/transcripts")).status == 200


async def test_secure_cookies_use_the_host_prefix(aiohttp_client, tmp_path):
    app = make_app(tmp_path, console_secure_cookies=True)
    client = await aiohttp_client(app)
    response = await client.get("/console/login")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-gq_login=") and "Secure" in cookie and "HttpOnly" in cookie


async def test_the_session_token_is_stored_hashed(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    token = next(c.value for c in client.session.cookie_jar if c.key == "gq_session")
    keys = [k async for k, _ in store_of(app).records("console_session")]
    assert keys == [console_secrets.token_key(token)] and token not in keys


async def test_passwords_are_salted_scrypt_hashes(app):
    record = await store_of(app).get_record("console_operator", "wang.li")
    other = await store_of(app).get_record("console_operator", "zhao.min")
    assert record["password"].startswith("scrypt$") and PASSWORD not in record["password"]
    assert record["password"].split("$")[4] != other["password"].split("$")[4]
    assert console_secrets.verify_password(PASSWORD, record["password"])
    assert not console_secrets.verify_password(PASSWORD + "x", record["password"])


async def test_posts_without_the_session_csrf_token_are_rejected(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    token = await page_csrf(client)
    form = {"transcript": "来电人：包工头欠我三万五"}
    assert (await client.post("/console/transcripts/read", data=form)).status == 403
    assert (await client.post("/console/transcripts/read", data={**form, "csrf": "forged"})).status == 403
    assert (await client.post("/console/logout", data={}, allow_redirects=False)).status == 403
    assert (await client.post("/console/transcripts/read", data={**form, "csrf": token})).status == 200


async def test_a_csrf_token_from_another_session_is_rejected(aiohttp_client, app):
    first, second = await aiohttp_client(app), await aiohttp_client(app)
    await login(first)
    await login(second, "zhao.min")
    stolen = await page_csrf(second)
    response = await first.post("/console/transcripts/read", data={"transcript": "欠我三万五", "csrf": stolen})
    assert response.status == 403


async def test_the_login_form_has_its_own_csrf_token(aiohttp_client, app):
    client = await aiohttp_client(app)
    await client.get("/console/login")
    response = await client.post("/console/login", data={"csrf": "guess", "username": "wang.li",
                                                          "password": PASSWORD}, allow_redirects=False)
    assert response.status == 403


async def test_repeated_failures_lock_the_account_even_for_the_right_password(aiohttp_client, app):
    client = await aiohttp_client(app)
    for _ in range(5):
        assert (await login(client, password="wrong password!")).status == 401  # noqa: S106
    response = await login(client)
    assert response.status == 401 and "15" in await response.text()
    record = await store_of(app).get_record("console_operator", "wang.li")
    assert record["locked_until"] > 0


async def test_a_lock_ends_after_the_lockout(aiohttp_client, tmp_path):
    now = [1_800_000_000.0]
    app = make_app(tmp_path, clock=lambda: now[0], console_max_failures=2)
    await add_user(app)
    client = await aiohttp_client(app)
    for _ in range(2):
        await login(client, password="not the password")  # noqa: S106
    assert (await login(client)).status == 401
    now[0] += 901
    assert (await login(client)).status == 303


async def test_unknown_names_and_wrong_passwords_read_the_same(aiohttp_client, app):
    client = await aiohttp_client(app)
    unknown = await (await login(client, "nobody.here", "whatever pass")).text()
    wrong = await (await login(client, "zhao.min", "whatever pass")).text()
    strip = lambda html: re.sub(r'(nonce|value)="[^"]*"', "", html)  # noqa: E731
    assert strip(unknown) == strip(wrong)


async def test_operators_may_not_open_supervisor_pages(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    for path in ("/console/dashboard", "/console/access", "/console/broadcasts"):
        assert (await client.get(path)).status == 403, path
    token = await page_csrf(client)
    response = await client.post("/console/leads/export", data={"csrf": token, "format": "csv"})
    assert response.status == 403


async def test_supervisors_open_every_page(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client, "zhao.min")
    for path in ("/console/dashboard", "/console/access", "/console/leads", "/console/transcripts",
                 "/console/broadcasts"):
        assert (await client.get(path)).status == 200, path


async def test_a_session_cookie_does_not_open_the_transcript_api(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    response = await client.post("/api/transcripts", json={"text": "欠我三万五"})
    assert response.status == 403


async def test_api_tokens_are_stored_hashed_and_open_the_api(aiohttp_client, app):
    token = await api_token(app)
    keys = [k async for k, _ in store_of(app).records("api_token")]
    assert token not in keys and keys == [console_secrets.token_key(token)]
    client = await aiohttp_client(app)
    assert (await client.post("/api/transcripts", json={"text": "欠我三万五"},
                              headers={"Authorization": f"Bearer {token}x"})).status == 401
    response = await client.post("/api/transcripts", json={"text": "欠我三万五"},
                                 headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200
    assert (await client.get("/console/leads", headers={"Authorization": f"Bearer {token}"},
                             allow_redirects=False)).status == 303


async def test_log_out_ends_the_session_on_the_server(aiohttp_client, app):
    client = await aiohttp_client(app)
    await login(client)
    token = await page_csrf(client)
    response = await client.post("/console/logout", data={"csrf": token}, allow_redirects=False)
    assert response.status == 303
    assert [k async for k, _ in store_of(app).records("console_session")] == []
    assert (await client.get("/console/transcripts", allow_redirects=False)).status == 303


async def test_a_removed_account_loses_its_session(aiohttp_client, app):
    from bot.console import accounts

    client = await aiohttp_client(app)
    await login(client)
    await accounts.remove(store_of(app), "wang.li")
    assert (await client.get("/console/transcripts", allow_redirects=False)).status == 303


def test_templates_escape_values_unless_they_are_markup():
    html = fill("login", "en", csrf='"><script>', notice=Html("<b>ok</b>"))
    assert "&quot;&gt;&lt;script&gt;" in html and "<b>ok</b>" in html
    assert tag("td", "<img src=x>") == "<td>&lt;img src=x&gt;</td>"


def test_csrf_helper_reads_forms():
    assert csrf('<input type="hidden" name="csrf" value="abc">') == "abc"
