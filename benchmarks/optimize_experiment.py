"""Issue 16's experiment: the optimiser arm against ``default_strategy()`` on one synthetic
portfolio, seeds fixed.

Both arms run the same cadence (``default_strategy()``) through the real planner and
dispatcher; the optimiser arm adds ``Planner(chooser=Optimizer(...))``, which picks each step's
channel and local hour among the slots the debtor's policy allows and learns every evening
from that day's events. Reported per arm: messages, opted-out debtors, the mean share of each
debtor's balance recovered by day ``--by`` (bootstrap 95 % interval), its relative uplift
over the default arm (paired bootstrap 95 % interval: the arms share their random numbers),
and the compliance violations the independent checker of ``tests/simulate/sendcheck.py``
finds (written from the policy's rule data and the ``holidays`` package)::

    .venv/bin/python benchmarks/optimize_experiment.py                 # 10,000 x 90 days
    .venv/bin/python benchmarks/optimize_experiment.py --debtors 500 --days 30 --by 30

The full size takes minutes per arm. Nothing is asserted here; ``tests/simulate`` runs a
small version.

``--arms default,holdout,oracle`` adds two diagnostic arms: ``holdout`` sends nothing (what
the messages recover at all) and ``oracle`` is a chooser that *reads the hidden propensities*
(each debtor's attention hour and preferred channel) and picks the allowed slot nearest them:
an upper bound for any channel × hour optimiser on this simulator, never a strategy.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "simulate"))

from sendcheck import violations

from dunning import ChannelKind, Choice, Planner, default_strategy
from dunning.optimize import Optimizer
from dunning.simulate import Propensity, compare, synthetic_portfolio
from dunning.templates import TemplateEngine

COLUMNS = [
    "arm",
    "messages",
    "bot_messages",
    "message_ratio",
    "opted_out",
    "pay_rate",
    "recovered",
    "recovered_low",
    "recovered_high",
    "recovered_uplift",
    "recovered_uplift_low",
    "recovered_uplift_high",
    "violations",
]


class Oracle:
    """Knows what no strategy can: each debtor's hidden attention hour and preferred channel.
    Picks the preferred channel if allowed (else WhatsApp, SMS, e-mail: the simulator's read
    rates) at the allowed whole hour nearest the debtor's peak."""

    def __init__(self, hidden: dict[str, Propensity]) -> None:
        self.hidden = hidden

    def choose(self, choice: Choice) -> tuple[ChannelKind, Any] | None:
        hidden = self.hidden[choice.debtor.id]
        zone = choice.debtor.zone
        rank = [hidden.preferred, ChannelKind.WHATSAPP, ChannelKind.SMS, ChannelKind.EMAIL]
        best: tuple[tuple[int, int], ChannelKind, Any] | None = None
        for option in choice.options:
            t = option.start
            while t < option.end:
                wall = t.astimezone(zone)
                key = (rank.index(option.channel), abs(wall.hour - hidden.peak_hour))
                if best is None or key < best[0]:
                    best = (key, option.channel, t)
                top = wall.replace(minute=0, second=0, microsecond=0).astimezone(t.tzinfo)
                t = top + timedelta(hours=1)
        return None if best is None else (best[1], best[2])


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--debtors", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--by", type=int, default=60, help="recovered by this day of the run")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--arms", default="default,optimizer", help="default first")
    parser.add_argument(
        "--bot", action="store_true", help="the WhatsApp bot answers replies (simulate(bot=True))"
    )
    args = parser.parse_args(argv)
    portfolio = synthetic_portfolio(args.debtors, seed=args.seed)
    default = Planner(default_strategy(), creditor=portfolio.creditor, templates=TemplateEngine())
    every: dict[str, Planner | None] = {
        "default": default,
        "optimizer": default.replace(chooser=Optimizer(seed=args.seed)),
        "holdout": None,
        "oracle": default.replace(chooser=Oracle(portfolio.propensities)),
    }
    started = time.process_time()
    result = compare(
        portfolio,
        {name: every[name] for name in args.arms.split(",")},
        days=args.days,
        recovered_by=args.by,
        bot=args.bot,
    )
    seconds = time.process_time() - started
    table = result.table.copy()
    table["violations"] = [len(violations(result.runs[arm])) for arm in table["arm"]]
    print(
        f"{args.debtors} debtors x {args.days} days, recovered by day {args.by}, "
        f"seed {args.seed}{', bot on' if args.bot else ''}: {seconds:.0f} s CPU for all arms"
    )
    with_pandas = table[COLUMNS].to_string(index=False, float_format=lambda x: f"{x:.4f}")
    print(with_pandas)
    learned = result.runs["optimizer"].optimizer if "optimizer" in result.runs else None
    if learned is not None:
        print(learned)
        print("best arms, whole portfolio:", learned.table()[:5])
    row = table.set_index("arm").iloc[-1]
    return {
        "uplift": row["recovered_uplift"],
        "low": row["recovered_uplift_low"],
        "high": row["recovered_uplift_high"],
        "message_ratio": row["message_ratio"],
        "violations": int(table["violations"].sum()),
    }


if __name__ == "__main__":
    main()
