"""The rule classifier reads replies in Spanish, Portuguese and English into intents."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest

from dunning import InputError, NaiveDatetimeError, TimezoneError
from dunning.conversation import Intent, IntentKind
from dunning.conversation._classify import (
    PRIORITY,
    Classifier,
    RuleClassifier,
    classify,
    resolve_promise_date,
)

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday, noon in Santiago

# (locale, reply, intent): development examples, written before the evaluation set was seen.
CASES = [
    # opt_out
    ("es_CL", "BAJA", "opt_out"),
    ("es_MX", "Stop", "opt_out"),
    ("es_CO", "no me escriban más por favor", "opt_out"),
    ("es_AR", "dejen de escribirme!!!", "opt_out"),
    ("es_PE", "No me llamen más pero mándenme el link", "opt_out"),
    ("es", "quiero darme de baja de estos mensajes", "opt_out"),
    ("es_MX", "ya no quiero recibir mensajes", "opt_out"),
    ("es_CL", "sáquenme de su lista", "opt_out"),
    ("es_CO", "CANCELAR", "opt_out"),
    ("es_AR", "no me molesten más, ya pagué", "opt_out"),
    ("es", "borren mi número", "opt_out"),
    ("pt_BR", "SAIR", "opt_out"),
    ("pt_BR", "não quero mais receber mensagens", "opt_out"),
    ("pt_BR", "parem de me mandar mensagem", "opt_out"),
    ("pt_BR", "me tira dessa lista", "opt_out"),
    ("pt_BR", "PARAR", "opt_out"),
    ("en_US", "STOP", "opt_out"),
    ("en_US", "unsubscribe", "opt_out"),
    ("en_US", "stop texting me", "opt_out"),
    ("en_US", "Don't call me again", "opt_out"),
    ("en_US", "please remove me from your list", "opt_out"),
    ("en_US", "quit", "opt_out"),
    # dispute
    ("es_CL", "esa deuda no es mía", "dispute"),
    ("es_MX", "No es mía", "dispute"),
    ("es_CO", "no reconozco esta deuda", "dispute"),
    ("es_AR", "yo nunca compré nada con ustedes", "dispute"),
    ("es_PE", "el monto está mal, yo debía menos", "dispute"),
    ("es", "esto es un fraude", "dispute"),
    ("es_CL", "cancelé el servicio hace meses", "dispute"),
    ("es_MX", "número equivocado, no conozco a esa persona", "dispute"),
    ("es_CO", "me están cobrando de más", "dispute"),
    ("es", "no debo nada", "dispute"),
    ("pt_BR", "essa dívida não é minha", "dispute"),
    ("pt_BR", "não reconheço esse valor", "dispute"),
    ("pt_BR", "nunca contratei esse plano", "dispute"),
    ("pt_BR", "o valor está errado", "dispute"),
    ("pt_BR", "isso é golpe", "dispute"),
    ("en_US", "I never ordered this", "dispute"),
    ("en_US", "this is not my debt", "dispute"),
    ("en_US", "wrong amount, I was charged twice", "dispute"),
    ("en_US", "I don't recognize this charge", "dispute"),
    ("en_US", "I cancelled my subscription in March", "dispute"),
    # already_paid
    ("es_CL", "ya pagué", "already_paid"),
    ("es_CL", "ya cancelé la deuda ayer", "already_paid"),
    ("es_MX", "ya hice la transferencia", "already_paid"),
    ("es_CO", "les envío el comprobante", "already_paid"),
    ("es_AR", "ya transferí esta mañana", "already_paid"),
    ("es_PE", "ya te yapeé", "already_paid"),
    ("es", "¿les llegó mi pago?", "already_paid"),
    ("es", "ya pague x transferencia", "already_paid"),
    ("es_MX", "deposité ayer en oxxo", "already_paid"),
    ("es_CO", "Ya le consigné", "already_paid"),
    ("es_CL", "ya está pagado", "already_paid"),
    ("es", "gracias, ya realicé el pago", "already_paid"),
    ("es", "ya pagé", "already_paid"),
    ("pt_BR", "já paguei", "already_paid"),
    ("pt_BR", "fiz o pix agora", "already_paid"),
    ("pt_BR", "segue o comprovante", "already_paid"),
    ("pt_BR", "caiu o pix?", "already_paid"),
    ("pt_BR", "ja paguei o boleto ontem", "already_paid"),
    ("en_US", "I already paid", "already_paid"),
    ("en_US", "did you get my payment?", "already_paid"),
    ("en_US", "sent the payment yesterday", "already_paid"),
    ("en_US", "here is the receipt", "already_paid"),
    ("en_US", "paid it online this morning", "already_paid"),
    # promise_to_pay
    ("es_CL", "te pago el viernes", "promise_to_pay"),
    ("es_MX", "mañana deposito", "promise_to_pay"),
    ("es_CO", "apenas cobre te pago", "promise_to_pay"),
    ("es_AR", "pago a fin de mes", "promise_to_pay"),
    ("es_PE", "el 15 le yapeo", "promise_to_pay"),
    ("es", "voy a pagar la próxima semana", "promise_to_pay"),
    ("es_CL", "altiro te pago", "promise_to_pay"),
    ("es_MX", "ahorita no tengo, pero el viernes le deposito", "promise_to_pay"),
    ("es_CO", "le pago en la quincena", "promise_to_pay"),
    ("es", "pagaré el 30", "promise_to_pay"),
    ("es", "el lunes sin falta", "promise_to_pay"),
    ("es", "hoy en la tarde hago la transferencia", "promise_to_pay"),
    ("es_AR", "te transfiero pasado mañana", "promise_to_pay"),
    ("es_CL", "pago la mitad el 15 y el resto a fin de mes", "promise_to_pay"),
    ("es", "ok, pago mañana", "promise_to_pay"),
    ("es", "mñn t pago", "promise_to_pay"),
    ("pt_BR", "pago na sexta", "promise_to_pay"),
    ("pt_BR", "amanhã faço o pix", "promise_to_pay"),
    ("pt_BR", "vou pagar dia 10", "promise_to_pay"),
    ("pt_BR", "assim que receber eu pago", "promise_to_pay"),
    ("pt_BR", "semana que vem eu acerto", "promise_to_pay"),
    ("en_US", "I'll pay on Friday", "promise_to_pay"),
    ("en_US", "will pay tomorrow", "promise_to_pay"),
    ("en_US", "I can pay $50 next week", "promise_to_pay"),
    ("en_US", "as soon as I get paid I'll send it", "promise_to_pay"),
    ("en_US", "gonna pay the rest on the 15th", "promise_to_pay"),
    # payment_plan
    ("es_CL", "¿puedo pagar en cuotas?", "payment_plan"),
    ("es_MX", "me pueden dar un plan de pagos", "payment_plan"),
    ("es_CO", "quisiera hacer un acuerdo de pago", "payment_plan"),
    ("es_AR", "se puede pagar en partes?", "payment_plan"),
    ("es_PE", "quiero fraccionar la deuda", "payment_plan"),
    ("es", "puedo pagar a plazos?", "payment_plan"),
    ("es_CL", "quiero repactar", "payment_plan"),
    ("es_MX", "me dan chance en abonos?", "payment_plan"),
    ("pt_BR", "dá pra parcelar?", "payment_plan"),
    ("pt_BR", "posso pagar em 3 vezes?", "payment_plan"),
    ("pt_BR", "quero fazer um acordo", "payment_plan"),
    ("en_US", "can I get a payment plan?", "payment_plan"),
    ("en_US", "can I pay in installments", "payment_plan"),
    ("en_US", "could we split it into smaller payments", "payment_plan"),
    # hardship
    ("es_CL", "no tengo plata este mes", "hardship"),
    ("es_MX", "estoy desempleado", "hardship"),
    ("es_CO", "me quedé sin trabajo", "hardship"),
    ("es_AR", "no tengo un mango", "hardship"),
    ("es_PE", "estoy enfermo y no puedo trabajar", "hardship"),
    ("es", "ahora no puedo pagar", "hardship"),
    ("es_CL", "estoy cesante", "hardship"),
    ("es_MX", "no me alcanza, ando bien corto", "hardship"),
    ("es", "no voy a poder pagar este mes", "hardship"),
    ("es", "estoy desenpleado", "hardship"),
    ("pt_BR", "estou desempregado", "hardship"),
    ("pt_BR", "não tenho dinheiro agora", "hardship"),
    ("pt_BR", "to sem grana", "hardship"),
    ("pt_BR", "fui demitido mês passado", "hardship"),
    ("en_US", "I lost my job", "hardship"),
    ("en_US", "can't afford it right now", "hardship"),
    ("en_US", "I'm in the hospital", "hardship"),
    ("en_US", "I dont have the money", "hardship"),
    # wants_agent
    ("es_CL", "quiero hablar con un ejecutivo", "wants_agent"),
    ("es_MX", "me pueden llamar?", "wants_agent"),
    ("es_CO", "necesito hablar con alguien", "wants_agent"),
    ("es_AR", "pasame con un asesor", "wants_agent"),
    ("es", "llámenme por favor", "wants_agent"),
    ("es", "no quiero hablar con un robot", "wants_agent"),
    ("pt_BR", "quero falar com um atendente", "wants_agent"),
    ("pt_BR", "me liga por favor", "wants_agent"),
    ("en_US", "I want to talk to a real person", "wants_agent"),
    ("en_US", "can someone call me?", "wants_agent"),
    ("en_US", "agent", "wants_agent"),
    # payment_link
    ("es_CL", "me mandan el link?", "payment_link"),
    ("es_MX", "¿cómo pago?", "payment_link"),
    ("es_CO", "¿dónde puedo pagar?", "payment_link"),
    ("es_AR", "pasame el CBU", "payment_link"),
    ("es_MX", "me pasas la clabe", "payment_link"),
    ("es", "a qué cuenta deposito?", "payment_link"),
    ("es_PE", "cuál es el número de cuenta", "payment_link"),
    ("es", "no me llegó el link", "payment_link"),
    ("pt_BR", "me manda o boleto", "payment_link"),
    ("pt_BR", "qual a chave pix?", "payment_link"),
    ("pt_BR", "como faço pra pagar?", "payment_link"),
    ("en_US", "send me the link", "payment_link"),
    ("en_US", "how do I pay?", "payment_link"),
    ("en_US", "where can I pay this", "payment_link"),
    # ack
    ("es_CL", "ok", "ack"),
    ("es_MX", "gracias", "ack"),
    ("es_CO", "👍", "ack"),
    ("es_AR", "dale, gracias", "ack"),
    ("es", "graciaaas 🙏", "ack"),
    ("es", "recibido", "ack"),
    ("es", "sí", "ack"),
    ("es", "✅", "ack"),
    ("pt_BR", "obrigado", "ack"),
    ("pt_BR", "blz", "ack"),
    ("pt_BR", "👍👍", "ack"),
    ("en_US", "thanks!", "ack"),
    ("en_US", "got it 👌", "ack"),
    ("en_US", "ok", "ack"),
    # unknown
    ("es_CL", "hola", "unknown"),
    ("es_MX", "¿quién habla?", "unknown"),
    ("es_CO", "asdfgh", "unknown"),
    ("es", "😡", "unknown"),
    ("es", "voy a ver si puedo", "unknown"),
    ("es", "qué día es hoy", "unknown"),
    ("pt_BR", "quem é?", "unknown"),
    ("pt_BR", "bom dia", "unknown"),
    ("en_US", "who is this?", "unknown"),
    ("en_US", "hello", "unknown"),
    ("en_US", "maybe", "unknown"),
    # negations, priorities and noise
    ("es", "no voy a pagar nada", "unknown"),
    ("es", "todavía no pagué, no tengo plata", "hardship"),
    ("es_CL", "no he pagado pero pago el viernes", "promise_to_pay"),
    ("es_MX", "gracias, pero no es mi deuda", "dispute"),
    ("es", "ya pagué, me confirman? gracias", "already_paid"),
    ("es", "pago el viernes, me mandas el link?", "promise_to_pay"),
    ("es_CL", "no tengo plata, ¿puedo pagar en cuotas?", "payment_plan"),
    ("es", "q onda, xq me escriben?", "unknown"),
    ("es", "YA PAGUEEEE!!!", "already_paid"),
    ("pt_BR", "vc pode me mandar o link?", "payment_link"),
    ("pt_BR", "n tenho dinheiro", "hardship"),
    ("pt_BR", "não vou pagar", "unknown"),
    ("en_US", "I will not pay this", "unknown"),
    ("en_US", "thx, paid it already", "already_paid"),
    ("en_US", "stop calling me, I'll pay on friday", "opt_out"),
    # added after the first evaluation run: the general phenomena behind its errors
    ("es_AR", "me podés escribir por acá nomás? no me llames", "opt_out"),
    ("es", "el servicio nunca funcionó", "dispute"),
    ("es_CL", "dame hasta el viernes porfa", "promise_to_pay"),
    ("es", "mi hijo está enfermo pero el sábado le deposito", "promise_to_pay"),
    ("es_CO", "no les voy a poder depositar el lunes", "hardship"),
    ("en_US", "won't be able to pay this week", "hardship"),
    ("es", "ya kiero pagar, me pasan la cuenta?", "payment_link"),
    ("es_MX", "el bienes le pago", "promise_to_pay"),
    ("pt_BR", "tá complicado esse mês", "hardship"),
    ("es", "está bien, gracias", "ack"),
]


@pytest.mark.parametrize(("locale", "text", "kind"), CASES)
def test_development_examples(locale: str, text: str, kind: str):
    intent = classify(text, locale=locale, as_of=NOW, timezone="America/Santiago")
    assert intent.kind == kind, intent.evidence


def test_there_are_enough_development_examples_in_every_language():
    per_language: dict[str, int] = {}
    for locale, _, _ in CASES:
        per_language[locale[:2]] = per_language.get(locale[:2], 0) + 1
    assert len(CASES) >= 150
    assert min(per_language.values()) >= 30
    assert {kind for _, _, kind in CASES} == {k.value for k in IntentKind}


@pytest.mark.parametrize(
    ("locale", "text", "amount"),
    [
        ("es_CL", "te pago $1.500 el viernes", Decimal("1500")),
        ("pt_BR", "fiz um pix de R$ 200,50", Decimal("200.50")),
        ("en_US", "I can pay $1,250.75 on Friday", Decimal("1250.75")),
        ("es_CL", "te pago 20 lucas el 15", Decimal("20000")),
        ("es_CL", "tengo una luca nomás", None),
        ("es_AR", "te paso 50 mil mañana", Decimal("50000")),
        ("es_MX", "deposito 1,500 pesos el viernes", Decimal("1500")),
        ("en_US", "I can send 2k next week", Decimal("2000")),
        ("pt_BR", "pago 1.5 mil dia 10", Decimal("1500")),
        ("es_CO", "le consigno 300.000 el 30", Decimal("300000")),
        ("es", "te pago el 15", None),
        ("es", "el día 30 pago", None),
        ("es", "pago el 15/12", None),
        ("es", "pago en 3 cuotas", None),
        ("en_US", "I'll pay on the 15th", None),
        ("es_PE", "pago S/ 350 el lunes", Decimal("350")),
        ("es", "pago 500 el viernes", Decimal("500")),
        ("es", "mi número es 987654321", None),
    ],
)
def test_amounts_use_the_locale_separators_and_multipliers(locale, text, amount):
    assert classify(text, locale=locale).amount == amount


def test_amounts_are_payments_only():
    assert classify("yo debía 80 lucas, no 120", locale="es_CL").amount is None
    assert classify("solo tengo $20 hasta el lunes", locale="es").amount is None
    assert classify("te pago mil soles el viernes", locale="es_PE").amount == Decimal("1000")


def test_the_promise_date_is_the_debtors_local_date():
    late = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)  # still Friday 27th in Mexico City
    mexico = classify("te pago mañana", locale="es_MX", as_of=late, timezone="America/Mexico_City")
    utc = classify("te pago mañana", locale="es_MX", as_of=late, timezone="UTC")
    assert mexico.promised_date == date(2026, 11, 28)
    assert utc.promised_date == date(2026, 11, 29)
    aware = late.astimezone(ZoneInfo("America/Mexico_City"))
    assert classify("te pago mañana", locale="es_MX", as_of=aware).promised_date == date(
        2026, 11, 28
    )


def test_without_now_no_date_is_resolved_but_the_promise_is_recognised():
    intent = classify("te pago el viernes", locale="es_CL")
    assert intent.kind is IntentKind.PROMISE_TO_PAY
    assert intent.promised_date is None


def test_the_date_nearest_the_promise_wins_over_a_negated_one():
    intent = classify(
        "hoy no puedo, pero el viernes te pago", locale="es", as_of=NOW, timezone="America/Santiago"
    )
    assert intent.promised_date == date(2026, 11, 27)


def test_evidence_names_what_matched():
    intent = classify("BAJA", locale="es_CL")
    assert intent.evidence == ("opt_out:baja",)
    assert intent.confidence >= 0.9
    negated = classify("no voy a pagar", locale="es")
    assert negated.kind is IntentKind.UNKNOWN
    assert "negated:promise_to_pay:voy a pagar" in negated.evidence
    hedged = classify("voy a ver si puedo pagar el viernes", locale="es")
    assert hedged.kind is not IntentKind.PROMISE_TO_PAY
    assert any(e.startswith("hedged:promise_to_pay") for e in hedged.evidence)


def test_cancelar_alone_is_an_opt_out_but_cancelar_la_deuda_is_paying():
    assert classify("Cancelar", locale="es").kind is IntentKind.OPT_OUT
    assert classify("ya cancelé la cuota", locale="es_CL").kind is IntentKind.ALREADY_PAID
    assert classify("cancelo el viernes", locale="es_PE").kind is IntentKind.PROMISE_TO_PAY


def test_priority_is_the_documented_order():
    assert PRIORITY[0] is IntentKind.OPT_OUT
    assert [k.value for k in PRIORITY][-1] == "ack"
    assert len(PRIORITY) == len(IntentKind) - 1


@pytest.mark.parametrize("locale", ["es_CL", "es-MX", "pt_BR", "en_US", "es", "pt", "en", "ES_co"])
def test_locales_are_parsed_leniently(locale):
    assert classify("ok", locale=locale).kind is IntentKind.ACK


@pytest.mark.parametrize("locale", ["fr_FR", "de", "", "spanish", "es_CL_x"])
def test_unknown_languages_raise_an_input_error_naming_the_value(locale):
    with pytest.raises(InputError) as info:
        classify("ok", locale=locale)
    assert info.value.field == "locale"
    assert repr(locale) in str(info.value)


def test_naive_now_and_unknown_zones_are_refused():
    with pytest.raises(NaiveDatetimeError):
        classify("te pago mañana", locale="es", as_of=datetime(2026, 11, 23, 12))
    with pytest.raises(TimezoneError):
        classify("te pago mañana", locale="es", as_of=NOW, timezone="Mars/Olympus")


def test_users_extend_the_lexicons_with_their_own_terms():
    mine = RuleClassifier(extra={"es": {"intents": {"wants_agent": {"terms": ["mi gestora"]}}}})
    assert mine("quiero hablar con mi gestora", locale="es_CL").kind is IntentKind.WANTS_AGENT
    assert mine("mi gestora", locale="es").evidence == ("wants_agent:mi gestora",)
    assert classify("mi gestora", locale="es").kind is IntentKind.UNKNOWN  # default untouched
    only = RuleClassifier(extra={"es": {"intents": {"ack": {"terms": ["listo"]}}}}, builtin=False)
    assert only("listo", locale="es").kind is IntentKind.ACK
    assert only("ya pagué", locale="es").kind is IntentKind.UNKNOWN
    with pytest.raises(InputError):
        only("ok", locale="pt")


def test_a_lexicon_with_an_unknown_intent_is_refused():
    bad = RuleClassifier(extra={"es": {"intents": {"happy": {"terms": ["feliz"]}}}})
    with pytest.raises(InputError, match="happy"):
        bad("feliz", locale="es")


def test_any_callable_with_the_signature_is_a_classifier():
    def keyword_model(text, *, locale, as_of=None, timezone=None):
        return Intent(kind="ack" if "ok" in text else "unknown", confidence=0.5)

    assert isinstance(RuleClassifier(), Classifier)
    assert isinstance(keyword_model, Classifier)
    assert resolve_promise_date("pago mañana", today=date(2026, 1, 31), locale="es") == date(
        2026, 2, 1
    )


# -- the evaluation set --------------------------------------------------------------------------

EVAL_SCRIPT = ROOT / "benchmarks" / "intent_eval.py"
EVAL_DATA = ROOT / "tests" / "data" / "replies.csv"
HOLDOUT_DATA = ROOT / "tests" / "data" / "replies_holdout.csv"
DEV_DATA = ROOT / "tests" / "data" / "replies_dec.csv"
JAN_DATA = ROOT / "tests" / "data" / "replies_jan.csv"
FEB_DATA = ROOT / "tests" / "data" / "replies_feb.csv"
APR_DATA = ROOT / "tests" / "data" / "replies_apr.csv"
MAR_DATA = ROOT / "tests" / "data" / "replies_mar.csv"


@pytest.fixture(scope="module")
def intent_eval() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("intent_eval", EVAL_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.mark.parametrize("data", [EVAL_DATA, HOLDOUT_DATA], ids=["tuning", "held-out"])
def test_the_evaluation_sets_score_above_the_bar(intent_eval, data):
    """``replies.csv`` was used to improve the lexicons; ``replies_holdout.csv`` was written
    blind afterwards and scored once (macro-F1 0.950, promise dates 0.987). Never tune on it:
    it is the honest estimate of how well new replies are read."""
    report = intent_eval.evaluate(data)
    assert report.rows > 200
    assert report.macro_f1 >= 0.9
    assert report.promise_date_accuracy >= 0.95


def test_the_december_set_is_a_development_set_now(intent_eval):
    """``replies_dec.csv`` was written blind and scored once (macro-F1 0.907, opt-out recall
    0.803, promise dates 0.965); its misses were then read to build rules for their families, so
    it is a development set: these floors guard against regressions and say nothing about new
    replies. The score to quote is the next blind set's."""
    report = intent_eval.evaluate(DEV_DATA)
    assert report.rows == 380
    assert report.macro_f1 >= 0.98
    assert report.per_intent["opt_out"].recall >= 0.98
    assert report.promise_date_accuracy >= 0.98


def test_the_january_set_is_a_development_set_now(intent_eval):
    """``replies_jan.csv`` was written blind and scored once after round 2 (macro-F1 0.930,
    opt-out recall 0.892, promise dates 0.969); round 3 read its misses to build rules for their
    families (data-deletion requests, how-do-I-stop questions, a closing "Chega.", spam offers...),
    so it is a development set too: floors against regressions, not an estimate for new replies."""
    report = intent_eval.evaluate(JAN_DATA)
    assert report.rows == 446
    assert report.macro_f1 >= 0.98
    assert report.per_intent["opt_out"].recall >= 0.98
    assert report.per_intent["unknown"].precision >= 0.95
    assert report.promise_date_accuracy >= 0.98


def test_the_february_set_is_a_development_set_now(intent_eval):
    """``replies_feb.csv`` was written blind and scored once after round 3 (macro-F1 0.969,
    opt-out recall 0.952, promise dates 0.976); round 4 trained the opt-out safety net on it
    (with the other development sets), so it is a development set: floors against regressions.
    Without the net its four missed opt-outs stay missed: the model is what finds them."""
    report = intent_eval.evaluate(FEB_DATA, passes=0)
    assert report.rows == 392
    assert report.macro_f1 >= 0.97
    assert report.per_intent["opt_out"].recall >= 0.98
    assert report.promise_date_accuracy >= 0.97
    rules = intent_eval.evaluate(FEB_DATA, passes=0, classifier=RuleClassifier(stop_model=False))
    assert rules.per_intent["opt_out"].recall < report.per_intent["opt_out"].recall


def test_the_april_set_is_a_development_set_now(intent_eval):
    """``replies_apr.csv`` (742 replies, 224 opt-outs and many near misses) was written blind and
    scored once before round 4 (macro-F1 0.900, opt-out recall 0.902) and once with round 4 as it
    stood (0.907, 0.946); round 4 then read its misses and trained the safety net on it: floors
    against regressions only."""
    report = intent_eval.evaluate(APR_DATA, passes=0)
    assert report.rows == 742
    assert report.macro_f1 >= 0.92
    assert report.per_intent["opt_out"].recall >= 0.98
    assert report.per_intent["opt_out"].precision >= 0.97
    assert report.promise_date_accuracy >= 0.96


def test_the_march_set_keeps_its_blind_score(intent_eval):
    """``replies_mar.csv`` was sealed while round 4 was made and scored once afterwards
    (macro-F1 0.976, opt-out recall 0.989, promise dates 0.987: tests/data/README_mar.md). Nobody
    has tuned on it yet; these floors keep later rounds from losing what it measured."""
    report = intent_eval.evaluate(MAR_DATA, passes=0)
    assert report.rows == 392
    assert report.macro_f1 >= 0.97
    assert report.per_intent["opt_out"].recall >= 0.98
    assert report.per_intent["opt_out"].precision >= 0.98
    assert report.promise_date_accuracy >= 0.98


def _two_sets(folder: Path) -> list[str]:
    header = "id,locale,sent_at,timezone,intent,promised_date,amount,text\n"
    at = "2026-11-23T15:00:00+00:00,America/Santiago"
    rows = [
        [
            ("opt_out", "no me escriban mas"),
            ("opt_out", "ya no quiero sus mensajes"),
            ("ack", "gracias"),
            ("unknown", "quien es"),
        ],
        [
            ("opt_out", "dejen de mandarme mensajes"),
            ("opt_out", "ya no quiero mas mensajes"),
            ("already_paid", "ya pague"),
            ("unknown", "hola"),
        ],
    ]
    paths = []
    for n, items in enumerate(rows):
        path = folder / f"set{n}.csv"
        lines = [f"{n}{i},es_CL,{at},{kind},,,{text}\n" for i, (kind, text) in enumerate(items)]
        path.write_text(header + "".join(lines), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_the_evaluation_script_estimates_the_safety_net_set_by_set(intent_eval, tmp_path, capsys):
    paths = _two_sets(tmp_path)
    assert intent_eval.main(["--cross-sets", *paths, "--threshold", "0.5"]) is None
    out = capsys.readouterr().out
    assert "set0.csv" in out and "set1.csv" in out
    # the rules miss "ya no quiero sus mensajes"; a model trained on the other set finds it
    assert "pooled opt-out recall: rules 3/4, rules + held-out model 4/4" in out
    assert "set0.csv 01 now right (opt_out): 'ya no quiero sus mensajes'" in out


def test_the_evaluation_script_scores_a_set_with_the_rules_of_a_commit(
    intent_eval, tmp_path, capsys
):
    if subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True
    ).returncode:
        pytest.skip("not a git checkout")
    paths = _two_sets(tmp_path)
    intent_eval.main(["--cross-sets", *paths, "--rules-at", "set1.csv=HEAD"])
    out = capsys.readouterr().out
    assert "set1.csv (rules of HEAD): opt-out recall 2/2" in out
    assert "set0.csv" not in out


def test_the_evaluation_script_prints_its_tables(intent_eval, tmp_path, capsys):
    sample = tmp_path / "replies.csv"
    sample.write_text(
        "id,locale,sent_at,timezone,intent,promised_date,amount,text\n"
        "1,es_CL,2026-11-23T15:00:00+00:00,America/Santiago,promise_to_pay,2026-11-27,1500,"
        '"te pago $1.500 el viernes"\n'
        "2,pt_BR,2026-11-23T15:00:00+00:00,America/Sao_Paulo,ack,,,obrigado\n"
        "3,en_US,2026-11-23T15:00:00+00:00,America/New_York,opt_out,,,hello\n",
        encoding="utf-8",
    )
    report = intent_eval.main([str(sample)])
    out = capsys.readouterr().out
    assert report.rows == 3
    assert report.accuracy == pytest.approx(2 / 3)
    assert report.promise_date_accuracy == 1.0
    assert report.amount_accuracy == 1.0
    assert "macro-F1" in out
    assert "replies/s" in out
    assert "hello" in out  # the misclassified row is listed


def test_the_python_code_in_the_intents_doc_runs(capsys):
    text = (ROOT / "docs" / "intents.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/intents.md", "exec"), namespace)
    assert capsys.readouterr().out
