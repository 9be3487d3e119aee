"""What the planner returns: messages to send and steps skipped or moved, each with its reasons."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import IO, Any, Literal

from pydantic import model_validator

from .._core._base import Model
from .._core._content import RenderedContent
from .._core._incentive import IncentiveOffer
from .._core._kinds import ChannelKind, SkipCode, Stage
from .._core._money import Money
from .._core._timezones import get_zone, start_of_day
from ..policy import Source

__all__ = ["ChargeLine", "DebtLine", "Message", "Plan", "PromiseTerms", "Skip", "SkipCode"]


class ChargeLine(Model):
    """A collection fee or interest charge applied to a debt (a
    :class:`~dunning.events.ChargeApplied` in history), shown apart from the debt."""

    id: str
    kind: Literal["collection_fee", "interest"]
    amount: Money
    description: str = ""


class DebtLine(Model):
    """One debt covered by a message, as it stands on the day of sending.

    ``outstanding`` is the debt's unpaid balance; ``charges`` the fees and interest applied to
    it (each once, by id), which messages itemise apart from it; :attr:`total_due` is both."""

    debt_id: str
    reference: str | None
    outstanding: Money
    due_date: date
    days_past_due: int
    payment_url: str | None = None
    charges: tuple[ChargeLine, ...] = ()

    @property
    def total_due(self) -> Money:
        """``outstanding`` plus every charge."""
        total = self.outstanding
        for charge in self.charges:
            total = total + charge.amount
        return total


class PromiseTerms(Model):
    """What a follow-up message is about: ``amount`` (when one was promised) by ``date``.

    For an accepted payment plan it is one installment: ``plan_id``, its ``installment`` number
    and the plan's number of ``installments``. Templates see it as ``promise``.
    """

    date: date
    amount: Money | None = None
    plan_id: str | None = None
    installment: int | None = None
    installments: int | None = None


class Message(Model):
    """A message the planner decided to send.

    ``id`` is a stable hash of the debtor, the local send date, the debts and the steps it
    carries: planning again with the same inputs (or later the same day) gives the same id, so a
    dispatcher can send each id once. ``send_at`` is UTC; :attr:`local_send_at` is the debtor's
    wall clock. ``explain`` lists every decision taken on the way (channel fallbacks, moves).
    ``promise`` is set on follow-ups (``promise_reminder``, ``broken_promise``): the promise or
    plan installment they are about. ``incentives`` are the discounts its steps offer, one per
    debt, still valid on ``local_date`` (:class:`~dunning.Incentive`); ``coupon`` the code a
    thank-you gives (``Thanks(coupon=...)``).

    ``valid_until`` (aware, UTC) is the instant from which the message must no longer be sent:
    by default the end of ``local_date`` in the debtor's zone (a cadence's ``grace_days`` extends
    it). Its text ("vence hoy") is only true for that long; a dispatcher records a message it
    could not send in time as ``expired``, and the next plan decides again.

    >>> from dunning.channels._memory import sample_message
    >>> sample_message("sms").valid_until.isoformat()  # midnight in Santiago, in UTC
    '2026-11-24T03:00:00+00:00'
    """

    id: str
    debtor_id: str
    debt_ids: tuple[str, ...]
    debts: tuple[DebtLine, ...]
    channel: ChannelKind
    to: str
    send_at: datetime
    timezone: str
    local_date: date
    template: str
    stage: Stage
    segment: str | None
    cadence: str
    locale: str
    content: RenderedContent | None = None
    explain: tuple[str, ...] = ()
    promise: PromiseTerms | None = None
    valid_until: datetime | None = None
    incentives: tuple[IncentiveOffer, ...] = ()
    coupon: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_validity(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("valid_until") is None:
            try:
                end = end_of_local_day(data["local_date"], data["timezone"])
                data = {**data, "valid_until": end}
            except (KeyError, TypeError, ValueError):
                pass  # the field validators report what is missing or wrong
        return data

    @property
    def expires_at(self) -> datetime:
        """``valid_until``, or the end of the planned local day when it was not given."""
        if self.valid_until is not None:
            return self.valid_until
        return end_of_local_day(self.local_date, self.timezone)

    @property
    def local_send_at(self) -> datetime:
        """``send_at`` on the debtor's wall clock."""
        return self.send_at.astimezone(get_zone(self.timezone))

    @property
    def totals(self) -> tuple[Money, ...]:
        """Outstanding total per currency over the debts in this message."""
        sums: dict[str, Money] = {}
        for line in self.debts:
            cur = line.outstanding.currency
            sums[cur] = sums[cur] + line.outstanding if cur in sums else line.outstanding
        return tuple(sums[c] for c in sorted(sums))

    def to_record(self) -> dict[str, Any]:
        """The message as one flat row (the columns of :meth:`Plan.to_records`)."""
        from ._export import message_record

        return message_record(self)

    def _repr_html_(self) -> str:
        from ._export import message_html

        return message_html(self)

    def __repr__(self) -> str:
        return (
            f"Message(id={self.id!r}, debtor_id={self.debtor_id!r}, "
            f"channel={self.channel.value!r}, "
            f"local_send_at={self.local_send_at.isoformat()!r}, stage={self.stage.value!r}, "
            f"debt_ids={self.debt_ids!r})"
        )


def end_of_local_day(day: date | str, zone: str, grace_days: int = 0) -> datetime:
    """The first instant (UTC) after local date ``day`` (plus ``grace_days``) in ``zone``."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return start_of_day(day + timedelta(days=1 + grace_days), get_zone(zone))


class Skip(Model):
    """A step that was not sent as planned: dropped (``moved_to`` is ``None``) or moved.

    ``code`` is machine-readable (:class:`SkipCode`), ``reason`` is for people and ``source`` is
    the rule behind it (law and article, or the library's prudent default).
    """

    debtor_id: str
    debt_ids: tuple[str, ...]
    on: date
    code: SkipCode
    reason: str
    source: Source | None = None
    template: str | None = None
    stage: Stage | None = None
    channel: ChannelKind | None = None
    moved_to: datetime | None = None
    message_id: str | None = None

    @property
    def moved(self) -> bool:
        """True when the step still goes out, later (see ``moved_to`` and ``message_id``)."""
        return self.moved_to is not None

    def to_record(self) -> dict[str, Any]:
        """The step as one flat row (the columns of :meth:`Plan.to_records`)."""
        from ._export import skip_record

        return skip_record(self)

    def _repr_html_(self) -> str:
        from ._export import skip_html

        return skip_html(self)

    def __repr__(self) -> str:
        where = f", moved_to={self.moved_to.isoformat()!r}" if self.moved_to else ""
        return (
            f"Skip(debtor_id={self.debtor_id!r}, debt_ids={self.debt_ids!r}, on={self.on!r}, "
            f"code={self.code.value!r}{where})"
        )


class Plan(Model):
    """The planner's decision for a horizon: ``messages`` to send and ``skipped`` steps."""

    as_of: datetime
    horizon_days: int
    messages: tuple[Message, ...]
    skipped: tuple[Skip, ...]

    def __iter__(self) -> Iterator[Message]:  # type: ignore[override]
        return iter(self.messages)

    def __len__(self) -> int:
        return len(self.messages)

    @property
    def dropped(self) -> tuple[Skip, ...]:
        """Skips whose step does not go out at all."""
        return tuple(s for s in self.skipped if not s.moved)

    @property
    def moved(self) -> tuple[Skip, ...]:
        """Skips whose step goes out later than its preferred time."""
        return tuple(s for s in self.skipped if s.moved)

    def summary(self) -> dict[str, int]:
        """Counts: messages per channel and skips per code."""
        out: Counter[str] = Counter()
        for m in self.messages:
            out[f"message:{m.channel.value}"] += 1
        for s in self.skipped:
            out[f"{'moved' if s.moved else 'skip'}:{s.code.value}"] += 1
        return dict(sorted(out.items()))

    def breakdown(self, countries: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        """Counts per country, kind (``message``, ``moved``, ``skip``), channel and code.

        ``countries`` maps debtor ids to countries (``{d.id: d.country for d in debtors}``);
        without it a message's country is its locale's territory and a skip's is empty.
        """
        from ._export import breakdown

        return breakdown(self, countries)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per message (by send time) and per skipped or moved step (by step day).

        Columns: ``kind`` (``message``, ``moved``, ``skip``), ``message_id``, ``debtor_id``,
        ``debt_ids`` (``;``-separated), ``channel``, ``stage``, ``template``, ``segment``,
        ``cadence``, ``locale``, ``to``, ``step_day``, ``local_date``, ``local_time`` (the
        debtor's wall clock), ``utc_time``, ``timezone``, ``valid_until``, ``amount`` (a
        ``Decimal``: the outstanding total when the message is in one currency) and
        ``currency``, ``amounts`` (every currency, as text), ``code``, ``reason``, ``source``,
        ``basis``, ``moved_to`` and ``preview`` (the start of the rendered text).

        >>> from dunning.channels._memory import sample_message
        >>> message = sample_message("sms")
        >>> plan = Plan(as_of=message.send_at, horizon_days=1, messages=[message], skipped=[])
        >>> row = plan.to_records()[0]
        >>> row["kind"], row["channel"], row["amount"], row["currency"], str(row["local_time"])
        ('message', 'sms', Decimal('45000'), 'CLP', '2026-11-23 09:00:00-03:00')
        """
        from ._export import records

        return records(self)

    def to_pandas(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs ``pip install 'dunning[pandas]'``).

        ``utc_time``, ``valid_until`` and ``moved_to`` are UTC timestamps; ``amount``,
        ``charges_total`` and ``discount`` hold exact ``Decimal`` values (``.astype(float)``
        for charts); ``charges`` and ``incentives`` JSON text (see docs/quickstart.md).
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(
                "Plan.to_pandas needs pandas: pip install 'dunning[pandas]'"
            ) from None
        from ._export import FIELDS

        frame = pd.DataFrame(self.to_records(), columns=list(FIELDS))
        for column in ("utc_time", "valid_until", "moved_to"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame

    def to_csv(self, path: str | os.PathLike[str] | IO[str], *, header: bool = True) -> None:
        """Write :meth:`to_records` as CSV (ISO times with offsets, plain-decimal amounts).

        ``header=False`` writes the rows only: the plans of ``plan_stream``'s chunks written one
        after the other to one open file (the first with its header) make one CSV."""
        from ._export import write_csv

        write_csv(self, path, header=header)

    def to_json(self, path: str | os.PathLike[str] | IO[str] | None = None) -> str:
        """The plan as JSON (``as_of``, ``horizon_days``, ``rows``; amounts as exact strings),
        written to ``path`` when given, and returned."""
        from ._export import write_json

        return write_json(self, path)

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`to_records` as Parquet (needs ``pip install 'dunning[parquet]'``):
        UTC timestamps, a decimal ``amount`` column, the local time as ISO text."""
        from ._export import write_parquet

        write_parquet(self, path)

    def _repr_html_(self) -> str:
        from ._export import plan_html

        return plan_html(self)

    def for_debtor(self, debtor_id: str) -> tuple[list[Message], list[Skip]]:
        """Messages and skips of one debtor."""
        return (
            [m for m in self.messages if m.debtor_id == debtor_id],
            [s for s in self.skipped if s.debtor_id == debtor_id],
        )

    def __str__(self) -> str:
        return repr(self)

    def __repr__(self) -> str:
        return (
            f"Plan(as_of={self.as_of.isoformat()!r}, horizon_days={self.horizon_days}, "
            f"messages={len(self.messages)}, skipped={len(self.skipped)})"
        )
