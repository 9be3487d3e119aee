"""Rendering: Babel formatting, locale fallback, overrides, the sandbox, e-mail parts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunning import (
    Cadence,
    Consent,
    Creditor,
    Debt,
    Debtor,
    Money,
    Planner,
    Stage,
    Step,
    TemplateNotFoundError,
    TemplateSecurityError,
    TemplateVariableError,
    default_strategy,
)
from dunning.policy import ContactPolicy
from dunning.templates import (
    BUILTIN_DIR,
    TemplateEngine,
    WhatsAppTemplate,
    format_date,
    format_money,
    message_context,
    relative_days,
    render,
)

NBSP = "\xa0"
CREDITOR = Creditor(name="Tienda Sur", tax_id="76.123.456-7")
ENGINE = TemplateEngine()


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("30000", "CLP", "es_CL", "$30.000"),
        ("3000", "MXN", "es_MX", "$3,000.00"),
        ("1234.56", "BRL", "pt_BR", f"R${NBSP}1.234,56"),
        ("3000", "USD", "en_US", "$3,000.00"),
        # CLDR (Babel >= 2.19) shows pesos without centavos, but never drops centavos it holds.
        ("380000", "COP", "es_CO", "$380.000"),
        ("380000.50", "COP", "es_CO", "$380.000,50"),
        ("1.234", "BHD", "en", "BHD1.234"),
    ],
)
def test_money_is_formatted_for_the_locale(amount, currency, locale, expected):
    assert format_money(Money(amount, currency), locale) == expected


def test_dates_use_the_language_month_names():
    assert format_date(date(2026, 11, 30), "es_CL") == "30 de noviembre"
    assert format_date(date(2026, 11, 30), "pt_BR") == "30 de novembro"
    assert format_date(date(2026, 11, 30), "en_US", "MMMM d") == "November 30"


@pytest.mark.parametrize(
    ("days", "locale", "expected"),
    [
        (1, "es_CL", "mañana"),
        (0, "es_MX", "hoy"),
        (-1, "es", "ayer"),
        (-3, "es_CL", "hace 3 días"),
        (2, "pt_BR", "em 2 dias"),
        (1, "en_US", "tomorrow"),
        (-5, "en_US", "5 days ago"),
    ],
)
def test_relative_days_in_words(days, locale, expected):
    assert relative_days(days, locale) == expected


def _plan_for(debtor: Debtor, debts: list[Debt], as_of: datetime):
    planner = Planner(
        default_strategy(), creditor=CREDITOR, policies={debtor.country: ContactPolicy(name="free")}
    )
    return planner.plan([debtor], debts, as_of=as_of)


def test_a_message_for_two_debts_lists_both_and_the_total():
    ana = Debtor(
        id="d",
        name="Ana María Pérez",
        country="CL",
        timezone="America/Santiago",
        email="ana@example.cl",
    )
    debts = [
        Debt(
            id="a",
            debtor_id="d",
            amount=Money("30000", "CLP"),
            due_date=date(2026, 11, 20),
            reference="F-1",
        ),
        Debt(
            id="b",
            debtor_id="d",
            amount=Money("15500", "CLP"),
            due_date=date(2026, 11, 20),
            reference="F-2",
        ),
    ]
    [message] = _plan_for(ana, debts, datetime(2026, 11, 23, 12, tzinfo=UTC)).messages
    content = render(message, debtor=ana, creditor=CREDITOR)
    assert "Hola Ana," in content.text
    assert "F-1: $30.000" in content.text
    assert "F-2: $15.500" in content.text
    assert "Total: $45.500" in content.text
    assert content.subject
    assert "<p>Hola Ana,</p>" in (content.html or "")


def test_email_html_is_escaped_and_text_is_not():
    context = {"debtor": {"first_name": "<b>Ana</b>"}}
    assert (
        ENGINE.render_string("{{ debtor.first_name }}", context, html=True)
        == "&lt;b&gt;Ana&lt;/b&gt;"
    )
    assert ENGINE.render_string("{{ debtor.first_name }}", context) == "<b>Ana</b>"


@pytest.mark.parametrize(
    "source",
    ["{{ ''.__class__.__mro__ }}", "{{ cycler.__init__ }}", "{{ ''.__class__.__subclasses__() }}"],
)
def test_templates_cannot_reach_python_internals(source):
    with pytest.raises(TemplateSecurityError, match="sandbox"):
        ENGINE.render_string(source, {})


def test_a_missing_variable_is_named():
    with pytest.raises(TemplateVariableError, match="amount_due"):
        ENGINE.render_string("Debe {{ amount_due }}", {})


def test_locale_falls_back_from_country_to_language_to_english():
    assert ENGINE.resolve("due", "sms", "es_AR") == "es/due.sms.j2"  # no es_AR pack
    assert ENGINE.resolve("due", "sms", "fr_FR") == "en/due.sms.j2"
    with pytest.raises(TemplateNotFoundError, match="nonexistent"):
        ENGINE.resolve("nonexistent", "sms", "es_CL")


def test_a_user_folder_overrides_one_template_and_keeps_the_rest(tmp_path: Path):
    (tmp_path / "es_AR").mkdir()
    (tmp_path / "es_AR" / "due.sms.j2").write_text("Hola {{ debtor.first_name }}: vence hoy.")
    engine = TemplateEngine([tmp_path])
    assert engine.resolve("due", "sms", "es_AR") == "es_AR/due.sms.j2"
    assert engine.resolve("early", "sms", "es_AR") == "es/early.sms.j2"
    rendered = engine.render("due", "sms", "es_AR", {"debtor": {"first_name": "Ana"}})
    assert rendered.text == "Hola Ana: vence hoy."


def test_a_fallback_template_is_formatted_in_its_own_language():
    joao = Debtor(
        id="d",
        name="João Silva",
        country="BR",
        timezone="America/Sao_Paulo",
        email="joao@example.com",
    )
    debt = Debt(id="a", debtor_id="d", amount=Money("933", "BRL"), due_date=date(2026, 11, 24))
    [message] = _plan_for(joao, [debt], datetime(2026, 11, 23, 12, tzinfo=UTC)).messages
    content = render(message, debtor=joao, creditor=CREDITOR)
    if content.template.startswith("en/"):
        assert "tomorrow" in content.text
        assert "amanhã" not in content.text


STAGES = [Stage.PRE_DUE, Stage.DUE, Stage.EARLY, Stage.MID, Stage.LATE, Stage.SEVERE]
LOCALES = sorted(p.name for p in BUILTIN_DIR.iterdir() if p.is_dir())


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.value)
@pytest.mark.parametrize("channel", ["sms", "whatsapp", "email"])
@pytest.mark.parametrize("n_debts", [1, 2])
def test_every_builtin_template_renders(locale, stage, channel, n_debts):
    offset = {"pre_due": -1, "due": 0, "early": 3, "mid": 40, "late": 70, "severe": 120}
    due = date(2026, 11, 23) - timedelta(days=offset[stage.value])
    debtor = Debtor(
        id="d", name="Ana Pérez", country="CL", timezone="America/Santiago", email="a@example.cl"
    )
    debts = [
        Debt(
            id=f"x{i}",
            debtor_id="d",
            amount=Money("1000", "CLP"),
            due_date=due,
            reference=f"F-{i}",
            payment_url="https://pay.example/x",
        )
        for i in range(n_debts)
    ]
    cadence = Cadence("one", [Step(offset[stage.value])])
    plan = Planner(cadence, creditor=CREDITOR, policies={"CL": ContactPolicy(name="free")}).plan(
        [debtor], debts, as_of=datetime(2026, 11, 23, 11, tzinfo=UTC)
    )
    [message] = plan.messages
    assert message.stage is stage
    content = ENGINE.render(
        message.template, channel, locale, message_context(message, debtor, CREDITOR)
    )
    assert "Ana" in content.text
    assert "https://pay.example/x" in content.text
    assert "{{" not in content.text
    if channel == "email":
        assert content.subject
        assert content.html


def test_an_approved_whatsapp_template_gets_its_parameters_in_order():
    approved = WhatsAppTemplate(
        name="recordatorio_pago",
        language="es_CL",
        parameters=("debtor.first_name", "total|money", "debt.due_date|date"),
        body="Hola {{1}}, tu cuenta por {{2}} vence el {{3}}.",
    )
    engine = TemplateEngine(whatsapp={"es_CL/due": approved})
    assert engine.approved_template("due", "es_CL") == approved
    assert engine.approved_template("due", "pt_BR") is None
    ana = Debtor(
        id="d",
        name="Ana Pérez",
        country="CL",
        timezone="America/Santiago",
        phone="+56961234567",
        consents=[
            Consent(
                channel="whatsapp", source="opt-in", granted_at=datetime(2026, 1, 1, tzinfo=UTC)
            )
        ],
    )
    debt = Debt(id="a", debtor_id="d", amount=Money("45000", "CLP"), due_date=date(2026, 11, 23))
    [message] = _plan_for(ana, [debt], datetime(2026, 11, 23, 12, tzinfo=UTC)).messages
    content = engine.render(
        message.template, "whatsapp", "es_CL", message_context(message, ana, CREDITOR)
    )
    assert content.whatsapp is not None
    assert content.whatsapp.parameters == ("Ana", "$45.000", "23 de noviembre")
    assert (content.whatsapp.name, content.whatsapp.language) == ("recordatorio_pago", "es_CL")


def test_whatsapp_parameters_are_evaluated_in_the_sandbox():
    engine = TemplateEngine(
        whatsapp={
            "due": WhatsAppTemplate(name="x", language="es", parameters=("''.__class__.__mro__",))
        }
    )
    ana = Debtor(
        id="d", name="Ana Pérez", country="CL", timezone="America/Santiago", email="ana@example.cl"
    )
    debt = Debt(id="a", debtor_id="d", amount=Money("45000", "CLP"), due_date=date(2026, 11, 23))
    [message] = _plan_for(ana, [debt], datetime(2026, 11, 23, 12, tzinfo=UTC)).messages
    with pytest.raises(TemplateSecurityError):
        engine.render("due", "whatsapp", "es", message_context(message, ana, CREDITOR))


def test_the_planner_can_render_every_message():
    ana = Debtor(
        id="d", name="Ana Pérez", country="CL", timezone="America/Santiago", email="ana@example.cl"
    )
    debt = Debt(
        id="a",
        debtor_id="d",
        amount=Money("45000", "CLP"),
        due_date=date(2026, 11, 23),
        payment_url="https://pay.example/a",
    )
    planner = Planner(default_strategy(), creditor=CREDITOR, templates=ENGINE)
    [message] = planner.plan([ana], [debt], as_of=datetime(2026, 11, 23, 12, tzinfo=UTC)).messages
    assert message.content is not None
    assert message.content.subject
    assert "$45.000" in message.content.text
    assert "https://pay.example/a" in (message.content.html or "")


def test_sms_amounts_use_plain_spaces_so_the_text_stays_gsm7():
    context = {"amount": Money("1234.56", "BRL")}
    sms = ENGINE.render_string(
        "{{ amount|money }}", {**context, "locale": "pt_BR", "channel": "sms"}
    )
    email = ENGINE.render_string(
        "{{ amount|money }}", {**context, "locale": "pt_BR", "channel": "email"}
    )
    assert sms == "R$ 1.234,56"
    assert email == f"R${NBSP}1.234,56"


def test_the_largest_amounts_format_without_decimal_errors():
    from dunning._core._format import format_money

    assert format_money(Money("9" * 38, "COP"), "es_CO").endswith("999.999")
    assert format_money(Money("9" * 36 + ".99", "COP"), "es_CO").endswith("999,99")


def _sample(locale: str, channel: str) -> dict:
    from dunning.templates import LintSample

    return LintSample(debts=2).context("early", locale, channel)


def test_the_packs_build_each_imported_module_once_per_engine(monkeypatch):
    from jinja2.environment import Template

    engine = TemplateEngine()
    built = []
    make_module = Template.make_module

    def counted(self, *args, **kwargs):
        built.append(self.name)
        return make_module(self, *args, **kwargs)

    monkeypatch.setattr(Template, "make_module", counted)
    first = [
        engine.render("early", channel, "es_CL", _sample("es_CL", channel)).text
        for channel in ("sms", "email", "whatsapp")
    ]
    once = sorted(built)
    assert once == ["es/_tu/_macros.j2", "es/_tu/early.j2"]
    again = [
        engine.render("early", channel, "es_CL", _sample("es_CL", channel)).text
        for channel in ("sms", "email", "whatsapp")
    ]
    assert again == first
    assert sorted(built) == once  # nothing built again: the macros take the message as values


def test_a_custom_pack_that_imports_with_context_still_renders(tmp_path: Path):
    (tmp_path / "pt_BR").mkdir()
    (tmp_path / "pt_BR" / "_m.j2").write_text(
        "{% macro line() %}{{ debtor.first_name }} deve {{ debt.outstanding|money }} "
        "({{ channel }}){% endmacro %}"
    )
    (tmp_path / "pt_BR" / "early.sms.j2").write_text(
        '{% import "pt_BR/_m.j2" as m with context %}{{ m.line() }}'
    )
    (tmp_path / "pt_BR" / "early.whatsapp.j2").write_text(
        '{% import "pt_BR/_m.j2" as m with context %}{{ m.line() }}'
    )
    engine = TemplateEngine([tmp_path])
    sms = engine.render("early", "sms", "pt_BR", _sample("pt_BR", "sms"))
    whatsapp = engine.render("early", "whatsapp", "pt_BR", _sample("pt_BR", "whatsapp"))
    assert sms.text == "Ana deve R$ 45.500,00 (sms)"  # plain space in an SMS
    assert whatsapp.text == f"Ana deve R${NBSP}45.500,00 (whatsapp)"


def test_renders_in_threads_keep_their_own_locale_and_channel():
    from concurrent.futures import ThreadPoolExecutor

    jobs = [
        (locale, channel)
        for locale in ("es_CL", "pt_BR", "en_US", "es_MX")
        for channel in ("sms", "email", "whatsapp")
    ] * 8
    engine = TemplateEngine()

    def one(job: tuple[str, str]) -> str:
        locale, channel = job
        content = engine.render("early", channel, locale, _sample(locale, channel))
        return f"{content.text}|{content.subject}"

    expected = [one(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(one, jobs)) == expected


@settings(max_examples=300, deadline=None)
@given(
    locale=st.sampled_from(
        ["es", "es_CL", "es_CO", "es_MX", "es_PE", "pt_BR", "en", "en_US", "fr", "de_CH", "ar_EG"]
    ),
    currency=st.sampled_from(["CLP", "USD", "BRL", "MXN", "COP", "PEN", "KWD", "JPY", "EUR"]),
    units=st.integers(-(10**17), 10**17),
    places=st.integers(0, 3),
)
def test_money_formats_as_babels_format_currency(locale, currency, units, places):
    from decimal import Decimal, localcontext

    from babel.numbers import format_currency, get_currency_precision

    from dunning import CurrencyError

    amount = Decimal(units).scaleb(-places)
    try:
        money = Money(amount, currency)
    except CurrencyError:
        return  # more decimals than ISO 4217 allows: not money
    amount = money.amount  # as stored: the currency's ISO 4217 decimals
    if amount == 0:
        return  # format_money counts a decimal in 0.00 ("0,00 COP"): kept as it was, not this rule
    # The rule, from format_money's docstring: CLDR's display when it drops no minor unit,
    # else every decimal the amount holds.
    lossless = amount == amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)))
    with localcontext(prec=80):
        if lossless:
            expected = format_currency(amount, currency, locale=locale)
        else:
            expected = format_currency(
                amount, currency, locale=locale, currency_digits=False, decimal_quantization=False
            )
    assert format_money(money, locale) == expected


def test_a_render_leaves_nothing_for_the_cyclic_garbage_collector():
    # A planner renders thousands of messages per chunk: what one render builds must be freed
    # by reference counting, not left for the collector to find among the chunk's models.
    import gc

    engine = TemplateEngine()
    jobs = [(loc, ch) for loc in ("es_CL", "pt_BR", "en_US") for ch in ("sms", "email", "whatsapp")]
    contexts = [(loc, ch, _sample(loc, ch)) for loc, ch in jobs]
    for loc, ch, context in contexts:  # compiled templates and formatting caches built here
        engine.render("early", ch, loc, context)
    gc.collect()
    gc.disable()
    try:
        for loc, ch, context in contexts:
            engine.render("early", ch, loc, context)
        assert gc.collect() == 0
    finally:
        gc.enable()
