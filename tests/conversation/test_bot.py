"""The WhatsApp menu bot: one test per rule of the flow, the reply shapes and the text data."""

from __future__ import annotations

import re
import string
import tomllib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from dunning import Creditor, Debt, Debtor, DebtStatus, InputError, Money, NaiveDatetimeError
from dunning.conversation import (
    BotTemplates,
    Button,
    ButtonsReply,
    Conversation,
    ConversationState,
    ConversationStep,
    Inbound,
    Intent,
    IntentKind,
    ListReply,
    ListRow,
    PlanRules,
    Reply,
    TemplateReply,
    TextReply,
    offer_plans,
)
from dunning.events import (
    AgentHandoff,
    ConsentRevoked,
    DisputeOpened,
    PaymentPlanAccepted,
    PaymentReported,
    PromiseToPay,
)
from dunning.policy import for_country

ROOT = Path(__file__).resolve().parents[2]
BOT_DATA = ROOT / "src" / "dunning" / "conversation" / "data" / "bot"
AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday, 12:00 in Santiago
TODAY = date(2026, 11, 23)


# --------------------------------------------------------------------------- builders


def intent(kind: str, promised: date | None = None, amount: str | None = None) -> Intent:
    return Intent(
        kind=kind,
        confidence=1.0,
        promised_date=promised,
        amount=Decimal(amount) if amount is not None else None,
    )


class FakeClassifier:
    """Reads a reply from a table; anything else is unknown. Records its calls."""

    def __init__(self, table: dict[str, Intent] | None = None) -> None:
        self.table = table or {}
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, text: str, **kw: Any) -> Intent:
        self.calls.append((text, kw))
        return self.table.get(text, intent("unknown"))


def chilean(**kw: Any) -> Debtor:
    return Debtor(id="c-1", name="Ana María Pérez", country="CL", phone="+56961234567", **kw)


def debt(
    id: str = "F-1",
    amount: str = "30000",
    currency: str = "CLP",
    *,
    debtor_id: str = "c-1",
    **kw: Any,
) -> Debt:
    kw.setdefault("due_date", date(2026, 11, 20))
    kw.setdefault("payment_url", f"https://pay.example/{id}")
    return Debt(id=id, debtor_id=debtor_id, amount=Money(amount, currency), **kw)


def bot(
    table: dict[str, Intent] | None = None,
    *,
    debtor: Debtor | None = None,
    debts: list[Debt] | None = None,
    creditor: Creditor | None = None,
    **kw: Any,
) -> Conversation:
    kw.setdefault("classifier", FakeClassifier(table))
    return Conversation(
        debtor=debtor or chilean(),
        debts=debts if debts is not None else [debt()],
        creditor=creditor or Creditor(name="Tienda Sur", website="https://tiendasur.example"),
        **kw,
    )


def say(
    conv: Conversation,
    state: ConversationState | None,
    text: str = "",
    *,
    reply_id: str | None = None,
    at: datetime = AT,
    as_of: datetime | None = None,
):
    return conv.handle(state, Inbound(text=text, reply_id=reply_id, at=at), as_of=as_of or at)


def only_text(turn) -> str:
    assert len(turn.replies) == 1, turn.replies
    reply = turn.replies[0]
    assert isinstance(reply, TextReply), reply
    return reply.text


# --------------------------------------------------------------------------- reply shapes


def test_text_reply_body_is_the_cloud_api_text_message():
    assert TextReply(text="Hola").to_whatsapp_body("+56961234567") == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+56961234567",
        "type": "text",
        "text": {"body": "Hola", "preview_url": False},
    }


def test_buttons_reply_body_is_an_interactive_button_message():
    reply = ButtonsReply(
        text="¿Confirmas?",
        buttons=(Button(id="yes", title="Sí"), Button(id="no", title="No")),
        header="Tienda Sur",
        footer="Responde con un botón",
    )
    assert reply.to_whatsapp_body("+56961234567") == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+56961234567",
        "type": "interactive",
        "interactive": {
            "type": "button",
            "header": {"type": "text", "text": "Tienda Sur"},
            "body": {"text": "¿Confirmas?"},
            "footer": {"text": "Responde con un botón"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "yes", "title": "Sí"}},
                    {"type": "reply", "reply": {"id": "no", "title": "No"}},
                ]
            },
        },
    }


def test_list_reply_body_is_an_interactive_list_message():
    reply = ListReply(
        text="Elige",
        button="Ver opciones",
        section_title="Opciones",
        rows=(ListRow(id="a", title="Uno", description="El primero"), ListRow(id="b", title="Dos")),
    )
    assert reply.to_whatsapp_body("+5215512345678") == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+5215512345678",
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "Elige"},
            "action": {
                "button": "Ver opciones",
                "sections": [
                    {
                        "title": "Opciones",
                        "rows": [
                            {"id": "a", "title": "Uno", "description": "El primero"},
                            {"id": "b", "title": "Dos"},
                        ],
                    }
                ],
            },
        },
    }


def test_template_reply_body_names_the_template_language_and_parameters():
    reply = TemplateReply(name="dunning_follow_up", language="es_CL", params=("Ana", "Tienda Sur"))
    assert reply.to_whatsapp_body("+56961234567") == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+56961234567",
        "type": "template",
        "template": {
            "name": "dunning_follow_up",
            "language": {"code": "es_CL"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Ana"},
                        {"type": "text", "text": "Tienda Sur"},
                    ],
                }
            ],
        },
    }
    bare = TemplateReply(name="hello_world", language="en_US").to_whatsapp_body("+15005550006")
    assert bare["template"] == {"name": "hello_world", "language": {"code": "en_US"}}


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Button(id="x", title="x" * 21), "title"),
        (lambda: Button(id="", title="Sí"), "id"),
        (lambda: ButtonsReply(text="t", buttons=()), "buttons"),
        (
            lambda: ButtonsReply(
                text="t", buttons=tuple(Button(id=str(i), title=str(i)) for i in range(4))
            ),
            "buttons",
        ),
        (
            lambda: ButtonsReply(
                text="t", buttons=(Button(id="a", title="Sí"), Button(id="b", title="Sí"))
            ),
            "buttons",
        ),
        (lambda: ButtonsReply(text="x" * 1025, buttons=(Button(id="a", title="a"),)), "text"),
        (lambda: ListRow(id="r", title="x" * 25), "title"),
        (lambda: ListRow(id="r", title="ok", description="x" * 73), "description"),
        (
            lambda: ListReply(text="t", button="x" * 21, rows=(ListRow(id="r", title="ok"),)),
            "button",
        ),
        (
            lambda: ListReply(
                text="t", button="b", rows=tuple(ListRow(id=str(i), title="r") for i in range(11))
            ),
            "rows",
        ),
        (
            lambda: ListReply(
                text="t", button="b", rows=(ListRow(id="r", title="a"), ListRow(id="r", title="b"))
            ),
            "rows",
        ),
        (lambda: TextReply(text="x" * 4097), "text"),
        (lambda: TextReply(text="  "), "text"),
        (lambda: TemplateReply(name="t", language="es", params=("two\nlines",)), "params"),
        (lambda: TemplateReply(name="t", language="es", params=("",)), "params"),
    ],
)
def test_replies_that_whatsapp_would_refuse_cannot_be_built(build, field):
    with pytest.raises(InputError) as caught:
        build()
    assert caught.value.field is not None and caught.value.field.endswith(field)


def test_limits_are_inclusive():
    Button(id="x" * 256, title="x" * 20)
    ListRow(id="x" * 200, title="x" * 24, description="x" * 72)
    ButtonsReply(text="x" * 1024, buttons=tuple(Button(id=str(i), title=str(i)) for i in range(3)))
    ListReply(
        text="x" * 4096,
        button="x" * 20,
        rows=tuple(ListRow(id=str(i), title="r") for i in range(10)),
    )
    TextReply(text="x" * 4096)


def test_an_empty_recipient_is_refused():
    with pytest.raises(InputError):
        TextReply(text="Hola").to_whatsapp_body("")


def test_replies_survive_json_as_a_tagged_union():
    adapter: TypeAdapter[Reply] = TypeAdapter(Reply)
    replies = [
        TextReply(text="Hola"),
        ButtonsReply(text="t", buttons=(Button(id="a", title="A"),)),
        ListReply(text="t", button="b", rows=(ListRow(id="r", title="R", description="d"),)),
        TemplateReply(name="n", language="es", params=("p",), purpose="follow_up"),
    ]
    for reply in replies:
        assert adapter.validate_json(adapter.dump_json(reply)) == reply


def test_only_templates_are_not_free_form():
    assert [r.free_form for r in (TextReply(text="a"), TemplateReply(name="n", language="es"))] == [
        True,
        False,
    ]


# --------------------------------------------------------------------------- text data


def _load(language: str) -> dict[str, Any]:
    return tomllib.loads((BOT_DATA / f"{language}.toml").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_texts_with_the_same_placeholders():
    data = {lang: _load(lang) for lang in ("es", "pt", "en")}
    keys = set(data["es"]["texts"])
    for lang, content in data.items():
        assert set(content["texts"]) == keys, lang
        assert set(content["summary"]) == set(data["es"]["summary"]), lang
        assert set(content["words"]) == {"hello", "menu", "yes", "no", "all_channels"}, lang
        for key, text in content["texts"].items():
            assert _fields(text) == _fields(data["es"]["texts"][key]), (lang, key)
    usted = data["es"]["usted"]
    assert set(usted) <= keys
    for key, text in usted.items():
        assert _fields(text) == _fields(data["es"]["texts"][key]), key
        assert text != data["es"]["texts"][key], key


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_button_and_row_texts_fit_whatsapp_limits(language):
    content = _load(language)
    for table in (content["texts"], content.get("usted", {})):
        for key, text in table.items():
            if key.startswith(
                ("paid_today", "paid_yesterday", "paid_unknown", "opt_out_whatsapp")
            ) or key in (
                "opt_out_all",
                "opt_out_cancel",
                "menu_button",
                "plans_button",
            ):
                assert len(text) <= 20, (key, text)
            elif key in (
                "menu_pay",
                "menu_plan",
                "menu_paid",
                "menu_agent",
                "menu_stop",
                "plans_section",
            ):
                assert len(text) <= 24, (key, text)
            elif key.startswith("menu_") and key.endswith("_desc"):
                assert len(text) <= 72, (key, text)


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_texts_never_threaten(language):
    words = re.compile(
        r"embargo|demanda|juicio|c[aá]rcel|pol[ií]cia|processo|pris[aã]o|lawsuit|jail|arrest|sue\b",
        re.I,
    )
    for text in _load(language)["texts"].values():
        assert not words.search(text), text


# --------------------------------------------------------------------------- the menu


def test_a_greeting_gets_the_menu_with_the_debt_in_local_money_and_dates():
    turn = say(bot(), None, "hola")
    (menu,) = turn.replies
    assert isinstance(menu, ListReply)
    assert "Hola, Ana. Te escribimos de Tienda Sur." in menu.text
    assert "$30.000 (F-1, con vencimiento el 20 de noviembre)" in menu.text
    assert [r.id for r in menu.rows] == [
        "menu:pay",
        "menu:plan",
        "menu:paid",
        "menu:agent",
        "menu:stop",
    ]
    assert turn.state.step is ConversationStep.MENU
    assert turn.state.unknown_count == 0
    assert turn.events == ()


def test_mexico_is_addressed_with_usted_and_mexican_money():
    debtor = Debtor(id="c-1", name="Luis Gómez", country="MX", phone="+525512345678")
    turn = say(bot(debtor=debtor, debts=[debt(amount="1234.50", currency="MXN")]), None, "hola")
    text = turn.replies[0].text
    assert "¿Qué desea hacer?" in text and "Le escribimos" in text
    assert "$1,234.50" in text


def test_brazil_gets_portuguese_and_reais():
    debtor = Debtor(id="c-1", name="João Silva", country="BR", phone="+5511987654321")
    turn = say(bot(debtor=debtor, debts=[debt(amount="200.5", currency="BRL")]), None, "oi")
    text = turn.replies[0].text
    assert "Olá, João." in text and "R$\xa0200,50" in text and "20 de novembro" in text


def test_the_us_gets_english():
    debtor = Debtor(id="c-1", name="Mary Smith", country="US", phone="+12125550123")
    turn = say(bot(debtor=debtor, debts=[debt(amount="99.9", currency="USD")]), None, "hi")
    text = turn.replies[0].text
    assert "Hi Mary, this is Tienda Sur." in text and "$99.90" in text and "due November 20" in text


def test_several_debts_are_listed_with_their_total():
    conv = bot(debts=[debt("F-1", "30000"), debt("F-2", "15000", reference="Boleta 77")])
    text = say(conv, None, "hola").replies[0].text
    assert "• F-1: $30.000" in text and "• Boleta 77: $15.000" in text and "Total: $45.000" in text


def test_closed_debts_are_never_mentioned_nor_touched():
    conv = bot(debts=[debt("F-1"), debt("F-9", status=DebtStatus.PAID)])
    assert [d.id for d in conv.open_debts] == ["F-1"]
    turn = say(conv, None, reply_id="paid:today")
    assert [e.debt_id for e in turn.events] == ["F-1"]


def test_the_menu_word_brings_the_menu_back_from_any_step():
    conv = bot()
    state = say(conv, None, reply_id="menu:paid").state
    assert state.step is ConversationStep.PAID_DATE
    turn = say(conv, state, "Menú")
    assert isinstance(turn.replies[0], ListReply)
    assert turn.state.step is ConversationStep.MENU and turn.events == ()


# --------------------------------------------------------------------------- pay now


def test_pay_now_sends_the_debts_payment_link():
    turn = say(bot(), None, reply_id="menu:pay")
    assert only_text(turn) == "Puedes pagar aquí: https://pay.example/F-1"
    assert turn.events == ()


def test_pay_now_falls_back_to_the_creditors_website():
    turn = say(bot(debts=[debt(payment_url=None)]), None, reply_id="menu:pay")
    assert only_text(turn) == "Puedes pagar aquí: https://tiendasur.example"


def test_pay_now_lists_one_link_per_debt_when_they_differ():
    conv = bot(debts=[debt("F-1"), debt("F-2")])
    text = only_text(say(conv, None, reply_id="menu:pay"))
    assert "• F-1: https://pay.example/F-1" in text and "• F-2: https://pay.example/F-2" in text


def test_pay_now_without_any_link_hands_over_to_a_person():
    conv = bot(debts=[debt(payment_url=None)], creditor=Creditor(name="Tienda Sur"))
    turn = say(conv, None, reply_id="menu:pay")
    assert turn.handoff is not None and "no hay enlace de pago" in turn.handoff.summary
    assert turn.state.step is ConversationStep.AGENT


def test_a_payment_link_intent_sends_the_link():
    turn = say(bot({"¿dónde pago?": intent("payment_link")}), None, "¿dónde pago?")
    assert "https://pay.example/F-1" in only_text(turn)


# --------------------------------------------------------------------------- payment plans


def expected_plans(debts: list[Debt], as_of: date = TODAY):
    return offer_plans(debts, PlanRules(), as_of=as_of, country="CL")[:4]


def test_payment_plan_shows_up_to_four_offers_and_a_person():
    turn = say(bot(), None, reply_id="menu:plan")
    (offers,) = turn.replies
    assert isinstance(offers, ListReply)
    plans = expected_plans([debt()])
    assert [r.id for r in offers.rows] == [f"plan:{p.id}" for p in plans] + ["menu:agent"]
    assert offers.rows[0].title == "Pago total: $30.000"
    assert offers.rows[2].title == "3 cuotas de $10.000"
    assert (
        offers.rows[2].description == "Primera cuota de $10.000 el 30 de noviembre; total $30.000"
    )
    assert turn.state.step is ConversationStep.PLANS
    assert turn.state.offers == tuple(p.id for p in plans)
    assert turn.state.offers_on == TODAY


def test_choosing_an_offer_accepts_it_and_confirms_the_schedule():
    conv = bot()
    state = say(conv, None, reply_id="menu:plan").state
    chosen = expected_plans([debt()])[2]
    later = AT + timedelta(minutes=5)
    turn = say(conv, state, "3 cuotas de $10.000", reply_id=f"plan:{chosen.id}", at=later)
    (event,) = turn.events
    assert event == chosen.accept(at=later)
    assert isinstance(event, PaymentPlanAccepted)
    text = only_text(turn)
    assert text.splitlines()[:4] == [
        "¡Listo, Ana! Registramos tu plan de pago:",
        "1. $10.000 el 30 de noviembre",
        "2. $10.000 el 30 de diciembre",
        "3. $10.000 el 1 de febrero de 2027",  # Jan 30 is a Saturday
    ]
    assert text.endswith("Puedes pagar aquí: https://pay.example/F-1")
    assert turn.state.step is ConversationStep.MENU and turn.state.offers == ()


def test_an_offer_chosen_the_next_day_is_still_the_offer_shown():
    conv = bot()
    state = say(conv, None, reply_id="menu:plan").state
    chosen = expected_plans([debt()])[1]
    turn = say(conv, state, reply_id=f"plan:{chosen.id}", at=AT + timedelta(hours=20))
    assert turn.events == (chosen.accept(at=AT + timedelta(hours=20)),)


def test_an_old_or_unknown_offer_is_not_accepted_and_fresh_offers_are_shown():
    conv = bot()
    state = say(conv, None, reply_id="menu:plan").state
    old = expected_plans([debt()])[1]
    later = AT + timedelta(days=3)
    turn = say(conv, state, reply_id=f"plan:{old.id}", at=later)
    assert turn.events == ()
    assert turn.replies[0].text.startswith("Esas opciones ya no están vigentes.")
    assert turn.state.offers == tuple(p.id for p in expected_plans([debt()], date(2026, 11, 26)))
    forged = say(conv, state, reply_id="plan:plan_forged")
    assert forged.events == () and forged.state.step is ConversationStep.PLANS


def test_no_offer_possible_hands_over_to_a_person():
    conv = bot(debts=[debt("F-1", currency="CLP"), debt("F-2", "10", currency="USD")])
    turn = say(conv, None, reply_id="menu:plan")
    assert "no tenemos opciones de pago en cuotas" in turn.replies[0].text
    assert turn.handoff is not None and turn.state.step is ConversationStep.AGENT


def test_hardship_offers_plans_and_a_person():
    turn = say(bot({"me quedé sin pega": intent("hardship")}), None, "me quedé sin pega")
    (offers,) = turn.replies
    assert isinstance(offers, ListReply)
    assert offers.text.startswith("Entendemos que a veces no es fácil.")
    assert offers.rows[-1].id == "menu:agent"
    assert turn.events == ()


def test_plan_rules_and_policy_reach_the_offers():
    rules = PlanRules(installment_counts=(8,))
    policy = for_country("CL")
    conv = bot(debts=[debt(amount="300000")], plan_rules=rules, policy=policy)
    rows = say(conv, None, reply_id="menu:plan").replies[0].rows
    assert [r.title for r in rows] == [
        "Pago total: $300.000",
        "8 cuotas de $37.500",
        "Hablar con una persona",
    ]
    plans = offer_plans([debt(amount="300000")], rules, as_of=TODAY, policy=policy)
    assert [r.id for r in rows[:-1]] == [f"plan:{p.id}" for p in plans]


# --------------------------------------------------------------------------- already paid


def test_already_paid_pauses_reminders_at_once_then_asks_when_for_each_debt():
    conv = bot(debts=[debt("F-1"), debt("F-2")])
    ask = say(conv, None, reply_id="menu:paid")
    (buttons,) = ask.replies
    assert isinstance(buttons, ButtonsReply)
    assert [b.id for b in buttons.buttons] == ["paid:today", "paid:yesterday", "paid:unknown"]
    # Paused before the answer: a debtor who never answers gets no reminder meanwhile.
    assert ask.events == tuple(
        PaymentReported(at=AT, debt_id=d, pause_until=date(2026, 11, 26)) for d in ("F-1", "F-2")
    )
    assert ask.state.step is ConversationStep.PAID_DATE
    turn = say(conv, ask.state, "Ayer", reply_id="paid:yesterday")
    assert turn.events == tuple(
        PaymentReported(
            at=AT, debt_id=d, pause_until=date(2026, 11, 26), paid_on=date(2026, 11, 22)
        )
        for d in ("F-1", "F-2")
    )
    assert only_text(turn) == (
        "Gracias, Ana. Anotamos tu pago del 22 de noviembre. Vamos a verificarlo y no te "
        "enviaremos recordatorios hasta el jueves 26 de noviembre."
    )


def test_the_pause_counts_local_days_and_is_configurable():
    late_evening = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # Nov 23, 23:30 in Santiago
    turn = say(bot(pause_days=5), None, reply_id="paid:today", at=late_evening)
    (event,) = turn.events
    assert event.paid_on == date(2026, 11, 23) and event.pause_until == date(2026, 11, 28)


def test_a_typed_answer_or_a_receipt_completes_the_report_with_a_note():
    conv = bot({"ya pagué": intent("already_paid")})
    state = say(conv, None, "ya pagué").state
    assert state.step is ConversationStep.PAID_DATE
    turn = say(conv, state, "transferí desde el banco, folio 123")
    (event,) = turn.events
    assert event.paid_on is None and event.note == "transferí desde el banco, folio 123"
    receipt = say(conv, state, "")  # a photo without caption
    assert receipt.events[0].paid_on is None and receipt.events[0].note is None


def test_a_paid_date_read_by_the_classifier_is_used():
    paid = date(2026, 11, 20)
    conv = bot({"pagué el viernes 20": intent("already_paid", paid)})
    (event,) = say(conv, None, "pagué el viernes 20").events
    assert event.paid_on == paid


def test_a_promise_while_asked_for_the_paid_date_is_a_promise():
    friday = date(2026, 11, 27)
    conv = bot(
        {
            "ya pagué": intent("already_paid"),
            "no, pago el viernes": intent("promise_to_pay", friday),
        }
    )
    state = say(conv, None, "ya pagué").state
    (event,) = say(conv, state, "no, pago el viernes").events
    assert isinstance(event, PromiseToPay) and event.promised_date == friday


# --------------------------------------------------------------------------- promises


def test_a_promise_with_a_date_is_recorded_per_debt_and_the_date_repeated():
    friday = date(2026, 11, 27)
    conv = bot(
        {"les pago el viernes": intent("promise_to_pay", friday)}, debts=[debt("F-1"), debt("F-2")]
    )
    turn = say(conv, None, "les pago el viernes")
    assert turn.events == tuple(
        PromiseToPay(at=AT, debt_id=d, promised_date=friday) for d in ("F-1", "F-2")
    )
    assert "para el viernes 27 de noviembre" in only_text(turn)


def test_a_promised_amount_is_kept_for_a_single_debt():
    conv = bot({"pago 10 lucas el viernes": intent("promise_to_pay", date(2026, 11, 27), "10000")})
    (event,) = say(conv, None, "pago 10 lucas el viernes").events
    assert event.amount == Money("10000", "CLP")


def test_a_promise_without_a_date_asks_for_it():
    friday = date(2026, 11, 27)
    conv = bot({"voy a pagar": intent("promise_to_pay"), "el viernes": intent("unknown", friday)})
    ask = say(conv, None, "voy a pagar")
    assert ask.events == () and ask.state.step is ConversationStep.PROMISE_DATE
    assert "¿Qué día podrías pagar?" in only_text(ask)
    (event,) = say(conv, ask.state, "el viernes").events
    assert event.promised_date == friday


def test_a_promise_for_a_past_date_asks_again():
    conv = bot({"pagué... digo pago el lunes pasado": intent("promise_to_pay", date(2026, 11, 16))})
    turn = say(conv, None, "pagué... digo pago el lunes pasado")
    assert turn.events == () and only_text(turn) == "Esa fecha ya pasó. ¿Qué día podrías pagar?"


# --------------------------------------------------------------------------- disputes, agents


def test_a_dispute_opens_one_per_debt_and_hands_over():
    text = "esa deuda no es mía"
    conv = bot({text: intent("dispute")}, debts=[debt("F-1"), debt("F-2")])
    turn = say(conv, None, text)
    disputes = [e for e in turn.events if isinstance(e, DisputeOpened)]
    assert disputes == [DisputeOpened(at=AT, debt_id=d, reason=text) for d in ("F-1", "F-2")]
    assert isinstance(turn.events[-1], AgentHandoff)
    assert "Registramos tu reclamo." in only_text(turn)
    assert turn.state.step is ConversationStep.AGENT


def test_the_handoff_summary_tells_a_person_what_they_need():
    conv = bot({"quiero hablar con alguien": intent("wants_agent")})
    state = say(conv, None, "hola").state
    turn = say(conv, state, "quiero hablar con alguien", at=AT + timedelta(minutes=2))
    summary = turn.handoff.summary
    assert turn.handoff == AgentHandoff(
        at=AT + timedelta(minutes=2), debtor_id="c-1", summary=summary
    )
    for piece in (
        "Ana María Pérez (c-1), +56961234567",
        "Motivo: pidió hablar con una persona",
        "- F-1: $30.000, 2026-11-20",
        "Intenciones detectadas: wants_agent",
        "- [2026-11-23 12:00] deudor: hola",
        "- [2026-11-23 12:02] deudor: quiero hablar con alguien",
        "bot: Hola, Ana.",
    ):
        assert piece in summary, piece
    assert "una persona del equipo de Tienda Sur" in only_text(turn)


def test_notify_calls_the_callback_with_the_summary_and_handle_does_not():
    received: list[str] = []
    conv = bot({"una persona": intent("wants_agent")}, on_handoff=received.append)
    turn = say(conv, None, "una persona")
    assert received == []  # handle is pure
    assert conv.notify(turn) is True
    assert received == [turn.handoff.summary]
    assert conv.notify(say(conv, None, "hola")) is False
    assert bot().notify(turn) is False  # no callback configured


def test_after_a_handoff_the_bot_stays_quiet_until_the_quiet_period_ends():
    conv = bot({"una persona": intent("wants_agent"), "quiero pagar": intent("payment_link")})
    state = say(conv, None, "una persona").state
    quiet = say(conv, state, "quiero pagar", at=AT + timedelta(hours=1))
    assert quiet.replies == () and quiet.events == ()
    assert quiet.state.intents[-1] is IntentKind.PAYMENT_LINK
    tapped = say(conv, state, reply_id="menu:pay", at=AT + timedelta(hours=1))
    assert "https://pay.example/F-1" in only_text(tapped)
    back = say(conv, quiet.state, "quiero pagar", at=AT + timedelta(hours=25))
    assert "https://pay.example/F-1" in only_text(back)
    assert conv.resume(quiet.state).step is ConversationStep.MENU


def test_two_unknown_messages_in_a_row_hand_over():
    conv = bot({"gracias": intent("ack")})
    opened = say(conv, None, "hola").state
    first = say(conv, opened, "asdf")
    assert first.replies[0].text.startswith("Perdona, no entendí tu mensaje.")
    assert first.state.unknown_count == 1 and first.events == ()
    second = say(conv, first.state, "qwerty")
    assert second.handoff is not None and "dos mensajes seguidos" in second.handoff.summary
    # an understood message in between resets the count
    reset = say(conv, say(conv, first.state, "gracias").state, "qwerty")
    assert reset.handoff is None and reset.state.unknown_count == 1


def test_an_unknown_first_message_of_a_session_just_opens_the_menu():
    conv = bot()
    first = say(conv, None, "me llegó un mensaje de ustedes")
    assert first.replies[0].text.startswith("Hola, Ana.") and first.state.unknown_count == 0
    next_day = say(conv, first.state, "??", at=AT + timedelta(hours=30))
    assert next_day.replies[0].text.startswith("Hola, Ana.") and next_day.handoff is None


def test_unknown_while_choosing_a_plan_shows_the_plans_again():
    conv = bot()
    state = say(conv, None, reply_id="menu:plan").state
    turn = say(conv, state, "la del medio")
    assert turn.replies[0].text.startswith("Perdona, no entendí tu mensaje.")
    assert turn.state.step is ConversationStep.PLANS


def test_an_ack_gets_one_short_answer_then_silence():
    conv = bot({"gracias": intent("ack")})
    first = say(conv, None, "gracias")
    assert only_text(first) == "¡Gracias a ti, Ana! Si necesitas algo más, escribe «menú»."
    assert say(conv, first.state, "gracias").replies == ()


# --------------------------------------------------------------------------- opt-out


def test_opt_out_asks_then_revokes_whatsapp_and_the_bot_never_writes_again():
    conv = bot({"STOP": intent("opt_out"), "quiero pagar": intent("payment_link")})
    ask = say(conv, None, "STOP")
    (buttons,) = ask.replies
    assert isinstance(buttons, ButtonsReply) and ask.events == ()
    assert [b.id for b in buttons.buttons] == ["optout:whatsapp", "optout:all", "optout:cancel"]
    done = say(conv, ask.state, "Solo WhatsApp", reply_id="optout:whatsapp")
    assert done.events == (ConsentRevoked(at=AT, debtor_id="c-1", channel="whatsapp"),)
    assert only_text(done) == "Listo, Ana. No te enviaremos más mensajes por WhatsApp."
    assert done.state.opted_out
    for text, reply_id in [("quiero pagar", None), ("", "menu:pay"), ("hola", None), ("", "menu")]:
        after = say(conv, done.state, text, reply_id=reply_id, at=AT + timedelta(hours=1))
        assert after.replies == () and after.events == ()
    assert conv.start(done.state, as_of=AT).replies == ()


def test_opt_out_from_every_channel():
    conv = bot({"STOP": intent("opt_out")})
    ask = say(conv, None, "STOP")
    (event,) = say(conv, ask.state, reply_id="optout:all").events
    assert event.channel is None


def test_saying_every_channel_is_remembered_through_the_confirmation():
    text = "no me escriban más por ningún medio"
    conv = bot({text: intent("opt_out")})
    ask = say(conv, None, text)
    assert ask.state.opt_out_all
    done = say(conv, ask.state, "Sí")
    assert done.events[0].channel is None
    assert only_text(done) == "Listo, Ana. No te enviaremos más mensajes por ningún canal."


def test_no_keeps_the_conversation_going():
    conv = bot({"STOP": intent("opt_out")})
    ask = say(conv, None, "STOP")
    for kept in (say(conv, ask.state, "no"), say(conv, ask.state, reply_id="optout:cancel")):
        assert kept.events == () and kept.state.step is ConversationStep.MENU
        assert kept.replies[0].text.startswith("Perfecto, seguimos en contacto por aquí.")


def test_opt_out_can_skip_the_confirmation():
    conv = bot({"BAJA": intent("opt_out")}, confirm_opt_out=False)
    turn = say(conv, None, "BAJA")
    assert turn.events == (ConsentRevoked(at=AT, debtor_id="c-1", channel="whatsapp"),)
    assert len(turn.replies) == 1 and turn.state.opted_out


def test_an_opt_out_during_a_handoff_is_still_honoured():
    conv = bot({"una persona": intent("wants_agent"), "STOP": intent("opt_out")})
    state = say(conv, None, "una persona").state
    ask = say(conv, state, "STOP", at=AT + timedelta(minutes=1))
    assert ask.state.step is ConversationStep.CONFIRM_OPT_OUT


# --------------------------------------------------------------------------- the 24-hour window


def test_outside_the_window_the_bot_names_a_template_never_free_text():
    conv = bot()
    turn = say(conv, None, "hola", as_of=AT + timedelta(hours=24))
    assert turn.replies == (
        TemplateReply(
            name="dunning_follow_up",
            language="es_CL",
            params=("Ana", "Tienda Sur"),
            purpose="follow_up",
        ),
    )
    inside = say(conv, None, "hola", as_of=AT + timedelta(hours=23, minutes=59))
    assert isinstance(inside.replies[0], ListReply)


def test_a_question_never_shown_is_not_waited_for():
    conv = bot({"ya pagué": intent("already_paid")})
    turn = say(conv, None, "ya pagué", as_of=AT + timedelta(hours=30))
    assert turn.replies[0].kind == "template" and turn.state.step is ConversationStep.MENU
    (event,) = say(
        conv, turn.state, "", reply_id="paid:unknown", at=AT + timedelta(hours=31)
    ).events
    assert isinstance(event, PaymentReported)


def test_an_opt_out_confirmed_outside_the_window_uses_the_opted_out_template():
    conv = bot(
        {"STOP": intent("opt_out")}, templates=BotTemplates(opted_out="baja_ok", language="es")
    )
    ask = say(conv, None, "STOP")
    done = say(conv, ask.state, reply_id="optout:all", as_of=AT + timedelta(days=2))
    assert done.replies == (
        TemplateReply(
            name="baja_ok", language="es", params=("Ana", "Tienda Sur"), purpose="opted_out"
        ),
    )
    assert done.events[0].channel is None


def test_start_opens_with_the_menu_only_inside_the_window():
    conv = bot()
    assert conv.start(as_of=AT).replies[0].kind == "template"
    state = say(conv, None, "hola").state
    assert isinstance(conv.start(state, as_of=AT + timedelta(hours=2)).replies[0], ListReply)
    assert conv.start(state, as_of=AT + timedelta(hours=30)).replies[0].kind == "template"


def test_the_window_follows_the_latest_inbound_even_out_of_order():
    conv = bot()
    state = say(conv, None, "hola", at=AT).state
    older = say(conv, state, "hola", at=AT - timedelta(hours=10), as_of=AT + timedelta(hours=1))
    assert older.state.last_inbound_at == AT
    assert older.state.window_open(as_of=AT + timedelta(hours=23)) is True
    assert older.state.window_open(as_of=AT + timedelta(hours=24)) is False


# --------------------------------------------------------------------------- state and errors


def test_state_survives_json_between_turns():
    conv = bot({"ya pagué": intent("already_paid")})
    state = None
    for text, reply_id in [("hola", None), ("", "menu:plan"), ("ya pagué", None)]:
        state = say(conv, state, text, reply_id=reply_id).state
        restored = ConversationState.model_validate_json(state.model_dump_json())
        assert restored == state
    assert state.step is ConversationStep.PAID_DATE
    assert say(conv, restored, reply_id="paid:today").events


def test_the_same_input_gives_the_same_turn():
    conv = bot({"les pago el viernes": intent("promise_to_pay", date(2026, 11, 27))})
    a = say(conv, None, "les pago el viernes")
    b = say(conv, None, "les pago el viernes")
    assert a == b


def test_the_classifier_gets_the_debtors_locale_time_and_zone():
    classifier = FakeClassifier()
    say(bot(classifier=classifier), None, "mañana pago")
    assert classifier.calls == [
        ("mañana pago", {"locale": "es_CL", "as_of": AT, "timezone": "America/Santiago"})
    ]


def test_errors_are_dunning_errors():
    conv = bot()
    with pytest.raises(NaiveDatetimeError):
        say(conv, None, "hola", as_of=datetime(2026, 11, 23, 12))
    with pytest.raises(NaiveDatetimeError):
        conv.handle(
            None,
            Inbound.model_construct(text="hola", reply_id=None, at=datetime(2026, 11, 23)),
            as_of=AT,
        )
    with pytest.raises(InputError, match="belongs to debtor"):
        say(
            conv,
            ConversationState(debtor_id="c-2", locale="es_CL", zone="America/Santiago"),
            "hola",
        )
    with pytest.raises(InputError, match="belongs to debtor"):
        bot(debts=[debt(debtor_id="c-2")])
    with pytest.raises(InputError):
        bot(pause_days=-1)
    with pytest.raises(NaiveDatetimeError):
        Inbound(text="hola", at=datetime(2026, 11, 23))


def test_repr_names_the_debtor_debts_and_locale():
    assert repr(bot()) == (
        "Conversation(debtor='c-1', debts=['F-1'], creditor='Tienda Sur', locale='es_CL')"
    )


def test_a_webhook_inbound_message_is_accepted_as_is():
    channels = pytest.importorskip("dunning.channels")
    inbound_cls = getattr(channels, "InboundMessage", None)
    if inbound_cls is None:
        from dunning.channels._inbound import InboundMessage as inbound_cls
    tap = inbound_cls(
        provider="whatsapp",
        channel="whatsapp",
        kind="list_reply",
        from_="+56961234567",
        to="1055",
        provider_message_id="wamid.1",
        at=AT,
        text="Pagar ahora",
        reply_id="menu:pay",
        reply_title="Pagar ahora",
    )
    assert "https://pay.example/F-1" in only_text(bot().handle(None, tap, as_of=AT))


def test_unknown_reply_ids_are_read_as_text():
    conv = bot({"Pagar ahora": intent("payment_link")})
    turn = say(conv, None, "Pagar ahora", reply_id="PAY_NOW:inv123")
    assert "https://pay.example/F-1" in only_text(turn)


# --------------------------------------------------------------------------- the real classifier


REAL = [
    ("es_CL", "CL", "+56961234567", "CLP", "Les pago el viernes sin falta", PromiseToPay),
    ("es_CL", "CL", "+56961234567", "CLP", "esa deuda no es mía", DisputeOpened),
    ("es_MX", "MX", "+525512345678", "MXN", "ya pagué", None),
    ("pt_BR", "BR", "+5511987654321", "BRL", "não é minha essa dívida", DisputeOpened),
    ("en_US", "US", "+12125550123", "USD", "I will pay on Friday", PromiseToPay),
]


@pytest.mark.parametrize(("locale", "country", "phone", "currency", "text", "event"), REAL)
def test_the_built_in_classifier_drives_the_bot(locale, country, phone, currency, text, event):
    debtor = Debtor(id="c-1", name="Ana Pérez", country=country, phone=phone, locale=locale)
    conv = Conversation(
        debtor=debtor, debts=[debt(currency=currency)], creditor=Creditor(name="Tienda Sur")
    )
    turn = conv.handle(None, Inbound(text=text, at=AT), as_of=AT)
    if event is None:
        assert turn.state.step is ConversationStep.PAID_DATE
    else:
        assert any(isinstance(e, event) for e in turn.events), turn


def test_a_bare_date_answers_which_day():
    conv = bot({"voy a pagar": intent("promise_to_pay")})  # the fake reads no dates
    ask = say(conv, None, "voy a pagar")
    (event,) = say(conv, ask.state, "el 15 de diciembre").events
    assert event.promised_date == date(2026, 12, 15)


def test_the_built_in_classifier_opts_out_with_confirmation():
    conv = Conversation(debtor=chilean(), debts=[debt()], creditor=Creditor(name="Tienda Sur"))
    ask = conv.handle(None, Inbound(text="no me escriban más", at=AT), as_of=AT)
    assert ask.state.step is ConversationStep.CONFIRM_OPT_OUT
    done = conv.handle(ask.state, Inbound(text="sí", at=AT), as_of=AT)
    assert done.events[0].channel == "whatsapp" and done.state.opted_out


# --------------------------------------------------------------------------- the docs


def test_the_conversation_docs_walk_through_runs(capsys):
    page = ROOT / "docs" / "conversations.md"
    namespace: dict[str, object] = {}
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(page), "exec"), namespace)
    assert "Pagar ahora" in capsys.readouterr().out


def test_an_incentive_the_messages_offered_is_honoured_in_its_window_only():
    from dunning import Incentive

    offer = Incentive(percent=Decimal("10"), until=date(2026, 11, 24), code="X").offer(
        debt_id="F-1", due_date=date(2026, 11, 20), outstanding=Money("30000", "CLP")
    )
    conv = bot(incentives=[offer])
    turn = say(conv, None, reply_id="menu:plan")
    assert turn.replies[0].rows[0].title == "Pago total: $27.000"
    [full] = [
        p
        for p in offer_plans([debt()], PlanRules(), as_of=TODAY, country="CL", incentives=[offer])
        if p.kind == "full"
    ]
    accepted = say(conv, turn.state, reply_id=f"plan:{full.id}", at=AT + timedelta(hours=20))
    assert accepted.events == (full.accept(at=AT + timedelta(hours=20)),)
    # Chosen after the offer's last day (Santiago time): fresh offers at today's terms.
    late = datetime(2026, 11, 25, 4, tzinfo=UTC)  # the 25th at 01:00 in Santiago
    shown = say(conv, None, reply_id="menu:plan", at=late - timedelta(hours=6))
    assert shown.replies[0].rows[0].title == "Pago total: $27.000"  # the 24th: still on
    [last_day] = [p for p in shown.state.offers if p.startswith("plan_")][:1]
    turn = say(conv, shown.state, reply_id=f"plan:{last_day}", at=late)
    assert turn.events == () and turn.replies[0].text.startswith("Esas opciones ya no")
    assert turn.replies[0].rows[0].title == "Pago total: $30.000"
