"""Contact policies: when, how often and on which channels a debtor may be contacted.

A :class:`ContactPolicy` is data. Built-in policies for each supported country live in one module
per country (``dunning.policy.chile``, ...), every rule carrying its legal source; look them up
with :func:`for_country`::

    >>> from dunning.policy import for_country
    >>> policy = for_country("BR", "SP")
    >>> policy.name
    'BR-SP'

``ContactPolicy.merge`` combines policies into the stricter one (use it for house rules).
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from .._errors import UnknownCountryError
from ._common import PLATFORM_RULES
from ._model import (
    Basis,
    ConsentRule,
    ContactPolicy,
    ContentRule,
    FrequencyCap,
    HolidayCalendar,
    HoursRule,
    QuietPeriod,
    Source,
    StopCondition,
    StopRule,
    Violation,
    Window,
)

__all__ = [
    "COUNTRIES",
    "PLATFORM_RULES",
    "Basis",
    "ConsentRule",
    "ContactPolicy",
    "ContentRule",
    "FrequencyCap",
    "HolidayCalendar",
    "HoursRule",
    "QuietPeriod",
    "Source",
    "StopCondition",
    "StopRule",
    "Violation",
    "Window",
    "for_country",
]

COUNTRIES: dict[str, str] = {
    "AR": "argentina",
    "BR": "brazil",
    "CL": "chile",
    "CO": "colombia",
    "MX": "mexico",
    "PE": "peru",
    "US": "united_states",
}
"""ISO 3166-1 alpha-2 code → module with the built-in policy (imported on first use)."""


def for_country(code: str, subdivision: str | None = None) -> ContactPolicy:
    """The built-in contact policy for a country (and optionally a state or region).

    ``subdivision`` is the ISO 3166-2 suffix (``"SP"``, ``"MA"``, ``"RM"``): it selects the
    holiday calendar of that subdivision and any state law (São Paulo, Massachusetts).
    Unknown countries raise :class:`~dunning.UnknownCountryError` (a ``LookupError``).

    >>> for_country("US", "MA").name
    'US-MA'
    """
    country = code.upper() if isinstance(code, str) else code
    if country not in COUNTRIES:
        raise UnknownCountryError(
            f"no built-in contact policy for country {code!r}; built in: "
            f"{', '.join(sorted(COUNTRIES))}. Pass your own ContactPolicy via "
            f"Planner(policies={{{code!r}: ...}})",
            country=str(code),
        )
    sub = subdivision.upper().removeprefix(f"{country}-") if subdivision else None
    if sub is not None:
        from .._models import _check_subdivision

        try:
            sub = _check_subdivision(country, sub)
        except ValueError as exc:
            raise UnknownCountryError(str(exc), country=country, subdivision=subdivision) from None
    return _load(country, sub)


@lru_cache(maxsize=256)
def _load(country: str, subdivision: str | None) -> ContactPolicy:
    module = importlib.import_module(f"{__name__}.{COUNTRIES[country]}")
    policy: ContactPolicy = module.policy(subdivision)
    # The platform's own rules (WhatsApp opt-in) hold in every country.
    return policy.model_copy(
        update={"consent": tuple(dict.fromkeys((*policy.consent, *PLATFORM_RULES.consent)))}
    )
