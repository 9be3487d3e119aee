"""Small vocabularies every layer speaks: the channel kinds and the collection stages."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ALL_CHANNELS", "VOICE", "WRITTEN", "ChannelKind", "SkipCode", "Stage"]


class ChannelKind(StrEnum):
    """A way of reaching a debtor. Strings work wherever a kind is expected (``"whatsapp"``)."""

    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    CALL = "call"
    VISIT = "visit"
    LETTER = "letter"

    @property
    def is_voice(self) -> bool:
        """Calls and visits: the channels most contact laws name explicitly."""
        return self in (ChannelKind.CALL, ChannelKind.VISIT)

    @property
    def is_written(self) -> bool:
        """SMS, WhatsApp, e-mail and letters."""
        return not self.is_voice


VOICE = frozenset({ChannelKind.CALL, ChannelKind.VISIT})
WRITTEN = frozenset({ChannelKind.SMS, ChannelKind.WHATSAPP, ChannelKind.EMAIL, ChannelKind.LETTER})
ALL_CHANNELS = VOICE | WRITTEN


class Stage(StrEnum):
    """Where a debt is in its life; picks the tone and template of a message."""

    PRE_DUE = "pre_due"
    DUE = "due"
    EARLY = "early"
    MID = "mid"
    LATE = "late"
    SEVERE = "severe"
    PROMISE_REMINDER = "promise_reminder"
    BROKEN_PROMISE = "broken_promise"
    THANKS = "thanks"

    @classmethod
    def for_days_past_due(cls, days: int) -> Stage:
        """The collection stage for ``days`` past due (negative: before the due date).

        >>> [Stage.for_days_past_due(d).value for d in (-3, 0, 1, 31, 61, 91)]
        ['pre_due', 'due', 'early', 'mid', 'late', 'severe']
        """
        if days < 0:
            return cls.PRE_DUE
        if days == 0:
            return cls.DUE
        if days <= 30:
            return cls.EARLY
        if days <= 60:
            return cls.MID
        if days <= 90:
            return cls.LATE
        return cls.SEVERE

    @property
    def rank(self) -> int:
        """Order of escalation: when steps merge into one message, the higher rank wins."""
        return _RANK[self]


_RANK = {stage: i for i, stage in enumerate(Stage)}


class SkipCode(StrEnum):
    """Machine-readable reasons for a step that was not sent, or was moved.

    One vocabulary for the planner's skips and the policy's violations (``Violation.code``).
    """

    NO_CONSENT = "no_consent"
    NO_ADDRESS = "no_address"
    OPTED_OUT = "opted_out"
    HOLIDAY = "holiday"
    CLOSED_DAY = "closed_day"
    OUTSIDE_HOURS = "outside_hours"
    QUIET_PERIOD = "quiet_period"
    CAP_REACHED = "cap_reached"
    MIN_GAP = "min_gap"
    ALREADY_CONTACTED = "already_contacted"
    PAID = "paid"
    PROMISE_ACTIVE = "promise_active"
    PAYMENT_REPORTED = "payment_reported"
    PAYMENT_PLAN = "payment_plan"
    DISPUTED = "disputed"
    LEGAL_ACTION = "legal_action"
    ON_HOLD = "on_hold"
    NOT_COLLECTABLE = "not_collectable"
    NO_SEGMENT = "no_segment"
    BEYOND_HORIZON = "beyond_horizon"
    TEMPLATE_ERROR = "template_error"
    MISSING_REQUIRED_CONTENT = "missing_required_content"
    SUPPRESSED = "suppressed"
    REGISTER_UNCHECKED = "register_unchecked"
    ATTORNEY = "attorney_represented"
    WORKPLACE = "workplace"
