"""The data the policies rely on is the data installed (audit of December 2026, "Data").

Older ``holidays`` releases lack 2026 dates the policies rely on, and older zone data still has
Mexico City on daylight saving (before tzdata 2022f) or Aysén on Santiago time (before 2025b).
These tests fail on such an install instead of letting the planner be silently looser.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays

from dunning import data_versions
from dunning._core._timezones import get_zone


def test_the_holidays_package_knows_the_2026_dates_the_policies_rely_on():
    # Ley 2578 de 2026 (Colombia: Virgen de Chiquinquirá, moved to Monday 13 July 2026).
    assert date(2026, 7, 13) in holidays.country_holidays("CO", years=2026)
    # Argentina's 2026 bridge day, Monday 9 November (decree).
    assert date(2026, 11, 9) in holidays.country_holidays("AR", years=2026)


def test_the_zone_data_has_the_recent_changes():
    # tzdata 2022f: Mexico City has no daylight saving any more.
    mexico = get_zone("America/Mexico_City")
    assert datetime(2026, 7, 1, 12, tzinfo=mexico).utcoffset() == timedelta(hours=-6)
    # tzdata 2025b: Aysén (America/Coyhaique) stays on UTC-3 all year.
    aysen = get_zone("America/Coyhaique")
    assert datetime(2026, 7, 1, 12, tzinfo=aysen).utcoffset() == timedelta(hours=-3)
    assert data_versions()["tzdata"] >= "2025b"
    assert datetime(2026, 7, 1, tzinfo=UTC).astimezone(aysen).hour == 21
