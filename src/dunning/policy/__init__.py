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
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._core._errors import UnknownCountryError
from .._core._subdivisions import check_subdivision
from ._common import PLATFORM_RULES
from ._fees import (
    CHILE_COLLECTION_FEES,
    COLOMBIA_INTEREST_CAP,
    CollectionFeeRule,
    FeeCharge,
    FeeLine,
    FeeTier,
    InterestCapRule,
    InterestCharge,
    capped_interest,
    collection_fee,
    free_notice_given,
)
from ._policy import ContactPolicy
from ._rules import (
    Basis,
    ConsentRule,
    ContentRule,
    FrequencyCap,
    HolidayCalendar,
    HoursRule,
    PhoneType,
    QuietPeriod,
    RegisterRule,
    Source,
    StopCondition,
    StopRule,
    SuppressionList,
    Violation,
    Window,
)

if TYPE_CHECKING:
    from .._core._models import Debtor

__all__ = [
    "CHILE_COLLECTION_FEES",
    "COLOMBIA_INTEREST_CAP",
    "COUNTRIES",
    "PLATFORM_RULES",
    "Basis",
    "CollectionFeeRule",
    "ConsentRule",
    "ContactPolicy",
    "ContentRule",
    "FeeCharge",
    "FeeLine",
    "FeeTier",
    "FrequencyCap",
    "HolidayCalendar",
    "HoursRule",
    "InterestCapRule",
    "InterestCharge",
    "PhoneType",
    "QuietPeriod",
    "RegisterRule",
    "Source",
    "StopCondition",
    "StopRule",
    "SuppressionList",
    "Violation",
    "Window",
    "capped_interest",
    "collection_fee",
    "for_country",
    "for_debtor",
    "for_phone_type",
    "free_notice_given",
    "subdivision_rules",
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
    sub = None
    if subdivision:
        try:
            sub = check_subdivision(country, subdivision)
        except ValueError as exc:
            raise UnknownCountryError(str(exc), country=country, subdivision=subdivision) from None
    return _load(country, sub)


def subdivision_rules(code: str, subdivision: str) -> ContactPolicy:
    """Only what a subdivision adds to its country's built-in policy: its own laws and its
    holiday calendar (which includes the national holidays).

    :func:`for_debtor` layers these on top of a country-level override, so that replacing or
    extending the national rules (``policies={"BR": for_country("BR").with_holidays(...)}``)
    never drops a state's law.

    >>> [r.source.citation for r in subdivision_rules("BR", "SP").hours][:1]
    ['Lei estadual SP 15.426/2014 art. 2']
    """
    state = for_country(code, subdivision)
    national = for_country(code)

    def extra(field: str) -> tuple[Any, ...]:
        mine = getattr(national, field)
        return tuple(rule for rule in getattr(state, field) if rule not in mine)

    fields = (
        "hours",
        "holidays",
        "caps",
        "consent",
        "stops",
        "content",
        "quiet_periods",
        "registers",
    )
    return ContactPolicy(
        name=state.name,
        country=state.country,
        subdivision=state.subdivision,
        notes=extra("notes"),
        **{field: extra(field) for field in fields},
    )


def for_debtor(
    debtor: Debtor, overrides: Mapping[str, ContactPolicy] | None = None
) -> ContactPolicy:
    """The legal policy for ``debtor``, for **every** subdivision they may be in.

    For each candidate in :attr:`Debtor.subdivisions <dunning.Debtor.subdivisions>`: an
    override for that subdivision (key ``"BR-SP"``) replaces its rules; otherwise the country's
    rules (the override for the country, key ``"BR"``, or the built-in ones) apply with the
    subdivision's own rules and holidays layered on top. The candidates are then merged (the
    stricter of all). Unknown countries without an override raise
    :class:`~dunning.UnknownCountryError`.

    >>> from dunning import Debtor
    >>> for_debtor(Debtor(id="d", name="A", country="US", phone="+1 617 555 0100")).name
    'US-MA'
    """
    country = debtor.country
    keyed = {key.upper(): value for key, value in (overrides or {}).items()}
    base = keyed.get(country)
    subdivisions = debtor.subdivisions
    if not subdivisions or (base is None and country not in COUNTRIES):
        found = base if base is not None else for_country(country)
    else:
        found = _for_candidates(country, subdivisions, base, keyed)
    return for_phone_type(found, debtor.phone_type)


def for_phone_type(policy: ContactPolicy, phone_type: str | None) -> ContactPolicy:
    """``policy`` without the caps that do not bind a phone of ``phone_type`` (``None``:
    unknown, under which every cap binds).

    >>> ma = for_country("US", "MA")
    >>> len(for_phone_type(ma, "mobile").caps) < len(for_phone_type(ma, None).caps)
    True
    """
    caps = tuple(cap for cap in policy.caps if cap.binds(phone_type))
    if len(caps) == len(policy.caps):
        return policy
    return policy.model_copy(update={"caps": caps})


def _for_candidates(
    country: str,
    subdivisions: tuple[str, ...],
    base: ContactPolicy | None,
    keyed: Mapping[str, ContactPolicy],
) -> ContactPolicy:
    parts: list[ContactPolicy] = []
    for sub in subdivisions:
        exact = keyed.get(f"{country}-{sub}".upper())
        if exact is not None:
            parts.append(exact)
        elif base is None:
            parts.append(for_country(country, sub))
        else:
            layer = subdivision_rules(country, sub)
            parts.append(base.merge(layer).model_copy(update={"name": f"{base.name}+{sub}"}))
    merged = parts[0]
    for part in parts[1:]:
        if part is not merged:
            merged = merged.merge(part)
    if len(parts) == 1:
        return merged
    return merged.model_copy(
        update={
            "name": f"{country} (any of {len(parts)} subdivisions)",
            "subdivision": None,
        }
    )


@lru_cache(maxsize=256)
def _load(country: str, subdivision: str | None) -> ContactPolicy:
    module = importlib.import_module(f"{__name__}.{COUNTRIES[country]}")
    policy: ContactPolicy = module.policy(subdivision)
    # The platform's own rules (WhatsApp opt-in) hold in every country.
    return policy.model_copy(
        update={"consent": tuple(dict.fromkeys((*policy.consent, *PLATFORM_RULES.consent)))}
    )


from .._core._public import publish as _publish  # noqa: E402  (once every exported name is bound)

_publish(globals())
