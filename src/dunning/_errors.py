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
    │   └── PortfolioError                 inconsistent debtors/debts/history given to the planner
    ├── PolicyError
    │   ├── UnknownCountryError (LookupError)   no built-in policy for a country code
    │   └── PolicyDefinitionError (ValueError)  a policy that cannot be evaluated as written
    └── TemplateError                       a message template that cannot be rendered
        ├── TemplateNotFoundError (LookupError) no template for a key in any locale tried
        ├── TemplateVariableError (KeyError)    a variable the template uses was not given
        └── TemplateSecurityError               a template reached for Python internals

Errors carry their context as attributes (``field``, ``value``, ``row``) as well as in the message.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CurrencyError",
    "DunningError",
    "InputError",
    "NaiveDatetimeError",
    "PhoneNumberError",
    "PolicyDefinitionError",
    "PolicyError",
    "PortfolioError",
    "TemplateError",
    "TemplateNotFoundError",
    "TemplateSecurityError",
    "TemplateVariableError",
    "TimezoneError",
    "UnknownCountryError",
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
