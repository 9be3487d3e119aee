"""Dates and counts out of range anywhere in the public API give InputError, never OverflowError."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from builders import CREDITOR, debt, debtor
from dunning import Consent, InputError, Planner, default_strategy
from dunning.conversation import offer_plans
from dunning.events import ReplyReceived
from dunning.policy import for_country

PLUS_5 = timezone(timedelta(hours=5))
MINUS_5 = timezone(timedelta(hours=-5))
# The last of each: a year inside the range whose offset takes the instant out of it.
FAR_PAST = [datetime(1, 1, 1, tzinfo=UTC), datetime(1, 1, 1, 5, tzinfo=PLUS_5),
            datetime(1899, 12, 31, 23, 59, tzinfo=UTC),
            datetime(1900, 1, 1, 3, tzinfo=PLUS_5)]  # fmt: skip
FAR_FUTURE = [datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
              datetime(9999, 12, 31, 20, tzinfo=MINUS_5),
              datetime(3000, 1, 1, tzinfo=UTC),
              datetime(2999, 12, 31, 20, tzinfo=MINUS_5)]  # fmt: skip


@pytest.mark.parametrize("as_of", FAR_PAST + FAR_FUTURE)
def test_plan_refuses_an_as_of_outside_the_supported_range(as_of):
    planner = Planner(default_strategy(), creditor=CREDITOR)
    with pytest.raises(InputError) as info:
        planner.plan([debtor()], [debt()], as_of=as_of, horizon_days=3)
    assert info.value.field == "as_of"


@pytest.mark.parametrize("horizon", [0, -1, 10**9, 3661, True, 2.5, "7"])
def test_plan_refuses_a_horizon_it_cannot_cover(horizon):
    planner = Planner(default_strategy(), creditor=CREDITOR)
    with pytest.raises(InputError) as info:
        planner.plan([debtor()], [debt()], as_of=datetime(2026, 11, 20, tzinfo=UTC),
                     horizon_days=horizon)  # fmt: skip
    assert info.value.field == "horizon_days"


def test_the_edges_of_the_range_plan_without_overflow():
    planner = Planner(default_strategy(), creditor=CREDITOR)
    late = datetime(2999, 12, 31, 23, tzinfo=UTC)
    planner.plan([debtor()], [debt(due=date(2999, 12, 31))], as_of=late, horizon_days=3660)
    early = datetime(1900, 1, 1, tzinfo=UTC)
    planner.plan([debtor()], [debt(due=date(1900, 1, 2))], as_of=early, horizon_days=30)


@pytest.mark.parametrize("shift", [-5, 10**9, True, 1.5])
def test_planner_refuses_a_shift_bound_it_cannot_use(shift):
    with pytest.raises(InputError) as info:
        Planner(default_strategy(), creditor=CREDITOR, max_shift_days=shift)
    assert info.value.field == "max_shift_days"


@pytest.mark.parametrize("at", FAR_PAST + FAR_FUTURE)
def test_policy_checks_refuse_instants_outside_the_range(at):
    policy = for_country("CL")
    with pytest.raises(InputError):
        policy.check(debtor(), "sms", as_of=at)
    with pytest.raises(InputError):
        policy.next_allowed(debtor(), "sms", as_of=at)


@pytest.mark.parametrize("within", [-1, 10**9, 3661])
def test_next_allowed_refuses_a_search_it_cannot_bound(within):
    with pytest.raises(InputError) as info:
        for_country("CL").next_allowed(
            debtor(), "sms", as_of=datetime(2026, 11, 20, tzinfo=UTC), within_days=within
        )
    assert info.value.field == "within_days"


@pytest.mark.parametrize("at", FAR_PAST + FAR_FUTURE)
def test_models_refuse_instants_outside_the_range(at):
    with pytest.raises(InputError):
        Consent(channel="sms", granted_at=at, source="test")
    with pytest.raises(InputError):
        ReplyReceived(at=at, debtor_id="d1", channel="sms", text="hola")


@pytest.mark.parametrize("as_of", [date(9999, 12, 31), date(1, 1, 1), date(3000, 1, 1)])
def test_payment_plans_refuse_dates_outside_the_range(as_of):
    with pytest.raises(InputError) as info:
        offer_plans([debt()], as_of=as_of)
    assert info.value.field == "as_of"
