"""Champion/challenger experiments: stable arm assignment, per-arm strategies and the
statistics to read the result (FICO "Collections 101"; Experian, 2008: test one change on a
random sample, run both arms over the same period, decide on criteria and a sample size stated
beforehand; keep a holdout to measure uplift, TrueAccord 2017).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

from .._core._errors import InputError
from .._core._models import Debt, Debtor
from .._core._timezones import ensure_aware
from .._planning._strategy import Cadence, Segment, SegmentContext
from ..events import ArmAssigned, PaymentReceived
from ._log import EventLog

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Experiment",
    "arm_results",
    "bootstrap_interval",
    "newcombe_interval",
    "sample_size",
    "wilson_interval",
]

HOLDOUT = "holdout"


@dataclass(frozen=True)
class Experiment:
    """An experiment: ``arms`` maps each arm's name to its share of the debtors not held out;
    ``holdout`` is the share that gets no messages at all (the control for uplift). A debtor's
    arm depends only on the experiment's name and the debtor's id (SHA-256), so it is the same
    on every run and machine, and independent between experiments.

    >>> ab = Experiment("sms-first", {"champion": 0.9, "challenger": 0.1}, holdout=0.1)
    >>> ab.arm("d001") == ab.arm("d001"), ab.arm("d001") in {"champion", "challenger", "holdout"}
    (True, True)
    """

    name: str
    arms: Mapping[str, float]
    holdout: float = 0.0

    def __post_init__(self) -> None:
        if not self.name:
            raise InputError("an experiment needs a name", field="name")
        arms = dict(self.arms)
        if not arms or any(not isinstance(w, int | float) or w <= 0 for w in arms.values()):
            raise InputError("arms need positive shares", field="arms", value=arms)
        if HOLDOUT in arms:
            raise InputError(f"{HOLDOUT!r} is the holdout's name, not an arm's", field="arms")
        if not 0 <= self.holdout < 1:
            raise InputError("holdout must be in [0, 1)", field="holdout", value=self.holdout)
        object.__setattr__(self, "arms", arms)

    def _point(self, debtor_id: str) -> float:
        digest = hashlib.sha256(f"{self.name}\x00{debtor_id}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def arm(self, debtor_id: str) -> str:
        """The debtor's arm: ``holdout`` for the first ``holdout`` share of the hash range,
        then the arms in their given order by their shares of the rest."""
        u = self._point(debtor_id)
        if u < self.holdout:
            return HOLDOUT
        rest = (u - self.holdout) / (1 - self.holdout)
        total = sum(self.arms.values())
        edge = 0.0
        names = list(self.arms)
        for name in names:
            edge += self.arms[name] / total
            if rest < edge:
                return name
        return names[-1]

    def assign(self, debtors: Iterable[Debtor | str], *, at: datetime) -> list[ArmAssigned]:
        """The assignment facts for ``debtors`` at ``at``: append them to your event log so that
        analyses can join on them."""
        ensure_aware(at, "at")
        out = []
        for debtor in debtors:
            debtor_id = debtor if isinstance(debtor, str) else debtor.id
            out.append(
                ArmAssigned(
                    at=at, debtor_id=debtor_id, experiment=self.name, arm=self.arm(debtor_id)
                )
            )
        return out

    def treated(
        self, debtors: Iterable[Debtor], debts: Iterable[Debt]
    ) -> tuple[list[Debtor], list[Debt]]:
        """The debtors not held out, and their debts: what to plan. The holdout gets nothing,
        not even follow-ups of its own promises, so that it measures what no message does."""
        kept = [d for d in debtors if self.arm(d.id) != HOLDOUT]
        ids = {d.id for d in kept}
        return kept, [d for d in debts if d.debtor_id in ids]

    def strategy(self, arms: Mapping[str, Cadence | Sequence[Segment]]) -> list[Segment]:
        """One planner strategy that runs each debtor's arm: every arm's cadence (or segments)
        becomes segments that match only that arm's debtors; holdout debtors match none, so the
        planner skips their debts with ``no_segment``. Use it as
        ``planner.replace(strategy=experiment.strategy({...}))`` and plan :meth:`treated`'s
        debtors: the planner's follow-ups of a promise or a payment plan do not go through
        segments, so only leaving the holdout out of the plan keeps it untouched.
        """
        missing = set(self.arms) - set(arms)
        extra = set(arms) - set(self.arms)
        if missing or extra:
            raise InputError(
                f"strategies must be given for exactly the arms {sorted(self.arms)}",
                field="arms",
                value=sorted(arms),
            )
        segments: list[Segment] = []
        for name in self.arms:
            chosen = arms[name]
            parts = [Segment(name, cadence=chosen)] if isinstance(chosen, Cadence) else list(chosen)
            for part in parts:
                segments.append(
                    part.model_copy(
                        update={
                            "name": f"{self.name}:{name}:{part.name}"
                            if part.name != name
                            else f"{self.name}:{name}",
                            "when": _ArmCondition(self, name, part.when),
                        }
                    )
                )
        return segments


@dataclass(frozen=True)
class _ArmCondition:
    experiment: Experiment
    arm: str
    inner: Any

    def __call__(self, ctx: SegmentContext) -> bool:
        if self.experiment.arm(ctx.debtor.id) != self.arm:
            return False
        return True if self.inner is None else bool(self.inner(ctx))


# --- statistics ------------------------------------------------------------------------------


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise InputError("confidence must be in (0, 1)", field="confidence", value=confidence)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (Wilson, JASA 1927):
    ``(p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)``.

    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.9433)
    """
    if n < 0 or not 0 <= successes <= n:
        raise InputError("need 0 <= successes <= n", field="successes", value=(successes, n))
    if n == 0:
        return (0.0, 1.0)
    z = _z(confidence)
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    den = 1 + z * z / n
    return (max(0.0, (centre - spread) / den), min(1.0, (centre + spread) / den))


def newcombe_interval(
    s1: int, n1: int, s2: int, n2: int, *, confidence: float = 0.95
) -> tuple[float, float, float]:
    """The difference ``p1 − p2`` of two proportions and its interval by Newcombe's hybrid score
    method (Newcombe, Stat. Med. 1998, method 10), built from the two Wilson intervals."""
    if not n1 or not n2:
        raise InputError("both groups need at least one debtor", field="n")
    p1, p2 = s1 / n1, s2 / n2
    l1, u1 = wilson_interval(s1, n1, confidence=confidence)
    l2, u2 = wilson_interval(s2, n2, confidence=confidence)
    diff = p1 - p2
    return (
        diff,
        diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


def bootstrap_interval(
    values: Sequence[Decimal],
    *,
    resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[Decimal, Decimal, Decimal]:
    """The mean of ``values`` and its percentile bootstrap interval (Efron, 1979): ``resamples``
    resamples with replacement from a ``random.Random(seed)`` (same seed, same interval). Means
    are exact decimals; the bounds are resample means (no rounding).

    >>> from decimal import Decimal
    >>> bootstrap_interval([Decimal(5)] * 4)
    (Decimal('5'), Decimal('5'), Decimal('5'))
    """
    data = [Decimal(v) for v in values]
    if not data:
        raise InputError("no values to bootstrap", field="values")
    if resamples < 1:
        raise InputError("resamples must be 1 or more", field="resamples", value=resamples)
    _z(confidence)
    rng = random.Random(seed)
    n = len(data)
    means = sorted(sum(rng.choices(data, k=n), Decimal(0)) / n for _ in range(resamples))
    alpha = (1 - confidence) / 2
    low = means[min(resamples - 1, max(0, math.floor(alpha * resamples)))]
    high = means[min(resamples - 1, max(0, math.ceil((1 - alpha) * resamples) - 1))]
    return (sum(data, Decimal(0)) / n, low, high)


def sample_size(baseline: float, target: float, *, alpha: float = 0.05, power: float = 0.8) -> int:
    """Debtors needed in each arm to tell a rate of ``target`` from ``baseline`` with a two-sided
    test at ``alpha`` and the given ``power`` (two proportions, normal approximation, Fleiss,
    *Statistical Methods for Rates and Proportions*):
    ``n = (z₁₋α/₂·sqrt(2·p̄(1−p̄)) + z₁₋β·sqrt(p₁(1−p₁) + p₂(1−p₂)))² / (p₁ − p₂)²``.

    >>> sample_size(0.10, 0.15)
    686
    """
    for name, value in (("baseline", baseline), ("target", target)):
        if not 0 < value < 1:
            raise InputError(f"{name} must be a rate in (0, 1)", field=name, value=value)
    if baseline == target:
        raise InputError("target must differ from baseline", field="target", value=target)
    if not 0 < power < 1:
        raise InputError("power must be in (0, 1)", field="power", value=power)
    za = _z(1 - alpha)
    zb = NormalDist().inv_cdf(power)
    mean = (baseline + target) / 2
    top = za * math.sqrt(2 * mean * (1 - mean)) + zb * math.sqrt(
        baseline * (1 - baseline) + target * (1 - target)
    )
    return math.ceil(top**2 / (baseline - target) ** 2)


def arm_results(
    log: EventLog,
    experiment: str,
    *,
    as_of: datetime,
    window_days: int = 30,
    currency: str | None = None,
    confidence: float = 0.95,
    resamples: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per-arm outcomes of ``experiment`` from each debtor's assignment through ``window_days``
    after it (or ``as_of``, whichever is first), one row per arm (``currency``: only the
    debtors with debts in that currency):

    * ``payers`` (debtors with a payment) and ``pay_rate`` with its Wilson interval;
    * ``uplift`` = pay rate − the holdout's, with Newcombe's interval;
    * when the debtors' debts are all in one currency (or ``currency`` is given):
      ``collected_mean`` per debtor (exact) with a seeded bootstrap interval, and
      ``incremental`` = the arm's debtors × (collected mean − the holdout's), the TrueAccord
      (2017) incremental benefit; ``None`` otherwise (currencies do not add up).

    Columns: ``arm, currency, debtors, payers, pay_rate, pay_rate_low, pay_rate_high, uplift,
    uplift_low, uplift_high, collected_mean, collected_low, collected_high, incremental``.
    """
    import pandas as pd

    ensure_aware(as_of, "as_of")
    assigned: dict[str, tuple[str, datetime]] = {}
    for event in log.events:
        if isinstance(event, ArmAssigned) and event.experiment == experiment:
            assigned.setdefault(event.debtor_id, (event.arm, event.at))
    if not assigned:
        raise InputError(f"the log has no assignments for {experiment!r}", field="experiment")
    outcomes: dict[str, list[Decimal]] = {}
    currencies: set[str] = set()
    for debtor_id, (arm, since) in assigned.items():
        until = min(as_of, since + timedelta(days=window_days))
        debts = [
            d for d in log.debts_of(debtor_id) if currency is None or d.amount.currency == currency
        ]
        if not debts:
            continue
        currencies.update(d.amount.currency for d in debts)
        paid = sum(
            (
                p.amount.amount
                for d in debts
                for p in log.payments(d.id)
                if since < p.at <= until and isinstance(p, PaymentReceived)
            ),
            Decimal(0),
        )
        outcomes.setdefault(arm, []).append(paid)
    one_currency = currencies.pop() if len(currencies) == 1 else None
    control = outcomes.get(HOLDOUT)
    rows: list[dict[str, Any]] = []
    for arm, amounts in sorted(outcomes.items()):
        payers = sum(a > 0 for a in amounts)
        low, high = wilson_interval(payers, len(amounts), confidence=confidence)
        row: dict[str, Any] = {
            "arm": arm,
            "currency": one_currency,
            "debtors": len(amounts),
            "payers": payers,
            "pay_rate": payers / len(amounts),
            "pay_rate_low": low,
            "pay_rate_high": high,
            "uplift": None,
            "uplift_low": None,
            "uplift_high": None,
            "collected_mean": None,
            "collected_low": None,
            "collected_high": None,
            "incremental": None,
        }
        if arm != HOLDOUT and control:
            control_payers = sum(a > 0 for a in control)
            diff, dlow, dhigh = newcombe_interval(
                payers, len(amounts), control_payers, len(control), confidence=confidence
            )
            row.update(uplift=diff, uplift_low=dlow, uplift_high=dhigh)
        if one_currency is not None:
            mean, mlow, mhigh = bootstrap_interval(
                amounts, resamples=resamples, confidence=confidence, seed=seed
            )
            row.update(collected_mean=mean, collected_low=mlow, collected_high=mhigh)
            if arm != HOLDOUT and control:
                row["incremental"] = len(amounts) * (mean - sum(control, Decimal(0)) / len(control))
        rows.append(row)
    return pd.DataFrame(rows)
