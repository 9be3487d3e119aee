"""A debtor's history held as columns: the commonest events without a model each.

A long history is mostly messages sent, replies and payments (a year of contacts and small
payments is a hundred events a debtor). As models, each is five or six Python objects (the
model, its ``__dict__``, its time, its id or amount, a tuple of debt ids or a ``Money``):
reading and freeing them was most of what a long history cost a streamed plan.
:class:`EventColumns` keeps those three kinds as parallel lists (times, ids, channels, amounts,
debt ids shared between events that name the same debts) and every other event as the model it
is; the planner reads the columns, and iterating gives the events back (made again, equal to
the ones read, with the same ``model_fields_set``, in the same order).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar, overload

from .._core._base import Model
from .._core._kinds import ChannelKind
from .._core._money import Money
from ..events import Event, MessageSent, PaymentReceived, ReplyReceived

__all__ = ["EventColumns", "PaidColumns", "ReplyColumns", "SentColumns"]

# What each position of ``EventColumns.order`` holds.
_SENT, _REPLY, _PAID, _OTHER = 0, 1, 2, 3


@dataclass(slots=True)
class SentColumns:
    """Messages sent (:class:`~dunning.events.MessageSent`), one list per field, in history
    order."""

    at: list[datetime] = field(default_factory=list)
    message_id: list[str] = field(default_factory=list)
    channel: list[ChannelKind] = field(default_factory=list)
    debt_ids: list[tuple[str, ...]] = field(default_factory=list)
    given: list[set[str]] = field(default_factory=list)
    """Each event's ``model_fields_set`` (shared between events given every field)."""
    unique: bool = True
    """Whether no message id is recorded twice (then no contact is a repeat of another)."""


@dataclass(slots=True)
class ReplyColumns:
    """Replies (:class:`~dunning.events.ReplyReceived`), one list per field, in history
    order."""

    at: list[datetime] = field(default_factory=list)
    channel: list[ChannelKind] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    given: list[set[str]] = field(default_factory=list)


@dataclass(slots=True)
class PaidColumns:
    """Payments received (:class:`~dunning.events.PaymentReceived`), one list per field, in
    history order: the amount as its ``Decimal`` and its currency."""

    at: list[datetime] = field(default_factory=list)
    debt_id: list[str] = field(default_factory=list)
    amount: list[Decimal] = field(default_factory=list)
    currency: list[str] = field(default_factory=list)
    given: list[set[str]] = field(default_factory=list)
    money_given: list[set[str]] = field(default_factory=list)

    by_debt: dict[str, tuple[list[datetime], list[Decimal], str | None]] = field(
        default_factory=dict
    )
    """Each debt's payments (times and amounts, in history order, and their currency, ``None``
    when they are in more than one), by debt id in the order of each debt's first payment."""


class EventColumns(Sequence[Event]):
    """One debtor's events (of debtor ``debtor_id``), the messages sent, replies and payments
    held as columns, every other event as it is.

    A sequence of events: iterating, indexing and comparing give the events read, in their
    order (the columnar ones made again: equal, not the same objects). Loaders hold a debtor's
    history this way (``DebtorGroup.events`` of the groups ``read_groups`` and
    ``Portfolio.groups()`` give); the planner reads the columns.

    >>> from datetime import datetime, timezone
    >>> from dunning.events import DisputeOpened, MessageSent
    >>> at = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)
    >>> events = [MessageSent(at=at, message_id="m-1", debtor_id="c-1", channel="sms",
    ...                       debt_ids=("F-1",)),
    ...           DisputeOpened(at=at, debt_id="F-1")]
    >>> columns = EventColumns.of("c-1", events)
    >>> columns
    EventColumns('c-1', 2 events: 1 sent, 0 replies, 0 payments, 1 other)
    >>> list(columns) == events, columns[0].message_id
    (True, 'm-1')
    """

    __slots__ = ("_cache", "debtor_id", "order", "others", "paid", "replies", "sent")

    def __init__(
        self,
        debtor_id: str,
        sent: SentColumns,
        replies: ReplyColumns,
        paid: PaidColumns,
        others: list[Event],
        order: bytes,
    ) -> None:
        self.debtor_id = debtor_id
        self.sent = sent
        self.replies = replies
        self.paid = paid
        self.others = others
        """The events held as they are (every other kind, and a message or reply of another
        debtor), in history order."""
        self.order = order
        """What each event is, in history order: 0 a message sent, 1 a reply, 2 a payment,
        3 another."""
        self._cache: tuple[Event, ...] | None = None

    @classmethod
    def of(cls, debtor_id: str, events: Iterable[Event]) -> EventColumns:
        """The columns of ``events`` (``debtor_id``'s history, in order)."""
        sent, replies, paid = SentColumns(), ReplyColumns(), PaidColumns()
        others: list[Event] = []
        order = bytearray()
        mark = order.append
        s_at, s_id, s_ch, s_ids, s_given = (
            sent.at, sent.message_id, sent.channel, sent.debt_ids, sent.given
        )  # fmt: skip
        r_at, r_ch, r_text, r_given = replies.at, replies.channel, replies.text, replies.given
        p_at, p_debt, p_amount, p_currency, p_given, p_money = (
            paid.at, paid.debt_id, paid.amount, paid.currency, paid.given, paid.money_given
        )  # fmt: skip
        by_debt = paid.by_debt
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        for event in events:
            kind = type(event)
            values = event.__dict__
            if kind is PaymentReceived:
                at, debt_id, money = values["at"], values["debt_id"], values["amount"]
                amount, currency = money.amount, money.currency
                p_at.append(at)
                p_debt.append(debt_id)
                p_amount.append(amount)
                p_currency.append(currency)
                p_given.append(event.__pydantic_fields_set__)
                p_money.append(money.__pydantic_fields_set__)
                held = by_debt.get(debt_id)
                if held is None:
                    by_debt[debt_id] = ([at], [amount], currency)
                else:
                    held[0].append(at)
                    held[1].append(amount)
                    if held[2] != currency:
                        by_debt[debt_id] = (held[0], held[1], None)
                mark(_PAID)
            elif kind is MessageSent and values["debtor_id"] == debtor_id:
                s_at.append(values["at"])
                s_id.append(values["message_id"])
                s_ch.append(values["channel"])
                ids = values["debt_ids"]
                s_ids.append(shared.setdefault(ids, ids))
                s_given.append(event.__pydantic_fields_set__)
                mark(_SENT)
            elif kind is ReplyReceived and values["debtor_id"] == debtor_id:
                r_at.append(values["at"])
                r_ch.append(values["channel"])
                r_text.append(values["text"])
                r_given.append(event.__pydantic_fields_set__)
                mark(_REPLY)
            else:
                others.append(event)
                mark(_OTHER)
        sent.unique = len(set(s_id)) == len(s_id)
        return cls(debtor_id, sent, replies, paid, others, bytes(order))

    def __iter__(self) -> Iterator[Event]:
        cached = self._cache
        if cached is not None:
            return iter(cached)
        return self.where()

    def where(
        self,
        keep_sent: Sequence[bool] | None = None,
        keep_replies: Sequence[bool] | None = None,
    ) -> Iterator[Event]:
        """The events in order, leaving out the messages sent and replies whose place in their
        column is false in ``keep_sent`` and ``keep_replies`` (``None``: none left out); those
        left out are never made."""
        sent, replies, paid, others = self.sent, self.replies, self.paid, iter(self.others)
        debtor_id = self.debtor_id
        s = r = p = 0
        for what in self.order:
            if what == _SENT:
                if keep_sent is not None and not keep_sent[s]:
                    s += 1
                    continue
                yield _made(
                    MessageSent,
                    sent.given[s],
                    at=sent.at[s],
                    kind="message_sent",
                    message_id=sent.message_id[s],
                    debtor_id=debtor_id,
                    channel=sent.channel[s],
                    debt_ids=sent.debt_ids[s],
                )
                s += 1
            elif what == _REPLY:
                if keep_replies is not None and not keep_replies[r]:
                    r += 1
                    continue
                yield _made(
                    ReplyReceived,
                    replies.given[r],
                    at=replies.at[r],
                    kind="reply_received",
                    debtor_id=debtor_id,
                    channel=replies.channel[r],
                    text=replies.text[r],
                )
                r += 1
            elif what == _PAID:
                money = _made(
                    Money,
                    paid.money_given[p],
                    amount=paid.amount[p],
                    currency=paid.currency[p],
                )
                yield _made(
                    PaymentReceived,
                    paid.given[p],
                    at=paid.at[p],
                    kind="payment_received",
                    debt_id=paid.debt_id[p],
                    amount=money,
                )
                p += 1
            else:
                yield next(others)

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        # Made once, on the first index: reading by index stays linear in the events.
        cached = self._cache
        if cached is None:
            cached = self._cache = tuple(self)
        return cached[index]

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, EventColumns | tuple | list):
            return len(other) == len(self) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return (
            f"EventColumns({self.debtor_id!r}, {len(self)} events: {len(self.sent.at)} sent, "
            f"{len(self.replies.at)} replies, {len(self.paid.at)} payments, "
            f"{len(self.others)} other)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            EventColumns,
            (self.debtor_id, self.sent, self.replies, self.paid, self.others, self.order),
        )


_M = TypeVar("_M", bound=Model)


def _made(model: type[_M], given: set[str], /, **values: Any) -> _M:
    """A ``model`` of ``values`` (every field, valid: they were read from one), with the
    ``model_fields_set`` it was read with."""
    made = model._build(**values)
    object.__setattr__(made, "__pydantic_fields_set__", given)
    return made
