"""Locale-aware formatting for templates, built on Babel (CLDR) with cached lookups."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import format_timedelta
from babel.numbers import format_currency

from .._errors import InputError
from .._money import Money

__all__ = ["first_name", "format_date", "format_money", "locale_chain", "relative_days"]


@lru_cache(maxsize=256)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        raise InputError(f"unknown locale {name!r}", field="locale", value=name) from None


@lru_cache(maxsize=256)
def locale_chain(name: str) -> tuple[str, ...]:
    """Locales to try for ``name``, most specific first, ending in ``en``.

    >>> locale_chain("es_CL")
    ('es_CL', 'es', 'en')
    """
    loc = _locale(name)
    chain = [str(loc)]
    if loc.territory or loc.script:
        chain.append(loc.language)
    if "en" not in chain:
        chain.append("en")
    return tuple(dict.fromkeys(chain))


@lru_cache(maxsize=4096)
def format_money(money: Money, locale: str) -> str:
    """Money as people of ``locale`` write it, in the currency's minor units.

    >>> format_money(Money("30000", "CLP"), "es_CL"), format_money(Money("1234.56", "BRL"), "pt_BR")
    ('$30.000', 'R$\\xa01.234,56')
    """
    return str(format_currency(Decimal(money.amount), money.currency, locale=_locale(locale)))


@lru_cache(maxsize=4096)
def format_date(day: date, locale: str, pattern: str = "d 'de' MMMM") -> str:
    """A date with month names in the locale's language (``30 de noviembre``).

    ``pattern`` is a CLDR pattern or one of ``short``, ``medium``, ``long``, ``full``; the
    default suits Spanish and Portuguese, English templates pass ``"MMMM d"``.
    """
    return str(_babel_date(day, pattern, locale=_locale(locale)))


# CLDR's relative-day names (yesterday, today, tomorrow) are not in Babel's data tables; these
# three words per language are the only hand-written strings, every other distance comes from
# Babel's format_timedelta.
_NEAR = {
    "es": {-1: "ayer", 0: "hoy", 1: "mañana"},
    "pt": {-1: "ontem", 0: "hoje", 1: "amanhã"},
    "en": {-1: "yesterday", 0: "today", 1: "tomorrow"},
}


@lru_cache(maxsize=4096)
def relative_days(days: int, locale: str) -> str:
    """``days`` from today in words: ``mañana``, ``hoy``, ``hace 3 días``, ``en 2 días``.

    >>> relative_days(1, "es_CL"), relative_days(-3, "es_CL"), relative_days(2, "pt_BR")
    ('mañana', 'hace 3 días', 'em 2 dias')
    """
    loc = _locale(locale)
    near = _NEAR.get(loc.language, {})
    if days in near:
        return near[days]
    return str(
        format_timedelta(
            timedelta(days=days),
            granularity="day",
            threshold=10_000,
            add_direction=True,
            locale=loc,
        )
    )


def first_name(name: str) -> str:
    """The first word of a name (``Ana María Pérez`` → ``Ana``)."""
    parts = name.split()
    return parts[0] if parts else name
