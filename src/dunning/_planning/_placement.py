"""Placing the steps of one debtor: stops, channel choice, slots, merging (see _planner)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .._core._errors import CurrencyError, PortfolioError, TemplateError
from .._core._incentive import IncentiveOffer
from .._core._kinds import ChannelKind
from .._core._models import Debt, Debtor, DebtStatus
from .._core._money import Money
from .._core._timezones import local_datetime, start_of_day
from ..events import Event, PaymentPlanAccepted
from ..policy import Source, StopCondition, Violation
from ..policy._columns import EventColumns
from ..policy._contacts import Contact, DebtorLog
from ._charges import charges_gap
from ._commitments import (
    PAYMENT_PLAN_SOURCE,
    DebtFacts,
    FollowUp,
    follow_ups,
    plan_paid,
)
from ._occurrence import (
    PlanContext,
    _Draft,
    _message_id,
    _Occurrence,
    _primary,
    _step_days,
    rendered_gap,
)
from ._plan import ChargeLine, DebtLine, Message, Skip, SkipCode
from ._ports import Choice, Option
from ._stops import Holds, attorney_stop, channel_bar, debt_stop, legal_stop
from ._strategy import Cadence, SegmentContext, Stage

if TYPE_CHECKING:
    pass

__all__ = ["DebtFacts", "DebtorRun", "PlanContext"]

_TEN = time(10, 0)


class DebtorRun:
    """Plans one debtor. Holds the per-debtor state; discarded afterwards."""

    def __init__(
        self,
        ctx: PlanContext,
        debtor: Debtor,
        debts: list[Debt],
        events: Sequence[Event],
        facts: Mapping[str, DebtFacts],
        as_of: datetime,
        horizon_days: int,
        messages: list[Message],
        skipped: list[Skip],
        *,
        columns: EventColumns | None = None,
    ) -> None:
        self.p = ctx
        self.debtor = debtor
        self.debts = debts
        self.facts = facts
        self.as_of = as_of
        self.policy, self.cp = ctx.policy_for(debtor)
        self.zone = debtor.zone
        self.zones = debtor.zones
        self.d0 = as_of.astimezone(self.zone).date()
        self.d_end = self.d0 + timedelta(days=horizon_days - 1)
        self.lookback = ctx.lookback_days
        # Steps are placed (or replayed) from d0 - lookback on, and a cap reads contacts up to
        # its reach before the day it checks: older sent messages cannot change this plan, and
        # are not indexed.
        since = self.d0 - timedelta(days=self.lookback + self.cp.cap_reach_days + 1)
        self.log = DebtorLog.build(debtor, events, since=since, columns=columns)
        self.holds = Holds(self.log.holds)
        self.messages = messages
        self.skipped = skipped
        self.drafts: dict[date, _Draft] = {}
        self.moved_by_day: dict[date, list[int]] = {}
        self.planned: list[Contact] = []
        self.plan_paid: dict[tuple[str, datetime], Money] = {}
        self.registered: dict[tuple[str, str], date | datetime | None] = {}

    # -- occurrences ------------------------------------------------------------------------

    def run(self) -> None:
        occurrences: list[_Occurrence] = []
        late = sum(
            1
            for d in self.debts
            if d.paid_on is not None and d.due_date is not None and d.paid_on > d.due_date
        )
        for debt in self.debts:
            occurrences.extend(self._occurrences(debt, late))
        # A thank-you places last on its day: it yields the day to collection messages.
        occurrences.sort(
            key=lambda o: (o.day, o.stage is Stage.THANKS, -o.stage.rank, o.debt.id, o.index)
        )
        for occ in occurrences:
            self._place(occ)
        engine = self.p.templates
        render_days = self.p.render_days
        # Messages sent after the next run are planned again by it: they need no text yet.
        render_before = None if render_days is None else self.as_of + timedelta(days=render_days)
        for draft in sorted(self.drafts.values(), key=lambda d: d.day):
            message = self._message(draft)
            if engine is not None and (render_before is None or message.send_at < render_before):
                try:
                    # Paused like the rest of planning: a render makes no reference cycle
                    # (tests/templates checks), and a collection inside one would count
                    # against its CPU-time budget (TemplateLimits.max_seconds).
                    content = engine.render_message(message, self.debtor, self.p.creditor)
                except TemplateError as exc:
                    # One bad template must not fail the plan of a whole portfolio: the
                    # message is dropped, and each step it carried says why.
                    self._drop(
                        draft,
                        message,
                        SkipCode.TEMPLATE_ERROR,
                        f"not sent: message {message.id} cannot be rendered: {exc}",
                        None,
                    )
                    continue
                absent = rendered_gap(self.policy, self.p.creditor, content) or charges_gap(
                    self.policy, self.p.creditor, message, content
                )
                if absent is not None:
                    reason, source = absent
                    self._drop(
                        draft,
                        message,
                        SkipCode.MISSING_REQUIRED_CONTENT,
                        f"template {message.template!r} ({message.channel.value}) {reason}",
                        source,
                    )
                    continue
                message = Message._build(**{**message.__dict__, "content": content})
            self.messages.append(message)

    def _drop(
        self,
        draft: _Draft,
        message: Message,
        code: SkipCode,
        reason: str,
        source: Source | None,
    ) -> None:
        """A rendered message cannot be sent (no content, or not the content the law requires):
        skip its steps, and undo the moves that pointed at it."""
        for index in self.moved_by_day.get(draft.day, ()):
            moved = self.skipped[index]
            self.skipped[index] = Skip._build(
                **{**moved.__dict__, "moved_to": None, "message_id": None}
            )
        for occ in draft.occurrences:
            self._skip(occ, code, reason, source, channel=message.channel)

    def _skip(
        self,
        occ: _Occurrence | None,
        code: SkipCode,
        reason: str,
        source: Source | None,
        *,
        debt: Debt | None = None,
        on: date | None = None,
        channel: ChannelKind | None = None,
        moved_to: datetime | None = None,
        message_id: str | None = None,
    ) -> Skip:
        skip = Skip._build(
            debtor_id=self.debtor.id,
            debt_ids=(occ.debt.id,) if occ else ((debt.id,) if debt else ()),
            on=occ.day if occ else (on or self.d0),
            code=code,
            reason=reason,
            source=source,
            template=occ.template if occ else None,
            stage=occ.stage if occ else None,
            channel=channel,
            moved_to=moved_to,
            message_id=message_id,
        )
        if moved_to is not None and message_id is None:
            day = moved_to.astimezone(self.zone).date()
            self.moved_by_day.setdefault(day, []).append(len(self.skipped))
        self.skipped.append(skip)
        return skip

    def _occurrences(self, debt: Debt, late: int) -> list[_Occurrence]:
        thanks = self._thanks(debt)
        if thanks is not None and debt.status is DebtStatus.PAID:
            return [thanks]
        if debt.status is not DebtStatus.OPEN or debt.due_date is None:
            why = "has no due date" if debt.due_date is None else f"is {debt.status.value}"
            if debt.status is not DebtStatus.PAID:
                self._skip(
                    None,
                    SkipCode.NOT_COLLECTABLE,
                    f"debt {debt.id} {why}; never chased",
                    None,
                    debt=debt,
                )
            return []
        fact = self.facts.get(debt.id)
        outstanding = debt.balance
        if fact is not None and fact.paid is not None:
            if fact.paid.currency != outstanding.currency:
                raise PortfolioError(
                    f"payments for debt {debt.id!r} are in {fact.paid.currency} but the debt is "
                    f"in {outstanding.currency}",
                    field="amount",
                    value=fact.paid,
                )
            outstanding = outstanding - fact.paid
        due = debt.due_date
        first = self.d0 - timedelta(days=self.lookback)
        out: list[_Occurrence] = [thanks] if thanks is not None else []
        if fact is not None and self.p.follow_ups is not None:
            out.extend(self._follow_ups(debt, fact, outstanding, late, first))
        matched_any = False
        p = self.p
        if p.cadence is not None:
            runs: list[tuple[date, date, Cadence, str | None]] = [
                (first, self.d_end, p.cadence, None)
            ]
            matched_any = True
        else:
            runs = []
            day = first
            while day <= self.d_end:
                ctx = SegmentContext(self.debtor, debt, (day - due).days, outstanding, late, day)
                found = p.cadence_for(ctx)
                if found is not None:
                    matched_any = True
                    cadence, name = found
                    if (
                        runs
                        and runs[-1][2] is cadence
                        and runs[-1][3] == name
                        and runs[-1][1] == day - timedelta(days=1)
                    ):
                        runs[-1] = (runs[-1][0], day, cadence, name)
                    else:
                        runs.append((day, day, cadence, name))
                day += timedelta(days=1)
        for lo, hi, cadence, name in runs:
            lo_dpd, hi_dpd = (lo - due).days, (hi - due).days
            span_lo, span_hi = cadence.span
            if hi_dpd < span_lo or lo_dpd > span_hi:
                continue
            for index, step in enumerate(cadence.steps):
                for dpd in _step_days(step, lo_dpd, hi_dpd):
                    out.append(
                        _Occurrence(
                            debt,
                            due + timedelta(days=dpd),
                            dpd,
                            cadence,
                            name,
                            index,
                            step,
                            outstanding,
                            step.stage_on(dpd),
                            step.template_on(dpd),
                        )
                    )
        if not matched_any:
            self._skip(
                None,
                SkipCode.NO_SEGMENT,
                f"no segment matches debt {debt.id} in the horizon",
                None,
                debt=debt,
            )
        return out

    # -- thanks -----------------------------------------------------------------------------

    def _thanks(self, debt: Debt) -> _Occurrence | None:
        """The thank-you for ``debt`` when payments in history paid it in full: on the local
        date of the payment that completed it, if that date is in this plan's reach."""
        settings, make = self.p.thanks, self.p.thanks_step
        fact = self.facts.get(debt.id)
        if settings is None or make is None or fact is None or debt.due_date is None:
            return None
        if debt.status not in (DebtStatus.OPEN, DebtStatus.PAID):
            return None
        balance = debt.balance
        if balance.amount <= 0:
            return None
        if fact.currency is None:
            return None  # no payment
        if fact.currency != balance.currency:
            return None  # the cadence path reports the mixed currencies
        amounts = fact.paid_amounts
        try:
            paid = fact.paid
        except CurrencyError:  # a sum past Decimal's precision: the walk below decides
            paid = None
        # Without refunds (negative amounts) the running total only grows: it reaches the
        # balance at some payment only when all of them together do.
        if paid is not None and paid < balance and all(amount >= 0 for amount in amounts):
            return None
        running = Money.zero(balance.currency)
        completed: datetime | None = None
        for when, amount in sorted(zip(fact.paid_at, amounts, strict=True)):
            running = running + Money._build(amount=amount, currency=fact.currency)
            if running >= balance:
                completed = when
                break
        if completed is None:
            return None
        day = completed.astimezone(self.zone).date()
        if not self.d0 - timedelta(days=self.lookback) <= day <= self.d_end:
            return None
        at = settings.preferred_local_time
        if at is None:
            found = self.p.cadence_for(
                SegmentContext(
                    self.debtor, debt, (day - debt.due_date).days, Money.zero(balance.currency),
                    0, day,
                )
            )  # fmt: skip
            at = found[0].send_time if found is not None else _TEN
        cadence, step = make(at)
        return _Occurrence(
            debt, day, (day - debt.due_date).days, cadence, None, 0, step,
            Money.zero(balance.currency), Stage.THANKS, step.template_on(0), "thanks", None,
            f"thank-you: paid in full on {day}",
            day + timedelta(days=settings.within_days), completed,
        )  # fmt: skip

    # -- follow-ups -------------------------------------------------------------------------

    def _follow_ups(
        self, debt: Debt, fact: DebtFacts, outstanding: Money, late: int, first: date
    ) -> list[_Occurrence]:
        """Reminders and broken-promise notices for the promise or plan in force on ``debt``."""
        settings = self.p.follow_ups
        commitment = fact.commitment
        if settings is None or commitment is None:
            return []
        out: list[_Occurrence] = []
        for want in follow_ups(
            fact,
            settings,
            made_on=commitment.at.astimezone(self.zone).date(),
            paid=self._plan_paid(fact),
            first=first,
            today=self.d0,
            last=self.d_end,
        ):
            occ = self._follow_up(debt, outstanding, late, want)
            if want.decided:
                out.append(occ)
            elif want.day >= self.d0:
                plan = want.terms.plan_id is not None
                self._skip(
                    occ,
                    SkipCode.PAYMENT_PLAN if plan else SkipCode.PROMISE_ACTIVE,
                    f"{want.about}: whether it is kept is known after {want.terms.date}; a "
                    "plan made after that day decides on a broken-promise message",
                    PAYMENT_PLAN_SOURCE if plan else self.cp.stop_source(StopCondition.PROMISE),
                )
        return out

    def _follow_up(self, debt: Debt, outstanding: Money, late: int, want: FollowUp) -> _Occurrence:
        assert debt.due_date is not None
        settings = self.p.follow_ups
        assert settings is not None
        dpd = (want.day - debt.due_date).days
        at, segment = settings.preferred_local_time, None
        if at is None or self.p.cadence is None:
            # The send time (and segment) of the cadence that applies to the debt that day.
            found = self.p.cadence_for(
                SegmentContext(self.debtor, debt, dpd, outstanding, late, want.day)
            )
            if found is not None:
                segment = found[1]
                at = at or found[0].send_time
        cadence, step = self.p.follow_up_step(want.stage, at or _TEN)
        index = 0 if want.stage is Stage.PROMISE_REMINDER else 1
        return _Occurrence(
            debt, want.day, dpd, cadence, segment, index, step, outstanding, want.stage,
            want.stage.value, want.tag, want.terms, want.about,
            want.terms.date if want.stage is Stage.PROMISE_REMINDER else None,
        )  # fmt: skip

    def _plan_paid(self, fact: DebtFacts) -> Money | None:
        """Payments since the plan in force on a debt was accepted, over all its debts."""
        plan = fact.commitment
        if not isinstance(plan, PaymentPlanAccepted):
            return None
        key = (plan.plan_id, plan.at)
        paid = self.plan_paid.get(key)
        if paid is None:
            paid = self.plan_paid[key] = plan_paid(plan, self.facts)
        return paid

    # -- placement --------------------------------------------------------------------------

    def _stop(self, occ: _Occurrence) -> bool:
        """Apply the stop conditions (shared with the dispatchers); True when stopped."""
        fact = self.facts.get(occ.debt.id)
        stop = (
            legal_stop(self.log, self.as_of, self.cp)
            or attorney_stop(self.debtor, self.cp)
            or self.holds.stop(
                (occ.debt.id,), max(self.as_of, start_of_day(occ.day, self.zone)), self.zone
            )
        )
        if stop is None and occ.stage is not Stage.THANKS:  # a paid debt is why thanks go
            stop = debt_stop(
                fact,
                occ.debt.id,
                occ.outstanding.amount,
                occ.day,
                follow_up=occ.tag is not None,
                paid_on_plan=self._plan_paid(fact) if fact is not None else None,
                cp=self.cp,
            )
        if stop is None:
            return False
        if occ.day >= self.d0:
            self._skip(occ, stop.code, stop.reason, stop.source)
        return True

    def _choose_channel(
        self, occ: _Occurrence, at: datetime
    ) -> tuple[ChannelKind | None, list[tuple[ChannelKind, SkipCode, str, Source | None]]]:
        failures: list[tuple[ChannelKind, SkipCode, str, Source | None]] = []
        for channel in occ.step.channels:
            if self.debtor.address_for(channel) is None:
                failures.append(
                    (
                        channel,
                        SkipCode.NO_ADDRESS,
                        "no postal address for a visit (Debtor.address)"
                        if channel is ChannelKind.VISIT
                        else f"no {channel.value} address for the debtor",
                        None,
                    )
                )
                continue
            gap = self.p.content_gap(self.policy, channel)
            if gap is not None:
                failures.append((channel, SkipCode.MISSING_REQUIRED_CONTENT, gap[0], gap[1]))
                continue
            barred = self._barred(channel, at)
            if barred is not None:
                failures.append((channel, SkipCode(barred.code), barred.reason, barred.source))
                continue
            violation = self.cp.consent_violation(self.log, channel, at)
            if violation is not None:
                failures.append(
                    (channel, SkipCode(violation.code), violation.reason, violation.source)
                )
                continue
            return channel, failures
        return None, failures

    def _chosen(
        self,
        occ: _Occurrence,
        channel: ChannelKind,
        candidate: datetime,
        failures: list[tuple[ChannelKind, SkipCode, str, Source | None]],
    ) -> tuple[ChannelKind, datetime]:
        """The chooser's channel and instant for ``occ`` when it picked one of the options the
        policy allows on the step's day; otherwise the planner's own. Placement after this is
        unchanged (``_slot`` still finds the instant), so no answer can make a send unlawful."""
        assert self.p.chooser is not None
        lower = max(self.as_of, occ.not_before) if occ.not_before is not None else self.as_of
        earliest = max(candidate, lower)  # the planner's own instant, as offered
        failed = {c for c, *_ in failures}
        options: list[Option] = []
        for c in occ.step.channels:
            if c in failed or (
                c != channel
                and (
                    self.debtor.address_for(c) is None
                    or self.p.content_gap(self.policy, c) is not None
                    or self._barred(c, earliest) is not None
                    or self.cp.consent_violation(self.log, c, earliest) is not None
                )
            ):
                continue
            for lo, hi in self.cp.intervals(self.zones, occ.day, c):
                if hi > lower:
                    options.append(Option(c, max(lo, lower), hi))
        if not options:
            return channel, candidate
        answer = self.p.chooser.choose(
            Choice(
                self.debtor,
                occ.debt.id,
                occ.day,
                occ.dpd,
                occ.stage,
                occ.segment,
                tuple(options),
                channel,
                earliest,
            )
        )
        if answer is None or answer == (channel, earliest):
            return channel, candidate
        picked, at = answer
        if any(o.channel == picked and o.start <= at < o.end for o in options):
            return picked, at
        return channel, candidate

    def _barred(self, channel: ChannelKind, at: datetime) -> Violation | None:
        """A workplace ban or a do-not-contact register that closes ``channel`` at ``at``
        (shared with the dispatchers' send-time check)."""
        return channel_bar(
            self.p.registers, self.policy, self.cp, self.debtor, channel, at, self.registered
        )

    def _place(self, occ: _Occurrence) -> None:
        if self._stop(occ):
            return
        cadence, step = occ.cadence, occ.step
        preferred = step.preferred_local_time or cadence.send_time
        candidate = local_datetime(occ.day, preferred, self.zone)
        if occ.not_before is not None:
            candidate = max(candidate, occ.not_before)
        thanks = occ.stage is Stage.THANKS
        if thanks and self._thanked(occ):
            return
        in_horizon = occ.day >= self.d0
        channel, failures = self._choose_channel(occ, max(candidate, self.as_of))
        if channel is None:
            if in_horizon:
                first = failures[0]
                self._skip(
                    occ,
                    first[1],
                    "; ".join(f"{c.value}: {text}" for c, _, text, _ in failures),
                    first[3],
                    channel=first[0],
                )
            return
        chosen = None
        if self.p.chooser is not None and in_horizon:
            chosen = self._chosen(occ, channel, candidate, failures)
            if chosen == (channel, candidate):
                chosen = None
            else:
                channel, candidate = chosen
        explain = [
            f"debt {occ.debt.id}: {occ.about} ({occ.stage.value})"
            if occ.tag
            else f"debt {occ.debt.id}: {f'segment {occ.segment!r}, ' if occ.segment else ''}"
            f"cadence {cadence.name!r} step {occ.index} (day {occ.dpd:+d}, {occ.stage.value})"
        ] + [f"{c.value} not used: {text}" for c, _, text, _ in failures]
        if chosen is not None:
            explain.append(
                f"{channel.value} at {candidate.astimezone(self.zone):%H:%M} chosen by "
                f"{type(self.p.chooser).__name__} among the allowed options"
            )
        if len(self.zones) > 1:
            explain.append(
                f"time zone unknown: only times allowed in all of {', '.join(self.zones)}"
            )

        blocks: list[Violation] = []
        day = occ.day
        last = occ.day + timedelta(days=self.p.max_shift_days)
        if occ.deadline is not None:
            last = min(last, occ.deadline)
        catch_up = False
        while day <= last:
            if day > self.d_end:
                if in_horizon or catch_up:
                    block = _primary(blocks)
                    self._skip(
                        occ,
                        SkipCode(block.code) if block else SkipCode.BEYOND_HORIZON,
                        (f"{block.reason}; " if block else "")
                        + "no allowed slot inside the horizon: a later plan reconsiders it",
                        block.source if block else None,
                        channel=channel,
                    )
                return
            if day < self.d0:
                # A step from before this plan's horizon: replay whether it was held back past
                # its day (then it is still owed) or went out then (an earlier plan's business).
                lower = candidate if day == occ.day else start_of_day(day, self.zone)
                if thanks and self.log.sent_on(day) is not None:
                    day += timedelta(days=1)  # a thank-you never shares a day: it moved on
                    continue
                if self.log.sent_on(day) is not None or self._slot(
                    day, channel, lower, occ, blocks
                ):
                    if self._caught_up(occ):
                        catch_up = True
                        explain.append(f"caught up: its day {occ.day} passed without a message")
                        day = self.d0
                        last = max(last, self.d0 + timedelta(days=self.p.max_shift_days))
                        continue
                    return  # it belonged to an earlier plan
                day += timedelta(days=1)
                continue
            draft = self.drafts.get(day)
            sent = self.log.sent_on(day)
            if (thanks or (draft is not None and draft.lead.stage is Stage.THANKS)) and (
                draft is not None or sent is not None
            ):
                # A thank-you never merges with a collection message, nor shares its day.
                blocks.append(
                    Violation(
                        code=SkipCode.ALREADY_CONTACTED,
                        reason=f"another message goes to the debtor on {day}; a thank-you "
                        "never shares a day with a collection message",
                    )
                )
                day += timedelta(days=1)
                continue
            if draft is not None:
                self._merge(draft, occ, explain, blocks)
                return
            if sent is not None:
                self._skip(
                    occ,
                    SkipCode.ALREADY_CONTACTED,
                    f"message {sent.message_id} already went to the debtor on {day}; "
                    "one message per day",
                    None,
                    channel=channel,
                )
                return
            lower = self.as_of if day > occ.day or catch_up else max(candidate, self.as_of)
            if occ.not_before is not None:
                lower = max(lower, occ.not_before)
            slot = self._slot(day, channel, lower, occ, blocks)
            if slot is not None:
                self._new_draft(occ, day, slot, channel, candidate, explain, blocks)
                return
            day += timedelta(days=1)
        if in_horizon or catch_up:
            why = _primary(blocks)
            self._skip(
                occ,
                SkipCode(why.code) if why else SkipCode.OUTSIDE_HOURS,
                (
                    f"no allowed slot by {occ.deadline}, the date it reminds of"
                    if occ.deadline is not None
                    else f"no allowed slot within {self.p.max_shift_days} days"
                )
                + (f": {why.reason}" if why else ""),
                why.source if why else None,
                channel=channel,
            )

    def _thanked(self, occ: _Occurrence) -> bool:
        """Whether the thank-you ``occ`` already went out: a thank-you never merges, so its id
        on each day it may take is known, and history says whether one of them was sent."""
        assert occ.deadline is not None
        sent = {c.message_id for c in self.log.contacts if occ.day <= c.day <= occ.deadline}
        day = occ.day
        while day <= occ.deadline:
            if _message_id(self.debtor.id, day, (occ.debt.id,), [occ.key]) in sent:
                return True
            day += timedelta(days=1)
        return False

    def _caught_up(self, occ: _Occurrence) -> bool:
        if occ.cadence.catch_up_days <= 0 or occ.day < self.d0 - timedelta(
            days=occ.cadence.catch_up_days
        ):
            return False
        return not any(c.day >= occ.day for c in self.log.contacts)

    def _slot(
        self,
        day: date,
        channel: ChannelKind,
        lower: datetime,
        occ: _Occurrence,
        blocks: list[Violation],
    ) -> datetime | None:
        for lo, hi in self.cp.intervals(self.zones, day, channel):
            t = max(lo, lower)
            if t < hi:
                break
        else:
            at = max(lower, local_datetime(day, occ.cadence.send_time, self.zone))
            found = self.cp.time_violations(self.zones, at, channel)
            if not found:
                found = [
                    Violation(
                        code="outside_hours",
                        reason=f"the allowed hours on {day} are over by "
                        f"{lower.astimezone(self.zone):%H:%M}",
                    )
                ]
            blocks.extend(found)
            return None
        caps = self.cp.cap_violations(self.log, day, channel, (occ.debt.id,), self.planned)
        if caps:
            blocks.extend(caps)
            return None
        # Consent, legal action or a register entry may change between the step's day and the
        # slot found.
        late = (
            self.cp.legal_violation(self.log, t)
            or self.cp.consent_violation(self.log, channel, t)
            or self._barred(channel, t)
            or self._held(occ.debt.id, t, day)
        )
        if late is not None:
            blocks.append(late)
            return None
        return t

    def _held(self, debt_id: str, at: datetime, day: date) -> Violation | None:
        """A hold in force at ``at`` on the debt (a hold recorded for a later instant than the
        step's day, or one a moved step runs into). Days before the plan are an earlier plan's
        business: a step held then was skipped then, not owed now."""
        if day < self.d0 or not self.holds:
            return None
        stop = self.holds.stop((debt_id,), at, self.zone)
        if stop is None:
            return None
        return Violation(code=stop.code, reason=stop.reason, source=stop.source)

    def _new_draft(
        self,
        occ: _Occurrence,
        day: date,
        at: datetime,
        channel: ChannelKind,
        candidate: datetime,
        explain: list[str],
        blocks: list[Violation],
    ) -> None:
        contact = Contact(day, channel, (occ.debt.id,))
        self.planned.append(contact)
        draft = _Draft(day, at, channel, contact, [occ], occ, explain)
        self.drafts[day] = draft
        if blocks:
            block = blocks[0]
            explain.append(
                f"moved from {candidate.astimezone(self.zone):%Y-%m-%d %H:%M} "
                f"({block.code}: {block.reason})"
            )
            self._skip(
                occ,
                SkipCode(block.code),
                block.reason,
                block.source,
                channel=channel,
                moved_to=at,
                message_id=None,
            )
        elif at > candidate:
            explain.append(
                f"sent at {at.astimezone(self.zone):%H:%M}, after its preferred "
                f"{candidate.astimezone(self.zone):%H:%M}, as the plan starts later "
                "or the window opens later"
            )

    def _merge(
        self, draft: _Draft, occ: _Occurrence, explain: list[str], blocks: list[Violation]
    ) -> None:
        held = self.holds.stop((occ.debt.id,), draft.at, self.zone) if self.holds else None
        if held is not None:
            self._skip(
                occ,
                held.code,
                f"would merge into the message of {draft.day}, but {held.reason}",
                held.source,
                channel=draft.channel,
            )
            return
        if occ.debt.id not in draft.contact.debt_ids:
            others = [c for c in self.planned if c is not draft.contact]
            caps = self.cp.cap_violations(
                self.log, draft.day, draft.channel, (occ.debt.id,), others
            )
            if caps:
                cap = caps[0]
                self._skip(
                    occ,
                    SkipCode(cap.code),
                    f"would merge into the message of {draft.day}, but {cap.reason}",
                    cap.source,
                    channel=draft.channel,
                )
                return
            draft.contact.debt_ids = (*draft.contact.debt_ids, occ.debt.id)
        draft.occurrences.append(occ)
        if occ.stage.rank > draft.lead.stage.rank:
            draft.lead = occ
        draft.explain.extend(explain)
        draft.explain.append(f"merged into the message of {draft.day}")
        if blocks or occ.day != draft.day:
            why = blocks[0] if blocks else None
            self._skip(
                occ,
                SkipCode(why.code) if why else SkipCode.ALREADY_CONTACTED,
                (why.reason if why else "one message per day") + f"; merged into {draft.day}",
                why.source if why else None,
                channel=draft.channel,
                moved_to=draft.at,
            )

    # -- output -----------------------------------------------------------------------------

    def _message(self, draft: _Draft) -> Message:
        debt_ids = tuple(sorted({o.debt.id for o in draft.occurrences}))
        keys = sorted(o.key for o in draft.occurrences)
        message_id = _message_id(self.debtor.id, draft.day, debt_ids, keys)
        lines: dict[str, DebtLine] = {}
        for o in sorted(draft.occurrences, key=lambda o: o.debt.id):
            if o.debt.id in lines:
                continue
            assert o.debt.due_date is not None
            lines[o.debt.id] = DebtLine._build(
                debt_id=o.debt.id,
                reference=o.debt.reference,
                outstanding=o.outstanding,
                due_date=o.debt.due_date,
                days_past_due=(draft.day - o.debt.due_date).days,
                payment_url=o.debt.payment_url,
                charges=self._charges(o.debt.id, o.outstanding.currency, draft.explain),
            )
        lead = draft.lead
        for index in self.moved_by_day.get(draft.day, ()):
            moved = self.skipped[index]
            self.skipped[index] = Skip._build(**{**moved.__dict__, "message_id": message_id})
        to = self.debtor.address_for(draft.channel)
        assert to is not None
        grace = min(o.cadence.grace_days for o in draft.occurrences)
        offers = self._offers(draft, lines)
        return Message._build(
            id=message_id,
            debtor_id=self.debtor.id,
            debt_ids=debt_ids,
            debts=tuple(lines.values()),
            channel=draft.channel,
            to=to,
            send_at=draft.at,
            timezone=self.zones[0],
            local_date=draft.day,
            template=lead.template,
            stage=lead.stage,
            segment=lead.segment,
            cadence=lead.cadence.name,
            locale=self.debtor.locale or "en",
            content=None,
            explain=tuple(draft.explain),
            promise=lead.promise,
            # The strictest grace of the steps it carries: the lead's text must stay true.
            valid_until=start_of_day(draft.day + timedelta(days=1 + grace), self.zone),
            incentives=offers,
            coupon=(
                self.p.thanks.coupon
                if lead.stage is Stage.THANKS and self.p.thanks is not None
                else None
            ),
        )

    def _charges(self, debt_id: str, currency: str, explain: list[str]) -> tuple[ChargeLine, ...]:
        """The fees and interest applied to ``debt_id`` in history, once each: by id, and for
        interest by day (a charge whose period overlaps an earlier one's is left out, and
        ``explain`` says so)."""
        fact = self.facts.get(debt_id)
        if fact is None or not fact.charges:
            return ()
        out = []
        periods: list[tuple[date, date, str]] = []
        for event in sorted(fact.charges.values(), key=lambda e: (e.at, e.charge_id)):
            if event.amount.currency != currency:
                raise PortfolioError(
                    f"charge {event.charge_id!r} on debt {debt_id!r} is in "
                    f"{event.amount.currency}, the debt in {currency}",
                    field="amount",
                    value=event.amount,
                )
            if event.start is not None and event.end is not None:
                clash = next((p for p in periods if event.start < p[1] and p[0] < event.end), None)
                if clash is not None:
                    explain.append(
                        f"charge {event.charge_id} not counted: its days {event.start} to "
                        f"{event.end} overlap charge {clash[2]}'s (charged once)"
                    )
                    continue
                periods.append((event.start, event.end, event.charge_id))
            if event.amount.amount > 0:
                out.append(
                    ChargeLine(
                        id=event.charge_id,
                        kind=event.charge,
                        amount=event.amount,
                        description=event.description,
                    )
                )
        return tuple(sorted(out, key=lambda c: c.id))

    def _offers(self, draft: _Draft, lines: dict[str, DebtLine]) -> tuple[IncentiveOffer, ...]:
        """The incentives of the steps a message carries, one per debt (the first step's),
        while they still hold on the message's day and take something off."""
        offers: dict[str, IncentiveOffer] = {}
        for o in sorted(draft.occurrences, key=lambda o: o.key):
            terms = o.step.incentive
            if terms is None or o.debt.id in offers or o.debt.due_date is None:
                continue
            offer = terms.offer(
                debt_id=o.debt.id,
                due_date=o.debt.due_date,
                outstanding=lines[o.debt.id].outstanding,
            )
            if offer.until < draft.day:
                draft.explain.append(f"incentive for {o.debt.id} ended {offer.until}: not shown")
            elif offer.discount:
                offers[o.debt.id] = offer
        return tuple(offers[k] for k in sorted(offers))
