"""The miss families of issue 12, with examples written for this test (not taken from any
evaluation set): opt-outs without a keyword or mixed with other content, payments named by rail
or app, disputes about double charges, unknown loans and identity theft, how/where-to-pay
questions in local banking words, promises tied to a time of day or slang for "right away",
English dates with month names, and hardship said indirectly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dunning.conversation._classify import classify

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 23 Nov 2026, noon in Santiago
MON = date(2026, 11, 23)
TUE = date(2026, 11, 24)
FRI = date(2026, 11, 27)

OPT_OUTS = [
    # no keyword at all
    ("es_CL", "no quiero saber nada más de ustedes"),
    ("es_MX", "olvídense de mi número"),
    ("es_AR", "no me contacten nunca más"),
    ("es_CO", "no insistan más, por favor"),
    ("es_PE", "déjenme tranquilo de una vez"),
    ("es", "no autorizo que me contacten"),
    ("es", "revoco mi autorización para recibir comunicaciones"),
    ("es_CL", "ya no me manden nada"),
    ("es_MX", "no me sigan escribiendo a este número"),
    ("es_AR", "borrá mi número de tu base"),
    ("es_CO", "no vuelvan a escribir a este celular"),
    ("pt_BR", "não me procurem mais"),
    ("pt_BR", "esqueçam meu número"),
    ("pt_BR", "não quero mais contato com vocês"),
    ("pt_BR", "não autorizo contato"),
    ("pt_BR", "parem de me incomodar"),
    ("pt_BR", "me deixem em paz, por favor"),
    ("en_US", "do not contact me again"),
    ("en_US", "lose my number"),
    ("en_US", "stop bothering me"),
    ("en_US", "never text this number again"),
    ("en_US", "I revoke my consent to be contacted"),
    ("en_US", "take this number off your list"),
    ("en_US", "quit bugging me"),
    ("en_US", "please cease contact"),
    # mixed with other content: the opt-out wins
    ("es_CL", "ya pagué, y no me escriban más"),
    ("es_MX", "te pago el viernes pero ya no me manden mensajes"),
    ("es_CO", "no tengo plata y no insistan más"),
    ("es_AR", "pasame el link y después olvidate de mi número"),
    ("pt_BR", "vou pagar amanhã, mas parem de me ligar"),
    ("pt_BR", "essa dívida não é minha, não me procurem mais"),
    ("en_US", "i paid already, do not contact me again"),
    ("en_US", "can i get a payment plan? also stop calling my job"),
    ("en_US", "this is not my debt, lose my number"),
    ("es_CL", "no quiero que me contacten nunca más"),
    ("es_MX", "ya estuvo, no me estén mandando mensajes"),
    ("es_CO", "les pido el favor de no volver a escribirme"),
    ("es_AR", "no me escribas más por acá"),
    ("es_PE", "retiren mi número de su sistema"),
    ("pt_BR", "não quero mais ser incomodado"),
    ("pt_BR", "não me mande mais nada"),
    ("pt_BR", "favor não entrar mais em contato"),
    ("en_US", "i dont want to hear from you again"),
    ("en_US", "stop reaching out to me"),
    ("en_US", "please don't message this number anymore"),
    ("en_US", "remove this number"),
    ("es_MX", "no me interesa, ya no me escriban"),
    ("en_US", "ok i'll pay friday but no more texts"),
    ("pt_BR", "já paguei, me tira da lista"),
    ("es_CL", "oigan no me escriban más a este número po"),
    ("es_CL", "dejen de hueviar con los mensajes"),
    ("es_MX", "ya párenle con los mensajes"),
    ("es_MX", "ya no me marquen"),
    ("es_CO", "les agradezco no escribirme más"),
    ("es_PE", "ya no me estén llamando"),
    ("es_AR", "pará de mandarme mensajes"),
    ("es_AR", "no me rompan más"),
    ("es_AR", "basta de joder con los mensajes"),
    ("pt_BR", "para de me mandar mensagem"),
    ("pt_BR", "não quero receber mais nada de vocês"),
    ("pt_BR", "chega de mensagem"),
    ("pt_BR", "me tirem da lista de vocês"),
    ("en_US", "REVOKE"),
    ("en_US", "unsub"),
    ("en_US", "STOP ALL"),
    ("en_US", "dont text me anymore"),
    ("en_US", "i want to opt out"),
    ("es_MX", "ya pagué en oxxo, no me manden más"),
    ("en_US", "paid zelle yesterday. stop texting"),
    ("es_CL", "ya no quiero que me sigan hueveando"),
    ("es_CL", "eliminen mi número de sus registros por favor"),
    ("es_MX", "no me vuelvan a mandar nada"),
    ("es_MX", "ya bájenle a los mensajes"),
    ("es_CO", "no me contacten más por este medio"),
    ("es_PE", "no deseo que me escriban"),
    ("pt_BR", "não entrem mais em contato comigo"),
    ("pt_BR", "vocês podem parar de me mandar mensagem?"),
    ("en_US", "can you stop texting me"),
    ("en_US", "please remove me"),
    ("pt_BR", "não quero mais ouvir falar de vocês"),
    ("pt_BR", "me exclui dessa lista"),
    ("pt_BR", "bloqueia meu número"),
    ("en_US", "i dont want these texts"),
    ("en_US", "quit it"),
]

PAID = [
    ("pt_BR", "já te mandei o pix ontem"),
    ("es_MX", "ya te hice el spei"),
    ("es_MX", "ya pagué en el oxxo, te mando foto del ticket"),
    ("es_MX", "ya transferí por spei"),
    ("es_CL", "ya te hice la transferencia"),
    ("es_PE", "ya te plineé"),
    ("es_PE", "ya pagué por pagoefectivo"),
    ("es_CO", "ya le envié por nequi"),
    ("es_CO", "le pasé la plata por daviplata ayer"),
    ("es_CO", "pagué en efecty esta mañana"),
    ("es_AR", "ya te pagué por mercado pago"),
    ("es_AR", "pagué en rapipago"),
    ("es_AR", "ya pagué en pago fácil"),
    ("en_US", "i sent it through venmo"),
    ("en_US", "sent you the money on cash app"),
    ("en_US", "paid it with zelle this morning"),
    ("en_US", "autopay already took it out"),
    ("es_CL", "pagué por transferencia ayer en la noche"),
    ("es_MX", "ya quedó el spei, checa"),
    ("es_CO", "ya hice el pago por pse"),
    ("es_PE", "ya te yapié"),
    ("es_AR", "te transferí al alias ayer"),
    ("pt_BR", "fiz a transferência pelo pix agora"),
    ("pt_BR", "o pix caiu?"),
    ("en_US", "i venmoed you yesterday"),
    ("en_US", "paid through cash app last night"),
    ("en_US", "the zelle went through this morning"),
    ("es_CO", "ya le consigné por nequi"),
    ("es_AR", "ya te mandé la guita por mercado pago"),
    ("pt_BR", "o boleto já foi pago"),
    ("en_US", "my autopay should have covered it"),
    ("en_US", "i paid it on venmo"),
    ("es_MX", "yo ya había liquidado eso"),
    ("es_CO", "eso ya lo pagué hace meses, revisen"),
    ("pt_BR", "paguei pelo app do banco"),
    ("en_US", "i sent the money through my bank app"),
    ("pt_BR", "o pagamento já foi feito ontem"),
    ("pt_BR", "já fiz o pagamento pelo boleto"),
    ("en_US", "i already took care of this"),
    ("en_US", "i paid via cashapp"),
    ("en_US", "the payment posted yesterday"),
]

LINK = [
    ("es_MX", "a qué clabe deposito?"),
    ("es_MX", "me pasas la clabe interbancaria"),
    ("es_AR", "me pasás el cvu?"),
    ("es_AR", "cuál es tu alias?"),
    ("es_CL", "tienen cuenta vista o cuenta rut?"),
    ("es_CL", "a qué rut transfiero?"),
    ("es_CO", "se puede pagar por pse?"),
    ("es_CO", "tienen convenio en efecty?"),
    ("es_PE", "tienen código para pagoefectivo?"),
    ("es_PE", "a qué número yapeo?"),
    ("pt_BR", "qual é a chave pix?"),
    ("pt_BR", "me passa o código do boleto"),
    ("en_US", "what's your routing number?"),
    ("en_US", "do you take zelle?"),
    ("en_US", "can i pay with cash app"),
    ("en_US", "how do i set up autopay?"),
    ("es_MX", "cuál es la clabe para depositar?"),
    ("es_CO", "cómo pago por pse?"),
    ("es_CL", "me das los datos para transferir?"),
    ("pt_BR", "qual a chave?"),
    ("en_US", "whats the routing number"),
    ("en_US", "can i pay thru zelle?"),
    ("es_AR", "me pasás tu alias?"),
    ("es_MX", "dame la clabe"),
    ("es_PE", "tienen yape?"),
    ("pt_BR", "manda a chave pix"),
    ("en_US", "do you guys take venmo"),
    # a question with a verb of paying asks where; it promises nothing
    ("es_CL", "a qué cuenta te deposito?"),
    ("es_CO", "a qué cuenta le consigno?"),
    ("es_PE", "dónde te yapeo?"),
    ("es_MX", "pásame los datos para el spei"),
    ("es_CO", "me envían el link de pse?"),
    ("en_US", "what's the best way to pay this"),
    ("en_US", "can i mail a check?"),
    ("pt_BR", "qual o banco?"),
    ("pt_BR", "me manda o código de barras"),
]

DISPUTES = [
    ("es_CL", "me cobraron doble este mes"),
    ("es_MX", "me están cobrando dos veces lo mismo"),
    ("es_CO", "tengo un cargo duplicado"),
    ("es_AR", "me debitaron dos veces la cuota"),
    ("es_PE", "yo nunca saqué ningún préstamo con ustedes"),
    ("es_MX", "no solicité ningún crédito"),
    ("es", "qué préstamo? yo no tengo nada con ustedes"),
    ("es_CL", "alguien sacó un crédito a mi nombre"),
    ("es_CO", "usaron mis datos para abrir esa cuenta"),
    ("es_AR", "me suplantaron la identidad"),
    ("pt_BR", "fui cobrado duas vezes"),
    ("pt_BR", "cobrança duplicada no meu cartão"),
    ("pt_BR", "nunca fiz empréstimo nenhum"),
    ("pt_BR", "fizeram esse empréstimo no meu nome"),
    ("pt_BR", "usaram meus dados"),
    ("en_US", "you double billed me"),
    ("en_US", "there is a duplicate charge on my account"),
    ("en_US", "i never took out a loan with you"),
    ("en_US", "what loan? i never applied for anything"),
    ("en_US", "someone opened this in my name"),
    ("en_US", "my identity was stolen"),
    ("es_MX", "me cobraron el doble"),
    ("es_CL", "yo no pedí ningún préstamo"),
    ("es_AR", "esa tarjeta la sacaron a mi nombre"),
    ("pt_BR", "isso é golpe, nunca pedi empréstimo"),
    ("pt_BR", "me cobraram em dobro"),
    ("en_US", "i got charged two times"),
    ("en_US", "this loan isn't mine, i never applied"),
    ("en_US", "somebody stole my identity"),
    ("es_MX", "me están cobrando algo que ya pagué"),
    ("es_PE", "ese préstamo no lo saqué yo"),
    ("es_CO", "alguien usó mi cédula"),
    ("pt_BR", "clonaram meu cartão"),
    ("en_US", "i was charged twice for the same thing"),
    ("en_US", "that's not my loan"),
    ("en_US", "this is identity theft"),
    ("es_CL", "esa deuda es de mi ex, no mía"),
    ("es_PE", "me piden plata que no debo"),
    ("en_US", "someone opened a credit card in my name"),
    ("pt_BR", "alguém fez compra no meu nome"),
    ("pt_BR", "vocês me cobraram a mais"),
    ("en_US", "i was double charged"),
]

HARDSHIP = [
    ("es_CL", "las cosas están bien difíciles en la casa"),
    ("es_MX", "me recortaron las horas en el trabajo"),
    ("es_CO", "me bajaron el sueldo"),
    ("es_AR", "con lo que gano no me da"),
    ("es_PE", "tuve un imprevisto con mi mamá enferma"),
    ("es", "tengo que pagar el arriendo primero"),
    ("es", "estoy con la soga al cuello"),
    ("pt_BR", "as contas não fecham esse mês"),
    ("pt_BR", "tô no vermelho"),
    ("pt_BR", "a situação tá feia aqui"),
    ("pt_BR", "cortaram minhas horas"),
    ("en_US", "my hours got cut"),
    ("en_US", "living paycheck to paycheck right now"),
    ("en_US", "had some unexpected expenses this month"),
    ("en_US", "my car broke down and rent is due"),
    ("en_US", "i can barely make ends meet"),
    ("es_CL", "la cosa está difícil este mes"),
    ("es_MX", "no me ha ido bien en el trabajo"),
    ("pt_BR", "tá difícil pra mim"),
    ("pt_BR", "as coisas estão complicadas"),
    ("en_US", "things have been rough lately"),
    ("en_US", "i got laid off last week"),
    ("en_US", "money is super tight"),
    ("es_CL", "está todo muy caro y no me alcanza"),
    ("es_MX", "ando bien apretado de lana"),
    ("es_CO", "estoy pasando una mala racha"),
    ("en_US", "i'm between jobs right now"),
    ("en_US", "medical bills are killing me"),
    ("es_AR", "estoy en la lona"),
    ("pt_BR", "tô passando necessidade"),
    ("en_US", "cant afford it this month"),
    ("pt_BR", "minha mãe tá doente e gastei tudo"),
    ("pt_BR", "a grana tá curta"),
    ("en_US", "i got hurt and cant work"),
    ("en_US", "i'm struggling to pay my bills"),
]

# (locale, text, promised date): a time of day is today; slang for "right away" is today.
PROMISES = [
    ("es_CL", "te pago altiro", MON),
    ("es_CL", "altiro te transfiero", MON),
    ("es_MX", "ahorita te deposito", MON),
    ("es_CO", "ya mismo le consigno", MON),
    ("es_AR", "ya mismo te transfiero", MON),
    ("pt_BR", "agorinha faço o pix", MON),
    ("pt_BR", "daqui a pouco eu pago", MON),
    ("en_US", "ill pay rn", MON),
    ("en_US", "sending it right now", MON),
    ("es_CL", "te pago a las 6", MON),
    ("es_MX", "a las 5 de la tarde te deposito", MON),
    ("es_CO", "en la tarde le pago", MON),
    ("es_AR", "a la noche te transfiero", MON),
    ("es", "te deposito al mediodía", MON),
    ("pt_BR", "pago às 15h", MON),
    ("pt_BR", "de tarde eu faço o pix", MON),
    ("en_US", "i will pay by 5pm", MON),
    ("en_US", "will pay this evening", MON),
    ("es_CL", "mañana en la tarde te pago", TUE),
    ("es_MX", "mañana a las 10 te deposito", TUE),
    ("pt_BR", "amanhã às 10h eu pago", TUE),
    ("en_US", "ill pay tomorrow at 9am", TUE),
    ("es_CL", "ahorita no puedo, el viernes te pago", FRI),
    # English dates with month names
    ("en_US", "i will pay on Dec 15", date(2026, 12, 15)),
    ("en_US", "I'll pay January 3rd", date(2027, 1, 3)),
    ("en_US", "can pay by jan. 8", date(2027, 1, 8)),
    ("en_US", "ill send it on the 3rd of december", date(2026, 12, 3)),
    ("en_US", "will pay December 1st, 2026", date(2026, 12, 1)),
    ("en_US", "will pay Dec 15th for sure", date(2026, 12, 15)),
    # rails and apps in promises
    ("es_MX", "mañana te hago el spei", TUE),
    ("es_MX", "mañana pago en el oxxo", TUE),
    ("es_PE", "el viernes te plineo", FRI),
    ("es_CO", "el viernes le envío por nequi", FRI),
    ("es_AR", "mañana te transfiero por mercado pago", TUE),
    ("en_US", "i'll venmo you friday", FRI),
    ("en_US", "will zelle it tomorrow", TUE),
    ("en_US", "ill cash app you friday", FRI),
    ("es_CL", "en la noche te transfiero", MON),
    ("es_MX", "al rato te deposito", MON),
    ("es_CO", "le pago hoy a las 4", MON),
    ("pt_BR", "mais tarde faço o pix", MON),
    ("pt_BR", "pago às 18h", MON),
    ("en_US", "will pay at 6pm", MON),
    ("en_US", "ill send it right away", MON),
    ("en_US", "paying on Nov 30", date(2026, 11, 30)),
    ("en_US", "I will pay on the 5th of Dec", date(2026, 12, 5)),
    ("en_US", "will pay February 2", date(2027, 2, 2)),
    ("es_CL", "altiro le transfiero", MON),
    ("es_MX", "el viernes en la tarde te pago", FRI),
    ("es_MX", "ahorita no tengo, la otra semana te pago", date(2026, 12, 4)),
    # the labelling priority: a promise outranks a request for the account
    ("es_AR", "pasame el cvu así te transfiero el viernes", FRI),
    ("es_CL", "te transfiero altiro", MON),
    ("es_MX", "ahorita en la tarde te deposito", MON),
    ("es_PE", "más tarde te yapeo", MON),
    ("pt_BR", "daqui a pouco faço o pix", MON),
    ("en_US", "paying jan 5th", date(2027, 1, 5)),
    ("en_US", "can pay dec. 1", date(2026, 12, 1)),
    ("es_AR", "a la tarde te transfiero por mp", MON),
    ("es_MX", "el viernes a las 5 te deposito", FRI),
    ("es_AR", "mala racha, pero el viernes te pago", FRI),
    ("es_MX", "al ratito te deposito", MON),
    ("pt_BR", "à noite eu faço o pix", MON),
    ("pt_BR", "pago até as 18h", MON),
    ("en_US", "i can pay Friday Nov 27", FRI),
    ("es_CL", "te pago en 2 horas", MON),
    ("pt_BR", "pago daqui a 3 horas", MON),
    ("en_US", "will pay in 2 hours", MON),
    ("es_MX", "te deposito en una horita", MON),
    ("es_CL", "te pago en 2 días", date(2026, 11, 25)),
    ("pt_BR", "vou pagar hoje à tarde", MON),
    ("en_US", "paying this afternoon", MON),
    ("en_US", "will send the money tmrw morning", TUE),
]


@pytest.mark.parametrize(("locale", "text"), OPT_OUTS)
def test_opt_outs_without_keywords_or_mixed_with_other_content(locale, text):
    intent = classify(text, locale=locale)
    assert intent.kind == "opt_out", intent.evidence


@pytest.mark.parametrize(("locale", "text"), PAID)
def test_payments_named_by_rail_or_app(locale, text):
    intent = classify(text, locale=locale)
    assert intent.kind == "already_paid", intent.evidence


@pytest.mark.parametrize(("locale", "text"), LINK)
def test_how_or_where_to_pay_in_local_banking_words(locale, text):
    intent = classify(text, locale=locale)
    assert intent.kind == "payment_link", intent.evidence


@pytest.mark.parametrize(("locale", "text"), DISPUTES)
def test_double_charges_unknown_loans_and_identity_theft(locale, text):
    intent = classify(text, locale=locale)
    assert intent.kind == "dispute", intent.evidence


@pytest.mark.parametrize(("locale", "text"), HARDSHIP)
def test_hardship_said_indirectly(locale, text):
    intent = classify(text, locale=locale)
    assert intent.kind == "hardship", intent.evidence


@pytest.mark.parametrize(("locale", "text", "promised"), PROMISES)
def test_promises_by_time_of_day_slang_month_names_and_apps(locale, text, promised):
    zone = {
        "es_MX": "America/Mexico_City",
        "es_CO": "America/Bogota",
        "es_PE": "America/Lima",
        "es_AR": "America/Argentina/Buenos_Aires",
        "pt_BR": "America/Sao_Paulo",
        "en_US": "America/New_York",
    }.get(locale, "America/Santiago")
    intent = classify(text, locale=locale, as_of=NOW, timezone=zone)
    assert (intent.kind, intent.promised_date) == ("promise_to_pay", promised), intent.evidence


@pytest.mark.parametrize(
    ("locale", "text", "kind"),
    [
        # the new words must not swallow what they resemble
        ("es_CL", "ahora no puedo pagar", "hardship"),
        ("es_MX", "ya pagué ahorita", "already_paid"),
        ("es_AR", "mi alias es juan.perez, ya te transferí", "already_paid"),
        ("en_US", "is autopay available?", "payment_link"),
        ("en_US", "what is this charge for", "dispute"),
        ("pt_BR", "pix caiu?", "already_paid"),
        ("es_CL", "a las 6 me pueden llamar?", "wants_agent"),
        ("en_US", "call me at 5pm", "wants_agent"),
        ("es", "gracias, hasta la tarde", "ack"),
        ("en_US", "ok thanks, talk later", "ack"),
        # contact words after a negation that ask for contact, or report none
        ("es_CL", "no pude llamarlos ayer, me pueden llamar?", "wants_agent"),
        ("es_CO", "no me han llamado, quiero hablar con un asesor", "wants_agent"),
        ("es_MX", "no me llegó el mensaje con el link", "payment_link"),
        ("es", "si no me escriben no me entero, gracias", "ack"),
        ("pt_BR", "não consegui ligar, pode me ligar?", "wants_agent"),
        ("en_US", "i didnt get your text, can you call me", "wants_agent"),
        ("en_US", "i sent you a message yesterday, call me", "wants_agent"),
        # rail words that are not payments, disputes or hardship here
        ("en_US", "the account is in my name, how do i pay", "payment_link"),
        ("pt_BR", "me manda o boleto duplicado", "payment_link"),
        ("en_US", "i can barely hear you, call me", "wants_agent"),
        ("es_MX", "ya te pasé el dato que pediste", "unknown"),
        ("en_US", "my autopay failed, can i pay by card", "payment_link"),
        ("es_CO", "tienen convenio en efecty?", "payment_link"),
        ("es_CO", "quiero un convenio de pago", "payment_plan"),
        ("en_US", "i never got the link", "payment_link"),
        ("en_US", "i did not take the call, can someone call me", "wants_agent"),
        ("en_US", "went through a divorce, i can not pay right now", "hardship"),
        ("pt_BR", "o dinheiro caiu, amanhã eu pago", "promise_to_pay"),
        ("es_CL", "paso por un mal momento", "hardship"),
        ("es_MX", "a qué número le escribo para hablar con alguien?", "wants_agent"),
        # stop words that stop something else
        ("es_CL", "dejen de cobrarme intereses que no corresponden", "dispute"),
        ("es_MX", "basta de intereses, quiero un convenio", "payment_plan"),
        ("pt_BR", "chega de juros, quero parcelar", "payment_plan"),
        ("es_CL", "pare de llorar jaja", "unknown"),
        ("en_US", "is this my loan from 2019?", "unknown"),
        ("en_US", "my autopay is set for the 15th", "payment_link"),
    ],
)
def test_near_misses_keep_their_reading(locale, text, kind):
    assert classify(text, locale=locale).kind == kind
