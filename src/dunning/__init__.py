"""dunning: compliant, automated debt-collection messaging.

Plan reminders that never break the contact rules they were given (consent, hours, holidays,
frequency caps, opt-outs), in each debtor's own time zone, and explain every decision::

    >>> from datetime import date, datetime, timezone
    >>> from dunning import Creditor, Debt, Debtor, Money, Planner, default_strategy
    >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
    >>> plan = planner.plan(
    ...     [Debtor(id="c-1", name="Ana", country="CL", email="ana@example.cl",
    ...             timezone="America/Santiago")],
    ...     [Debt(id="inv-1", debtor_id="c-1", amount=Money("30000", "CLP"),
    ...           due_date=date(2026, 11, 23))],
    ...     as_of=datetime(2026, 11, 22, 12, tzinfo=timezone.utc),  # a Sunday in Chile
    ...     horizon_days=2,
    ... )
    >>> plan.skipped[0].code.value, plan.messages[0].local_send_at.isoformat()
    ('closed_day', '2026-11-23T08:00:00-03:00')
"""

from __future__ import annotations

from . import events, policy
from ._core._errors import (
    ChannelError,
    CurrencyError,
    DunningError,
    InputError,
    LinkError,
    MalformedWebhookError,
    NaiveDatetimeError,
    NotOnChannelError,
    OptedOutError,
    OutboxBusyError,
    OutboxError,
    OutboxFullError,
    OutboxReadOnlyError,
    PaymentPlanError,
    PermanentError,
    PhoneNumberError,
    PolicyDefinitionError,
    PolicyError,
    PortfolioError,
    PortfolioLoadError,
    RetryableError,
    SignatureError,
    TemplateError,
    TemplateLimitError,
    TemplateNotFoundError,
    TemplateSecurityError,
    TemplateVariableError,
    TimezoneError,
    UnknownCountryError,
    WebhookError,
)
from ._core._incentive import Incentive, IncentiveOffer
from ._core._kinds import ChannelKind, SkipCode, Stage
from ._core._models import Consent, Creditor, Debt, Debtor, DebtStatus
from ._core._money import Money
from ._core._timezones import data_versions
from ._core._version import __version__
from ._dispatch._dispatcher import (
    AsyncDispatcher,
    Dispatcher,
    DispatchError,
    DispatchReport,
    Outbox,
    OutboxItem,
    OutboxState,
    RateLimit,
    SQLiteOutbox,
)
from ._planning._groups import DebtorGroup, debtor_groups
from ._planning._plan import ChargeLine, DebtLine, Message, Plan, PromiseTerms, Skip
from ._planning._planner import Planner
from ._planning._ports import Choice, Chooser, Option
from ._planning._strategy import (
    Cadence,
    FollowUps,
    Segment,
    SegmentContext,
    Step,
    Thanks,
    default_strategy,
)
from ._planning._tasks import AgentTask, agent_tasks, written_messages
from .policy import ContactPolicy, Violation, for_country

__all__ = [
    "AgentTask",
    "AsyncDispatcher",
    "Cadence",
    "ChannelError",
    "ChannelKind",
    "ChargeLine",
    "Choice",
    "Chooser",
    "Consent",
    "ContactPolicy",
    "Creditor",
    "CurrencyError",
    "Debt",
    "DebtLine",
    "DebtStatus",
    "Debtor",
    "DebtorGroup",
    "DispatchError",
    "DispatchReport",
    "Dispatcher",
    "DunningError",
    "FollowUps",
    "Incentive",
    "IncentiveOffer",
    "InputError",
    "LinkError",
    "MalformedWebhookError",
    "Message",
    "Money",
    "NaiveDatetimeError",
    "NotOnChannelError",
    "OptedOutError",
    "Option",
    "Outbox",
    "OutboxBusyError",
    "OutboxError",
    "OutboxFullError",
    "OutboxItem",
    "OutboxReadOnlyError",
    "OutboxState",
    "PaymentPlanError",
    "PermanentError",
    "PhoneNumberError",
    "Plan",
    "Planner",
    "PolicyDefinitionError",
    "PolicyError",
    "PortfolioError",
    "PortfolioLoadError",
    "PromiseTerms",
    "RateLimit",
    "RetryableError",
    "SQLiteOutbox",
    "Segment",
    "SegmentContext",
    "SignatureError",
    "Skip",
    "SkipCode",
    "Stage",
    "Step",
    "TemplateError",
    "TemplateLimitError",
    "TemplateNotFoundError",
    "TemplateSecurityError",
    "TemplateVariableError",
    "Thanks",
    "TimezoneError",
    "UnknownCountryError",
    "Violation",
    "WebhookError",
    "__version__",
    "agent_tasks",
    "data_versions",
    "debtor_groups",
    "default_strategy",
    "events",
    "for_country",
    "policy",
    "written_messages",
]


from ._core._public import publish as _publish

_publish(globals())
