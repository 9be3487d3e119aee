"""The planner: a pure function from portfolio, history and strategy to a compliant plan.

For each debtor (in id order) it lists the step occurrences of every open debt inside the
horizon (and a few days before it, for steps that were held back and may still be owed), drops
those a stop condition covers, picks a channel by preference (address, consent, opt-out), then
places each one at the first instant the debtor's policy allows, on a day without another
message. Steps falling on the same local day merge into one message. Nothing here reads a clock
or does I/O; ``as_of`` is an argument.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from itertools import islice
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from .._core import _collector as collector
from .._core._errors import CurrencyError, InputError, PortfolioError
from .._core._kinds import ChannelKind, SkipCode
from .._core._models import Creditor, Debt, Debtor
from ._commitments import DebtEvent, add_debt_event, add_paid, add_plan
from ._compact import compact_events, cut_for
from ._groups import (
    DEBT,
    DEBTOR,
    IGNORED,
    OTHER,
    PLAN,
    ROLES,
    DebtorGroup,
    index_portfolio,
    role_of,
)
from ._placement import DebtFacts, DebtorRun, PlanContext

if TYPE_CHECKING:
    from ._ports import Chooser, Renderer
from .._core._timezones import UTC, ensure_aware
from ..events import Event
from ..policy import PLATFORM_RULES, Basis, ContactPolicy, Source, SuppressionList, for_debtor
from ..policy._columns import EventColumns
from ..policy._compiled import CompiledPolicy, compiled
from ._plan import Message, Plan, Skip
from ._strategy import Cadence, FollowUps, Segment, SegmentContext, Stage, Step, Thanks

__all__ = ["MAX_CHUNK_SIZE", "MAX_HORIZON_DAYS", "MAX_SHIFT_DAYS", "Planner"]

_DEFAULT_FOLLOW_UPS = FollowUps()
EXTRA_HOLIDAYS_SOURCE = Source(
    citation="operator-supplied holidays for the debtor (Planner extra_holidays)",
    basis=Basis.HOUSE,
    note="municipal holidays, one-off decrees, election days the holidays package lacks",
)


class _Keep:
    """The "leave it as it is" default of :meth:`Planner.replace`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<keep>"


_KEEP: Final = _Keep()

#: The longest horizon one plan covers (ten years): longer runs are a loop over plans.
MAX_HORIZON_DAYS = 3660
#: The farthest a held-back step may move (a quarter of a year).
MAX_SHIFT_DAYS = 92
#: The most debtor groups one streamed chunk may hold.
MAX_CHUNK_SIZE = 1_000_000


def _check_int(value: object, field: str, low: int, high: int, *, none: bool = False) -> None:
    """Refuse ``value`` unless it is an integer (not a bool) from ``low`` to ``high`` (or, with
    ``none``, ``None``)."""
    if none and value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InputError(
            f"{field} must be {'None or ' if none else ''}an integer from {low} to {high}",
            field=field,
            value=value,
        )


def _checked_run(as_of: datetime, horizon_days: int) -> datetime:
    """``as_of`` in UTC, once ``as_of`` and ``horizon_days`` are checked."""
    ensure_aware(as_of, "as_of")
    _check_int(horizon_days, "horizon_days", 1, MAX_HORIZON_DAYS)
    return as_of.astimezone(UTC)


def _checked_group(
    group: object, row: int, previous: str | None
) -> tuple[Debtor, list[Debt], Sequence[Event], dict[str, DebtFacts], EventColumns | None]:
    """A streamed group's debtor, debts (in id order), debtor events, per-debt facts and the
    history's columns (when the group holds them: then the events leave out what they hold),
    read the way :meth:`Planner.plan` reads a whole portfolio; ``row`` is the group's
    position."""
    if not isinstance(group, DebtorGroup):
        raise PortfolioError("not a DebtorGroup", row=row, field="groups", value=group)
    debtor = group.debtor
    if not isinstance(debtor, Debtor):
        raise PortfolioError("not a Debtor", row=row, field="debtor", value=debtor)
    if previous is not None and debtor.id <= previous:
        raise PortfolioError(
            f"debtor {debtor.id!r} comes after {previous!r}: groups must be in strictly "
            "increasing debtor id order (one group per debtor)",
            row=row,
            field="debtor",
            value=debtor.id,
        )
    owner: dict[str, str] = {}
    debts: list[Debt] = []
    for debt in group.debts:
        if not isinstance(debt, Debt):
            raise PortfolioError("not a Debt", row=row, field="debts", value=debt)
        if debt.debtor_id != debtor.id:
            raise PortfolioError(
                f"debt {debt.id!r} of debtor {debt.debtor_id!r} is in the group of {debtor.id!r}",
                row=row,
                field="debtor_id",
                value=debt.debtor_id,
            )
        if debt.id in owner:
            raise PortfolioError(
                f"duplicate debt id {debt.id!r} in the group of {debtor.id!r}",
                row=row,
                field="id",
                value=debt.id,
            )
        owner[debt.id] = debtor.id
        debts.append(debt)
    debts.sort(key=lambda d: d.id)
    facts: dict[str, DebtFacts] = {}
    routed = group._routed
    if routed is not None:
        # Cut by debtor_groups, which checked each event's debtor or debt against these very
        # debts (the group is frozen): only the facts are left to gather.
        for fact_event in routed.debt:
            add_debt_event(facts, fact_event, row)
        if routed.columns is not None:
            add_paid(facts, routed.columns.paid, row)
        for accepted in routed.plans:
            add_plan(facts, accepted, row, owner)
        return debtor, debts, routed.debtor, facts, routed.columns
    events: list[Event] = []
    keep = events.append
    me = debtor.id
    roles = ROLES
    for event in group.events:
        role = roles.get(type(event)) or role_of(type(event))
        if role is IGNORED:
            continue
        # The role is the isinstance check, made once per class: the annotations say what it
        # proved (a cast is a call per event).
        if role is DEBT:
            about: DebtEvent = event  # type: ignore[assignment]
            if about.debt_id not in owner:
                raise PortfolioError(
                    f"an event about debt {about.debt_id!r}, which is not in the group of "
                    f"{debtor.id!r}",
                    row=row,
                    field="events",
                    value=event,
                )
            add_debt_event(facts, about, row)
            continue
        if role is OTHER:
            raise PortfolioError("not a dunning event", row=row, field="events", value=event)
        debtor_id: str = event.debtor_id  # type: ignore[union-attr]  # debtor events, plans
        if debtor_id != me:
            raise PortfolioError(
                f"an event about debtor {debtor_id!r} in the group of {debtor.id!r}",
                row=row,
                field="events",
                value=event,
            )
        if role is PLAN:
            add_plan(facts, event, row, owner)  # type: ignore[arg-type]
        else:
            keep(event)
    return debtor, debts, events, facts, None


def _index_history(
    history: Iterable[Event], owner: Mapping[str, str]
) -> tuple[dict[str, list[Event]], dict[str, DebtFacts]]:
    """A whole portfolio's history, read the way :func:`_checked_group` reads a group's: each
    debtor's events (by debtor id) and per-debt facts (debts that ``owner`` knows)."""
    events_of: dict[str, list[Event]] = defaultdict(list)
    facts: dict[str, DebtFacts] = {}
    roles = ROLES
    for row, event in enumerate(history):
        # The role is the isinstance check, made once per class (as in _checked_group).
        role = roles.get(type(event)) or role_of(type(event))
        if role is DEBTOR:
            events_of[event.debtor_id].append(event)  # type: ignore[union-attr]
        elif role is DEBT:
            about: DebtEvent = event  # type: ignore[assignment]
            if about.debt_id in owner:
                add_debt_event(facts, about, row)
        elif role is PLAN:
            add_plan(facts, event, row, owner)  # type: ignore[arg-type]
        elif role is OTHER:
            raise PortfolioError("not a dunning event", row=row, field="history", value=event)
        # IGNORED: facts for analyses; they change no plan
    return events_of, facts


def _restore(strategy: Cadence | Sequence[Segment], options: dict[str, Any]) -> Planner:
    """A planner rebuilt from its pickled settings."""
    return Planner(strategy, **options)


class Planner:
    """Plans reminders that respect each debtor's contact policy.

    * ``strategy``: one :class:`Cadence` for everybody, or a list of :class:`Segment` (first
      match wins; debts no segment matches are skipped with ``no_segment``).
    * ``creditor``: who is collecting (used in message content).
    * ``policies``: replace the built-in policy of a country (``{"CL": ...}``) or subdivision
      (``{"BR-SP": ...}``); the platform rules (WhatsApp opt-in) still apply. A country's
      policy replaces the national rules only: the rules and holidays of each subdivision the
      debtor may be in are layered on top of it (:func:`~dunning.policy.for_debtor`).
    * ``registers``: do-not-contact registers a policy requires checking
      (:class:`~dunning.policy.RegisterRule`), by name: ``{"procon_sp": lookup}`` where
      ``lookup.registered_at(address)`` says when a number was registered. Without the lookup
      of a mandatory register, nothing is planned on the channels it covers.
    * ``extra_holidays``: a function from a debtor to more dates that close their days
      (``{date: name}``: municipal holidays, one-off decrees), or ``None``; it is called once per
      debtor and policies are shared between debtors that get the same dates.
    * ``house_rules``: your own rules, merged on top of every legal policy (they can only
      tighten), or a mapping from country code to house rules.
    * ``max_shift_days``: how far a held-back step may move before it is dropped.
    * ``templates``: a :class:`~dunning.templates.TemplateEngine` (or anything with its
      ``render_message(message, debtor, creditor)``); when given, every message carries its
      rendered ``content`` (text, e-mail subject and HTML, WhatsApp template). Planning stays
      pure: the planner places messages first and renders them through this port afterwards.
    * ``render_days``: render only the messages sent within this many days of ``as_of`` (the
      ones sent before the next planning run, when that is a day or more away), or ``None``
      (the default: every message of the horizon). The later messages are planned and checked
      like the others but carry no ``content``, and the checks of rendered content (a required
      notice or charge the text must show) are made for them by the run that renders them:
      plan every day, send what is due before the next run.
    * ``follow_ups``: the messages that follow a promise to pay or an accepted payment plan
      (:class:`FollowUps`: reminders and broken-promise notices); ``None`` turns them off (the
      promise and the plan still pause the cadence).
    * ``thanks``: a thank-you message once a debt is paid in full (:class:`Thanks`), or
      ``None`` (the default: none is sent).
    * ``chooser``: picks each step's channel and send instant among those the debtor's policy
      allows that day (a :class:`~dunning.Chooser`, such as
      :class:`dunning.optimize.Optimizer`), or ``None`` (the default: the step's channel order
      and preferred time). The planner still places every message itself: a chooser's answer
      outside the allowed options is ignored.

    >>> from datetime import date, datetime, timezone
    >>> from dunning import Creditor, Debt, Debtor, Money, Planner, default_strategy
    >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
    >>> ana = Debtor(id="c-1", name="Ana", country="MX", email="ana@example.com")
    >>> debt = Debt(id="inv-1", debtor_id="c-1", amount=Money("3000", "MXN"),
    ...             due_date=date(2026, 11, 23))
    >>> plan = planner.plan([ana], [debt], as_of=datetime(2026, 11, 22, 12, tzinfo=timezone.utc))
    >>> [(m.channel.value, m.stage.value, m.local_send_at.strftime("%H:%M")) for m in plan]
    [('email', 'pre_due', '10:00')]
    """

    __slots__ = (
        "_cadence",
        "_chooser",
        "_content_gaps",
        "_context",
        "_creditor",
        "_extra_holidays",
        "_follow_up_steps",
        "_follow_ups",
        "_house_rules",
        "_max_shift_days",
        "_policies",
        "_registers",
        "_render_days",
        "_resolved",
        "_segments",
        "_templates",
        "_thanks",
        "_thanks_steps",
    )

    _cadence: Cadence | None
    _chooser: Chooser | None
    _content_gaps: dict[tuple[int, ChannelKind], tuple[ContactPolicy, tuple[str, Source] | None]]
    _context: PlanContext
    _creditor: Creditor
    _extra_holidays: Callable[[Debtor], Mapping[date, str] | None] | None
    _follow_up_steps: dict[tuple[Stage, time], tuple[Cadence, Step]]
    _follow_ups: FollowUps | None
    _house_rules: ContactPolicy | Mapping[str, ContactPolicy] | None
    _max_shift_days: int
    _policies: Mapping[str, ContactPolicy]
    _registers: Mapping[str, SuppressionList]
    _render_days: int | None
    _resolved: dict[
        tuple[str, tuple[str, ...], str | None, tuple[tuple[date, str], ...]],
        tuple[ContactPolicy, CompiledPolicy],
    ]
    _segments: tuple[Segment, ...]
    _templates: Renderer | None
    _thanks: Thanks | None
    _thanks_steps: dict[time, tuple[Cadence, Step]]

    def __init__(
        self,
        strategy: Cadence | Sequence[Segment],
        *,
        creditor: Creditor,
        policies: Mapping[str, ContactPolicy] | None = None,
        house_rules: ContactPolicy | Mapping[str, ContactPolicy] | None = None,
        max_shift_days: int = 3,
        templates: Renderer | None = None,
        follow_ups: FollowUps | None = _DEFAULT_FOLLOW_UPS,
        extra_holidays: Callable[[Debtor], Mapping[date, str] | None] | None = None,
        registers: Mapping[str, SuppressionList] | None = None,
        thanks: Thanks | None = None,
        chooser: Chooser | None = None,
        render_days: int | None = None,
    ) -> None:
        init = object.__setattr__  # the only writes: a Planner is immutable once built
        if isinstance(strategy, Cadence):
            segments: tuple[Segment, ...] = ()
            cadence: Cadence | None = strategy
        else:
            try:
                strategy_items: tuple[object, ...] = tuple(strategy)
            except TypeError:  # not iterable: refused below like any other non-Segment
                strategy_items = (strategy,)
            if not strategy_items or not all(isinstance(s, Segment) for s in strategy_items):
                raise InputError(
                    "strategy must be a Cadence or a non-empty list of Segment",
                    field="strategy",
                    value=strategy,
                )
            segments = tuple(s for s in strategy_items if isinstance(s, Segment))
            cadence = None
        if not isinstance(creditor, Creditor):
            raise InputError("creditor must be a Creditor", field="creditor", value=creditor)
        _check_int(max_shift_days, "max_shift_days", 0, MAX_SHIFT_DAYS)
        if follow_ups is not None and not isinstance(follow_ups, FollowUps):
            raise InputError(
                "follow_ups must be a FollowUps or None", field="follow_ups", value=follow_ups
            )
        if thanks is not None and not isinstance(thanks, Thanks):
            raise InputError("thanks must be a Thanks or None", field="thanks", value=thanks)
        if extra_holidays is not None and not callable(extra_holidays):
            raise InputError(
                "extra_holidays must be a callable (debtor -> {date: name})",
                field="extra_holidays",
                value=extra_holidays,
            )
        if templates is not None and not callable(getattr(templates, "render_message", None)):
            raise InputError(
                "templates must be a TemplateEngine (or have render_message(message, debtor, "
                "creditor))",
                field="templates",
                value=templates,
            )
        _check_int(render_days, "render_days", 1, MAX_HORIZON_DAYS, none=True)
        if chooser is not None and not callable(getattr(chooser, "choose", None)):
            raise InputError(
                "chooser must have choose(choice) (a Chooser, such as dunning.optimize.Optimizer)",
                field="chooser",
                value=chooser,
            )
        own_registers = dict(registers or {})
        for name, lookup in own_registers.items():
            if not isinstance(lookup, SuppressionList):
                raise InputError(
                    f"register {name!r}: a SuppressionList needs a registered_at(address) method",
                    field="registers",
                    value=lookup,
                )
        house: ContactPolicy | Mapping[str, ContactPolicy] | None = house_rules
        if isinstance(house_rules, Mapping):
            # A copy: changing the caller's dict later must not change this planner.
            house = MappingProxyType({k.upper(): v for k, v in house_rules.items()})
        for name, value in (
            ("cadence", cadence),
            ("segments", segments),
            ("creditor", creditor),
            ("policies", MappingProxyType({k.upper(): v for k, v in (policies or {}).items()})),
            ("house_rules", house),
            ("max_shift_days", max_shift_days),
            ("templates", templates),
            ("follow_ups", follow_ups),
            ("extra_holidays", extra_holidays),
            ("registers", MappingProxyType(own_registers)),
            ("thanks", thanks),
            ("chooser", chooser),
            ("render_days", render_days),
        ):
            init(self, "_" + name, value)
        # Memos of pure functions of the configuration above (never of a plan's input).
        init(self, "_follow_up_steps", {})
        init(self, "_content_gaps", {})
        init(self, "_resolved", {})
        init(self, "_thanks_steps", {})
        cadences = [cadence] if cadence is not None else [s.cadence for s in segments]
        catch_up = max(c.catch_up_days for c in cadences)
        init(
            self,
            "_context",
            PlanContext(
                creditor=creditor,
                cadence=cadence,
                cadence_for=self.cadence_for,
                follow_ups=follow_ups,
                follow_up_step=self._follow_up_step,
                max_shift_days=max_shift_days,
                lookback_days=max(
                    max_shift_days, catch_up, thanks.within_days if thanks is not None else 0
                ),
                templates=templates,
                registers=self._registers,
                policy_for=self._policy,
                content_gap=self._content_gap,
                thanks=thanks,
                thanks_step=self._thanks_step if thanks is not None else None,
                chooser=chooser,
                render_days=render_days,
            ),
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(
            f"a Planner is immutable: use planner.replace({name.lstrip('_')}=...) for a variant"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Planner is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle a planner by its settings (what worker processes need: Dask, Spark,
        multiprocessing); its memos start empty where it is unpickled."""
        names = [p for p in inspect.signature(Planner.replace).parameters if p != "self"]
        options = {
            name: dict(value) if isinstance(value, MappingProxyType) else value
            for name in names
            if name != "strategy"
            for value in [getattr(self, "_" + name)]
        }
        return (_restore, (self.strategy, options))

    # ------------------------------------------------------------------ configuration

    @property
    def strategy(self) -> Cadence | tuple[Segment, ...]:
        """The cadence for everybody, or the segments (first match wins)."""
        return self._cadence if self._cadence is not None else self._segments

    @property
    def creditor(self) -> Creditor:
        """Who is collecting."""
        return self._creditor

    @property
    def policies(self) -> Mapping[str, ContactPolicy]:
        """Replaced built-in policies by country or subdivision code (read-only)."""
        return self._policies

    @property
    def house_rules(self) -> ContactPolicy | Mapping[str, ContactPolicy] | None:
        """House rules merged on top of every legal policy, or per country (read-only)."""
        return self._house_rules

    @property
    def max_shift_days(self) -> int:
        """How far a held-back step may move before it is dropped."""
        return self._max_shift_days

    @property
    def templates(self) -> Renderer | None:
        """The renderer every planned message goes through, if any."""
        return self._templates

    @property
    def render_days(self) -> int | None:
        """Messages sent within this many days of ``as_of`` are rendered (``None``: all)."""
        return self._render_days

    @property
    def follow_ups(self) -> FollowUps | None:
        """The messages that follow a promise or an accepted plan (``None``: none)."""
        return self._follow_ups

    @property
    def extra_holidays(self) -> Callable[[Debtor], Mapping[date, str] | None] | None:
        """More closed dates per debtor, or ``None``."""
        return self._extra_holidays

    @property
    def thanks(self) -> Thanks | None:
        """The thank-you after payment in full, or ``None``."""
        return self._thanks

    @property
    def chooser(self) -> Chooser | None:
        """What picks each step's channel and instant among the allowed ones, or ``None``."""
        return self._chooser

    @property
    def registers(self) -> Mapping[str, SuppressionList]:
        """Do-not-contact register lookups by name (read-only)."""
        return self._registers

    def replace(
        self,
        *,
        strategy: Cadence | Sequence[Segment] | _Keep = _KEEP,
        creditor: Creditor | _Keep = _KEEP,
        policies: Mapping[str, ContactPolicy] | _Keep | None = _KEEP,
        house_rules: ContactPolicy | Mapping[str, ContactPolicy] | _Keep | None = _KEEP,
        max_shift_days: int | _Keep = _KEEP,
        templates: Renderer | _Keep | None = _KEEP,
        follow_ups: FollowUps | _Keep | None = _KEEP,
        extra_holidays: Callable[[Debtor], Mapping[date, str] | None] | _Keep | None = _KEEP,
        registers: Mapping[str, SuppressionList] | _Keep | None = _KEEP,
        thanks: Thanks | _Keep | None = _KEEP,
        chooser: Chooser | _Keep | None = _KEEP,
        render_days: int | _Keep | None = _KEEP,
    ) -> Planner:
        """A new planner with the given settings changed and the others kept (validated like
        the constructor; this one is unchanged).

        >>> from dunning import Creditor, Planner, default_strategy
        >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
        >>> patient = planner.replace(max_shift_days=7)
        >>> planner.max_shift_days, patient.max_shift_days, patient.creditor.name
        (3, 7, 'Tienda Sur')
        """

        def pick(value: Any, current: Any) -> Any:
            return current if value is _KEEP else value

        return Planner(
            pick(strategy, self.strategy),
            creditor=pick(creditor, self._creditor),
            policies=pick(policies, self._policies),
            house_rules=pick(house_rules, self._house_rules),
            max_shift_days=pick(max_shift_days, self._max_shift_days),
            templates=pick(templates, self._templates),
            follow_ups=pick(follow_ups, self._follow_ups),
            extra_holidays=pick(extra_holidays, self._extra_holidays),
            registers=pick(registers, self._registers),
            thanks=pick(thanks, self._thanks),
            chooser=pick(chooser, self._chooser),
            render_days=pick(render_days, self._render_days),
        )

    def __repr__(self) -> str:
        kind = (
            f"cadence={self._cadence.name!r}"
            if self._cadence
            else (f"segments={[s.name for s in self._segments]!r}")
        )
        return (
            f"Planner({kind}, creditor={self.creditor.name!r}, "
            f"max_shift_days={self.max_shift_days})"
        )

    # ------------------------------------------------------------------ policies

    def policy_for(self, debtor: Debtor) -> ContactPolicy:
        """The policy that applies to ``debtor``: legal (or replaced), platform and house rules."""
        return self._policy(debtor)[0]

    def _policy(self, debtor: Debtor) -> tuple[ContactPolicy, CompiledPolicy]:
        extra: Mapping[date, str] | None = None
        if self.extra_holidays is not None:
            extra = self.extra_holidays(debtor)
        extra_key = tuple(sorted(extra.items())) if extra else ()
        key = (debtor.country, debtor.subdivisions, debtor.phone_type, extra_key)
        hit = self._resolved.get(key)
        if hit is not None:
            return hit
        try:
            legal = for_debtor(debtor, self.policies)
        except LookupError as exc:
            raise PortfolioError(
                f"debtor {debtor.id!r}: {exc}", field="country", value=debtor.country
            ) from None
        if extra:
            legal = legal.with_holidays(dict(extra), source=EXTRA_HOLIDAYS_SOURCE)
        policy = legal.merge(PLATFORM_RULES)
        house = self.house_rules
        if isinstance(house, Mapping):
            house = house.get(debtor.country)
        if house is not None:
            policy = policy.merge(house)
        hit = self._resolved[key] = (policy, compiled(policy))
        return hit

    def _content_gap(
        self, policy: ContactPolicy, channel: ChannelKind
    ) -> tuple[str, Source] | None:
        """``(reason, source)`` when the creditor lacks data that ``policy`` requires every
        message on ``channel`` to show; ``None`` when nothing is missing."""
        key = (id(policy), channel)
        hit = self._content_gaps.get(key)
        # The policy is kept with its answer: an id is reused once its object is freed.
        if hit is not None and hit[0] is policy:
            return hit[1]
        found: tuple[str, Source] | None = None
        for rule in policy.content:
            if channel not in rule.channels:
                continue
            missing = rule.missing_creditor_data(self.creditor)
            if missing:
                found = (
                    f"{rule.description} must be in every {channel.value} message "
                    f"({rule.source.citation}), but the Creditor has no "
                    f"{', '.join(missing)}",
                    rule.source,
                )
                break
        if len(self._content_gaps) > 4096:  # policies passed in from outside may be many
            self._content_gaps.clear()
        self._content_gaps[key] = (policy, found)
        return found

    # ------------------------------------------------------------------ plan

    def plan(
        self,
        debtors: Iterable[Debtor],
        debts: Iterable[Debt],
        *,
        as_of: datetime,
        horizon_days: int = 1,
        history: Iterable[Event] = (),
    ) -> Plan:
        """Decide the messages for the local dates from ``as_of`` through ``horizon_days`` days.

        Raises :class:`~dunning.PortfolioError` for inconsistent input (a debt of an unknown
        debtor, duplicate ids) and :class:`~dunning.NaiveDatetimeError` for a naive ``as_of``.
        """
        as_of_utc = _checked_run(as_of, horizon_days)
        # Indexing makes no reference cycles either: the collector would only rescan the input.
        with collector.paused():
            by_id, debts_of, owner = index_portfolio(debtors, debts)
            events_of, facts = _index_history(history, owner)

        messages: list[Message] = []
        skipped: list[Skip] = []
        ids = sorted(by_id)
        for start in range(0, len(ids), collector.BATCH):
            with collector.paused():
                for debtor_id in ids[start : start + collector.BATCH]:
                    own = sorted(debts_of.get(debtor_id, ()), key=lambda d: d.id)
                    if not own:
                        continue
                    self._plan_debtor(
                        by_id[debtor_id],
                        own,
                        events_of.get(debtor_id, []),
                        facts,
                        as_of_utc,
                        horizon_days,
                        messages,
                        skipped,
                    )
        return Plan._build(
            as_of=as_of_utc,
            horizon_days=horizon_days,
            messages=tuple(messages),
            skipped=tuple(skipped),
        )

    def _plan_debtor(
        self,
        debtor: Debtor,
        debts: list[Debt],
        events: Sequence[Event],
        facts: dict[str, DebtFacts],
        as_of_utc: datetime,
        horizon_days: int,
        messages: list[Message],
        skipped: list[Skip],
        *,
        columns: EventColumns | None = None,
    ) -> None:
        """Plan one debtor (``debts`` in id order, at least one) into ``messages`` and
        ``skipped``: the one path ``plan`` and ``plan_stream`` share (``columns``: more of the
        debtor's history, as a loaded group holds it).

        An amount of the debtor's that cannot be computed exactly (payments adding up past
        what :class:`~dunning.Money` holds) stops this debtor, not the portfolio: what was
        planned for them is taken back and each debt is skipped as not collectable, saying
        why (messaging on a balance that cannot be known is not the safe side)."""
        planned, skips = len(messages), len(skipped)
        try:
            DebtorRun(
                self._context,
                debtor,
                debts,
                events,
                facts,
                as_of_utc,
                horizon_days,
                messages,
                skipped,
                columns=columns,
            ).run()
        except CurrencyError as exc:
            del messages[planned:], skipped[skips:]
            on = as_of_utc.astimezone(debtor.zone).date()
            for debt in debts:
                skipped.append(
                    Skip._build(
                        debtor_id=debtor.id,
                        debt_ids=(debt.id,),
                        on=on,
                        code=SkipCode.NOT_COLLECTABLE,
                        reason=f"not planned: an amount of debtor {debtor.id!r} cannot be "
                        f"computed exactly ({exc.detail}); nothing is sent to them",
                        source=None,
                        template=None,
                        stage=None,
                        channel=None,
                        moved_to=None,
                        message_id=None,
                    )
                )

    def plan_stream(
        self,
        groups: Iterable[DebtorGroup],
        *,
        as_of: datetime,
        horizon_days: int = 1,
        chunk_size: int = 1000,
    ) -> Iterator[Plan]:
        """Plan a portfolio given as :class:`DebtorGroup` values (a debtor, their debts and their
        history), in strictly increasing debtor id order, yielding one :class:`Plan` per
        ``chunk_size`` groups as it goes.

        Memory holds one chunk at a time: the groups are read lazily, at most ``chunk_size``
        ahead of what was yielded. Python's cyclic garbage collector is paused while a chunk is
        read (``groups`` is advanced) and planned, and turned back on before the chunk's plan is
        yielded: planning makes no reference cycles, and the collector would only rescan what
        was read (a collector turned off by the caller stays off). The messages and skips of
        the chunks, in order, are exactly those of :meth:`plan` over the same debtors, debts and
        history (same ids, same times).

        Raises :class:`~dunning.PortfolioError` (when the chunk holding the bad group is read)
        for a group that is not a :class:`DebtorGroup`, a debtor id not above the previous one
        (so a debtor in two groups is caught), a debt of another debtor or a debt id twice in a
        group, and an event about another debtor or about a debt not in its group. A debt id
        repeated in *two* groups is not detected (that would need every id in memory).

        >>> from datetime import date, datetime, timezone
        >>> from dunning import (Creditor, Debt, Debtor, Money, Planner, debtor_groups,
        ...                      default_strategy)
        >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
        >>> people = [Debtor(id=f"c-{i}", name="Ana", country="MX", email=f"{i}@example.com")
        ...           for i in range(3)]
        >>> debts = [Debt(id=f"inv-{i}", debtor_id=f"c-{i}", amount=Money("3000", "MXN"),
        ...               due_date=date(2026, 11, 23)) for i in range(3)]
        >>> as_of = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
        >>> chunks = planner.plan_stream(debtor_groups(people, debts), as_of=as_of, chunk_size=2)
        >>> [[m.debtor_id for m in chunk] for chunk in chunks]
        [['c-0', 'c-1'], ['c-2']]
        """
        as_of_utc = _checked_run(as_of, horizon_days)
        _check_int(chunk_size, "chunk_size", 1, MAX_CHUNK_SIZE)
        return self._stream(iter(groups), as_of_utc, horizon_days, chunk_size)

    def compact(self, groups: Iterable[DebtorGroup], *, as_of: datetime) -> Iterator[DebtorGroup]:
        """The groups with their history compacted: the sent messages and replies that no plan
        of this planner at ``as_of`` or later can read are left out, so a long history need not
        be stored, loaded and read again every morning.

        Kept: every event from a few days before ``as_of`` on (the planner's lookback for
        held-back and caught-up steps, each frequency cap's reach, a two-way contact's span,
        and a day of margin each side, in the debtor's zone); before that, every event but sent
        messages and replies, a sent message whose id is recorded again later, and the earliest
        reply on each channel (it starts a cap in force from then on). A debt's payments before
        that and before its first promise or payment plan are added up into one, at the time
        of the last of them (unless one is a reversal, a negative amount). Plans at ``as_of``
        or later with the compacted history, and any events recorded after it, are the plans
        with the whole history (a Hypothesis property checks it on random portfolios),
        provided those events happen after it too: a record of an old message id arriving
        *after* the compaction counts as a new contact on its own day (the safe side: the whole
        history would count it on the first record's day), and a promise or plan recorded later
        but dated before folded payments would see them as one. Compact with the planner you
        plan with: a larger lookback or another policy may need events this one left out.

        Groups are checked as :meth:`plan_stream` checks them (:class:`~dunning.PortfolioError`);
        the order of the events kept is theirs.

        >>> from datetime import date, datetime, timedelta, timezone
        >>> from dunning import (Creditor, Debt, Debtor, DebtorGroup, Money, Planner,
        ...                      default_strategy)
        >>> from dunning.events import MessageSent
        >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
        >>> ana = Debtor(id="c-1", name="Ana", country="CL", email="ana@example.cl")
        >>> debt = Debt(id="F-1", debtor_id="c-1", amount=Money("45000", "CLP"),
        ...             due_date=date(2026, 9, 1))
        >>> as_of = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
        >>> sent = [MessageSent(at=as_of - timedelta(days=d), message_id=f"m-{d}",
        ...                     debtor_id="c-1", channel="email") for d in (90, 60, 30, 2)]
        >>> [group] = planner.compact([DebtorGroup(ana, [debt], sent)], as_of=as_of)
        >>> [e.message_id for e in group.events]
        ['m-2']
        """
        as_of_utc = _checked_run(as_of, 1)
        lookback = self._context.lookback_days
        for row, group in enumerate(groups):
            if isinstance(group, DebtorGroup) and not isinstance(group.events, Sequence):
                # Read twice below (checked, then compacted): an iterator would be empty the
                # second time, and its events lost.
                group = DebtorGroup(group.debtor, group.debts, tuple(group.events))
            debtor, debts, *_ = _checked_group(group, row, None)
            _, cp = self._policy(debtor)
            cut = cut_for(cp, lookback, as_of_utc.astimezone(debtor.zone).date())
            yield DebtorGroup(debtor, tuple(debts), tuple(compact_events(group.events, cut)))

    def _stream(
        self, groups: Iterator[DebtorGroup], as_of_utc: datetime, horizon_days: int, size: int
    ) -> Iterator[Plan]:
        previous: str | None = None
        row = 0
        while True:
            # The collector is paused while a chunk is read and planned, and on again before the
            # plan is handed back: the chunk's groups are dropped first, so it never scans them
            # (reading and planning a long history spent most of their time in it).
            with collector.paused():
                planned = self._chunk(groups, as_of_utc, horizon_days, size, previous, row)
            if planned is None:
                return
            plan, previous, row = planned
            yield plan

    def _chunk(
        self,
        groups: Iterator[DebtorGroup],
        as_of_utc: datetime,
        horizon_days: int,
        size: int,
        previous: str | None,
        row: int,
    ) -> tuple[Plan, str | None, int] | None:
        """The plan of the next ``size`` groups (``None`` when there are none left), the last
        debtor id and the row after them; the groups are not kept."""
        chunk = list(islice(groups, size))
        if not chunk:
            return None
        messages: list[Message] = []
        skipped: list[Skip] = []
        for group in chunk:
            debtor, debts, events, facts, columns = _checked_group(group, row, previous)
            previous = debtor.id
            row += 1
            if debts:
                self._plan_debtor(
                    debtor,
                    debts,
                    events,
                    facts,
                    as_of_utc,
                    horizon_days,
                    messages,
                    skipped,
                    columns=columns,
                )
        plan = Plan._build(
            as_of=as_of_utc,
            horizon_days=horizon_days,
            messages=tuple(messages),
            skipped=tuple(skipped),
        )
        return plan, previous, row

    def _follow_up_step(self, stage: Stage, at: time) -> tuple[Cadence, Step]:
        """The synthetic step (and its one-step cadence) a follow-up is placed with."""
        hit = self._follow_up_steps.get((stage, at))
        if hit is None:
            assert self.follow_ups is not None
            step = Step(
                0,
                channels=self.follow_ups.channels,
                stage=stage,
                template=stage.value,
                preferred_local_time=at,
            )
            hit = self._follow_up_steps[(stage, at)] = (
                Cadence("follow_ups", [step], send_time=at),
                step,
            )
        return hit

    def _thanks_step(self, at: time) -> tuple[Cadence, Step]:
        """The synthetic step (and its one-step cadence) a thank-you is placed with; its
        ``catch_up_days`` let a payment recorded a day late still be thanked, once."""
        hit = self._thanks_steps.get(at)
        if hit is None:
            assert self._thanks is not None
            step = Step(
                0,
                channels=self._thanks.channels,
                stage=Stage.THANKS,
                template=self._thanks.template,
                preferred_local_time=at,
            )
            hit = self._thanks_steps[at] = (
                Cadence("thanks", [step], send_time=at, catch_up_days=self._thanks.within_days),
                step,
            )
        return hit

    def cadence_for(self, ctx: SegmentContext) -> tuple[Cadence, str | None] | None:
        """The cadence (and segment name) that applies to a debt on a day, if any."""
        if self._cadence is not None:
            return self._cadence, None
        for segment in self._segments:
            if segment.matches(ctx):
                return segment.cadence, segment.name
        return None


# The later event wins; at the same instant, a fixed order over the rest of its fields, so that
# the order of history never matters.
