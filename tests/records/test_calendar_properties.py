"""Properties of due_at over random starts (hypothesis)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from records.calendar import Limit, due_at, is_working_day, local_date

ALMATY = ZoneInfo("Asia/Almaty")
OPENS, CLOSES = time(9, 0), time(18, 30)

starts = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.sampled_from([ALMATY, UTC])
)
relative_limits = st.one_of(
    st.builds(Limit, kind=st.just("minutes"), value=st.integers(1, 3000)),
    st.builds(Limit, kind=st.just("hours"), value=st.integers(1, 40)),
    st.builds(Limit, kind=st.just("working_days"), value=st.integers(1, 15)),
    st.just(Limit("same_day")),
)


def working_minutes_between(start: datetime, end: datetime) -> int:
    """Brute-force oracle: the working minutes in [start, end], day by day."""
    start, end = start.astimezone(ALMATY), end.astimezone(ALMATY)
    total, day = timedelta(0), start.date()
    while day <= end.date():
        if is_working_day(day):
            opens = datetime.combine(day, OPENS, tzinfo=ALMATY)
            closes = datetime.combine(day, CLOSES, tzinfo=ALMATY)
            overlap = min(closes, end) - max(opens, start)
            total += max(overlap, timedelta(0))
        day += timedelta(days=1)
    return round(total.total_seconds() / 60)


@settings(max_examples=300, deadline=None)
@given(start=starts, later_by=st.timedeltas(timedelta(0), timedelta(days=20)), limit=relative_limits)
def test_due_at_is_monotonic_in_start(start, later_by, limit):
    assert due_at(start, limit) <= due_at(start + later_by, limit)


@settings(max_examples=300, deadline=None)
@given(start=starts, limit=relative_limits)
def test_due_at_is_never_before_start(start, limit):
    assert due_at(start, limit) >= start


@settings(max_examples=300, deadline=None)
@given(start=starts, n=st.integers(1, 15))
def test_working_days_end_at_the_close_of_the_nth_working_day_after_receipt(start, n):
    due = due_at(start, Limit("working_days", n)).astimezone(ALMATY)
    assert due.timetz().replace(tzinfo=None) == CLOSES and is_working_day(due.date())
    receipt = local_date(start)
    between = [receipt + timedelta(days=k) for k in range(1, (due.date() - receipt).days + 1)]
    assert sum(is_working_day(d) for d in between) == n


@settings(max_examples=300, deadline=None)
@given(start=starts, minutes=st.integers(1, 3000))
def test_minute_limits_land_in_working_hours_after_exactly_that_working_time(start, minutes):
    due = due_at(start, Limit("minutes", minutes)).astimezone(ALMATY)
    assert is_working_day(due.date())
    assert OPENS < due.time() <= CLOSES
    assert working_minutes_between(start, due) == minutes
