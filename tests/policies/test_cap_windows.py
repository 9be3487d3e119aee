"""The caps' shortcut: whether a window around a day already holds ``limit`` contacts, against
counting every window by hand."""

from hypothesis import given
from hypothesis import strategies as st

from dunning.policy._caps import _activation, _full_window


@given(
    days=st.lists(st.integers(0, 40), max_size=12),
    limit=st.integers(0, 5),
    period=st.integers(1, 10),
    day=st.integers(0, 40),
)
def test_full_window_is_some_window_holding_limit_contacts(days, limit, period, day):
    days.sort()
    expected = any(
        sum(lo <= d <= lo + period - 1 for d in days) >= limit
        for lo in range(day - period + 1, day + 1)  # every window of ``period`` days with ``day``
    )
    assert _full_window(limit, period - 1, days, day) is expected


@given(
    two_way=st.lists(st.integers(0, 40), max_size=8),
    span=st.none() | st.integers(1, 10),
    lo=st.integers(0, 40),
    width=st.integers(0, 10),
)
def test_activation_is_the_earliest_contact_that_puts_the_window_under_the_cap(
    two_way, span, lo, width
):
    two_way.sort()
    hi = lo + width
    # A contact on day t puts the window under the cap when t <= hi and the cap, in force for
    # ``span`` days from t (for ever: None), reaches lo.
    under = [t for t in two_way if t <= hi and (span is None or lo <= t + span - 1)]
    assert _activation(span, two_way, lo, hi) == (under[0] if under else None)
