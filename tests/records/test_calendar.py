"""Working-time calendar: Kazakhstan's holidays as the `holidays` package gives them, and limit semantics."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from records.calendar import (
    Limit,
    add_working_days,
    deadline_status,
    due_at,
    is_working_day,
    next_working_day,
    working_day_end,
)

ALMATY = ZoneInfo("Asia/Almaty")


def at(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=ALMATY)


def close(y: int, m: int, d: int) -> datetime:
    return at(y, m, d, 18, 30)


def days_off(first: date, last: date) -> list[date]:
    span = (last - first).days + 1
    return [first + timedelta(n) for n in range(span) if not is_working_day(first + timedelta(n))]


# --- Days ------------------------------------------------------------------------------------------


def test_weekends_are_days_off_and_weekdays_work():
    assert [is_working_day(date(2025, 2, d)) for d in range(3, 10)] == [True] * 5 + [False] * 2


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 21 Fri, 22 Sat, 23 Sun; observed on Mon 24 and Tue 25.
        (2025, [date(2025, 3, d) for d in (21, 22, 23, 24, 25)]),
        # 21 Sat, 22 Sun, 23 Mon; observed on Tue 24 and Wed 25.
        (2026, [date(2026, 3, d) for d in (21, 22, 23, 24, 25)]),
    ],
)
def test_nauryz_with_observed_days(year, expected):
    assert days_off(date(year, 3, 19), date(year, 3, 27)) == expected
    assert is_working_day(date(year, 3, 20)) and is_working_day(date(year, 3, 26))


def test_independence_day_on_a_weekday():
    # 2025: 16 December is a Tuesday; since 2022 the 17th is no longer a holiday.
    assert days_off(date(2025, 12, 15), date(2025, 12, 19)) == [date(2025, 12, 16)]


def test_independence_day_on_saturday_is_observed_on_monday():
    # 2023: 16 December is a Saturday, the day off moves to Monday 18.
    assert days_off(date(2023, 12, 15), date(2023, 12, 19)) == [
        date(2023, 12, 16),
        date(2023, 12, 17),
        date(2023, 12, 18),
    ]
    assert due_at(at(2023, 12, 15, 15), Limit("working_days", 1)) == close(2023, 12, 19)


def test_transferred_working_saturday_and_its_bridge_day():
    # 2024: Wednesday 8 May is a day off transferred from Saturday 4 May, which is worked.
    assert is_working_day(date(2024, 5, 4))
    assert not is_working_day(date(2024, 5, 8))
    assert days_off(date(2024, 5, 6), date(2024, 5, 10)) == [date(2024, 5, d) for d in (7, 8, 9)]
    assert next_working_day(date(2024, 5, 3)) == date(2024, 5, 4)
    assert due_at(at(2024, 5, 3, 17), Limit("working_days", 1)) == close(2024, 5, 4)


def test_transferred_working_sunday():
    # 2025: Friday 3 January is a day off transferred from Sunday 5 January.
    assert not is_working_day(date(2025, 1, 3))
    assert is_working_day(date(2025, 1, 5))
    assert add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 5)


def test_transfer_decreed_in_the_next_year():
    # 3 January 2014 was a day off worked on Saturday 28 December 2013 (a decree listed under 2014).
    assert is_working_day(date(2013, 12, 28))
    assert not is_working_day(date(2014, 1, 3))


def test_extra_days_from_settings():
    # A decree the package does not know yet: Friday 27 March 2026 off, Saturday 28 March worked.
    assert is_working_day(date(2026, 3, 27)) and not is_working_day(date(2026, 3, 28))
    with override_settings(
        WORKING_CALENDAR_EXTRA_HOLIDAYS=["2026-03-27"], WORKING_CALENDAR_EXTRA_WORKING_DAYS=["2026-03-28"]
    ):
        assert not is_working_day(date(2026, 3, 27))
        assert is_working_day(date(2026, 3, 28))
        assert due_at(at(2026, 3, 26, 10), Limit("working_days", 1)) == close(2026, 3, 28)
    assert is_working_day(date(2026, 3, 27)) and not is_working_day(date(2026, 3, 28))


def test_bad_settings_are_reported():
    with override_settings(WORKING_CALENDAR_EXTRA_HOLIDAYS=["27.03.2026"]):
        with pytest.raises(ImproperlyConfigured):
            is_working_day(date(2026, 3, 27))
    with override_settings(WORKING_HOURS=("18:30", "09:00")):
        with pytest.raises(ImproperlyConfigured):
            working_day_end(date(2026, 3, 27))


# --- Working hours and the time zone ---------------------------------------------------------------


def test_working_day_end_is_in_almaty_time():
    # Asia/Almaty moved from UTC+6 to UTC+5 on 1 March 2024.
    assert working_day_end(date(2023, 12, 19)) == datetime(2023, 12, 19, 12, 30, tzinfo=UTC)
    assert working_day_end(date(2025, 3, 26)) == datetime(2025, 3, 26, 13, 30, tzinfo=UTC)


def test_working_hours_are_configurable():
    with override_settings(WORKING_HOURS=("08:00", "17:00")):
        assert working_day_end(date(2025, 3, 26)) == close(2025, 3, 26) - timedelta(minutes=90)
        assert due_at(at(2025, 3, 26, 16, 45), Limit("minutes", 30)) == at(2025, 3, 27, 8, 15)


# --- Limits ----------------------------------------------------------------------------------------


def test_minutes_within_the_day():
    assert due_at(at(2025, 3, 12, 10, 0), Limit("minutes", 15)) == at(2025, 3, 12, 10, 15)


def test_minutes_crossing_closing_time_and_a_weekend():
    # Friday 18:10 + 30 min: 20 min on Friday, 10 min on Monday.
    assert due_at(at(2025, 3, 14, 18, 10), Limit("minutes", 30)) == at(2025, 3, 17, 9, 10)


def test_minutes_crossing_nauryz():
    # Thursday 20 March 2025 18:15 + 30 min: the next opening is Wednesday 26 March.
    assert due_at(at(2025, 3, 20, 18, 15), Limit("minutes", 30)) == at(2025, 3, 26, 9, 15)


def test_minutes_ending_exactly_at_closing_time():
    assert due_at(at(2025, 3, 12, 18, 0), Limit("minutes", 30)) == close(2025, 3, 12)


def test_start_outside_working_hours_begins_at_the_next_opening():
    assert due_at(at(2025, 3, 12, 7, 40), Limit("minutes", 15)) == at(2025, 3, 12, 9, 15)
    assert due_at(at(2025, 3, 12, 18, 30), Limit("minutes", 15)) == at(2025, 3, 13, 9, 15)
    assert due_at(at(2025, 3, 15, 11, 0), Limit("minutes", 15)) == at(2025, 3, 17, 9, 15)


def test_hours_run_in_working_time():
    # 4 h from Thursday 16:00 before Nauryz 2025: 2 h 30 on Thursday, 1 h 30 on Wednesday 26.
    assert due_at(at(2025, 3, 20, 16, 0), Limit("hours", 4)) == at(2025, 3, 26, 10, 30)
    # 2 h from Friday 17:00: 1 h 30 on Friday, 30 min on Monday.
    assert due_at(at(2025, 3, 14, 17, 0), Limit("hours", 2)) == at(2025, 3, 17, 9, 30)


def test_start_in_another_time_zone():
    # 04:00 UTC is 09:00 in Almaty (UTC+5 in 2025).
    start = datetime(2025, 3, 12, 4, 0, tzinfo=UTC)
    assert due_at(start, Limit("minutes", 30)) == at(2025, 3, 12, 9, 30)


def test_the_day_of_receipt_is_not_counted():
    # Received Monday morning: 1 working day ends on Tuesday evening, not Monday evening.
    assert due_at(at(2025, 3, 3, 9, 0), Limit("working_days", 1)) == close(2025, 3, 4)
    # Received after closing time, the day of receipt is still Monday.
    assert due_at(at(2025, 3, 3, 20, 0), Limit("working_days", 1)) == close(2025, 3, 4)
    # Received on Saturday: the first working day after it is Monday.
    assert due_at(at(2025, 3, 1, 11, 0), Limit("working_days", 1)) == close(2025, 3, 3)


def test_one_working_day_from_friday_afternoon():
    assert due_at(at(2025, 3, 14, 15, 0), Limit("working_days", 1)) == close(2025, 3, 17)


def test_working_days_across_holidays():
    # Thursday 20 March 2025, 1 wd: Nauryz and its observed days are skipped.
    assert due_at(at(2025, 3, 20, 10), Limit("working_days", 1)) == close(2025, 3, 26)
    # Friday 20 March 2026, 1 wd: Sat-Sun, 23 March, and the observed 24-25 March are skipped.
    assert due_at(at(2026, 3, 20, 10), Limit("working_days", 1)) == close(2026, 3, 26)
    # Monday 3 March 2025, 10 wd: skips 8 March (Sat), observed on Monday 10 March.
    assert due_at(at(2025, 3, 3, 10), Limit("working_days", 10)) == close(2025, 3, 18)


def test_same_day():
    assert due_at(at(2025, 3, 12, 10, 0), Limit("same_day")) == close(2025, 3, 12)
    # On a non-working day or after closing time: the close of the next working day.
    assert due_at(at(2025, 3, 22, 10, 0), Limit("same_day")) == close(2025, 3, 26)
    assert due_at(at(2025, 3, 12, 19, 0), Limit("same_day")) == close(2025, 3, 13)


def test_external_date():
    assert due_at(at(2025, 3, 3), Limit("external", external_date=date(2025, 4, 15))) == close(2025, 4, 15)
    # A plan date on an observed holiday moves to the next working day.
    assert due_at(at(2025, 3, 3), Limit("external", external_date=date(2025, 3, 24))) == close(2025, 3, 26)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "minutes"},
        {"kind": "hours", "value": 0},
        {"kind": "working_days", "value": -1},
        {"kind": "external"},
        {"kind": "external", "external_date": datetime(2025, 1, 1)},
        {"kind": "fortnight", "value": 1},
    ],
)
def test_invalid_limits_are_refused(kwargs):
    with pytest.raises(ValueError):
        Limit(**kwargs)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        due_at(datetime(2025, 3, 12, 10, 0), Limit("minutes", 15))


# --- Deadline flags --------------------------------------------------------------------------------


def test_deadline_status():
    due = close(2025, 3, 18)
    assert deadline_status(due, at(2025, 3, 17, 17, 0)) == "ok"
    assert deadline_status(due, at(2025, 3, 18, 9, 0)) == "due_today"
    assert deadline_status(due, due) == "due_today"
    assert deadline_status(due, due + timedelta(minutes=1)) == "overdue"
    assert deadline_status(due, at(2025, 3, 19, 9, 0)) == "overdue"


def test_deadline_status_uses_the_local_date():
    due = close(2025, 3, 18)
    # 19:30 UTC on the 17th is 00:30 on the 18th in Almaty: the deadline is today there.
    assert deadline_status(due, datetime(2025, 3, 17, 19, 30, tzinfo=UTC)) == "due_today"
    assert deadline_status(due, datetime(2025, 3, 17, 18, 30, tzinfo=UTC)) == "ok"
