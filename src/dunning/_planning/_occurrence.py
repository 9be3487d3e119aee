"""What one debtor's run works with: its frozen context, step occurrences, drafts of messages,
and the small pure helpers placement uses (message ids, rendered-content gaps)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from .._core._content import RenderedContent
from .._core._kinds import ChannelKind
from .._core._models import Creditor, Debt, Debtor
from .._core._money import Money
from ..policy import ContactPolicy, Source, SuppressionList, Violation
from ..policy._contacts import Contact
from ._plan import PromiseTerms
from ._strategy import Cadence, FollowUps, SegmentContext, Stage, Step, Thanks

if TYPE_CHECKING:
    from ..policy._compiled import CompiledPolicy
    from ._ports import Chooser, Renderer

__all__ = ["PlanContext", "rendered_gap"]

_TEN = time(10, 0)


@dataclass(frozen=True, slots=True)
class PlanContext:
    """What a debtor's run reads from its planner, frozen once when the planner is built.

    The run never sees the planner itself: only this explicit, immutable context, so nothing a
    run does can depend on planner state that changes between debtors.
    """

    creditor: Creditor
    cadence: Cadence | None
    """The one cadence for everybody, or ``None`` when segments pick one per debt and day."""
    cadence_for: Callable[[SegmentContext], tuple[Cadence, str | None] | None]
    follow_ups: FollowUps | None
    follow_up_step: Callable[[Stage, time], tuple[Cadence, Step]]
    max_shift_days: int
    lookback_days: int
    """How far before ``as_of`` held-back or caught-up steps are looked for."""
    templates: Renderer | None
    registers: Mapping[str, SuppressionList]
    policy_for: Callable[[Debtor], tuple[ContactPolicy, CompiledPolicy]]
    content_gap: Callable[[ContactPolicy, ChannelKind], tuple[str, Source] | None]
    thanks: Thanks | None = None
    """The thank-you after payment in full, or ``None`` (none is sent)."""
    thanks_step: Callable[[time], tuple[Cadence, Step]] | None = None
    chooser: Chooser | None = None
    """Picks the channel and instant of each step inside the horizon among the allowed ones
    (``Planner(chooser=...)``), or ``None``: the step's channel order and preferred time."""
    render_days: int | None = None
    """Render only messages sent within this many days of ``as_of`` (``None``: every one)."""


@dataclass(slots=True)
class _Occurrence:
    debt: Debt
    day: date
    dpd: int
    cadence: Cadence
    segment: str | None
    index: int
    step: Step
    outstanding: Money
    stage: Stage
    template: str
    # Follow-ups only: the event they follow (hashed into the message id) and what it promised.
    tag: str | None = None
    promise: PromiseTerms | None = None
    about: str = ""
    deadline: date | None = None  # a reminder never moves past the date it reminds of
    not_before: datetime | None = None  # a thank-you never goes before the payment it thanks

    @property
    def key(self) -> str:
        if self.tag is not None:
            return f"{self.debt.id}:{self.tag}:{self.day.isoformat()}"
        return f"{self.debt.id}:{self.cadence.name}:{self.index}:{self.day.isoformat()}"


@dataclass(slots=True)
class _Draft:
    day: date
    at: datetime
    channel: ChannelKind
    contact: Contact
    occurrences: list[_Occurrence]
    lead: _Occurrence
    explain: list[str] = field(default_factory=list)


def _message_id(debtor_id: str, day: date, debt_ids: tuple[str, ...], keys: list[str]) -> str:
    digest = hashlib.sha256(
        "|".join([debtor_id, day.isoformat(), *debt_ids, *keys]).encode()
    ).hexdigest()[:24]
    return f"msg_{digest}"


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def rendered_gap(
    policy: ContactPolicy, creditor: Creditor, content: RenderedContent
) -> tuple[str, Source] | None:
    """``(reason, source)`` when rendered ``content`` lacks creditor data a content rule of
    ``policy`` requires on its channel (the value itself must appear in the message)."""
    whole = _plain(" ".join(t for t in (content.subject, content.text, content.html) if t))
    for rule in policy.content:
        if content.channel not in rule.channels or not rule.applies_to(creditor):
            continue
        absent = [
            f
            for f in rule.creditor_fields
            if (value := getattr(creditor, f, None)) and _plain(str(value)) not in whole
        ]
        if absent:
            return (
                f"does not show the creditor's {', '.join(absent)}: {rule.description} is "
                f"required by {rule.source.citation}",
                rule.source,
            )
    return None


_LASTING = (
    "legal_action",
    "on_hold",
    "opted_out",
    "no_consent",
    "suppressed",
    "workplace",
    "register_unchecked",
)


def _primary(blocks: list[Violation]) -> Violation | None:
    """The reason to report for a step that found no slot: one that lasts (legal action, an
    opt-out, missing consent) explains it better than the closed day it started on."""
    for block in blocks:
        if block.code in _LASTING:
            return block
    return blocks[0] if blocks else None


def _step_days(step: Step, lo: int, hi: int) -> list[int]:
    """Days past due in ``[lo, hi]`` on which ``step`` falls (arithmetic twin of rrule)."""
    start = step.offset_days
    end = min(hi, step.last_offset)
    if step.repeat_every_days is None:
        return [start] if lo <= start <= hi else []
    every = step.repeat_every_days
    if lo > start:
        start += -(-(lo - start) // every) * every
    return list(range(start, end + 1, every))
