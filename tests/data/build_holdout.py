"""Build ``replies_holdout.csv``: a held-out, blind-written set of debtor replies.

The texts below were written without looking at the classifier, its lexicons or the tuning
set ``replies.csv``; only the labelling rules in ``tests/data/README.md`` were used. Each entry
carries its intent, a structured date expression, the amount and an optional local send time.
The script draws the remaining send times from a seeded RNG, computes the UTC offsets with
``zoneinfo`` and the promised dates with the README's rules, verifies everything and writes
the CSV.

Run: ``python3 tests/data/build_holdout.py`` (``--stats`` prints the counts).

Date expressions:

* ``today``, ``tom`` (tomorrow), ``dat`` (day after tomorrow), ``days:N`` (today+N)
* ``wd:fri`` next such weekday strictly after today
* ``dom:15`` first date >= today with that day number (months lacking it are skipped)
* ``dm:D/M`` day/month without a year (stored day-first even for en_US "12/15")
* ``dmy:D/M/Y`` a full date
* ``eom`` last day of the current month
* ``quin`` next payday (15th or last day of the month) strictly after today
* ``nextweek`` Friday of the next Monday-to-Sunday week
* ``weekend`` next Saturday strictly after today
* ``wddom:fri:15`` weekday plus day number (resolved by the day number)
"""

from __future__ import annotations

import calendar
import csv
import random
import re
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
OUT = HERE / "replies_holdout.csv"
SEED = 20260611
COLUMNS = ["id", "locale", "sent_at", "timezone", "intent", "promised_date", "amount", "text"]
INTENTS = [
    "opt_out",
    "dispute",
    "already_paid",
    "promise_to_pay",
    "payment_plan",
    "hardship",
    "wants_agent",
    "payment_link",
    "ack",
    "unknown",
]
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
FIRST = date(2026, 1, 1)
LAST = date(2027, 12, 31)

ZONES = {
    "es_CL": ["America/Santiago", "America/Santiago", "America/Punta_Arenas"],
    "es_MX": ["America/Mexico_City", "America/Mexico_City", "America/Monterrey",
              "America/Tijuana", "America/Cancun"],
    "es_CO": ["America/Bogota"],
    "es_PE": ["America/Lima"],
    "es_AR": ["America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires",
              "America/Argentina/Cordoba", "America/Argentina/Mendoza"],
    "pt_BR": ["America/Sao_Paulo", "America/Sao_Paulo", "America/Recife", "America/Manaus",
              "America/Cuiaba", "America/Fortaleza"],
    "en_US": ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
              "America/Phoenix"],
}

# (intent, text, date expression or None, amount, local send time "YYYY-MM-DD HH:MM [zone]")
Row = tuple[str, str, str | None, str, str | None]


def r(intent: str, text: str, expr: str | None = None, amount: str = "",
      sent: str | None = None) -> Row:
    return (intent, text, expr, amount, sent)


P = "promise_to_pay"

DATA: dict[str, list[Row]] = {
    "es_CL": [
        r("opt_out", "no me escriban mas porfa, ya basta"),
        r("opt_out", "BORRENME DE SU LISTA"),
        r("opt_out", "dejen de llamarme a la pega!! si quieren mándenme el link al correo nomas"),
        r("dispute", "esa deuda no es mia, nunca he tenido cuenta con ustedes"),
        r("dispute", "oiga el monto esta malo, yo debía 80 lucas no 120"),
        r("dispute", "numero equivocado, aqui no vive ninguna Carolina"),
        r("already_paid", "ya pague ayer po, revise bien"),
        r("already_paid", "transferí 45 lucas el lunes, le mando el comprobante", amount="45000"),
        r("already_paid", "les llegó el pago? lo hice en la mañana"),
        r(P, "el biernes le pago altiro, cuando me llegue el sueldo", "wd:fri"),
        r(P, "mañana sin falta transfiero las 35 lucas", "tom", "35000",
          "2026-09-06 12:10 America/Santiago"),
        r(P, "a fin de mes pago todo, no se preocupe", "eom"),
        r(P, "te pago el 30 cachai", "dom:30", sent="2026-02-14 11:20"),
        r(P, "el 2 de enero pago, ahora con las fiestas no me alcanza", "dm:2/1",
          sent="2026-12-18 19:40"),
        r(P, "hoy en la tarde le deposito", "today", sent="2026-04-04 10:05 America/Santiago"),
        r(P, "pasao mañana pago, sorry la demora", "dat"),
        r(P, "apenas me paguen en la pega le transfiero"),
        r(P, "le pago el viernes 15, palabra", "wddom:fri:15"),
        r(P, "pago el 05-06 sin falta", "dm:5/6"),
        r(P, "la próxima semana le pago, ahora ando pato", "nextweek"),
        r("payment_plan", "se puede pagar en cuotas? no me alcanza pa todo junto"),
        r("payment_plan", "kiero repactar, puedo dar 20 lucas mensuales", amount="20000"),
        r("payment_plan", "hay alguna opcion de convenio??"),
        r("hardship", "no tengo plata este mes, me quedé sin pega"),
        r("hardship", "no voy a poder pagar el viernes, estoy con licencia"),
        r("hardship", "esta dificil la cosa, voy a ver si junto algo"),
        r("wants_agent", "necesito hablar con una persona, no con un robot 🙄"),
        r("wants_agent", "me puede llamar un ejecutivo?"),
        r("wants_agent", "quiero conversar con alguien de cobranza porfa"),
        r("payment_link", "donde pago? no me llego ningun link"),
        r("payment_link", "mándeme los datos pa transferir"),
        r("payment_link", "se puede pagar con tarjeta? como pago"),
        r("ack", "ok gracias"),
        r("ack", "👍"),
        r("ack", "recibidoo, muchas gracias!!"),
        r("unknown", "quién habla?"),
        r("unknown", "holaa buenas"),
        r("unknown", "jajaja q es esto"),
    ],
    "es_MX": [
        r("opt_out", "CANCELAR"),
        r("opt_out", "ya no me manden mensajes, neta ya chole"),
        r("opt_out", "no quiero recibir mas sms de ustedes gracias"),
        r("dispute", "yo nunca saqué ningún crédito con ustedes, esto es un fraude"),
        r("dispute", "ese cargo no lo reconozco, chequen bien"),
        r("dispute", "se equivocaron de persona, yo no soy Rodrigo"),
        r("already_paid", "ya pague en el OXXO desde el martes"),
        r("already_paid", "ya les deposité 1500 por transferencia, chequen", amount="1500"),
        r("already_paid", "ya quedó pagado, aqui les mando mi comprobante 📎"),
        r(P, "en la quincena le pago sin falta", "quin"),
        r(P, "ahorita no, pero el lunes le deposito los 800", "wd:mon", "800"),
        r(P, "mañana te pago güey", "tom", sent="2026-03-08 14:30 America/Tijuana"),
        r(P, "el 15 pagoo, ya me van a pagar", "dom:15"),
        r(P, "la semana q viene le deposito", "nextweek"),
        r(P, "dentro de una semana tengo la lana y le pago", "days:7"),
        r(P, "hoy mismo pago en oxxo 2 mil", "today", "2000"),
        r(P, "el 20/12 les pago todo", "dm:20/12"),
        r(P, "el fin de semana le pago", "weekend"),
        r(P, "pago el 3/1/27 sin falta", "dmy:3/1/2027", sent="2026-12-21 09:45"),
        r(P, "en cuanto tenga la lana le pago"),
        r("payment_plan", "me pueden dar chance de pagar a plazos?"),
        r("payment_plan", "puedo abonar 700 cada quincena? necesito un convenio", amount="700"),
        r("payment_plan", "quiero hacer un acuerdo d pago xfa"),
        r("hardship", "ahorita no tengo ni un peso, me corrieron del trabajo"),
        r("hardship", "estoy enfermo y sin chamba, no puedo pagar"),
        r("hardship", "no tengo varo ahorita, a ver si luego"),
        r("wants_agent", "quiero hablar con un asesor"),
        r("wants_agent", "me pueden marcar? prefiero hablarlo por telefono"),
        r("wants_agent", "pásenme con alguien que sí me resuelva por favor"),
        r("payment_link", "cual es la CLABE para depositar?"),
        r("payment_link", "me mandas el link de pago?? porfa"),
        r("payment_link", "puedo pagar en oxxo? con q referencia"),
        r("ack", "ok"),
        r("ack", "va, gracias"),
        r("ack", "🙏🙏"),
        r("unknown", "buenas tardes"),
        r("unknown", "quien es?? no tengo registrado este numero"),
        r("unknown", "asdfgh"),
    ],
    "es_CO": [
        r("opt_out", "por favor no me vuelvan a contactar por ningún medio"),
        r("opt_out", "dejen de escribirme al whatsapp, ya les dije!!"),
        r("opt_out", "no me llamen mas, si acaso mándeme el link y ya"),
        r("dispute", "ese servicio lo cancelé desde marzo, no sé por qué me están cobrando"),
        r("dispute", "le cuento que esa deuda no es mia, yo nunca firmé nada"),
        r("dispute", "el valor está mal, yo pagué la cuota completa y me aparece más"),
        r("already_paid", "ya cancelé la factura ayer por PSE"),
        r("already_paid", "le consigné 150 mil el viernes pasado", amount="150000"),
        r("already_paid", "buenas, ya realicé el pago por Nequi, me confirma si le llegó?"),
        r(P, "a fin de mes le cancelo, tranquilo", "eom"),
        r(P, "el jueves le consigno parce", "wd:thu"),
        r(P, "el proximo lunes le pago sin falta", "wd:mon"),
        r(P, "en la quincena le pago los 200 mil", "quin", "200000"),
        r(P, "en 3 dias le hago la transferencia", "days:3"),
        r(P, "el viernes 15 le cancelo todo", "wddom:fri:15"),
        r(P, "mañana no puedo, pero el miércoles sí le pago", "wd:wed"),
        r(P, "apenas me llegue la prima le cancelo"),
        r(P, "pasado mañana le consigno", "dat"),
        r(P, "hoy le pago por nequi", "today"),
        r(P, "el 15 de agosto le cancelo lo que debo", "dm:15/8"),
        r("payment_plan", "se puede diferir a cuotas??"),
        r("payment_plan", "quisiera hacer un acuerdo de pago, puedo dar 100 mil mensuales",
          amount="100000"),
        r("payment_plan", "me pueden financiar el saldo a varios meses?"),
        r("hardship", "le cuento que estoy desempleado y no tengo como pagar"),
        r("hardship", "estoy hospitalizado, no he podido trabajar"),
        r("hardship", "a lo mejor el sábado puedo, no sé, estoy muy corto de plata"),
        r("wants_agent", "me puede llamar un asesor x favor"),
        r("wants_agent", "necesito hablar con alguien, esto no se resuelve por chat"),
        r("wants_agent", "con quien hablo para revisar mi caso?"),
        r("payment_link", "por donde puedo pagar? tienen PSE?"),
        r("payment_link", "me regala el numero de cuenta para consignar"),
        r("payment_link", "me envía el link porfa"),
        r("ack", "listo, gracias"),
        r("ack", "Recibido 👌"),
        r("ack", "bueno, gracias por la información"),
        r("unknown", "buenos días, quién me escribe?"),
        r("unknown", "me interesa el crédito de vivienda que ofrecen"),
        r("unknown", "??"),
    ],
    "es_PE": [
        r("opt_out", "ya no me escriban porfa, no quiero más mensajes"),
        r("opt_out", "dejen de llamar a mi mamá, ese número no es para cobranzas"),
        r("opt_out", "no me llamen mas causa, ya fue"),
        r("dispute", "yo no tengo ninguna deuda con ustedes, revisen bien"),
        r("dispute", "me estan cobrando de mas, el monto no es ese"),
        r("dispute", "número equivocado, no conozco a ningún Luis"),
        r("already_paid", "ya te yapee ayer causa"),
        r("already_paid", "ya pagué S/ 300 en el agente, te mando la foto del voucher",
          amount="300"),
        r("already_paid", "hice el pago por plin, ya les llegó?"),
        r(P, "el sabado te pago ps", "wd:sat"),
        r(P, "a fin de mes te pago causa", "eom"),
        r(P, "cuando me paguen la grati le pago todo"),
        r(P, "manana yapeo S/ 80", "tom", "80"),
        r(P, "el 31 pago", "dom:31", sent="2027-04-12 18:25"),
        r(P, "en 5 días le pago", "days:5"),
        r(P, "semana que viene le deposito el sencillo", "nextweek"),
        r(P, "este fin de semana te pago", "weekend"),
        r(P, "hoy yapeo, ya", "today"),
        r(P, "el 28 de febrero pago", "dm:28/2"),
        r("payment_plan", "puedo pagar en partes? en cuotas"),
        r("payment_plan", "se puede fraccionar la deuda?"),
        r("payment_plan", "quisiera un convenio, puedo dar 50 soles al mes", amount="50"),
        r("hardship", "no tengo ni para el pasaje, no puedo pagar"),
        r("hardship", "me quedé sin chamba, ahorita imposible"),
        r("hardship", "está jodido causa, voy a ver si consigo"),
        r("wants_agent", "necesito hablar con un asesor urgente"),
        r("wants_agent", "llameme x favor, quiero conversar"),
        r("wants_agent", "hay alguien con quien pueda hablar? una persona"),
        r("payment_link", "puedo pagar en un agente BCP?"),
        r("payment_link", "a qué número yapeo?"),
        r("payment_link", "pásame la cuenta para depositar"),
        r("ack", "ya, gracias"),
        r("ack", "ok 👍"),
        r("ack", "entendido"),
        r("unknown", "aló?"),
        r("unknown", "quien eres"),
        r("unknown", "vendo celular seminuevo, interesados escribir"),
    ],
    "es_AR": [
        r("opt_out", "no me manden más mensajes, gracias"),
        r("opt_out", "basta de llamarme che, borrá mi número"),
        r("opt_out", "NO ME ESCRIBAN MAS!!!"),
        r("dispute", "esa deuda no es mía, nunca tuve tarjeta con ustedes"),
        r("dispute", "me cobran algo que di de baja hace meses"),
        r("dispute", "fijate que el monto está mal, eran 30 lucas no 45"),
        r("already_paid", "ya te pagué por Rapipago, tengo el ticket"),
        r("already_paid", "te transferí 25 lucas al CBU recién", amount="25000"),
        r("already_paid", "ya te deposité una parte, lo que falta te lo mando el jueves"),
        r(P, "el finde te lo pago sin falta", "weekend"),
        r(P, "te pago el martes dale??", "wd:tue"),
        r(P, "el 10 te paso la guita", "dom:10"),
        r(P, "el 22/3 te pago todo", "dm:22/3"),
        r(P, "la semana que viene te transfiero", "nextweek"),
        r(P, "hoy a la noche te pago los 12.500", "today", "12500", "2027-06-30 20:10"),
        r(P, "pasado mañana te transfiero", "dat"),
        r(P, "en cuanto cobre te pago, quedate tranqui"),
        r(P, "te pago el lunes 30", "wddom:mon:30"),
        r(P, "el 5 de enero de 2027 te pago", "dmy:5/1/2027", sent="2026-12-09 16:00"),
        r("payment_plan", "puedo pagarlo en cuotas?"),
        r("payment_plan", "hay algún plan de pagos? te puedo dar 10 lucas por mes",
          amount="10000"),
        r("payment_plan", "quisiera refinanciar la deuda"),
        r("hardship", "estoy sin laburo, no tengo un mango"),
        r("hardship", "este mes no llego, estoy re complicado"),
        r("hardship", "no voy a poder pagarte mañana, me robaron la billetera"),
        r("wants_agent", "quiero hablar con alguien, no con un bot"),
        r("wants_agent", "me podés llamar? así lo hablamos"),
        r("wants_agent", "PASAME CON UN ASESOR"),
        r("payment_link", "pasame el alias así te transfiero"),
        r("payment_link", "cómo pago? no encuentro el link"),
        r("payment_link", "se puede pagar en Pago Fácil?"),
        r("ack", "dale, gracias"),
        r("ack", "ok 👌"),
        r("ack", "joyaaa 👍"),
        r("unknown", "hola, quién sos?"),
        r("unknown", "jajaja"),
        r("unknown", "me equivoqué de chat perdón"),
    ],
    "pt_BR": [
        r("opt_out", "para de me mandar mensagem"),
        r("opt_out", "não quero mais receber ligações de vcs"),
        r("opt_out", "SAIR"),
        r("dispute", "essa dívida não é minha, nunca comprei nada aí"),
        r("dispute", "o valor tá errado, era 150 e não 300"),
        r("dispute", "isso é golpe? não reconheço essa cobrança"),
        r("already_paid", "já fiz o pix ontem"),
        r("already_paid", "paguei o boleto de R$ 230,50 hj cedo", amount="230.50"),
        r("already_paid", "vcs receberam meu pagamento? paguei sexta"),
        r(P, "amanhã cedo eu pago, pode deixar", "tom"),
        r(P, "sexta que vem eu pago o boleto", "wd:fri", sent="2027-03-12 08:50"),
        r(P, "dia 10 eu pago", "dom:10"),
        r(P, "no fim do mês pago tudo", "eom"),
        r(P, "quando cair a quinzena eu pago", "quin"),
        r(P, "daqui a 5 dias faço o pix de 200 reais", "days:5", "200"),
        r(P, "pago dia 20 de dezembro, blz?", "dm:20/12"),
        r(P, "pago 10/01/2027 sem falta", "dmy:10/1/2027", sent="2026-12-28 13:30"),
        r(P, "dps de amanha eu pago", "dat"),
        r(P, "sexta dia 15 faço o pix", "wddom:fri:15"),
        r(P, "assim que receber eu pago vc"),
        r("payment_plan", "dá pra parcelar?"),
        r("payment_plan", "consigo pagar em 3 vezes? posso dar 100 por mês", amount="100"),
        r("payment_plan", "qria fazer um acordo"),
        r("hardship", "tô desempregado, não tenho como pagar agora"),
        r("hardship", "tá osso, vou tentar arrumar grana mas n prometo"),
        r("hardship", "estou doente e sem trabalhar"),
        r("wants_agent", "quero falar com um atendente"),
        r("wants_agent", "pode me ligar? prefiro falar por telefone"),
        r("wants_agent", "tem alguém de verdade aí? quero falar com uma pessoa"),
        r("payment_link", "me manda a chave pix"),
        r("payment_link", "como faço pra pagar?"),
        r("payment_link", "manda o boleto atualizado pfv"),
        r("ack", "ok obg"),
        r("ack", "blz"),
        r("ack", "certo, obrigado"),
        r("unknown", "quem é?"),
        r("unknown", "kkkkkk"),
        r("unknown", "bom dia"),
    ],
    "en_US": [
        r("opt_out", "STOP"),
        r("opt_out", "stop texting me"),
        r("opt_out", "pls remove my number from ur list and dont call my job"),
        r("dispute", "I NEVER ORDERED THIS"),
        r("dispute", "this isnt my debt, wrong person"),
        r("dispute", "ur charging me twice for the same bill"),
        r("already_paid", "already paid it last week"),
        r("already_paid", "i sent $75 thru zelle this morning", amount="75"),
        r("already_paid", "did u get my payment? i paid online sunday"),
        r(P, "ill pay friday", "wd:fri"),
        r(P, "gonna pay tmrw", "tom", sent="2026-03-08 09:15 America/New_York"),
        r(P, "i can pay $50 on the 15th", "dom:15", "50"),
        r(P, "ill have it paid by the end of the month", "eom"),
        r(P, "next week ill pay", "nextweek"),
        r(P, "paying 12/15 for sure", "dm:15/12"),
        r(P, "ill pay it jan 5th after the holidays", "dm:5/1", sent="2027-12-20 17:05"),
        r(P, "when i get my check ill pay it"),
        r(P, "ill pay the day after tomorrow", "dat"),
        r(P, "will pay on 1/10/27", "dmy:10/1/2027", sent="2026-12-15 11:40"),
        r(P, "ill pay monday the 30th", "wddom:mon:30"),
        r(P, "ill pay it this weekend", "weekend"),
        r(P, "in a week ill pay $1,250.00", "days:7", "1250"),
        r(P, "ill pay $89.90 today", "today", "89.90"),
        r("payment_plan", "can i do a payment plan?"),
        r("payment_plan", "could i pay $40 a month?", amount="40"),
        r("payment_plan", "is there a way to split it into installments"),
        r("hardship", "i lost my job, i cant pay rn"),
        r("hardship", "cant pay this month, medical bills"),
        r("hardship", "i only have like $20 til payday"),
        r("wants_agent", "can i talk to a real person??"),
        r("wants_agent", "call me pls"),
        r("wants_agent", "i need to speak w someone about this"),
        r("payment_link", "send me the linkk pls"),
        r("payment_link", "how do i pay??"),
        r("payment_link", "where can i pay online?"),
        r("ack", "ok thanks", sent="2026-11-01 10:00 America/Chicago"),
        r("ack", "got it"),
        r("ack", "👍👍"),
        r("unknown", "who is this"),
        r("unknown", "Congrats! You won a $500 gift card, click here"),
        r("unknown", "hey"),
    ],
}


# ---------------------------------------------------------------- date rules


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def day_month(today: date, day: int, month: int) -> date:
    year = today.year
    while True:
        if day <= last_day(year, month) and date(year, month, day) >= today:
            return date(year, month, day)
        year += 1


def resolve(expr: str, today: date) -> date:
    kind, _, arg = expr.partition(":")
    if kind == "today":
        return today
    if kind == "tom":
        return today + timedelta(days=1)
    if kind == "dat":
        return today + timedelta(days=2)
    if kind == "days":
        return today + timedelta(days=int(arg))
    if kind == "wd":
        return today + timedelta(days=(WEEKDAYS[arg] - today.weekday() - 1) % 7 + 1)
    if kind in ("dom", "wddom"):
        day = int(arg.split(":")[-1])
        year, month = today.year, today.month
        while True:
            if day <= last_day(year, month) and date(year, month, day) >= today:
                return date(year, month, day)
            year, month = add_month(year, month)
    if kind == "dm":
        d, m = (int(x) for x in arg.split("/"))
        return day_month(today, d, m)
    if kind == "dmy":
        d, m, y = (int(x) for x in arg.split("/"))
        return date(y, m, d)
    if kind == "eom":
        return today.replace(day=last_day(today.year, today.month))
    if kind == "quin":
        year, month = today.year, today.month
        while True:
            for day in (15, last_day(year, month)):
                if date(year, month, day) > today:
                    return date(year, month, day)
            year, month = add_month(year, month)
    if kind == "nextweek":
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=4)
    if kind == "weekend":
        return today + timedelta(days=(5 - today.weekday() - 1) % 7 + 1)
    raise ValueError(expr)


def brute(expr: str, today: date) -> date:
    """Second implementation: walk day by day until the rule matches."""
    kind, _, arg = expr.partition(":")
    fixed = {"today": 0, "tom": 1, "dat": 2}
    if kind in fixed:
        return today + timedelta(days=fixed[kind])
    if kind == "days":
        return today + timedelta(days=int(arg))
    if kind == "dmy":
        d, m, y = (int(x) for x in arg.split("/"))
        return date(y, m, d)
    this_week = today.isocalendar()[:2]
    probe = today
    for _ in range(800):
        nxt = probe + timedelta(days=1)
        if kind == "wd" and probe > today and probe.weekday() == WEEKDAYS[arg]:
            return probe
        if kind in ("dom", "wddom") and probe.day == int(arg.split(":")[-1]):
            return probe
        if kind == "dm" and (probe.day, probe.month) == tuple(int(x) for x in arg.split("/")):
            return probe
        if kind == "eom" and nxt.month != probe.month:
            return probe
        if kind == "quin" and probe > today and (probe.day == 15 or nxt.month != probe.month):
            return probe
        if kind == "nextweek" and probe.weekday() == 4 and probe.isocalendar()[:2] != this_week:
            return probe
        if kind == "weekend" and probe > today and probe.weekday() == 5:
            return probe
        probe = nxt
    raise ValueError(expr)


# ---------------------------------------------------------------- send times

HOURS = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 6]
HOUR_WEIGHTS = [3, 6, 8, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 7, 6, 4, 2, 1, 2]


def plausible(expr: str | None, today: date) -> bool:
    if expr is None:
        return True
    kind, _, arg = expr.partition(":")
    if kind == "wd":
        # "el viernes" is not sent on a Thursday or on a Friday
        return (WEEKDAYS[arg] - today.weekday()) % 7 not in (0, 1)
    if kind == "weekend":
        return today.weekday() < 5
    if kind == "eom":
        return today.day != last_day(today.year, today.month)
    if kind == "quin":
        return today.day != 15 and today.day != last_day(today.year, today.month)
    if kind == "dom":
        return today.day != int(arg)
    if kind in ("dm", "dmy"):
        return 1 <= (resolve(expr, today) - today).days <= 40
    return True


def clean_local(naive: datetime, zone: ZoneInfo) -> bool:
    """True if the wall time exists and is not ambiguous in ``zone``."""
    a = naive.replace(tzinfo=zone, fold=0)
    b = naive.replace(tzinfo=zone, fold=1)
    if a.utcoffset() != b.utcoffset():
        return False
    back = a.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    return back == naive


def draw(rng: random.Random, expr: str | None, zone: ZoneInfo) -> datetime:
    span = (LAST - FIRST).days
    favoured = (14, 15, 30, 31)
    while True:
        if expr and expr.startswith("wddom:"):
            _, wd, dom = expr.split(":")
            targets = [
                FIRST + timedelta(days=i)
                for i in range(span + 1)
                if (FIRST + timedelta(days=i)).day == int(dom)
                and (FIRST + timedelta(days=i)).weekday() == WEEKDAYS[wd]
            ]
            day = rng.choice(targets) - timedelta(days=rng.randint(1, 6))
            if day < FIRST:
                continue
        else:
            day = FIRST + timedelta(days=rng.randint(0, span))
            if day.day not in favoured and rng.random() < 0.25:
                continue
        if not plausible(expr, day):
            continue
        hour = rng.choices(HOURS, HOUR_WEIGHTS)[0]
        naive = datetime(day.year, day.month, day.day, hour, rng.randint(0, 59))
        if clean_local(naive, zone):
            return naive


# ---------------------------------------------------------------- noise heuristic

EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
ABBREV = re.compile(
    r"\b(q|x|xq|xfa|pfv|porfa|obg|hj|vc|vcs|dps|n|u|ur|pls|rn|tmrw|w|thru|blz|kkk+|d|pa|"
    r"ill|dont|isnt|cant|gonna)\b",
    re.IGNORECASE,
)
UNACCENTED = re.compile(
    r"\b(mas|mia|pague|esta|numero|aqui|opcion|dificil|llego|ningun|como|telefono|cual|"
    r"quien|dias|proximo|estan|manana|amanha|deposite|yapee|sabado|llameme)\b"
)
MISSPELT = re.compile(r"\b(biernes|pasao|kiero|qria|linkk)\b", re.IGNORECASE)


def noisy(text: str) -> bool:
    words = re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)
    return bool(
        EMOJI.search(text)
        or re.search(r"(.)\1\1", text)
        or "??" in text
        or "!!" in text
        or ABBREV.search(text)
        or MISSPELT.search(text)
        or (words and all(w.isupper() for w in words))
        or UNACCENTED.search(text)
    )


# ---------------------------------------------------------------- build and check


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    for locale, entries in DATA.items():
        for intent, text, expr, amount, sent in entries:
            if sent and len(sent.split()) == 3:
                stamp = " ".join(sent.split()[:2])
                zone_name = sent.split()[2]
            else:
                stamp = sent
                zone_name = rng.choice(ZONES[locale])
            zone = ZoneInfo(zone_name)
            if stamp:
                naive = datetime.strptime(stamp, "%Y-%m-%d %H:%M")
                assert clean_local(naive, zone), (locale, text)
            else:
                naive = draw(rng, expr, zone)
            local = naive.replace(tzinfo=zone)
            promised = resolve(expr, local.date()).isoformat() if expr else ""
            rows.append({
                "id": "",
                "locale": locale,
                "sent_at": local.isoformat(),
                "timezone": zone_name,
                "intent": intent,
                "promised_date": promised,
                "amount": amount,
                "text": text,
                "_expr": expr or "",
            })
    rng.shuffle(rows)
    for i, row in enumerate(rows, 1):
        row["id"] = f"h{i:04d}"
    return rows


def check(rows: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    intents = Counter(row["intent"] for row in rows)
    locales = Counter(row["locale"] for row in rows)
    promises = [row for row in rows if row["intent"] == "promise_to_pay"]
    dated = [row for row in promises if row["promised_date"]]
    kinds = {row["_expr"].partition(":")[0] for row in dated}
    if len(rows) < 220:
        problems.append(f"only {len(rows)} rows")
    problems += [f"{i}: {intents[i]} rows" for i in INTENTS if intents[i] < 15]
    problems += [f"{loc}: {locales[loc]} rows" for loc in ZONES if locales[loc] < 28]
    if len(promises) < 50 or len(dated) < 40:
        problems.append(f"promises {len(promises)}, dated {len(dated)}")
    every = {"today", "tom", "dat", "days", "wd", "dom", "dm", "dmy", "eom", "quin",
             "nextweek", "weekend", "wddom"}
    if kinds != every:
        problems.append(f"date rules missing: {sorted(every - kinds)}")
    seen: set[tuple[str, str]] = set()
    for row in rows:
        tag = f"{row['id']} {row['text']!r}"
        if row["intent"] not in INTENTS:
            problems.append(f"{tag}: bad intent")
        key = (row["locale"], row["text"].casefold())
        if key in seen:
            problems.append(f"{tag}: duplicate text")
        seen.add(key)
        stamp = datetime.fromisoformat(row["sent_at"])
        zone = ZoneInfo(row["timezone"])
        if stamp.utcoffset() != stamp.astimezone(zone).utcoffset():
            problems.append(f"{tag}: offset")
        naive = stamp.replace(tzinfo=None)
        if naive.replace(tzinfo=zone).utcoffset() != stamp.utcoffset():
            problems.append(f"{tag}: offset (re-attached)")
        if not 2026 <= stamp.year <= 2027:
            problems.append(f"{tag}: year")
        if row["promised_date"]:
            if row["intent"] != "promise_to_pay":
                problems.append(f"{tag}: date on a non-promise")
            promised = date.fromisoformat(row["promised_date"])
            local = stamp.astimezone(zone).date()
            if promised < local:
                problems.append(f"{tag}: date before the send date")
            if brute(row["_expr"], local) != promised:
                problems.append(f"{tag}: brute-force date differs")
            if row["_expr"].startswith("wddom:"):
                wd = row["_expr"].split(":")[1]
                if promised.weekday() != WEEKDAYS[wd] or not 1 <= (promised - local).days <= 6:
                    problems.append(f"{tag}: inconsistent weekday + day")
        if row["amount"] and not re.fullmatch(r"\d+(\.\d\d)?", row["amount"]):
            problems.append(f"{tag}: amount format")
    return problems


def main(argv: list[str]) -> int:
    rows = build()
    problems = check(rows)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if "--stats" in argv:
        promises = [row for row in rows if row["intent"] == "promise_to_pay"]
        dated = [row for row in promises if row["promised_date"]]
        print(f"rows: {len(rows)}")
        for name, counts in (
            ("intent", Counter(row["intent"] for row in rows)),
            ("locale", Counter(row["locale"] for row in rows)),
            ("date rule", Counter(row["_expr"].partition(":")[0] for row in dated)),
        ):
            print(f"per {name}:")
            for key, n in sorted(counts.items()):
                print(f"  {key:15} {n}")
        print(f"promises: {len(promises)}, dated: {len(dated)}")
        print(f"rows with an amount: {sum(bool(row['amount']) for row in rows)}")
        share = sum(noisy(row["text"]) for row in rows) / len(rows)
        print(f"noisy (heuristic): {share:.0%}")
    print(f"wrote {len(rows)} rows to {OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
