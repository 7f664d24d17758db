"""Working days in a State's own calendar (weekends and its national holidays, from the `holidays` package):
how decision due dates and notice periods are counted."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any


@cache
def national_holidays(alpha2: str) -> Any:
    import holidays

    try:
        return holidays.country_holidays(alpha2)
    except NotImplementedError:  # the holidays package's answer for a country it has no calendar for
        return None  # counted as weekends only, and the notice check says so


def has_national_calendar(alpha2: str) -> bool:
    """Whether the `holidays` package has the State's public holidays; without it working days are weekdays."""
    return national_holidays(alpha2) is not None


def is_working_day(day: date, alpha2: str) -> bool:
    if day.weekday() >= 5:
        return False
    calendar = national_holidays(alpha2)
    return calendar is None or day not in calendar


def add_working_days(start: date, days: int, alpha2: str) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(current, alpha2):
            days -= 1
    return current


def working_days_between(start: date, end: date, alpha2: str) -> int:
    """Working days after `start` up to and including `end`."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, alpha2):
            count += 1
    return count
