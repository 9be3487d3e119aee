#!/usr/bin/env python3
"""Deterministic generator for the blind evaluation set replies_dec.csv.

Stdlib only (Python 3.11, zoneinfo).  Every text is hand written below with its
locale, intent, amount and (for dated promises) a structured date expression.
The script picks a send time per row (seeded), resolves promised_date with the
rules of labels.md, re-derives every date a second way (day-by-day brute force),
runs self-checks, writes replies_dec.csv and README_dec.md.

Run:  python3 build_dec.py           (writes the files next to this script)
"""
from __future__ import annotations

import calendar
import csv
import io
import os
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SEED = 20261215
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_CSV = os.path.join(HERE, "replies_dec.csv")
OUT_README = os.path.join(HERE, "README_dec.md")

START = date(2026, 1, 1)
END = date(2027, 12, 31)

OO, DI, AP, PP, PL, HA, WA, LK, AK, UN = (
    "opt_out", "dispute", "already_paid", "promise_to_pay", "payment_plan",
    "hardship", "wants_agent", "payment_link", "ack", "unknown")
INTENTS = [OO, DI, AP, PP, PL, HA, WA, LK, AK, UN]
LOCALES = ["es_CL", "es_MX", "es_CO", "es_PE", "es_AR", "pt_BR", "en_US"]

ZONES = {
    "es_CL": [("America/Santiago", 80), ("America/Punta_Arenas", 20)],
    "es_MX": [("America/Mexico_City", 40), ("America/Monterrey", 10), ("America/Tijuana", 14),
              ("America/Hermosillo", 9), ("America/Cancun", 9), ("America/Merida", 8),
              ("America/Chihuahua", 5), ("America/Mazatlan", 5)],
    "es_CO": [("America/Bogota", 100)],
    "es_PE": [("America/Lima", 100)],
    "es_AR": [("America/Argentina/Buenos_Aires", 55), ("America/Argentina/Cordoba", 15),
              ("America/Argentina/Mendoza", 10), ("America/Argentina/Salta", 6),
              ("America/Argentina/Tucuman", 7), ("America/Argentina/Ushuaia", 7)],
    "pt_BR": [("America/Sao_Paulo", 45), ("America/Manaus", 10), ("America/Rio_Branco", 8),
              ("America/Cuiaba", 7), ("America/Fortaleza", 10), ("America/Recife", 8),
              ("America/Belem", 6), ("America/Bahia", 6)],
    "en_US": [("America/New_York", 28), ("America/Chicago", 20), ("America/Denver", 12),
              ("America/Phoenix", 10), ("America/Los_Angeles", 18), ("Pacific/Honolulu", 6),
              ("America/Anchorage", 6)],
}

# hour weights: night low, daytime high
HOUR_W = [1, 1, 1, 1, 1, 1, 3, 6, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 8, 6, 4, 2]


class E:
    """One hand-written reply.

    d: structured date expression (only on dated promises)
        ("rel", n)            today + n days (hoy/mañana/pasado mañana/en n días/al tiro)
        ("wd", k)             next weekday k (Mon=0) strictly after today
        ("dom", n)            first date >= today with day-of-month n
        ("dm", d, m, y|None)  numeric / written date; without year -> first such date >= today
        ("eom",)              last day of the current month
        ("q",)                next payday (15th or last day) strictly after today
        ("nw",)               Friday of next Monday-Sunday week
        ("we",)               next Saturday strictly after today
        ("wddom", k, n)       weekday plus day number -> the day number (send date is 1-6 days
                              before a real weekday-k-the-n)
    h: (lo, hi) inclusive local hour range for the send time (e.g. "hoy antes de las 6")
    n: judgement-call note for the README
    """

    def __init__(self, intent, text, amt="", d=None, h=None, n=None):
        self.intent, self.text, self.amt, self.d, self.h, self.n = intent, text, amt, d, h, n


DATA: dict[str, list[E]] = {}

# ---------------------------------------------------------------- es_CL
DATA["es_CL"] = [
    E(OO, "Por favor no me sigan escribiendo a este número, gracias"),
    E(OO, "borren mi numero de su base de datos, yo nunca autorice q me contactaran",
      n="opt-out with no stop/unsubscribe keyword; 'nunca autoricé' refers to contact consent, not to the debt, so not dispute"),
    E(OO, "YA BASTA!!! todos los dias lo mismo, NO ME ESCRIBAN MAS 😡"),
    E(OO, "Ya pagué la cuota por la app del BancoEstado, así que les pido que no me manden más mensajes",
      n="payment claim + opt-out: opt_out wins"),
    E(OO, "no me escriban por whatsapp porfa, si necesitan algo mándenme un correo",
      n="channel-specific opt-out (WhatsApp only) still opt_out"),
    E(OO, "hola, cómo puedo pagar? y de paso les pido que dejen de llamarme a cada rato",
      n="payment question + stop calling: opt_out wins"),
    E(OO, "no quiero recibir mas notificaciones de uds, gracias igual"),
    E(OO, "dejen de weviar con los msjs po, ya no me contacten"),
    E(OO, "sáquenme de su lista porfa, este cel es de la pega"),
    E(OO, "no me llamen más, si quieren mándenme el link no más y yo veo",
      n="labels.md example pattern: stop calling + asks for link = opt_out"),

    E(PP, "le pago el viernes sin falta", d=("wd", 4)),
    E(PP, "mañana en la tarde hago la transferencia 👍", d=("rel", 1)),
    E(PP, "al tiro le transfiero, deme 5 min", d=("rel", 0),
      n="'al tiro' (Chilean 'right away') resolved to today; '5 min' is not an amount"),
    E(PP, "el 30 me pagan y ahi les deposito los 45 mil", "45000", d=("dom", 30)),
    E(PP, "Pago a fin de mes, que es cuando me llega el sueldo", d=("eom",)),
    E(PP, "hoy antes de las 6 le pago por MACH", d=("rel", 0), h=(8, 16)),
    E(PP, "el lunes que viene pago las 30 lucas", "30000", d=("wd", 0)),
    E(PP, "el viernes 15 pago todo, sin falta", d=("wddom", 4, 15)),
    E(PP, "dentro de una semana le cancelo la deuda completa", d=("rel", 7),
      n="'cancelar' = pay off (Latin American usage), a promise, not a cancellation"),
    E(PP, "El 5 de diciembre pago los $89.990", "89990", d=("dm", 5, 12, None)),
    E(PP, "apenas me paguen el finiquito les pago"),
    E(PP, "cuando me llegue el bono le deposito, se lo prometo"),

    E(DI, "me estan cobrando 2 veces la misma cuota de $32.500, esa ya la pagué en marzo", "32500",
      n="double charge + 'ya la pagué': dispute outranks already_paid"),
    E(DI, "yo nunca saqué ese crédito, no reconozco esa deuda"),
    E(DI, "me robaron el carnet el año pasado y alguien sacó créditos a mi nombre, eso no es mío"),
    E(DI, "numero equivocado, aca no hay ninguna Francisca",
      n="wrong number (no stop request) treated as 'debt is not theirs' = dispute"),

    E(AP, "ya le hice la transferencia por la app del BancoEstado, le mando el comprobante"),
    E(AP, "Pagué ayer en Servipag, les llegó?"),
    E(AP, "ya cancele los 18 mil en la caja vecina", "18000",
      n="'ya cancelé' = already paid (Chilean usage)"),
    E(AP, "le transferi recien desde la cuenta rut 🙌"),

    E(PL, "Se puede pagar en cuotas? no tengo los 120 mil de una", "120000",
      n="installments + can't pay all: payment_plan outranks hardship"),
    E(PL, "quiero repactar la deuda, me pueden dar un convenio de pago?"),
    E(PL, "podemos llegar a algun acuerdo de pago? para ir pagando de a poco"),
    E(PL, "necesito hablar con un ejecutivo para ver un convenio",
      n="agent + convenio: payment_plan outranks wants_agent"),

    E(HA, "me quedé sin pega hace 2 meses, no tengo como pagar"),
    E(HA, "estoy con licencia medica y la plata no me alcanza pa nada"),
    E(HA, "este mes esta muy apretado, voy a ver si puedo",
      n="'voy a ver si puedo' is not a promise -> hardship"),
    E(HA, "no tengo ni uno señorita, disculpe"),

    E(WA, "me puede llamar un ejecutivo? prefiero verlo por telefono"),
    E(WA, "quiero hablar con una persona, no con un bot"),
    E(WA, "Necesito que alguien de la empresa me llame en la tarde"),

    E(LK, "me pasa los datos pa transferir?"),
    E(LK, "dónde puedo pagar? sirve la caja vecina?"),
    E(LK, "mandeme el link de pago porfa"),
    E(LK, "se puede pagar con webpay o solo transferencia?"),

    E(AK, "ok gracias"),
    E(AK, "👍"),
    E(AK, "Recibido, muchas gracias por la información"),

    E(UN, "quien es?"),
    E(UN, "hola buenas tardes"),
    E(UN, "feliz año nuevo a todos jajaja 🎉"),
    E(OO, "oye ya po, no me manden mas wsp, me tienen chato"),
    E(WA, "hay algun numero donde pueda llamar y hablar con alguien?"),
    E(AK, "vale, quedo atenta"),
    E(UN, "esto es de la tienda o del banco?"),
]

# ---------------------------------------------------------------- es_MX
DATA["es_MX"] = [
    E(OO, "ya no me manden mensajes porfavor"),
    E(OO, "NO ME ESTEN MARCANDO A CADA RATO NI ME ESCRIBAN, YA ESTUVO"),
    E(OO, "Les pido de la manera más atenta que me den de baja de sus envíos",
      n="polite opt-out phrased as 'dar de baja', no stop keyword"),
    E(OO, "ya pague en oxxo desde el lunes, ya dejen de estar chingando",
      n="payment claim + angry stop request: opt_out wins"),
    E(OO, "no me escriban por whats, si quieren algo mándenme correo",
      n="channel-specific opt-out"),
    E(OO, "Quítenme de su lista, este número ya no es de esa persona",
      n="wrong number + remove me: opt_out outranks dispute"),
    E(OO, "orale pues cuanto debo? pero ya no me esten llamando ala casa",
      n="question + stop calling home: opt_out"),
    E(OO, "bloqueen mi numero de su sistema x favor"),
    E(OO, "no me bulvan a escribir"),

    E(PP, "ahorita mismo le deposito", d=("rel", 0),
      n="'ahorita mismo' (MX 'right now') resolved to today"),
    E(PP, "le pago en la quincena sin falta", d=("q",)),
    E(PP, "el viernes le hago la transferencia por SPEI", d=("wd", 4)),
    E(PP, "mañana temprano paso al oxxo a pagar los 850", "850", d=("rel", 1)),
    E(PP, "pasado mañana le deposito $1200", "1200", d=("rel", 2)),
    E(PP, "el 15 pago, ese dia me depositan", d=("dom", 15)),
    E(PP, "en 3 dias le liquido todo", d=("rel", 3)),
    E(PP, "La próxima semana les pago, ahorita ando corto", d=("nw",),
      n="promise + hardship: promise_to_pay wins"),
    E(PP, "el 2 de enero pago los 3 mil que debo", "3000", d=("dm", 2, 1, None)),
    E(PP, "hoy en la tarde deposito en la cuenta de ustedes", d=("rel", 0), h=(7, 14)),
    E(PP, "en cuanto me caiga el aguinaldo le pago"),
    E(PP, "cuando me paguen en el trabajo le abono la mitad",
      n="undated partial promise; 'la mitad' is not an amount"),

    E(DI, "yo no saqué ningún préstamo con ustedes, ni se que es eso"),
    E(DI, "me cobraron doble la mensualidad de $649, revisen", "649"),
    E(DI, "ese cargo no es mio, ya cancele el servicio desde hace meses",
      n="here 'cancelé el servicio' means the service was cancelled -> dispute"),
    E(DI, "Alguien usó mi INE para sacar ese crédito, ya puse la denuncia"),

    E(AP, "ya pague por transferencia desde BBVA, ahi le mando el comprobante"),
    E(AP, "ya quedo pagado en el oxxo, les mando foto del ticket"),
    E(AP, "hice el pago por spei ayer, ya les cayo?"),
    E(AP, "ya deposité $2500 en Banco Azteca", "2500"),

    E(PL, "puedo pagar en pagos chiquitos? tipo semanal"),
    E(PL, "me dan chance de pagarlo a plazos?"),
    E(PL, "quiero un convenio para pagarlo en mensualidades"),
    E(PL, "hay forma de hacer un acuerdo de pago? no puedo con todo junto"),

    E(HA, "ahorita no tengo trabajo, no puedo pagar nada"),
    E(HA, "mi esposo está internado en el hospital y todo el dinero se nos va en eso",
      n="indirect hardship (no 'no puedo pagar')"),
    E(HA, "ando bien bruja este mes 😔"),
    E(HA, "no me alcanza, la neta no se cuando pueda"),

    E(WA, "me puede marcar un asesor?"),
    E(WA, "quiero hablar con alguien de ustedes, no con una maquina"),
    E(WA, "Llámenme al rato para ver lo de mi cuenta porfa"),

    E(LK, "me pasa la CLABE para transferir?"),
    E(LK, "donde pago? se puede en oxxo?"),
    E(LK, "me manda la referencia para pagar en el banco"),
    E(LK, "ok mandame el link", n="ok + link request: payment_link outranks ack"),

    E(AK, "Enterado, gracias"),
    E(AK, "oki 👌"),
    E(AK, "si ya vi el mensaje gracias"),

    E(UN, "quien habla?"),
    E(UN, "buenas noches"),
    E(UN, "Vendo estufa seminueva, informes por inbox"),
    E(OO, "este numero es de mi trabajo, no lo vuelvan a usar para cobrarme", n="opt-out with no stop keyword"),
    E(WA, "con quien puedo hablar? marquenme porfa"),
    E(AK, "va, gracias joven"),
    E(UN, "???"),
]

# ---------------------------------------------------------------- es_CO
DATA["es_CO"] = [
    E(OO, "Por favor no me vuelvan a escribir a este número"),
    E(OO, "dejen de joder con esos mensajes todos los dias"),
    E(OO, "Ya pagué por Nequi ayer, y les pido el favor que no me escriban más",
      n="payment claim + opt-out: opt_out wins"),
    E(OO, "no me contacten por whatsapp, solo por correo electronico",
      n="channel-specific opt-out"),
    E(OO, "sáquenme de sus bases de datos, no autorizo el tratamiento de mis datos personales",
      n="Habeas Data phrasing, no stop keyword -> opt_out"),
    E(OO, "como hago para pagar? y por favor no me llamen mas al trabajo",
      n="question + stop calling: opt_out"),
    E(OO, "Ya no quiero que me contacten, gracias por su comprensión"),
    E(OO, "no mas mensages porfa"),
    E(OO, "ME TIENEN MAMADO CON TANTO MENSAJE, BORREN ESTE NUMERO"),

    E(PP, "ya mismo le consigno", d=("rel", 0),
      n="'ya mismo' (CO 'right away') resolved to today; 'consignar' = deposit"),
    E(PP, "mañana en la tarde le pago los 70k por Daviplata", "70000", d=("rel", 1)),
    E(PP, "el próximo viernes consigno los 150 mil", "150000", d=("wd", 4)),
    E(PP, "le pago en la próxima quincena", d=("q",)),
    E(PP, "el 30 pago sin falta", d=("dom", 30)),
    E(PP, "el sábado paso por Efecty y pago", d=("wd", 5)),
    E(PP, "dentro de 5 días le pago $85.000", "85000", d=("rel", 5)),
    E(PP, "este fin de semana le pago", d=("we",)),
    E(PP, "hoy antes de las 5 hago el pago por PSE", d=("rel", 0), h=(8, 15)),
    E(PP, "el 20/12/26 le pago todo", d=("dm", 20, 12, 2026)),
    E(PP, "apenas me consignen le pago, se lo prometo"),
    E(PP, "cuando me salga la prima le cancelo"),

    E(DI, "Yo no tengo ningun credito con ustedes, eso debe ser un error"),
    E(DI, "me aparece un cobro doble de $45.900 en la tarjeta", "45900"),
    E(DI, "ese celular lo devolví y cancelé el plan, no les debo nada"),
    E(DI, "numero equivocado, aca no vive ningun Andres",
      n="wrong number (no stop request) = dispute"),

    E(AP, "ya pagué por PSE, le envio el comprobante"),
    E(AP, "le consigné ayer en Bancolombia, ya les aparece?"),
    E(AP, "ya hice el pago en Efecty por 60 mil", "60000"),
    E(AP, "pague x nequi hace rato 👍"),

    E(PL, "puedo diferir la deuda a cuotas?"),
    E(PL, "me gustaria hacer un acuerdo de pago, podria pagar mensual"),
    E(PL, "quiero hablar con un asesor para negociar la deuda en cuotas",
      n="asesor + cuotas: payment_plan outranks wants_agent"),
    E(PL, "hay alguna posibilidad de pagar por partes?"),

    E(HA, "estoy desempleado desde enero"),
    E(HA, "la situacion esta muy dura, no tengo con que pagar"),
    E(HA, "ahorita estoy enfermo y sin trabajo, me toca esperar"),
    E(HA, "estoy sin un peso, que pena con ustedes"),

    E(WA, "me pueden llamar por favor? quiero hablar con un asesor"),
    E(WA, "necesito comunicarme con una persona real"),
    E(WA, "llámeme despues de las 6 que estoy trabajando"),

    E(LK, "Dónde puedo pagar? por baloto sirve?"),
    E(LK, "me envia el link de PSE"),
    E(LK, "a que numero de cuenta consigno?"),
    E(LK, "se puede pagar por Nequi? a que numero"),

    E(AK, "listo gracias 🙌"),
    E(AK, "👌🏼"),
    E(AK, "Vale, recibido"),

    E(UN, "buenos dias, con quien tengo el gusto?"),
    E(UN, "jajaja"),
    E(UN, "Promo de arepas rellenas a domicilio, pida ya por este medio"),
    E(OO, "no me vuelvan a timbrar ni a escribir, que fastidio"),
    E(WA, "regáleme una llamada porfa", n="CO idiom 'regáleme una llamada' = call me"),
    E(AK, "okis, muchas gracias"),
    E(UN, "Me equivoqué de chat jaja disculpe"),
]

# ---------------------------------------------------------------- es_PE
DATA["es_PE"] = [
    E(OO, "ya no me escriban x favor 🙏"),
    E(OO, "Dejen de mandarme mensajes o los denuncio en Indecopi"),
    E(OO, "Solicito que eliminen mi número de su base de datos"),
    E(OO, "ya yapeé el monto, ahora no me fastidien mas con mensajes",
      n="payment claim + opt-out: opt_out wins"),
    E(OO, "no me escriban al whatsapp, comuniquense por correo", n="channel-specific opt-out"),
    E(OO, "cuanto es lo que debo? y no me llamen a cada rato xfa",
      n="question + stop calling: opt_out"),
    E(OO, "No deseo recibir más comunicaciones de su empresa"),
    E(OO, "no me escrivan mas"),
    E(OO, "paren ya con los mensajitos causa, no insistan"),

    E(PP, "al toque le yapeo", d=("rel", 0),
      n="'al toque' (PE 'right away') resolved to today"),
    E(PP, "mañana x la mañana le deposito en el bcp", d=("rel", 1)),
    E(PP, "el martes pago los S/ 250", "250", d=("wd", 1)),
    E(PP, "pago el 15 sin falta", d=("dom", 15)),
    E(PP, "a fin de mes le cancelo todo", d=("eom",)),
    E(PP, "pasado mañana le pago por plin", d=("rel", 2)),
    E(PP, "el 31 me depositan y pago", d=("dom", 31)),
    E(PP, "la semana q viene pago señorita", d=("nw",)),
    E(PP, "el 10 de enero pago S/ 180,50", "180.50", d=("dm", 10, 1, None)),
    E(PP, "Hoy en la noche le transfiero", d=("rel", 0), h=(8, 18)),
    E(PP, "cuando me paguen la gratificación le pago, palabra"),
    E(PP, "apenitas cobre le deposito"),

    E(DI, "Yo nunca pedí ese préstamo, no reconozco esa deuda"),
    E(DI, "me han cobrado dos veces la cuota de S/ 99,90", "99.90"),
    E(DI, "Ese servicio lo di de baja hace rato, no debo nada"),
    E(DI, "Han suplantado mi identidad, ya hice la denuncia en la comisaria"),

    E(AP, "ya le yapee hace un rato, le llego?"),
    E(AP, "pagué en el agente BCP esta mañana, le mando foto del voucher"),
    E(AP, "Ya se hizo la transferencia interbancaria por S/ 320", "320"),
    E(AP, "ya cancelé todo en Interbank la semana pasada"),

    E(PL, "me pueden fraccionar la deuda?"),
    E(PL, "puedo pagar en cuotas mensuales?"),
    E(PL, "quisiera refinanciar, pagar de a pocos"),
    E(PL, "Hay alguna facilidad de pago? quiero pagar en partes"),

    E(HA, "no tengo chamba ahorita, no puedo"),
    E(HA, "estoy misio este mes, disculpe"),
    E(HA, "Mi mamá está mal de salud y todo se va en medicinas", n="indirect hardship"),
    E(HA, "voy a ver si consigo algo pero no prometo nada",
      n="explicitly no commitment -> hardship, not promise"),

    E(WA, "Quiero hablar con un asesor por favor"),
    E(WA, "Me pueden llamar? no entiendo bien el mensaje"),
    E(WA, "que me llame alguien del área de cobranzas"),

    E(LK, "a que numero yapeo?"),
    E(LK, "cual es el numero de cuenta o CCI?"),
    E(LK, "se puede pagar por PagoEfectivo? me pasan el código"),
    E(LK, "como pago?"),

    E(AK, "ok"),
    E(AK, "Gracias por avisar"),
    E(AK, "✅"),

    E(UN, "hola"),
    E(UN, "Quién es? de dónde sacaron mi número?",
      n="'where did you get my number' without a stop request or debt denial -> unknown"),
    E(UN, "asdfgh"),
    E(OO, "ya no me manden nada a este cel, gracias"),
    E(WA, "deseo que un asesor se comunique conmigo al celular"),
    E(AK, "ya, gracias", n="PE 'ya' = ok -> ack"),
    E(UN, "Buenas, quien me escribe?"),
]

# ---------------------------------------------------------------- es_AR
DATA["es_AR"] = [
    E(OO, "No me escriban mas x favor"),
    E(OO, "BASTA DE MENSAJES, ME TIENEN PODRIDO"),
    E(OO, "Les pido amablemente que me den de baja de estos mensajes"),
    E(OO, "ya te pagué por mercado pago, ahora dejame de escribir",
      n="payment claim + opt-out: opt_out wins"),
    E(OO, "no me manden whatsapp, si quieren algo escriban al mail", n="channel-specific opt-out"),
    E(OO, "che cual es el alias para transferir? y no me llamen mas al celu",
      n="payment question + stop calling: opt_out"),
    E(OO, "Borrá mi número de tu lista"),
    E(OO, "no me jodan mas con los msj"),
    E(OO, "No me contacten más, cualquier cosa hablo con mi abogado"),

    E(PP, "ya mismo te transfiero", d=("rel", 0), n="'ya mismo' resolved to today"),
    E(PP, "mñn a la tarde te paso la plata", d=("rel", 1), n="abbreviation 'mñn' = mañana -> tomorrow"),
    E(PP, "el viernes te transfiero 40 lucas", "40000", d=("wd", 4)),
    E(PP, "el 10 cobro y te pago", d=("dom", 10)),
    E(PP, "en una semana te lo pago, palabra 🤞", d=("rel", 7)),
    E(PP, "el jueves q viene pago x rapipago", d=("wd", 3)),
    E(PP, "a fin de mes te pago todo", d=("eom",)),
    E(PP, "el finde te pago $25.000", "25000", d=("we",),
      n="'el finde' (slang for 'el fin de semana') -> next Saturday"),
    E(PP, "el 5/1 pago sin falta", d=("dm", 5, 1, None)),
    E(PP, "antes de las 6 de hoy te hago la transfe", d=("rel", 0), h=(8, 16)),
    E(PP, "cuando cobre el aguinaldo te pago"),
    E(PP, "en cuanto me entre la plata te pago, quedate tranqui"),

    E(DI, "Yo nunca pedi ningun préstamo, esto es cualquiera"),
    E(DI, "me debitaron dos veces la cuota de $18.500", "18500"),
    E(DI, "Di de baja la tarjeta hace un año, no debo nada"),
    E(DI, "me hackearon la cuenta y sacaron un credito a mi nombre"),

    E(AP, "ya transferi, ahi te mando el comprobante 🧾"),
    E(AP, "ayer fui al pago fácil y pagué, fijate si se acreditó"),
    E(AP, "Ya les deposité los 12 mil por homebanking", "12000"),
    E(AP, "ya está pago, lo hice por mercado pago"),

    E(PL, "se puede pagar en cuotas??"),
    E(PL, "quiero hacer un plan de pagos"),
    E(PL, "me pasan alguna opción de refinanciar en cuotas sin interés?"),
    E(PL, "Podemos hacer un acuerdo de pago? no puedo todo junto"),

    E(HA, "me quede sin laburo, imposible pagar ahora"),
    E(HA, "estoy re seco este mes"),
    E(HA, "con la inflación no llego a fin de mes ni en pedo",
      n="'no llego a fin de mes' is the hardship idiom, not a promise for end of month"),
    E(HA, "mi viejo está internado, no tengo cabeza ni plata para esto"),

    E(WA, "quiero hablar con alguien de verdad, no con un bot"),
    E(WA, "me llaman? prefiero hablar por teléfono"),
    E(WA, "pasame con un operador"),

    E(LK, "pasame el cbu o alias"),
    E(LK, "donde pago? se puede en rapipago?"),
    E(LK, "Me mandás el link de pago?"),
    E(LK, "cómo hago para pagar desde el homebanking?"),

    E(AK, "dale gracias"),
    E(AK, "👍🏻"),
    E(AK, "Ok, recibido"),

    E(UN, "quien sos??"),
    E(UN, "buen día"),
    E(UN, "vendo bici rodado 29 poco uso, consultas al privado",
      n="'29' is a wheel size, not an amount"),
    E(OO, "dejen de llenarme el whatsapp de mensajes, gracias", n="channel-specific polite opt-out"),
    E(WA, "necesito hablar con alguien, me pueden llamar a la tarde?"),
    E(AK, "joya, gracias"),
    E(UN, "hola, quién es? no tengo agendado este número"),
]

# ---------------------------------------------------------------- pt_BR
DATA["pt_BR"] = [
    E(OO, "Parem de me mandar mensagem por favor"),
    E(OO, "CHEGA!!! TODO DIA A MESMA COISA, ME DEIXEM EM PAZ",
      n="'me deixem em paz' read as a request to stop contact"),
    E(OO, "Gostaria de ser removido da lista de contatos de vocês"),
    E(OO, "já fiz o pix ontem, agora não precisa mais ficar me mandando mensagem",
      n="pix claim + 'no need to keep messaging me' read as opt-out: opt_out wins"),
    E(OO, "não me mandem mensagem no whatsapp, só por email", n="channel-specific opt-out"),
    E(OO, "como faço pra pagar? e para de me ligar toda hora",
      n="payment question + stop calling: opt_out"),
    E(OO, "descadastra meu número"),
    E(OO, "nao quero mais receber esas mensagens"),
    E(OO, "tira meu numero dessa lista pfv"),

    E(PP, "já já faço o pix", d=("rel", 0), n="'já já' (BR 'right away') resolved to today"),
    E(PP, "amanha de tarde eu pago", d=("rel", 1)),
    E(PP, "na sexta pago os R$ 150,00", "150", d=("wd", 4)),
    E(PP, "dia 10 eu pago pode confiar", d=("dom", 10)),
    E(PP, "pago no fim do mes blz?", d=("eom",)),
    E(PP, "daqui a 5 dias eu pago", d=("rel", 5)),
    E(PP, "semana q vem eu pago o boleto", d=("nw",)),
    E(PP, "quando cair a quinzena eu pago", d=("q",)),
    E(PP, "dia 20/12 pago sem falta", d=("dm", 20, 12, None)),
    E(PP, "segunda dia 30 eu pago tudo", d=("wddom", 0, 30)),
    E(PP, "assim que eu receber o salário eu pago"),
    E(PP, "quando sair o 13º eu quito a dívida",
      n="undated promise; '13º' (13th salary) is not an amount"),

    E(DI, "Não reconheço essa dívida, nunca fiz empréstimo com vocês"),
    E(DI, "cobraram duas vezes a parcela de R$ 89,90", "89.90",
      n="double charge mentioning 'parcela': dispute, not payment_plan"),
    E(DI, "Isso é golpe, usaram meu CPF pra fazer esse cadastro"),
    E(DI, "já cancelei esse plano faz tempo, não devo nada"),

    E(AP, "ja fiz o pix, segue o comprovante 👇"),
    E(AP, "paguei o boleto na lotérica ontem, caiu?"),
    E(AP, "Paguei R$ 320,50 pelo app do Nubank", "320.50"),
    E(AP, "ja paguei os R$ 1.200 pelo picpay", "1200"),

    E(PL, "da pra parcelar??"),
    E(PL, "consigo fazer um acordo pra pagar em parcelas?"),
    E(PL, "queria negociar em 10x no cartão", n="'10x' is a number of installments, not an amount"),
    E(PL, "tem como fazer um acordo? não consigo pagar tudo de uma vez"),

    E(HA, "to desempregado, não tenho como pagar agora"),
    E(HA, "a situação tá apertada, tô só fazendo bico"),
    E(HA, "estou doente e afastada do trabalho"),
    E(HA, "esse mês não dá, vou ver se consigo alguma coisa",
      n="'vou ver se consigo' is not a promise -> hardship"),

    E(WA, "qro falar com um atendente"),
    E(WA, "alguém pode me ligar?"),
    E(WA, "preciso falar com uma pessoa de verdade"),

    E(LK, "qual a chave pix?"),
    E(LK, "me manda o boleto"),
    E(LK, "onde eu pago? pode ser na lotérica?"),
    E(LK, "manda o código de barras por favor"),

    E(AK, "ok obrigado"),
    E(AK, "🙏", n="emoji-only thanks treated as ack"),
    E(AK, "blz, recebido"),

    E(UN, "quem eh?"),
    E(UN, "bom dia"),
    E(UN, "Ganhe dinheiro trabalhando em casa, clique no link",
      n="spam containing the word 'link' -> unknown, not payment_link"),
    E(OO, "para de mandar msg pfvr, ja falei"),
    E(WA, "me liga que eu explico"),
    E(AK, "👍🏽 valeu"),
    E(UN, "kkkkkkk"),
]

# ---------------------------------------------------------------- en_US
DATA["en_US"] = [
    E(OO, "STOP"),
    E(OO, "Please stop texting me"),
    E(OO, "Remove my number from your list"),
    E(OO, "I already paid this through Zelle last week, do not contact me again",
      n="payment claim + opt-out: opt_out wins"),
    E(OO, "don't text me, email only", n="channel-specific opt-out"),
    E(OO, "how do i pay this? and quit calling my job", n="question + stop calling: opt_out"),
    E(OO, "Lose my number."),
    E(OO, "stpo txting me"),
    E(OO, "I'm asking politely: please cease all communication with me"),

    E(PP, "I'll pay it rn", d=("rel", 0), n="'rn' (right now) resolved to today"),
    E(PP, "will pay tmrw afternoon", d=("rel", 1), n="abbreviation 'tmrw' = tomorrow"),
    E(PP, "I'll pay $200 on Friday", "200", d=("wd", 4)),
    E(PP, "i get paid on the 15th, will send it then", d=("dom", 15)),
    E(PP, "Paying the rest Dec 15", d=("dm", 15, 12, None), n="partial promise ('the rest'), no amount"),
    E(PP, "I'll make the payment January 3rd", d=("dm", 3, 1, None)),
    E(PP, "will pay next week", d=("nw",)),
    E(PP, "going to pay it off at the end of the month", d=("eom",)),
    E(PP, "I'll send $1,250.00 on 12/20", "1250", d=("dm", 20, 12, None)),
    E(PP, "ill pay it this weekend 🙏", d=("we",)),
    E(PP, "I'll pay in full Friday the 15th", d=("wddom", 4, 15)),
    E(PP, "as soon as my check clears i'll pay it"),
    E(PP, "gonna pay when i get my tax refund"),

    E(DI, "I NEVER took out this loan"),
    E(DI, "You charged me twice for the same $89.90 payment", "89.90"),
    E(DI, "This is identity theft, I've filed a police report"),
    E(DI, "wrong number, there's no Kevin here", n="wrong number (no stop request) = dispute"),

    E(AP, "I paid through Cash App yesterday, did it go through?"),
    E(AP, "autopay already took it out of my account"),
    E(AP, "Sent $350 via Venmo this morning", "350"),
    E(AP, "already paid heres the confirmation"),

    E(PL, "Can I set up a payment plan?"),
    E(PL, "can i pay in installments?? cant do it all at once", n="installments + can't pay all: payment_plan outranks hardship"),
    E(PL, "is there any way to split the 2k into monthly payments", "2000"),
    E(PL, "I want to talk to someone about a payment arrangement",
      n="talk to someone + arrangement: payment_plan outranks wants_agent"),

    E(HA, "I lost my job last month"),
    E(HA, "money's really tight right now, can't do anything"),
    E(HA, "I'm on disability and barely covering rent"),
    E(HA, "hours got cut at work, idk what to tell you", n="indirect hardship"),

    E(WA, "can a real person call me"),
    E(WA, "I'd like to speak to a representative"),
    E(WA, "call me"),

    E(LK, "whats the link to pay"),
    E(LK, "can I pay with Zelle? what's the email"),
    E(LK, "Where do I send a money order?"),
    E(LK, "do you take apple pay or just card?"),

    E(AK, "ok thanks"),
    E(AK, "👍"),
    E(AK, "Got it."),

    E(UN, "who dis"),
    E(UN, "good morning"),
    E(UN, "Congrats! You've been selected for a free cruise, reply YES to claim"),
    E(OO, "unsubcribe", n="misspelled unsubscribe"),
    E(WA, "can someone call me back at this number"),
    E(AK, "k"),
    E(UN, "sorry wrong chat lol", n="'wrong chat' is a misdirected message, not a wrong-number dispute"),
]


# ====================================================================== dates
def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def add_month(y: int, m: int) -> tuple[int, int]:
    return (y + 1, 1) if m == 12 else (y, m + 1)


def resolve(expr, today: date) -> date:
    """Closed-form resolution following labels.md."""
    kind = expr[0]
    if kind == "rel":
        return today + timedelta(days=expr[1])
    if kind == "wd":
        return today + timedelta(days=(expr[1] - today.weekday() - 1) % 7 + 1)
    if kind in ("dom", "wddom"):
        n = expr[1] if kind == "dom" else expr[2]
        y, m = today.year, today.month
        while True:
            if n <= last_day(y, m) and date(y, m, n) >= today:
                return date(y, m, n)
            y, m = add_month(y, m)
    if kind == "dm":
        _, d, m, y = expr
        if y is not None:
            return date(y if y >= 100 else 2000 + y, m, d)
        for yy in (today.year, today.year + 1, today.year + 2):
            try:
                c = date(yy, m, d)
            except ValueError:
                continue
            if c >= today:
                return c
        raise ValueError(expr)
    if kind == "eom":
        return date(today.year, today.month, last_day(today.year, today.month))
    if kind == "q":
        eom = date(today.year, today.month, last_day(today.year, today.month))
        if today.day < 15:
            return date(today.year, today.month, 15)
        if today < eom:
            return eom
        y, m = add_month(today.year, today.month)
        return date(y, m, 15)
    if kind == "nw":
        return today + timedelta(days=7 - today.weekday() + 4)
    if kind == "we":
        return today + timedelta(days=(5 - today.weekday() - 1) % 7 + 1)
    raise ValueError(expr)


def brute(expr, today: date) -> date:
    """Second, independent resolution: walk day by day from today."""
    kind = expr[0]
    one = timedelta(days=1)

    def walk(start, pred):
        d = start
        for _ in range(1200):
            if pred(d):
                return d
            d += one
        raise RuntimeError(expr)

    if kind == "rel":
        d = today
        for _ in range(expr[1]):
            d += one
        return d
    if kind == "wd":
        return walk(today + one, lambda d: d.weekday() == expr[1])
    if kind in ("dom", "wddom"):
        n = expr[1] if kind == "dom" else expr[2]
        return walk(today, lambda d: d.day == n)
    if kind == "dm":
        _, dd, mm, yy = expr
        if yy is not None:
            full = yy if yy >= 100 else 2000 + yy
            return walk(today, lambda d: (d.year, d.month, d.day) == (full, mm, dd))
        return walk(today, lambda d: (d.month, d.day) == (mm, dd))
    if kind == "eom":
        return walk(today, lambda d: (d + one).month != d.month)
    if kind == "q":
        return walk(today + one, lambda d: d.day == 15 or (d + one).month != d.month)
    if kind == "nw":
        monday = walk(today + one, lambda d: d.weekday() == 0)
        return walk(monday, lambda d: d.weekday() == 4)
    if kind == "we":
        return walk(today + one, lambda d: d.weekday() == 5)
    raise ValueError(expr)


# ====================================================================== send times
def local_ok(naive: datetime, tz: ZoneInfo) -> bool:
    """True iff the wall time exists and is unambiguous in tz."""
    a = naive.replace(tzinfo=tz, fold=0)
    b = naive.replace(tzinfo=tz, fold=1)
    if a.utcoffset() != b.utcoffset():
        return False  # ambiguous (fall back) or missing (spring forward)
    back = a.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    return back == naive


def pick_send_date(rng: random.Random, e: E) -> date:
    span = (END - START).days
    if e.d and e.d[0] == "dm":
        _, dd, mm, yy = e.d
        years = [yy if (yy is None or yy >= 100) else 2000 + yy] if yy else [2026, 2027, 2028]
        cands = []
        for y in years:
            try:
                t = date(y, mm, dd)
            except ValueError:
                continue
            for back in range(1, 46):
                s = t - timedelta(days=back)
                if START <= s <= END:
                    cands.append(s)
        return rng.choice(cands)
    if e.d and e.d[0] == "wddom":
        _, k, n = e.d
        cands = []
        d = START
        while d <= END + timedelta(days=6):
            if d.weekday() == k and d.day == n:
                for back in range(1, 7):
                    s = d - timedelta(days=back)
                    if START <= s <= END:
                        cands.append(s)
            d += timedelta(days=1)
        return rng.choice(cands)
    return START + timedelta(days=rng.randrange(span + 1))


def pick_send(rng: random.Random, e: E, tzname: str) -> datetime:
    tz = ZoneInfo(tzname)
    lo, hi = e.h if e.h else ((7, 21) if (e.d and e.d[0] == "rel" and e.d[1] == 0) else (0, 23))
    hours = list(range(lo, hi + 1))
    weights = [HOUR_W[h] for h in hours]
    for _ in range(1000):
        day = pick_send_date(rng, e)
        hour = rng.choices(hours, weights)[0]
        naive = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
        if local_ok(naive, tz):
            return naive.replace(tzinfo=tz)
    raise RuntimeError("could not place send time")


# ====================================================================== checks
AMT_RE = re.compile(r"^(0|[1-9]\d*)(\.\d\d)?$")


def norm(t: str) -> str:
    t = unicodedata.normalize("NFKC", t).casefold()
    return re.sub(r"\s+", " ", t).strip()


def amount_in_text(amt: str, text: str) -> bool:
    """Loose consistency check: the amount's digits (or thousands) appear in the text."""
    digits_text = re.sub(r"(?<=\d)[.,](?=\d)", "", text)
    nums = re.findall(r"\d+", digits_text)
    whole, _, frac = amt.partition(".")
    targets = {whole + frac, whole, whole + "00"}
    if int(whole) % 1000 == 0:
        targets.add(str(int(whole) // 1000))
    return any(n in targets for n in nums)


EMOJI_RE = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# slang, abbreviations and misspellings used in the texts
NOISE_TOKENS = re.compile(
    r"\b(q|xq|pq|xfa|porfa|porfavor|pfv|pfvr|x|uds|msjs?|msg|blz|to|idk|rn|gonna|whats|wsp|pa|po|"
    r"oki|okis|k|lol|ala|weviar|bulvan|escrivan|mensages|esas|stpo|txting|unsubcribe|transfe|finde|"
    r"tranqui|celu|cel|mñn|tmrw|qro|eh|dis|heres|cant|ill|kkkkkkk|jajaja|jaja|asdfgh|chingando|joder|jodan|mamado|chato)\b",
    re.I)
# words written without their accent (or cedilla/tilde) in the texts
UNACCENTED = re.compile(
    r"\b(numero|mas|dias|telefono|pague|cancele|deposite|ningun|credito|situacion|maquina|"
    r"recien|transferi|aca|ahi|quien|podria|gustaria|envio|despues|codigo|nao|ja|autorice|"
    r"medica|cuanto|comuniquense|marquenme|cayo|quedo|mandeme|algun|electronico|pedi|"
    r"comisaria|mio|amanha|quede|yapee|llego)\b")


def is_noisy(text: str) -> bool:
    """Heuristic used only for the README statistic."""
    if EMOJI_RE.search(text) or "!!" in text or "??" in text:
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and text.upper() == text:
        return True
    if NOISE_TOKENS.search(text):
        return True
    if UNACCENTED.search(text) and not text.startswith(("I", "Sent", "You")):
        return True
    return False


def main() -> int:
    rng = random.Random(SEED)
    rows = []
    errors: list[str] = []
    for loc in LOCALES:
        names = [z for z, _ in ZONES[loc]]
        weights = [w for _, w in ZONES[loc]]
        seen = set()
        for e in DATA[loc]:
            if e.intent not in INTENTS:
                errors.append(f"bad intent {e.intent}")
            k = norm(e.text)
            if k in seen:
                errors.append(f"duplicate text in {loc}: {e.text!r}")
            seen.add(k)
            tzname = rng.choices(names, weights)[0]
            sent = pick_send(rng, e, tzname)
            today = sent.date()
            pdate = ""
            if e.d is not None:
                if e.intent != PP:
                    errors.append(f"date on non-promise: {e.text!r}")
                r1 = resolve(e.d, today)
                r2 = brute(e.d, today)
                if r1 != r2:
                    errors.append(f"resolve mismatch {e.text!r} {today} {r1} {r2}")
                if r1 < today:
                    errors.append(f"promise before today {e.text!r}")
                if e.d[0] == "wddom":
                    gap = (r1 - today).days
                    if r1.weekday() != e.d[1] or not 1 <= gap <= 6:
                        errors.append(f"inconsistent weekday+day {e.text!r} {today} {r1}")
                if e.d[0] == "dm" and (r1 - today).days > 45:
                    errors.append(f"written date too far {e.text!r}")
                pdate = r1.isoformat()
            if e.amt and not AMT_RE.match(e.amt):
                errors.append(f"bad amount format {e.amt!r}")
            if e.amt and e.amt.endswith(".00"):
                errors.append(f"trailing .00 {e.amt!r}")
            if e.amt and not amount_in_text(e.amt, e.text):
                errors.append(f"amount not traceable in text: {e.amt!r} {e.text!r}")
            rows.append(dict(locale=loc, sent_at=sent.isoformat(timespec="seconds"), timezone=tzname,
                             intent=e.intent, promised_date=pdate, amount=e.amt, text=e.text,
                             _note=e.n, _expr=e.d))

    # deterministic shuffle and ids
    random.Random(SEED + 1).shuffle(rows)
    for i, r in enumerate(rows, 1):
        r["id"] = f"d{i:04d}"

    # ---- counts
    by_intent = Counter(r["intent"] for r in rows)
    by_locale = Counter(r["locale"] for r in rows)
    dated = sum(1 for r in rows if r["promised_date"])
    if len(rows) < 340:
        errors.append(f"only {len(rows)} rows")
    for loc in LOCALES:
        if by_locale[loc] < 40:
            errors.append(f"locale {loc} has {by_locale[loc]}")
    for it in INTENTS:
        if by_intent[it] < 20:
            errors.append(f"intent {it} has {by_intent[it]}")
    if by_intent[OO] < 60:
        errors.append("opt_out < 60")
    if by_intent[PP] < 70:
        errors.append("promise_to_pay < 70")
    if dated < 55:
        errors.append(f"dated promises {dated} < 55")

    # ---- write CSV
    cols = ["id", "locale", "sent_at", "timezone", "intent", "promised_date", "amount", "text"]
    with open(OUT_CSV, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
        w.writerow(cols)
        for r in rows:
            w.writerow([r[c] for c in cols])

    # ---- re-read the file and verify independently of the in-memory objects
    zone_ok = {loc: {z for z, _ in ZONES[loc]} for loc in LOCALES}
    expr_by_key = {(r["locale"], r["text"]): r["_expr"] for r in rows}
    with open(OUT_CSV, encoding="utf-8", newline="") as f:
        rd = csv.reader(f)
        header = next(rd)
        if header != cols:
            errors.append(f"header {header}")
        n = 0
        for rec in rd:
            n += 1
            rid, loc, sent_at, tzname, intent, pdate, amt, text = rec
            if tzname not in zone_ok.get(loc, ()):
                errors.append(f"{rid}: zone {tzname} not in {loc}")
            dt = datetime.fromisoformat(sent_at)
            naive = dt.replace(tzinfo=None)
            tz = ZoneInfo(tzname)
            if not local_ok(naive, tz):
                errors.append(f"{rid}: missing/ambiguous local time {sent_at}")
            if dt.utcoffset() != naive.replace(tzinfo=tz).utcoffset():
                errors.append(f"{rid}: offset mismatch {sent_at} {tzname}")
            # same instant seen from UTC must land on the same wall clock
            if dt.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) != naive:
                errors.append(f"{rid}: round-trip mismatch")
            if not (START <= naive.date() <= END):
                errors.append(f"{rid}: send date out of range")
            if pdate:
                if intent != PP:
                    errors.append(f"{rid}: date on {intent}")
                pd = date.fromisoformat(pdate)
                if pd < naive.date():
                    errors.append(f"{rid}: promised before send")
                if brute(expr_by_key[(loc, text)], naive.date()) != pd:
                    errors.append(f"{rid}: brute-force disagrees")
            if amt and not AMT_RE.match(amt):
                errors.append(f"{rid}: amount {amt}")
        if n != len(rows):
            errors.append("row count mismatch after re-read")
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        errors.append("duplicate ids")

    if errors:
        print("SELF-CHECK FAILED:", *errors, sep="\n  ")
        return 1

    write_readme(rows, by_intent, by_locale, dated)
    print(f"OK rows={len(rows)} dated_promises={dated}")
    print("per intent:", dict(sorted(by_intent.items())))
    print("per locale:", dict(sorted(by_locale.items())))
    return 0


# ====================================================================== README
def write_readme(rows, by_intent, by_locale, dated):
    tab = defaultdict(Counter)
    for r in rows:
        tab[r["intent"]][r["locale"]] += 1
    noisy = sum(1 for r in rows if is_noisy(r["text"]))
    with_amt = sum(1 for r in rows if r["amount"])
    kinds = Counter(r["_expr"][0] for r in rows if r["_expr"])
    zones = Counter(r["timezone"] for r in rows)
    hours = Counter(int(r["sent_at"][11:13]) for r in rows)
    daytime = sum(v for h, v in hours.items() if 8 <= h <= 21)
    promises = by_intent[PP]

    out = io.StringIO()
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p("# replies_dec.csv — blind evaluation set (debtor replies)")
    p()
    p("Generated by `python3 build_dec.py` (stdlib only, Python 3.11, `zoneinfo` with the system tzdata;"
      f" seed {SEED}). Re-running the script reproduces the same file byte for byte.")
    p()
    p("## How it was built")
    p()
    p("* Every text was written by hand for this set, per locale, together with its intent, the amount"
      " as the debtor means it, and — for dated promises — a structured date expression"
      " (`rel n`, `wd k`, `dom n`, `dm d m [y]`, `eom`, `q` (quincena), `nw` (next week),"
      " `we` (weekend), `wddom k n`). Labels follow the priority list of labels.md.")
    p("* Zone: drawn (seeded, weighted) from zones of the locale's country, including non-capital zones"
      " (Punta_Arenas, Tijuana, Hermosillo, Cancun, Manaus, Rio_Branco, Cuiaba, Denver, Phoenix,"
      " Honolulu, Anchorage, Ushuaia …).")
    p("* Send date: uniform over 2026-01-01..2027-12-31; for written/numeric dates (\"Dec 15\", \"5/1\")"
      " the send date is 1–45 days before an occurrence of that date so the message is plausible; for"
      " weekday+day (\"el viernes 15\", \"segunda dia 30\", \"Friday the 15th\") it is 1–6 days before a"
      " real Friday 15th / Monday 30th. Hour weighted to daytime; \"hoy antes de las 6\"-type rows get an"
      " hour range that keeps the promise plausible; same-day slang promises are sent 07–21h.")
    p("* Local times that do not exist or are ambiguous (DST gaps/overlaps: America/Santiago,"
      " America/Tijuana, US zones) are rejected: the wall time must have the same offset with fold=0 and"
      " fold=1 and survive a UTC round trip. `sent_at` is `isoformat()` of the aware local time.")
    p("* `promised_date` is computed from the local send date with a closed-form resolver and checked"
      " against an independent day-by-day brute-force walk, both in memory and again after re-reading"
      " the written CSV. Other self-checks: offset equals the zone's offset, zone belongs to the locale,"
      " promised_date >= local send date, dates only on promise_to_pay, no duplicate text within a"
      " locale (case/space-insensitive), amount format and traceability to the text, minimum counts.")
    p("* One-off external cross-check (not part of the script): GNU `date -d @<epoch>` with"
      " `TZ=<zone>` (same system tzdata, 2025b) reproduced every `sent_at` string of the file.")
    p("* Rows are shuffled with a seeded RNG and numbered `d0001`…; CSV written with the `csv` module,"
      " `QUOTE_MINIMAL`, default `\\r\\n` line terminator, UTF-8 without BOM.")
    p()
    p(f"## Counts ({len(rows)} rows)")
    p()
    p("| intent | " + " | ".join(LOCALES) + " | total |")
    p("|---|" + "---|" * (len(LOCALES) + 1))
    for it in INTENTS:
        p(f"| {it} | " + " | ".join(str(tab[it][l]) for l in LOCALES) + f" | {by_intent[it]} |")
    p("| **total** | " + " | ".join(str(by_locale[l]) for l in LOCALES) + f" | {len(rows)} |")
    p()
    p(f"* promise_to_pay: {promises}, of which {dated} carry a promised_date and {promises - dated} are undated"
      " (\"apenas me paguen…\", \"when I get my tax refund\").")
    p("* date expression kinds among dated promises: " +
      ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    p(f"* rows with an amount: {with_amt}")
    p(f"* rows sent 08:00–21:59 local: {daytime} of {len(rows)}")
    p(f"* rows with visible chat noise (heuristic: emoji, all caps, slang/abbreviation/misspelled"
      f" tokens, words missing their accent, '!!'): {noisy} ({100 * noisy / len(rows):.0f} %)."
      " Lower-case starts and missing final punctuation are not counted as noise.")
    p("* zones: " + ", ".join(f"{z} {c}" for z, c in sorted(zones.items())))
    p()
    p("## General judgement calls")
    p()
    p("* ids are `d0001`… as the task brief asks (labels.md shows `r0001`…).")
    p("* Wrong number without a stop request (\"número equivocado, aquí no hay ninguna X\") is labelled"
      " dispute (the debt is not theirs). Wrong number plus \"quítenme de su lista\" is opt_out.")
    p("* Any request to stop contact on one channel (\"no me escriban por WhatsApp, mándenme un correo\","
      " \"don't text me, email only\", \"no me llamen más al trabajo\") is opt_out.")
    p("* Slang for right away (al tiro, ahorita mismo, ya mismo, al toque, já já, rn) resolves to today.")
    p("* Times of day (\"mañana en la tarde\", \"hoy en la noche\", \"hoy antes de las 6\") do not change the"
      " date. \"el finde\" (AR slang) is treated as \"el fin de semana\". \"el próximo viernes\" and \"el lunes"
      " que viene\" follow the weekday rule (next such weekday strictly after today).")
    p("* Amount: only money figures. Dates, clock times, minutes, installment counts (\"10x\"), the 13th"
      " salary (\"13º\"), a bicycle wheel size and \"la mitad\"/\"the rest\" are not amounts. Each text"
      " carries at most one money figure. Mexican texts write pesos without separators (\"$1200\") to"
      " stay clear of the es thousands-separator rule; \"S/ 180,50\" → 180.50, \"$89.990\" (CL) → 89990,"
      " \"R$ 1.200\" → 1200, \"70k\"/\"the 2k\" → 70000/2000.")
    p("* An amount is kept on every intent where the debtor states one (e.g. disputes, already_paid,"
      " payment_plan), not only on promises.")
    p("* \"cancelar\" means pay off in CL/PE/CO (\"le cancelo la deuda\" = promise, \"ya cancelé\" ="
      " already paid) but \"cancelé el servicio/el plan\" is a cancelled service (dispute).")
    p()
    p("## Row-level judgement calls")
    p()
    p("| id | locale | intent | call |")
    p("|---|---|---|---|")
    for r in sorted(rows, key=lambda r: r["id"]):
        if r["_note"]:
            p(f"| {r['id']} | {r['locale']} | {r['intent']} | {r['_note'].replace('|', '/')} |")
    with open(OUT_README, "w", encoding="utf-8") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
