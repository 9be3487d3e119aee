"""Message templates: sandboxed Jinja2, per locale, stage and channel, formatted with Babel.

>>> from dunning.templates import TemplateEngine
>>> engine = TemplateEngine()
>>> engine.render_string("{{ amount|money }}", {"amount": Money("30000", "CLP"), "locale": "es_CL"})
'$30.000'
"""

from __future__ import annotations

from .._core._content import WhatsAppPayload
from .._core._format import first_name, format_date, format_money, locale_chain, relative_days
from .._core._money import Money
from ._lint import lint, lint_templates
from ._lint_sample import Issue, LintSample, Severity
from ._lint_words import LintWords
from ._render import (
    BUILTIN_DIR,
    RenderedContent,
    TemplateEngine,
    TemplateLimits,
    WhatsAppTemplate,
    message_context,
    render,
)
from ._sms import SmsEncoding, SmsInfo, is_gsm7, sms_info, sms_segments, to_gsm7

__all__ = [
    "BUILTIN_DIR",
    "Issue",
    "LintSample",
    "LintWords",
    "Money",
    "RenderedContent",
    "Severity",
    "SmsEncoding",
    "SmsInfo",
    "TemplateEngine",
    "TemplateLimits",
    "WhatsAppPayload",
    "WhatsAppTemplate",
    "first_name",
    "format_date",
    "format_money",
    "is_gsm7",
    "lint",
    "lint_templates",
    "locale_chain",
    "message_context",
    "relative_days",
    "render",
    "sms_info",
    "sms_segments",
    "to_gsm7",
]


from .._core._public import publish as _publish

_publish(globals())
