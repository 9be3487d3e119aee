"""The ports the planning and dispatch layers speak through; adapters implement them.

* :class:`Channel` / :class:`AsyncChannel` hand one message to a provider and answer a
  :class:`SendResult` (``dunning.channels`` has the adapters);
* :class:`Renderer` turns a planned message into its content (``dunning.templates.TemplateEngine``
  is one), so the planner can fill ``Message.content`` without importing the template layer;
* :class:`Chooser` picks a step's channel and send instant among the :class:`Option` values the
  debtor's policy allows (``dunning.optimize.Optimizer`` is one); the planner still places the
  message itself, so what a chooser answers can never make a message unlawful.

They live here rather than in ``_core`` because they speak in :class:`Message`, a plan value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from pydantic import Field

from .._core._base import Model
from .._core._content import RenderedContent
from .._core._kinds import ChannelKind, Stage
from .._core._models import Creditor, Debtor
from ._plan import Message

__all__ = ["AsyncChannel", "Channel", "Choice", "Chooser", "Option", "Renderer", "SendResult"]


class SendResult(Model):
    """What a provider said when it took a message.

    ``provider_id`` is the provider's id for the message (WhatsApp's ``wamid``, Twilio's ``SM...``
    sid, the e-mail ``Message-ID``); status callbacks refer to it. ``status`` is the provider's
    first status (``"accepted"``, ``"queued"``...): accepted, not delivered. ``raw`` is the
    provider's answer kept for audit, with credentials redacted.

    >>> result = SendResult(message_id="m-1", channel="sms", provider_id="SM123", status="queued")
    >>> result.channel, result.provider_id, result.raw
    (<ChannelKind.SMS: 'sms'>, 'SM123', {})
    """

    message_id: str
    channel: ChannelKind
    provider_id: str | None
    status: str
    raw: dict[str, Any] = Field(default_factory=dict, repr=False)


@runtime_checkable
class Channel(Protocol):
    """A way to hand one message to a provider, blocking until the provider answers.

    ``send`` returns a :class:`SendResult` or raises a :class:`~dunning.RetryableError` or a
    :class:`~dunning.PermanentError` (or one of its subclasses). Anything with a ``kind`` and a
    ``send`` method of this shape is a channel; no base class is needed.
    """

    @property
    def kind(self) -> ChannelKind:
        """The channel this adapter sends on."""
        ...

    def send(self, message: Message) -> SendResult:
        """Hand ``message`` to the provider."""
        ...


@runtime_checkable
class AsyncChannel(Protocol):
    """The asyncio twin of :class:`Channel`: ``await channel.send(message)``."""

    @property
    def kind(self) -> ChannelKind:
        """The channel this adapter sends on."""
        ...

    async def send(self, message: Message) -> SendResult:
        """Hand ``message`` to the provider."""
        ...


@runtime_checkable
class Renderer(Protocol):
    """Renders a planned message for its debtor and creditor.

    ``Planner(templates=...)`` takes any object with this method; a :class:`~dunning.TemplateError`
    it raises drops that message and its steps say why.
    """

    def render_message(
        self, message: Message, debtor: Debtor, creditor: Creditor
    ) -> RenderedContent:
        """The content of ``message`` (text, e-mail subject and HTML, WhatsApp template)."""
        ...


@dataclass(frozen=True, slots=True)
class Option:
    """One lawful way to send a step: on ``channel``, at any instant from ``start`` (included) to
    ``end`` (excluded), aware instants the debtor's policy allows on the step's local day."""

    channel: ChannelKind
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Choice:
    """What a :class:`Chooser` is asked for one step of one debtor.

    ``options`` lists, for every channel of the step the debtor can be reached on (address,
    consent, no bar), the spans of the step's local ``day`` the policy allows, from the plan's
    start on; ``channel`` and ``at`` are what the planner would use without a chooser.
    """

    debtor: Debtor
    debt_id: str
    day: date
    days_past_due: int
    stage: Stage
    segment: str | None
    options: tuple[Option, ...]
    channel: ChannelKind
    at: datetime


@runtime_checkable
class Chooser(Protocol):
    """Picks a step's channel and send instant: ``Planner(chooser=...)``.

    ``choose`` answers ``(channel, at)`` inside one of ``choice.options``, or ``None`` for the
    planner's own choice. An answer outside the options is ignored (the planner's choice
    stands), and whatever the answer, the planner places the message only where the policy
    allows it: a chooser steers, it cannot break a rule.
    """

    def choose(self, choice: Choice) -> tuple[ChannelKind, datetime] | None:
        """The channel and instant to send the step at, or ``None``."""
        ...
