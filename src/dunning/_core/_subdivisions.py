"""States, regions and provinces: names matched as people write them, and candidates for debtors
whose subdivision is not known.

Subdivision codes and names come from the ``holidays`` package (the calendars the policies use);
area-code hints come from ``phonenumbers``' geocoding data, only where an area code lies inside
one subdivision (Brazilian DDDs, US NANP area codes).
"""

from __future__ import annotations

from functools import lru_cache

import holidays
import phonenumbers

from ._errors import InputError
from ._text import fold

__all__ = [
    "HINTED_COUNTRIES",
    "check_subdivision",
    "country_subdivisions",
    "phone_subdivision",
]

HINTED_COUNTRIES = frozenset({"BR", "US"})
"""Countries whose area codes never cross a subdivision's border (Anatel's DDD plan follows
state lines; NANP geographic area codes lie within one state), so a phone hints the state."""


def _fold(text: str) -> str:
    """Case- and accent-insensitive key (``"São Paulo "`` → ``"sao paulo"``)."""
    return fold(text).strip()


@lru_cache(maxsize=64)
def country_subdivisions(country: str) -> tuple[str, ...]:
    """The subdivisions the ``holidays`` package knows for ``country`` (``()`` when none).

    >>> country_subdivisions("BR")[-3:]
    ('SP', 'TO', 'São Paulo Capital')
    """
    try:
        cls = holidays.country_holidays(country).__class__
    except NotImplementedError:
        return ()
    return tuple(str(s) for s in cls.subdivisions)


@lru_cache(maxsize=64)
def _names(country: str) -> dict[str, str]:
    """Folded code or name → the form the ``holidays`` package expects."""
    out: dict[str, str] = {}
    try:
        cls = holidays.country_holidays(country).__class__
    except NotImplementedError:
        return out
    for name, code in getattr(cls, "subdivisions_aliases", {}).items():
        out.setdefault(_fold(name), str(code))
    for code in cls.subdivisions:
        out[_fold(str(code))] = str(code)
    return out


def check_subdivision(country: str, subdivision: str) -> str:
    """The ``holidays`` package's form of a subdivision code or name, matched without regard to
    case or accents (``"sp"``, ``"BR-SP"``, ``"São Paulo"`` → ``"SP"``; ``"são paulo capital"``
    → ``"São Paulo Capital"``). Unknown ones raise :class:`~dunning.InputError`.

    >>> check_subdivision("BR", "sao paulo"), check_subdivision("BR", "são paulo capital")
    ('SP', 'São Paulo Capital')
    """
    text = subdivision.strip()
    if text.upper().startswith(f"{country}-"):
        text = text[len(country) + 1 :]
    names = _names(country)
    if not names:
        return text.upper()  # no subdivisions known: keep the code as given
    found = names.get(_fold(text))
    if found is None:
        known = sorted(country_subdivisions(country))
        raise InputError(
            f"{subdivision!r} is not a subdivision of {country} known to the holidays package "
            f"(known: {', '.join(known[:12])}{', ...' if len(known) > 12 else ''})",
            field="subdivision",
            value=subdivision,
        )
    return found


@lru_cache(maxsize=4096)
def _hint(country: str, description: str) -> str | None:
    if not description:
        return None
    # "São Paulo - SP", "New York, NY", "Massachusetts", "Pernambuco".
    for separator in (" - ", ", "):
        if separator in description:
            tail = description.rsplit(separator, 1)[1]
            code = _names(country).get(_fold(tail))
            if code is not None:
                return code
    return _names(country).get(_fold(description))


def phone_subdivision(
    number: phonenumbers.PhoneNumber, country: str, region: str | None = None
) -> str | None:
    """The subdivision a phone's area code lies in, where that is reliable (a number of the
    debtor's own country in :data:`HINTED_COUNTRIES`), else ``None``.

    >>> phone_subdivision(phonenumbers.parse("+1 617 555 0100"), "US")
    'MA'
    """
    digits = _AREA_DIGITS.get(country)
    if digits is None:
        return None
    if (region or phonenumbers.region_code_for_number(number)) != country:
        return None
    # The state depends on the area code alone (that is why these countries are hinted), so
    # one geocoder lookup per area code is enough.
    key = (country, phonenumbers.national_significant_number(number)[:digits])
    found = _BY_AREA.get(key)
    if found is None:
        # Imported here: the geocoder's data takes ~0.4 s to load and only BR/US numbers need it.
        from phonenumbers import geocoder

        language = "pt" if country == "BR" else "en"
        found = _hint(country, geocoder.description_for_number(number, language))
        if found is not None:
            _BY_AREA[key] = found
    return found


_AREA_DIGITS = {"BR": 2, "US": 3}  # a DDD, a NANP area code
_BY_AREA: dict[tuple[str, str], str] = {}
