"""Build ``tests/data/replies.csv``, the labelled evaluation set for the reply classifier.

Run ``python3 tests/data/build_replies.py`` (stdlib + zoneinfo only). ``--stats`` also prints
the counts pasted into ``tests/data/README.md``.

Every row is authored by hand below as ``r(intent, text, expr, amount, at)``:

* ``expr`` is the date expression the text uses (empty when no date can be resolved), e.g.
  ``wd:fri``, ``tomorrow``, ``dom:15``, ``dm:15/12`` (always day/month here, even for en_US
  texts that write ``12/15``), ``dmy:10/1/2027``, ``eom``, ``quin``, ``nextweek``,
  ``weekend``, ``days:3``, ``wddom:fri/15`` ("el viernes 15").
* ``amount`` is the authored, already-normalised amount (empty when none).
* ``tz`` optionally pins the debtor's zone (used for rows sent on DST-change days).
* ``at`` is an optional local send time ``YYYY-MM-DD HH:MM``; otherwise a deterministic
  pseudo-random local time in 2026-2027 is drawn (seeded), constrained so the text stays
  plausible (e.g. "el viernes" is not sent on a Thursday or Friday).

``promised_date`` is then computed from ``expr`` and the local date with the rules in README.md.
"""

from __future__ import annotations

import calendar
import csv
import random
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

OUT = Path(__file__).with_name("replies.csv")
SEED = 20261120
FIRST = date(2026, 1, 1)
LAST = date(2027, 12, 31)

OPT = "opt_out"
DIS = "dispute"
PAID = "already_paid"
PTP = "promise_to_pay"
PLAN = "payment_plan"
HARD = "hardship"
AGENT = "wants_agent"
LINK = "payment_link"
ACK = "ack"
UNK = "unknown"
INTENTS = (OPT, DIS, PAID, PTP, PLAN, HARD, AGENT, LINK, ACK, UNK)

LOCALES = ("es_CL", "es_MX", "es_CO", "es_PE", "es_AR", "pt_BR", "en_US")

# (zone, weight) per locale.
ZONES: dict[str, list[tuple[str, int]]] = {
    "es_CL": [("America/Santiago", 6), ("America/Punta_Arenas", 1)],
    "es_MX": [
        ("America/Mexico_City", 5),
        ("America/Monterrey", 2),
        ("America/Tijuana", 2),
        ("America/Cancun", 1),
    ],
    "es_CO": [("America/Bogota", 1)],
    "es_PE": [("America/Lima", 1)],
    "es_AR": [
        ("America/Argentina/Buenos_Aires", 5),
        ("America/Argentina/Cordoba", 2),
        ("America/Argentina/Mendoza", 1),
    ],
    "pt_BR": [
        ("America/Sao_Paulo", 6),
        ("America/Manaus", 2),
        ("America/Recife", 1),
        ("America/Fortaleza", 1),
        ("America/Bahia", 1),
        ("America/Cuiaba", 1),
    ],
    "en_US": [
        ("America/New_York", 4),
        ("America/Chicago", 3),
        ("America/Los_Angeles", 3),
        ("America/Denver", 1),
        ("America/Phoenix", 1),
    ],
}

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

Row = tuple[str, str, str, str, str, str]


def r(intent: str, text: str, expr: str = "", amount: str = "", at: str = "", tz: str = "") -> Row:
    return (intent, text, expr, amount, at, tz)


# --------------------------------------------------------------------------------------- es_CL
CL: list[Row] = [
    r(PTP, "te pago el viernes po, ahi me llega el sueldo", "wd:fri"),
    r(PTP, "mañana le transfiero las 30 lucas", "tomorrow", "30000"),
    r(PTP, "mañna en la tarde deposito, sorry la demora 🙏", "tomorrow"),
    r(PTP, "a fin de mes pago todo cachai 👍", "eom"),
    r(PTP, "Hola! hoy en la noche le hago la transferencia", "today"),
    r(PTP, "el 5 pago sin faltaaa", "dom:5"),
    r(PTP, "pasado mañana le deposito, ahora ando sin ni una luca", "after_tomorrow"),
    r(PTP, "la proxima semana pago, estoy juntando la plata", "nextweek"),
    r(PTP, "el 30/11 deposito los $45.000", "dm:30/11", "45000"),
    r(PTP, "en 3 dias te pago, palabra", "days:3"),
    r(PTP, "El lunes que viene le pago 20 lucas y el resto despues", "wd:mon", "20000"),
    r(PTP, "este fin de semana le pago, ahi voy a tener la plata", "weekend"),
    r(PTP, "el 2 de enero pago, ahora en diciembre imposible", "dm:2/1", at="2026-12-18 20:15"),
    r(PTP, "mañana no puedo, pero el jueves sí le pago", "wd:thu"),
    r(PTP, "TE PAGO EL 15 ALTIRO QUE ME DEPOSITEN", "dom:15"),
    r(PTP, "le pago el 31 sin falta", "dom:31", at="2026-11-20 11:30"),
    r(PTP, "el biernes le pago 🙏", "wd:fri", at="2027-02-12 09:10"),
    r(PTP, "apenas me paguen el finiquito le pago todo"),
    r(PTP, "cuando me llegue la plata te pago, tranqui"),
    r(PTP, "si voy a pagar, dame unos diitas no mas"),
    r(OPT, "BAJA"),
    r(OPT, "no me escriban mas x favor"),
    r(OPT, "dejen de mandarme mensajes weón, estoy chato"),
    r(OPT, "no me llamen más pero mándenme el link pa pagar"),
    r(OPT, "sáquenme de su lista, no quiero más whatsapp de ustedes"),
    r(OPT, "Ya pagué, así que dejen de escribirme"),
    r(DIS, "esa deuda NO ES MIA"),
    r(DIS, "yo no tengo ninguna dewda con ustedes, debe ser un error"),
    r(DIS, "el monto esta malo, yo debia 80 lucas no 120"),
    r(DIS, "no reconozco esta deuda, nunca saqué esa tarjeta 😡"),
    r(DIS, "ese plan lo di de baja hace meses, no corresponde el cobro"),
    r(PAID, "ya pagué ayer po"),
    r(PAID, "ya pague"),
    r(PAID, "le transferí las 25 lucas el lunes, le mando el comprobante", amount="25000"),
    r(PAID, "les llego mi pago?? lo hice ayer en la tarde"),
    r(PAID, "aca va el comprobante 📎"),
    r(PAID, "ya deposité $35.000, revisen porfa", amount="35000"),
    r(PAID, "pagué la mitad ayer y el resto lo pago el viernes"),
    r(PLAN, "se puede pagar en cuotas??"),
    r(PLAN, "puedo pagarlo en 3 cuotas? no me alcanza pa todo junto"),
    r(PLAN, "quiero hablar con alguien para hacer un convenio de pago"),
    r(PLAN, "me pueden dar un acuerdo d pago? puedo dar 20 lucas mensuales", amount="20000"),
    r(PLAN, "no tengo la plata completa cachai, se puede repactar en cuotas?"),
    r(HARD, "no tengo plata este mes, me quede sin pega 😭"),
    r(HARD, "estoy cesante, no puedo pagar ahora"),
    r(HARD, "ando sin ni una luca, disculpe 😔"),
    r(HARD, "estoy con licencia medica y no me alcanza pa nada"),
    r(HARD, "no voy a poder pagar el viernes, me echaron de la pega 😭"),
    r(HARD, "a lo mejor el viernes puedo, no sé, ando corto de plata"),
    r(AGENT, "qiero hablar con una persona"),
    r(AGENT, "me pueden llamar? prefiero hablar con alguien xq por aca no entiendo nada"),
    r(AGENT, "necesito hablar con un ejecutivo"),
    r(AGENT, "hay algun humano ahi??"),
    r(AGENT, "llámenme porfa, después de las 6"),
    r(LINK, "donde pago?"),
    r(LINK, "como pago?? no me llego ningun link"),
    r(LINK, "me pueden mandar el link de pago?"),
    r(LINK, "pasame los datos pa transferir"),
    r(LINK, "a q cuenta deposito?"),
    r(LINK, "se puede pagar en servipag o solo por transferencia?"),
    r(ACK, "ok"),
    r(ACK, "👍"),
    r(ACK, "graciasss"),
    r(ACK, "ya, gracias"),
    r(ACK, "recibido"),
    r(ACK, "okis 👌"),
    r(UNK, "holaa"),
    r(UNK, "quien es??"),
    r(UNK, "?"),
    r(UNK, "de dónde me escriben?"),
    r(UNK, "jajaja que"),
    r(UNK, "estoy en la pega, despues veo"),
    r(PTP, "ya po, el lunes 30 le deposito", "wddom:mon/30"),
    r(PAID, "YA PAGUEEE!! revisen bien 😡"),
    r(UNK, "asdfgh"),
    r(HARD, "tengo 10 lucas pa todo el mes, no puedo pagar nada"),
    r(ACK, "ya po, gracias 👍"),
    r(
        PTP,
        "mañana le pago, ahora voy en la micro",
        "tomorrow",
        at="2026-04-04 22:30",
        tz="America/Santiago",
    ),
    r(AGENT, "me puede llamar alguien hoy?", at="2026-09-06 10:05", tz="America/Santiago"),
]

# --------------------------------------------------------------------------------------- es_MX
MX: list[Row] = [
    r(PTP, "le pago en la quincena, neta 🙏", "quin"),
    r(PTP, "ahorita no tengo pero el viernes le deposito", "wd:fri"),
    r(PTP, "mañana sin falta deposito los 1500", "tomorrow", "1500"),
    r(PTP, "el 15 le pagooo", "dom:15"),
    r(PTP, "pasado manana le caigo con la lana", "after_tomorrow"),
    r(PTP, "la proxima quincena pago todo", "quin"),
    r(PTP, "le pago el 30 cuando me caiga el varo", "dom:30", at="2027-02-10 13:20"),
    r(PTP, "en una semana le deposito 2 mil", "days:7", "2000"),
    r(PTP, "hoy en la tarde pago en el oxxo 👍", "today"),
    r(PTP, "el lunes q viene hago la transferencia", "wd:mon"),
    r(PTP, "a fin de mes le pago los 800 pesos", "eom", "800"),
    r(PTP, "el 20 de diciembre pago todo q es cuando me dan el aguinaldo", "dm:20/12"),
    r(PTP, "la semana que viene le pago, no se preocupe", "nextweek"),
    r(PTP, "ahorita no, pero el fin de semana le deposito", "weekend"),
    r(PTP, "le pago el 5/1 sin falta", "dm:5/1", at="2026-12-22 18:05"),
    r(PTP, "PAGO EL 14/02/2027", "dmy:14/2/2027"),
    r(PTP, "mandeme la referencia y mañana pago en oxxo", "tomorrow"),
    r(PTP, "en la quincena le abono 1000, y la otra el resto", "quin", "1000"),
    r(PTP, "en cuanto me paguen le deposito"),
    r(PTP, "apenas tenga la lana le pago, no se preocupe"),
    r(OPT, "CANCELAR"),
    r(OPT, "ya no me manden mensajes"),
    r(OPT, "dejen de estar chingando con sus mensajes!!!"),
    r(OPT, "no me marquen mas, ni mensajes ni nada"),
    r(OPT, "ya no quiero recibir mensajes de ustedes gracias"),
    r(OPT, "esa deuda ni es mia, ya no me escriban"),
    r(DIS, "quiero hablar con alguien, esa deuda no es mia!!"),
    r(DIS, "yo nunca saque ningun credito con ustedes, es un FRAUDE"),
    r(DIS, "me estan cobrando de mas, yo debia 3 mil"),
    r(DIS, "ya habia cancelado ese servicio desde marzo"),
    r(DIS, "numero equivocado, yo no soy Juan Pérez"),
    r(PAID, "ya paqué en oxxo, le mando foto del ticket"),
    r(PAID, "ya le deposite ayer los 1200", amount="1200"),
    r(PAID, "¿ya les llegó mi pago?"),
    r(PAID, "ya quedo pagado desde el lunes"),
    r(PAID, "ahi va el comprobante 👍"),
    r(PAID, "hice la transferencia hace rato, ya aparece??"),
    r(PAID, "ya pague la mitad, el resto en la quincena"),
    r(PLAN, "me pueden dar chance de pagar en partes?"),
    r(PLAN, "se puede a plazos?"),
    r(PLAN, "qiero un convenio, puedo dar 500 cada quincena", amount="500"),
    r(PLAN, "no me alcanza todo junto, hay opcion de mensualidades?"),
    r(PLAN, "me interesa un acuerdo d pago"),
    r(HARD, "ahorita no tengo lana, me quede sin chamba"),
    r(HARD, "estoy enfermo y no e podido trabajar"),
    r(HARD, "no manches güey, no tengo ni pa comer"),
    r(HARD, "este mes no puedo pagar nada, perdon"),
    r(HARD, "no voy a poder pagar el viernes, me recortaron el sueldo"),
    r(HARD, "me corrieron del trabajo y no tengo con que pagar 😞"),
    r(AGENT, "quiero hablar con un asesor!!!"),
    r(AGENT, "me pueden marcar?"),
    r(AGENT, "paseme con alguien que si me explique"),
    r(AGENT, "necesito hablar con una persona real no con un robot"),
    r(AGENT, "hay alguien q me atienda por telefono?"),
    r(LINK, "como le pago??"),
    r(LINK, "me pasa la cuenta clabe?"),
    r(LINK, "puedo pagar en oxxo? mándeme la referencia"),
    r(LINK, "donde deposito"),
    r(LINK, "mandame el link porfa 🙏"),
    r(LINK, "a que numero de cuenta transfiero?"),
    r(ACK, "ok"),
    r(ACK, "grax"),
    r(ACK, "va"),
    r(ACK, "sale, gracias"),
    r(ACK, "👍👍"),
    r(ACK, "enterado 👍"),
    r(UNK, "quien habla"),
    r(UNK, "hola buenas tardes"),
    r(UNK, "?"),
    r(UNK, "de que empresa son?"),
    r(UNK, "jajaja"),
    r(UNK, "feliz navidad a todos 🎄", at="2026-12-24 22:10"),
    r(PTP, "ok, el viernes 15 le deposito la mitad", "wddom:fri/15"),
    r(UNK, "Gana $5000 desde casa!! entra a bit.ly/gana5000"),
    r(OPT, "BAJA!!! ya les dije q no me escriban"),
    r(HARD, "no tengo ni un peso neta, nomas me alcanza pa la renta"),
    r(LINK, "pasame la clabe pa depositar", at="2026-03-08 11:00", tz="America/Tijuana"),
    r(PTP, "este viernes le deposito, ya me pagaron neta", "wd:fri"),
]

# --------------------------------------------------------------------------------------- es_CO
CO: list[Row] = [
    r(PTP, "Buenas tardes, le cuento que el viernes le consigno", "wd:fri"),
    r(PTP, "mañana le pago sin falta 🙏", "tomorrow"),
    r(PTP, "en la quincena le pago los 150 mil", "quin", "150000"),
    r(PTP, "el 30 pago todo!!", "dom:30"),
    r(PTP, "pasado mañana le hago la transferencia por nequi", "after_tomorrow"),
    r(PTP, "hoy le consigno $80.000", "today", "80000"),
    r(PTP, "dentro de una semana le pago", "days:7"),
    r(PTP, "a fin de mes le cancelo", "eom"),
    r(PTP, "el 15 de diciembre le pago la cuota", "dm:15/12"),
    r(PTP, "el proximo lunes le pago parce", "wd:mon"),
    r(PTP, "la semana que viene le pago, no se preocupe", "nextweek"),
    r(PTP, "este fin de semana le consigno 50 mil", "weekend", "50000"),
    r(PTP, "10/01/2027 le pago todo", "dmy:10/1/2027"),
    r(PTP, "el jueves sin falta ya tengo la plata 💸", "wd:thu"),
    r(PTP, "El viernes 15 le pago", "wddom:fri/15"),
    r(PTP, "q pena con usted, mañana le pago los $250.000", "tomorrow", "250000"),
    r(PTP, "en 4 dias le consigno", "days:4"),
    r(PTP, "apenas me paguen le cancelo todo"),
    r(PTP, "yo le pago, deme unos dias"),
    r(OPT, "no me escriban mas, gracias"),
    r(OPT, "BAJA"),
    r(OPT, "dejen de llamarme todos los dias, no mas mensajes"),
    r(OPT, "por favor eliminenme de sus listas"),
    r(OPT, "Stop"),
    r(OPT, "no quiero recibir mas mensajes ni llamadas, gracias"),
    r(DIS, "esa deuda no es mia 😡"),
    r(DIS, "ese servicio lo cancelé desde junio, no sé por qué me cobran"),
    r(DIS, "el valor está mal, yo debo como 200 mil no 350"),
    r(DIS, "no reconozco esa deuda, q es eso??"),
    r(DIS, "eso es un fraude, yo nunca pedí ese préstamo"),
    r(PAID, "ya cancelé la factura ayer"),
    r(PAID, "ya le consigne, ahi le mando el comprobante"),
    r(PAID, "ya pague por PSE"),
    r(PAID, "le cuento que ya hice el pago de los 120 mil", amount="120000"),
    r(PAID, "¿ya les llegó el pago? lo hice el sábado"),
    r(PAID, "ya quedo pago ✅"),
    r(PAID, "pagué por nequi hace una hora, q pena la demora"),
    r(PLAN, "puedo pagar x cuotas?"),
    r(PLAN, "kisiera hacer un acuerdo de pago"),
    r(PLAN, "será que me dan plazo para pagar en 3 cuotas?"),
    r(PLAN, "necesito financiar la deuda, que opciones hay?"),
    r(PLAN, "puedo abonar 100 mil mensuales?", amount="100000"),
    r(HARD, "no tengo plata, estoy desempleadooo"),
    r(HARD, "estoy hospitalizado, no puedo pagar ahora"),
    r(HARD, "este mes está muy duro, no tengo con qué"),
    r(HARD, "me quedé sin trabajo parce, no puedo 😢"),
    r(HARD, "no le voy a poder pagar el viernes, se me complicó todo"),
    r(HARD, "estoy sin trabajo, quiero hablar con un asesor"),
    r(AGENT, "NECESITO HABLAR CON UN ASESOR"),
    r(AGENT, "me puede llamar alguien por favor?"),
    r(AGENT, "quiero comunicarme con una persona"),
    r(AGENT, "comuníqueme con un asesor humano"),
    r(AGENT, "llameme a este numero porfa"),
    r(LINK, "como hago para pagar?"),
    r(LINK, "me regala el link de pago?"),
    r(LINK, "a que cuenta consigno?"),
    r(LINK, "se puede pagar por nequi o daviplata?"),
    r(LINK, "dónde puedo pagar?"),
    r(LINK, "gracias, me manda el número de cuenta porfa"),
    r(ACK, "ok"),
    r(ACK, "muchas graciass 🙏"),
    r(ACK, "listo"),
    r(ACK, "dale gracias"),
    r(ACK, "👍"),
    r(ACK, "entendido"),
    r(UNK, "quien es"),
    r(UNK, "buenas"),
    r(UNK, "?"),
    r(UNK, "¿de qué es esto?"),
    r(UNK, "jajajaja"),
    r(UNK, "voy manejando, después hablamos"),
    r(PAID, "ya le pagué los $90.500, ¿me confirma si le llegó?", amount="90500"),
    r(AGENT, "parce necesito hablar con alguien de verdad, no con una máquina"),
    r(PLAN, "no tengo toda la plata, ¿me dejan pagarlo en cuotas?"),
    r(UNK, "buenas noches, con quién tengo el gusto?"),
    r(PTP, "el 20-12 le consigno lo q falta", "dm:20/12"),
]

# --------------------------------------------------------------------------------------- es_PE
PE: list[Row] = [
    r(PTP, "el viernes te pago causa", "wd:fri"),
    r(PTP, "mañna te yapeo el sencillo", "tomorrow"),
    r(PTP, "ps hoy en la noche pago", "today"),
    r(PTP, "el 15 pago, ahi cobro", "dom:15"),
    r(PTP, "a fin de mes pago los S/ 300", "eom", "300"),
    r(PTP, "pasado mañana deposito", "after_tomorrow"),
    r(PTP, "en 5 dias te pago", "days:5"),
    r(PTP, "el 28/02 pago todo ✅", "dm:28/2"),
    r(PTP, "la próxima semana pago, ya conseguí chamba", "nextweek"),
    r(PTP, "el sábado pago x yape", "wd:sat"),
    r(PTP, "el 31 de diciembre pago con la grati", "dm:31/12"),
    r(PTP, "el fin de semana le pago 200 soles", "weekend", "200"),
    r(PTP, "en la quincena pago causa, tranqui", "quin"),
    r(PTP, "mañana no, pero el miércoles sí pago", "wd:wed"),
    r(PTP, "PAGO EL LUNES 🙏🙏", "wd:mon"),
    r(PTP, "dentro de una semana te pago mil soles", "days:7", "1000"),
    r(PTP, "el dia 30 pago, causa", "dom:30", at="2026-02-14 12:00"),
    r(PTP, "cuando cobre te pago ps"),
    r(PTP, "apenas tenga chamba pago todo"),
    r(OPT, "BAJA"),
    r(OPT, "ya no me escriban porfa"),
    r(OPT, "dejen de fastidiar con sus mensajes 😡"),
    r(OPT, "no me llamen más, ni whatsapp ni nada"),
    r(OPT, "quiero que me saquen de su base de datos"),
    r(OPT, "NO ME ESCRIBAN MAS"),
    r(DIS, "esa deuda no es mia causa"),
    r(DIS, "yo no debo nada, ya cerré esa cuenta hace un año"),
    r(DIS, "el monto esta mal, no es lo q debo"),
    r(DIS, "no reconozco ese cobro, jamás pedí ese préstamo"),
    r(DIS, "alguien usó mis datos, eso es fraude"),
    r(PAID, "ya pagué ayer x yape"),
    r(PAID, "ya te yapeé los 150", amount="150"),
    r(PAID, "ya les llego mi pago??"),
    r(PAID, "ahi te mando el voucher 📎"),
    r(PAID, "ya deposité en el BCP, S/ 250", amount="250"),
    r(PAID, "ya hice el plin hace un rato"),
    r(PAID, "pague todo el lunes ps, revisen"),
    r(PLAN, "se puede pagar en cuotas ps?"),
    r(PLAN, "puedo fraccionar la deuda?"),
    r(PLAN, "quiero un convenio de pago causa"),
    r(PLAN, "puedo pagar de a poquitos? tipo 100 soles al mes", amount="100"),
    r(PLAN, "no tengo todo el sencillo, me dan facilidades en cuotas?"),
    r(HARD, "no tengo chamba, no puedo pagar ahorita"),
    r(HARD, "estoy misio causa, no tengo ni un sol"),
    r(HARD, "mi mamá está enferma y todo se va en medicinas"),
    r(HARD, "no voy a pagar el viernes, no me alcanza"),
    r(HARD, "este mes no llego ps, disculpe"),
    r(HARD, "estoy sin trabajo desde marzo 😔"),
    r(AGENT, "quiero hablar con un asesor ps"),
    r(AGENT, "llámame porfa"),
    r(AGENT, "necesito hablar con alguien de la empresa"),
    r(AGENT, "me comunican con una persona?"),
    r(AGENT, "hay algun numero para llamar y hablar con alguien?"),
    r(LINK, "como pago"),
    r(LINK, "a qué número yapeo?"),
    r(LINK, "pásame el link causa"),
    r(LINK, "cual es la cuenta del bcp?"),
    r(LINK, "donde puedo pagar??"),
    r(LINK, "se puede pagar en agente?"),
    r(ACK, "ok"),
    r(ACK, "gracias 🙏"),
    r(ACK, "ya"),
    r(ACK, "listo 👍"),
    r(ACK, "ok causa gracias"),
    r(ACK, "recibido"),
    r(UNK, "quien es"),
    r(UNK, "holaaa"),
    r(UNK, "?"),
    r(UNK, "qué es esto?"),
    r(UNK, "jajsjajs"),
    r(UNK, "aló?"),
    r(PTP, "causa el lunes que viene te yapeo S/ 80", "wd:mon", "80"),
    r(OPT, "PARAR"),
    r(UNK, "buenas noches"),
    r(DIS, "me cobran S/ 500 y yo solo debía 200, está mal"),
]

# --------------------------------------------------------------------------------------- es_AR
AR: list[Row] = [
    r(PTP, "che te pago el viernes, tranqui", "wd:fri"),
    r(PTP, "mañana te transfiero por mercado pago", "tomorrow"),
    r(PTP, "hoy a la tarde pago 👍", "today"),
    r(PTP, "el 10 cobro y te pago", "dom:10"),
    r(PTP, "a fin de mes te pago las 20 lucas", "eom", "20000"),
    r(PTP, "pasado mañana te lo deposito", "after_tomorrow"),
    r(PTP, "dentro de una semana te pago todo", "days:7"),
    r(PTP, "el 5 de enero sin falta te pago", "dm:5/1", at="2026-12-29 10:40"),
    r(PTP, "la semana que viene pago, ahora estoy sin un mango", "nextweek"),
    r(PTP, "el finde te pago", "weekend"),
    r(PTP, "el lunes que viene te transfiero $15.000", "wd:mon", "15000"),
    r(PTP, "en 10 días te pago", "days:10"),
    r(PTP, "el 15/3 pago!!", "dm:15/3"),
    r(PTP, "el jueves pago, dale?", "wd:thu"),
    r(PTP, "el 20 te transfiero $2.500,50", "dom:20", "2500.50"),
    r(PTP, "mandame el link y te pago mañana", "tomorrow"),
    r(PTP, "cuando cobre el aguinaldo te pago"),
    r(PTP, "apenas consiga laburo pago todo, lo prometo"),
    r(OPT, "BAJA"),
    r(OPT, "no me escriban más por favor"),
    r(OPT, "dejá de mandarme mensajes che"),
    r(OPT, "no quiero recibir mas mensajes!!!"),
    r(OPT, "basta de llamar!!! no me llamen mas"),
    r(OPT, "sacame de esta lista"),
    r(DIS, "esa deuda no es mia, fijate bien"),
    r(DIS, "yo no debo nada, es un error de ustedes"),
    r(DIS, "el monto está mal, yo debía $12.000 no $30.000"),
    r(DIS, "nunca contraté eso, es una estafa"),
    r(DIS, "di de baja la línea en agosto, no corresponde"),
    r(PAID, "ya pague che"),
    r(PAID, "ya te transferí, fijate"),
    r(PAID, "te mandé el comprobante por acá"),
    r(PAID, "¿les llegó la transferencia? la hice ayer"),
    r(PAID, "ya pague los $18.000 por mercado pago", amount="18000"),
    r(PAID, "listo, ya está pago ✅"),
    r(PAID, "ya te pagué 10 lucas, el resto la semana que viene", amount="10000"),
    r(PLAN, "se puede en cuotas??"),
    r(PLAN, "podés armarme un plan de pagos?"),
    r(PLAN, "me podés dar un plan en 6 cuotas"),
    r(PLAN, "¿hay algún convenio? no llego a pagar todo junto"),
    r(PLAN, "puedo pagar $5.000 por mes?", amount="5000"),
    r(HARD, "no tengo guita este mes 😭😭"),
    r(HARD, "me quedé sin laburo, no puedo pagar"),
    r(HARD, "estoy enfermo, no puedo laburar"),
    r(HARD, "no voy a pagar el viernes, no me alcanza ni para el alquiler"),
    r(HARD, "estoy re complicado, voy a ver si puedo"),
    r(HARD, "che no tengo un peso, perdon"),
    r(AGENT, "qiero hablar con alguien"),
    r(AGENT, "me podés llamar?"),
    r(AGENT, "pasame con un operador"),
    r(AGENT, "hay alguna persona real que me atienda?"),
    r(AGENT, "necesito hablar con un asesor, llamame"),
    r(LINK, "como pago"),
    r(LINK, "pasame el CBU"),
    r(LINK, "mandame el link de pago"),
    r(LINK, "cuál es el alias para transferir?"),
    r(LINK, "dónde pago?"),
    r(LINK, "puedo pagar en rapipago?"),
    r(ACK, "ok"),
    r(ACK, "dale"),
    r(ACK, "graciass"),
    r(ACK, "joya"),
    r(ACK, "👍"),
    r(ACK, "buenísimo, gracias"),
    r(UNK, "quien sos?"),
    r(UNK, "holis"),
    r(UNK, "?"),
    r(UNK, "qué es esto?"),
    r(UNK, "JAJAJA"),
    r(UNK, "feliz año!!", at="2027-01-01 00:40"),
    r(PTP, "te pago el 30 de noviembre, no antes", "dm:30/11"),
    r(ACK, "dale, gracias 👍👍"),
    r(UNK, "qué onda? quién es??"),
    r(HARD, "tengo 3 lucas hasta fin de mes, no llego"),
    r(PTP, "te pago el 10-04, cuando cobro", "dm:10/4"),
]

# --------------------------------------------------------------------------------------- pt_BR
BR: list[Row] = [
    r(PTP, "pago na sexta", "wd:fri"),
    r(PTP, "amanha faço o pix", "tomorrow"),
    r(PTP, "hj eu pago", "today"),
    r(PTP, "depois de amanhã pago o boleto", "after_tomorrow"),
    r(PTP, "dia 10 eu pago 🙏", "dom:10"),
    r(PTP, "quando cair a quinzena eu pago", "quin"),
    r(PTP, "fim do mês pago os R$ 150,00", "eom", "150"),
    r(PTP, "daqui a 5 dias pago tudo", "days:5"),
    r(PTP, "semana q vem eu pago", "nextweek"),
    r(PTP, "no fim de semana faço o pix de 200 reais", "weekend", "200"),
    r(PTP, "pago dia 15/12", "dm:15/12"),
    r(PTP, "vou pagar dia 5 de março", "dm:5/3"),
    r(PTP, "segunda feira eu pago sem falta", "wd:mon"),
    r(PTP, "amanhã não dá, mas quinta eu pago", "wd:thu"),
    r(PTP, "final do mês eu pago blz", "eom"),
    r(PTP, "pago dia 20/01/27", "dmy:20/1/2027"),
    r(PTP, "hoje ainda faço o pix de R$ 89,90", "today", "89.90"),
    r(PTP, "na sexta-feira pago 2 mil e o resto depois", "wd:fri", "2000"),
    r(PTP, "assim que receber eu pago"),
    r(PTP, "vou pagar sim, só preciso de uns dias"),
    r(OPT, "SAIR"),
    r(OPT, "PARAR"),
    r(OPT, "não quero mais receber mensagens"),
    r(OPT, "para de me mandar msg"),
    r(OPT, "me tira dessa lista pfv"),
    r(OPT, "não me liguem mais, já falei!!"),
    r(DIS, "essa divida nao é minha"),
    r(DIS, "nao reconheço essa cobrança 😡"),
    r(DIS, "o valor tá errado, era bem menos"),
    r(DIS, "nunca comprei nada de vcs, isso é golpe"),
    r(DIS, "já cancelei esse plano faz tempo, n devo nada"),
    r(PAID, "ja paguei"),
    r(PAID, "ja fiz o pix"),
    r(PAID, "segue o comprovante ✅"),
    r(PAID, "paguei o boleto ontem, R$ 1.250,00", amount="1250"),
    r(PAID, "vcs receberam meu pagamento?"),
    r(PAID, "fiz a transferência de 300 reais hj cedo", amount="300"),
    r(PAID, "obg, já paguei metade, o resto pago sexta"),
    r(PLAN, "da pra parcelar??"),
    r(PLAN, "posso pagar em 3x?"),
    r(PLAN, "qro fazer um acordo"),
    r(PLAN, "tem como parcelar no cartão?"),
    r(PLAN, "consigo pagar 100 por mês?", amount="100"),
    r(HARD, "tô desempregado, não tenho como pagar"),
    r(HARD, "to sem grana esse mes"),
    r(HARD, "tô doente, sem trabalhar"),
    r(HARD, "não vou conseguir pagar na sexta, fui demitido"),
    r(HARD, "tá difícil, vou ver se consigo"),
    r(HARD, "perdi o emprego 😭"),
    r(AGENT, "quero falar com um atendente pfv"),
    r(AGENT, "me liga por favor"),
    r(AGENT, "tem alguém de verdade aí?"),
    r(AGENT, "preciso falar com uma pessoa"),
    r(AGENT, "pode me ligar depois das 18h?"),
    r(LINK, "me manda o boleto pfvr"),
    r(LINK, "qual a chave pix?"),
    r(LINK, "como faco pra pagar??"),
    r(LINK, "manda o link"),
    r(LINK, "onde pago?"),
    r(LINK, "pode mandar o código de barras?"),
    r(ACK, "ok"),
    r(ACK, "blz"),
    r(ACK, "obrigadoo"),
    r(ACK, "valeu"),
    r(ACK, "👍"),
    r(ACK, "recebido, obg"),
    r(UNK, "quem e?"),
    r(UNK, "oi"),
    r(UNK, "?"),
    r(UNK, "bom diaaa"),
    r(UNK, "kkkkkk"),
    r(UNK, "q isso?"),
    r(PTP, "vou pagar na sexta dia 15", "wddom:fri/15"),
    r(UNK, "qm ta falando?"),
    r(AGENT, "quero falar com alguém, não com robô"),
    r(HARD, "não tenho nem 50 reais até o fim do mês"),
]

# --------------------------------------------------------------------------------------- en_US
US: list[Row] = [
    r(PTP, "ill pay friday", "wd:fri"),
    r(PTP, "gonna pay tomorrow!!", "tomorrow"),
    r(PTP, "I can pay $50 today", "today", "50"),
    r(PTP, "paying the rest on the 15th 👍", "dom:15"),
    r(PTP, "day after tomorrow ill send it", "after_tomorrow"),
    r(PTP, "ill have it in 3 days", "days:3"),
    r(PTP, "ill pay end of the month for sure", "eom"),
    r(PTP, "ill pay next week", "nextweek"),
    r(PTP, "ill pay 12/15", "dm:15/12"),
    r(PTP, "I'll send $200 on December 3rd", "dm:3/12", "200"),
    r(PTP, "this weekend ill pay it off", "weekend"),
    r(PTP, "next friday i can do $1,250.00", "wd:fri", "1250"),
    r(PTP, "give me a week, ill pay in a week", "days:7"),
    r(PTP, "will pay on Jan 3rd", "dm:3/1", at="2026-12-27 16:45"),
    r(PTP, "monday. ill pay monday", "wd:mon"),
    r(PTP, "gonna pay tmrw 👍", "tomorrow"),
    r(PTP, "i'll pay on 1/5/2027", "dmy:5/1/2027"),
    r(PTP, "will pay when i get my check"),
    r(PTP, "ill pay as soon as my unemployment comes in"),
    r(OPT, "STOP"),
    r(OPT, "unsubscribe"),
    r(OPT, "stop texting meeee"),
    r(OPT, "Remove me from your list"),
    r(OPT, "do not contact me again"),
    r(OPT, "STOP CALLING ME 😡"),
    r(DIS, "this isnt my debt"),
    r(DIS, "I NEVER ORDERED THIS"),
    r(DIS, "wrong amount, i only owed $120"),
    r(DIS, "this is fraud, someone opened that account in my name"),
    r(DIS, "wrong number, i dont know any Maria"),
    r(PAID, "already paid!!"),
    r(PAID, "i paid yesterday"),
    r(PAID, "sent the payment this morning, here's the receipt"),
    r(PAID, "did u get my payment?"),
    r(PAID, "paid $75 thru zelle", amount="75"),
    r(PAID, "mailed a check last week"),
    r(PAID, "paid half already, will do the rest friday"),
    r(PLAN, "can i do a paymnt plan?"),
    r(PLAN, "can i pay in installments"),
    r(PLAN, "can we set up monthly payments"),
    r(PLAN, "could i pay $50 a month?", amount="50"),
    r(PLAN, "payment plan pls"),
    r(HARD, "lost my job, cant pay rn"),
    r(HARD, "im broke til next month"),
    r(HARD, "I'm in the hospital rn"),
    r(HARD, "can't pay this month sorry"),
    r(HARD, "not gonna be able to pay friday, car broke down"),
    r(HARD, "money's tight, idk when i can"),
    r(AGENT, "can i talk to a real person"),
    r(AGENT, "call me"),
    r(AGENT, "i want to speak to someone ASAP"),
    r(AGENT, "agent"),
    r(AGENT, "representative pls"),
    r(LINK, "how do i pay??"),
    r(LINK, "send me the link"),
    r(LINK, "where do i pay"),
    r(LINK, "whats the link"),
    r(LINK, "can i pay with card? send link pls"),
    r(LINK, "thanks, where do I send the money?"),
    r(ACK, "ok"),
    r(ACK, "k"),
    r(ACK, "thx"),
    r(ACK, "got it"),
    r(ACK, "👍"),
    r(ACK, "ty"),
    r(UNK, "who is this??"),
    r(UNK, "hiii"),
    r(UNK, "?"),
    r(UNK, "what"),
    r(UNK, "lol"),
    r(UNK, "new phone who dis"),
    r(PTP, "ok ill pay friday the 15th", "wddom:fri/15"),
    r(UNK, "Congrats! You won a $500 gift card, click here"),
    r(OPT, "STOP. I already paid"),
    r(HARD, "i only have like $20 til payday"),
    r(ACK, "okay thank u"),
    r(PAID, "paid it this morning, check ur records", at="2026-03-08 09:15", tz="America/New_York"),
    r(PTP, "ill pay tuesday", "wd:tue", at="2026-11-01 12:00", tz="America/Chicago"),
    r(PTP, "this friday for sure, sorry for the delay", "wd:fri"),
]

DATA: dict[str, list[Row]] = {
    "es_CL": CL,
    "es_MX": MX,
    "es_CO": CO,
    "es_PE": PE,
    "es_AR": AR,
    "pt_BR": BR,
    "en_US": US,
}


# ------------------------------------------------------------------------------ date resolution
def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def next_weekday(today: date, weekday: int) -> date:
    """The next date with ``weekday`` strictly after ``today``."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def next_day_of_month(today: date, day: int) -> date:
    """The first date >= today whose day is ``day`` (months lacking it are skipped)."""
    year, month = today.year, today.month
    while True:
        if day <= last_day(year, month) and date(year, month, day) >= today:
            return date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def next_day_month(today: date, day: int, month: int) -> date:
    """The first date >= today with this day and month."""
    year = today.year
    while True:
        if day <= last_day(year, month) and date(year, month, day) >= today:
            return date(year, month, day)
        year += 1


def resolve(expr: str, today: date) -> date:
    kind, _, arg = expr.partition(":")
    if kind == "today":
        return today
    if kind == "tomorrow":
        return today + timedelta(days=1)
    if kind == "after_tomorrow":
        return today + timedelta(days=2)
    if kind == "days":
        return today + timedelta(days=int(arg))
    if kind == "wd":
        return next_weekday(today, WEEKDAYS[arg])
    if kind == "dom":
        return next_day_of_month(today, int(arg))
    if kind == "dm":
        day, month = (int(x) for x in arg.split("/"))
        return next_day_month(today, day, month)
    if kind == "dmy":
        day, month, year = (int(x) for x in arg.split("/"))
        return date(year, month, day)
    if kind == "eom":
        return date(today.year, today.month, last_day(today.year, today.month))
    if kind == "quin":
        year, month = today.year, today.month
        while True:
            for day in (15, last_day(year, month)):
                if date(year, month, day) > today:
                    return date(year, month, day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if kind == "nextweek":
        return today + timedelta(days=7 - today.weekday() + 4)
    if kind == "weekend":
        return next_weekday(today, WEEKDAYS["sat"])
    if kind == "wddom":
        name, day = arg.split("/")
        by_day = next_day_of_month(today, int(day))
        if by_day != next_weekday(today, WEEKDAYS[name]):
            raise ValueError(f"inconsistent {expr} on {today}")
        return by_day
    raise ValueError(f"unknown expression {expr!r}")


# ---------------------------------------------------------------------------------- send times
def random_day(rng: random.Random) -> date:
    """Uniform over 2026-2027, with extra weight on the 14th/15th/30th/31st and month ends."""
    if rng.random() < 0.35:
        year, month = rng.choice((2026, 2027)), rng.randint(1, 12)
        end = last_day(year, month)
        day = rng.choice(sorted({14, 15, min(30, end), end}))
        return date(year, month, day)
    return FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))


def plausible(expr: str, sent: date) -> bool:
    """Keep randomly drawn send dates from contradicting the text."""
    kind, _, arg = expr.partition(":")
    if kind == "wd":  # "el viernes" is neither sent on Thursday nor on Friday
        weekday = WEEKDAYS[arg]
        return sent.weekday() not in (weekday, (weekday - 1) % 7)
    if kind == "weekend":
        return sent.weekday() < 5
    if kind == "eom":
        return sent.day != last_day(sent.year, sent.month)
    if kind == "quin":
        return sent.day not in (15, last_day(sent.year, sent.month))
    if kind == "dom":
        return sent.day != int(arg)
    return True


def pick_day(rng: random.Random, expr: str) -> date:
    kind, _, arg = expr.partition(":")
    if kind == "dm":  # a target in 2026-2027, sent 1-40 days before
        day, month = (int(x) for x in arg.split("/"))
        back = rng.randint(1, 40)
        years = [y for y in (2026, 2027) if date(y, month, day) - timedelta(days=back) >= FIRST]
        return date(rng.choice(years), month, day) - timedelta(days=back)
    if kind == "dmy":
        day, month, year = (int(x) for x in arg.split("/"))
        return date(year, month, day) - timedelta(days=rng.randint(1, 30))
    if kind == "wddom":  # a real "Friday the 15th", sent 1-6 days before
        name, num = arg.split("/")
        targets = [
            date(y, m, int(num))
            for y in (2026, 2027)
            for m in range(1, 13)
            if int(num) <= last_day(y, m)
            and date(y, m, int(num)).weekday() == WEEKDAYS[name]
            and date(y, m, int(num)) - timedelta(days=6) >= FIRST
        ]
        return rng.choice(targets) - timedelta(days=rng.randint(1, 6))
    while True:
        sent = random_day(rng)
        if plausible(expr, sent):
            return sent


HOURS = list(range(24))
HOUR_WEIGHTS = [1, 1, 0, 0, 0, 0, 1, 3, 6, 8, 8, 8, 9, 9, 8, 8, 8, 8, 9, 10, 10, 9, 6, 3]


def localize(naive: datetime, zone: ZoneInfo) -> datetime:
    """Attach ``zone``; refuse local times that do not exist or are ambiguous (DST)."""
    aware = naive.replace(tzinfo=zone)
    if aware.utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
        raise ValueError(f"{naive} is ambiguous or missing in {zone}")
    return aware


def pick_time(rng: random.Random, day: date, zone: ZoneInfo) -> datetime:
    while True:
        hour = rng.choices(HOURS, HOUR_WEIGHTS)[0]
        naive = datetime(day.year, day.month, day.day, hour, rng.randrange(60))
        try:
            return localize(naive, zone)
        except ValueError:
            continue


# --------------------------------------------------------------------------------------- build
FIELDS = ("id", "locale", "sent_at", "timezone", "intent", "promised_date", "amount", "text")


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    for locale in LOCALES:
        zones, weights = zip(*ZONES[locale], strict=True)
        for intent, text, expr, amount, at, tz in DATA[locale]:
            if intent not in INTENTS:
                raise ValueError(f"bad intent {intent!r}")
            if expr and intent != PTP:
                raise ValueError(f"only promises carry a date: {text!r}")
            zone_name = rng.choices(zones, weights)[0]
            if tz:  # pinned, e.g. to land on a DST change
                if tz not in zones:
                    raise ValueError(f"{tz} is not a {locale} zone")
                zone_name = tz
            zone = ZoneInfo(zone_name)
            if at:
                sent = localize(datetime.strptime(at, "%Y-%m-%d %H:%M"), zone)
            else:
                sent = pick_time(rng, pick_day(rng, expr), zone)
            promised = resolve(expr, sent.date()).isoformat() if expr else ""
            if amount:
                float(amount)  # must be a plain decimal
            rows.append(
                {
                    "locale": locale,
                    "sent_at": sent.isoformat(timespec="seconds"),
                    "timezone": zone_name,
                    "intent": intent,
                    "promised_date": promised,
                    "amount": amount,
                    "text": text,
                    "_expr": expr,
                }
            )
    rng.shuffle(rows)
    for number, row in enumerate(rows, 1):
        row["id"] = f"r{number:04d}"
    return rows


def check(rows: list[dict[str, str]]) -> None:
    problems: list[str] = []
    for row in rows:
        sent = datetime.fromisoformat(row["sent_at"])
        zone = ZoneInfo(row["timezone"])
        local = sent.astimezone(zone)
        if sent.utcoffset() != local.utcoffset():
            problems.append(f"{row['id']}: offset {sent.utcoffset()} != {local.utcoffset()}")
        if row["promised_date"] and date.fromisoformat(row["promised_date"]) < local.date():
            problems.append(f"{row['id']}: promised_date before the local send date")
        if not FIRST <= local.date() <= LAST:
            problems.append(f"{row['id']}: sent outside 2026-2027")
    intents = Counter(row["intent"] for row in rows)
    locales = Counter(row["locale"] for row in rows)
    dated = sum(1 for row in rows if row["promised_date"])
    texts = Counter((row["locale"], row["text"]) for row in rows)
    problems += [f"duplicate text {key}" for key, n in texts.items() if n > 1]
    if len(rows) < 440:
        problems.append(f"only {len(rows)} rows")
    problems += [f"{i}: {intents[i]} rows" for i in INTENTS if intents[i] < 30]
    problems += [f"{loc}: {locales[loc]} rows" for loc in LOCALES if locales[loc] < 45]
    if intents[PTP] < 90 or dated < 70:
        problems.append(f"promises {intents[PTP]}, dated {dated}")
    if problems:
        raise SystemExit("\n".join(problems))


def write(rows: list[dict[str, str]]) -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def table(counter: Counter[str], keys: tuple[str, ...] | list[str]) -> str:
    lines = ["| | rows |", "|---|---:|"]
    lines += [f"| {key} | {counter[key]} |" for key in keys]
    lines.append(f"| **total** | {sum(counter.values())} |")
    return "\n".join(lines)


def stats(rows: list[dict[str, str]]) -> str:
    kinds = Counter(row["_expr"].partition(":")[0] for row in rows if row["_expr"])
    weekdays = Counter(datetime.fromisoformat(row["sent_at"]).strftime("%a") for row in rows)
    days = Counter(datetime.fromisoformat(row["sent_at"]).day for row in rows)
    months = Counter(datetime.fromisoformat(row["sent_at"]).month for row in rows)
    years = Counter(row["sent_at"][:4] for row in rows)
    promises = [row for row in rows if row["intent"] == PTP]
    parts = [
        "Per intent:\n\n" + table(Counter(row["intent"] for row in rows), INTENTS),
        "Per locale:\n\n" + table(Counter(row["locale"] for row in rows), LOCALES),
        f"promise_to_pay rows: {len(promises)}, with promised_date: "
        f"{sum(1 for row in promises if row['promised_date'])}; "
        f"rows with amount: {sum(1 for row in rows if row['amount'])}",
        "Date expressions: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
        "sent_at weekdays: " + ", ".join(f"{k} {n}" for k, n in sorted(weekdays.items())),
        "sent_at years: " + ", ".join(f"{k} {n}" for k, n in sorted(years.items())),
        "sent_at months: " + ", ".join(f"{k} {n}" for k, n in sorted(months.items())),
        "sent_at on day 14/15/30/31: " + ", ".join(f"{d}: {days[d]}" for d in (14, 15, 30, 31)),
        "timezones: "
        + ", ".join(f"{k} {n}" for k, n in Counter(r["timezone"] for r in rows).most_common()),
    ]
    return "\n\n".join(parts)


def main() -> None:
    rows = build()
    check(rows)
    write(rows)
    print(f"wrote {len(rows)} rows to {OUT}")
    if "--stats" in sys.argv[1:]:
        print(stats(rows))


if __name__ == "__main__":
    main()
