"""Plan one partition of a portfolio held in a DataFrame: the unit Dask and Spark distribute.

A partition is a pandas DataFrame in the portfolio schema (:data:`~dunning.io.COLUMNS`, one row
per debt with its debtor's columns) plus an ``events`` column holding each debtor's history as a
JSON array. The planner plans each debtor on its own, so a portfolio cut into partitions *by
debtor* (every row of a debtor in the same partition) gives, partition by partition, exactly the
plan of the whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .._core import _collector as collector
from .._core._errors import InputError, PortfolioLoadError
from .._planning._export import FIELDS, records_table
from .._planning._planner import Planner
from ._load import read_records

__all__ = ["partition_meta", "plan_partition"]

_TIMES = ("utc_time", "valid_until", "moved_to")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("plan_partition needs pandas: pip install 'dunning[pandas]'") from None
    return pandas


def _frame(rows: list[dict[str, Any]]) -> Any:
    """The output frame, :data:`FIELDS` as columns with the same dtypes in every partition.

    With pyarrow (``dunning[parquet]``), Arrow-backed columns (``pandas.ArrowDtype``): exact
    decimal amounts, dates, UTC timestamps and text, which Dask and Spark move between processes
    as buffers rather than one pickled object per cell. Without it, Python objects, UTC instants
    as ``datetime64[us, UTC]``."""
    pd = _pandas()
    try:
        import pyarrow  # noqa: F401  (only whether it is installed)
    except ImportError:  # pragma: no cover - depends on the environment
        frame = pd.DataFrame(rows, columns=list(FIELDS), dtype=object)
        for column in _TIMES:
            frame[column] = pd.to_datetime(frame[column], utc=True).astype("datetime64[us, UTC]")
        return frame
    return records_table(rows).to_pandas(types_mapper=pd.ArrowDtype)


def partition_meta() -> Any:
    """An empty frame shaped like :func:`plan_partition`'s result (Dask's ``meta=``).

    >>> list(partition_meta().columns[:3]), len(partition_meta())
    (['kind', 'message_id', 'debtor_id'], 0)
    """
    return _frame([])


def plan_partition(
    frame: Any,
    *,
    planner: Planner,
    as_of: datetime,
    horizon_days: int = 1,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    foreign_phones: bool = False,
    strict: bool = True,
    first_line: int = 2,
    chunk_size: int = 1000,
) -> Any:
    """Plan one partition of a portfolio: a pandas DataFrame in, a DataFrame of the plan out.

    ``frame`` has the portfolio columns (:data:`~dunning.io.COLUMNS`, read as
    :func:`~dunning.io.read_dataframe` reads them; ``columns=`` maps your names) and, optionally,
    ``events``: each debtor's history as a JSON array (:func:`events_json`) on one of its rows.
    Every row of a debtor must be in the same partition (partition by ``debtor_id``): then the
    partitions' results together are exactly ``planner.plan`` of the whole portfolio.

    The result has one row per message and per skipped or moved step, the columns of
    :meth:`Plan.to_records <dunning.Plan.to_records>` in their order (Arrow-backed dtypes when
    pyarrow is installed: exact decimal amounts, dates, UTC timestamps), for Dask's
    ``map_partitions`` (``meta=partition_meta()``) or Spark's ``mapInPandas``. Bad rows raise
    :class:`~dunning.PortfolioLoadError` listing them all; with ``strict=False`` the good rows
    are planned and each bad one comes back as a row of ``kind`` ``"error"`` whose ``reason``
    says where and what (nothing is dropped silently).

    >>> import pandas as pd
    >>> from datetime import datetime, timezone
    >>> from dunning import Creditor, Planner, default_strategy
    >>> frame = pd.DataFrame({"debtor_id": ["c-1"], "name": ["Ana"], "country": ["CL"],
    ...     "email": ["ana@example.cl"], "debt_id": ["F-1"], "amount": ["45000"],
    ...     "currency": ["CLP"], "due_date": ["2026-11-20"]})
    >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
    >>> out = plan_partition(frame, planner=planner,
    ...                      as_of=datetime(2026, 11, 23, 12, tzinfo=timezone.utc))
    >>> out[["kind", "debtor_id", "channel", "template"]].values.tolist()
    [['message', 'c-1', 'email', 'early']]
    """
    if not isinstance(planner, Planner):
        raise InputError("planner must be a dunning.Planner", field="planner", value=planner)
    if not callable(getattr(frame, "to_dict", None)):
        raise InputError(
            "expected a DataFrame (an object with to_dict('records'))",
            field="frame",
            value=type(frame).__name__,
        )
    # Reading makes no reference cycles: the collector would only rescan what is being read
    # (a partition is bounded by its size; see dunning/_core/_collector.py).
    with collector.paused():
        portfolio = read_records(
            frame.to_dict("records"),
            columns=columns,
            locale=locale,
            first_line=first_line,
            foreign_phones=foreign_phones,
        )
    errors = portfolio.errors
    if strict and errors:
        raise PortfolioLoadError(errors)
    rows: list[dict[str, Any]] = []
    for plan in planner.plan_stream(
        portfolio.groups(), as_of=as_of, horizon_days=horizon_days, chunk_size=chunk_size
    ):
        rows.extend(plan.to_records())
    for error in errors:
        rows.append(dict.fromkeys(FIELDS) | {"kind": "error", "reason": str(error)})
    return _frame(rows)
