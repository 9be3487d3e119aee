from decimal import Decimal

import pytest

from dunning import CurrencyError, Money


def test_money_accepts_positional_and_keyword_arguments():
    assert Money(Decimal("3000"), "MXN") == Money(amount=Decimal("3000"), currency="MXN")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [("3000", "MXN", "3000.00"), ("30000", "CLP", "30000"), (15, "usd", "15.00"),
     ("1234.5", "BRL", "1234.50"), ("380000", "COP", "380000.00")],
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
