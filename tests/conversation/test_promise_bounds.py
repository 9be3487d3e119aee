"""A promised date nobody can plan for is never recorded (issue 12): the classifier drops it with
a note, the bot says so and asks for another day, whatever classifier it runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from dunning import Creditor, Debt, Debtor, InputError, Money
from dunning.conversation import Conversation, ConversationStep, Inbound, Intent, TextReply
from dunning.conversation._classify import RuleClassifier, classify, resolve_promise_date
from dunning.events import PromiseToPay

AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday, 12:00 in Santiago
TODAY = date(2026, 11, 23)
SCL = "America/Santiago"


def bot(classifier: Any = None, **kw: Any) -> Conversation:
    return Conversation(
        debtor=Debtor(id="c-1", name="Ana Pérez", country="CL", phone="+56961234567"),
        debts=[
            Debt(
                id="F-1",
                debtor_id="c-1",
                amount=Money("30000", "CLP"),
                due_date=date(2026, 11, 20),
                payment_url="https://pay.example/F-1",
            )
        ],
        creditor=Creditor(name="Tienda Sur"),
        classifier=classifier,
        **kw,
    )


def text_of(turn: Any) -> str:
    assert len(turn.replies) == 1 and isinstance(turn.replies[0], TextReply), turn.replies
    return str(turn.replies[0].text)


# --------------------------------------------------------------------------- the classifier


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("te pago el 31/12/9999", "es_CL"),
        ("te pago en 99999999 dias", "es_CL"),
        ("te pago en 99999999999999999999999 semanas", "es_MX"),
        ("vou pagar daqui a 5000 dias", "pt_BR"),
        ("i will pay on 12/31/2099", "en_US"),
        ("i will pay in 400 days", "en_US"),
    ],
)
def test_a_promise_too_far_ahead_keeps_the_promise_and_drops_the_date_with_a_note(text, locale):
    intent = classify(text, locale=locale, as_of=AT, timezone=SCL)
    assert intent.kind == "promise_to_pay"
    assert intent.promised_date is None
    assert any(e.startswith("out_of_range:date:") for e in intent.evidence), intent.evidence


def test_a_date_within_the_bound_is_kept_and_the_bound_is_configurable():
    text = "te pago en 300 dias"
    assert classify(text, locale="es", as_of=AT).promised_date == TODAY + timedelta(days=300)
    strict = RuleClassifier(max_promise_days=30)
    intent = strict(text, locale="es", as_of=AT)
    assert intent.promised_date is None
    assert "the bound is 30 days" in " ".join(intent.evidence)
    assert strict("te pago en 30 dias", locale="es", as_of=AT).promised_date == date(2026, 12, 23)


def test_a_promise_read_on_the_last_day_of_the_calendar_does_not_raise():
    texts = (
        "te pago mañana",
        "te pago el viernes",
        "te pago el 15",
        "la próxima semana",
        "te pago a fin de mes",
        "en la quincena te pago",
        "el fin de semana pago",
        "te pago el 2 de enero",
        "pago el 1/1",
    )
    for text in texts:
        found = resolve_promise_date(text, today=date.max, locale="es_CL")
        assert found in (None, date.max), (text, found)
    # classify() refuses such an 'as_of' with a typed error before reading anything
    with pytest.raises(InputError):
        classify("te pago mañana", locale="es_CL", as_of=datetime(9999, 12, 31, 12, tzinfo=UTC))


def test_resolve_promise_date_applies_the_same_bound():
    assert resolve_promise_date("el 31/12/9999", today=TODAY, locale="es") is None
    assert resolve_promise_date("en 99999999 días", today=TODAY, locale="es") is None
    # the next 29 February is in 2028: further than a year, but the calendar still knows it
    assert resolve_promise_date("el 29/2", today=TODAY, locale="es") is None
    wide = RuleClassifier(max_promise_days=3660)
    assert wide.promise_date("el 29/2", today=TODAY, locale="es") == date(2028, 2, 29)


@pytest.mark.parametrize("bad", [-1, 1.5, "30", True, None])
def test_the_bound_must_be_a_whole_number_of_days(bad):
    with pytest.raises(InputError) as raised:
        RuleClassifier(max_promise_days=bad)
    assert raised.value.field == "max_promise_days"
    with pytest.raises(InputError):
        bot(max_promise_days=bad)


# --------------------------------------------------------------------------- the bot


def test_the_bot_does_not_record_a_promise_for_9999_and_asks_for_another_day():
    conv = bot()  # the built-in classifier
    turn = conv.handle(None, Inbound(text="te pago el 31/12/9999", at=AT), as_of=AT)
    assert not any(isinstance(e, PromiseToPay) for e in turn.events)
    assert "demasiado lejos" in text_of(turn)
    assert turn.state.step is ConversationStep.PROMISE_DATE
    later = AT + timedelta(minutes=2)
    turn = conv.handle(turn.state, Inbound(text="el viernes", at=later), as_of=later)
    promises = [e for e in turn.events if isinstance(e, PromiseToPay)]
    assert [p.promised_date for p in promises] == [date(2026, 11, 27)]


def test_the_bot_checks_the_bound_whatever_its_classifier_says():
    def careless(text: str, **_: Any) -> Intent:
        return Intent(kind="promise_to_pay", confidence=1.0, promised_date=date.max)

    turn = bot(careless).handle(None, Inbound(text="whenever", at=AT), as_of=AT)
    assert turn.events == ()
    assert "demasiado lejos" in text_of(turn)
    near = bot(careless, max_promise_days=10**7)
    turn = near.handle(None, Inbound(text="whenever", at=AT), as_of=AT)
    assert [e.promised_date for e in turn.events if isinstance(e, PromiseToPay)] == [date.max]
