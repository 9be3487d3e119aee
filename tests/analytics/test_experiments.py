"""Experiments: stable arms recorded as events, the planner running each arm's strategy, and the
statistics checked against published values and by hand."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from statistics import NormalDist

import pytest

from dunning import Cadence, Debt, InputError, Money, Planner, SkipCode, Step, default_strategy
from dunning._cli._sample import sample_portfolio
from dunning.analytics import (
    EventLog,
    Experiment,
    arm_results,
    bootstrap_interval,
    newcombe_interval,
    sample_size,
    wilson_interval,
)
from dunning.events import ArmAssigned, PaymentReceived

AT = datetime(2026, 11, 1, 12, tzinfo=UTC)


def test_assignment_is_stable_shared_by_share_and_recorded_as_events():
    ab = Experiment("whatsapp-first", {"champion": 0.9, "challenger": 0.1}, holdout=0.1)
    ids = [f"c{i}" for i in range(20_000)]
    arms = [ab.arm(i) for i in ids]
    assert arms == [
        Experiment("whatsapp-first", {"champion": 9, "challenger": 1}, holdout=0.1).arm(i)
        for i in ids
    ]
    share = {a: arms.count(a) / len(ids) for a in ("holdout", "champion", "challenger")}
    # holdout 10 %; of the rest 90/10: 81 % and 9 %. 20 000 draws: 4 standard errors < 0.9 pp
    assert share["holdout"] == pytest.approx(0.10, abs=0.009)
    assert share["champion"] == pytest.approx(0.81, abs=0.012)
    assert share["challenger"] == pytest.approx(0.09, abs=0.009)
    other = Experiment("sms-wording", {"a": 1, "b": 1})
    both = sum(1 for i in ids if ab.arm(i) == "holdout" and other.arm(i) == "a")
    assert both / len(ids) == pytest.approx(0.10 * 0.5, abs=0.008)  # independent experiments
    events = ab.assign(ids[:3], at=AT)
    assert [(e.debtor_id, e.experiment, e.arm) for e in events] == [
        (i, "whatsapp-first", ab.arm(i)) for i in ids[:3]
    ]
    with pytest.raises(InputError):
        Experiment("x", {"holdout": 1})
    with pytest.raises(InputError):
        Experiment("x", {"a": 1}, holdout=1.0)


def test_the_planner_runs_each_debtors_arm_strategy_and_skips_the_holdout():
    sample = sample_portfolio()
    ab = Experiment("pilot", {"champion": 1, "challenger": 1}, holdout=0.2)
    challenger = Cadence("early-bird", [Step(-3), Step(-1), Step(0), Step(2), Step(5)])
    base = Planner(default_strategy(), creditor=sample.creditor)
    planner = base.replace(
        strategy=ab.strategy({"champion": default_strategy(), "challenger": challenger})
    )
    assert base.strategy == default_strategy()  # the original planner is untouched
    debtors, debts = ab.treated(sample.debtors, sample.debts)
    held = {d.id for d in sample.debtors if ab.arm(d.id) == "holdout"}
    assert held, "the sample should have holdout debtors at 20 %"
    assert {d.id for d in debtors} == {d.id for d in sample.debtors} - held
    assert {d.debtor_id for d in debts} <= {d.id for d in debtors}
    plan = planner.plan(debtors, debts, as_of=sample.as_of, horizon_days=7, history=sample.history)
    assert plan.messages
    cadences = {"champion": "default", "challenger": "early-bird"}
    for message in plan.messages:
        arm = ab.arm(message.debtor_id)
        assert arm in cadences
        if message.cadence != "follow_ups":  # a promise's follow-ups are the planner's own
            assert message.segment == f"pilot:{arm}"
            assert message.cadence == cadences[arm]
    assert {m.cadence for m in plan.messages} >= {"default", "early-bird"}
    # planned with everybody, the holdout's debts match no segment
    everyone = planner.plan(
        sample.debtors, sample.debts, as_of=sample.as_of, horizon_days=7, history=sample.history
    )
    held_skips = [s for s in everyone.skipped if s.debtor_id in held]
    assert any(s.code == SkipCode.NO_SEGMENT for s in held_skips)
    with pytest.raises(InputError):
        ab.strategy({"champion": default_strategy()})


def test_wilson_interval_matches_newcombes_published_values():
    # Newcombe (Stat. Med. 1998, Table I), score method without continuity correction
    for (s, n), (low, high) in {
        (81, 263): (0.2553, 0.3662),
        (15, 148): (0.0624, 0.1605),
        (0, 20): (0.0, 0.1611),
        (1, 29): (0.0061, 0.1718),
    }.items():
        got = wilson_interval(s, n)
        assert got[0] == pytest.approx(low, abs=5e-5) and got[1] == pytest.approx(high, abs=5e-5)


def test_newcombe_difference_interval_matches_the_published_example():
    # Newcombe (Stat. Med. 1998): 56/70 - 48/80, method 10: 0.0524 to 0.3339
    diff, low, high = newcombe_interval(56, 70, 48, 80)
    assert diff == pytest.approx(0.2)
    assert low == pytest.approx(0.0524, abs=5e-5) and high == pytest.approx(0.3339, abs=5e-5)


def test_bootstrap_is_seeded_and_exact():
    values = [Decimal(0), Decimal(10)]
    # a resample mean is 0, 5 or 10 with probability 1/4, 1/2, 1/4: the 2.5 % and 97.5 %
    # percentiles of thousands of resamples are 0 and 10
    assert bootstrap_interval(values, resamples=4000, seed=3) == (
        Decimal(5),
        Decimal(0),
        Decimal(10),
    )
    amounts = [Decimal(v) for v in ("0", "0", "12500", "30000", "0", "45000.50")]
    assert bootstrap_interval(amounts, seed=1) == bootstrap_interval(amounts, seed=1)
    mean, low, high = bootstrap_interval(amounts, seed=1)
    assert mean == sum(amounts) / 6 and low <= mean <= high
    assert all(isinstance(v, Decimal) for v in (mean, low, high))


def test_sample_size_by_the_two_proportion_formula():
    # Fleiss: 10 % vs 15 %, alpha 0.05 two-sided, power 0.8 -> 686 per arm (the textbook value)
    assert sample_size(0.10, 0.15) == 686
    za, zb = NormalDist().inv_cdf(0.995), NormalDist().inv_cdf(0.9)
    p1, p2 = 0.05, 0.07
    pbar = (p1 + p2) / 2
    by_hand = (
        za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    ) ** 2 / (p1 - p2) ** 2
    assert sample_size(p1, p2, alpha=0.01, power=0.9) == math.ceil(by_hand)
    with pytest.raises(InputError):
        sample_size(0.1, 0.1)


def test_arm_results_rates_intervals_and_uplift_on_a_hand_built_log():
    debts = [
        Debt(id=f"x{i}", debtor_id=f"p{i}", amount=Money(1000, "CLP"), due_date=date(2026, 10, 1))
        for i in range(10)
    ]
    arms = ["challenger"] * 5 + ["holdout"] * 5
    events = [
        ArmAssigned(at=AT, debtor_id=f"p{i}", experiment="t", arm=a) for i, a in enumerate(arms)
    ]
    paid = {0: 1000, 1: 500, 2: 1000, 5: 1000}  # challenger: 3 of 5 pay 2500; holdout: 1 of 5, 1000
    events += [
        PaymentReceived(at=AT + timedelta(days=3), debt_id=f"x{i}", amount=Money(v, "CLP"))
        for i, v in paid.items()
    ]
    events.append(
        PaymentReceived(at=AT + timedelta(days=40), debt_id="x3", amount=Money(1000, "CLP"))
    )  # after the window
    table = arm_results(
        EventLog(events, debts=debts), "t", as_of=AT + timedelta(days=60), window_days=30
    ).set_index("arm")
    ch, ho = table.loc["challenger"], table.loc["holdout"]
    assert (ch.debtors, ch.payers, ho.debtors, ho.payers) == (5, 3, 5, 1)
    assert ch.pay_rate == pytest.approx(3 / 5) and ho.pay_rate == pytest.approx(1 / 5)
    z = NormalDist().inv_cdf(0.975)
    p, n = 3 / 5, 5
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert ch.pay_rate_low == pytest.approx((centre - spread) / (1 + z * z / n))
    assert ch.uplift == pytest.approx(3 / 5 - 1 / 5)
    assert ch.collected_mean == Decimal(2500) / 5 and ho.collected_mean == Decimal(1000) / 5
    # incremental benefit: 5 debtors x (500 - 200) = 1500 (TrueAccord)
    assert ch.incremental == Decimal(1500)
    assert ho.uplift is None or math.isnan(ho.uplift)
