"""Required content is policy data, enforced when planning and by the linter (audit of December
2026).

From the laws: Brazil's CDC art. 42-A (every collection document shows the supplier's name,
address and CPF/CNPJ); US 12 CFR 1006.18(e) (a debt collector says it is one); Chile's art. 37 as
amended (at each collection action, who collects and which debt); Mexico's CONDUSEF provisions
(identification, prudently in every contact); São Paulo's Lei 14.953/2013 (amounts itemised).
"""

from __future__ import annotations

from datetime import date

import pytest
from common import CREDITOR, debt, debtor, local, plan

from dunning import Creditor, SkipCode
from dunning.policy import for_country
from dunning.templates import LintSample, Severity, TemplateEngine, lint, lint_templates

SP = "America/Sao_Paulo"
NY = "America/New_York"
MONDAY = local(SP, 2026, 11, 23, 6)


class NobodyRegistered:
    """The Procon-SP block register, checked: nobody in it."""

    def registered_at(self, address: str) -> None:
        return None


def _plan_br(creditor: Creditor, **kw: object):
    who = debtor("BR", SP, subdivision="SP", phone="+55 11 98765 4321")
    return plan(
        [who],
        [debt(due=date(2026, 11, 23), currency="BRL")],
        as_of=MONDAY,
        channels=("sms",),
        creditor=creditor,
        registers={"procon_sp": NobodyRegistered()},
        **kw,
    )


def test_a_creditor_with_only_a_name_sends_nothing_in_brazil():
    result = _plan_br(Creditor(name="Tienda Sur"))
    assert result.messages == ()
    [skip] = result.skipped
    assert skip.code is SkipCode.MISSING_REQUIRED_CONTENT
    assert "address" in skip.reason and "tax_id" in skip.reason
    assert skip.source is not None
    assert skip.source.citation == "CDC (Lei 8.078/1990) art. 42-A"


def test_a_creditor_with_name_address_and_cnpj_is_planned_and_shown():
    result = _plan_br(CREDITOR, templates=TemplateEngine())
    [message] = result.messages
    assert message.content is not None
    text = message.content.text
    assert "76.123.456-7" in text and "Rua Augusta 100" in text and "Tienda Sur" in text


def test_a_template_that_leaves_out_the_address_is_not_sent(tmp_path):
    folder = tmp_path / "pt_BR"
    folder.mkdir()
    (folder / "due.sms.j2").write_text(
        "{{ creditor.name }} (CNPJ {{ creditor.tax_id }}): Olá {{ debtor.first_name }}, "
        "sua fatura vence hoje.",
        encoding="utf-8",
    )
    result = _plan_br(CREDITOR, templates=TemplateEngine([tmp_path]))
    assert result.messages == ()
    [skip] = result.skipped
    assert skip.code is SkipCode.MISSING_REQUIRED_CONTENT
    assert "address" in skip.reason
    assert skip.source is not None and "42-A" in skip.source.citation


def test_the_gap_is_per_country():
    # Chile only needs the creditor's name: the same creditor is fine there.
    who = debtor("CL", "America/Santiago")
    result = plan(
        [who],
        [debt(due=date(2026, 11, 24), currency="CLP")],
        as_of=local("America/Santiago", 2026, 11, 24, 6),
        creditor=Creditor(name="Tienda Sur"),
    )
    assert len(result.messages) == 1


def test_a_debt_collector_tells_the_consumer_so():
    collector = Creditor(name="Acme Recovery", debt_collector=True)
    who = debtor("US", NY, phone="+1 212 555 0100")
    result = plan(
        [who],
        [debt(due=date(2026, 11, 23), currency="USD")],
        as_of=local(NY, 2026, 11, 23, 6),
        channels=("sms",),
        creditor=collector,
        templates=TemplateEngine(),
    )
    [message] = result.messages
    assert message.content is not None
    assert "from a debt collector" in message.content.text
    assert "attempt to collect a debt" in message.content.text


def test_a_creditor_collecting_its_own_debts_makes_no_collector_disclosure():
    who = debtor("US", NY, phone="+1 212 555 0100")
    result = plan(
        [who],
        [debt(due=date(2026, 11, 23), currency="USD")],
        as_of=local(NY, 2026, 11, 23, 6),
        channels=("sms",),
        templates=TemplateEngine(),
    )
    [message] = result.messages
    assert message.content is not None
    assert "debt collector" not in message.content.text


def test_the_linter_asks_a_collectors_template_for_the_disclosure():
    text = (
        "Acme: Hi Ana, your bill F-1001 for $45,500.00 is due today. Pay here: "
        "https://pay.example/inv-1\nIf you already paid, please ignore this message. Reply STOP "
        "to opt out."
    )
    policy = for_country("US")
    sample = LintSample(creditor_name="Acme", debt_collector=True)
    issues = lint(text, channel="sms", locale="en_US", stage="due", policy=policy, sample=sample)
    assert [i.code for i in issues if i.severity is Severity.ERROR] == [
        "missing_debt_collector_disclosure"
    ]
    fixed = text + " This is a communication from a debt collector."
    issues = lint(fixed, channel="sms", locale="en_US", stage="due", policy=policy, sample=sample)
    assert [i.code for i in issues if i.severity is Severity.ERROR] == []


def test_the_builtin_us_pack_passes_for_a_debt_collector():
    issues = lint_templates(locales=["en_US"], sample=LintSample(debt_collector=True))
    assert [str(i) for i in issues if i.severity is Severity.ERROR] == []


def test_chile_asks_every_collection_message_for_the_creditor_and_the_debt():
    policy = for_country("CL")
    [rule] = policy.content
    assert rule.element == "collection_information"
    vague = (
        "Tienda Sur: Hola Ana, tu cuenta por $45.500 vence hoy. Paga en "
        "https://pay.example/inv-1 . Si ya pagaste, ignora este mensaje."
    )
    issues = lint(vague, channel="sms", locale="es_CL", stage="due", policy=policy)
    assert [i.code for i in issues if i.severity is Severity.ERROR] == [
        "missing_collection_information"
    ]
    named = vague.replace("tu cuenta", "tu cuenta F-1001")
    issues = lint(named, channel="sms", locale="es_CL", stage="due", policy=policy)
    assert [i.code for i in issues if i.severity is Severity.ERROR] == []


def test_mexico_identifies_in_every_contact_prudently():
    rules = [r for r in for_country("MX").content if not r.first_contact_only]
    assert [r.source.basis.value for r in rules] == ["prudent"]


def test_sao_paulo_itemisation_is_flagged_for_review_by_the_linter():
    text = (
        "Tienda Sur (CNPJ 76.123.456-7, Rua Augusta 100, São Paulo - SP): Olá Ana, sua fatura "
        "de R$ 45.500,00 vence hoje. Pague em https://pay.example/inv-1\nSe já pagou, ignore."
    )
    issues = lint(text, channel="sms", locale="pt_BR", stage="due", policy=for_country("BR", "SP"))
    unchecked = [i for i in issues if i.code == "unchecked_rule"]
    assert len(unchecked) == 1 and unchecked[0].severity is Severity.WARNING
    assert unchecked[0].source is not None
    assert "14.953/2013" in unchecked[0].source.citation


@pytest.mark.parametrize("locale", ["pt_BR", "es_CL", "es_MX", "en_US"])
def test_the_builtin_packs_carry_their_markets_elements(locale):
    issues = lint_templates(locales=[locale])
    assert [str(i) for i in issues if i.severity is Severity.ERROR] == []
