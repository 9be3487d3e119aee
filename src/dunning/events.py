"""Events: append-only facts about what happened, each with an aware ``at``.

The planner reads them as ``history``: messages already sent count toward frequency caps, replies
are two-way contacts, payments lower balances, and promises, disputes, holds, legal action and
revoked consents stop the matching reminders.

>>> from datetime import datetime, timezone
>>> from dunning.events import ConsentRevoked
>>> ConsentRevoked(at=datetime(2026, 11, 20, 15, tzinfo=timezone.utc), debtor_id="c-1",
...                channel="whatsapp").channel
<ChannelKind.WHATSAPP: 'whatsapp'>
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from ._core._base import Model, share_fields, translate
from ._core._errors import InputError, OptedOutError
from ._core._kinds import ChannelKind
from ._core._models import AwareDatetime
from ._core._money import Money

__all__ = [
    "AgentHandoff",
    "ArmAssigned",
    "CallAttempted",
    "ChargeApplied",
    "ComplaintReceived",
    "ConsentGranted",
    "ConsentRevoked",
    "DisputeClosed",
    "DisputeOpened",
    "Event",
    "Hold",
    "HoldReleased",
    "LegalActionStarted",
    "MessageDelivered",
    "MessageFailed",
    "MessageRead",
    "MessageSent",
    "PaymentPlanAccepted",
    "PaymentReceived",
    "PaymentReported",
    "PlanInstallment",
    "PromiseToPay",
    "ReplyReceived",
    "parse_event",
]


class _Event(Model):
    at: AwareDatetime


class MessageSent(_Event):
    """A message left for the debtor. ``debt_ids`` (when known) scopes per-debt caps; when empty
    the message counts against every debt of the debtor."""

    kind: Literal["message_sent"] = "message_sent"
    message_id: str
    debtor_id: str
    channel: ChannelKind
    debt_ids: tuple[str, ...] = ()


class MessageDelivered(_Event):
    """The provider reports the message reached the handset or inbox."""

    kind: Literal["message_delivered"] = "message_delivered"
    message_id: str
    debtor_id: str
    channel: ChannelKind


class MessageRead(_Event):
    """The provider reports the message was read."""

    kind: Literal["message_read"] = "message_read"
    message_id: str
    debtor_id: str
    channel: ChannelKind


class MessageFailed(_Event):
    """The message could not be delivered; ``error`` is the provider's reason."""

    kind: Literal["message_failed"] = "message_failed"
    message_id: str
    debtor_id: str
    channel: ChannelKind
    error: str


class ReplyReceived(_Event):
    """The debtor answered: a two-way contact (an answered call counts too, on ``call``)."""

    kind: Literal["reply_received"] = "reply_received"
    debtor_id: str
    channel: ChannelKind
    text: str = ""


class PaymentReceived(_Event):
    """Money received against a debt; lowers its outstanding balance."""

    kind: Literal["payment_received"] = "payment_received"
    debt_id: str
    amount: Money


class ChargeApplied(_Event):
    """A collection fee or interest charge applied to a debt: ``charge_id`` names the obligation
    or period it is for (:attr:`dunning.policy.FeeCharge.id`, ``InterestCharge.id``), so
    the same charge recorded twice (a job that runs every hour) counts once. Messages itemise it
    apart from the debt's balance (Chile, Ley 19.496 art. 37 as amended by Ley 21.062).

    Build it from the calculator's result: ``FeeCharge.applied(at=...)``.
    """

    kind: Literal["charge_applied"] = "charge_applied"
    debt_id: str
    charge_id: str = Field(min_length=1)
    charge: Literal["collection_fee", "interest"]
    amount: Money
    description: str = ""
    start: date | None = None
    """For interest: the first local date of the period it covers (with ``end``, exclusive);
    a later charge whose days overlap an earlier one's is not counted again."""
    end: date | None = None


class PromiseToPay(_Event):
    """The debtor promised to pay by ``promised_date``: reminders pause until the day after."""

    kind: Literal["promise_to_pay"] = "promise_to_pay"
    debt_id: str
    promised_date: date
    amount: Money | None = None


class PaymentReported(_Event):
    """The debtor says the debt is already paid ("ya pagué"): reminders for it pause through
    ``pause_until`` while someone verifies the payment (a :class:`PaymentReceived` settles it)."""

    kind: Literal["payment_reported"] = "payment_reported"
    debt_id: str
    pause_until: date
    paid_on: date | None = None
    note: str | None = None


class PlanInstallment(Model):
    """One installment of an accepted payment plan: ``amount`` due on ``due_date``."""

    number: int = Field(ge=1)
    due_date: date
    amount: Money


class PaymentPlanAccepted(_Event):
    """The debtor accepted a payment plan covering ``debt_ids``: from now on reminders follow the
    plan's installments instead of the original cadence."""

    kind: Literal["payment_plan_accepted"] = "payment_plan_accepted"
    debtor_id: str
    plan_id: str = Field(min_length=1)
    debt_ids: tuple[str, ...] = Field(min_length=1)
    installments: tuple[PlanInstallment, ...] = Field(min_length=1)


class ConsentGranted(_Event):
    """Consent recorded for ``channel`` (``None``: every channel)."""

    kind: Literal["consent_granted"] = "consent_granted"
    debtor_id: str
    channel: ChannelKind | None
    source: str = Field(default="event", min_length=1)


class ConsentRevoked(_Event):
    """The debtor opted out of ``channel`` (``None``: every channel)."""

    kind: Literal["consent_revoked"] = "consent_revoked"
    debtor_id: str
    channel: ChannelKind | None

    @classmethod
    def from_opt_out(cls, error: OptedOutError, *, at: datetime) -> ConsentRevoked:
        """The fact behind a provider's opt-out error, observed at ``at`` (aware).

        >>> from datetime import UTC, datetime
        >>> from dunning import OptedOutError
        >>> stop = OptedOutError("STOP", channel="sms", debtor_id="c-1", provider_code=21610)
        >>> ConsentRevoked.from_opt_out(stop, at=datetime(2026, 11, 23, 12, tzinfo=UTC)).channel
        <ChannelKind.SMS: 'sms'>
        """
        if error.debtor_id is None or error.channel is None:
            raise InputError(
                "this opt-out does not say which debtor and channel it is about",
                field="debtor_id" if error.debtor_id is None else "channel",
            )
        return cls(at=at, debtor_id=error.debtor_id, channel=error.channel)


class DisputeOpened(_Event):
    """The debtor disputes the debt: collection pauses until it is closed."""

    kind: Literal["dispute_opened"] = "dispute_opened"
    debt_id: str
    reason: str | None = None


class DisputeClosed(_Event):
    """A dispute was resolved; collection may resume."""

    kind: Literal["dispute_closed"] = "dispute_closed"
    debt_id: str
    reason: str | None = None


class LegalActionStarted(_Event):
    """A collection suit was served or insolvency opened: extrajudicial collection stops."""

    kind: Literal["legal_action_started"] = "legal_action_started"
    debtor_id: str
    reason: str | None = None


class Hold(_Event):
    """Pause collection for a debtor (``debt_id=None``) or one of their debts, because
    ``reason``: every message that carries a held debt is skipped (``on_hold``) from ``at`` until
    the local date ``until`` (reminders resume that day; ``None``: until released), or until a
    :class:`HoldReleased` with the same ``hold_id``. ``source`` says who asked (an agent, the
    customer, a system). A later hold with the same id replaces the earlier one.

    >>> from datetime import UTC, date, datetime
    >>> hold = Hold(at=datetime(2026, 12, 1, 15, tzinfo=UTC), hold_id="h-1", debtor_id="c-1",
    ...             reason="customer travelling", until=date(2026, 12, 15), source="agent:jo")
    >>> hold.debt_id is None, hold.until
    (True, datetime.date(2026, 12, 15))
    """

    kind: Literal["hold"] = "hold"
    hold_id: str = Field(min_length=1)
    debtor_id: str
    debt_id: str | None = None
    reason: str = Field(min_length=1)
    until: date | None = None
    source: str = Field(default="event", min_length=1)


class HoldReleased(_Event):
    """The hold ``hold_id`` of ``debtor_id`` ends at ``at``: collection resumes."""

    kind: Literal["hold_released"] = "hold_released"
    hold_id: str = Field(min_length=1)
    debtor_id: str
    reason: str | None = None


class CallAttempted(_Event):
    """An agent placed a call (or made a visit) for task ``task_id``, with ``outcome``.

    Every attempt counts as a contact toward the caps (the prudent reading: lenders say only an
    answered call counts in Chile, the US counts calls placed); a ``right_party_contact`` is
    also a two-way contact (the conversation that starts the US 7-day pause and Colombia's
    daily limit). A promise or a dispute heard on the call is recorded with its own event
    (:class:`PromiseToPay`, :class:`DisputeOpened`).

    >>> from datetime import UTC, datetime
    >>> CallAttempted(at=datetime(2026, 11, 24, 15, tzinfo=UTC), task_id="msg_1",
    ...               debtor_id="c-1", outcome="no_answer").channel
    <ChannelKind.CALL: 'call'>
    """

    kind: Literal["call_attempted"] = "call_attempted"
    task_id: str = Field(min_length=1)
    debtor_id: str
    channel: ChannelKind = ChannelKind.CALL
    debt_ids: tuple[str, ...] = ()
    outcome: Literal["no_answer", "voicemail", "busy", "wrong_party", "right_party_contact"]
    agent: str | None = None
    note: str | None = None


class AgentHandoff(_Event):
    """The conversation was handed to a human agent."""

    kind: Literal["agent_handoff"] = "agent_handoff"
    debtor_id: str
    summary: str


class ComplaintReceived(_Event):
    """The debtor complained about the collection (to the creditor, a regulator or an
    ombudsman); ``channel`` is where it came in, when known."""

    kind: Literal["complaint_received"] = "complaint_received"
    debtor_id: str
    channel: ChannelKind | None = None
    text: str = ""


class ArmAssigned(_Event):
    """The debtor was assigned to ``arm`` of the experiment ``experiment`` (a stable hash
    decides; analyses join on this fact)."""

    kind: Literal["arm_assigned"] = "arm_assigned"
    debtor_id: str
    experiment: str = Field(min_length=1)
    arm: str = Field(min_length=1)


Event = Annotated[
    MessageSent
    | MessageDelivered
    | MessageRead
    | MessageFailed
    | ReplyReceived
    | PaymentReceived
    | ChargeApplied
    | PromiseToPay
    | PaymentReported
    | PaymentPlanAccepted
    | ConsentGranted
    | ConsentRevoked
    | DisputeOpened
    | DisputeClosed
    | LegalActionStarted
    | AgentHandoff
    | CallAttempted
    | Hold
    | HoldReleased
    | ComplaintReceived
    | ArmAssigned,
    Field(discriminator="kind"),
]
"""Any event: a union tagged by ``kind``, so ``pydantic.TypeAdapter(Event)`` picks the class from
the ``kind`` field in one step (``{"kind": "payment_received", ...}``)."""

_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(data: Mapping[str, Any], *, row: int | str | None = None) -> Event:
    """Build the right event from a mapping with a ``kind`` (as stored in a log or a CSV).

    Errors are ``dunning`` errors naming the field (and ``row`` when given).

    >>> event = parse_event({"kind": "dispute_opened", "at": "2026-11-20T15:00:00Z",
    ...                      "debt_id": "F-1"})
    >>> type(event).__name__, event.debt_id
    ('DisputeOpened', 'F-1')
    """
    try:
        event = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        error = translate(exc, "event")
        if row is not None and isinstance(error, InputError):
            raise type(error)(error.detail, field=error.field, value=error.value, row=row) from None
        raise error from None
    share_fields((event,))  # a log holds many: one set of field names per kind
    return event
