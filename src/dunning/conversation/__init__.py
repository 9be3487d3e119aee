"""Conversations: understand replies, run the WhatsApp menu bot, offer payment plans.

* :func:`classify` reads a reply and returns an :class:`Intent` (opt-out, already paid, promise to
  pay with its date, hardship, dispute, wants an agent, ...), in Spanish, Portuguese and English;
* :class:`Conversation` is the menu bot, a pure state machine;
* :func:`offer_plans` computes installment plans exactly in the currency's minor units.

Webhook parsing and signature checks live next to their adapters in :mod:`dunning.channels`.
"""

from __future__ import annotations

from .._core._errors import PaymentPlanError
from ._bot import Conversation
from ._classify import Classifier, RuleClassifier, classify, resolve_promise_date
from ._intent import Intent, IntentKind
from ._plans import PaymentPlan, PlanRules, offer_plans
from ._replies import (
    BotTemplates,
    Button,
    ButtonsReply,
    ConversationState,
    ConversationStep,
    Inbound,
    InboundLike,
    ListReply,
    ListRow,
    Reply,
    TemplateReply,
    TextReply,
    TranscriptLine,
    Turn,
)

__all__ = [
    "BotTemplates",
    "Button",
    "ButtonsReply",
    "Classifier",
    "Conversation",
    "ConversationState",
    "ConversationStep",
    "Inbound",
    "InboundLike",
    "Intent",
    "IntentKind",
    "ListReply",
    "ListRow",
    "PaymentPlan",
    "PaymentPlanError",
    "PlanRules",
    "Reply",
    "RuleClassifier",
    "TemplateReply",
    "TextReply",
    "TranscriptLine",
    "Turn",
    "classify",
    "offer_plans",
    "resolve_promise_date",
]


from .._core._public import publish as _publish

_publish(globals())
