"""Time-zone helpers: zone data from the ``tzdata`` package, phone-number zone candidates,
DST-aware wall-clock resolution.

Zones are read from the ``tzdata`` package explicitly, never from the system's tz database,
whose age we do not control (older system data still has Mexico City on daylight saving, before
2022f, or Aysén on Santiago time, before 2025b): :func:`zone_data_version` names the data used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import timezone as phone_timezone

from ._errors import InputError, NaiveDatetimeError, TimezoneError

__all__ = [
    "EARLIEST",
    "LATEST",
    "PHONE_ZONE_CORRECTIONS",
    "SAFE_AFTER_YEAR",
    "SAFE_BEFORE_YEAR",
    "UTC",
    "PhoneZoneCorrection",
    "canonical_zone",
    "country_zones",
    "data_versions",
    "ensure_aware",
    "ensure_date",
    "get_zone",
    "local_datetime",
    "phone_zone_candidates",
    "start_of_day",
    "zone_data_version",
]


def zone_data_version() -> str:
    """The IANA release of the zone data every local time is computed with (``"2026f"``).

    It comes from the installed ``tzdata`` package, never from the system tz database; record
    it with a plan when you need to show, later, which rules of which year were applied.

    >>> import re
    >>> bool(re.fullmatch(r"20[0-9]{2}[a-z]", zone_data_version()))
    True
    """
    return str(importlib.import_module("tzdata").IANA_VERSION)


@lru_cache(maxsize=1)
def _zone_tab() -> dict[str, tuple[str, ...]]:
    """Country code -> IANA zones, in the order of the ``zone.tab`` shipped by ``tzdata``."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0], []).append(parts[2].strip())
    return {code: tuple(names) for code, names in zones.items()}


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Backward-compatible zone names -> their current names (``L`` lines of ``tzdata.zi``)."""
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text(encoding="utf-8")
    links: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            links[alias] = target
    return links


def canonical_zone(name: str) -> str:
    """The current IANA name of a zone (``America/Buenos_Aires`` →
    ``America/Argentina/Buenos_Aires``); unknown names are returned unchanged.

    >>> canonical_zone("America/Buenos_Aires")
    'America/Argentina/Buenos_Aires'
    """
    seen = 0
    links = _links()
    while name in links and seen < 8:
        name = links[name]
        seen += 1
    return name


def country_zones(country: str) -> tuple[str, ...]:
    """IANA zones of a country, first the one IANA lists first (usually the most populous).

    >>> country_zones("CO")
    ('America/Bogota',)
    """
    return _zone_tab().get(country.upper(), ())


def data_versions() -> dict[str, str]:
    """The versions of the data every decision depends on, for audit records: the IANA zone
    data (``tzdata``), the holiday calendars (``holidays``), the numbering plans
    (``phonenumbers``), the currencies' minor units (the ISO 4217 table's publication date) and
    the CLDR data that formats amounts and dates (``babel``).

    >>> sorted(data_versions())
    ['babel', 'holidays', 'iso4217', 'phonenumbers', 'tzdata']
    """
    from importlib.metadata import version

    import iso4217

    return {
        "babel": version("babel"),
        "holidays": version("holidays"),
        "iso4217": iso4217.__published__.isoformat(),
        "phonenumbers": version("phonenumbers"),
        "tzdata": zone_data_version(),
    }


class TzdataZone(ZoneInfo):
    """A :class:`~zoneinfo.ZoneInfo` built from the ``tzdata`` package's file for its key.

    It compares, prints and pickles like a zone of that name (unpickling reads ``tzdata``
    again), so it can stand wherever a ``ZoneInfo`` is expected.
    """

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (get_zone, (str(self.key),))

    def __repr__(self) -> str:
        return f"ZoneInfo(key={self.key!r})"


@lru_cache(maxsize=1024)
def get_zone(name: str) -> ZoneInfo:
    """A cached zone read from the ``tzdata`` package (not the system database); unknown names
    raise :class:`TimezoneError`.

    >>> get_zone("America/Santiago").key
    'America/Santiago'
    """
    parts = name.split("/") if isinstance(name, str) else []
    if not parts or any(not p or p in (".", "..") or "\\" in p for p in parts):
        raise TimezoneError(f"unknown IANA time zone {name!r}", field="timezone", value=name)
    path = resources.files("tzdata").joinpath("zoneinfo", *parts)
    try:
        with path.open("rb") as data:
            zone = TzdataZone.from_file(data, key=name)
    except (OSError, ValueError):
        raise TimezoneError(
            f"unknown IANA time zone {name!r} (zone data: tzdata {zone_data_version()})",
            field="timezone",
            value=name,
        ) from None
    return zone


@dataclass(frozen=True, slots=True)
class PhoneZoneCorrection:
    """Where ``phonenumbers``' zone for a number prefix is wrong or too narrow.

    ``prefix`` is the start of the national significant number (the area code, or the mobile
    range: Chilean mobiles are ``9XXXXXXXX`` and carry no region); ``zones`` the zones a number
    with it may be in (``()``: every zone of the country).
    """

    region: str
    prefix: str
    zones: tuple[str, ...]
    why: str
    source: str


_REGG = "12 CFR 1006.6(b)(1)(i), official interpretation: unsure of the location, every one"
PHONE_ZONE_CORRECTIONS: tuple[PhoneZoneCorrection, ...] = (
    PhoneZoneCorrection(
        "CL", "9", (), "a Chilean mobile carries no region: Magallanes and Aysén (UTC-3 all "
        "year) and Easter Island (UTC-6/-5) are possible",
        "Subtel numbering plan (mobiles 9XXXXXXXX, no area); tzdata 2022b (Punta Arenas), "
        "2025b (Coyhaique)",
    ),
    PhoneZoneCorrection(
        "CL", "61", ("America/Punta_Arenas",), "area 61 is Magallanes, UTC-3 all year",
        "Subtel numbering plan (61: Magallanes); tzdata 2017a (America/Punta_Arenas)",
    ),
    PhoneZoneCorrection(
        "CL", "67", ("America/Coyhaique",), "area 67 is Aysén, UTC-3 all year since 2025",
        "Subtel numbering plan (67: Aysén); tzdata 2025b (America/Coyhaique)",
    ),
    PhoneZoneCorrection(
        "CL", "32", ("America/Santiago", "Pacific/Easter"),
        "area 32 (Valparaíso region) includes Easter Island, two hours behind",
        "Subtel numbering plan (32: Valparaíso, incl. Isla de Pascua)",
    ),
    *(
        PhoneZoneCorrection(
            "MX", code, ("America/Chihuahua",),
            f"area {code} is interior Chihuahua, UTC-6 since Oct 2022 (not Mazatlán, UTC-7)",
            "Ley de los Husos Horarios (DOF 28 Oct 2022); tzdata 2022f",
        )
        for code in ("614", "625", "627", "639")
    ),
    PhoneZoneCorrection(
        "MX", "868", ("America/Matamoros",),
        "area 868 is Matamoros, which follows US daylight saving",
        "Ley de los Husos Horarios (DOF 28 Oct 2022) art. 3 (border strip); tzdata 2022f",
    ),
    PhoneZoneCorrection(
        "BR", "81", ("America/Recife", "America/Noronha"),
        "DDD 81 is Pernambuco (UTC-3), Fernando de Noronha (UTC-2) included",
        "Anatel DDD plan (81: Pernambuco); Decreto 2.784/1913 and Lei 12.876/2013 (zones)",
    ),
    PhoneZoneCorrection(
        "BR", "97", ("America/Manaus", "America/Eirunepe"),
        "DDD 97 is interior Amazonas, western part UTC-5 (Eirunepé)",
        "Anatel DDD plan (97: interior of Amazonas); Lei 12.876/2013 (zones)",
    ),
    *(
        PhoneZoneCorrection("US", code, zones, f"area code {code} spans {where}", _REGG)
        for code, zones, where in (
            ("850", ("America/Chicago", "America/New_York"), "Central and Eastern time"),
            ("270", ("America/Chicago", "America/New_York"), "Central and Eastern time"),
            ("812", ("America/Indiana/Indianapolis", "America/Chicago"),
             "Eastern and Central time"),
            ("906", ("America/Detroit", "America/Menominee"), "Eastern and Central time"),
            ("541", ("America/Los_Angeles", "America/Boise"), "Pacific and Mountain time"),
            ("928", ("America/Phoenix", "America/Denver"),
             "Arizona (no DST) and the Navajo Nation (keeps DST)"),
        )
    ),
)  # fmt: skip
"""Corrections to ``phonenumbers``' zone data, each with the reason and its source. The
planner treats a phone's zones as candidates, never as proof."""


def _package_zones(number: phonenumbers.PhoneNumber, kind: int | None) -> tuple[str, ...]:
    """``phonenumbers``' ``time_zones_for_number``, given the number's type when it is known
    (the type is what costs: matching the number against its region's patterns)."""
    if kind is None:
        return phone_timezone.time_zones_for_number(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return phone_timezone._UNKNOWN_TIME_ZONE_LIST
    if not phonenumbers.is_number_type_geographical(kind, number.country_code or 0):
        return phone_timezone._country_level_time_zones_for_number(number)
    return phone_timezone.time_zones_for_geographical_number(number)


def phone_zone_candidates(
    number: phonenumbers.PhoneNumber,
    region: str | None = None,
    kind: int | None = None,
) -> tuple[str, ...]:
    """The zones a valid number may be in: ``phonenumbers``' zones, corrected by
    :data:`PHONE_ZONE_CORRECTIONS` (``()`` when nothing is known). ``region`` (the calling
    code's main region) and ``kind`` (``phonenumbers.number_type``), when the caller has them,
    save computing them again.

    >>> import phonenumbers
    >>> phone_zone_candidates(phonenumbers.parse("+52 614 123 4567"))
    ('America/Chihuahua',)
    >>> len(phone_zone_candidates(phonenumbers.parse("+56 9 6123 4567")))  # every Chilean zone
    4
    """
    if region is None:
        region = phonenumbers.region_code_for_number(number)
    national = phonenumbers.national_significant_number(number)
    base = tuple(canonical_zone(z) for z in _package_zones(number, kind) if z != "Etc/Unknown")
    for fix in PHONE_ZONE_CORRECTIONS:
        if fix.region != region or not national.startswith(fix.prefix):
            continue
        if fix.zones:
            return fix.zones  # the likeliest place first: it sets the debtor's calendar dates
        # Every zone of the country, the package's (likeliest) first.
        every = country_zones(region)
        return tuple(dict.fromkeys([*(z for z in base if z in every), *every]))
    return tuple(dict.fromkeys(base))


#: The instants the library plans, checks and records: far wider than any collection run, narrow
#: enough that a horizon, a shift or a step offset never leaves ``datetime``'s range.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
#: An aware time whose year is strictly between these is inside ``EARLIEST .. LATEST`` whatever
#: its offset (less than a day): the range is checked without comparing instants.
SAFE_AFTER_YEAR = EARLIEST.year
SAFE_BEFORE_YEAR = LATEST.year - 1


def ensure_aware(value: datetime, field: str) -> datetime:
    """Return ``value`` if it is an aware datetime between 1900 and 3000, else raise.

    A naive datetime raises :class:`NaiveDatetimeError`; anything else that is not a datetime in
    that range raises :class:`InputError` naming ``field`` (never ``OverflowError``).
    """
    if not isinstance(value, datetime):
        raise InputError(
            f"expected an aware datetime, got {type(value).__name__}", field=field, value=value
        )
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(
            f"datetime {value.isoformat()} has no time zone; pass an aware datetime "
            "(e.g. datetime(..., tzinfo=ZoneInfo('America/Santiago')))",
            field=field,
            value=value,
        )
    if SAFE_AFTER_YEAR < value.year < SAFE_BEFORE_YEAR:
        return value  # no offset (less than a day) takes it out of the range: skip comparing
    try:
        in_range = EARLIEST <= value < LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise InputError(
            f"datetime {value.isoformat()} is outside the supported range "
            f"{EARLIEST.date()} .. {LATEST.date()}",
            field=field,
            value=value,
        )
    return value


def ensure_date(value: date, field: str) -> date:
    """Return ``value`` if it is a calendar ``date`` (not a datetime) from 1900 to 2999, else raise
    :class:`InputError` naming ``field``."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InputError(
            f"expected a date (not a datetime), got {value!r}", field=field, value=value
        )
    if not EARLIEST.date() <= value < LATEST.date():
        raise InputError(
            f"date {value.isoformat()} is outside the supported range "
            f"{EARLIEST.date()} .. {LATEST.date()}",
            field=field,
            value=value,
        )
    return value


@lru_cache(maxsize=65536)
def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant (in UTC) when wall clocks in ``zone`` show ``day`` ``at``.

    A wall time that does not exist (spring-forward gap) moves forward to the first instant that
    exists; an ambiguous one (fall-back overlap) takes the earlier instant.
    """
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0)
    as_utc = first.astimezone(UTC)
    # A wall time inside a gap does not round-trip. With fold=0 zoneinfo applies the offset from
    # before the transition, so ``as_utc`` lands just after the gap; the first instant that
    # exists is the transition itself, less than one gap (at most a few hours) earlier.
    if as_utc.astimezone(zone).replace(tzinfo=None) != naive:
        lo, hi = as_utc - timedelta(hours=3), as_utc
        while hi - lo > timedelta(seconds=1):
            mid = lo + (hi - lo) / 2
            if mid.astimezone(zone).replace(tzinfo=None) >= naive:
                hi = mid
            else:
                lo = mid
        return hi.replace(microsecond=0)
    return as_utc


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) of local date ``day`` in ``zone`` (midnight may fall in a gap)."""
    return local_datetime(day, time(0, 0), zone)
