"""Strategy comparison: every arm on the same synthetic portfolio, common random numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .._planning._planner import Planner
from ..analytics import bootstrap_interval, newcombe_interval, wilson_interval
from ..events import ConsentRevoked, PaymentReceived
from ._loop import Simulation, simulate
from ._population import SyntheticPortfolio

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Comparison", "compare", "on_time"]


@dataclass(frozen=True)
class Comparison:
    """``table``: one row per arm (see :func:`compare`); ``runs``: each arm's simulation."""

    table: pd.DataFrame
    runs: Mapping[str, Simulation]


def on_time(run: Simulation) -> tuple[int, int]:
    """(debts paid in full by the end of their local due date, debts not yet due at the start
    whose due date falls inside the run): Cadena & Schoar's on-time repayment."""
    log = run.log
    end = run.start + timedelta(days=run.days)
    debtors = {d.id: d for d in log.debtors}
    start_day = run.start.date()
    paid, eligible = 0, 0
    for debt in log.debts:
        due = debt.due_date
        if due is None or due <= start_day or due >= (end - timedelta(days=1)).date():
            continue
        eligible += 1
        zone = ZoneInfo(debtors[debt.debtor_id].timezone or "UTC")
        cutoff = datetime.combine(due + timedelta(days=1), time(0), tzinfo=zone)
        total = sum(
            (p.amount.amount for p in log.payments(debt.id) if p.at < cutoff),
            Decimal(0),
        )
        paid += total >= debt.amount.amount
    return paid, eligible


def compare(
    portfolio: SyntheticPortfolio,
    arms: Mapping[str, Planner | None],
    *,
    days: int = 28,
    seed: int | None = None,
    reference: str | None = None,
    confidence: float = 0.95,
    recovered_by: int | None = None,
    bot: bool = False,
) -> Comparison:
    """Run every arm (a planner, or ``None`` for no messages) on ``portfolio`` with the same
    seed, and report per arm, with ``confidence`` intervals:

    * ``messages`` sent (the planned ones; with ``bot=True``, see :func:`simulate`, the bot's
      answers are counted apart in ``bot_messages``); ``opted_out`` debtors;
    * ``on_time`` / ``due`` and ``on_time_rate`` (Wilson interval, ``on_time_low/high``);
    * ``payers`` / ``debtors`` and ``pay_rate`` (Wilson);
    * ``recovered``: mean share of each debtor's balance collected by day ``recovered_by`` of
      the run (default: its end; bootstrap interval, ``recovered_low/high``; a share, so
      currencies need not add);
    * ``on_time_uplift`` and ``pay_uplift`` against ``reference`` (default: the first arm), with
      Newcombe's interval. The arms share random numbers, so these intervals, made for
      independent samples, are conservative;
    * ``recovered_uplift``: the relative rise of ``recovered`` over the reference arm
      (``recovered / reference - 1``) with a paired percentile bootstrap interval
      (``recovered_uplift_low/high``: the same debtors resampled in both arms, which is what
      common random numbers allow), and ``message_ratio``: messages over the reference's.
    """
    import pandas as pd

    runs = {
        name: simulate(portfolio, planner, days=days, seed=seed, bot=bot)
        for name, planner in arms.items()
    }
    base = reference or next(iter(runs))
    rows: list[dict[str, Any]] = []
    stats: dict[str, tuple[int, int, int, int]] = {}
    recovered: dict[str, list[Decimal]] = {}
    for name, run in runs.items():
        log = run.log
        ok, due = on_time(run)
        cutoff = run.start + timedelta(days=run.days if recovered_by is None else recovered_by)
        shares: list[Decimal] = []
        payers = 0
        for debtor in log.debtors:
            owed = sum((d.amount.amount for d in log.debts_of(debtor.id)), Decimal(0))
            got = sum(
                (
                    p.amount.amount
                    for d in log.debts_of(debtor.id)
                    for p in log.payments(d.id)
                    if isinstance(p, PaymentReceived) and p.at < cutoff
                ),
                Decimal(0),
            )
            payers += got > 0
            shares.append(got / owed if owed else Decimal(0))
        n = len(shares)
        stats[name] = (ok, due, payers, n)
        recovered[name] = shares
        mean, low, high = bootstrap_interval(shares, confidence=confidence, seed=portfolio.seed)
        ot_low, ot_high = wilson_interval(ok, due, confidence=confidence)
        p_low, p_high = wilson_interval(payers, n, confidence=confidence)
        rows.append(
            {
                "arm": name,
                "debtors": n,
                "messages": len(run.messages),
                "bot_messages": len(run.bot_messages),
                "opted_out": len(
                    {e.debtor_id for e in log.events if isinstance(e, ConsentRevoked)}
                ),
                "due": due,
                "on_time": ok,
                "on_time_rate": ok / due if due else None,
                "on_time_low": ot_low,
                "on_time_high": ot_high,
                "payers": payers,
                "pay_rate": payers / n if n else None,
                "pay_rate_low": p_low,
                "pay_rate_high": p_high,
                "recovered": float(mean),
                "recovered_low": float(low),
                "recovered_high": float(high),
            }
        )
    ref = stats[base]
    base_messages = next(r["messages"] for r in rows if r["arm"] == base)
    for row in rows:
        ratio, r_low, r_high = _paired_uplift(
            recovered[row["arm"]], recovered[base], confidence, portfolio.seed
        )
        row.update(
            recovered_uplift=ratio,
            recovered_uplift_low=r_low,
            recovered_uplift_high=r_high,
            message_ratio=row["messages"] / base_messages if base_messages else None,
        )
        ok, due, payers, n = stats[row["arm"]]
        uplift = (
            newcombe_interval(ok, due, ref[0], ref[1], confidence=confidence)
            if due and ref[1]
            else (None, None, None)
        )
        pay = newcombe_interval(payers, n, ref[2], ref[3], confidence=confidence)
        row.update(
            on_time_uplift=uplift[0],
            on_time_uplift_low=uplift[1],
            on_time_uplift_high=uplift[2],
            pay_uplift=pay[0],
            pay_uplift_low=pay[1],
            pay_uplift_high=pay[2],
        )
    return Comparison(pd.DataFrame(rows), runs)


def _paired_uplift(
    arm: list[Decimal], base: list[Decimal], confidence: float, seed: int, resamples: int = 2000
) -> tuple[float | None, float | None, float | None]:
    """``mean(arm) / mean(base) - 1`` and its paired percentile bootstrap interval: each
    resample draws the same debtors (indices) in both arms (a ratio of shares, so floats)."""
    import numpy as np

    mine = np.array([float(x) for x in arm])
    ref = np.array([float(x) for x in base])
    if not len(ref) or ref.sum() == 0:
        return None, None, None
    rng = np.random.default_rng(seed)
    ratios = np.empty(resamples)
    for i in range(resamples):
        pick = rng.integers(0, len(ref), size=len(ref))
        ratios[i] = mine[pick].sum() / ref[pick].sum() - 1
    ratios.sort()
    alpha = (1 - confidence) / 2
    low = ratios[min(resamples - 1, int(alpha * resamples))]
    high = ratios[min(resamples - 1, int((1 - alpha) * resamples))]
    return float(mine.sum() / ref.sum() - 1), float(low), float(high)
