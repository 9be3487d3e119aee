"""Any value in any cell of ``read_records`` (what a database cursor or a DataFrame gives):
a loaded row or a reported one, in bounded time, never an exception. (Cells nested thousands
of levels deep: tests/io/test_history_column.py.)"""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dunning.io import read_records

np = pytest.importorskip("numpy")

COLUMNS = ["debtor_id", "name", "country", "subdivision", "timezone", "phone", "email",
           "consent_sms", "consent_source", "debt_id", "amount", "currency", "outstanding",
           "due_date", "issued_on", "reference", "payment_url", "status", "events",
           "attributes.segment", "locale"]  # fmt: skip
BASE = {"debtor_id": "c-1", "name": "Ana", "country": "CL", "email": "ana@example.cl",
        "debt_id": "F-1", "amount": "45000", "currency": "CLP",
        "due_date": "2026-11-20"}  # fmt: skip


class Opaque:
    """An object that cannot be shown as text."""

    def __str__(self) -> str:
        raise RuntimeError("no text")

    def __repr__(self) -> str:
        return "Opaque()"


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**90, max_value=10**4000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1E+999999"), Decimal("sNaN"), Decimal("-0E-999999")]),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
    st.binary(max_size=10),
    st.builds(Opaque),
    st.sampled_from(
        [
            np.int64(5),
            np.float64("nan"),
            np.str_("x"),
            np.datetime64("2026-01-01"),
            np.array([1, 2]),
            np.array([]),
            np.array([[1]]),
        ]
    ),
    st.sampled_from(
        [
            "2026-11-20",
            "45000",
            "CLP",
            "+56 9 6123 4567",
            "sms",
            "true",
            "[]",
            "[{}]",
            "open",
            "2026-11-20T12:00:00Z",
            '[{"kind":"dispute_opened","at":"2026-11-20T12:00:00Z"}]',
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.dictionaries(st.sampled_from(COLUMNS), VALUES, max_size=4), min_size=1, max_size=3)
)
@example([{"debtor_id": Decimal("1E+999999")}])  # was ValueError (int of a million digits)
@example([{"debtor_id": 10**5000}])  # was ValueError (too long for str)
@example([{"name": Opaque()}])  # was RuntimeError (shown with str)
@example([{"amount": np.array([1, 2])}])  # was numpy's ValueError
def test_any_cell_is_loaded_or_reported(changes: list[dict[str, Any]]) -> None:
    rows = [BASE | {"debt_id": f"F-{i}"} | change for i, change in enumerate(changes)]
    portfolio = read_records(rows)
    reported = {e.line for e in portfolio.errors}
    loaded = set(portfolio.lines.values())
    assert not loaded & reported
    assert loaded | reported == set(range(1, len(rows) + 1))
    for error in portfolio.errors:
        assert error.value is None or len(error.value) <= 200
        assert error.message
