"""The optimiser arm of the simulator: deterministic, learning, lawful, no more messages.

A small version of ``benchmarks/optimize_experiment.py`` (which runs issue 16's 10,000 debtors
over 90 days and prints the table)."""

from __future__ import annotations

import pytest

pytest.importorskip("pandas")

from sendcheck import violations

from dunning import Planner, default_strategy
from dunning.events import MessageSent
from dunning.optimize import Optimizer
from dunning.simulate import compare, simulate, synthetic_portfolio
from dunning.templates import TemplateEngine


@pytest.fixture(scope="module")
def result():
    portfolio = synthetic_portfolio(200, seed=21)
    default = Planner(default_strategy(), creditor=portfolio.creditor, templates=TemplateEngine())
    optimizer = Optimizer(seed=21)
    before = optimizer.to_json()
    arms = {"default": default, "optimizer": default.replace(chooser=optimizer)}
    comparison = compare(portfolio, arms, days=21, recovered_by=21)
    assert optimizer.to_json() == before, "the caller's optimizer must be left as it was"
    return portfolio, arms, comparison


def test_the_optimizer_arm_learns_and_every_send_is_lawful(result) -> None:
    _, _, comparison = result
    run = comparison.runs["optimizer"]
    learned = run.optimizer
    assert learned is not None
    sent = sum(isinstance(e, MessageSent) for e in run.log.events)
    settled = sum(s + f for _, s, f, _ in learned.table())
    assert sent > 200 and settled + len(learned.state["pending"]) == sent
    for arm in ("default", "optimizer"):
        assert violations(comparison.runs[arm]) == []
    # It moved messages off the cadence's 10:00.
    hours = {m.local_send_at.hour for m in run.messages}
    assert len(hours) > 3


def test_the_optimizer_arm_sends_no_more_messages_and_reports_its_uplift(result) -> None:
    _, _, comparison = result
    table = comparison.table.set_index("arm")
    row = table.loc["optimizer"]
    print(
        table[
            [
                "messages",
                "recovered",
                "recovered_uplift",
                "recovered_uplift_low",
                "recovered_uplift_high",
            ]
        ]
    )
    assert row["message_ratio"] <= 1.03
    assert row["recovered_uplift_low"] <= row["recovered_uplift"] <= row["recovered_uplift_high"]
    assert table.loc["default", "recovered_uplift"] == 0


def test_the_optimizer_arm_is_deterministic(result) -> None:
    portfolio, arms, comparison = result
    again = simulate(portfolio, arms["optimizer"], days=21)
    assert again.digest == comparison.runs["optimizer"].digest
    assert again.optimizer is not None
    assert again.optimizer.to_json() == comparison.runs["optimizer"].optimizer.to_json()
