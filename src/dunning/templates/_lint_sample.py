"""What the linter reports (:class:`Issue`), the known sample it renders templates with
(:class:`LintSample`) and what one lint run looks at (:class:`Subject`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, Protocol

from babel.numbers import get_territory_currencies

from .._core._base import Model
from .._core._errors import InputError
from .._core._kinds import ChannelKind, Stage
from .._core._models import Creditor, Debtor
from .._core._money import Money
from .._core._text import parse_locale
from .._planning._plan import DebtLine, Message
from ..policy import Source
from ._lint_match import Folded, search
from ._lint_words import LintWords
from ._render import message_context

__all__ = [
    "COLLECTION_STAGES",
    "Issue",
    "LintSample",
    "Severity",
    "Subject",
    "WhatsAppTemplateLike",
]

COLLECTION_STAGES: Final[frozenset[Stage]] = frozenset(Stage) - {Stage.THANKS}
"""Stages whose messages ask for payment and so need every required element."""

# Days past due of the sample debt, per stage (negative: before the due date).
_DAYS_PAST_DUE: Final[Mapping[Stage, int]] = MappingProxyType(
    {
        Stage.PRE_DUE: -3,
        Stage.DUE: 0,
        Stage.EARLY: 5,
        Stage.MID: 40,
        Stage.LATE: 70,
        Stage.SEVERE: 120,
        Stage.PROMISE_REMINDER: 20,
        Stage.BROKEN_PROMISE: 27,
        Stage.THANKS: 10,
    }
)
# The promised payment date relative to today: tomorrow for a reminder, two days ago when broken.
_PROMISE_OFFSET: Final[Mapping[Stage, int]] = MappingProxyType({Stage.BROKEN_PROMISE: -2})
_PROMISE_STAGES: Final = frozenset({Stage.PROMISE_REMINDER, Stage.BROKEN_PROMISE})


class Severity(StrEnum):
    """How bad an issue is: an ``error`` fails ``dunning lint-templates``; a ``warning`` does
    not."""

    ERROR = "error"
    WARNING = "warning"


class Issue(Model):
    """One finding of the linter.

    ``code`` is stable and machine-readable (``missing_amount``, ``threat``, ``sms_segments``...),
    ``message`` is for people, ``excerpt`` holds the offending text when there is one, and
    ``source`` the policy rule's legal source when a policy required the element.

    >>> issue = Issue(code="threat", severity="error", message="threatening wording",
    ...               template="es/late.sms.j2", locale="es_CL", excerpt="cárcel")
    >>> issue
    Issue(code='threat', severity='error', template='es/late.sms.j2', locale='es_CL')
    >>> print(issue)
    ERROR threat es/late.sms.j2 (es_CL): threatening wording
    """

    code: str
    severity: Severity
    message: str
    template: str | None = None
    locale: str | None = None
    channel: ChannelKind | None = None
    excerpt: str | None = None
    source: Source | None = None

    def __str__(self) -> str:
        where = self.template or "<text>"
        if self.locale and not where.startswith(f"{self.locale}/"):
            where += f" ({self.locale})"
        return f"{self.severity.value.upper()} {self.code} {where}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"Issue(code={self.code!r}, severity={self.severity.value!r}, "
            f"template={self.template!r}, locale={self.locale!r})"
        )


class WhatsAppTemplateLike(Protocol):
    """What the linter needs of an approved WhatsApp template (``WhatsAppTemplate`` fits).

    ``body`` is the approved text with ``{{1}}..{{n}}`` placeholders (``None`` when unknown) and
    ``parameters`` the declared parameters, in order.
    """

    @property
    def name(self) -> str: ...

    @property
    def body(self) -> str | None: ...

    @property
    def parameters(self) -> Sequence[str]: ...


def _territory(locale: str) -> tuple[str, str | None]:
    """The language and territory of ``locale`` (``es_MX`` → ``("es", "MX")``)."""
    loc = parse_locale(locale)
    return loc.language, loc.territory


@dataclass(frozen=True)
class LintSample:
    """The known values templates are rendered with, so the linter can look for them.

    The sample debt is ``days_past_due[stage]`` days late on :attr:`today` (3 days *before* the due
    date for ``pre_due``); its currency is the one of the locale's territory (``CLP`` for
    ``es_CL``, ``USD`` for a neutral ``es``) unless ``currency`` is given. ``debts`` > 1 renders a
    message for several debts of ``amount`` each.

    >>> sample = LintSample()
    >>> sample.money("es_CL"), sample.due_date("early")
    (Money('45500', 'CLP'), datetime.date(2026, 11, 18))
    >>> sample.context("due", "es_MX")["debt"]["outstanding"]
    Money('45500.00', 'MXN')
    """

    first_name: str = "Ana"
    debtor_name: str = "Ana Pérez"
    creditor_name: str = "Tienda Sur"
    creditor_tax_id: str = "76.123.456-7"
    creditor_address: str = "Rua Augusta 100, São Paulo - SP"
    debt_collector: bool = False
    amount: Decimal = Decimal("45500")
    currency: str | None = None
    today: date = date(2026, 11, 23)
    reference: str = "F-1001"
    payment_url: str = "https://pay.example/inv-1"
    debts: int = 1
    days_past_due: Mapping[Stage, int] = field(default_factory=lambda: _DAYS_PAST_DUE, hash=False)

    def __post_init__(self) -> None:
        if self.debts < 1:
            raise InputError("a sample needs at least one debt", field="debts", value=self.debts)
        if self.first_name not in self.debtor_name.split():
            raise InputError(
                f"first_name {self.first_name!r} is not a word of debtor_name {self.debtor_name!r}",
                field="first_name",
                value=self.first_name,
            )

    def money(self, locale: str) -> Money:
        """The amount of one sample debt, in the currency of ``locale``'s territory."""
        currency = self.currency
        if currency is None:
            _, territory = _territory(locale)
            found = get_territory_currencies(territory, self.today) if territory else []
            currency = found[0] if found else "USD"
        return Money(self.amount, currency)

    def total(self, locale: str) -> Money:
        """The outstanding total of the sample message."""
        one = self.money(locale)
        return Money(one.amount * self.debts, one.currency)

    def stage_days(self, stage: Stage | str) -> int:
        """Days past due of the sample debt at ``stage``."""
        return self.days_past_due[Stage(stage)]

    def due_date(self, stage: Stage | str) -> date:
        """The sample debt's due date at ``stage``."""
        return self.today - timedelta(days=self.stage_days(stage))

    def promise_date(self, stage: Stage | str) -> date:
        """The date the debtor promised to pay (tomorrow, or two days ago for a broken one)."""
        return self.today + timedelta(days=_PROMISE_OFFSET.get(Stage(stage), 1))

    def context(
        self,
        stage: Stage | str | None,
        locale: str,
        channel: ChannelKind | str = ChannelKind.SMS,
        *,
        template: str | None = None,
    ) -> dict[str, Any]:
        """The template context of a message at ``stage`` (``None``: a custom template key,
        rendered as an ``early`` reminder), built with :func:`~dunning.templates.message_context`
        so it has exactly the variables the renderer gives, plus ``promise``."""
        kind = ChannelKind(channel)
        st = Stage(stage) if stage is not None else Stage.EARLY
        money = self.money(locale)
        due = self.due_date(st)
        lines = tuple(
            DebtLine(
                debt_id=f"inv-{i + 1}",
                reference=self.reference if i == 0 else f"{self.reference}-{i + 1}",
                outstanding=money,
                due_date=due,
                days_past_due=self.stage_days(st),
                payment_url=self.payment_url,
            )
            for i in range(self.debts)
        )
        message = Message(
            id="lint",
            debtor_id="lint",
            debt_ids=tuple(line.debt_id for line in lines),
            debts=lines,
            channel=kind,
            to="lint",
            send_at=datetime.combine(self.today, time(12), UTC),
            timezone="UTC",
            local_date=self.today,
            template=template or st.value,
            stage=st,
            segment=None,
            cadence="lint",
            locale=locale,
        )
        debtor = Debtor(id="lint", name=self.debtor_name, country="US", timezone="UTC")
        creditor = Creditor(
            name=self.creditor_name,
            tax_id=self.creditor_tax_id,
            address=self.creditor_address,
            debt_collector=self.debt_collector,
        )
        context = message_context(message, debtor, creditor)
        context.setdefault("promise", {"date": self.promise_date(st), "amount": None})
        return context


@dataclass
class Subject:
    """What one lint run looks at, and where its issues go."""

    folded: Folded
    words: LintWords
    language: str
    fmt_locale: str
    locale: str
    channel: ChannelKind
    template: str | None
    stage: Stage | None
    sample: LintSample
    country: str | None
    issues: list[Issue]

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        *,
        excerpt: str | None = None,
        source: Source | None = None,
    ) -> None:
        self.issues.append(
            Issue(
                code=code,
                severity=severity,
                message=message,
                template=self.template,
                locale=self.locale,
                channel=self.channel,
                excerpt=excerpt,
                source=source,
            )
        )

    def phrase(self, phrases: Iterable[str]) -> bool:
        return bool(search(self.folded.text, phrases))
