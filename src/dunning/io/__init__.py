"""Portfolios in: read debtors and debts from CSV, Parquet/Arrow, a pandas DataFrame or records.

One row per debt with the debtor's columns repeated (or a debts file and a debtors file joined on
``debtor_id``); :data:`COLUMNS` is the schema and ``columns=`` maps your own column names to it.
Loading is lenient: good rows load, and every bad row comes back as a :class:`RowError` with its
line in the file, its column and its value; ``strict=True`` raises
:class:`~dunning.PortfolioLoadError` listing them all. pandas and pyarrow are optional
(``pip install 'dunning[pandas]'``, ``'dunning[parquet]'``) and never imported unless used.

>>> import io
>>> from dunning.io import read_csv
>>> portfolio = read_csv(io.StringIO(
...     "debtor_id,name,country,email,debt_id,amount,currency,due_date\\n"
...     "c-1,Ana,CL,ana@example.cl,F-1,45000,CLP,2026-11-23\\n"))
>>> portfolio
Portfolio(debtors=1, debts=1, errors=0, rows=1)
"""

from .._core._errors import PortfolioLoadError
from .._core._public import publish as _publish
from ._file_plan import FilePlan, plan_file
from ._history import EVENTS_COLUMN, events_json
from ._load import (
    Portfolio,
    RowError,
    exact_decimal,
    read_arrow,
    read_csv,
    read_dataframe,
    read_parquet,
    read_portfolio,
    read_records,
)
from ._partition import partition_meta, plan_partition
from ._schema import COLUMNS, Column, column_names
from ._stream import GroupReader, read_groups

__all__ = [
    "COLUMNS",
    "EVENTS_COLUMN",
    "Column",
    "FilePlan",
    "GroupReader",
    "Portfolio",
    "PortfolioLoadError",
    "RowError",
    "column_names",
    "events_json",
    "exact_decimal",
    "partition_meta",
    "plan_file",
    "plan_partition",
    "read_arrow",
    "read_csv",
    "read_dataframe",
    "read_groups",
    "read_parquet",
    "read_portfolio",
    "read_records",
]

_publish(globals())
