"""Strategy: segments of the portfolio, each with a cadence of steps relative to the due date."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from dateutil.rrule import DAILY, rrule
from pydantic import ConfigDict, Field, field_validator, model_validator

from .._core._base import Model
from .._core._errors import InputError
from .._core._incentive import Incentive
from .._core._kinds import ChannelKind, Stage
from .._core._models import Debt, Debtor
from .._core._money import Money

__all__ = [
    "Cadence",
    "FollowUps",
    "Segment",
    "SegmentContext",
    "Stage",
    "Step",
    "Thanks",
    "default_strategy",
]


_DEFAULT_CHANNELS = (ChannelKind.WHATSAPP, ChannelKind.SMS, ChannelKind.EMAIL)


def _channel_list(value: Any, who: str) -> Any:
    """A channel preference list: one channel may be given alone; an empty list is an error."""
    if isinstance(value, str):
        value = (value,)
    if not value:
        raise InputError(f"{who} at least one channel", field="channels", value=value)
    return value


def _wall_clock(value: time | None) -> None:
    if value is not None and value.tzinfo is not None:
        raise InputError(
            "preferred_local_time is a local wall-clock time; drop its tzinfo",
            field="preferred_local_time",
            value=value,
        )


class Step(Model):
    """One touch of a cadence, ``offset_days`` from the due date (negative: before it).

    ``channels`` is a preference list: the first one the debtor has an address and consent for is
    used. With ``repeat_every_days`` the step recurs until ``until_offset_days`` (inclusive).
    ``stage`` and ``template`` default to the stage for the days past due on the day it falls.

    >>> from datetime import date
    >>> weekly = Step(14, repeat_every_days=7, until_offset_days=35)
    >>> [d.isoformat() for d in weekly.occurrences(date(2026, 1, 1))]
    ['2026-01-15', '2026-01-22', '2026-01-29', '2026-02-05']
    """

    offset_days: int
    channels: tuple[ChannelKind, ...] = _DEFAULT_CHANNELS
    template: str | None = None
    stage: Stage | None = None
    repeat_every_days: int | None = Field(default=None, ge=1)
    until_offset_days: int | None = None
    preferred_local_time: time | None = None
    incentive: Incentive | None = None
    """A discount or coupon offered in this step's messages (shown, and honoured by
    ``offer_plans(incentives=...)``)."""

    def __init__(self, offset_days: int | None = None, /, **data: Any) -> None:
        if offset_days is not None:
            data["offset_days"] = offset_days
        super().__init__(**data)

    @field_validator("channels", mode="before")
    @classmethod
    def _channels(cls, value: Any) -> Any:
        return _channel_list(value, "a step needs")

    @model_validator(mode="after")
    def _repeat(self) -> Step:
        if self.until_offset_days is not None:
            if self.repeat_every_days is None:
                raise InputError(
                    "until_offset_days needs repeat_every_days",
                    field="until_offset_days",
                    value=self.until_offset_days,
                )
            if self.until_offset_days < self.offset_days:
                raise InputError(
                    f"until_offset_days {self.until_offset_days} is before offset_days "
                    f"{self.offset_days}",
                    field="until_offset_days",
                    value=self.until_offset_days,
                )
        if self.repeat_every_days is not None and self.until_offset_days is None:
            raise InputError(
                "a repeating step needs until_offset_days (an end)",
                field="until_offset_days",
                value=None,
            )
        _wall_clock(self.preferred_local_time)
        return self

    @property
    def last_offset(self) -> int:
        return self.until_offset_days if self.until_offset_days is not None else self.offset_days

    def falls_on(self, days_past_due: int) -> bool:
        """Whether the step has an occurrence ``days_past_due`` days after the due date."""
        k = days_past_due - self.offset_days
        if k < 0 or days_past_due > self.last_offset:
            return False
        if self.repeat_every_days is None:
            return k == 0
        return k % self.repeat_every_days == 0

    def occurrences(self, due_date: date) -> list[date]:
        """Every date the step falls on for a debt due on ``due_date`` (``dateutil.rrule``)."""
        start = datetime.combine(due_date + timedelta(days=self.offset_days), time())
        if self.repeat_every_days is None:
            return [start.date()]
        until = datetime.combine(due_date + timedelta(days=self.last_offset), time())
        return [
            d.date()
            for d in rrule(DAILY, interval=self.repeat_every_days, dtstart=start, until=until)
        ]

    def stage_on(self, days_past_due: int) -> Stage:
        return self.stage if self.stage is not None else Stage.for_days_past_due(days_past_due)

    def template_on(self, days_past_due: int) -> str:
        return self.template if self.template is not None else self.stage_on(days_past_due).value


class Cadence(Model):
    """A named sequence of steps. ``send_time`` is the local time used when a step has no
    ``preferred_local_time``; ``catch_up_days`` lets a step whose day passed without it being sent
    (and without any other message since) still go out that many days late. ``grace_days`` is
    how long a planned message stays sendable: through the end of its planned local day plus
    that many days (``0``, the default: its own day only). A dispatcher never sends a message
    after its :attr:`Message.valid_until`; it records it ``expired`` and the next plan decides
    again, with fresh text.

    >>> Cadence("gentle", [Step(-1), Step(0), Step(3)]).name
    'gentle'
    """

    name: str = Field(min_length=1)
    steps: tuple[Step, ...]
    send_time: time = time(10, 0)
    catch_up_days: int = Field(default=0, ge=0)
    grace_days: int = Field(default=0, ge=0)

    def __init__(
        self, name: str | None = None, steps: Sequence[Step] | None = None, /, **data: Any
    ) -> None:
        if name is not None:
            data["name"] = name
        if steps is not None:
            data["steps"] = steps
        super().__init__(**data)

    @field_validator("steps")
    @classmethod
    def _nonempty(cls, value: tuple[Step, ...]) -> tuple[Step, ...]:
        if not value:
            raise InputError("a cadence needs at least one step", field="steps", value=value)
        return value

    @cached_property
    def span(self) -> tuple[int, int]:
        """Smallest and largest offset any step can fall on."""
        return min(s.offset_days for s in self.steps), max(s.last_offset for s in self.steps)


class FollowUps(Model):
    """Messages that follow what the debtor committed to, outside any cadence.

    * ``promise_reminder``: on the date of a :class:`~dunning.events.PromiseToPay`, and
      ``installment_reminder_days`` before each installment of an accepted payment plan;
    * ``broken_promise``: the day after a promised date (or installment date) that passed without
      the promised payment.

    ``channels`` is the preference list (as in a :class:`Step`); ``preferred_local_time`` is the
    wall-clock time wanted (``None``: the ``send_time`` of the cadence that applies to the debt,
    else 10:00). Every follow-up goes through the same policy checks as a cadence step.

    >>> FollowUps().installment_reminder_days
    2
    """

    channels: tuple[ChannelKind, ...] = _DEFAULT_CHANNELS
    promise_reminder: bool = True
    broken_promise: bool = True
    installment_reminder_days: int = Field(default=2, ge=0, le=30)
    preferred_local_time: time | None = None

    @field_validator("channels", mode="before")
    @classmethod
    def _channels(cls, value: Any) -> Any:
        return _channel_list(value, "follow-ups need")

    @model_validator(mode="after")
    def _naive_time(self) -> FollowUps:
        _wall_clock(self.preferred_local_time)
        return self


class Thanks(Model):
    """A thank-you message after a debt is paid in full (``Planner(thanks=Thanks())``).

    It goes once per debt, on the local date of the payment that completed it (never before
    that payment's instant), moved like any step but never more than ``within_days`` days after
    that date; through ``channels`` in order, with the same consent, opt-out, window, holiday,
    cap and hold checks as every message. ``template`` names the template (stage ``thanks``);
    ``coupon``, a coupon code it gives.

    >>> Thanks().within_days
    3
    """

    channels: tuple[ChannelKind, ...] = _DEFAULT_CHANNELS
    within_days: int = Field(default=3, ge=0, le=30)
    preferred_local_time: time | None = None
    template: str = Field(default="thanks", min_length=1)
    coupon: str | None = Field(default=None, min_length=1, max_length=40)
    """A coupon code the thank-you gives (seed 002: a coupon after payment); templates see it as
    ``coupon``."""

    @field_validator("channels", mode="before")
    @classmethod
    def _channels(cls, value: Any) -> Any:
        return _channel_list(value, "a thank-you needs")

    @model_validator(mode="after")
    def _naive_time(self) -> Thanks:
        _wall_clock(self.preferred_local_time)
        return self


@dataclass(frozen=True, slots=True)
class SegmentContext:
    """What a segment rule sees for one debt on one day."""

    debtor: Debtor
    debt: Debt
    days_past_due: int
    outstanding: Money
    late_payments: int
    on: date


def _range(value: Any, field: str) -> tuple[Any, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise InputError(
            f"{field} must be a (low, high) pair; use None for open ends", field=field, value=value
        )
    lo, hi = value
    if lo is not None and hi is not None and hi < lo:
        raise InputError(f"{field} range ({lo}, {hi}) is empty", field=field, value=value)
    return (lo, hi)


class Segment(Model):
    """A named slice of the portfolio with its own cadence. All given conditions must hold;
    ranges are inclusive and ``None`` leaves an end open. First matching segment wins.

    >>> s = Segment("big and late", cadence=Cadence("firm", [Step(1)]),
    ...             days_past_due=(1, None), amount=(Decimal("1000000"), None), currency="CLP")
    >>> s.name
    'big and late'
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str = Field(min_length=1)
    cadence: Cadence
    days_past_due: tuple[int | None, int | None] | None = None
    amount: tuple[Decimal | None, Decimal | None] | None = None
    currency: str | None = None
    late_payments: tuple[int | None, int | None] | None = None
    attributes: Mapping[str, Any] = Field(default_factory=dict)
    when: Callable[[SegmentContext], bool] | None = None

    def __init__(self, name: str | None = None, /, **data: Any) -> None:
        if name is not None:
            data["name"] = name
        super().__init__(**data)

    @field_validator("days_past_due", "amount", "late_payments", mode="before")
    @classmethod
    def _ranges(cls, value: Any, info: Any) -> Any:
        if isinstance(value, Sequence) and not isinstance(value, str):
            value = tuple(
                Decimal(v) if isinstance(v, int | str) and info.field_name == "amount" else v
                for v in value
            )
            if info.field_name == "amount" and any(isinstance(v, float) for v in value):
                raise InputError(
                    "amount bounds must be Decimal, int or str, not float",
                    field="amount",
                    value=value,
                )
        return _range(value, info.field_name)

    @property
    def static(self) -> bool:
        """True when the segment does not depend on a callable (so it can be evaluated fast)."""
        return self.when is None

    def matches_static(self, debtor: Debtor, outstanding: Money, late_payments: int) -> bool:
        """The conditions that do not change from day to day."""
        if self.currency is not None and outstanding.currency != self.currency.upper():
            return False
        if self.amount is not None and not _within(outstanding.amount, self.amount):
            return False
        if self.late_payments is not None and not _within(late_payments, self.late_payments):
            return False
        attrs = debtor.attributes
        return all(attrs.get(k) == v for k, v in self.attributes.items())

    def matches(self, ctx: SegmentContext) -> bool:
        """Whether the debt in ``ctx`` belongs to this segment on ``ctx.on``."""
        if not self.matches_static(ctx.debtor, ctx.outstanding, ctx.late_payments):
            return False
        if self.days_past_due is not None and not _within(ctx.days_past_due, self.days_past_due):
            return False
        return self.when is None or bool(self.when(ctx))


def _within(value: Any, bounds: tuple[Any, Any]) -> bool:
    lo, hi = bounds
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def default_strategy() -> Cadence:
    """The built-in cadence: one day before, the due date, one day after, then three days and a
    week late, then weekly until 90 days late. Stages follow the days past due.

    >>> [s.offset_days for s in default_strategy().steps]
    [-1, 0, 1, 3, 7, 14]
    """
    return Cadence(
        "default",
        [
            Step(-1),
            Step(0),
            Step(1),
            Step(3),
            Step(7),
            Step(14, repeat_every_days=7, until_offset_days=90),
        ],
    )
