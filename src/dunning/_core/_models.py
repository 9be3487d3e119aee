"""The portfolio: debtors, their consents, their debts, and the creditor who collects."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import phonenumbers
from babel import Locale
from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import TzInfo

from ._base import Model
from ._errors import InputError, PhoneNumberError
from ._kinds import ChannelKind
from ._money import Money
from ._subdivisions import check_subdivision, country_subdivisions, phone_subdivision
from ._text import parse_locale
from ._timezones import (
    SAFE_AFTER_YEAR,
    SAFE_BEFORE_YEAR,
    canonical_zone,
    country_zones,
    ensure_aware,
    get_zone,
    phone_zone_candidates,
)

__all__ = [
    "ChannelKind",
    "Consent",
    "Creditor",
    "Debt",
    "DebtStatus",
    "Debtor",
    "aware",
]


def _aware(value: Any, info: Any) -> Any:
    if isinstance(value, datetime):
        zone = value.tzinfo
        if type(zone) is TzInfo:
            # Pydantic parses an offset in text into its own tzinfo, whose utcoffset is a call
            # into pydantic-core: comparing or converting such a datetime costs ten times more
            # than with the standard library's ``timezone`` of the same offset (the same wall
            # time, offset, ``isoformat`` and JSON; ``timezone.utc`` itself for UTC). A history
            # is compared and converted many times, so it gets the standard one (first: the
            # range checks below compare it too).
            fixed = _FIXED.get(zone)
            if fixed is None:
                fixed = timezone(zone.utcoffset(value) or timedelta(0))
                if len(_FIXED) < 1024:  # offsets are few; any text may come
                    _FIXED[zone] = fixed
            value = datetime(
                value.year,
                value.month,
                value.day,
                value.hour,
                value.minute,
                value.second,
                value.microsecond,
                fixed,  # a fixed offset: ``fold`` means nothing to it
            )
        if type(value.tzinfo) is timezone and SAFE_AFTER_YEAR < value.year < SAFE_BEFORE_YEAR:
            return value  # what ensure_aware returns for it, without the call (a history's times)
        return ensure_aware(value, info.field_name or "datetime")
    return value


_FIXED: dict[Any, timezone] = {}


aware = AfterValidator(_aware)
"""Pydantic validator: refuse naive datetimes, naming the field."""

AwareDatetime = Annotated[datetime, aware]


@lru_cache(maxsize=1)
def _iso_countries() -> frozenset[str]:
    codes = [str(code) for code in Locale("en").territories]
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


def _check_country(value: Any, field: str = "country") -> str:
    if not isinstance(value, str) or value.upper() not in _iso_countries():
        raise InputError(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code", field=field, value=value
        )
    return value.upper()


class Consent(Model):
    """Recorded authorisation to contact a debtor on one channel.

    ``source`` says where the proof lives (``"signup form v3"``, ``"whatsapp opt-in 2026-01-05"``).

    >>> from datetime import datetime, timezone
    >>> Consent(channel="whatsapp", granted_at=datetime(2026, 1, 5, tzinfo=timezone.utc),
    ...         source="checkout opt-in").channel
    <ChannelKind.WHATSAPP: 'whatsapp'>
    """

    channel: ChannelKind
    granted_at: AwareDatetime
    source: str = Field(min_length=1)
    revoked_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _order(self) -> Consent:
        if self.revoked_at is not None and self.revoked_at < self.granted_at:
            raise InputError(
                f"revoked_at {self.revoked_at.isoformat()} is before granted_at "
                f"{self.granted_at.isoformat()}",
                field="revoked_at",
                value=self.revoked_at,
            )
        return self


class Debtor(Model):
    """A person or company that owes money, with what it takes to reach them lawfully.

    * ``phone`` is parsed with ``phonenumbers`` (the debtor's ``country`` is the default region)
      and stored in E.164; an invalid number raises :class:`~dunning.PhoneNumberError`.
    * ``locale`` defaults to the country's likeliest language (``es_CL``, ``pt_BR``, ``en_US``).
    * ``timezone`` is the IANA zone where the debtor lives, and it overrides every guess. When
      absent, a phone number's zones are **candidates**, never proof: ``phonenumbers``' zone for
      the area code, corrected where it is known to be wrong or too narrow
      (:data:`~dunning._core._timezones.PHONE_ZONE_CORRECTIONS`: Chilean mobiles carry no region, US
      area codes that span two zones, ...); without a phone, every zone of the country. When
      several zones are possible, :attr:`zones` lists them all and the planner only contacts
      the debtor at times allowed in **all** of them (Regulation F's own rule when the collector
      is unsure where the consumer is). Set ``timezone`` to lift that restriction.

    >>> d = Debtor(id="c-1", name="Ana Pérez", country="CL", phone="+56 9 6123 4567")
    >>> d.phone, d.locale, d.zones[0], len(d.zones)  # Magallanes, Aysén, Easter Island too
    ('+56961234567', 'es_CL', 'America/Santiago', 4)
    >>> Debtor(id="c-1", name="Ana", country="CL", phone="+56 9 6123 4567",
    ...        timezone="America/Punta_Arenas").zones
    ('America/Punta_Arenas',)
    """

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    country: str
    subdivision: str | None = None
    locale: str | None = None
    timezone: str | None = None
    phone: str | None = None
    email: str | None = None
    consents: tuple[Consent, ...] = ()
    attributes: dict[str, Any] = Field(default_factory=dict)
    phone_type: Literal["mobile", "home", "work", "other"] | None = None
    """The kind of line ``phone`` is, when known; ``None`` is unknown, under which caps for
    any kind bind (Massachusetts' 2 per 30 days at numbers other than home or mobile)."""
    represented_by_attorney: bool = False
    """The debtor has told you an attorney represents them about the debt: contact stops
    (12 CFR 1006.6(b)(2); prudent elsewhere)."""
    workplace_contact_forbidden: bool = False
    """The debtor's employer forbids collection contact at work: no call or text to a work
    number (12 CFR 1006.6(b)(3); prudent elsewhere)."""
    address: str | None = Field(default=None, min_length=1, max_length=500)
    """Postal address where an agent may visit the debtor (``visit`` steps); ``None``: no visit
    is planned (skipped ``no_address``)."""

    _zones: tuple[str, ...] = PrivateAttr(default=())
    _subdivisions: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> str:
        return _check_country(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        local, _, domain = value.rpartition("@")
        # Stripped, it holds whitespace exactly when it splits in more than one part (``split``
        # and ``isspace`` know the same characters as whitespace): 0.1 against 0.7 µs a loop.
        if not local or "." not in domain or len(value.split()) != 1:
            raise InputError(f"{value!r} is not an e-mail address", field="email", value=value)
        return value

    @field_validator("address")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = " ".join(value.split())
        if not text:
            raise InputError("an address cannot be blank", field="address", value=value)
        return text

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        if value is not None:
            get_zone(value)
        return value

    @model_validator(mode="after")
    def _derive(self) -> Debtor:
        data = self.__dict__
        if self.subdivision is not None:
            data["subdivision"] = _check_subdivision(self.country, self.subdivision)
        data["locale"] = _check_locale(self.locale, self.country)
        phone_zones: tuple[str, ...] = ()
        hint: str | None = None
        if self.phone is not None:
            data["phone"], phone_zones, hint = _parse_phone(self.phone, self.country)
        self._zones = _infer_zones(self.timezone, phone_zones, self.country)
        if self.subdivision is not None:
            self._subdivisions = (self.subdivision,)
        elif hint is not None:
            self._subdivisions = (hint,)
        else:
            self._subdivisions = country_subdivisions(self.country)
        return self

    @property
    def subdivisions(self) -> tuple[str, ...]:
        """Candidate subdivisions (states, regions): ``subdivision`` when given; else the state
        of the phone's area code where that is reliable (Brazilian DDD, US area code); else every
        subdivision of the country (``()`` for countries without any). The rules and holidays of
        every candidate apply.

        >>> Debtor(id="d", name="A", country="BR", phone="+55 11 98765 4321").subdivisions
        ('SP',)
        >>> len(Debtor(id="d", name="A", country="CL").subdivisions)  # every Chilean region
        16
        """
        return self._private()["_subdivisions"]  # type: ignore[no-any-return]

    @property
    def zones(self) -> tuple[str, ...]:
        """Candidate IANA zones: one when known, several when only the country is known."""
        return self._private()["_zones"]  # type: ignore[no-any-return]

    @property
    def zone(self) -> ZoneInfo:
        """The zone used for the debtor's calendar dates (the first of :attr:`zones`)."""
        return get_zone(self._private()["_zones"][0])

    def _private(self) -> dict[str, Any]:
        # The private attributes' dict, read from its slot: ``self._zones`` goes through
        # pydantic's ``__getattr__`` (about 1 µs; the planner reads them for every debtor).
        return self.__pydantic_private__  # type: ignore[return-value]

    def address_for(self, channel: ChannelKind | str) -> str | None:
        """The address to use on ``channel`` (E.164 phone, e-mail, or the postal address for a
        visit), or ``None``."""
        kind = channel if isinstance(channel, ChannelKind) else ChannelKind(channel)
        if kind in (ChannelKind.SMS, ChannelKind.WHATSAPP, ChannelKind.CALL):
            return self.phone
        if kind is ChannelKind.EMAIL:
            return self.email
        if kind is ChannelKind.VISIT:
            return self.address
        return None

    def __hash__(self) -> int:
        # Equal debtors share an id, so the id is a hash consistent with ``==``; the free-form
        # ``attributes`` dict would make the field-wise hash fail.
        return hash((Debtor, self.id))

    def __repr__(self) -> str:
        return f"Debtor(id={self.id!r}, name={self.name!r}, country={self.country!r})"


def _check_subdivision(country: str, subdivision: str) -> str:
    return check_subdivision(country, subdivision)


@lru_cache(maxsize=256)
def _check_locale(value: str | None, country: str) -> str:
    parsed = parse_locale(value) if value else parse_locale(f"und_{country}")
    return str(parsed if value else Locale(parsed.language, parsed.territory))


@lru_cache(maxsize=1 << 16)
def _parse_phone(raw: str, country: str) -> tuple[str, tuple[str, ...], str | None]:
    """E.164, candidate zones and subdivision hint of ``raw`` read in ``country`` (cached per
    raw text and region, bounded: a debtor loaded again, from another file or on the next
    day's run, is not parsed again; an invalid number raises every time)."""
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(
            f"cannot parse phone number {raw!r}: {exc}", field="phone", value=raw
        ) from None
    # The number's type, computed once: ``number_type`` is UNKNOWN exactly when
    # ``is_valid_number`` is false (both match the number against the patterns of the region
    # its digits belong to), and the zones need the type again.
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        raise PhoneNumberError(
            f"{raw!r} is not a valid phone number (default region {country})",
            field="phone",
            value=raw,
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # The main region of the calling code (+1 is "US"): area codes are unique across the NANP,
    # so the zone and state tables keyed by US area codes never match a Canadian number, and
    # this avoids testing the number against every NANP region.
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    return (
        e164,
        phone_zone_candidates(number, region, kind),
        phone_subdivision(number, country, region),
    )


@lru_cache(maxsize=4096)
def _infer_zones(
    explicit: str | None, phone_zones: tuple[str, ...], country: str
) -> tuple[str, ...]:
    if explicit is not None:
        return (explicit,)
    national = country_zones(country)
    if phone_zones:
        # Keep the phone's zones that belong to the debtor's country (a foreign number says
        # little about where the debtor is); canonical names come from the country's list.
        matches = tuple(dict.fromkeys(canonical_zone(z) for z in phone_zones))
        in_country = tuple(z for z in matches if z in national)
        if in_country:
            return in_country
    if national:
        return national
    if phone_zones:
        return phone_zones
    raise InputError(
        f"cannot infer a time zone for country {country!r}; pass timezone=...",
        field="timezone",
        value=None,
    )


class DebtStatus(StrEnum):
    """Lifecycle of a debt. Only ``open`` debts are chased."""

    OPEN = "open"
    DRAFT = "draft"
    CANCELLED = "cancelled"
    PAID = "paid"
    WRITTEN_OFF = "written_off"


class Debt(Model):
    """Money a debtor owes: an invoice, a loan instalment, a card balance.

    ``outstanding`` defaults to ``amount``; payments recorded as events lower it further.
    Debts that are not ``open`` or have no ``due_date`` are never chased.

    >>> from datetime import date
    >>> Debt(id="inv-1", debtor_id="c-1", amount=Money("30000", "CLP"),
    ...      due_date=date(2026, 11, 30)).outstanding
    Money('30000', 'CLP')
    """

    id: str = Field(min_length=1)
    debtor_id: str = Field(min_length=1)
    amount: Money
    outstanding: Money | None = None
    issued_on: date | None = None
    due_date: date | None = None
    paid_on: date | None = None
    reference: str | None = None
    kind: str = "invoice"
    payment_url: str | None = None
    status: DebtStatus = DebtStatus.OPEN

    @model_validator(mode="after")
    def _outstanding(self) -> Debt:
        if self.amount.amount <= 0:
            raise InputError(
                f"a debt's amount must be positive, got {self.amount}",
                field="amount",
                value=self.amount,
            )
        if self.outstanding is not None and self.outstanding.amount < 0:
            raise InputError(
                f"outstanding cannot be negative, got {self.outstanding}",
                field="outstanding",
                value=self.outstanding,
            )
        if self.outstanding is None:
            self.__dict__["outstanding"] = self.amount
        elif self.outstanding.currency != self.amount.currency:
            raise InputError(
                f"outstanding is in {self.outstanding.currency} but amount is in "
                f"{self.amount.currency}",
                field="outstanding",
                value=self.outstanding,
            )
        if self.issued_on and self.due_date and self.due_date < self.issued_on:
            raise InputError(
                f"due_date {self.due_date} is before issued_on {self.issued_on}",
                field="due_date",
                value=self.due_date,
            )
        return self

    @property
    def balance(self) -> Money:
        """What is still owed before any payment events (``outstanding``)."""
        assert self.outstanding is not None
        return self.outstanding

    def __repr__(self) -> str:
        return (
            f"Debt(id={self.id!r}, debtor_id={self.debtor_id!r}, outstanding={self.balance!r}, "
            f"due_date={self.due_date!r}, status={self.status.value!r})"
        )


class Creditor(Model):
    """The company collecting: how it is named in messages and identified by law.

    Some countries require identification in every collection message (Brazil, CDC art. 42-A:
    name, address and CPF/CNPJ): the planner skips steps whose creditor lacks the data a
    policy's :class:`~dunning.policy.ContentRule` needs, with ``missing_required_content``.

    >>> Creditor(name="Tienda Sur SpA", tax_id="76.123.456-7", contact="+56 2 2345 6789").name
    'Tienda Sur SpA'
    """

    name: str = Field(min_length=1)
    legal_name: str | None = None
    tax_id: str | None = None
    address: str | None = None
    contact: str | None = None
    website: str | None = None
    debt_collector: bool = False
    """A third-party collector or debt buyer (Regulation F's "debt collector"), not the
    creditor collecting its own debts: rules that bind collectors only apply."""
