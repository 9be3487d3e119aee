"""Shared helpers of the metrics, and aging (see _metrics for the sources)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._core._errors import InputError
from .._core._models import Debt
from .._core._timezones import UTC, ensure_aware
from ._log import EventLog

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Buckets", "By", "aging"]

By = str | Sequence[str] | None


def _keys(by: By) -> tuple[str, ...]:
    if by is None:
        return ()
    if isinstance(by, str):
        return (by,)
    return tuple(by)


def _ratio(num: Decimal | int, den: Decimal | int) -> float | None:
    return None if not den else float(Decimal(num) / Decimal(den))


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns))


def _group(
    units: Iterable[dict[str, Any]], keys: tuple[str, ...]
) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    if not keys:
        groups[()] = []  # ungrouped: one row, even for an empty log
    for unit in units:
        groups[tuple(unit.get(k) for k in keys)].append(unit)
    return dict(sorted(groups.items(), key=lambda kv: tuple(str(v) for v in kv[0])))


def _end_of(d: date) -> datetime:
    """The last instant of UTC day ``d`` (payments up to it count for that day)."""
    return datetime.combine(d + timedelta(days=1), time(0), tzinfo=UTC) - timedelta(microseconds=1)


def _start_of(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=UTC)


# --- aging ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Buckets:
    """Aging buckets by days past due: ``current`` (not yet due: due today or later, or no due
    date), then one bucket per edge (``1-30``, ``31-60``, ``61-90``) and one past the last edge
    (``90+``, meaning more than 90 days).

    >>> Buckets((30, 60, 90, 120)).labels
    ('current', '1-30', '31-60', '61-90', '91-120', '120+')
    >>> Buckets().label(0), Buckets().label(31), Buckets().label(400)
    ('current', '31-60', '90+')
    """

    edges: tuple[int, ...] = (30, 60, 90)

    def __post_init__(self) -> None:
        edges = tuple(self.edges)
        if not edges or any(not isinstance(e, int) or isinstance(e, bool) for e in edges):
            raise InputError("bucket edges must be whole numbers of days", field="edges")
        if edges[0] < 1 or any(b <= a for a, b in itertools.pairwise(edges)):
            raise InputError(
                "bucket edges must be increasing and start at 1 or more", field="edges", value=edges
            )
        object.__setattr__(self, "edges", edges)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every bucket's label, youngest first."""
        out = ["current"]
        low = 1
        for edge in self.edges:
            out.append(f"{low}-{edge}")
            low = edge + 1
        out.append(f"{self.edges[-1]}+")
        return tuple(out)

    def label(self, days_past_due: int) -> str:
        """The bucket of a debt ``days_past_due`` days late (``<= 0``: current)."""
        if days_past_due <= 0:
            return "current"
        low = 1
        for edge in self.edges:
            if days_past_due <= edge:
                return f"{low}-{edge}"
            low = edge + 1
        return f"{self.edges[-1]}+"


def _dpd(debt: Debt, on: date) -> int:
    return 0 if debt.due_date is None else (on - debt.due_date).days


def _state(log: EventLog, debt: Debt, at: datetime, buckets: Buckets) -> tuple[str, Decimal]:
    balance = log.balance(debt.id, at=at)
    if balance == 0:
        return "paid", balance
    return buckets.label(_dpd(debt, at.date())), balance


def aging(
    log: EventLog, *, as_of: datetime, buckets: Buckets | None = None, by: By = None
) -> pd.DataFrame:
    """Open receivables by days past due at ``as_of`` (common AR practice, e.g. DocuLedger's
    aging report: current/not-yet-due, 1-30, 31-60, 61-90, 90+). One row per group, currency and
    bucket, every bucket listed (empty ones with zero), so that per currency the ``outstanding``
    column sums exactly to the outstanding balance of the portfolio.

    Columns: ``*by, currency, bucket, debts, outstanding`` (``Decimal``).
    """
    ensure_aware(as_of, "as_of")
    buckets = buckets or Buckets()
    keys = tuple(k for k in _keys(by) if k != "currency")
    units = []
    for debt in log.debts:
        bucket, balance = _state(log, debt, as_of, buckets)
        if bucket == "paid":
            continue
        units.append({**log.dimensions(debt), "bucket": bucket, "balance": balance})
    rows = []
    for key, members in _group(units, (*keys, "currency")).items():
        for label in buckets.labels:
            inside = [u for u in members if u["bucket"] == label]
            rows.append(
                {
                    **dict(zip((*keys, "currency"), key, strict=True)),
                    "bucket": label,
                    "debts": len(inside),
                    "outstanding": sum((u["balance"] for u in inside), Decimal(0)),
                }
            )
    return _frame(rows, [*keys, "currency", "bucket", "debts", "outstanding"])
