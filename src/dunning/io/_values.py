"""What a portfolio load returns (Portfolio, RowError) and the schema constants its parts share."""

from __future__ import annotations

import codecs
import csv
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import IO, Any

from .._core._errors import InputError, PortfolioLoadError
from .._core._models import Debt, Debtor
from .._planning._groups import DebtorGroup, debtor_groups, grouped
from ..events import Event
from ..policy._columns import EventColumns
from ._schema import COLUMNS

__all__ = ["PathLike", "Portfolio", "Progress", "RowError"]

Progress = Callable[[int], None]
PathLike = str | os.PathLike[str]

_SCHEMA = {c.name: c for c in COLUMNS}
_DEBTOR = tuple(c for c in COLUMNS if c.entity == "debtor")
_DEBT = tuple(c for c in COLUMNS if c.entity == "debt")
_ATTRIBUTE = "attributes."
# The model field each column fills, where the names differ.
_FIELD_OF = {"debtor_id": "id", "debt_id": "id"}
_CONSENTS = {"consent_whatsapp": "whatsapp", "consent_sms": "sms", "consent_email": "email"}
_TRUE = frozenset({"true", "t", "yes", "y", "1", "si", "sí", "sim"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "não", "nao"})
# A float holds any decimal of up to 15 significant digits exactly enough to give it back.
_FLOAT_DIGITS = 15
# Digits with at most one point: what the plain reading of an amount accepts.
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_PROGRESS_EVERY = 1000


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: where it is (``line``, ``column``), what was there (``value``)
    and what is wrong with it (``message``).

    ``line`` is the row's first line in a CSV file (the header is line 1), the row number (from
    1) in records, Parquet and Arrow tables, and the line the row would have in a CSV written with
    a header for a DataFrame (``first_line=`` changes it). ``column`` is the column's name as the
    input names it, ``None`` for a problem of the whole row. ``source`` names the file.

    >>> str(RowError(7, "phone", "12345", "not a valid phone number", "debts.csv"))
    "debts.csv:7: column 'phone' ('12345'): not a valid phone number"
    """

    line: int
    column: str | None
    value: str | None
    message: str
    source: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.source else f"line {self.line}"
        what = f"column {self.column!r} ({self.value!r})" if self.column else "row"
        return f"{where}: {what}: {self.message}"

    def to_record(self) -> dict[str, Any]:
        """The error as a flat record (the columns of an errors CSV)."""
        return {
            "source": self.source or "",
            "line": self.line,
            "column": self.column or "",
            "value": "" if self.value is None else self.value,
            "message": self.message,
        }


class Reported:
    """What reports the bad rows of a load (:class:`Portfolio`, a ``GroupReader`` while it
    reads, a ``FilePlan``): its ``errors``, whether there is none, and writing them out."""

    __slots__ = ()
    errors: Sequence[RowError]

    @property
    def ok(self) -> bool:
        """True when no row was bad (for a reader still being read: so far)."""
        return not self.errors

    def write_errors(self, path: PathLike | IO[str]) -> None:
        """Write the bad rows as CSV: ``source, line, column, value, message``."""
        write_errors(self.errors, path)


@dataclass(frozen=True)
class Portfolio(Reported):
    """What a loader read: the good ``debtors`` and ``debts``, and every bad row's ``errors``.

    ``rows`` counts the rows read (debts rows, plus the debtors file's rows when there is one);
    ``lines`` maps each loaded debt id to its line; ``ignored_columns`` lists the columns that
    are not in the schema (nothing is dropped without saying so). ``history``: the loaded
    debtors' events from the ``events`` column (:data:`~dunning.io.EVENTS_COLUMN`), which
    :meth:`groups` plans with them; a debtor whose history cannot be read is not loaded (its
    rows are errors), since planning without it could message a debtor who said STOP.
    """

    debtors: tuple[Debtor, ...]
    debts: tuple[Debt, ...]
    errors: tuple[RowError, ...]
    rows: int
    ignored_columns: tuple[str, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)
    history: tuple[Event, ...] = ()
    _columns: Mapping[str, EventColumns] = field(default_factory=dict, repr=False, compare=False)
    """The loader's long histories as columns, by debtor id (made while they were read)."""

    def groups(self, history: Iterable[Event] = ()) -> Iterator[DebtorGroup]:
        """The loaded debtors with their debts and history, one :class:`~dunning.DebtorGroup`
        per debtor in id order, for ``Planner.plan_stream`` (:func:`~dunning.debtor_groups`).

        The history is :attr:`history` (read from the file) followed by ``history``: pass only
        the events the file does not hold (a payment counted twice would be paid twice). Events
        about debtors or debts not loaded are left out, as ``Planner.plan`` leaves them out.

        >>> import io
        >>> from dunning.io import read_csv
        >>> portfolio = read_csv(io.StringIO(
        ...     "debtor_id,name,country,email,debt_id,amount,currency,due_date\\n"
        ...     "c-2,Ana,CL,ana@example.cl,F-2,45000,CLP,2026-11-23\\n"
        ...     "c-1,Luis,CL,luis@example.cl,F-1,30000,CLP,2026-11-24\\n"))
        >>> [(g.debtor.id, [d.id for d in g.debts]) for g in portfolio.groups()]
        [('c-1', ['F-1']), ('c-2', ['F-2'])]
        """
        if isinstance(history, tuple | list) and not history:
            # The history read, nothing added: its long histories' columns are the groups'.
            return grouped(self.debtors, self.debts, self.history, self._columns)
        if self.history:
            history = itertools.chain(self.history, history)
        return debtor_groups(self.debtors, self.debts, history)

    def raise_for_errors(self) -> Portfolio:
        """``self`` when there is no error, else :class:`~dunning.PortfolioLoadError`."""
        if self.errors:
            raise PortfolioLoadError(self.errors)
        return self

    def __repr__(self) -> str:
        return (
            f"Portfolio(debtors={len(self.debtors)}, debts={len(self.debts)}, "
            f"errors={len(self.errors)}, rows={self.rows}"
            + (f", events={len(self.history)})" if self.history else ")")
        )


def write_errors(errors: Iterable[RowError], path: PathLike | IO[str]) -> None:
    """Write ``errors`` as CSV: ``source, line, column, value, message``."""
    fields = ["source", "line", "column", "value", "message"]
    with _open_text(path, "w") as out:
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(e.to_record() for e in errors)


def _open_text(
    path: PathLike | IO[str], mode: str, encoding: str = "utf-8"
) -> AbstractContextManager[IO[str]]:
    """A path opened (and closed after the ``with``), or a caller's open file left open. UTF-8
    is read with or without a byte order mark (Excel writes one)."""
    if isinstance(path, (str, os.PathLike)):
        if mode == "r" and codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
        return open(path, mode, encoding=encoding, newline="")
    return nullcontext(path)


def checked_encoding(encoding: object) -> str:
    """``encoding`` when Python knows it, else :class:`~dunning.InputError`."""
    if not isinstance(encoding, str):
        raise InputError("encoding must be a codec name such as 'cp1252'", field="encoding",
                         value=encoding)  # fmt: skip
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r} (e.g. 'utf-8', 'cp1252', 'latin-1')",
            field="encoding",
            value=encoding,
        ) from None
    return encoding
