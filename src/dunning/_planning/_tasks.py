"""Calls as agent tasks: the planned ``call`` messages of a plan, as a work queue for people.

The planner places a call step exactly like a written one (channel choice, consent, the call
windows, the call caps, holds and stops); a call is made by an agent, not a provider, so
:func:`agent_tasks` turns those messages into :class:`AgentTask` rows: when the call may be
made (the allowed window of that day, never past the message's validity), ordered by priority.
The agent's outcome comes back as a :class:`~dunning.events.CallAttempted` event, which counts
toward the caps (and, answered, as a two-way contact) in the next plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from .._core._base import Model
from .._core._errors import PortfolioError
from .._core._kinds import VOICE, ChannelKind, Stage
from .._core._models import Debtor
from ._plan import Message, Plan
from ._planner import Planner

__all__ = ["AgentTask", "agent_tasks", "written_messages"]


class AgentTask(Model):
    """One call for an agent to make: to ``to`` between ``not_before`` and ``not_after`` (the
    allowed window of the planned day; the debtor's local day is ``local_date``), about
    ``debt_ids``. ``id`` is the planned message's id (the ``task_id`` of its
    :class:`~dunning.events.CallAttempted`); ``priority`` orders the queue (0 first)."""

    id: str
    priority: int
    debtor_id: str
    debtor_name: str
    channel: ChannelKind
    to: str
    not_before: datetime
    not_after: datetime
    timezone: str
    local_date: str
    debt_ids: tuple[str, ...]
    outstanding: str
    stage: Stage
    explain: tuple[str, ...]


def written_messages(plan: Plan | Iterable[Message]) -> tuple[Message, ...]:
    """The messages a provider sends (everything but calls and visits): give these to a
    dispatcher, and :func:`agent_tasks` of the same plan to the agents.

    >>> from dunning.channels._memory import sample_message
    >>> sms = sample_message("sms")
    >>> call = sms.model_copy(update={"id": "c", "channel": ChannelKind.CALL})
    >>> [m.id for m in written_messages([sms, call])] == [sms.id]
    True
    """
    return tuple(m for m in plan if m.channel not in VOICE)


def agent_tasks(
    plan: Plan | Iterable[Message], planner: Planner, debtors: Iterable[Debtor]
) -> tuple[AgentTask, ...]:
    """The calls and visits of ``plan`` as a work queue, most urgent first: by planned instant,
    then by stage (later stages first), then by amount owed (larger first), then by id.

    Each task's window is the allowed interval of the debtor's policy (``planner``'s) that
    contains the planned instant, cut at the message's validity: a call made inside it keeps
    the hours the plan was checked against.

    >>> from datetime import date, datetime, timezone
    >>> from dunning import Cadence, Creditor, Debt, Debtor, Money, Planner, Step
    >>> planner = Planner(Cadence("calls", [Step(5, channels=["call"])]),
    ...                   creditor=Creditor(name="Tienda Sur"))
    >>> ana = Debtor(id="c-1", name="Ana", country="MX", phone="+525512345678",
    ...              timezone="America/Mexico_City")
    >>> debt = Debt(id="inv-1", debtor_id="c-1", amount=Money("3000", "MXN"),
    ...             due_date=date(2026, 11, 18))
    >>> plan = planner.plan([ana], [debt], as_of=datetime(2026, 11, 23, 12, tzinfo=timezone.utc))
    >>> [(t.to, t.not_before.isoformat(), t.not_after.isoformat()) for t in agent_tasks(
    ...     plan, planner, [ana])]
    [('+525512345678', '2026-11-23T16:00:00+00:00', '2026-11-24T04:00:00+00:00')]
    """
    by_id = {d.id: d for d in debtors}
    rows: list[tuple[tuple[object, ...], Message, datetime, datetime, Decimal, Debtor]] = []
    for message in plan:
        if message.channel not in VOICE:
            continue
        debtor = by_id.get(message.debtor_id)
        if debtor is None:
            raise PortfolioError(
                f"debtor {message.debtor_id!r} of call {message.id!r} was not given",
                field="debtors",
                value=message.debtor_id,
            )
        _, cp = planner._policy(debtor)
        start, end = message.send_at, message.send_at
        for lo, hi in cp.intervals(debtor.zones, message.local_date, message.channel):
            if lo <= message.send_at < hi:
                start, end = message.send_at, min(hi, message.expires_at)
                break
        else:
            continue  # never: the planner placed it in an allowed interval
        owed = sum((line.outstanding.amount for line in message.debts), Decimal(0))
        key = (message.send_at, -message.stage.rank, -owed, message.id)
        rows.append((key, message, start, end, owed, debtor))
    rows.sort(key=lambda row: row[0])
    currency = {m.id: (m.debts[0].outstanding.currency if m.debts else "") for _, m, *_ in rows}
    return tuple(
        AgentTask(
            id=message.id,
            priority=index,
            debtor_id=message.debtor_id,
            debtor_name=debtor.name,
            channel=message.channel,
            to=message.to,
            not_before=start,
            not_after=end,
            timezone=message.timezone,
            local_date=message.local_date.isoformat(),
            debt_ids=message.debt_ids,
            outstanding=f"{owed} {currency[message.id]}".strip(),
            stage=message.stage,
            explain=message.explain,
        )
        for index, (_, message, start, end, owed, debtor) in enumerate(rows)
    )
