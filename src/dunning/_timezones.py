"""Time-zone helpers: country zones from IANA's ``zone.tab``, DST-aware wall-clock resolution."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._errors import InputError, NaiveDatetimeError, TimezoneError

__all__ = [
    "EARLIEST",
    "LATEST",
    "UTC",
    "canonical_zone",
    "country_zones",
    "ensure_aware",
    "ensure_date",
    "get_zone",
    "local_datetime",
    "start_of_day",
]


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


@lru_cache(maxsize=1024)
def get_zone(name: str) -> ZoneInfo:
    """A cached :class:`~zoneinfo.ZoneInfo`; unknown names raise :class:`TimezoneError`."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimezoneError(
            f"unknown IANA time zone {name!r}", field="timezone", value=name
        ) from None


#: The instants the library plans, checks and records: far wider than any collection run, narrow
#: enough that a horizon, a shift or a step offset never leaves ``datetime``'s range.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


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
