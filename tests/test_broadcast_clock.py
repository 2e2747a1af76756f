"""Quiet hours and the --at schedule, in Shanghai time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.broadcast.clock import QuietHours, parse_at

TZ = "Asia/Shanghai"


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(TZ)).timestamp()


@pytest.mark.parametrize(("now", "wait"), [
    ("2026-05-01 20:59:59", 0),
    ("2026-05-01 21:00:00", 11 * 3600),
    ("2026-05-01 23:30:00", 8.5 * 3600),
    ("2026-05-02 00:00:00", 8 * 3600),
    ("2026-05-02 07:59:00", 60),
    ("2026-05-02 08:00:00", 0),
    ("2026-05-02 12:00:00", 0),
])
def test_quiet_hours_over_midnight(now, wait):
    assert QuietHours.parse("21:00-08:00", TZ).until_end(at(now)) == pytest.approx(wait)


def test_quiet_hours_within_one_day_and_switched_off():
    lunch = QuietHours.parse("12:00-13:30", TZ)
    assert lunch.until_end(at("2026-05-01 12:30:00")) == pytest.approx(3600)
    assert lunch.until_end(at("2026-05-01 13:30:00")) == 0
    assert QuietHours.parse("off", TZ) is None


def test_bad_quiet_hours_say_how_to_write_them():
    with pytest.raises(ValueError, match="21:00-08:00"):
        QuietHours.parse("9pm to 8am", TZ)


def test_at_takes_a_local_date_and_time_or_the_next_such_time():
    now = at("2026-05-01 10:00:00")
    assert parse_at("2026-05-03 09:00", TZ, now) == at("2026-05-03 09:00:00")
    assert parse_at("11:00", TZ, now) == at("2026-05-01 11:00:00")
    assert parse_at("09:00", TZ, now) == at("2026-05-02 09:00:00")
    with pytest.raises(ValueError, match="--at"):
        parse_at("tomorrow", TZ, now)
