"""Reading rows: debtors and debts from mapped cells, every problem a RowError."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import phonenumbers

from .._core import _collector as collector
from .._core._errors import DunningError, InputError
from .._core._models import Consent, Debt, Debtor
from .._core._models import _check_country as check_country
from .._core._models import _check_locale as check_locale
from .._core._money import Money
from ._cells import (
    _bool,
    _CellError,
    _clean,
    _date,
    _datetime,
    _money,
    _shown,
    _text,
    _written,
)
from ._history import EVENTS_COLUMN, Histories
from ._schema import Column
from ._values import (
    _ATTRIBUTE,
    _CONSENTS,
    _DEBT,
    _DEBTOR,
    _FIELD_OF,
    _PROGRESS_EVERY,
    _SCHEMA,
    Portfolio,
    Progress,
    RowError,
)

__all__: list[str] = []

_DEBTOR_NAMES = tuple(column.name for column in _DEBTOR)


# ---------------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Known:
    debtor: Debtor | None
    key: tuple[Any, ...]
    line: int
    source: str | None


class _Reader:
    """Turns rows (schema name -> cell) into debtors, debts and errors."""

    def __init__(
        self,
        *,
        locale: str | None,
        foreign_phones: bool,
        earlier_debts: Mapping[str, int] | None = None,
        unknown_debts: dict[str, tuple[str, int]] | None = None,
        mentioned_debts: set[str] | None = None,
    ) -> None:
        self.locale = locale
        self.foreign_phones = foreign_phones
        # Debt ids (and lines) read before this reader from the same file: a streamed file's
        # earlier chunks.
        self.earlier_debts: Mapping[str, int] = earlier_debts or {}
        # Debt ids the histories name that no row had (with the debtor and the line of the
        # history): a streamed file's later chunks check them.
        self.unknown_debts = unknown_debts
        self.mentioned_debts = mentioned_debts
        self.errors: list[RowError] = []
        self.debtors: dict[str, _Known] = {}
        self.debts: dict[str, Debt] = {}
        self.debt_lines: dict[str, int] = {}
        self.used: set[str] = set()
        self.rows = 0
        self.ignored: dict[str, None] = {}
        self.histories = Histories()
        self.debt_source: str | None = None
        # The attribute columns (``attributes.*``) among a mapping's names, and how many names
        # it had when they were picked out (a records input may show new names on later rows).
        self._attributes: tuple[Mapping[str, str], int, tuple[str, ...], frozenset[str]] | None
        self._attributes = None

    def _attribute_names(self, names: Mapping[str, str]) -> tuple[tuple[str, ...], frozenset[str]]:
        """The attribute columns among ``names``, sorted and as a set (picked out once per set
        of names)."""
        known = self._attributes
        if known is None or known[0] is not names or known[1] != len(names):
            chosen = tuple(sorted(n for n in names if n.startswith(_ATTRIBUTE)))
            known = self._attributes = (names, len(names), chosen, frozenset(chosen))
        return known[2], known[3]

    # -- one row ---------------------------------------------------------------------------

    def debtor_row(
        self,
        line: int,
        cells: Mapping[str, Any],
        names: Mapping[str, str],
        source: str | None,
        *,
        separate: bool,
    ) -> tuple[Debtor | None, list[RowError]]:
        """The row's debtor (a known one when the id was seen), with the row's problems."""
        errors: list[RowError] = []

        def fail(column: str | None, message: str) -> None:
            shown = _shown(cells.get(column)) if column else None
            errors.append(RowError(line, names.get(column or "", column), shown, message, source))

        # Every schema name and attribute of a row is among ``names`` (the mapping's names).
        attribute_names, attribute_set = self._attribute_names(names)
        key = tuple(map(cells.get, _DEBTOR_NAMES))
        for name in attribute_names:
            if name in cells:
                try:
                    key += ((name, _written(cells[name])),)
                except _CellError as exc:
                    fail(name, exc.message)
                    return None, errors
        raw_id = cells.get("debtor_id")
        if raw_id is None:
            fail("debtor_id", "debtor_id is empty")
            return None, errors
        try:
            debtor_id = _text(raw_id)
        except _CellError as exc:
            fail("debtor_id", exc.message)
            return None, errors
        known = self.debtors.get(debtor_id)
        if known is not None:
            if separate:
                where = f"{known.source}:{known.line}" if known.source else f"line {known.line}"
                fail("debtor_id", f"duplicate debtor id {debtor_id!r} (first on {where})")
                return None, errors
            if known.key == key:
                return known.debtor, errors
            if known.debtor is not None:
                for column, mine, theirs in zip(_DEBTOR, key, known.key, strict=False):
                    if mine != theirs:
                        fail(
                            column.name,
                            f"debtor {debtor_id!r} is described differently on line {known.line} "
                            f"({_shown(theirs)!r})",
                        )
                        break
                else:
                    fail(None, f"debtor {debtor_id!r}'s attributes differ from line {known.line}")
                return None, errors
        data: dict[str, Any] = {"id": debtor_id}
        consents: list[Consent] = []
        for column in _DEBTOR:
            value = cells.get(column.name)
            if column.name == "debtor_id":
                continue
            if value is None:
                if column.required:
                    fail(column.name, f"{column.name} is empty")
                continue
            try:
                if column.name in _CONSENTS:
                    source_text = cells.get("consent_source")
                    consents.append(
                        Consent(
                            channel=_CONSENTS[column.name],
                            granted_at=_datetime(value),
                            source=_text(source_text)
                            if source_text is not None
                            else f"{source or 'portfolio'} line {line}",
                        )
                    )
                elif column.name == "consent_source":
                    continue
                elif column.kind == "bool":
                    data[column.name] = _bool(value)
                else:
                    data[column.name] = _text(value)
            except _CellError as exc:
                fail(column.name, exc.message)
            except DunningError as exc:
                fail(column.name, _detail(exc))
        if attribute_names:
            attributes = {
                k[len(_ATTRIBUTE) :]: v
                for k, v in cells.items()
                if k in attribute_set and v is not None
            }
            if attributes:
                data["attributes"] = attributes
        if consents:
            data["consents"] = tuple(consents)
        debtor: Debtor | None = None
        if not errors:
            try:
                debtor = Debtor(**data)
            except DunningError as exc:
                fail(_column_of(exc, "debtor"), _detail(exc))
        if (
            debtor is not None
            and debtor.phone
            and not self.foreign_phones
            # E.164 calling codes are prefix-free: the stored number starts with the code of
            # the debtor's country exactly when it is a number of that country's plan.
            and not debtor.phone.startswith(_calling_prefix(debtor.country))
        ):
            number = phonenumbers.parse(debtor.phone)
            regions = phonenumbers.region_codes_for_country_code(number.country_code or 0)
            region = phonenumbers.region_code_for_number(number) or "/".join(regions)
            fail(
                "phone",
                f"a number of {region}, but the debtor's country is {debtor.country} "
                "(pass foreign_phones=True to accept it)",
            )
            debtor = None
        if debtor is not None:
            self.debtors[debtor_id] = _Known(debtor, key, line, source)
        return debtor, errors

    def debt_row(
        self,
        line: int,
        cells: Mapping[str, Any],
        names: Mapping[str, str],
        source: str | None,
        debtor_locale: str | None,
    ) -> tuple[Debt | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(column: str | None, message: str) -> None:
            shown = _shown(cells.get(column)) if column else None
            errors.append(RowError(line, names.get(column or "", column), shown, message, source))

        data: dict[str, Any] = {}
        currency: str | None = None
        raw_currency = cells.get("currency")
        if raw_currency is None:
            fail("currency", "currency is empty")
        else:
            try:
                currency = _currency(_text(raw_currency))
            except _CellError as exc:
                fail("currency", exc.message)
            except DunningError as exc:
                fail("currency", _detail(exc))
        locale = self.locale or debtor_locale
        for column in _DEBT:
            value = cells.get(column.name)
            if column.name == "currency":
                continue
            if value is None:
                if column.required:
                    fail(column.name, f"{column.name} is empty")
                continue
            name = _FIELD_OF.get(column.name, column.name)
            try:
                if column.kind == "money":
                    if currency is not None:
                        data[name] = _money(value, currency, locale)
                elif column.kind == "date":
                    data[name] = _date(value)
                else:
                    data[name] = _text(value)
            except _CellError as exc:
                fail(column.name, exc.message)
            except DunningError as exc:
                fail(column.name, _detail(exc))
        raw_id = cells.get("debtor_id")
        if raw_id is None:
            fail("debtor_id", "debtor_id is empty")
        else:
            try:
                data["debtor_id"] = _text(raw_id)
            except _CellError as exc:
                fail("debtor_id", exc.message)
        if errors:
            return None, errors
        try:
            debt = Debt(**data)
        except DunningError as exc:
            fail(_column_of(exc, "debt"), _detail(exc))
            return None, errors
        first = self.debt_lines.get(debt.id) or self.earlier_debts.get(debt.id)
        if first is not None:
            fail("debt_id", f"duplicate debt id {debt.id!r} (first on line {first})")
            return None, errors
        return debt, errors

    # -- whole inputs ----------------------------------------------------------------------

    def read(
        self,
        rows: Iterable[tuple[int, Mapping[str, Any]]],
        names: _Names,
        source: str | None,
        *,
        debts: bool,
        debtors: bool,
        progress: Progress | None,
    ) -> None:
        # Reading makes no reference cycles: rows become models, events and errors. The cyclic
        # collector, triggered by those allocations, would rescan everything read so far again
        # and again (a long history read 3x slower); paused for the read, as plan_partition
        # and plan_stream pause it for theirs (dunning/_core/_collector.py).
        with collector.paused():
            for line, raw in rows:
                self.rows += 1
                if progress is not None and self.rows % _PROGRESS_EVERY == 0:
                    progress(self.rows)
                shape = raw.get(SHAPE)
                if shape is not None:  # the cells cannot be trusted to their columns
                    found, expected, last = shape
                    message = _shape_message(found, expected, last, line)
                    self.errors.append(RowError(line, None, None, message, source))
                    continue
                cells = names.cells(raw)
                history = cells.pop(EVENTS_COLUMN, None)
                if history is not None:
                    column = names.original.get(EVENTS_COLUMN, EVENTS_COLUMN)
                    self.histories.read(
                        line, cells.get("debtor_id"), history, column, source, debts=debts
                    )
                errors: list[RowError] = []
                debtor: Debtor | None = None
                if debtors:
                    debtor, errors = self.debtor_row(
                        line, cells, names.original, source, separate=not debts
                    )
                if not debts:
                    self.errors.extend(errors)
                    continue
                self.debt_source = source
                locale = debtor.locale if debtor is not None else _row_locale(cells)
                debt, debt_errors = self.debt_row(line, cells, names.original, source, locale)
                errors += debt_errors
                if debt is not None and not debtors:
                    errors += self._owner(line, debt, names.original, source)
                if errors or debt is None:
                    self.errors.extend(errors)
                    continue
                self.debts[debt.id] = debt
                self.debt_lines[debt.id] = line
                self.used.add(debt.debtor_id)
        self.ignored.update(dict.fromkeys(names.ignored))

    def _owner(
        self, line: int, debt: Debt, names: Mapping[str, str], source: str | None
    ) -> list[RowError]:
        if debt.debtor_id in self.debtors:
            return []
        return [
            RowError(
                line,
                names.get("debtor_id", "debtor_id"),
                debt.debtor_id,
                f"no debtor {debt.debtor_id!r} was loaded from the debtors input (missing, or "
                "its row has errors)",
                source,
            )
        ]

    def portfolio(self, *, strict: bool, keep_all_debtors: bool) -> Portfolio:
        histories = self.histories
        if histories.events:
            histories.check_debts(
                {i: debt.debtor_id for i, debt in self.debts.items()},
                elsewhere=self.earlier_debts,
                unknown=self.unknown_debts,
                mentioned=self.mentioned_debts,
                currency_of={i: debt.amount.currency for i, debt in self.debts.items()},
            )
        self.errors.extend(histories.errors)
        if histories.bad:
            self._leave_out(histories)
        debtors = tuple(
            k.debtor
            for i, k in self.debtors.items()
            if k.debtor is not None
            and i not in histories.bad
            and (keep_all_debtors or i in self.used)
        )
        errors = tuple(sorted(self.errors, key=lambda e: (e.source or "", e.line)))
        result = Portfolio(
            debtors=debtors,
            debts=tuple(self.debts.values()),
            errors=errors,
            rows=self.rows,
            ignored_columns=tuple(self.ignored),
            lines=dict(self.debt_lines),
            history=histories.history(d.id for d in debtors),
            _columns=histories.columns,
        )
        return result.raise_for_errors() if strict else result

    def _leave_out(self, histories: Histories) -> None:
        """Unload the debts of the debtors whose history could not be read: planned without
        it, a debtor who said STOP would be messaged. A row of theirs without an error of its
        own gets one saying why it was not loaded."""
        for debt_id, debt in list(self.debts.items()):
            cell = histories.bad.get(debt.debtor_id)
            if cell is None:
                continue
            line = self.debt_lines.pop(debt_id)
            del self.debts[debt_id]
            if line in histories.debt_lines:
                continue  # the row's own cell is reported
            where = f"{cell.source}:{cell.line}" if cell.source else f"line {cell.line}"
            self.errors.append(
                RowError(
                    line,
                    None,
                    None,
                    f"not loaded: the history of debtor {debt.debtor_id!r} ({where}) could not "
                    "be read, and planning without it could message a debtor who said STOP",
                    self.debt_source,
                )
            )


@lru_cache(maxsize=512)
def _calling_prefix(country: str) -> str:
    return f"+{phonenumbers.country_code_for_region(country)}"


@lru_cache(maxsize=512)
def _currency(text: str) -> str:
    """The ISO 4217 code ``text`` names (any case), or :class:`~dunning.CurrencyError`."""
    return Money.zero(text).currency


def _row_locale(cells: Mapping[str, Any]) -> str | None:
    """The locale of a row whose debtor is bad (its amounts are still read, and reported, as
    its country writes them), or ``None``."""
    country, locale = cells.get("country"), cells.get("locale")
    if not isinstance(country, str) or (locale is not None and not isinstance(locale, str)):
        return None
    try:
        return check_locale(locale, check_country(country))
    except DunningError:
        return None


def _detail(exc: DunningError) -> str:
    return exc.detail if isinstance(exc, InputError) else str(exc)


def _column_of(exc: DunningError, entity: str) -> str | None:
    name = getattr(exc, "field", None)
    if not isinstance(name, str):
        return None
    name = name.split(".")[0]
    if name == "id":
        return f"{entity}_id"
    if name == "consents":
        return None
    return name if name in _SCHEMA else None


# The key of a row that is not a row: a CSV line whose cells do not match the header, given as
# (cells found, cells in the header, its last line). _Reader.read reports it.
SHAPE = "\x00shape"


def _shape_message(found: int, expected: int, last: int, line: int) -> str:
    """What is wrong with a CSV row on lines ``line``..``last`` of ``found`` cells under a header
    of ``expected``."""
    if last - line >= 2:  # a quote left open takes the lines after it into one cell
        return (
            f"{found} cells where the header has {expected}; the row runs over lines "
            f"{line}-{last}: a quote that is not closed? (those lines are not read)"
        )
    return f"{found} cells where the header has {expected} (a stray delimiter or quote?)"


# What a column may be read as: a schema column, or a debtor's history.
_TARGETS = frozenset((*_SCHEMA, EVENTS_COLUMN))


class _Names:
    """The input's column names, matched to the schema through the user's mapping."""

    def __init__(
        self,
        columns: Mapping[str, str] | None,
        *,
        required: Sequence[Column],
        header: Sequence[Any] | None,
        source: str | None,
    ) -> None:
        self.mapping = {str(k): v for k, v in (columns or {}).items()}
        unknown = sorted(
            v for v in self.mapping.values() if v not in _TARGETS and not v.startswith(_ATTRIBUTE)
        )
        if unknown:
            raise InputError(
                f"columns= maps to {unknown}, which are not schema columns "
                f"(see dunning.io.COLUMNS) nor {EVENTS_COLUMN!r}",
                field="columns",
                value=unknown,
            )
        self.original: dict[str, str] = {}
        self.ignored: list[str] = []
        self.memo: dict[Any, str | None] = {}
        self.required = required
        if header is not None:
            seen: dict[str, str] = {}
            for raw in header:
                target = self.target(raw)
                if target is None:
                    continue
                if target in seen:
                    raise InputError(
                        f"columns {seen[target]!r} and {raw!r} both read as {target!r}",
                        field="columns",
                        value=str(raw),
                    )
                seen[target] = str(raw)
            missing = [c.name for c in required if c.name not in seen]
            if missing:
                where = f" in {source}" if source else ""
                raise InputError(
                    f"required column(s) {', '.join(missing)} missing{where} (found: "
                    f"{', '.join(str(h) for h in header)}); map your names with columns=",
                    field="columns",
                    value=missing,
                )

    def target(self, raw: Any) -> str | None:
        if raw in self.memo:
            return self.memo[raw]
        text = str(raw).strip()
        mapped = self.mapping.get(text, text)
        if mapped not in _TARGETS and not mapped.startswith(_ATTRIBUTE):
            low = mapped.lower().replace(" ", "_")
            mapped = low if low in _TARGETS else mapped
        result: str | None = mapped
        if mapped not in _TARGETS and not mapped.startswith(_ATTRIBUTE):
            result = None
            self.ignored.append(text)
        else:
            self.original[mapped] = text
        self.memo[raw] = result
        return result

    def cells(self, raw: Mapping[Any, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        memo = self.memo
        for key, value in raw.items():
            target = memo[key] if key in memo else self.target(key)
            if target is not None:
                # Text (every cell of a CSV) inline: stripped, empty as None (as _clean does).
                out[target] = (value.strip() or None) if type(value) is str else _clean(value)
        return out
