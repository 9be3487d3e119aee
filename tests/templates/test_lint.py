"""The template linter: every check fails on a bad example and passes on a good one, word lists
ignore accents and case, the CLI's exit code, and the built-in packs lint clean."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dunning import InputError, Stage
from dunning._cli import main
from dunning._core._text import fold
from dunning.policy import Basis, ContactPolicy, ContentRule, Source, for_country
from dunning.templates import (
    BUILTIN_DIR,
    Issue,
    LintSample,
    RenderedContent,
    Severity,
    TemplateEngine,
    WhatsAppTemplate,
    lint,
    lint_templates,
)
from dunning.templates._lint_channels import whatsapp_placeholders

URL = "https://pay.example/inv-1"
# A due-stage reminder for es_CL with every required element, all in GSM-7, one segment.
GOOD_ES = (
    f"Tienda Sur: Hola Ana, tu cuenta por $45.500 vence hoy. Paga en {URL} . "
    "Si ya pagaste, ignora este mensaje."
)
GOOD_EN = (
    f"Tienda Sur: Hi Ana, your bill for $45,500.00 is due today. Pay at {URL} . "
    "If you already paid, please ignore this."
)
BUILTIN_LOCALES = ["en", "en_US", "es", "es_CL", "es_CO", "es_MX", "es_PE", "pt_BR"]
CHANNELS = ["sms", "whatsapp", "email"]


def codes(issues: list[Issue], severity: Severity | None = None) -> list[str]:
    return [i.code for i in issues if severity is None or i.severity is severity]


def lint_es(text: str, **kwargs) -> list[Issue]:
    kwargs.setdefault("stage", "due")
    return lint(text, channel=kwargs.pop("channel", "whatsapp"), locale="es_CL", **kwargs)


def test_a_complete_message_has_no_issue():
    assert lint_es(GOOD_ES) == []
    assert lint(GOOD_EN, channel="sms", locale="en", stage="due") == []


# --- required elements ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "bad", "good"),
    [
        ("missing_greeting", "Hola,", "Hola Ana,"),
        ("missing_greeting", "Hola Anabel,", "Hola ANA,"),
        ("missing_creditor", "Tienda Norte:", "TIENDA SUR:"),
        ("missing_amount", "$45500", "$45.500"),
        ("missing_amount", "45.500 CLP", "$45.500"),
        ("missing_due", "vence pronto", "vence hoy"),
        ("missing_payment", "Visita https://pay.example/other", "Paga en nuestra web"),
        ("missing_payment", "Visita la web", "Puedes pagar por transferencia"),
        ("missing_paid_disclaimer", "Si pagaste, ignora", "SI YA PAGÓ, ignore"),
    ],
)
def test_each_required_element_fails_when_missing_and_passes_when_present(code, bad, good):
    base = {
        "missing_greeting": "Hola Ana,",
        "missing_creditor": "Tienda Sur:",
        "missing_amount": "$45.500",
        "missing_due": "vence hoy",
        "missing_payment": f"Paga en {URL}",
        "missing_paid_disclaimer": "Si ya pagaste, ignora",
    }[code]
    assert base in GOOD_ES
    assert code in codes(lint_es(GOOD_ES.replace(base, bad)))
    assert lint_es(GOOD_ES.replace(base, good)) == []


@pytest.mark.parametrize(
    ("stage", "phrase"),
    [
        ("pre_due", "vence en 3 días"),
        ("pre_due", "vence el 26 de noviembre"),
        ("pre_due", "vence el 26/11"),
        ("pre_due", "vence el jueves 26 de nov."),
        ("early", "venció hace 5 días"),
        ("early", "venció el 18 de noviembre"),
        ("mid", "lleva 40 días de atraso"),
        ("severe", "lleva 120 días de atraso"),
        ("promise_reminder", "prometiste pagar mañana"),
        ("broken_promise", "prometiste pagar el 21 de noviembre"),
    ],
)
def test_the_due_date_may_be_a_date_a_relative_phrase_or_the_days_late(stage, phrase):
    text = GOOD_ES.replace("vence hoy", phrase)
    assert "missing_due" not in codes(lint_es(text, stage=stage))
    assert "missing_due" in codes(lint_es(GOOD_ES.replace("vence hoy", "vence"), stage=stage))


def test_a_days_late_number_inside_the_amount_or_a_reference_does_not_count():
    sample = LintSample(amount=Decimal("40000"), reference="F-40")
    text = (
        f"Tienda Sur: Hola Ana, tu cuenta F-40 por $40.000 está atrasada. Paga en {URL} . "
        "Si ya pagaste, ignora este mensaje."
    )
    assert "missing_due" in codes(lint_es(text, stage="mid", sample=sample))


@pytest.mark.parametrize(
    ("locale", "line", "ok"),
    [
        ("es_CL", "Si ya cancelaste tu cuenta, ignora este mensaje.", True),
        ("es_MX", "Si ya realizó su pago, omita este aviso.", True),
        ("es_CO", "Si ya hiciste el pago, gracias.", True),
        ("es_CL", "Si pagas hoy, gracias.", False),
        ("pt_BR", "Caso já tenha pago, desconsidere.", True),
        ("pt_BR", "Se já efetuou o pagamento, desconsidere.", True),
        ("pt_BR", "Pague já.", False),
        ("en_US", "If you have ALREADY PAID, thank you.", True),
        ("en_US", "If you already made the payment, ignore this.", True),
        ("en_US", "Pay already.", False),
    ],
)
def test_paid_disclaimer_wordings(locale, line, ok):
    found = "missing_paid_disclaimer" in codes(lint(line, channel="email", locale=locale))
    assert found is not ok


def test_a_thank_you_only_needs_the_greeting_and_the_creditor():
    assert lint_es("Tienda Sur: Gracias, Ana, recibimos tu pago.", stage="thanks") == []
    assert codes(lint_es("Gracias, recibimos tu pago.", stage="thanks")) == [
        "missing_greeting",
        "missing_creditor",
    ]


def test_without_a_stage_any_stage_date_counts():
    assert lint_es(GOOD_ES.replace("vence hoy", "lleva 70 días de atraso"), stage=None) == []


def test_the_amount_is_looked_for_as_the_locale_writes_it():
    # The same text reads $45,500.00 in en_US but R$ 45.500,00 is what pt_BR expects.
    assert lint(GOOD_EN, channel="sms", locale="en_US", stage="due") == []
    assert "missing_amount" in codes(lint(GOOD_EN, channel="sms", locale="pt_BR", stage="due"))
    br = (
        "Tienda Sur: Olá Ana, sua fatura de R$ 45.500,00 vence hoje. Pague em "
        f"{URL}. Se já pagou, desconsidere."
    )
    assert codes(lint(br, channel="email", locale="pt_BR", stage="due")) == []


def test_several_debts_accept_the_total_or_each_line():
    sample = LintSample(debts=2)
    total = GOOD_ES.replace("$45.500", "$91.000")
    assert lint_es(total, sample=sample) == []
    assert lint_es(GOOD_ES, sample=sample) == []


def test_email_subject_counts_as_part_of_the_message():
    body = f"Hola Ana, debes $45.500. Paga en {URL}. Si ya pagaste, ignora este mensaje."
    content = RenderedContent(
        channel="email",
        locale="es_CL",
        template="es_CL/due.email.j2",
        text=body,
        subject="Tienda Sur: vence hoy",
    )
    assert lint(content, channel="email", locale="es_CL", stage="due") == []
    alone = content.model_copy(update={"subject": None})
    issues = lint(alone, channel="email", locale="es_CL", stage="due")
    assert codes(issues) == ["missing_creditor", "missing_due"]
    assert issues[0].template == "es_CL/due.email.j2"


# --- policy content rules ------------------------------------------------------------------

US = for_country("US")


def test_opt_out_is_required_where_the_policy_says_so():
    issues = lint(GOOD_EN, channel="sms", locale="en_US", stage="due", policy=US)
    assert codes(issues) == ["missing_opt_out"]
    [issue] = issues
    assert issue.source is not None and "1006.6(e)" in issue.source.citation
    assert (
        lint(
            GOOD_EN + " Reply STOP to opt out.",
            channel="sms",
            locale="en_US",
            stage="due",
            policy=US,
        )
        == []
    )
    assert (
        lint(
            GOOD_EN + " Unsubscribe: https://x.example/u",
            channel="email",
            locale="en_US",
            stage="due",
            policy=US,
        )
        == []
    )
    # Letters are not covered by the rule.
    assert lint(GOOD_EN, channel="letter", locale="en_US", stage="due", policy=US) == []


def test_opt_out_words_in_spanish_and_portuguese():
    assert lint_es(GOOD_ES + " Responde BAJA.", policy=US) == []
    assert codes(lint_es(GOOD_ES, policy=US)) == ["missing_opt_out"]
    assert "missing_opt_out" not in codes(
        lint("Para sair, responda SAIR.", channel="sms", locale="pt_BR", policy=US)
    )


def test_brazil_needs_the_creditor_tax_id_and_address():
    # CDC art. 42-A: every collection document shows the supplier's name, address and CPF/CNPJ.
    br = (
        "Tienda Sur: Olá Ana, sua fatura de R$ 45.500,00 vence hoje. Pague em "
        f"{URL}. Se já pagou, desconsidere."
    )
    policy = for_country("BR")
    issues = lint(br, channel="whatsapp", locale="pt_BR", stage="due", policy=policy)
    assert codes(issues, Severity.ERROR) == ["missing_creditor_identification"]
    assert "CDC" in str(issues[-1].source)
    assert "tax id" in issues[-1].message and "address" in issues[-1].message
    only_tax_id = br.replace("Tienda Sur:", "Tienda Sur (CNPJ 76.123.456-7):")
    issues = lint(only_tax_id, channel="whatsapp", locale="pt_BR", stage="due", policy=policy)
    assert codes(issues, Severity.ERROR) == ["missing_creditor_identification"]
    assert "tax id" not in issues[-1].message and "address" in issues[-1].message
    fixed = br.replace(
        "Tienda Sur:", "Tienda Sur (CNPJ 76.123.456-7, Rua Augusta 100, São Paulo - SP):"
    )
    assert (
        codes(
            lint(fixed, channel="whatsapp", locale="pt_BR", stage="due", policy=policy),
            Severity.ERROR,
        )
        == []
    )
    # A thank-you is not a collection document.
    thanks = "Tienda Sur: Obrigado, Ana!"
    assert lint(thanks, channel="whatsapp", locale="pt_BR", stage="thanks", policy=policy) == []


def test_mexico_identification_needs_the_creditor_name():
    mx = GOOD_ES.replace("$45.500", "$45,500.00")
    assert lint(mx, channel="sms", locale="es_MX", stage="due", policy=for_country("MX")) == []
    unnamed = mx.replace("Tienda Sur: ", "")
    assert "missing_creditor_identification" in codes(
        lint(unnamed, channel="sms", locale="es_MX", stage="due", policy=for_country("MX"))
    )


def test_a_rule_the_linter_does_not_know_is_a_warning_not_silence():
    source = Source(citation="house rule 7", basis=Basis.HOUSE)
    policy = ContactPolicy(
        name="house",
        content=(
            ContentRule(
                element="validation_notice",
                description="the validation notice",
                channels="sms",
                source=source,
            ),
        ),
    )
    [issue] = lint_es(GOOD_ES, policy=policy, channel="sms")
    assert (issue.code, issue.severity, issue.source) == (
        "unchecked_rule",
        Severity.WARNING,
        source,
    )
    assert lint_es(GOOD_ES, policy=policy, channel="email") == []


# --- forbidden content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "words", "code"),
    [
        ("es_CL", "Podrías ir a la CÁRCEL.", "threat"),
        ("es_CL", "podrias ir a la carcel", "threat"),
        ("es_CL", "Procederemos al embargo de tus bienes.", "threat"),
        ("es_MX", "Avisaremos a la Policía.", "threat"),
        ("es_CL", "Te vamos a demandar.", "court_language"),
        ("es_CL", "ÚLTIMO AVISO LEGAL", "court_language"),
        ("es_CL", "ultimo aviso legal", "court_language"),
        ("es_CO", "Recibirás una citación del juzgado.", "court_language"),
        ("es_CL", "Llamaremos a tu familia.", "third_party"),
        ("es_MX", "Contactaremos a tus referencias.", "third_party"),
        ("es_CL", "Hablaremos con tu  jefe.", "third_party"),
        ("pt_BR", "Chamaremos a polícia.", "threat"),
        ("pt_BR", "Haverá penhora dos seus bens.", "threat"),
        ("pt_BR", "Você receberá uma intimação.", "court_language"),
        ("pt_BR", "Falaremos com sua família.", "third_party"),
        ("en_US", "We will call the police.", "threat"),
        ("en_US", "You will receive a court summons.", "court_language"),
        ("en_US", "We will contact your employer.", "third_party"),
        ("en_US", "We will tell your neighbours.", "third_party"),
    ],
)
def test_forbidden_words_are_found_whatever_the_case_and_accents(locale, words, code):
    issues = lint(words, channel="email", locale=locale)
    found = [i for i in issues if i.code == code]
    assert found and found[0].severity is Severity.ERROR
    assert found[0].excerpt and fold(found[0].excerpt) in fold(words)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("es_CL", "Sin embargo, puedes pagar en cuotas."),
        ("es_CL", "Referencias: F-1, F-2."),
        ("es_CL", "Actúa con juiciosa prudencia; demandante no aplica."),
        ("es_CL", "Te vamos a enviar el enlace."),
        ("en_US", "Thank you for your courtesy; warranty included."),
        ("en_US", "Stop by our office."),
        ("pt_BR", "Aproveite a promoção."),
    ],
)
def test_harmless_words_are_not_forbidden(locale, words):
    bad = {"threat", "court_language", "third_party"}
    assert not bad & set(codes(lint(words, channel="email", locale=locale)))


def test_the_excerpt_keeps_the_original_spelling():
    [issue] = [i for i in lint_es(GOOD_ES + " Irás a la CÁRCEL.") if i.code == "threat"]
    assert issue.excerpt == "CÁRCEL"
    assert "CÁRCEL" in issue.message


def test_fold_ignores_accents_case_and_kinds_of_blank():
    assert fold("ÚLTIMO\xa0Aviso\tLEGAL") == "ultimo aviso legal"
    assert fold("Ação") == fold("acao") == "acao"
    assert fold("e\u0301") == "e"  # a decomposed accent


# --- SMS -----------------------------------------------------------------------------------


def test_sms_in_gsm7_within_one_segment_passes():
    assert lint_es(GOOD_ES, channel="sms") == []


def test_ucs2_is_a_warning_that_names_the_characters():
    text = GOOD_ES.replace("vence hoy", "vence hoy, día de pago")
    issue, length = lint_es(text, channel="sms")
    assert (issue.code, issue.severity) == ("sms_ucs2", Severity.WARNING)
    # 139 UCS-2 units are 3 parts of 67; in GSM-7 the same text would be one SMS.
    assert (length.code, length.severity) == ("sms_segments", Severity.WARNING)
    assert "'í'" in issue.message and "to_gsm7" in issue.message
    assert issue.excerpt == "í"
    nbsp = lint_es(GOOD_ES.replace("$45.500", "$45.500\xa0"), channel="sms")
    assert "U+00A0 NO-BREAK SPACE" in nbsp[0].message
    assert codes(lint_es(text, channel="whatsapp")) == []


def test_too_many_segments_is_an_error_and_three_a_warning():
    three = GOOD_ES + " " + "x" * (153 * 3 - len(GOOD_ES) - 1)  # exactly 3 GSM-7 parts
    assert [(i.code, i.severity) for i in lint_es(three, channel="sms")] == [
        ("sms_segments", Severity.WARNING)
    ]
    four = three + "x"
    [issue] = lint_es(four, channel="sms")
    assert (issue.code, issue.severity) == ("sms_segments", Severity.ERROR)
    assert "4 SMS segments" in issue.message and "3 allowed" in issue.message
    assert lint_es(four, channel="sms", max_sms_segments=4)[0].severity is Severity.WARNING
    two = GOOD_ES + " " + "x" * 100
    assert lint_es(two, channel="sms") == []
    assert codes(lint_es(two, channel="sms", max_sms_segments=1)) == ["sms_segments"]
    assert lint_es(four, channel="whatsapp") == []


# --- WhatsApp ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approved:
    name: str
    body: str | None
    parameters: tuple[str, ...]


@pytest.mark.parametrize(
    ("body", "parameters", "ok"),
    [
        ("Hola {{1}}, debes {{2}}.", ("debtor.first_name", "total|money"), True),
        ("Hola {{1}}, debes {{2}}. {{1}}", ("a", "b"), True),
        ("Hola {{ 1 }}.", ("a",), True),
        ("Hola {{1}}, debes {{2}}.", ("a",), False),
        ("Hola {{1}}.", ("a", "b"), False),
        ("Hola {{1}}, debes {{3}}.", ("a", "b"), False),
        ("Hola {{2}}.", ("a",), False),
        ("Hola {{name}}.", ("a",), False),
        (None, ("a",), True),
    ],
)
def test_whatsapp_placeholders_match_the_declared_parameters(body, parameters, ok):
    issues = lint_es(GOOD_ES, channel="whatsapp", whatsapp=Approved("pago", body, parameters))
    assert (codes(issues) == []) is ok
    if not ok:
        assert codes(issues) == ["whatsapp_parameters"]
        assert "132000" in issues[0].message


def test_the_real_whatsapp_template_model_fits():
    approved = WhatsAppTemplate(
        name="pago",
        language="es_CL",
        parameters=("debtor.first_name",),
        body="Hola {{1}}, tu saldo es {{2}}.",
    )
    [issue] = lint_es(GOOD_ES, channel="whatsapp", whatsapp=approved)
    assert "2 placeholders but 1 parameters" in issue.message


def test_whatsapp_placeholders_in_order():
    assert whatsapp_placeholders("{{1}} {{ 2 }} {{1}} {{x}}") == ["1", "2", "1", "x"]


# --- inputs and the sample -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"channel": "fax", "locale": "es_CL"}, "channel"),
        ({"channel": "sms", "locale": "xx_YY_ZZ"}, "locale"),
        ({"channel": "sms", "locale": "es_CL", "stage": "later"}, "stage"),
        ({"channel": "sms", "locale": "es_CL", "max_sms_segments": 0}, "max_sms_segments"),
    ],
)
def test_bad_arguments_are_named(kwargs, field):
    with pytest.raises(InputError) as info:
        lint("x", **kwargs)
    assert info.value.field == field


def test_the_sample_fits_the_locale_and_the_stage():
    sample = LintSample()
    assert sample.money("es_CL").currency == "CLP"
    assert sample.money("pt_BR").currency == "BRL"
    assert sample.money("es").currency == "USD"
    assert sample.due_date(Stage.PRE_DUE) == date(2026, 11, 26)
    context = sample.context("broken_promise", "es_MX", "whatsapp")
    assert context["promise"] == {"date": date(2026, 11, 21), "amount": None}
    assert context["debtor"]["first_name"] == "Ana"
    assert context["payment_url"] == URL
    assert context["creditor"].tax_id == "76.123.456-7"
    with pytest.raises(InputError, match="first_name"):
        LintSample(first_name="Eva")
    with pytest.raises(InputError, match="debt"):
        LintSample(debts=0)


def test_an_unknown_language_is_said_not_checked():
    issues = lint("Tienda Sur: Bonjour Ana", channel="email", locale="fr_FR", stage="thanks")
    assert codes(issues) == ["unchecked_language"]


# --- whole packs ---------------------------------------------------------------------------

GOOD_TEMPLATE = (
    "{{ creditor.name }}: Hola {{ debtor.first_name }}, tu cuenta {{ debt.reference }} por "
    "{{ debt.outstanding|money }} vence hoy. Paga en {{ payment_url }} . Si ya pagaste, ignora "
    "este mensaje."
)


def _pack(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_lint_templates_renders_each_template_with_the_sample(tmp_path: Path):
    _pack(
        tmp_path,
        {
            "es_CL/due.sms.j2": GOOD_TEMPLATE,
            "es_CL/late.sms.j2": GOOD_TEMPLATE.replace("vence hoy", "") + " Iremos a juicio.",
            "es_CL/mid.sms.j2": "{{ debtor.nickname }}",
            "es_CL/_macros.j2": "{% macro x() %}{% endmacro %}",
            "es_CL/notes.txt": "not a template",
            "es_CL/due.fax.j2": "fax",
        },
    )
    issues = lint_templates(TemplateEngine([tmp_path], builtin=False))
    by_template = {}
    for issue in issues:
        by_template.setdefault(issue.template, []).append(issue.code)
    assert "es_CL/due.sms.j2" not in by_template
    assert by_template["es_CL/late.sms.j2"] == ["missing_due", "court_language"]
    assert by_template["es_CL/mid.sms.j2"] == ["render_error"]
    assert by_template["es_CL/due.fax.j2"] == ["bad_template_name"]
    render_error = next(i for i in issues if i.code == "render_error")
    assert "nickname" in render_error.message and render_error.severity is Severity.ERROR


def test_lint_templates_gives_promise_stages_a_promise_and_thanks_no_amount(tmp_path: Path):
    promise = GOOD_TEMPLATE.replace("vence hoy", "prometiste pagar el {{ promise.date|date }}")
    _pack(
        tmp_path,
        {
            "es_CL/promise_reminder.sms.j2": promise,
            "es_CL/broken_promise.sms.j2": promise,
            "es_CL/thanks.sms.j2": "{{ creditor.name }}: Gracias {{ debtor.first_name }}!",
        },
    )
    assert lint_templates(TemplateEngine([tmp_path], builtin=False)) == []


def test_lint_templates_checks_the_engines_approved_whatsapp_templates(tmp_path: Path):
    _pack(tmp_path, {"es_CL/due.whatsapp.j2": GOOD_TEMPLATE})
    approved = WhatsAppTemplate(
        name="recordatorio",
        language="es_CL",
        parameters=("debtor.first_name",),
        body="Hola {{1}}, debes {{2}}.",
    )
    engine = TemplateEngine([tmp_path], builtin=False, whatsapp={"due": approved})
    [issue] = lint_templates(engine)
    assert (issue.code, issue.template) == ("whatsapp_parameters", "es_CL/due.whatsapp.j2")
    fixed = approved.model_copy(update={"parameters": ("debtor.first_name", "total|money")})
    engine = TemplateEngine([tmp_path], builtin=False, whatsapp={"due": fixed})
    assert lint_templates(engine) == []


def test_lint_templates_uses_the_policy_of_the_locale_country(tmp_path: Path):
    _pack(tmp_path, {"es/due.sms.j2": GOOD_TEMPLATE.replace("$", "")})
    engine = TemplateEngine([tmp_path], builtin=False)
    issues = lint_templates(engine, locales=["es", "es_US", "es_AR"])
    assert {i.locale for i in issues if i.code == "missing_opt_out"} == {"es_US"}
    assert all(i.template == "es/due.sms.j2" for i in issues)
    custom = ContactPolicy(name="none")
    assert not [
        i
        for i in lint_templates(engine, locales=["es_US"], policies={"US": custom})
        if i.code == "missing_opt_out"
    ]


def test_a_key_missing_in_a_locale_chain_is_a_warning(tmp_path: Path):
    _pack(tmp_path, {"es/due.sms.j2": GOOD_TEMPLATE, "pt_BR/due.email.j2": "x"})
    issues = lint_templates(TemplateEngine([tmp_path], builtin=False), locales=["es_CL"])
    [missing] = [i for i in issues if i.code == "missing_template"]
    assert missing.severity is Severity.WARNING and missing.template == "due.email"


def test_user_folders_override_the_builtin_pack(tmp_path: Path):
    _pack(tmp_path, {"es_CL/due.sms.j2": "{{ creditor.name }}: vamos a embargar"})
    issues = lint_templates(folders=[tmp_path], locales=["es_CL"])
    assert {i.template for i in issues if i.code == "threat"} == {"es_CL/due.sms.j2"}


# --- the command line ----------------------------------------------------------------------


def test_cli_exits_1_on_a_bad_template_and_0_on_a_good_one(tmp_path: Path, capsys):
    bad = _pack(tmp_path / "bad", {"es_CL/due.sms.j2": "Hola {{ debtor.first_name }}"})
    assert main(["lint-templates", str(bad), "--no-builtin"]) == 1
    out = capsys.readouterr().out
    assert "ERROR missing_creditor es_CL/due.sms.j2: " in out
    assert "error(s)" in out.splitlines()[-1]

    good = _pack(tmp_path / "good", {"es_CL/due.sms.j2": GOOD_TEMPLATE})
    assert main(["lint-templates", str(good), "--no-builtin", "--warnings"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("lint-templates: 0 error(s)")


def test_cli_options(tmp_path: Path, capsys):
    assert main(["lint-templates", "--no-builtin"]) == 2
    assert main(["lint-templates", str(tmp_path / "missing")]) == 2
    ucs2 = _pack(tmp_path / "p", {"es_CL/due.sms.j2": GOOD_TEMPLATE + " Gracias por tu atención."})
    capsys.readouterr()
    assert main(["lint-templates", str(ucs2), "--no-builtin", "--locale", "es_CL"]) == 0
    quiet = capsys.readouterr().out
    assert "sms_ucs2" not in quiet and "--warnings lists them" in quiet
    assert main(["lint-templates", str(ucs2), "--no-builtin", "--warnings"]) == 0
    assert "WARNING sms_ucs2 es_CL/due.sms.j2" in capsys.readouterr().out


# --- the built-in packs --------------------------------------------------------------------


def test_every_builtin_template_lints_clean():
    issues = lint_templates(locales=BUILTIN_LOCALES)
    errors = [str(i) for i in issues if i.severity is Severity.ERROR]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("locale", BUILTIN_LOCALES)
def test_every_stage_and_channel_has_a_builtin_template(locale):
    engine = TemplateEngine()
    missing = []
    for stage in Stage:
        for channel in CHANNELS:
            try:
                engine.resolve(stage.value, channel, locale)
            except LookupError:
                missing.append(f"{stage.value}.{channel}")
    assert not missing, f"{locale}: no template for {', '.join(missing)} in {BUILTIN_DIR}"
