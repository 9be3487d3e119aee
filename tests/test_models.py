from datetime import UTC, date, datetime, timedelta

import phonenumbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from phonenumbers import timezone as phone_timezone

from dunning import (
    ChannelKind,
    Consent,
    Debt,
    Debtor,
    DebtStatus,
    InputError,
    Money,
    NaiveDatetimeError,
    PhoneNumberError,
    TimezoneError,
)
from dunning._core._timezones import _package_zones

UTC = UTC


def test_phone_is_normalised_to_e164_with_the_country_as_default_region():
    debtor = Debtor(id="d", name="Ana", country="CL", phone="9 6123 4567")
    assert debtor.phone == "+56961234567"


def test_invalid_phone_raises_an_error_naming_the_value():
    with pytest.raises(PhoneNumberError, match="12345") as info:
        Debtor(id="d", name="Ana", country="CL", phone="12345")
    assert info.value.field == "phone"
    assert info.value.value == "12345"


def test_locale_defaults_to_the_country_language():
    assert Debtor(id="d", name="A", country="BR").locale == "pt_BR"
    assert Debtor(id="d", name="A", country="MX").locale == "es_MX"
    assert Debtor(id="d", name="A", country="US").locale == "en_US"
    assert Debtor(id="d", name="A", country="CL", locale="en_GB").locale == "en_GB"


def test_single_zone_country_gets_its_zone():
    assert Debtor(id="d", name="A", country="CO").zones == ("America/Bogota",)


def test_phone_area_code_pins_the_zone():
    tijuana = Debtor(id="d", name="A", country="MX", phone="+52 664 123 4567")
    assert tijuana.zones == ("America/Tijuana",)


def test_multi_zone_country_without_signal_keeps_every_candidate_zone():
    debtor = Debtor(id="d", name="A", country="US", email="a@example.com")
    assert len(debtor.zones) > 5
    assert "America/New_York" in debtor.zones
    assert "America/Los_Angeles" in debtor.zones


def test_explicit_timezone_wins_and_unknown_zone_is_refused():
    debtor = Debtor(id="d", name="A", country="US", timezone="America/Chicago")
    assert debtor.zones == ("America/Chicago",)
    with pytest.raises(TimezoneError, match="Mars/Olympus"):
        Debtor(id="d", name="A", country="US", timezone="Mars/Olympus")


def test_country_and_subdivision_are_validated():
    with pytest.raises(InputError, match="country"):
        Debtor(id="d", name="A", country="XX")
    assert Debtor(id="d", name="A", country="br", subdivision="BR-SP").subdivision == "SP"
    with pytest.raises(InputError, match="subdivision"):
        Debtor(id="d", name="A", country="BR", subdivision="ZZ")


def test_naive_datetimes_are_refused_naming_the_field():
    with pytest.raises(NaiveDatetimeError, match="granted_at"):
        Consent(channel="sms", granted_at=datetime(2026, 1, 1), source="form")


def test_consent_cannot_be_revoked_before_it_was_granted():
    with pytest.raises(InputError, match="revoked_at"):
        Consent(
            channel="sms",
            granted_at=datetime(2026, 2, 1, tzinfo=UTC),
            source="f",
            revoked_at=datetime(2026, 1, 1, tzinfo=UTC),
        )


def test_email_is_checked():
    with pytest.raises(InputError, match="email"):
        Debtor(id="d", name="A", country="CL", email="not an email")


@pytest.mark.parametrize(
    "email", ["ana pérez@example.cl", "ana@example\u00a0.cl", "ana@ex\tample.cl", "a\u2028b@x.cl"]
)
def test_an_email_with_whitespace_inside_is_refused(email: str) -> None:
    with pytest.raises(InputError, match="not an e-mail address"):
        Debtor(id="d", name="A", country="CL", email=email)


def test_an_email_is_stripped() -> None:
    assert Debtor(id="d", name="A", country="CL", email="\u00a0ana@example.cl \n").email == (
        "ana@example.cl"
    )


def test_debt_outstanding_defaults_to_amount_and_must_share_its_currency():
    debt = Debt(id="x", debtor_id="d", amount=Money("100", "USD"), due_date=date(2026, 1, 1))
    assert debt.outstanding == Money("100", "USD")
    assert debt.status is DebtStatus.OPEN
    with pytest.raises(InputError, match="outstanding"):
        Debt(id="x", debtor_id="d", amount=Money("100", "USD"), outstanding=Money("5", "MXN"))


def test_due_date_cannot_precede_issue_date():
    with pytest.raises(InputError, match="due_date"):
        Debt(
            id="x",
            debtor_id="d",
            amount=Money("1", "USD"),
            issued_on=date(2026, 2, 1),
            due_date=date(2026, 1, 1),
        )


def test_models_are_frozen_and_refuse_unknown_fields():
    debtor = Debtor(id="d", name="A", country="CL")
    with pytest.raises(ValueError, match="frozen"):
        debtor.name = "B"  # type: ignore[misc]
    with pytest.raises(ValueError, match="nickname"):
        Debtor(id="d", name="A", country="CL", nickname="x")  # type: ignore[call-arg]


def test_address_for_each_channel():
    debtor = Debtor(id="d", name="A", country="CL", phone="+56961234567", email="a@b.cl")
    assert debtor.address_for("whatsapp") == "+56961234567"
    assert debtor.address_for(ChannelKind.EMAIL) == "a@b.cl"
    assert debtor.address_for("letter") is None


def test_a_nested_error_names_the_full_path():
    with pytest.raises(NaiveDatetimeError) as info:
        Debtor(
            id="d",
            name="A",
            country="CL",
            consents=[{"channel": "sms", "granted_at": "2026-01-01T00:00:00", "source": "x"}],
        )
    assert info.value.field == "consents.0.granted_at"


def test_events_parse_from_rows_by_kind_and_refuse_naive_times():
    from dunning.events import PaymentReceived, parse_event

    row = {
        "kind": "payment_received",
        "at": "2026-11-20T15:00:00Z",
        "debt_id": "F-1",
        "amount": {"amount": "5000", "currency": "CLP"},
    }
    first, second = parse_event(row), parse_event({**row, "debt_id": "F-2"})
    assert isinstance(first, PaymentReceived)
    # A log holds many events: those given every field share one set of field names.
    assert first.model_fields_set is second.model_fields_set
    assert first.amount.model_fields_set is second.amount.model_fields_set
    assert first.model_fields_set == {"kind", "at", "debt_id", "amount"}
    with pytest.raises(NaiveDatetimeError) as info:
        parse_event({**row, "at": "2026-11-20T15:00:00"}, row=7)
    assert info.value.row == 7
    assert info.value.field == "payment_received.at"
    with pytest.raises(InputError, match="nope"):
        parse_event({"kind": "nope"})


def test_a_debtor_is_hashable_consistently_with_equality():
    from tests.builders import debtor as make

    ana = make("d1", attributes={"segment": "retail"})
    same = make("d1", attributes={"segment": "retail"})
    other = make("d2")
    assert ana == same and hash(ana) == hash(same)
    assert len({ana, same, other}) == 2


@given(
    region=st.sampled_from(["CL", "MX", "CO", "PE", "BR", "AR", "US", "CA", "GB", "IN", "JM"]),
    plus=st.booleans(),
    digits=st.text("0123456789", min_size=6, max_size=12),
)
@example(region="CL", plus=True, digits="56961234567")  # a Chilean mobile (country-level zones)
@example(region="US", plus=False, digits="6175550100")  # a NANP number (geographical zones)
@example(region="MX", plus=False, digits="12345")  # too short: invalid
def test_phone_validity_and_zones_match_phonenumbers(region: str, plus: bool, digits: str):
    """The loader computes a number's type once and derives validity and the package's zones
    from it: the result is what ``phonenumbers.is_valid_number`` and ``time_zones_for_number``
    say of the same number."""
    raw = ("+" if plus else "") + digits
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return
    valid = phonenumbers.is_valid_number(number)
    try:
        debtor = Debtor(id="d", name="D", country=region, phone=raw)
    except PhoneNumberError:
        assert not valid
        return
    assert valid
    kind = phonenumbers.number_type(number)
    assert _package_zones(number, kind) == phone_timezone.time_zones_for_number(number)
    assert debtor.phone == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@pytest.mark.parametrize(
    "text", ["2026-03-08T01:59:59.5-03:00", "2026-11-23T12:00:00Z", "2026-11-23T12:00:00+05:45"]
)
def test_parsed_offsets_become_standard_timezones_with_the_same_wall_time(text: str) -> None:
    """Pydantic's own tzinfo makes every comparison a call into pydantic-core; the models keep
    the standard library's ``timezone`` of the same offset instead (same instant, wall time,
    ISO text and JSON)."""
    from datetime import timezone

    from pydantic import TypeAdapter

    from dunning.events import MessageSent

    parsed = TypeAdapter(datetime).validate_json(f'"{text}"')
    event = MessageSent.model_validate_json(
        f'{{"at":"{text}","message_id":"m","debtor_id":"d","channel":"sms","debt_ids":[]}}'
    )
    assert type(event.at.tzinfo) is timezone
    assert event.at == parsed and event.at.utcoffset() == parsed.utcoffset()
    assert event.at.isoformat() == parsed.isoformat()
    assert (
        event.model_dump_json()
        == MessageSent.model_validate_json(event.model_dump_json()).model_dump_json()
    )
    assert (event.at.tzinfo is UTC) == (parsed.utcoffset() == timedelta(0))


def test_an_error_shows_what_was_given_briefly_whatever_it_is():
    from dunning import Debtor

    for value, shown in [
        (10**5000, "<a whole number of 16610 bits>"),
        (list(range(10**6)), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...]"),
    ]:
        with pytest.raises(InputError) as info:
            Debtor(id="c-1", name=value, country="CL", email="ana@example.cl")
        assert shown in str(info.value)
        assert len(str(info.value)) < 400
