"""How the simulator grows with the portfolio: ``n`` and ``4n`` debtors played forward ``days``
days under ``default_strategy()`` (real planner, dispatcher, memory channels, classifier).

Prints debtor-days per second and the ratio of the two times (process CPU time); linear cost
grows about 4x. The issue's target size is 10,000 debtors x 90 days::

    .venv/bin/python benchmarks/simulate_bench.py --debtors 2500 --days 90   # 2,500 and 10,000

Nothing is asserted: timings depend on the machine. ``tests/simulate/test_bench_smoke.py`` runs
it small to keep it working.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

from dunning import Planner, default_strategy
from dunning.simulate import simulate, synthetic_portfolio
from dunning.templates import TemplateEngine


def _run(n: int, days: int) -> tuple[float, int]:
    portfolio = synthetic_portfolio(n, seed=1)
    planner = Planner(default_strategy(), creditor=portfolio.creditor, templates=TemplateEngine())
    started = time.process_time()
    run = simulate(portfolio, planner, days=days)
    return time.process_time() - started, len(run.messages)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--debtors", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args(argv)
    small, small_messages = _run(args.debtors, args.days)
    large, large_messages = _run(4 * args.debtors, args.days)
    ratio = large / small if small else float("inf")
    for n, t, m in (
        (args.debtors, small, small_messages),
        (4 * args.debtors, large, large_messages),
    ):
        print(
            f"{n} debtors x {args.days} days: {t:.1f} s CPU, {m} messages, "
            f"{n * args.days / t:.0f} debtor-days/s"
        )
    print(f"ratio 4n/n: {ratio:.2f} (linear: about 4; aim: at most 5)")
    return {"ratio": ratio, "messages": large_messages, "seconds": large}


if __name__ == "__main__":
    main()
