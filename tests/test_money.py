from decimal import Decimal

import pytest

from dunning import CurrencyError, Money


def test_money_accepts_positional_and_keyword_arguments():
    assert Money(Decimal("3000"), "MXN") == Money(amount=Decimal("3000"), currency="MXN")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("3000", "MXN", "3000.00"),
        ("30000", "CLP", "30000"),
        (15, "usd", "15.00"),
        ("1234.5", "BRL", "1234.50"),
        ("380000", "COP", "380000.00"),
    ],
)
def test_money_is_held_in_the_currency_minor_units(amount, currency, expected):
    money = Money(amount, currency)
    assert str(money.amount) == expected
    assert money.currency == currency.upper()


def test_floats_are_refused_with_the_field_named():
    with pytest.raises(CurrencyError, match="amount") as info:
        Money(10.5, "USD")  # type: ignore[arg-type]
    assert info.value.field == "amount"


def test_unknown_currency_is_refused():
    with pytest.raises(CurrencyError, match="XYZ"):
        Money("1", "XYZ")


def test_excess_precision_is_refused_not_rounded_silently():
    with pytest.raises(CurrencyError, match="more decimals"):
        Money("10.005", "USD")
    with pytest.raises(CurrencyError):
        Money("100.5", "CLP")
    assert Money.rounded("10.005", "USD") == Money("10.00", "USD")
    assert Money.rounded("10.015", "USD") == Money("10.02", "USD")


def test_arithmetic_between_currencies_is_refused():
    with pytest.raises(CurrencyError, match="CLP and USD"):
        Money("1", "CLP") + Money("1", "USD")
    with pytest.raises(CurrencyError):
        _ = Money("1", "CLP") < Money("1", "USD")


def test_arithmetic_is_exact():
    total = Money("0", "USD")
    for _ in range(10):
        total = total + Money("0.10", "USD")
    assert total == Money("1.00", "USD")
    assert Money("100", "CLP") - Money("150", "CLP") == Money("-50", "CLP")
    assert repr(Money("5", "MXN")) == "Money('5.00', 'MXN')"


def test_not_a_number_is_refused():
    with pytest.raises(CurrencyError, match="not a decimal"):
        Money("twelve", "USD")
    with pytest.raises(CurrencyError, match="finite"):
        Money(Decimal("NaN"), "USD")


# --- ISO 4217 minor units, not CLDR display digits ------------------------------------------

# From the ISO 4217 list one (SIX, published 2026-01-01): the currencies of the seven markets plus
# three with unusual exponents. Written from the standard, not read from the package under test.
ISO_4217_MINOR_UNITS = {
    "CLP": 0, "MXN": 2, "COP": 2, "PEN": 2, "BRL": 2, "ARS": 2, "USD": 2,
    "JPY": 0, "BHD": 3, "CLF": 4,
}  # fmt: skip


@pytest.mark.parametrize(("currency", "places"), sorted(ISO_4217_MINOR_UNITS.items()))
def test_minor_units_follow_iso_4217(currency, places):
    from dunning._core._money import minor_units

    assert minor_units(currency) == places
    assert Money(1, currency).amount.as_tuple().exponent == -places


def test_iso_4217_edition_is_exposed_for_audits():
    from datetime import date

    from dunning._core._money import ISO4217_PUBLISHED

    assert date(2026, 1, 1) <= ISO4217_PUBLISHED


def test_cop_keeps_its_centavos_whatever_cldr_displays():
    assert Money("380000.50", "COP").amount == Decimal("380000.50")
    assert str(Money("380000", "COP")) == "380000.00 COP"


def test_currencies_without_minor_units_are_not_money():
    with pytest.raises(CurrencyError, match="no minor units"):
        Money("1", "XAU")


# --- text that could be misread -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency"),
    [("45.000", "CLP"), ("1.500", "CLP"), ("45.500", "CLP"), ("1,000", "USD"),
     ("12.345", "COP"), ("1,000.50", "USD"), ("3.000.000", "CLP")],
)  # fmt: skip
def test_text_with_a_possible_grouping_separator_is_refused(text, currency):
    with pytest.raises(CurrencyError) as info:
        Money(text, currency)
    assert info.value.field == "amount"
    assert "Money.parse" in str(info.value)


@pytest.mark.parametrize(
    "text", ["1e3", "1E+2", "1_000", "١٢٣", "0x10", "Infinity", "  ", "", "+", "1.2.3", "--1"]
)
def test_text_that_is_not_a_plain_numeral_is_refused(text):
    with pytest.raises(CurrencyError):
        Money(text, "USD")


@pytest.mark.parametrize(
    ("text", "currency", "locale", "expected"),
    [("45.000", "CLP", "es_CL", "45000"), ("$45.000", "CLP", "es_CL", "45000"),
     ("R$ 1.234,56", "BRL", "pt_BR", "1234.56"), ("$1,250.00", "USD", "en_US", "1250.00"),
     ("1,500.00", "MXN", "es_MX", "1500.00"), ("380.000,50", "COP", "es_CO", "380000.50"),
     ("-1.000", "CLP", "es_CL", "-1000"), ("S/ 1,200.00", "PEN", "es_PE", "1200.00")],
)  # fmt: skip
def test_parse_reads_amounts_as_the_locale_writes_them(text, currency, locale, expected):
    assert Money.parse(text, currency, locale=locale) == Money(expected, currency)


@pytest.mark.parametrize(
    ("text", "currency", "locale"),
    [("45.00", "CLP", "es_CL"), ("45,5", "CLP", "es_CL"), ("1.234,567", "BRL", "pt_BR"),
     ("abc", "USD", "en_US"), ("1,2,3", "USD", "en_US"), ("1", "USD", "xx_YY")],
)  # fmt: skip
def test_parse_refuses_what_does_not_fit_the_locale(text, currency, locale):
    with pytest.raises(CurrencyError):
        Money.parse(text, currency, locale=locale)


# --- exact arithmetic, bounded sizes, no raw decimal errors ---------------------------------


def test_sums_beyond_the_default_decimal_precision_stay_exact():
    big = Money("1" * 30, "USD")
    assert (big + Money("0.01", "USD")).amount == Decimal("1" * 30 + ".01")
    assert (big - Money("0.01", "USD")).amount == Decimal("1" * 29 + "0.99")
    assert Money.rounded("1" * 30 + ".005", "USD").amount == Decimal("1" * 30 + ".00")


@pytest.mark.parametrize(
    "make",
    [lambda: Money("9" * 39, "USD"),
     lambda: Money(10**40, "USD"),
     lambda: Money(Decimal("1E+100000"), "USD"),
     lambda: Money(Decimal("1E-100000"), "USD"),
     lambda: Money(Decimal("sNaN"), "USD"),
     lambda: Money(Decimal("-Infinity"), "USD"),
     lambda: Money("9" * 38, "USD") + Money("1", "USD"),
     lambda: Money("-" + "9" * 38, "USD") - Money("1", "USD"),
     lambda: Money.rounded("9" * 60, "USD"),
     lambda: Money.rounded(Decimal("NaN"), "USD"),
     lambda: Money("1" * 200, "CLP")],
)  # fmt: skip
def test_decimal_failures_become_currency_errors(make):
    with pytest.raises(CurrencyError):
        make()


# --- debts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["0", "-1", "-45000"])
def test_a_debt_must_have_a_positive_amount(amount):
    from datetime import date

    from dunning import Debt, InputError

    with pytest.raises(InputError) as info:
        Debt(id="d", debtor_id="c", amount=Money(amount, "CLP"), due_date=date(2026, 12, 1))
    assert info.value.field == "amount"


def test_a_debt_cannot_have_a_negative_outstanding_balance():
    from datetime import date

    from dunning import Debt, InputError

    with pytest.raises(InputError) as info:
        Debt(
            id="d", debtor_id="c", amount=Money("100", "CLP"),
            outstanding=Money("-1", "CLP"), due_date=date(2026, 12, 1),
        )  # fmt: skip
    assert info.value.field == "outstanding"
    paid = Debt(id="d", debtor_id="c", amount=Money("100", "CLP"), outstanding=Money("0", "CLP"))
    assert not paid.balance


def test_an_amount_too_long_to_write_out_is_a_currency_error():
    # Python refuses to write out a whole number past 4,300 digits: the size check must not.
    for amount in (10**5000, -(10**5000), 10**38):
        with pytest.raises(CurrencyError, match="more than 38 digits"):
            Money(amount, "CLP")
    assert Money(10**38 - 1, "CLP").amount == Decimal(10**38 - 1)
