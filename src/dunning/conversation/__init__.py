"""Conversations: understand replies, run the WhatsApp menu bot, offer payment plans.

* :func:`classify` reads a reply and returns an :class:`Intent` (opt-out, already paid, promise to
  pay with its date, hardship, dispute, wants an agent, ...), in Spanish, Portuguese and English;
* :class:`Conversation` is the menu bot, a pure state machine;
* :func:`offer_plans` computes installment plans exactly in the currency's minor units.

Webhook parsing and signature checks live next to their adapters in :mod:`dunning.channels`.
"""

from __future__ import annotations

from .._errors import PaymentPlanError
from ._classify import Classifier, RuleClassifier, classify, resolve_promise_date
from ._intent import Intent, IntentKind
from ._plans import PaymentPlan, PlanRules, offer_plans

__all__ = [
    "Classifier",
    "Intent",
    "IntentKind",
    "PaymentPlan",
    "PaymentPlanError",
    "PlanRules",
    "RuleClassifier",
    "classify",
    "offer_plans",
    "resolve_promise_date",
]
