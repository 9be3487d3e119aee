"""One table from a provider's error code (or HTTP status) to the channel error family.

Every HTTP adapter's classifier (:func:`~dunning.channels.classify_whatsapp_error`,
:func:`~dunning.channels.classify_twilio_error`) reads its provider's rows here instead of
hand-coding branches, and :attr:`DeliveryStatus.opt_out <dunning.channels.DeliveryStatus.opt_out>`
reads the same rows for the codes that mean an opt-out. Each row keeps the provider's documented
meaning (``/work/shared/reference/channels.md`` sections 1.10, 2.6, 2.7 and 6 restate them).

A provider's answer is translated in this order:

1. an answer without the provider's error object: :class:`~dunning.RetryableError`, and the
   provider may have taken the message when the status is 5xx;
2. the provider's **code**, when it has a row in ``codes``;
3. the **HTTP status** (``statuses``: an exact status, :data:`SERVER_ERROR` for any 5xx,
   :data:`TRANSIENT` for an answer that says it is transient). For WhatsApp the status speaks
   only when the answer has no code (Meta sends throttling as HTTP 400 with a code); for
   Twilio it speaks whenever the code has no row;
4. ``default``: :class:`~dunning.PermanentError`.

A retryable row's ``backoff`` is the provider's documented wait; a ``Retry-After`` header wins
over it.

>>> WHATSAPP_ERRORS.rule(400, 130429).error.__name__
'RetryableError'
>>> TWILIO_ERRORS.rule(503, 30001).may_have_sent, WHATSAPP_ERRORS.rule(503, 131049).backoff
(True, 86400.0)
>>> sorted(TWILIO_ERRORS.codes_for(OptedOutError))
[21610]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from .._core._errors import (
    ChannelError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)

__all__ = [
    "SERVER_ERROR",
    "TRANSIENT",
    "TWILIO_ERRORS",
    "WHATSAPP_ERRORS",
    "WINDOW_CLOSED",
    "ErrorRule",
    "ErrorTable",
    "integer_code",
]

SERVER_ERROR: Final = "5xx"
"""The ``statuses`` key for any HTTP status of 500 or more."""
TRANSIENT: Final = "transient"
"""The ``statuses`` key for an answer that says it is transient (Meta's ``is_transient``)."""

StatusKey = int | Literal["5xx", "transient"]


@dataclass(frozen=True, slots=True)
class ErrorRule:
    """What one provider code (or HTTP status) means: the error to raise and why.

    ``backoff`` is the provider's documented wait in seconds (retryable rows only);
    ``may_have_sent`` says the provider may have taken the message anyway.
    """

    error: type[ChannelError]
    meaning: str
    backoff: float | None = None
    may_have_sent: bool = False

    def build(
        self, text: str, *, retry_after: float | None, context: Mapping[str, Any]
    ) -> ChannelError:
        """The error for this row, with ``text`` (redacted by the caller) and ``context``
        (channel, ids, codes)."""
        if issubclass(self.error, RetryableError):
            return self.error(
                text,
                retry_after=retry_after if retry_after is not None else self.backoff,
                may_have_sent=self.may_have_sent,
                **context,
            )
        return self.error(text, **context)


@dataclass(frozen=True, slots=True)
class ErrorTable:
    """One provider's rows: ``codes`` first, then ``statuses``, then ``default``."""

    provider: str
    codes: Mapping[int, ErrorRule]
    statuses: Mapping[StatusKey, ErrorRule]
    status_only_without_code: bool
    default: ErrorRule = field(
        default=ErrorRule(PermanentError, "any other rejection: retrying will not fix it")
    )

    def rule(self, status: int, code: int | None, *, transient: bool = False) -> ErrorRule:
        """The row for an answer with HTTP ``status`` and the provider's ``code``."""
        if code is not None and code in self.codes:
            return self.codes[code]
        if code is None or not self.status_only_without_code:
            keys: list[StatusKey] = [TRANSIENT] if transient else []
            keys.append(status)
            if status >= 500:
                keys.append(SERVER_ERROR)
            for key in keys:
                if key in self.statuses:
                    return self.statuses[key]
        return self.default

    def codes_for(self, error: type[ChannelError]) -> frozenset[int]:
        """The codes whose row raises exactly ``error`` (``OptedOutError``: the opt-out codes)."""
        return frozenset(code for code, rule in self.codes.items() if rule.error is error)

    def translate(
        self,
        text: str,
        *,
        code: int | None,
        retry_after: float | None,
        context: Mapping[str, Any],
        transient: bool = False,
    ) -> ChannelError:
        """The error for an answer with the provider's ``code``; ``context`` holds the channel,
        the ids and ``status_code``."""
        rule = self.rule(context["status_code"], code, transient=transient)
        return rule.build(text, retry_after=retry_after, context={**context, "provider_code": code})

    @staticmethod
    def malformed(
        text: str, *, retry_after: float | None, context: Mapping[str, Any]
    ) -> ChannelError:
        """An answer without the provider's error object: retryable; after a 5xx the provider
        may have taken the message."""
        return RetryableError(
            text,
            retry_after=retry_after,
            may_have_sent=context["status_code"] >= 500,
            **context,
        )


def integer_code(value: object, *, digits: bool = False) -> int | None:
    """A provider code as an ``int``: an integer (not a boolean) or, with ``digits``, a string of
    ASCII digits (Twilio sometimes quotes it); anything else is no code."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if digits and isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _retry(meaning: str, backoff: float | None = None) -> ErrorRule:
    return ErrorRule(RetryableError, meaning, backoff=backoff)


def _permanent(meaning: str) -> ErrorRule:
    return ErrorRule(PermanentError, meaning)


_SERVER_MAY_HAVE_SENT = ErrorRule(
    RetryableError,
    "provider error or outage: retry, but the provider may have taken it (no idempotency key)",
    may_have_sent=True,
)
_TOO_MANY_REQUESTS = _retry("HTTP 429 too many requests: never processed, safe to retry")

WINDOW_CLOSED: Final = 131047
"""Meta's re-engagement error: free-form text outside the 24-hour window."""

WHATSAPP_ERRORS = ErrorTable(
    provider="whatsapp",
    codes={
        # Throttling and outages (Meta sends most of them as HTTP 400: read the code).
        1: _retry("API unknown: retry once, then treat as a bad request"),
        2: _retry("API service: temporary downtime or overload (HTTP 503)"),
        4: _retry("app-level API call rate limit"),
        80007: _retry("WhatsApp Business Account rate limit"),
        130429: _retry("Cloud API throughput reached (HTTP 400)"),
        131000: _retry("something went wrong (unknown, HTTP 500)"),
        131016: _retry("service temporarily unavailable (HTTP 503)"),
        131049: _retry(
            "per-user marketing limit ('healthy ecosystem engagement'): wait at least 24 hours",
            backoff=24 * 3600.0,
        ),
        131056: _retry("pair rate: about one message per 6 s to the same user", backoff=6.0),
        131057: _retry("account in maintenance (throughput upgrade): about a minute", 60.0),
        # What it means for the debtor.
        131050: ErrorRule(OptedOutError, "the user stopped marketing messages from this business"),
        131026: ErrorRule(
            NotOnChannelError,
            "undeliverable: not on WhatsApp, old client, terms not accepted, blocked the business",
        ),
        # Documented rejections (the default would say the same; kept for their meaning).
        WINDOW_CLOSED: _permanent("re-engagement: free-form text outside the 24-hour window"),
        131048: _permanent("spam rate limit (quality): pause the campaign"),
        131042: _permanent("business payment issue"),
        131031: _permanent("business account locked"),
        131030: _permanent("recipient not in the allowed list (test number)"),
        132000: _permanent("template parameter count mismatch"),
        132001: _permanent("template does not exist in that language, or is not approved"),
        132015: _permanent("template paused for low quality"),
        132016: _permanent("template disabled permanently"),
        190: _permanent("access token expired or invalid"),
    },
    statuses={
        TRANSIENT: _SERVER_MAY_HAVE_SENT,
        SERVER_ERROR: _SERVER_MAY_HAVE_SENT,
        429: _TOO_MANY_REQUESTS,
    },
    status_only_without_code=True,
)
"""Meta's Graph API ``error.code`` (pywa ``errors.py`` and Meta's error-code pages). The HTTP
status and ``is_transient`` are read only when the answer carries no code."""

TWILIO_ERRORS = ErrorTable(
    provider="twilio",
    codes={
        21610: ErrorRule(
            OptedOutError, "attempt to send to an unsubscribed recipient (replied STOP)"
        ),
        21612: ErrorRule(NotOnChannelError, "the To number is not reachable by SMS (unroutable)"),
        21614: ErrorRule(NotOnChannelError, "the To number is not SMS-capable (a landline)"),
        20429: _retry("too many concurrent requests: never processed, always safe to retry"),
    },
    statuses={
        429: _TOO_MANY_REQUESTS,
        SERVER_ERROR: _SERVER_MAY_HAVE_SENT,
    },
    status_only_without_code=False,
)
"""Twilio's REST ``code`` (Twilio's error pages). Codes without a row follow the HTTP status:
429 is retried, a 5xx retried with ``may_have_sent`` (Messages take no idempotency key), any
other status is permanent (21211 invalid To, 21606, 21408, 21608, 21619, 20003, 63016...)."""
