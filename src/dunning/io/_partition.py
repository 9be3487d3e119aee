"""Plan one partition of a portfolio held in a DataFrame: the unit Dask and Spark distribute.

A partition is a pandas DataFrame in the portfolio schema (:data:`~dunning.io.COLUMNS`, one row
per debt with its debtor's columns) plus an ``events`` column holding each debtor's history as a
JSON array. The planner plans each debtor on its own, so a portfolio cut into partitions *by
debtor* (every row of a debtor in the same partition) gives, partition by partition, exactly the
plan of the whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .._core import _collector as collector
from .._core._base import translate
from .._core._errors import InputError, PortfolioLoadError
from .._planning._export import FIELDS, records_table
from .._planning._planner import Planner
from ..events import Event
from ._cells import _CellError, _clean, _shown, _text
from ._load import read_records
from ._values import RowError

__all__ = ["EVENTS_COLUMN", "events_json", "partition_meta", "plan_partition"]

EVENTS_COLUMN = "events"
"""The partition column holding a debtor's history: a JSON array of events in the form
:func:`events_json` writes (each with its ``kind``), on one of the debtor's rows (the others
empty, or the same text)."""

_EVENTS: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
_TIMES = ("utc_time", "valid_until", "moved_to")


def events_json(events: Iterable[Event]) -> str:
    """A debtor's events as the JSON text of the ``events`` column.

    >>> from datetime import datetime, timezone
    >>> from dunning.events import DisputeOpened
    >>> events_json([DisputeOpened(at=datetime(2026, 11, 20, tzinfo=timezone.utc),
    ...                            debt_id="F-1")])
    '[{"at":"2026-11-20T00:00:00Z","kind":"dispute_opened","debt_id":"F-1","reason":null}]'
    """
    return _EVENTS.dump_json(list(events)).decode()


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


def _histories(
    records: list[dict[Any, Any]], column: str, id_column: str, first_line: int
) -> tuple[list[Event], list[RowError]]:
    """Every debtor's events from the ``column`` cells, and the cells that could not be read."""
    events: list[Event] = []
    errors: list[RowError] = []
    seen: dict[str, tuple[str, int]] = {}
    for line, record in enumerate(records, start=first_line):
        cell = _clean(record.get(column))
        if cell is None:
            continue
        shown = _shown(cell)
        if not isinstance(cell, str):
            errors.append(RowError(line, column, shown, "expected a JSON array of events"))
            continue
        try:
            debtor_id = _text(_clean(record.get(id_column)))
        except _CellError:
            continue  # the loader reports the bad debtor id
        known = seen.get(debtor_id)
        if known is not None:
            if known[0] != cell:
                errors.append(
                    RowError(
                        line,
                        column,
                        shown,
                        f"debtor {debtor_id!r} has other events on line {known[1]} (give its "
                        "history on one row)",
                    )
                )
            continue
        seen[debtor_id] = (cell, line)
        try:
            parsed = _EVENTS.validate_json(cell)
        except ValidationError as exc:
            error = translate(exc, "event")
            errors.append(RowError(line, column, shown, getattr(error, "detail", str(error))))
            continue
        except ValueError as exc:  # pragma: no cover - pydantic wraps JSON errors itself
            errors.append(RowError(line, column, shown, str(exc)))
            continue
        for event in parsed:
            owner = getattr(event, "debtor_id", None)
            if owner is not None and owner != debtor_id:
                errors.append(
                    RowError(line, column, shown, f"an event of debtor {owner!r} on {debtor_id!r}")
                )
                break
        else:
            events.extend(parsed)
    return events, errors


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
        records: list[dict[Any, Any]] = frame.to_dict("records")
        names = {v: k for k, v in (columns or {}).items()}
        history, event_errors = _histories(
            records,
            names.get(EVENTS_COLUMN, EVENTS_COLUMN),
            names.get("debtor_id", "debtor_id"),
            first_line,
        )
        portfolio = read_records(
            records,
            columns={k: v for k, v in (columns or {}).items() if v != EVENTS_COLUMN},
            locale=locale,
            first_line=first_line,
            foreign_phones=foreign_phones,
        )
        del records
    errors = sorted((*portfolio.errors, *event_errors), key=lambda e: e.line)
    if strict and errors:
        raise PortfolioLoadError(errors)
    rows: list[dict[str, Any]] = []
    for plan in planner.plan_stream(
        portfolio.groups(history), as_of=as_of, horizon_days=horizon_days, chunk_size=chunk_size
    ):
        rows.extend(plan.to_records())
    for error in errors:
        rows.append(dict.fromkeys(FIELDS) | {"kind": "error", "reason": str(error)})
    return _frame(rows)
