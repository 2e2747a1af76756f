"""What each backend answer does to a lead, and how long a retry waits: tables of real answers."""

from __future__ import annotations

import random
from email.utils import formatdate

import pytest

from intake.delivery.policy import Outcome, backoff, case_id, classify, retry_delay, wait_asked

ANSWERS = [
    # status, body, Retry-After, kind, case id
    (200, b'{"case_id": "C-1"}', None, "delivered", "C-1"),
    (201, b'{"case_id": 42}', None, "delivered", "42"),
    (202, b"", None, "delivered", None),
    (204, b"not json", None, "delivered", None),
    (201, b'[{"service_request_id": "638344", "service_notice": "callback in 48 h"}]', None, "delivered", "638344"),
    (201, b'[{"token": "12345"}]', None, "delivered", "12345"),
    (408, b"", None, "retry", None),
    (429, b"slow down", "7", "retry", None),
    (500, b"boom", None, "retry", None),
    (502, b"<html>bad gateway</html>", None, "retry", None),
    (503, b"", "120", "retry", None),
    (301, b"", None, "dead", None),
    (400, b'[{"code": 400, "description": "service_code not found"}]', None, "dead", None),
    (401, b'{"error": "bad signature"}', None, "dead", None),
    (404, b"", None, "dead", None),
    (409, b"", None, "dead", None),
    (413, b"", None, "dead", None),
    (422, b'{"error": "district unknown"}', None, "dead", None),
]


@pytest.mark.parametrize("status, body, retry_after, kind, case", ANSWERS)
def test_each_answer_decides_the_leads_fate(status, body, retry_after, kind, case):
    outcome = classify(status, body, retry_after)
    assert (outcome.kind, outcome.case_id) == (kind, case)
    if kind != "delivered":
        assert outcome.reason.startswith(f"HTTP {status}")


def test_the_reason_keeps_the_backends_words_but_masks_personal_numbers():
    outcome = classify(422, b'{"error": "phone 13800000415 and ID 11010519491231002X already filed"}')
    assert outcome.reason == 'HTTP 422: {"error": "phone 138****0415 and ID 110105********002X already filed"}'
    assert len(classify(400, b"x" * 5000).reason) <= 310


@pytest.mark.parametrize("header, seconds", [
    ("30", 30.0), ("0", 0.0), ("-5", 0.0), ("1.5", 1.5), ("86400", 3600.0), ("soon", None), ("", None), (None, None),
])
def test_retry_after_in_seconds(header, seconds):
    assert wait_asked(header, now=1_800_000_000) == seconds


def test_retry_after_as_an_http_date():
    assert wait_asked(formatdate(1_800_000_090, usegmt=True), now=1_800_000_000) == pytest.approx(90)
    assert wait_asked(formatdate(1_799_999_000, usegmt=True), now=1_800_000_000) == 0.0


def test_backoff_is_full_jitter_under_a_doubling_ceiling_with_a_cap():
    rng = random.Random(7)
    for attempts, ceiling in ((1, 2.0), (2, 4.0), (3, 8.0), (6, 64.0), (9, 300.0), (500, 300.0)):
        waits = [backoff(attempts, 2.0, 300.0, rng) for _ in range(2000)]
        assert 0 <= min(waits) and max(waits) <= ceiling
        assert max(waits) > 0.9 * ceiling and min(waits) < 0.1 * ceiling  # spread over the whole range


def test_a_retry_after_header_overrides_the_backoff():
    assert retry_delay(Outcome("retry", retry_after=42.0), attempts=1, base=2.0, cap=300.0) == 42.0
    assert retry_delay(Outcome("retry"), attempts=1, base=2.0, cap=300.0) <= 2.0


@pytest.mark.parametrize("body, found", [
    (b'{"case_id": "X"}', "X"), (b'{"case_id": ""}', None), (b'{"id": "X"}', None), (b"[]", None),
    (b'"X"', None), (b"\xff", None),
])
def test_case_id_is_read_only_from_known_places(body, found):
    assert case_id(body) == found
