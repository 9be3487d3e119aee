"""Contact policies as data: every rule says what it allows and where it comes from."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol, runtime_checkable

from pydantic import BeforeValidator, Field, field_validator, model_validator

from .._core._base import Model
from .._core._errors import PolicyDefinitionError
from .._core._kinds import ALL_CHANNELS, ChannelKind, SkipCode

if TYPE_CHECKING:
    pass

__all__ = [
    "Basis",
    "ConsentRule",
    "ContentRule",
    "FrequencyCap",
    "HolidayCalendar",
    "HoursRule",
    "PhoneType",
    "QuietPeriod",
    "RegisterRule",
    "Source",
    "StopCondition",
    "StopRule",
    "SuppressionList",
    "Violation",
    "Window",
]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Basis(StrEnum):
    """How binding a rule is."""

    LAW = "law"
    """Written in a statute or regulation."""
    REGULATOR = "regulator"
    """A supervisor's guidance or reading of the law."""
    PLATFORM = "platform"
    """A channel provider's own policy (WhatsApp Business opt-in)."""
    PRUDENT = "prudent"
    """Not required in so many words: the careful reading we apply by default."""
    HOUSE = "house"
    """The operator's own rule."""


class Source(Model):
    """Where a rule comes from: the citation, its basis, our confidence, when it was checked.

    >>> Source(citation="Ley 19.496 art. 37", basis="law").basis
    <Basis.LAW: 'law'>
    """

    citation: str = Field(min_length=1)
    basis: Basis
    confidence: Literal["high", "medium", "low"] = "high"
    verified: date | None = None
    note: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.citation} [{self.basis.value}]"


def _channels(value: Any) -> frozenset[ChannelKind]:
    if value is None:
        return frozenset(ALL_CHANNELS)
    if isinstance(value, str | ChannelKind):
        value = [value]
    return frozenset(ChannelKind(v) for v in value)


ChannelSet = Annotated[frozenset[ChannelKind], BeforeValidator(_channels)]
"""A set of channels; accepts one name, a list of names, or ``None`` for every channel."""


def _parse_days(value: Any) -> frozenset[int]:
    """``"mon-fri"``, ``"sat"``, ``"mon,wed"``, ``[0, 1]`` → weekday numbers (Monday = 0)."""
    if isinstance(value, str):
        days: set[int] = set()
        for part in value.lower().replace(" ", "").split(","):
            if "-" in part:
                first, last = part.split("-", 1)
                a, b = _DAYS.index(first[:3]), _DAYS.index(last[:3])
                if b < a:
                    raise PolicyDefinitionError(f"day range {part!r} runs backwards")
                days.update(range(a, b + 1))
            elif part:
                days.add(_DAYS.index(part[:3]))
        return frozenset(days)
    return frozenset(int(v) for v in value)


def _parse_time(value: Any) -> time:
    if isinstance(value, str):
        if value.strip() == "24:00":
            return time.max
        return time.fromisoformat(value.strip())
    if isinstance(value, time):
        return value
    raise PolicyDefinitionError(f"not a time of day: {value!r}")


class Window(Model):
    """Local wall-clock hours on some weekdays, ``[start, end)``; ``"24:00"`` closes at midnight.

    >>> Window(days="mon-sat", start="08:00", end="20:00").days == frozenset(range(6))
    True
    """

    days: frozenset[int]
    start: time
    end: time

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> frozenset[int]:
        try:
            days = _parse_days(value)
        except ValueError as exc:
            raise PolicyDefinitionError(f"cannot read days {value!r}: {exc}") from None
        if not days or any(d not in range(7) for d in days):
            raise PolicyDefinitionError(f"days must be weekdays 0 (Mon) to 6 (Sun), got {value!r}")
        return days

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, value: Any) -> time:
        return _parse_time(value)

    @model_validator(mode="after")
    def _order(self) -> Window:
        if self.end <= self.start:
            raise PolicyDefinitionError(
                f"window closes at {self.end} before it opens at {self.start}"
            )
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise PolicyDefinitionError("window times are local wall-clock times, without tzinfo")
        return self

    def __str__(self) -> str:
        names = ",".join(_DAYS[d] for d in sorted(self.days))
        end = "24:00" if self.end == time.max else self.end.strftime("%H:%M")
        return f"{names} {self.start:%H:%M}-{end}"


class HoursRule(Model):
    """When contact is allowed on some channels: any of ``windows``, and never on holidays when
    ``closed_on_holidays``. Several rules that cover a channel must all allow a time."""

    channels: ChannelSet
    windows: tuple[Window, ...]
    closed_on_holidays: bool = False
    source: Source

    def windows_on(self, weekday: int) -> list[Window]:
        """The windows open on ``weekday`` (Monday = 0)."""
        return [w for w in self.windows if weekday in w.days]


class HolidayCalendar(Model):
    """Public holidays from the ``holidays`` package, plus operator-added dates.

    ``extra_dates`` holds what the package does not know: election days, municipal holidays,
    one-off decrees (``{date(2026, 11, 16): "Elección presidencial"}``).
    """

    country: str
    subdivision: str | None = None
    categories: tuple[str, ...] = ("public",)
    extra_dates: Mapping[date, str] = Field(default_factory=dict)
    source: Source

    def __hash__(self) -> int:
        return hash((self.country, self.subdivision, self.categories, tuple(self.extra_dates)))


PhoneType = Literal["mobile", "home", "work", "other", "unknown"]
"""What kind of line a debtor's phone is (``Debtor.phone_type``; ``None`` there is
``"unknown"``). Some caps bind only some kinds (Massachusetts: 2 per 30 days at numbers other
than home or mobile)."""


class FrequencyCap(Model):
    """At most ``limit`` contacts in any ``period_days`` consecutive local dates.

    * ``channels``: which channels are counted and limited (``None``: all).
    * ``scope``: count per ``"debtor"`` or per ``"debt"``.
    * ``counts``: ``"contacts"`` (messages) or ``"channels"`` (distinct channels used).
    * ``min_gap_days``: two counted contacts must be at least this many local dates apart.
    * ``after_two_way_contact``: the cap starts with a two-way contact (a reply, an answered
      call) on the counted channels, which counts as a contact; contacts before it do not count.
      ``active_days_after_contact`` says for how long: ``1`` puts only windows that contain the
      contact under the cap (Regulation F's "within 7 days after a conversation"), ``None``
      keeps it in force from the contact on (Colombia's "once a direct contact is made").
    """

    limit: int = Field(ge=0)
    period_days: int = Field(ge=1)
    channels: ChannelSet
    scope: Literal["debtor", "debt"] = "debtor"
    counts: Literal["contacts", "channels"] = "contacts"
    min_gap_days: int = Field(default=0, ge=0)
    after_two_way_contact: bool = False
    active_days_after_contact: int | None = Field(default=1, ge=1)
    phone_types: frozenset[PhoneType] | None = None
    source: Source

    def binds(self, phone_type: str | None) -> bool:
        """Whether the cap applies to a debtor whose phone is of ``phone_type`` (``None``:
        unknown, which the cap treats as ``"unknown"``). ``phone_types=None`` binds everyone.

        >>> cap = FrequencyCap(limit=2, period_days=30, channels="call",
        ...                    phone_types={"work", "other", "unknown"},
        ...                    source=Source(citation="940 CMR 7.04(1)(f)", basis="law"))
        >>> cap.binds("mobile"), cap.binds(None)
        (False, True)
        """
        return self.phone_types is None or (phone_type or "unknown") in self.phone_types

    def describe(self) -> str:
        """One line in plain words."""
        what = "channel" if self.counts == "channels" else "contact"
        what += "" if self.limit == 1 else "s"
        chans = (
            "any channel"
            if self.channels == ALL_CHANNELS
            else ", ".join(sorted(c.value for c in self.channels))
        )
        text = f"at most {self.limit} {what} per {self.period_days} days per {self.scope} ({chans})"
        if self.min_gap_days:
            text += f", {self.min_gap_days} days apart"
        if self.after_two_way_contact:
            text += ", after a two-way contact"
            if self.active_days_after_contact is None:
                text += " (from then on)"
        if self.phone_types is not None:
            text += f", at {'/'.join(sorted(self.phone_types))} numbers"
        return text


class ConsentRule(Model):
    """Channels that may only be used with a recorded consent."""

    channels: ChannelSet
    source: Source


class StopCondition(StrEnum):
    """Facts that stop reminders."""

    PAID = "paid"
    PROMISE = "promise_active"
    DISPUTE = "disputed"
    LEGAL_ACTION = "legal_action"
    OPT_OUT = "opted_out"
    ATTORNEY = "attorney_represented"
    """The debtor is represented by an attorney about the debt (``Debtor.attorney``)."""
    WORKPLACE = "workplace"
    """The employer forbids collection contact at work (``Debtor.workplace_contact_forbidden``):
    no call or text to a work number (``phone_type="work"``)."""


class StopRule(Model):
    """A stop condition and its source (the planner always applies every condition; the rule
    says which law requires it)."""

    condition: StopCondition
    source: Source


CreditorField = Literal["name", "legal_name", "tax_id", "address", "contact", "website"]


class ContentRule(Model):
    """Something messages on ``channels`` must carry.

    * ``element`` names what (``creditor_identification``, ``opt_out``...): the template linter
      checks the elements it knows and warns about the others.
    * ``creditor_fields``: the :class:`~dunning.Creditor` data the element is made of. The
      planner never plans a message whose creditor lacks one of them (the step is skipped with
      ``missing_required_content``), and with templates it checks that each value appears in
      the rendered message.
    * ``debt_collectors_only``: the rule binds third-party collectors only (Regulation F); it
      applies when ``Creditor.debt_collector`` is true.

    >>> from dunning import Creditor
    >>> rule = ContentRule(element="creditor_identification", description="name and CNPJ",
    ...                    channels=None, creditor_fields=("name", "tax_id"),
    ...                    source=Source(citation="CDC art. 42-A", basis="law"))
    >>> rule.missing_creditor_data(Creditor(name="Loja"))
    ['tax_id']
    """

    element: str = Field(min_length=1)
    description: str
    channels: ChannelSet
    first_contact_only: bool = False
    creditor_fields: tuple[CreditorField, ...] = ()
    debt_collectors_only: bool = False
    source: Source

    def applies_to(self, creditor: Any) -> bool:
        """Whether the rule binds ``creditor`` (a :class:`~dunning.Creditor`)."""
        return not self.debt_collectors_only or bool(getattr(creditor, "debt_collector", False))

    def missing_creditor_data(self, creditor: Any) -> list[str]:
        """The ``creditor_fields`` that ``creditor`` leaves empty (``[]`` when it may comply)."""
        if not self.applies_to(creditor):
            return []
        return [f for f in self.creditor_fields if not (getattr(creditor, f, None) or "").strip()]


@runtime_checkable
class SuppressionList(Protocol):
    """An operator-supplied lookup in a do-not-contact register (São Paulo's Procon block list).

    ``registered_at(address)`` returns when ``address`` (an E.164 phone number or an e-mail) was
    entered in the register, or ``None`` when it is not in it. The planner asks once per debtor
    and channel; keep the lookup fast (a dict, a set-backed table, a cached service call).

    >>> from datetime import date
    >>> class Register:
    ...     def __init__(self, rows): self.rows = rows
    ...     def registered_at(self, address): return self.rows.get(address)
    >>> isinstance(Register({"+5511987654321": date(2026, 10, 1)}), SuppressionList)
    True
    """

    def registered_at(self, address: str) -> date | datetime | None: ...


class RegisterRule(Model):
    """A do-not-contact register the policy requires checking.

    Numbers or addresses in register ``name`` may not be contacted on ``channels`` from
    ``lag_days`` days after their registration (the register's own grace period). The planner
    looks them up with the :class:`SuppressionList` given as ``Planner(registers={name:
    ...})``; when ``mandatory`` and none is given, it plans nothing on those channels for the
    debtors the rule covers (it cannot know who registered).
    """

    name: str = Field(min_length=1)
    description: str
    channels: ChannelSet
    lag_days: int = Field(default=0, ge=0)
    mandatory: bool = True
    source: Source


class QuietPeriod(Model):
    """Local dates ``start``..``end`` (inclusive) with no contact on ``channels``."""

    start: date
    end: date
    channels: ChannelSet
    source: Source

    @model_validator(mode="after")
    def _order(self) -> QuietPeriod:
        if self.end < self.start:
            raise PolicyDefinitionError(f"quiet period ends {self.end} before it starts")
        return self


class Violation(Model):
    """Why a contact at a given time and channel is not allowed (``code``: a
    :class:`~dunning.SkipCode`, the vocabulary a plan's skips use too)."""

    code: SkipCode
    reason: str
    source: Source | None = None

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}" + (f" ({self.source})" if self.source else "")
