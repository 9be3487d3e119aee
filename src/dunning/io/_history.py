"""The ``events`` column: each debtor's history, read with the portfolio it belongs to.

A debtor's history is a JSON array of :mod:`dunning.events` (as :func:`events_json` writes it)
on one of the debtor's rows; the debtor's other rows leave the cell empty or repeat the same
text. A debtor whose history cannot be read is not loaded at all: planned without it, a debtor
who said STOP, disputed a debt or promised to pay would be messaged as if they had not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from .._core._base import share_fields
from .._core._errors import DunningError, InputError
from .._planning import _groups
from ..events import ChargeApplied, Event, PaymentPlanAccepted, PaymentReceived, PromiseToPay
from ..policy._columns import EventColumns
from ._cells import MAX_NESTING, _CellError, _clean, _shown, _text, _too_deep
from ._values import RowError

__all__ = ["EVENTS_COLUMN", "events_json"]

EVENTS_COLUMN = "events"
"""The column holding a debtor's history: a JSON array of events in the form
:func:`events_json` writes (each with its ``kind``), on one of the debtor's rows (the others
empty, or the same text)."""

_EVENTS: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
# Every event's kind (how pydantic names the union's branch in an error's location).
_KINDS = frozenset(c.model_fields["kind"].default for c in get_args(get_args(Event)[0]))
# The fields of each kind that may hold null (``None`` among their types).
_NULLABLE = {
    c.model_fields["kind"].default: frozenset(
        name for name, f in c.model_fields.items() if type(None) in get_args(f.annotation)
    )
    for c in get_args(get_args(Event)[0])
}


def events_json(events: Iterable[Event]) -> str:
    """A debtor's events as the JSON text of the ``events`` column.

    >>> from datetime import datetime, timezone
    >>> from dunning.events import DisputeOpened
    >>> events_json([DisputeOpened(at=datetime(2026, 11, 20, tzinfo=timezone.utc),
    ...                            debt_id="F-1")])
    '[{"at":"2026-11-20T00:00:00Z","kind":"dispute_opened","debt_id":"F-1","reason":null}]'
    """
    return _EVENTS.dump_json(list(events)).decode()


@dataclass(slots=True)
class _Cell:
    """Where a debtor's history was read: its text (or what shows a list cell), line, column
    and file, and a list cell's events as read (compared with the debtor's other rows)."""

    text: str
    line: int
    column: str
    source: str | None
    debts: bool
    data: list[dict[str, Any]] | None = None

    def same(self, other: _Cell) -> bool:
        """Whether ``other`` (another row of the debtor) holds the same history."""
        if self.data is None or other.data is None:
            return self.data is other.data and self.text == other.text
        try:
            return self.data == other.data
        except ArithmeticError:  # Decimal("sNaN") refuses to be compared
            return False


@dataclass(slots=True)
class Histories:
    """The ``events`` cells of one load, by debtor id: what was read and what could not be."""

    cells: dict[str, _Cell] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)
    bad: dict[str, _Cell] = field(default_factory=dict)
    """Debtors whose history could not be read (the cell reported): not loaded."""
    errors: list[RowError] = field(default_factory=list)
    debt_lines: set[int] = field(default_factory=set)
    """The lines of the debts input whose ``events`` cell is reported."""
    columns: dict[str, EventColumns] = field(default_factory=dict)
    """The long histories (``_groups.COLUMNS_FROM`` events or more) as columns too, made as each is
    read, while its events are fresh (``Portfolio.groups()`` hands them to the groups)."""

    def read(
        self,
        line: int,
        raw_id: object,
        raw: object,
        column: str,
        source: str | None,
        *,
        debts: bool,
    ) -> None:
        """Read the cell ``raw`` of the row on ``line`` (``raw_id``: its debtor id cell;
        ``debts``: whether the row is one of the debts input).

        The cell is JSON text, or (from Parquet, Arrow or a DataFrame) a list of events each a
        mapping of the same fields, a field left out as null."""
        given = _clean(raw)  # text stripped; an array (pandas' cell of an Arrow list) a list
        if isinstance(given, tuple):
            given = list(given)
        if given is None or (isinstance(given, list) and not given):
            return
        try:
            debtor_id = _text(_clean(raw_id))
        except _CellError:
            return  # the row reports its bad debtor id; nothing to attach the history to
        cell: object = given
        refused: str | None = None
        data: list[dict[str, Any]] | None = None
        if isinstance(given, list):
            try:
                cell = data = _events_data(given)
            except _CellError as exc:
                refused = exc.message
        text = given if isinstance(given, str) else _shown(given) or ""
        here = _Cell(text, line, column, source, debts, data)

        def fail(message: str) -> None:
            self.errors.append(RowError(line, column, _shown(given), message, source))
            if debts:
                self.debt_lines.add(line)
            self.bad.setdefault(debtor_id, here)
            self.events.pop(debtor_id, None)
            self.columns.pop(debtor_id, None)

        known = self.cells.get(debtor_id)
        if known is not None:
            if refused is not None or not known.same(here):
                where = f"{known.source}:{known.line}" if known.source else f"line {known.line}"
                fail(
                    f"debtor {debtor_id!r} has other events on {where} (give its history on "
                    "one row, or the same text on each)"
                )
            return
        self.cells[debtor_id] = here
        if refused is not None:
            fail(refused)
            return
        if not isinstance(cell, str | list):
            fail("expected a JSON array of events")
            return
        try:
            parsed = (
                _EVENTS.validate_json(cell)
                if isinstance(cell, str)
                else _EVENTS.validate_python(cell)
            )
        except ValidationError as exc:
            fail(_describe(exc))
            return
        for event in parsed:
            owner = event.debtor_id if _refs(type(event))[0] else None  # type: ignore[union-attr]
            if owner is not None and owner != debtor_id:
                fail(f"an event of debtor {owner!r} in the history of {debtor_id!r}")
                return
        if debtor_id not in self.bad:
            share_fields(parsed)
            self.events[debtor_id] = parsed
            if len(parsed) >= _groups.COLUMNS_FROM:
                self.columns[debtor_id] = EventColumns.of(debtor_id, parsed)

    def check_debts(
        self,
        owner_of: Mapping[str, str],
        *,
        elsewhere: Mapping[str, int] | None = None,
        unknown: dict[str, tuple[str, int]] | None = None,
        mentioned: set[str] | None = None,
        currency_of: Mapping[str, str] | None = None,
    ) -> None:
        """Report (and leave unloaded) each debtor whose history names a debt another debtor
        owns (``owner_of``: debt id to debtor id): whose debt the event is about is unclear; or
        holds an amount about one of their debts in another currency than the debt's
        (``currency_of``: debt id to currency), which would stop the plan of every debtor.

        A file read a chunk at a time gives the debts of the earlier chunks (``elsewhere``: debt
        id to line; all of other debtors, whose rows come before) and collects in ``unknown``
        each debt id a history names that no row has had so far (with the debtor and the line
        of the history), for the later chunks to check; ``mentioned`` gets every such id read
        before the check decided (a debtor left out included)."""
        for debtor_id, events in list(self.events.items()):
            named: list[str] | None = [] if unknown is not None else None
            columns = self.columns.get(debtor_id)
            found = _foreign_debt(
                debtor_id,
                events if columns is None else _debt_ids_of(columns),
                owner_of,
                elsewhere or {},
                named,
            )
            if found is not None and columns is not None:
                # The first debt in history order is the one to name: read the events.
                named = [] if unknown is not None else None
                found = _foreign_debt(debtor_id, events, owner_of, elsewhere or {}, named)
            cell = self.cells[debtor_id]
            if named and mentioned is not None:
                mentioned.update(named)
            if found is None:
                wrong = (
                    _wrong_currency(events, currency_of)
                    if currency_of and (columns is None or _columns_mismatch(columns, currency_of))
                    else None
                )
                if wrong is None:
                    if named and unknown is not None:
                        for debt_id in named:
                            unknown.setdefault(debt_id, (debtor_id, cell.line))
                    continue
                message = wrong
            else:
                debt_id, other = found
                whose = (
                    f"of debtor {other!r}"
                    if isinstance(other, str)
                    else f"of another debtor (line {other})"
                )
                message = f"an event about debt {debt_id!r} {whose} in the history of {debtor_id!r}"
            self.errors.append(
                RowError(cell.line, cell.column, _shown(cell.text), message, cell.source)
            )
            if cell.debts:
                self.debt_lines.add(cell.line)
            self.bad.setdefault(debtor_id, cell)
            del self.events[debtor_id]
            self.columns.pop(debtor_id, None)

    def history(self, loaded: Iterable[str]) -> tuple[Event, ...]:
        """The events of the ``loaded`` debtors, debtor by debtor in the order their histories
        were read."""
        wanted = set(loaded)
        return tuple(e for i, events in self.events.items() if i in wanted for e in events)


def _events_data(items: list[Any]) -> list[dict[str, Any]]:
    """A list cell's events as mappings pydantic validates. An Arrow list of structs gives each
    event every field of every kind, null where the event has none: a null is kept only for a
    field of the event's kind that may be null (a consent event's ``channel``: every channel),
    else left out (the field takes its default, or is reported missing). Arrays become lists
    and pandas' timestamps datetimes. ``_CellError`` for an item that is not a mapping, or
    nesting deeper than ``MAX_NESTING``."""
    out: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise _CellError(
                f"event {number}: expected an event's fields, got {type(item).__name__}"
            )
        kind = item.get("kind")
        nullable = _NULLABLE.get(kind, frozenset()) if isinstance(kind, str) else frozenset()
        event: dict[str, Any] = {}
        for key, value in item.items():
            if type(value) in _AS_IS:
                plain = value
            else:
                try:
                    plain = _plain(value, 2)
                except _CellError as exc:
                    raise _CellError(f"event {number}, {key}: {exc.message}") from None
            if plain is not None or key in nullable:
                event[str(key)] = plain
        out.append(event)
    return out


def _plain(value: Any, depth: int) -> Any:
    kind = type(value)
    if kind in _AS_IS:
        return value  # text as in JSON: not stripped
    if kind is float:
        return None if math.isnan(value) else value
    if depth > MAX_NESTING:
        raise _too_deep()
    if isinstance(value, Mapping):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, str):
        return value
    value = _clean(value)  # numpy scalars as values, arrays as lists; NaN, NA and NaT as null
    if isinstance(value, list | tuple):
        return [_plain(v, depth + 1) for v in value]
    to_datetime = getattr(value, "to_pydatetime", None)  # pandas.Timestamp
    return to_datetime() if callable(to_datetime) else value


# The values a list cell's event holds as they are (most of them: checked first).
_AS_IS = frozenset({str, int, bool, Decimal, datetime, date, type(None)})


def _debt_ids_of(columns: EventColumns) -> list[Event | str]:
    """Each debt a history held as columns names, once (in no particular order), and its events
    held as they are (which :func:`_foreign_debt` reads as events)."""
    named: set[str] = set(columns.paid.by_debt)
    for debt_ids in set(columns.sent.debt_ids):
        named.update(debt_ids)
    return [*sorted(named), *columns.others]


def _columns_mismatch(columns: EventColumns, currency_of: Mapping[str, str]) -> bool:
    """Whether :func:`_wrong_currency` may find something in the history held as ``columns``
    (a debt's payments in another currency than the debt's, or in two; or an event held as it
    is)."""
    for debt_id, (_, _, currency) in columns.paid.by_debt.items():
        expected = currency_of.get(debt_id)
        if expected is not None and currency != expected:
            return True
    return _wrong_currency(columns.others, currency_of) is not None


def _foreign_debt(
    debtor_id: str,
    events: Iterable[Event | str],
    owner_of: Mapping[str, str],
    elsewhere: Mapping[str, int],
    unknown: list[str] | None,
) -> tuple[str, str | int] | None:
    """The first debt an event of ``debtor_id``'s history names that another debtor owns, with
    that debtor's id (or, for a debt of ``elsewhere``, the line of its row). The debts named
    that neither knows are added to ``unknown`` (when given)."""
    for event in events:
        if isinstance(event, str):  # a debt id already read from a history's columns
            named: tuple[str, ...] = (event,)
        else:
            _, single, several = _refs(type(event))
            named = event.debt_ids if several else ()  # type: ignore[union-attr]
            if single:
                named = (event.debt_id, *named)  # type: ignore[union-attr,arg-type]
        for debt_id in named:
            other = owner_of.get(debt_id)
            if other is None:
                line = elsewhere.get(debt_id)
                if line is not None:
                    return debt_id, line
                if unknown is not None:
                    unknown.append(debt_id)
            elif other != debtor_id:
                return debt_id, other
    return None


# The events that hold an amount about a debt: 1 one amount (``amount``, maybe None), 2 a plan.
_AMOUNTS: dict[type, int] = {PaymentReceived: 1, ChargeApplied: 1, PromiseToPay: 1,
                             PaymentPlanAccepted: 2}  # fmt: skip


def _wrong_currency(events: Iterable[Event], currency_of: Mapping[str, str]) -> str | None:
    """What is wrong with the first event holding an amount about a debt of ``currency_of``
    (debt id to currency) in another currency, or a plan whose installments mix currencies;
    ``None`` when nothing is. The planner refuses such a history for the whole portfolio."""
    for number, event in enumerate(events, start=1):
        shape = _AMOUNTS.get(type(event))
        if shape == 1:
            about: PaymentReceived | ChargeApplied | PromiseToPay = event  # type: ignore[assignment]
            amount, debt_id = about.amount, about.debt_id
            expected = currency_of.get(debt_id)
            if amount is not None and expected is not None and amount.currency != expected:
                return (
                    f"event {number} ({event.kind}): an amount in {amount.currency} about debt "
                    f"{debt_id!r}, which is in {expected}"
                )
        elif shape == 2:
            plan: PaymentPlanAccepted = event  # type: ignore[assignment]
            currencies = sorted({i.amount.currency for i in plan.installments})
            if len(currencies) > 1:
                return f"event {number} ({plan.kind}): installments in {' and '.join(currencies)}"
            for debt_id in plan.debt_ids:
                expected = currency_of.get(debt_id)
                if expected is not None and currencies[0] != expected:
                    return (
                        f"event {number} ({plan.kind}): installments in {currencies[0]} for "
                        f"debt {debt_id!r}, which is in {expected}"
                    )
    return None


@cache
def _refs(kind: type[Event]) -> tuple[bool, bool, bool]:
    """Whether events of ``kind`` name a debtor (``debtor_id``), a debt (``debt_id``), debts
    (``debt_ids``): found once per class (a missing attribute is slow to ask a model for)."""
    fields = kind.model_fields
    return "debtor_id" in fields, "debt_id" in fields, "debt_ids" in fields


def _describe(exc: ValidationError) -> str:
    """What is wrong with an ``events`` cell, in the cell's terms: which event (counted from
    1), which field, what."""
    first = exc.errors(include_url=False)[0]
    kind = first["type"]
    if kind == "json_invalid":
        return f"not JSON: {first['ctx']['error']}"
    loc = list(first["loc"])
    if not loc and kind == "list_type":
        return "expected a JSON array of events ([...])"
    where = ""
    index = loc[0] if loc else None
    if isinstance(index, int):
        loc.pop(0)
        where = f"event {index + 1}"
        if loc and loc[0] in _KINDS:
            where += f" ({loc.pop(0)})"  # the event's kind, as the union names its branch
        if loc:
            where += f", {'.'.join(map(str, loc))}"
    original = (first.get("ctx") or {}).get("error")
    if isinstance(original, InputError):
        what = original.detail
    elif isinstance(original, DunningError):
        what = str(original)
    else:
        what = first["msg"]
    return f"{where}: {what}" if where else what
