"""A synthetic portfolio with hidden per-debtor propensities, and the calibration behind it.

Every default of :class:`Calibration` names its source: an effect size from the published
studies collected in ``docs/simulation.md`` (Cadena & Schoar, NBER w17020; Haynes et al.,
J. Policy Anal. Manage. 2013; Karlan et al., Management Science 2016; Chehrazi & Weber,
Management Science 2015; the Commercial Collection Agencies of America collectability survey),
or the word *assumption* where no source gives a number.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import phonenumbers

from .._core._kinds import ChannelKind
from .._core._models import Consent, Creditor, Debt, Debtor
from .._core._money import Money
from .._core._timezones import UTC, ensure_aware
from ..events import Event

__all__ = [
    "Calibration",
    "Market",
    "Propensity",
    "SyntheticPortfolio",
    "portfolio_from",
    "synthetic_portfolio",
]


@dataclass(frozen=True)
class Market:
    """Where synthetic debtors live: country, subdivision, IANA zone, locale, currency, a typical
    balance (in major units) and a mobile prefix to draw valid numbers from."""

    country: str
    subdivision: str | None
    timezone: str
    locale: str
    currency: str
    base_amount: int
    phone_prefix: str
    phone_digits: int


DEFAULT_MARKETS: tuple[Market, ...] = (
    Market("CL", None, "America/Santiago", "es-CL", "CLP", 45_000, "+5696", 7),
    Market("MX", None, "America/Mexico_City", "es-MX", "MXN", 3_200, "+5255", 8),
    Market("CO", None, "America/Bogota", "es-CO", "COP", 380_000, "+57310", 7),
    Market("PE", None, "America/Lima", "es-PE", "PEN", 420, "+51987", 6),
    Market("BR", "SP", "America/Sao_Paulo", "pt-BR", "BRL", 890, "+551199", 7),
    Market("AR", None, "America/Argentina/Buenos_Aires", "es-AR", "ARS", 90_000, "+54911", 8),
)


# Collectable share of a balance by days past due: Commercial Collection Agencies of America
# survey (~69 % at 3 months, ~51 % at 6, ~9 % at 12). The point at 0 days (1.0) is an assumption.
_COLLECTABILITY = ((0, 1.0), (90, 0.69), (180, 0.51), (365, 0.09))


def collectability(days_past_due: int) -> float:
    """The CCAA collectability curve, linearly interpolated (flat after 365 days).

    >>> collectability(90), round(collectability(135), 2), collectability(400)
    (0.69, 0.6, 0.09)
    """
    if days_past_due <= 0:
        return 1.0
    for (d0, v0), (d1, v1) in itertools.pairwise(_COLLECTABILITY):
        if days_past_due <= d1:
            return v0 + (v1 - v0) * (days_past_due - d0) / (d1 - d0)
    return _COLLECTABILITY[-1][1]


@dataclass(frozen=True)
class Calibration:
    """The simulator's behavioural parameters. Each field's comment is its source.

    >>> Calibration().reminder_lift
    0.085
    """

    # -- paying before the due date --
    on_time_rate: float = 0.6
    """Share of not-yet-due debts paid by their due date with no message: *assumption*."""
    reminder_lift: float = 0.085
    """Relative rise of that share when a pre-due reminder is delivered before the due date.
    Cadena & Schoar (NBER w17020): a pre-due SMS raised on-time repayment by 7–9 %; their effect
    is per debtor assigned, so it is divided by ``delivery_rate`` (0.085 × 0.94 ≈ 0.08)."""
    extra_reminder_lift: float = 0.0
    """What a second pre-due reminder adds: Karlan et al. (Management Science 2016), additional
    reminders add little; 0 here."""
    # -- paying after it --
    late_daily_rate: float = 0.012
    """Daily chance a past-due debt of an average debtor is paid with no message: *assumption*;
    it decays with days past due along the CCAA collectability curve (see ``collectability``)."""
    read_response_multiplier: float = 23 / 5
    """A message read today or yesterday multiplies that daily chance by 23/5: Haynes et al.
    (2013), response 5 % with no text, 23 % with a standard text."""
    named_response_multiplier: float = 33 / 23
    """… and by 33/23 more when the message names the debtor: Haynes et al. (2013), 33 % with
    the person's name against 23 % with a standard text."""
    payment_excitation: float = 2.0
    """Multiplier of the daily chance for 7 days after a (partial) payment: Chehrazi & Weber
    (2015) find repayment self-exciting; the size is an *assumption*."""
    partial_share: float = 0.25
    """Share of payments that pay half the balance, not all of it: *assumption*."""
    payday_multiplier: float = 2.0
    """Multiplier of the daily chance on the debtor's payday: *assumption*."""
    # -- messages --
    delivery_rate: float = 0.94
    """Share of accepted messages delivered: *assumption*."""
    read_rates: tuple[tuple[ChannelKind, float], ...] = (
        (ChannelKind.SMS, 0.7),
        (ChannelKind.WHATSAPP, 0.8),
        (ChannelKind.EMAIL, 0.35),
    )
    """Chance a delivered message is read, by channel: *assumption*."""
    off_peak_attention: float = 0.6
    """Read chance multiplier outside the debtor's attention hours (peak ± 2 h, local):
    *assumption*."""
    preferred_channel_boost: float = 1.25
    """Read chance multiplier on the debtor's preferred channel: *assumption*."""
    reply_rate: float = 0.15
    """Chance a read message is answered: *assumption*."""
    reply_mix: tuple[tuple[str, float], ...] = (
        ("promise_to_pay", 0.45),
        ("ack", 0.25),
        ("hardship", 0.1),
        ("wants_agent", 0.07),
        ("dispute", 0.05),
        ("opt_out", 0.08),
    )
    """What replies say: *assumption* (no public contact-level data set of known origin)."""
    promise_kept_rate: float = 0.6
    """Chance a promise is paid on its date: *assumption* (Oracle's KPI defines the rate, not
    its size)."""
    # -- answering the WhatsApp bot (``simulate(..., bot=True)``) --
    plan_accept_rate: float = 0.5
    """Chance a debtor shown the bot's payment-plan offers (after writing about hardship) taps
    one; debtors with less hidden ability pick more installments: *assumption*."""
    installment_kept_rate: float = 0.6
    """Chance each installment of an accepted plan is paid on its date (the first one missed
    ends the plan): *assumption*, set to ``promise_kept_rate`` for want of a number."""
    opt_out_confirm_rate: float = 0.9
    """Chance a debtor who wrote an opt-out word confirms it when the bot asks (else they tap
    "No, seguir"): *assumption*."""
    opt_out_rate: float = 0.004
    """Chance a delivered message makes the debtor revoke consent, before fatigue: *assumption*."""
    fatigue: float = 0.5
    """Opt-out chance grows by this share per other message in the last 7 days: *assumption*."""
    complaint_rate: float = 0.002
    """Chance a delivered message draws a complaint: *assumption*."""
    # -- the population --
    past_due_share: float = 0.5
    """Share of debts already past due at the start: *assumption*."""
    due_in_days: tuple[int, int] = (1, 14)
    """Not-yet-due debts fall due this many days after the start (both ends included):
    *assumption*."""
    whatsapp_consent: float = 0.7
    """Share of debtors with WhatsApp opt-in: *assumption*."""
    email_consent: float = 0.6
    """Share of debtors with e-mail consent: *assumption*."""

    def read_rate(self, channel: ChannelKind) -> float:
        """The base read chance of ``channel``."""
        return dict(self.read_rates).get(channel, 0.5)


@dataclass(frozen=True)
class Propensity:
    """One debtor's hidden traits (never shown to the planner)."""

    ability: float
    willingness: float
    peak_hour: int
    preferred: ChannelKind
    payday: int

    @property
    def capacity(self) -> float:
        """ability × willingness, scaled to mean 1 over the population (Beta(4, 2) each)."""
        return self.ability * self.willingness / (4 / 6) ** 2


@dataclass(frozen=True)
class SyntheticPortfolio:
    """Debtors, debts and the hidden propensities, ready to plan at ``as_of``."""

    creditor: Creditor
    debtors: tuple[Debtor, ...]
    debts: tuple[Debt, ...]
    propensities: dict[str, Propensity] = field(repr=False)
    as_of: datetime
    calibration: Calibration
    seed: int
    history: tuple[Event, ...] = ()


def _rng(seed: int, *key: object) -> random.Random:
    digest = hashlib.sha256(":".join(map(str, (seed, *key))).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _phone(rng: random.Random, market: Market) -> str:
    for _ in range(100):
        candidate = market.phone_prefix + "".join(
            str(rng.randrange(10)) for _ in range(market.phone_digits)
        )
        if phonenumbers.is_valid_number(phonenumbers.parse(candidate, market.country)):
            return candidate
    raise RuntimeError(f"no valid number for {market.phone_prefix}")  # pragma: no cover


def synthetic_portfolio(
    n: int,
    *,
    seed: int = 0,
    as_of: datetime | None = None,
    calibration: Calibration | None = None,
    markets: tuple[Market, ...] = DEFAULT_MARKETS,
) -> SyntheticPortfolio:
    """``n`` synthetic debtors with one debt each, spread over ``markets``, with hidden
    propensities drawn from ``seed`` (same seed, same portfolio).

    >>> p = synthetic_portfolio(12, seed=1)
    >>> len(p.debtors), len({d.country for d in p.debtors}) > 3
    (12, True)
    """
    start = ensure_aware(as_of, "as_of") if as_of else datetime(2026, 11, 23, 12, tzinfo=UTC)
    cal = calibration or Calibration()
    creditor = Creditor(
        name="Tienda Sur",
        legal_name="Tienda Sur SpA",
        tax_id="76.123.456-7",
        address="Av. Providencia 1234, Santiago",
        contact="pagos@tiendasur.example",
        website="https://tiendasur.example",
    )
    granted = datetime.combine(start.date() - timedelta(days=200), time(12), tzinfo=UTC)
    debtors: list[Debtor] = []
    debts: list[Debt] = []
    hidden: dict[str, Propensity] = {}
    first_names = ("Ana", "Jorge", "Camila", "Luis", "María", "João", "Rosa", "Diego", "Laura")
    for i in range(n):
        rng = _rng(seed, "debtor", i)
        market = markets[i % len(markets)]
        debtor_id = f"s{i:06d}"
        consents = [Consent(channel=ChannelKind.SMS, granted_at=granted, source="contract")]
        channels = [ChannelKind.SMS]
        if rng.random() < cal.whatsapp_consent:
            consents.append(
                Consent(channel=ChannelKind.WHATSAPP, granted_at=granted, source="opt-in")
            )
            channels.append(ChannelKind.WHATSAPP)
        if rng.random() < cal.email_consent:
            consents.append(
                Consent(channel=ChannelKind.EMAIL, granted_at=granted, source="contract")
            )
            channels.append(ChannelKind.EMAIL)
        name = f"{rng.choice(first_names)} Test{i}"
        debtors.append(
            Debtor(
                id=debtor_id,
                name=name,
                country=market.country,
                subdivision=market.subdivision,
                locale=market.locale,
                timezone=market.timezone,
                phone=_phone(rng, market),
                email=f"{debtor_id}@example.com",
                consents=tuple(consents),
                attributes={"market": market.country},
            )
        )
        hidden[debtor_id] = _propensity(rng, channels)
        if rng.random() < cal.past_due_share:
            offset = -rng.randrange(1, 121)
        else:
            offset = rng.randint(*cal.due_in_days)
        due = start.date() + timedelta(days=offset)
        whole = market.base_amount * (1 + rng.randrange(4))
        if market.currency in {"CLP", "COP"}:
            amount = Money(str(whole), market.currency)
        else:
            amount = Money(f"{whole}.{rng.randrange(100):02d}", market.currency)
        debts.append(
            Debt(
                id=f"{debtor_id}-1",
                debtor_id=debtor_id,
                amount=amount,
                issued_on=due - timedelta(days=30),
                due_date=due,
                reference=f"F-{100000 + i}",
                payment_url=f"https://pay.example/{debtor_id}-1",
            )
        )
    return SyntheticPortfolio(creditor, tuple(debtors), tuple(debts), hidden, start, cal, seed)


def _propensity(rng: random.Random, channels: list[ChannelKind]) -> Propensity:
    return Propensity(
        ability=rng.betavariate(4, 2),
        willingness=rng.betavariate(4, 2),
        peak_hour=rng.choice((9, 12, 13, 18, 20)),
        preferred=rng.choice(channels),
        payday=rng.choice((1, 15, 28)),
    )


def portfolio_from(
    creditor: Creditor,
    debtors: Iterable[Debtor],
    debts: Iterable[Debt],
    *,
    as_of: datetime,
    history: Iterable[Event] = (),
    seed: int = 0,
    calibration: Calibration | None = None,
) -> SyntheticPortfolio:
    """Your own debtors and debts (and what already happened to them), with hidden propensities
    drawn from ``seed``, ready to :func:`~dunning.simulate.simulate`.

    >>> from dunning import Creditor, Debtor
    >>> p = portfolio_from(Creditor(name="Tienda"), [Debtor(id="c-1", name="Ana", country="CL")],
    ...                    [], as_of=datetime(2026, 11, 23, 12, tzinfo=UTC))
    >>> list(p.propensities)
    ['c-1']
    """
    people = tuple(debtors)
    hidden = {
        d.id: _propensity(
            _rng(seed, "debtor", d.id), sorted({c.channel for c in d.consents}) or [ChannelKind.SMS]
        )
        for d in people
    }
    return SyntheticPortfolio(
        creditor,
        people,
        tuple(debts),
        hidden,
        ensure_aware(as_of, "as_of"),
        calibration or Calibration(),
        seed,
        tuple(history),
    )
