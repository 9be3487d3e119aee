"""How the analytics grow with the size of the log.

Builds a synthetic log of ``n`` debts (one debtor each, one message a day for two weeks with
deliveries, replies, promises and payments), then times each metric (process CPU time, best of
``--repeat``) at ``n`` and ``4n`` and prints the ratio. Linear cost grows about 4x; the aim is at
most 5x. Run::

    .venv/bin/python benchmarks/analytics_bench.py [--debts N] [--repeat R]

Nothing is asserted here: timings depend on the machine. ``tests/analytics/test_bench_smoke.py``
runs it small to keep it working.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dunning import ChannelKind, Debt, Money
from dunning.analytics import (
    EventLog,
    aging,
    contact_rates,
    cure_rates,
    funnel,
    opt_out_rates,
    promise_rates,
    recovery_curves,
    roll_rates,
)
from dunning.events import (
    ConsentRevoked,
    Event,
    MessageDelivered,
    MessageSent,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
GROWTH_AIM = 5.0


def generate(n: int, *, seed: int = 1) -> EventLog:
    rng = random.Random(seed)
    debts: list[Debt] = []
    events: list[Event] = []
    for i in range(n):
        due = date(2026, 11, 23) - timedelta(days=rng.randrange(-10, 120))
        debts.append(
            Debt(
                id=f"x{i}",
                debtor_id=f"p{i}",
                amount=Money(rng.randrange(1, 500) * 1000, "CLP"),
                due_date=due,
            )
        )
        for day in range(14):
            at = AS_OF - timedelta(days=14 - day, hours=rng.randrange(0, 6))
            mid = f"m{i}-{day}"
            events.append(
                MessageSent(
                    at=at,
                    message_id=mid,
                    debtor_id=f"p{i}",
                    channel=ChannelKind.SMS,
                    debt_ids=(f"x{i}",),
                )
            )
            if rng.random() < 0.9:
                events.append(
                    MessageDelivered(
                        at=at, message_id=mid, debtor_id=f"p{i}", channel=ChannelKind.SMS
                    )
                )
            if rng.random() < 0.05:
                events.append(
                    ReplyReceived(
                        at=at + timedelta(hours=1), debtor_id=f"p{i}", channel=ChannelKind.SMS
                    )
                )
                events.append(
                    PromiseToPay(
                        at=at + timedelta(hours=1),
                        debt_id=f"x{i}",
                        promised_date=at.date() + timedelta(days=3),
                    )
                )
            if rng.random() < 0.02:
                events.append(
                    PaymentReceived(
                        at=at + timedelta(days=1), debt_id=f"x{i}", amount=Money(1000, "CLP")
                    )
                )
        if rng.random() < 0.01:
            events.append(
                ConsentRevoked(at=AS_OF - timedelta(days=1), debtor_id=f"p{i}", channel=None)
            )
    return EventLog(events, debts=debts)


METRICS: dict[str, Callable[[EventLog], Any]] = {
    "aging": lambda log: aging(log, as_of=AS_OF),
    "funnel": lambda log: funnel(log),
    "contact_rates": lambda log: contact_rates(log),
    "promise_rates": lambda log: promise_rates(log, as_of=AS_OF),
    "cure_rates": lambda log: cure_rates(log, start=AS_OF - timedelta(days=14), window_days=14),
    "roll_rates": lambda log: roll_rates(
        log, snapshots=[AS_OF - timedelta(days=7 * k) for k in range(3)]
    ),
    "recovery_curves": lambda log: recovery_curves(log, as_of=AS_OF),
    "opt_out_rates": lambda log: opt_out_rates(log),
}


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debts", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    small, large = generate(args.debts), generate(4 * args.debts)
    print(
        f"{'metric':<16} {args.debts:>7} debts {4 * args.debts:>7} debts"
        f"  ratio (aim <= {GROWTH_AIM})"
    )
    ratios: dict[str, float] = {}
    for metric in METRICS.values():  # warm up: pandas' first import is not the metric's cost
        metric(generate(5))
    for name, metric in METRICS.items():
        a = _best(lambda m=metric: m(small), args.repeat)  # type: ignore[misc]
        b = _best(lambda m=metric: m(large), args.repeat)  # type: ignore[misc]
        ratios[name] = b / a if a else float("nan")
        print(f"{name:<16} {a * 1000:>10.1f} ms {b * 1000:>10.1f} ms  {ratios[name]:5.2f}x")
    return ratios


if __name__ == "__main__":
    main()
