"""Holiday calendars: the ``holidays`` package's dates plus an operator's own."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays as _holidays

from ._rules import (
    HolidayCalendar,
)

if TYPE_CHECKING:
    from ._policy import ContactPolicy

__all__ = ["holiday_names"]


@lru_cache(maxsize=4096)
def _package_holidays(
    country: str, subdivision: str | None, categories: tuple[str, ...], year: int
) -> dict[date, str]:
    if not categories:
        return {}
    calendar = _holidays.country_holidays(
        country, subdiv=subdivision, years=year, categories=categories
    )
    return dict(calendar.items())


def _calendar_dates(calendar: HolidayCalendar, year: int) -> dict[date, str]:
    out = dict(_package_holidays(calendar.country, calendar.subdivision, calendar.categories, year))
    for day, name in calendar.extra_dates.items():
        if day.year == year:
            out[day] = name
    return out


def holiday_names(policy: ContactPolicy, year: int) -> dict[date, str]:
    """All holidays of ``policy`` in ``year`` (package calendars plus operator dates)."""
    out: dict[date, str] = {}
    for calendar in policy.holidays:
        for day, name in _calendar_dates(calendar, year).items():
            out.setdefault(day, name)
    return out
