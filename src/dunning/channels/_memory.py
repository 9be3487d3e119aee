"""Channels that send nowhere: ``MemoryChannel`` for tests and dry runs, ``ConsoleChannel`` to read.

>>> channel = MemoryChannel("sms")
>>> channel.send(sample_message("sms")).status
'accepted'
>>> [m.id for m in channel.sent]
['m-sms-1']
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TextIO

from .._core._content import RenderedContent, WhatsAppPayload
from .._core._kinds import ChannelKind, Stage
from .._core._money import Money
from .._planning._plan import DebtLine, Message
from ._base import SendResult, check_message

__all__ = ["AsyncMemoryChannel", "ConsoleChannel", "MemoryChannel", "sample_message"]

Failure = BaseException | Sequence[BaseException | None]


class MemoryChannel:
    """A channel that keeps what it is given: the fake for tests and dry runs.

    ``sent`` lists the messages accepted, in order; ``attempts`` every call, failed ones too;
    ``results`` the ``SendResult`` of each accepted message (``provider_id`` ``memory-1``,
    ``memory-2``...). ``fail_with`` programs failures by message id: an exception is raised on
    every attempt; a list is consumed one item per attempt (``None`` lets that attempt through)
    and, once used up, the message goes through. A message without rendered content is refused
    with :class:`~dunning.PermanentError`, as the real channels refuse it, so a test cannot pass
    with a plan made without templates; ``allow_unrendered=True`` accepts it (a dry run of
    placement only). Safe to share between threads.

    >>> from dunning import RetryableError
    >>> flaky = MemoryChannel("whatsapp", fail_with={
    ...     "m-whatsapp-1": [RetryableError("throttled", retry_after=1.0)]})
    >>> flaky.send(sample_message("whatsapp"))
    Traceback (most recent call last):
    ...
    dunning.RetryableError: throttled
    >>> flaky.send(sample_message("whatsapp")).provider_id
    'memory-1'
    >>> len(flaky.attempts), len(flaky.sent)
    (2, 1)
    """

    def __init__(
        self,
        kind: ChannelKind | str,
        *,
        fail_with: Mapping[str, Failure] | None = None,
        allow_unrendered: bool = False,
    ) -> None:
        self._kind = ChannelKind(kind)
        self.allow_unrendered = allow_unrendered
        self.sent: list[Message] = []
        self.attempts: list[Message] = []
        self.results: list[SendResult] = []
        self._failures: dict[str, BaseException | list[BaseException | None]] = {
            key: value if isinstance(value, BaseException) else list(value)
            for key, value in (fail_with or {}).items()
        }
        self._lock = threading.Lock()

    @property
    def kind(self) -> ChannelKind:
        """The channel this fake stands for."""
        return self._kind

    def __repr__(self) -> str:
        return f"MemoryChannel({self._kind.value!r}, sent={len(self.sent)})"

    def send(self, message: Message) -> SendResult:
        """Record ``message`` and accept it, unless a failure is programmed for its id."""
        check_message(message, self._kind, content=not self.allow_unrendered)
        with self._lock:
            self.attempts.append(message)
            failure = self._failures.get(message.id)
            if isinstance(failure, list):
                failure = failure.pop(0) if failure else None
            if failure is not None:
                raise failure
            self.sent.append(message)
            result = SendResult(
                message_id=message.id,
                channel=self._kind,
                provider_id=f"memory-{len(self.sent)}",
                status="accepted",
            )
            self.results.append(result)
            return result


class AsyncMemoryChannel:
    """The asyncio twin of :class:`MemoryChannel` (same ``sent``, ``attempts``, ``fail_with``).

    >>> import asyncio
    >>> channel = AsyncMemoryChannel("email")
    >>> asyncio.run(channel.send(sample_message("email"))).provider_id
    'memory-1'
    """

    def __init__(
        self,
        kind: ChannelKind | str,
        *,
        fail_with: Mapping[str, Failure] | None = None,
        allow_unrendered: bool = False,
    ) -> None:
        self.inner = MemoryChannel(kind, fail_with=fail_with, allow_unrendered=allow_unrendered)

    @property
    def kind(self) -> ChannelKind:
        """The channel this fake stands for."""
        return self.inner.kind

    @property
    def sent(self) -> list[Message]:
        """Messages accepted, in order."""
        return self.inner.sent

    @property
    def attempts(self) -> list[Message]:
        """Every call, failed ones included."""
        return self.inner.attempts

    @property
    def results(self) -> list[SendResult]:
        """The result of each accepted message."""
        return self.inner.results

    def __repr__(self) -> str:
        return f"AsyncMemoryChannel({self.kind.value!r}, sent={len(self.sent)})"

    async def send(self, message: Message) -> SendResult:
        """Record ``message`` and accept it, unless a failure is programmed for its id."""
        return self.inner.send(message)


class ConsoleChannel:
    """Prints each message (a header line, then the text indented) instead of sending it.

    ``stream`` defaults to the ``sys.stdout`` of the moment of sending. A message without
    rendered content is refused like the real channels refuse it, unless ``allow_unrendered``.

    >>> ConsoleChannel("sms").send(sample_message("sms")).status
    [sms] m-sms-1 to +56961234567 (debtor c-1, stage due, 2026-11-23 09:00 America/Santiago)
        Tienda Sur: Hola Ana, hoy vence tu cuenta F-1001 por $45.000.
    'printed'
    """

    def __init__(
        self,
        kind: ChannelKind | str,
        stream: TextIO | None = None,
        *,
        allow_unrendered: bool = False,
    ) -> None:
        self._kind = ChannelKind(kind)
        self.stream = stream
        self.allow_unrendered = allow_unrendered

    @property
    def kind(self) -> ChannelKind:
        """The channel whose messages this prints."""
        return self._kind

    def __repr__(self) -> str:
        return f"ConsoleChannel({self._kind.value!r})"

    def send(self, message: Message) -> SendResult:
        """Print ``message`` and return a result with status ``"printed"``."""
        check_message(message, self._kind, content=not self.allow_unrendered)
        when = message.local_send_at.strftime("%Y-%m-%d %H:%M")
        lines = [
            f"[{message.channel.value}] {message.id} to {message.to} "
            f"(debtor {message.debtor_id}, stage {message.stage.value}, "
            f"{when} {message.timezone})"
        ]
        content = message.content
        if content is None:
            lines.append("    (no rendered content)")
        else:
            if content.subject:
                lines.append(f"    Subject: {content.subject}")
            lines.extend(f"    {line}" if line else "" for line in content.text.splitlines())
        print("\n".join(lines), file=self.stream or sys.stdout)
        return SendResult(
            message_id=message.id, channel=self._kind, provider_id=None, status="printed"
        )


def sample_message(channel: ChannelKind | str = ChannelKind.SMS) -> Message:
    """A small rendered message for examples: debtor ``c-1`` owes invoice F-1001 in Chile."""
    kind = ChannelKind(channel)
    text = "Tienda Sur: Hola Ana, hoy vence tu cuenta F-1001 por $45.000."
    content = RenderedContent(
        channel=kind,
        locale="es_CL",
        template=f"es/due.{kind.value}.j2",
        text=text,
        subject="Tu cuenta F-1001 vence hoy" if kind == ChannelKind.EMAIL else None,
        html=f"<p>{text}</p>" if kind == ChannelKind.EMAIL else None,
        whatsapp=(
            WhatsAppPayload(
                name="recordatorio_pago", language="es", parameters=("Ana", "F-1001", "$45.000")
            )
            if kind == ChannelKind.WHATSAPP
            else None
        ),
    )
    return Message(
        id=f"m-{kind.value}-1",
        debtor_id="c-1",
        debt_ids=("F-1001",),
        debts=(
            DebtLine(
                debt_id="F-1001",
                reference="F-1001",
                outstanding=Money(Decimal("45000"), "CLP"),
                due_date=date(2026, 11, 23),
                days_past_due=0,
            ),
        ),
        channel=kind,
        to="ana@example.cl" if kind == ChannelKind.EMAIL else "+56961234567",
        send_at=datetime(2026, 11, 23, 12, tzinfo=UTC),
        timezone="America/Santiago",
        local_date=date(2026, 11, 23),
        template="due",
        stage=Stage.DUE,
        segment=None,
        cadence="default",
        locale="es_CL",
        content=content,
    )
