"""The exception family of ``dunning``.

Every error the library raises on purpose derives from :class:`DunningError`, and also from the
builtin that matches its meaning, so ``except ValueError`` keeps working for callers who do not
know about ``dunning``::

    DunningError
    ├── InputError (ValueError)            bad input: says which field, row and value
    │   ├── NaiveDatetimeError             a datetime without a time zone
    │   ├── CurrencyError                  unknown currency, float amount, too many decimals,
    │   │                                  or arithmetic between two currencies
    │   ├── PhoneNumberError               a phone number that does not parse or is not valid
    │   ├── TimezoneError                  an unknown IANA zone name
    │   ├── PortfolioError                 inconsistent debtors/debts/history given to the planner
    │   │   └── PortfolioLoadError         a portfolio file with bad rows, read with strict=True
    │   │                                  (``errors`` lists every one)
    │   └── PaymentPlanError               debts or rules from which no payment plan can be offered
    ├── PolicyError
    │   ├── UnknownCountryError (LookupError)   no built-in policy for a country code
    │   └── PolicyDefinitionError (ValueError)  a policy that cannot be evaluated as written
    ├── TemplateError                       a message template that cannot be rendered
    │   ├── TemplateNotFoundError (LookupError) no template for a key in any locale tried
    │   ├── TemplateVariableError (KeyError)    a variable the template uses was not given
    │   ├── TemplateSecurityError               a template reached for Python internals
    │   └── TemplateLimitError                  a template took too much time, memory or
    │                                           output (``limit`` says which)
    ├── ChannelError                        a channel adapter could not hand a message over
    │   ├── RetryableError                  try the same message again later (``retry_after``)
    │   └── PermanentError                  do not retry it on this channel and address
    │       ├── OptedOutError               the recipient opted out at the provider
    │       │                               (``ConsentRevoked.from_opt_out`` gives the fact)
    │       └── NotOnChannelError           the address cannot receive on this channel
    │                                       (not a WhatsApp number, a landline): fall back
    ├── OutboxError                         the outbox could not be read or written (``path``)
    │   ├── OutboxFullError                 the disk (or the database's size limit) is full
    │   ├── OutboxReadOnlyError             the outbox file or its folder cannot be written
    │   └── OutboxBusyError                 another connection held the lock past the timeout
    ├── DispatchError                       a ``dispatch()`` call stopped part-way: ``report``
    │                                       holds what it did (defined with the dispatcher)
    ├── LinkError (ValueError)              a portal link or session that must not be trusted:
    │                                       tampered, expired or for another purpose (``reason``)
    └── WebhookError                        an inbound webhook that must not be trusted or used
        ├── SignatureError                  a missing or wrong signature, a wrong verify token:
        │                                   answer 403
        └── MalformedWebhookError (ValueError)  a body that does not parse or has the wrong
                                            shape (``path`` says where): answer 400

Errors carry their context as attributes (``field``, ``value``, ``row``; ``provider_code``,
``status_code``, ``message_id`` for channels; ``provider`` and ``path`` for webhooks) as well as in
the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._kinds import ChannelKind

__all__ = [
    "ChannelError",
    "CurrencyError",
    "DunningError",
    "InputError",
    "LinkError",
    "MalformedWebhookError",
    "NaiveDatetimeError",
    "NotOnChannelError",
    "OptedOutError",
    "OutboxBusyError",
    "OutboxError",
    "OutboxFullError",
    "OutboxReadOnlyError",
    "PaymentPlanError",
    "PermanentError",
    "PhoneNumberError",
    "PolicyDefinitionError",
    "PolicyError",
    "PortfolioError",
    "PortfolioLoadError",
    "RetryableError",
    "SignatureError",
    "TemplateError",
    "TemplateLimitError",
    "TemplateNotFoundError",
    "TemplateSecurityError",
    "TemplateVariableError",
    "TimezoneError",
    "UnknownCountryError",
    "WebhookError",
]


class DunningError(Exception):
    """Root of every error raised on purpose by ``dunning``."""


class InputError(DunningError, ValueError):
    """Input that cannot be used as given.

    ``field`` names the offending field, ``value`` holds what was given and ``row`` (when the input
    came from a batch such as a CSV file or a list) its position.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: Any = None,
        row: int | str | None = None,
    ) -> None:
        where = []
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = f"{', '.join(where)}: " if where else ""
        super().__init__(prefix + message)
        self.detail = message
        self.field = field
        self.value = value
        self.row = row


class NaiveDatetimeError(InputError):
    """A datetime without ``tzinfo`` was given where an aware one is required."""


class CurrencyError(InputError):
    """An unknown currency, a float amount, excess precision or mixed-currency arithmetic."""


class PhoneNumberError(InputError):
    """A phone number that cannot be parsed or is not a valid number for its region."""


class TimezoneError(InputError):
    """An IANA time zone name that ``zoneinfo`` does not know."""


class PortfolioError(InputError):
    """Debtors, debts or history that contradict each other (unknown debtor, duplicate id, ...)."""


class PortfolioLoadError(PortfolioError):
    """A portfolio read with ``strict=True`` had bad rows: ``errors`` holds every one of them
    (``dunning.io.RowError``: line, column, value, message), not just the first."""

    def __init__(self, errors: Sequence[Any]) -> None:
        self.errors = tuple(errors)
        shown = "; ".join(str(e) for e in self.errors[:5])
        more = f"; and {len(self.errors) - 5} more" if len(self.errors) > 5 else ""
        first = self.errors[0] if self.errors else None
        super().__init__(
            f"{len(self.errors)} bad row(s): {shown}{more}",
            field=getattr(first, "column", None),
            value=getattr(first, "value", None),
            row=getattr(first, "line", None),
        )


class PolicyError(DunningError):
    """Something is wrong with a contact policy or its lookup."""


class UnknownCountryError(PolicyError, LookupError):
    """No built-in contact policy exists for the requested country or subdivision."""

    def __init__(self, message: str, *, country: str, subdivision: str | None = None) -> None:
        super().__init__(message)
        self.country = country
        self.subdivision = subdivision


class PolicyDefinitionError(PolicyError, ValueError):
    """A contact policy that is inconsistent as written (a window that closes before it opens)."""


class TemplateError(DunningError):
    """A message template that cannot be rendered; ``template`` names it."""

    def __init__(self, message: str, *, template: str | None = None) -> None:
        super().__init__(f"template {template!r}: {message}" if template else message)
        self.template = template


class TemplateNotFoundError(TemplateError, LookupError):
    """No template exists for a key in any of the locales tried."""


class TemplateVariableError(TemplateError, KeyError):
    """The template uses a variable that the context does not have."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class TemplateSecurityError(TemplateError):
    """The template tried to reach Python internals (sandbox violation)."""


class TemplateLimitError(TemplateError):
    """The template needed more than the sandbox allows: a range, a string, an integer or the
    output too large, too many steps, too long to render, too deep a recursion. ``limit`` names
    the limit (``"range"``, ``"string"``, ``"int"``, ``"output"``, ``"steps"``, ``"seconds"``,
    ``"source"``, ``"depth"``, ``"memory"``; see :class:`~dunning.templates.TemplateLimits`)."""

    def __init__(
        self, message: str, *, template: str | None = None, limit: str | None = None
    ) -> None:
        super().__init__(message, template=template)
        self.limit = limit


class ChannelError(DunningError):
    """A channel adapter could not hand a message over to its provider.

    ``channel`` and ``message_id`` say which send failed, ``provider_code`` is the provider's own
    error code (Meta's ``error.code``, Twilio's ``code``, the SMTP reply code) and
    ``status_code`` the HTTP status (``None`` when there was no HTTP answer). Messages never
    contain credentials: adapters redact them before raising.
    """

    def __init__(
        self,
        message: str,
        *,
        channel: ChannelKind | str | None = None,
        message_id: str | None = None,
        debtor_id: str | None = None,
        provider_code: int | None = None,
        status_code: int | None = None,
    ) -> None:
        details = []
        if provider_code is not None:
            details.append(f"code {provider_code}")
        if status_code is not None:
            details.append(f"HTTP {status_code}")
        if message_id is not None:
            details.append(f"message {message_id}")
        prefix = f"{channel}: " if channel else ""
        suffix = f" [{', '.join(details)}]" if details else ""
        super().__init__(prefix + message + suffix)
        self.detail = message
        self.channel = channel
        self.message_id = message_id
        self.debtor_id = debtor_id
        self.provider_code = provider_code
        self.status_code = status_code


class RetryableError(ChannelError):
    """A failure worth retrying later: throttling, a provider outage, a network error.

    ``retry_after`` is the delay in seconds the provider asked for (``Retry-After``) or its
    documented backoff for that code, ``None`` when the caller's own backoff applies.
    ``may_have_sent`` is true when the provider may have accepted the message anyway (a timeout
    after the request left, a dropped connection, an unreadable success answer): neither WhatsApp
    nor Twilio takes an idempotency key, so retrying such a send can deliver it twice.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        may_have_sent: bool = False,
        channel: ChannelKind | str | None = None,
        message_id: str | None = None,
        debtor_id: str | None = None,
        provider_code: int | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(
            message,
            channel=channel,
            message_id=message_id,
            debtor_id=debtor_id,
            provider_code=provider_code,
            status_code=status_code,
        )
        self.retry_after = retry_after
        self.may_have_sent = may_have_sent


class PermanentError(ChannelError):
    """A failure that retrying will not fix: a bad address, a rejected template, bad credentials.

    The provider did not accept the message; try another channel, fix the configuration, or
    record the failure.
    """


class OptedOutError(PermanentError):
    """The recipient opted out at the provider (Twilio 21610 after STOP, WhatsApp 131050).

    ``ConsentRevoked.from_opt_out(error, at=...)`` (:mod:`dunning.events`) gives the fact to append
    to the history so the planner stops using this channel for the debtor.
    """


class NotOnChannelError(PermanentError):
    """The address cannot receive on this channel (not a WhatsApp number, a landline for SMS,
    a mailbox that does not exist): fall back to another channel for this debtor."""


class WebhookError(DunningError):
    """An inbound webhook (WhatsApp Cloud API, Twilio) that cannot be trusted or used.

    ``provider`` names who sent it (``"whatsapp"``, ``"twilio"``). Messages never contain the
    app secret, verify token or auth token, nor the signature that was expected.
    """

    def __init__(self, message: str, *, provider: str | None = None) -> None:
        super().__init__(f"{provider} webhook: {message}" if provider else message)
        self.detail = message
        self.provider = provider


class SignatureError(WebhookError):
    """The request is not proven to come from the provider: a missing, garbled or wrong
    signature header, or a verification handshake with the wrong mode or verify token.

    Answer ``403`` and do not look at the body.
    """


class MalformedWebhookError(WebhookError, ValueError):
    """The body does not parse, or has the wrong shape: ``path`` says where (a JSON path such as
    ``entry[0].changes[0].value.messages[1].timestamp``, or a form field name).

    Answer ``400``: the provider will not fix it by retrying, so log it for a human.
    """

    def __init__(
        self, message: str, *, provider: str | None = None, path: str | None = None
    ) -> None:
        super().__init__(f"{path}: {message}" if path else message, provider=provider)
        self.detail = message
        self.path = path


class LinkError(DunningError, ValueError):
    """A debtor portal link, session cookie or form token that must not be trusted. ``reason``
    says why: ``"malformed"`` (not a token at all), ``"signature"`` (tampered, or signed with
    another secret), ``"expired"`` or ``"purpose"`` (a token made for something else).

    Messages never contain the token, its signature or the secret. Answer ``403`` (``400`` for
    ``"malformed"`` is fine too): the debtor needs a fresh link, not a retry.
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class PaymentPlanError(InputError):
    """Debts or rules from which no payment plan can be offered: a debt that is not open, debts
    of two debtors or in two currencies, nothing outstanding, or inconsistent plan rules.
    ``field`` names the offending field (``debts.1.status``) and ``value`` what was given."""


class OutboxError(DunningError):
    """The outbox could not be read or written. ``path`` names the database, ``operation`` what
    was being done; the driver's own error is the ``__cause__``."""

    def __init__(self, message: str, *, path: str | None = None, operation: str | None = None):
        where = f"outbox {path!r}" if path else "outbox"
        doing = f" ({operation})" if operation else ""
        super().__init__(f"{where}{doing}: {message}")
        self.detail = message
        self.path = path
        self.operation = operation


class OutboxFullError(OutboxError):
    """The disk, or the database's size limit, is full: free space, then dispatch again."""


class OutboxReadOnlyError(OutboxError):
    """The outbox file or its folder cannot be written (permissions, a read-only mount)."""


class OutboxBusyError(OutboxError):
    """Another connection held the database lock for longer than the outbox's ``timeout``."""
