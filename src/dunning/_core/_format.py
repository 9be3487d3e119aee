"""Locale-aware formatting for templates, built on Babel (CLDR) with cached lookups."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, localcontext
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_timedelta
from babel.numbers import (
    NumberPattern,
    format_currency,
    get_currency_precision,
    get_currency_symbol,
)

from ._money import MAX_DIGITS, Money
from ._text import parse_locale

__all__ = ["first_name", "format_date", "format_money", "locale_chain", "relative_days"]


def _locale(name: str) -> Locale:
    return parse_locale(name)


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


def _decimals(amount: Decimal) -> int:
    """Decimal places ``amount`` really uses (``380000.50`` → 1, ``380000.00`` → 0), exactly."""
    _, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing))


@lru_cache(maxsize=4096)
def format_money(money: Money, locale: str) -> str:
    """Money as people of ``locale`` write it, never dropping a minor unit it holds.

    CLDR (Babel) may display fewer decimals than ISO 4217 stores: Colombian pesos are written
    without centavos. That display is used only when it loses nothing; an amount with centavos
    keeps them.

    >>> format_money(Money("30000", "CLP"), "es_CL"), format_money(Money("1234.56", "BRL"), "pt_BR")
    ('$30.000', 'R$\xa01.234,56')
    >>> pesos = Money("380000", "COP"), Money("380000.50", "COP")
    >>> format_money(pesos[0], "es_CO"), format_money(pesos[1], "es_CO")
    ('$380.000', '$380.000,50')
    """
    amount = Decimal(money.amount)
    # Babel quantizes in the current decimal context: give it room for the largest amounts.
    with localcontext(prec=2 * MAX_DIGITS + 2):
        exact = _decimals(amount) > int(get_currency_precision(money.currency))
        found = _currency_pattern(locale, money.currency, exact)
        if found is not None:
            pattern, symbol = found
            return str(
                pattern.apply(amount, _locale(locale), decimal_quantization=not exact)
            ).replace("¤", symbol)
        if not exact:
            return str(format_currency(amount, money.currency, locale=_locale(locale)))
        return str(
            format_currency(
                amount,
                money.currency,
                locale=_locale(locale),
                currency_digits=False,
                decimal_quantization=False,
            )
        )


@lru_cache(maxsize=1024)
def _currency_pattern(locale: str, currency: str, exact: bool) -> tuple[NumberPattern, str] | None:
    """The locale's CLDR currency pattern with the fraction digits ``format_currency`` would
    use for ``currency`` (the currency's own, or the pattern's when ``exact``), and the currency's
    symbol: what ``format_currency`` looks up on every call, looked up once. Its last step, the
    ``¤`` replaced by the symbol, is the caller's; a pattern with the code or the name (``¤¤``,
    ``¤¤¤``) is left to ``format_currency`` (``None``)."""
    loc = _locale(locale)
    base = loc.currency_formats["standard"]
    if "¤¤" in "".join(base.prefix + base.suffix):
        return None
    frac = base.frac_prec
    if not exact:
        digits = int(get_currency_precision(currency))
        frac = (digits, digits)
    pattern = NumberPattern(
        base.pattern,
        base.prefix,
        base.suffix,
        base.grouping,
        base.int_prec,
        frac,
        base.exp_prec,
        base.exp_plus,
        base.number_pattern,
    )
    return pattern, str(get_currency_symbol(currency, loc))


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
