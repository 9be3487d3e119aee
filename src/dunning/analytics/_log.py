"""The event log analyses read: the library's events joined to the debts and debtors they are
about.

Sources: events in memory, the dispatcher's SQLite outbox file (what was planned, sent or failed),
a pandas DataFrame or a Parquet file with one row per event (the columns of the events' JSON form,
as :meth:`EventLog.to_frame` writes them), and a JSON-lines file (:meth:`EventLog.write_jsonl`)
that carries debtors and debts with the events.

Balances are rebuilt from the log: a debt starts at :attr:`~dunning.Debt.amount` and every
:class:`~dunning.events.PaymentReceived` in the log lowers it from its ``at`` on. (A debt's
``outstanding`` field is a snapshot of one instant; analyses need the payments behind it.)
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core._errors import InputError, PortfolioError
from .._core._kinds import ChannelKind
from .._core._models import Debt, Debtor
from .._core._money import Money
from .._core._timezones import UTC, ensure_aware
from ..events import (
    ArmAssigned,
    Event,
    MessageFailed,
    MessageSent,
    PaymentReceived,
    parse_event,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["EventLog", "PlannedMessage"]


@dataclass(frozen=True)
class PlannedMessage:
    """A message the planner decided (an outbox row), whatever became of it."""

    message_id: str
    debtor_id: str
    channel: ChannelKind
    send_at: datetime
    debt_ids: tuple[str, ...]
    template: str | None = None
    stage: str | None = None
    segment: str | None = None
    locale: str | None = None
    state: str | None = None


@dataclass(frozen=True)
class EventLog:
    """Events in time order with the debts and debtors they refer to.

    >>> from datetime import date, datetime, timezone
    >>> from dunning import Debt, Debtor, Money
    >>> from dunning.events import PaymentReceived
    >>> at = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)
    >>> log = EventLog(
    ...     [PaymentReceived(at=at, debt_id="F-1", amount=Money("10000", "CLP"))],
    ...     debts=[Debt(id="F-1", debtor_id="c-1", amount=Money("30000", "CLP"),
    ...                 due_date=date(2026, 11, 1))],
    ...     debtors=[Debtor(id="c-1", name="Ana", country="CL")])
    >>> log.balance("F-1", at=at)
    Decimal('20000')
    """

    events: Sequence[Event]
    debts: Sequence[Debt] = ()
    debtors: Sequence[Debtor] = ()
    planned: Sequence[PlannedMessage] = ()
    _debt: dict[str, Debt] = field(init=False, repr=False, compare=False)
    _debtor: dict[str, Debtor] = field(init=False, repr=False, compare=False)
    _payments: dict[str, list[PaymentReceived]] = field(init=False, repr=False, compare=False)
    _arms: dict[tuple[str, str], str] = field(init=False, repr=False, compare=False)
    _by_debtor: dict[str, list[Debt]] = field(init=False, repr=False, compare=False)
    _index: dict[type, dict[str, list[Any]]] = field(init=False, repr=False, compare=False)
    _experiments: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        init = object.__setattr__
        events = tuple(sorted(self.events, key=lambda e: e.at))
        init(self, "events", events)
        init(self, "debts", tuple(self.debts))
        init(self, "debtors", tuple(self.debtors))
        init(self, "planned", tuple(self.planned))
        debtors: dict[str, Debtor] = {}
        for i, debtor in enumerate(self.debtors):
            if debtor.id in debtors:
                raise PortfolioError(f"duplicate debtor id {debtor.id!r}", field="id", row=i)
            debtors[debtor.id] = debtor
        debts: dict[str, Debt] = {}
        for i, debt in enumerate(self.debts):
            if debt.id in debts:
                raise PortfolioError(f"duplicate debt id {debt.id!r}", field="id", row=i)
            if debtors and debt.debtor_id not in debtors:
                raise PortfolioError(
                    f"debt {debt.id!r} names unknown debtor {debt.debtor_id!r}",
                    field="debtor_id",
                    row=i,
                )
            debts[debt.id] = debt
        payments: dict[str, list[PaymentReceived]] = defaultdict(list)
        arms: dict[tuple[str, str], str] = {}
        for event in events:
            if isinstance(event, PaymentReceived):
                owed = debts.get(event.debt_id)
                if owed is not None and event.amount.currency != owed.amount.currency:
                    raise InputError(
                        f"payment in {event.amount.currency} on debt {owed.id!r} in "
                        f"{owed.amount.currency}",
                        field="amount",
                        value=event.amount,
                    )
                payments[event.debt_id].append(event)
            elif isinstance(event, ArmAssigned):
                arms.setdefault((event.experiment, event.debtor_id), event.arm)
        init(self, "_debt", debts)
        init(self, "_debtor", debtors)
        init(self, "_payments", dict(payments))
        init(self, "_arms", arms)
        by_debtor: dict[str, list[Debt]] = defaultdict(list)
        for debt in self.debts:
            by_debtor[debt.debtor_id].append(debt)
        init(self, "_by_debtor", dict(by_debtor))
        init(self, "_index", {})
        init(self, "_experiments", tuple(sorted({name for name, _ in arms})))

    # --- lookups -----------------------------------------------------------------------------

    def debt(self, debt_id: str) -> Debt | None:
        """The debt ``debt_id``, if the log has it."""
        return self._debt.get(debt_id)

    def debtor(self, debtor_id: str) -> Debtor | None:
        """The debtor ``debtor_id``, if the log has it."""
        return self._debtor.get(debtor_id)

    def debts_of(self, debtor_id: str) -> list[Debt]:
        """The debtor's debts, in the log's order."""
        return list(self._by_debtor.get(debtor_id, ()))

    def events_of(self, kind: type[Any], key: str) -> list[Any]:
        """The events of class ``kind`` about ``key`` (their ``debt_id`` when the class has
        one, else their ``debtor_id``), in time order; indexed once per class."""
        index = self._index.get(kind)
        if index is None:
            attribute = "debt_id" if "debt_id" in kind.model_fields else "debtor_id"
            built: dict[str, list[Any]] = defaultdict(list)
            for event in self.events:
                if isinstance(event, kind):
                    built[getattr(event, attribute)].append(event)
            index = self._index[kind] = dict(built)
        return index.get(key, [])

    def arm(self, debtor_id: str, experiment: str) -> str | None:
        """The debtor's arm in ``experiment`` (its first :class:`ArmAssigned`), if any."""
        return self._arms.get((experiment, debtor_id))

    def experiments(self) -> list[str]:
        """Names of the experiments the log has assignments for."""
        return list(self._experiments)

    def payments(self, debt_id: str) -> list[PaymentReceived]:
        """Payments on ``debt_id`` in time order."""
        return list(self._payments.get(debt_id, ()))

    def paid(self, debt_id: str, *, after: datetime | None = None, until: datetime) -> Decimal:
        """Sum paid on ``debt_id`` with ``after < at <= until`` (exact)."""
        total = Decimal(0)
        for payment in self._payments.get(debt_id, ()):
            if payment.at > until:
                break
            if after is None or payment.at > after:
                total += payment.amount.amount
        return total

    def balance(self, debt_id: str, *, at: datetime) -> Decimal:
        """What ``debt_id`` still owed at ``at``: its amount less the payments up to then (never
        below zero: an overpayment leaves nothing outstanding); nothing before its
        ``issued_on``."""
        ensure_aware(at, "at")
        debt = self._debt.get(debt_id)
        if debt is None:
            raise InputError(f"the log has no debt {debt_id!r}", field="debt_id", value=debt_id)
        if debt.issued_on is not None and at.date() < debt.issued_on:
            return Decimal(0)
        return max(Decimal(0), debt.amount.amount - self.paid(debt_id, until=at))

    def dimensions(self, debt: Debt) -> dict[str, Any]:
        """The columns an analysis can group a debt by: ids, currency, the debtor's country,
        locale and attributes, and the debtor's arm in each experiment (``arm:<name>``)."""
        debtor = self._debtor.get(debt.debtor_id)
        row: dict[str, Any] = {
            "debt_id": debt.id,
            "debtor_id": debt.debtor_id,
            "currency": debt.amount.currency,
            "kind": debt.kind,
            "country": debtor.country if debtor else None,
            "locale": debtor.locale if debtor else None,
        }
        if debtor is not None:
            for key, value in debtor.attributes.items():
                row.setdefault(key, value)
        for name in self._experiments:
            row[f"arm:{name}"] = self._arms.get((name, debt.debtor_id))
        return row

    def debtor_dimensions(self, debtor_id: str) -> dict[str, Any]:
        """Grouping columns of a debtor (country, locale, attributes, arms)."""
        debtor = self._debtor.get(debtor_id)
        row: dict[str, Any] = {
            "debtor_id": debtor_id,
            "country": debtor.country if debtor else None,
            "locale": debtor.locale if debtor else None,
        }
        if debtor is not None:
            for key, value in debtor.attributes.items():
                row.setdefault(key, value)
        currencies = {d.amount.currency for d in self.debts_of(debtor_id)}
        row["currency"] = currencies.pop() if len(currencies) == 1 else None
        for name in self._experiments:
            row[f"arm:{name}"] = self._arms.get((name, debtor_id))
        return row

    def with_events(self, events: Iterable[Event]) -> EventLog:
        """A new log with ``events`` added."""
        return EventLog([*self.events, *events], self.debts, self.debtors, self.planned)

    # --- sources -----------------------------------------------------------------------------

    @classmethod
    def from_outbox(
        cls,
        path: str | Path,
        *,
        events: Iterable[Event] = (),
        debts: Iterable[Debt] = (),
        debtors: Iterable[Debtor] = (),
    ) -> EventLog:
        """Read a :class:`~dunning.SQLiteOutbox` file: every row is a planned message; rows
        sent (or maybe sent: ``sending``/``unknown``) become :class:`MessageSent` at their
        ``sent_at``, rows ``failed`` become :class:`MessageFailed` with their last error.
        ``events`` (replies, payments, ... from your own store) are added to them.
        The file is opened read-only."""
        target = Path(path)
        if not target.is_file():
            raise InputError(f"no outbox file at {str(target)!r}", field="path", value=str(path))
        uri = target.resolve().as_uri() + "?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True)
            try:
                rows = db.execute(
                    "SELECT id, debtor_id, channel, send_at, message, state, last_error, "
                    "sent_at, updated_at FROM dunning_outbox ORDER BY send_at, id"
                ).fetchall()
            finally:
                db.close()
        except sqlite3.Error as exc:
            raise InputError(
                f"cannot read the outbox {str(target)!r}: {exc}", field="path", value=str(path)
            ) from None
        planned: list[PlannedMessage] = []
        found: list[Event] = list(events)
        for mid, debtor_id, channel, send_at, message, state, error, sent_at, updated in rows:
            data = json.loads(message) if message else {}
            kind = ChannelKind(channel)
            planned.append(
                PlannedMessage(
                    message_id=mid,
                    debtor_id=debtor_id,
                    channel=kind,
                    send_at=datetime.fromtimestamp(send_at, UTC),
                    debt_ids=tuple(data.get("debt_ids", ())),
                    template=data.get("template"),
                    stage=data.get("stage"),
                    segment=data.get("segment"),
                    locale=data.get("locale"),
                    state=state,
                )
            )
            if sent_at is not None and state in {"sending", "sent", "unknown"}:
                found.append(
                    MessageSent(
                        at=datetime.fromtimestamp(sent_at, UTC),
                        message_id=mid,
                        debtor_id=debtor_id,
                        channel=kind,
                        debt_ids=tuple(data.get("debt_ids", ())),
                    )
                )
            elif state == "failed":
                when = updated if updated is not None else send_at
                found.append(
                    MessageFailed(
                        at=datetime.fromtimestamp(when, UTC),
                        message_id=mid,
                        debtor_id=debtor_id,
                        channel=kind,
                        error=error or "failed",
                    )
                )
        return cls(found, tuple(debts), tuple(debtors), tuple(planned))

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        debts: Iterable[Debt] = (),
        debtors: Iterable[Debtor] = (),
    ) -> EventLog:
        """Events from a DataFrame with one row per event (a ``kind`` column and the event's
        fields; ``amount`` as ``{"amount": ..., "currency": ...}`` or the columns ``amount`` and
        ``currency``). Empty cells are left out; a bad row raises naming its index."""
        events: list[Event] = []
        for index, record in zip(frame.index, frame.to_dict("records"), strict=True):
            data = {k: v for k, v in record.items() if not _missing(v)}
            if "currency" in data and "amount" in data and not isinstance(data["amount"], dict):
                data["amount"] = {"amount": str(data.pop("amount")), "currency": data["currency"]}
            data.pop("currency", None)
            for key in ("debt_ids", "installments"):
                if key in data and isinstance(data[key], str) and data[key][:1] in "[{":
                    # left as given when it is not JSON: validation then names the field
                    with contextlib.suppress(json.JSONDecodeError):
                        data[key] = json.loads(data[key])
                elif key in data and not isinstance(data[key], str):
                    data[key] = list(data[key])
            events.append(parse_event(data, row=str(index)))
        return cls(events, tuple(debts), tuple(debtors))

    @classmethod
    def from_parquet(
        cls,
        path: str | Path,
        *,
        debts: Iterable[Debt] = (),
        debtors: Iterable[Debtor] = (),
    ) -> EventLog:
        """Events from a Parquet file written by :meth:`to_parquet` (needs pandas and pyarrow)."""
        import pandas as pd

        return cls.from_frame(pd.read_parquet(path), debts=debts, debtors=debtors)

    def to_frame(self) -> pd.DataFrame:
        """One row per event: ``kind``, ``at`` and the event's fields; money as two columns,
        ``amount`` (a :class:`~decimal.Decimal`, exact) and ``currency``."""
        import pandas as pd

        rows = []
        for event in self.events:
            data = event.model_dump(mode="json")
            amount = data.pop("amount", None)
            if isinstance(amount, dict):
                data["amount"] = Decimal(str(amount["amount"]))
                data["currency"] = amount["currency"]
            rows.append(data)
        frame = pd.DataFrame(rows)
        if "at" in frame:
            frame["at"] = pd.to_datetime(frame["at"], utc=True)
        return frame

    def to_parquet(self, path: str | Path) -> None:
        """Write the events as Parquet (amounts as text, so they stay exact)."""
        frame = self.to_frame()
        if "amount" in frame:
            frame["amount"] = frame["amount"].map(lambda v: None if _missing(v) else str(v))
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, dict | list)).any():
                frame[column] = frame[column].map(
                    lambda v: json.dumps(v) if isinstance(v, dict | list) else v
                )
        frame.to_parquet(path, index=False)

    # --- our own file --------------------------------------------------------------------

    def write_jsonl(self, path: str | Path) -> None:
        """Write debtors, debts and events to one JSON-lines file (what ``dunning report``
        reads): ``{"debtor": ...}``, ``{"debt": ...}`` and event lines."""
        with open(path, "w", encoding="utf-8") as out:
            for debtor in self.debtors:
                out.write(json.dumps({"debtor": debtor.model_dump(mode="json")}) + "\n")
            for debt in self.debts:
                out.write(json.dumps({"debt": debt.model_dump(mode="json")}) + "\n")
            for event in self.events:
                out.write(event.model_dump_json() + "\n")

    @classmethod
    def read_jsonl(cls, path: str | Path) -> EventLog:
        """Read a file written by :meth:`write_jsonl`; a bad line raises naming its number."""
        debtors: list[Debtor] = []
        debts: list[Debt] = []
        events: list[Event] = []
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {str(path)!r}: {exc}", field="path") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {number}: not JSON ({exc})", row=number) from None
            if not isinstance(data, dict):
                raise InputError(f"line {number}: not a JSON object", row=number)
            if "debtor" in data:
                debtors.append(Debtor(**data["debtor"]))
            elif "debt" in data:
                debts.append(Debt(**data["debt"]))
            else:
                events.append(parse_event(data, row=number))
        return cls(events, debts, debtors)


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False
    except (ImportError, TypeError, ValueError):
        return False


def money_sum(values: Iterable[Money]) -> dict[str, Decimal]:
    """Exact totals per currency."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for value in values:
        totals[value.currency] += value.amount
    return dict(totals)


def day(value: datetime) -> date:
    """The UTC calendar date of an instant (the analyses' day boundary)."""
    return value.astimezone(UTC).date()
