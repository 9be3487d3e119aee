"""The contract every built-in policy keeps (each country, plus BR-SP and US-MA)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from common import (
    BUILT_IN,
    BUILT_IN_IDS,
    EVERY_CHANNEL,
    HOME_ZONE,
    built_in,
    codes,
    debtor,
    local,
    random_history,
    random_instants,
    rule_sources,
)

import dunning
from dunning import ChannelKind, Consent, Debtor, NaiveDatetimeError, UnknownCountryError
from dunning.events import ConsentRevoked, LegalActionStarted
from dunning.policy import (
    COUNTRIES,
    Basis,
    ConsentRule,
    ContactPolicy,
    FrequencyCap,
    HoursRule,
    QuietPeriod,
    Source,
    StopCondition,
    Window,
    for_country,
)

each_policy = pytest.mark.parametrize(("code", "sub"), BUILT_IN, ids=BUILT_IN_IDS)

HOUSE = ContactPolicy(
    name="house",
    hours=(
        HoursRule(
            channels=None,
            windows=(Window(days="mon-fri", start="09:30", end="18:00"),),
            source=Source(citation="house handbook", basis="house"),
        ),
    ),
    caps=(
        FrequencyCap(
            limit=1,
            period_days=3,
            channels=None,
            source=Source(citation="house handbook", basis="house"),
        ),
    ),
    consent=(ConsentRule(channels=["sms"], source=Source(citation="house", basis="house")),),
    quiet_periods=(
        QuietPeriod(
            start=date(2026, 12, 20),
            end=date(2026, 12, 31),
            channels=["call", "sms"],
            source=Source(citation="year-end freeze", basis="house"),
        ),
    ),
).with_holidays({date(2026, 5, 4): "company day", date(2026, 8, 3): "company day"})


def _allowed_instant(policy, who, channel="email"):
    at = policy.next_allowed(who, channel, as_of=local(who.zones[0], 2026, 11, 23, 6))
    assert at is not None
    return at


# --------------------------------------------------------------------------- sources


@each_policy
def test_every_rule_cites_its_source_with_a_basis_and_a_verified_date(code, sub):
    sources = list(rule_sources(built_in(code, sub)))
    assert {kind for kind, _ in sources} >= {"hours", "holidays", "consent", "stop"}
    for kind, source in sources:
        assert source.citation.strip(), kind
        assert isinstance(source.basis, Basis), kind
        assert source.basis is not Basis.HOUSE, kind
        assert source.confidence in ("high", "medium", "low"), kind
        assert source.verified is not None, f"{kind}: {source.citation}"


@each_policy
def test_every_channel_has_contact_hours(code, sub):
    policy = built_in(code, sub)
    covered = {channel for rule in policy.hours for channel in rule.channels}
    assert covered == set(EVERY_CHANNEL)


@each_policy
def test_the_holiday_calendar_is_the_country_and_subdivision_of_the_policy(code, sub):
    policy = built_in(code, sub)
    assert policy.name == (code if sub is None else f"{code}-{sub}")
    assert (policy.country, policy.subdivision) == (code, sub)
    # Every calendar is the policy's country and subdivision (Chile adds its election days).
    assert {(c.country, c.subdivision) for c in policy.holidays} == {(code, sub)}
    assert policy.holiday_dates(2026)  # the package knows the country


@each_policy
def test_every_stop_condition_has_a_rule(code, sub):
    conditions = [stop.condition for stop in built_in(code, sub).stops]
    assert sorted(conditions) == sorted(StopCondition)


# --------------------------------------------------------------------------- consent and stops


@each_policy
def test_whatsapp_needs_an_opt_in_in_every_country(code, sub):
    policy = built_in(code, sub)
    assert ChannelKind.WHATSAPP in policy.consent_channels()
    with_opt_in = debtor(code, HOME_ZONE[code], subdivision=sub)
    without = debtor(
        code,
        HOME_ZONE[code],
        subdivision=sub,
        channels=[c for c in EVERY_CHANNEL if c is not ChannelKind.WHATSAPP],
    )
    at = _allowed_instant(policy, with_opt_in, "whatsapp")
    assert policy.check(with_opt_in, "whatsapp", as_of=at) == []
    assert codes(policy.check(without, "whatsapp", as_of=at)) == ["no_consent"]
    [rule] = [r for r in policy.consent if r.source.basis is Basis.PLATFORM]
    assert rule.channels == {ChannelKind.WHATSAPP}


@each_policy
def test_legal_action_and_a_general_opt_out_stop_every_channel(code, sub):
    policy = built_in(code, sub)
    who = debtor(code, HOME_ZONE[code], subdivision=sub)
    at = _allowed_instant(policy, who)
    before = at - timedelta(days=1)
    legal = [LegalActionStarted(at=before, debtor_id="d")]
    opt_out = [ConsentRevoked(at=before, debtor_id="d", channel=None)]
    for channel in EVERY_CHANNEL:
        assert "legal_action" in codes(policy.check(who, channel, as_of=at, history=legal))
        assert "opted_out" in codes(policy.check(who, channel, as_of=at, history=opt_out))
        assert policy.next_allowed(who, channel, as_of=at, history=legal) is None


@each_policy
def test_check_refuses_a_naive_datetime(code, sub):
    policy = built_in(code, sub)
    with pytest.raises(NaiveDatetimeError):
        policy.check(debtor(code, HOME_ZONE[code]), "email", as_of=datetime(2026, 11, 23, 10))


# --------------------------------------------------------------------------- registry


@each_policy
def test_for_country_ignores_case(code, sub):
    expected = for_country(code, sub)
    lower = for_country(code.lower(), sub.lower() if sub else None)
    assert lower == expected
    if sub:
        assert for_country(code.lower(), f"{code}-{sub}".lower()) == expected


def test_the_registry_lists_the_seven_built_in_countries():
    assert sorted(COUNTRIES) == ["AR", "BR", "CL", "CO", "MX", "PE", "US"]


@pytest.mark.parametrize(
    ("code", "sub"),
    [("ES", None), ("es", None), ("XX", None), ("BR", "XX"), ("US", "ZZ"), ("CL", "BR-SP")],
)
def test_an_unknown_country_or_subdivision_raises_a_lookup_error(code, sub):
    with pytest.raises(UnknownCountryError) as caught:
        for_country(code, sub)
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, dunning.DunningError)
    assert caught.value.country.upper() == code.upper()


# --------------------------------------------------------------------------- merge


@each_policy
def test_a_merge_is_at_least_as_strict_as_both_sides(code, sub):
    policy = built_in(code, sub)
    neighbour = built_in(*BUILT_IN[(BUILT_IN.index((code, sub)) + 1) % len(BUILT_IN)])
    who = debtor(code, HOME_ZONE[code], subdivision=sub)
    rng = random.Random(f"merge {code} {sub}")
    for other in (neighbour, HOUSE):
        merged = policy.merge(other)
        for at in random_instants(f"merge {code} {sub} {other.name}", 150):
            channel = rng.choice(EVERY_CHANNEL)
            history = random_history(rng, at)
            if merged.check(who, channel, as_of=at, history=history) == []:
                assert policy.check(who, channel, as_of=at, history=history) == [], (channel, at)
                assert other.check(who, channel, as_of=at, history=history) == [], (channel, at)
            found = merged.next_allowed(who, channel, as_of=at, history=history)
            if found is not None:
                assert policy.check(who, channel, as_of=found, history=history) == [], (channel, at)
                assert other.check(who, channel, as_of=found, history=history) == [], (channel, at)


# --------------------------------------------------------------------------- next_allowed


@each_policy
@pytest.mark.parametrize("zone_known", [True, False], ids=["one zone", "zone unknown"])
def test_next_allowed_is_the_first_instant_that_check_accepts(code, sub, zone_known):
    policy = built_in(code, sub)
    who = debtor(code, HOME_ZONE[code] if zone_known else None, subdivision=sub)
    rng = random.Random(f"next {code} {sub} {zone_known}")
    for after in random_instants(f"next {code} {sub}", 60):
        channel = rng.choice(EVERY_CHANNEL)
        history = random_history(rng, after)
        found = policy.next_allowed(who, channel, as_of=after, history=history, within_days=40)
        if any(channel in r.channels and not r.windows for r in policy.hours):
            assert found is None, (channel, after)  # a rule that never opens (CO visits)
            continue
        assert found is not None, (channel, after)
        assert found >= after
        assert found.tzinfo is not None
        assert policy.check(who, channel, as_of=found, history=history) == [], (channel, after)
        if found > after:
            just_before = found - timedelta(microseconds=1)
            assert policy.check(who, channel, as_of=just_before, history=history) != [], (
                channel,
                after,
            )


def test_next_allowed_keeps_to_a_consent_revocation_it_already_knows_about():
    # Engine bug: next_allowed judges consent only at `after`, so it returns Monday 08:00 although
    # the same debtor's WhatsApp consent ends on Sunday noon and check() refuses Monday 08:00.
    policy = for_country("CL")
    zone = "America/Santiago"
    opt_in = Consent(
        channel="whatsapp",
        granted_at=datetime(2025, 1, 1, tzinfo=UTC),
        revoked_at=local(zone, 2026, 11, 22, 12),
        source="opt-in",
    )
    who = Debtor(
        id="d", name="Ana", country="CL", timezone=zone, phone="+56961234567", consents=(opt_in,)
    )
    found = policy.next_allowed(who, "whatsapp", as_of=local(zone, 2026, 11, 21, 21))
    assert found is None or policy.check(who, "whatsapp", as_of=found) == []


def test_next_allowed_keeps_to_legal_action_it_already_knows_about():
    # Engine bug: legal action dated between `after` and the next window is ignored.
    policy = for_country("CL")
    zone = "America/Santiago"
    who = debtor("CL", zone)
    history = [LegalActionStarted(at=local(zone, 2026, 11, 22, 12), debtor_id="d")]
    found = policy.next_allowed(who, "email", as_of=local(zone, 2026, 11, 21, 21), history=history)
    assert found is None or policy.check(who, "email", as_of=found, history=history) == []
