#!/usr/bin/env python3
"""Deterministic generator for the blind reply-intent evaluation set (replies_jan.csv).

stdlib only (Python 3.11, zoneinfo). Every text is hand-written below with its locale,
intent, a structured promise-date expression and the amount as the debtor means it.
Run:  python3 build_jan.py      -> writes replies_jan.csv and README_jan.md next to this file.
"""
import calendar
import csv
import os
import random
import re
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

SEED = 20260117
HERE = os.path.dirname(os.path.abspath(__file__))
START, END = date(2026, 1, 1), date(2027, 12, 31)

OPT, DIS, PAID, PRO = "opt_out", "dispute", "already_paid", "promise_to_pay"
PLAN, HARD, AGENT, LINK, ACK, UNK = ("payment_plan", "hardship", "wants_agent",
                                     "payment_link", "ack", "unknown")
INTENTS = [OPT, DIS, PAID, PRO, PLAN, HARD, AGENT, LINK, ACK, UNK]
LOCALES = ["es_CL", "es_MX", "es_CO", "es_PE", "es_AR", "pt_BR", "en_US"]

# ---------------------------------------------------------------------------
# Date expressions (structured, resolved with the rules of labels2.md):
#   ("plus", n)          hoy / mañana / pasado mañana / en n días / in a week
#   ("wd", k)            weekday name, k = 0 Monday .. 6 Sunday, strictly after today
#   ("dom", d)           day of month alone, first date >= today with that day
#   ("dm", d, m, y)      numeric or written date, y may be None
#   ("eom",)             fin de mes / end of the month
#   ("quincena",)        next payday (15th or last day) strictly after today
#   ("nextweek",)        Friday of next Monday-Sunday week
#   ("weekend",)         next Saturday strictly after today
#   ("wddom", k, d)      weekday + day number ("el viernes 15"), send date 1-6 days before
# Optional send constraints: ("on_wd", k), ("last_day",), ("on_dom", d)
# Optional hours=(lo, hi) restricts the local hour of sending.
# ---------------------------------------------------------------------------

def R(intent, text, date_expr=None, amount="", send=None, hours=None):
    return dict(intent=intent, text=text, date=date_expr, amount=amount, send=send, hours=hours)


DATA = {}

DATA["es_CL"] = [
    R(OPT, "No me escriban más por favor, este número es de mi trabajo"),
    R(OPT, "BORRENME DE SU LISTA"),
    R(OPT, "ya pague weon, dejen de webiar con los mensajes"),
    R(OPT, "Buenas tardes, solicito formalmente que eliminen mi número de su base de datos y cesen todo contacto telefónico."),
    R(OPT, "otra vez?? ya po, no me llamen mas ni me manden wsp"),
    R(OPT, "gracias por la info pero no quiero recibir más mensajes por este medio"),
    R(OPT, "Este es el celular de mi mamá, ella no tiene nada que ver con eso. Sáquenlo de sus registros"),
    R(OPT, "los voy a bloquear, no me contacten nunca mas 😤"),
    R(OPT, "oiga y como hago para que no me lleguen mas estos mensajes?"),
    R(OPT, "mándenme el link al correo pero por acá no me escriban más"),
    R(OPT, "Numero equivocado, no conozco a ninguna Marcela. Borren este numero porfa"),
    R(DIS, "Yo nunca saqué ningún crédito con ustedes, esto es un error"),
    R(DIS, "me cobraron dos veces la cuota de octubre, revisen po"),
    R(DIS, "el plan lo di de baja en marzo, tengo el numero de atencion, no debo nada"),
    R(DIS, "numero equivocado, aqui no vive ningun Jorge Muñoz"),
    R(DIS, "Esos $48.990 no corresponden, mi deuda era mucho menos"),
    R(PAID, "Ya transferí ayer desde mi CuentaRUT, $35.000", amount="35000"),
    R(PAID, "pague en caja vecina esta mañana, le mando foto del comprobante"),
    R(PAID, "hice la transferencia por Mach el lunes, me pueden confirmar si les llegó?"),
    R(PAID, "Ya está pagado en Servipag hace 2 días 👍"),
    R(PAID, "transferi 20 lucas el viernes, el resto lo veo despues", amount="20000"),
    R(PRO, "el viernes le transfiero sin falta", ("wd", 4), send=("on_wd", 4)),
    R(PRO, "mañana le deposito las 30 lucas", ("plus", 1), "30000"),
    R(PRO, "apenas me paguen le cancelo todo"),
    R(PRO, "pago a fin de mes, ahí me llega el sueldo", ("eom",)),
    R(PRO, "me pagan el 5, ese dia le transfiero", ("dom", 5)),
    R(PRO, "le pago el 20/11 sin falta", ("dm", 20, 11, None)),
    R(PRO, "la proxima semana pago la mitad", ("nextweek",)),
    R(PRO, "hoy en la tarde le transfiero $45.990", ("plus", 0), "45990", hours=(8, 14)),
    R(PRO, "Pasado mañana le hago la transferencia, ahí ya tengo la plata", ("plus", 2)),
    R(PRO, "en 10 dias mas le pago, estoy esperando el finiquito", ("plus", 10)),
    R(PRO, "el 2 de enero pago todo 🙏", ("dm", 2, 1, None)),
    R(PRO, "cuando me llegue el bono le pago altiro"),
    R(PLAN, "se puede pagar en cuotas? no tengo todo junto"),
    R(PLAN, "Puedo dar 15 lucas mensuales hasta terminar, les sirve?", amount="15000"),
    R(PLAN, "quiero repactar la deuda, hay convenio?"),
    R(PLAN, "Me interesa un acuerdo de pago, en 6 cuotas si es posible"),
    R(HARD, "ando sin plata, me quedé sin pega hace un mes"),
    R(HARD, "estoy con licencia médica y no me han pagado nada, no puedo ahora"),
    R(HARD, "a lo mejor el viernes puedo, no sé, está difícil la cosa"),
    R(HARD, "este mes imposible, entre el arriendo y los remedios no me alcanza"),
    R(AGENT, "Necesito hablar con una persona, no con un bot"),
    R(AGENT, "me pueden llamar despues de las 6? quiero conversar lo de la deuda"),
    R(AGENT, "hay algun ejecutivo que me atienda?"),
    R(AGENT, "pasenme con alguien de cobranza porfa"),
    R(LINK, "a qué cuenta deposito? me pasan los datos para transferir"),
    R(LINK, "cómo pago? se puede con Khipu o WebPay?"),
    R(LINK, "mandeme el link pa pagar"),
    R(LINK, "Se puede pagar en Servipag o solo por transferencia? Y cuál es el RUT de la empresa"),
    R(ACK, "ok gracias"),
    R(ACK, "👍"),
    R(ACK, "Recibido, lo reviso en la noche"),
    R(ACK, "ya, dale"),
    R(UNK, "quien es?"),
    R(UNK, "Hola buenas"),
    R(UNK, "🎉GANASTE🎉 Reclama tu premio de $500.000 en este link bit.ly/prm-cl23, promoción válida solo hoy, pago inmediato"),
    R(UNK, "feliz año nuevo a todos!! 🎆🎆", send=("on_dom", 1)),
]

DATA["es_MX"] = [
    R(OPT, "Ya dejen de estar chingando con sus mensajes"),
    R(OPT, "favor de no volver a contactarme a este número, gracias"),
    R(OPT, "Este numero es de mi trabajo, no me marquen aqui. Si siguen los voy a reportar a CONDUSEF"),
    R(OPT, "ya pague en oxxo desde el martes, ahora ya no me manden nada"),
    R(OPT, "BAJA"),
    R(OPT, "no me llamen a mi casa ni a mi celular, todo por correo por favor"),
    R(OPT, "Qué bonito, 5 mensajes al día. Sigan así a ver si pago más rápido 🙄 ya paren"),
    R(OPT, "elimine mi numero de su base de datos x favor, no soy cliente de ustedes"),
    R(OPT, "gracias por el aviso pero ya no quiero que me contacten por whats"),
    R(OPT, "Hola, ¿me pueden decir cómo me doy de baja de estos mensajes?"),
    R(OPT, "no me marquen mas pero si mandenme la referencia para pagar en oxxo"),
    R(DIS, "Yo no pedí ningún préstamo, alguien usó mis datos. Ya levanté la denuncia en el MP"),
    R(DIS, "me estan cobrando doble, ya habia pagado esa mensualidad y aparece otra vez"),
    R(DIS, "Ese número no es de Rosa Hernández, se equivocaron"),
    R(DIS, "cancelé el servicio de internet desde agosto, no les debo nada"),
    R(DIS, "no reconosco esa deuda de $3,450, nunca tuve tarjeta con ustedes"),
    R(PAID, "ya deposité en OXXO, aquí está el ticket"),
    R(PAID, "Buenas, hice transferencia SPEI por $1200 ayer en la noche, me confirman?", amount="1200"),
    R(PAID, "ya quedó pagado desde Mercado Pago 👌"),
    R(PAID, "pague 2 mil en banco azteca el sabado", amount="2000"),
    R(PAID, "ya lo liquide desde la app de BBVA, les mando captura"),
    R(PRO, "en la quincena le pago sin falta", ("quincena",)),
    R(PRO, "el viernes 15 deposito", ("wddom", 4, 15)),
    R(PRO, "mañana temprano le deposito en oxxo", ("plus", 1)),
    R(PRO, "ahorita no tengo pero el lunes le pago", ("wd", 0)),
    R(PRO, "el dia 30 pago los 800", ("dom", 30), "800"),
    R(PRO, "Le pago el 10 de febrero, es cuando me depositan", ("dm", 10, 2, None)),
    R(PRO, "dentro de una semana le hago el deposito", ("plus", 7)),
    R(PRO, "ya mero me pagan y le liquido neta"),
    R(PRO, "a fin de mes le doy 1500", ("eom",), "1500"),
    R(PRO, "el fin de semana paso al oxxo a pagarle", ("weekend",)),
    R(PRO, "hoy antes de las 8 le hago el spei", ("plus", 0), hours=(7, 16)),
    R(PRO, "el 28/03/2027 le pago todo lo que debo", ("dm", 28, 3, 2027)),
    R(PLAN, "se puede pagar a plazos? no me alcanza para todo"),
    R(PLAN, "puedo dar 500 cada quincena hasta terminar", amount="500"),
    R(PLAN, "Me gustaría llegar a un convenio de pago, ¿qué opciones tienen?"),
    R(PLAN, "me lo pueden dividir en pagos chiquitos? en una sola exhibicion no puedo"),
    R(HARD, "no tengo chamba desde hace 2 meses, ahorita no puedo pagar nada"),
    R(HARD, "estoy en el hospital con mi hijo, no tengo cabeza pa esto ahorita"),
    R(HARD, "ando bien corto de lana, este mes no se va a poder"),
    R(HARD, "voy a ver si puedo juntar algo pero no prometo nada"),
    R(AGENT, "quiero hablar con un asesor"),
    R(AGENT, "Márquenme por favor, prefiero arreglarlo por teléfono"),
    R(AGENT, "hay alguien real ahi o puro robot?"),
    R(AGENT, "necesito que me atienda un ejecutivo, tengo dudas del saldo"),
    R(LINK, "me pasa la CLABE para transferir?"),
    R(LINK, "donde puedo pagar, en oxxo o en 7eleven?"),
    R(LINK, "mande el link de pago porfa"),
    R(LINK, "cómo le hago para pagar desde la app? no encuentro la opción"),
    R(ACK, "ok"),
    R(ACK, "Enterado, gracias."),
    R(ACK, "🙏🏼"),
    R(ACK, "va, gracias por avisar"),
    R(UNK, "quién habla?"),
    R(UNK, "Buenas noches", hours=(20, 23)),
    R(UNK, "PROMOCIÓN!! Gana un iPhone pagando solo $99, entra al link www.promo-mx.site y registra tu pago"),
    R(UNK, "jajaja perdón era para mi hermana"),
]

DATA["es_CO"] = [
    R(OPT, "Por favor no me escriban más a este número"),
    R(OPT, "qué pena pero este es el número de mi trabajo, no me contacten aquí"),
    R(OPT, "ya consigné por Nequi, ahora sí dejen de mandarme mensajes"),
    R(OPT, "Solicito la eliminación de mis datos de contacto conforme a la Ley 1581 de habeas data"),
    R(OPT, "NO MAS MENSAJES!!!! 😡😡"),
    R(OPT, "Muchas gracias por la información, pero les pido no volver a contactarme por WhatsApp"),
    R(OPT, "bloqueen este numero de su sistema, yo no soy la persona que buscan"),
    R(OPT, "no me llamen mas a las 7 de la mañana, es un abuso. No quiero mas llamadas"),
    R(OPT, "q hay que hacer pa que no me escriban mas"),
    R(OPT, "me pueden dejar de llamar y mejor mandarme el link de PSE?"),
    R(OPT, "no vuelvan a usar este contacto, ya no es mío desde hace rato"),
    R(DIS, "Yo nunca he tenido crédito con esa entidad, eso debe ser un fraude"),
    R(DIS, "Me cobraron dos veces el mismo mes, tengo los extractos"),
    R(DIS, "Ese plan lo cancelé desde enero y tengo el radicado, no debo nada"),
    R(DIS, "número equivocado, aquí no es Andrés"),
    R(DIS, "me robaron la cedula el año pasado y alguien saco eso a mi nombre"),
    R(PAID, "ya consigné en Efecty, le envío el comprobante"),
    R(PAID, "Le transferí $120.000 por Bancolombia esta mañana", amount="120000"),
    R(PAID, "ya pague x PSE ayer"),
    R(PAID, "Buenas, ¿les llegó el pago que hice por Daviplata el lunes?"),
    R(PAID, "pagué 50 mil en un corresponsal, aquí está la foto", amount="50000"),
    R(PRO, "el 15 le consigno apenas me paguen", ("dom", 15)),
    R(PRO, "la próxima quincena le abono 80 mil", ("quincena",), "80000"),
    R(PRO, "mañana le consigno sin falta", ("plus", 1)),
    R(PRO, "le pago el viernes por Nequi", ("wd", 4)),
    R(PRO, "el 30/06 pago todo", ("dm", 30, 6, None)),
    R(PRO, "pasado mañana le abono algo, unos 50.000", ("plus", 2), "50000"),
    R(PRO, "el miercoles hago el pago por PSE", ("wd", 2)),
    R(PRO, "cuando me salga la prima le pago todo, eso es en diciembre"),
    R(PRO, "dentro de 3 días le tengo la plata", ("plus", 3)),
    R(PRO, "a final de mes cancelo el saldo", ("eom",), send=("last_day",)),
    R(PRO, "el 5 de marzo le consigno $200.000", ("dm", 5, 3, None), "200000"),
    R(PRO, "hoy en la noche le pago por Daviplata", ("plus", 0), hours=(8, 17)),
    R(PLAN, "Se puede diferir a cuotas?"),
    R(PLAN, "quiero hacer un acuerdo de pago, puedo dar 100 mil mensuales", amount="100000"),
    R(PLAN, "me pueden financiar el saldo? todo de una no puedo"),
    R(PLAN, "hay opción de pagar por partes?"),
    R(HARD, "me quedé sin trabajo y estoy buscando, ahorita no tengo con qué"),
    R(HARD, "estoy incapacitada por una cirugia, no he podido trabajar"),
    R(HARD, "este mes está muy duro parce, no me alcanza ni pal arriendo"),
    R(HARD, "no tengo ni para el bus, de verdad no puedo"),
    R(AGENT, "me puede llamar un asesor?"),
    R(AGENT, "quiero hablar con alguien de la entidad, no con un bot"),
    R(AGENT, "Buenas tardes, necesito comunicarme con una persona para revisar mi caso"),
    R(AGENT, "llamenme al fijo despues de las 5 porfa"),
    R(LINK, "por dónde pago? cuál es el código de convenio para Efecty?"),
    R(LINK, "me pasa el número de cuenta de ahorros para consignar"),
    R(LINK, "mándeme el link de PSE porfa"),
    R(LINK, "como pago por nequi? cual es la llave?"),
    R(ACK, "listo, gracias"),
    R(ACK, "Ok 👍"),
    R(ACK, "recibido"),
    R(ACK, "dale, quedo atenta"),
    R(UNK, "¿Quién es?"),
    R(UNK, "buenos dias", hours=(6, 11)),
    R(UNK, "Hola!! 🎁 Promoción exclusiva: reclama tu bono de $200.000 haciendo clic en el link, pago inmediato"),
    R(UNK, "ese equipo perdió otra vez jajaja"),
]

DATA["es_PE"] = [
    R(OPT, "Ya no me escriban por favor"),
    R(OPT, "Este es mi número del trabajo, no me llamen aquí que me pueden botar"),
    R(OPT, "ya yapee todo, ya no me manden mensajes"),
    R(OPT, "Por favor eliminen mi número. Según Indecopi no pueden acosarme con llamadas"),
    R(OPT, "dejen de llamar a mis familiares y a mí, basta ya"),
    R(OPT, "yaaa pe, cuantas veces les digo que no me escriban"),
    R(OPT, "gracias, pero prefiero que no me contacten más por este medio"),
    R(OPT, "Borren este número, no es de Luis Quispe y me tienen harta"),
    R(OPT, "cómo hago para ya no recibir sus mensajes?"),
    R(OPT, "no quiero mas sms de ustedes, ni llamadas, ni nada"),
    R(DIS, "Yo no tengo ninguna deuda con ustedes, nunca firmé nada"),
    R(DIS, "me estan cobrando S/ 350 dos veces, está duplicado"),
    R(DIS, "esa línea la di de baja hace un año, tengo la constancia"),
    R(DIS, "numero equivocado señorita"),
    R(DIS, "alguien sacó un préstamo con mi DNI, ya hice la denuncia en la comisaría"),
    R(PAID, "ya te yapee 150 soles", amount="150"),
    R(PAID, "Hice el depósito en el agente BCP ayer, te paso la foto del voucher"),
    R(PAID, "ya pagué por Plin, confirmame porfa"),
    R(PAID, "buenas, transferí S/ 200 desde Interbank hace un rato", amount="200"),
    R(PAID, "ya está cancelado desde el sábado"),
    R(PRO, "el sábado te yapeo", ("wd", 5)),
    R(PRO, "mañana deposito en el agente", ("plus", 1)),
    R(PRO, "en cuanto cobre te pago"),
    R(PRO, "el 30 te pago todo", ("dom", 30)),
    R(PRO, "fin de mes sin falta", ("eom",)),
    R(PRO, "el 12/08 le deposito 300 soles", ("dm", 12, 8, None), "300"),
    R(PRO, "la semana que viene pago", ("nextweek",)),
    R(PRO, "te pago en 5 días, ya me van a pagar de la chamba", ("plus", 5)),
    R(PRO, "hoy yapeo 100 soles", ("plus", 0), "100", hours=(8, 17)),
    R(PRO, "el jueves te deposito la mitad", ("wd", 3)),
    R(PRO, "el 1 de julio le pago", ("dm", 1, 7, None)),
    R(PRO, "el lunes 30 te pago todo", ("wddom", 0, 30)),
    R(PLAN, "se puede pagar en partes?"),
    R(PLAN, "quisiera fraccionar la deuda"),
    R(PLAN, "Puedo pagar 100 soles mensuales? es lo que puedo", amount="100"),
    R(PLAN, "hay algún convenio para pagar en cuotas?"),
    R(HARD, "estoy sin chamba causa, no tengo ni un sol"),
    R(HARD, "mi mamá está internada y todo se va en medicinas"),
    R(HARD, "no tengo plata ahorita, cuando tenga veo"),
    R(HARD, "estoy muy mal económicamente, no puedo pagar por ahora"),
    R(AGENT, "quiero hablar con un asesor"),
    R(AGENT, "llámame porfa"),
    R(AGENT, "Deseo comunicarme con un representante de la empresa"),
    R(AGENT, "hay algún número donde me atienda una persona?"),
    R(LINK, "a qué número yapeo?"),
    R(LINK, "pásame el CCI"),
    R(LINK, "dónde puedo pagar? en el BCP o Interbank?"),
    R(LINK, "tienen link de pago?"),
    R(ACK, "ok"),
    R(ACK, "gracias señorita"),
    R(ACK, "👌"),
    R(ACK, "ya, entendido"),
    R(UNK, "hola"),
    R(UNK, "de qué empresa es?"),
    R(UNK, "Felicidades 🎉 has sido seleccionado para un préstamo preaprobado, ingresa al link y recibe tu pago hoy"),
    R(UNK, "alguien sabe si hay paro de transportistas mañana?"),
]

DATA["es_AR"] = [
    R(OPT, "Dejen de escribirme por favor"),
    R(OPT, "che basta, no me manden más mensajes a este número que es del laburo"),
    R(OPT, "Ya pagué por Mercado Pago así que no me llamen más"),
    R(OPT, "Por la presente solicito la baja de mi número de todas sus bases. Ley 26.951, Registro No Llame."),
    R(OPT, "no me jodan mas con los mensajitos"),
    R(OPT, "Gracias, pero por favor eliminen mi contacto"),
    R(OPT, "borren mi numero, no soy quien buscan"),
    R(OPT, "jaja qué insistencia, ¿no tienen otra cosa que hacer? Déjenme de escribir"),
    R(OPT, "cómo me desuscribo de esto?"),
    R(OPT, "mandenme el CBU por mail y no me escriban mas por aca"),
    R(DIS, "no tengo ninguna deuda con ustedes, debe haber un error"),
    R(DIS, "me debitaron dos veces la cuota, fíjense"),
    R(DIS, "di de baja el servicio en 2024, tengo el número de gestión"),
    R(DIS, "número equivocado, acá no hay ninguna Sofía"),
    R(DIS, "esa tarjeta me la robaron y nunca la usé, hice la denuncia"),
    R(PAID, "ya te transferí 25 lucas al alias", amount="25000"),
    R(PAID, "pagué en Rapipago, te mando el ticket"),
    R(PAID, "ya está pago, lo hice desde el home banking"),
    R(PAID, "¿les llegó la transferencia de ayer?"),
    R(PAID, "aboné $12.500 en Pago Fácil el jueves", amount="12500"),
    R(PRO, "el lunes te transfiero", ("wd", 0)),
    R(PRO, "cuando cobre el aguinaldo pago todo"),
    R(PRO, "mañana sin falta te paso la guita", ("plus", 1)),
    R(PRO, "el 10 cobro y te pago 30 lucas", ("dom", 10), "30000"),
    R(PRO, "a fin de mes lo cancelo", ("eom",)),
    R(PRO, "pasado mañana te transfiero lo que falta", ("plus", 2)),
    R(PRO, "en una semana te pago", ("plus", 7)),
    R(PRO, "el fin de semana te transfiero, quedate tranqui", ("weekend",)),
    R(PRO, "te pago el 3 de noviembre", ("dm", 3, 11, None)),
    R(PRO, "hoy a la noche te mando $8.000 por MP", ("plus", 0), "8000", hours=(8, 18)),
    R(PRO, "el próximo martes te deposito", ("wd", 1)),
    R(PRO, "el 15/01/27 te cancelo todo", ("dm", 15, 1, 2027)),
    R(PLAN, "¿Se puede pagar en cuotas?"),
    R(PLAN, "puedo pagar 10 lucas por mes hasta terminar", amount="10000"),
    R(PLAN, "necesito refinanciar, hay algún plan?"),
    R(PLAN, "¿me ofrecen un acuerdo de pago en 6 cuotas sin interés?"),
    R(HARD, "me quedé sin laburo, no tengo un mango"),
    R(HARD, "estoy con tratamiento médico y no estoy trabajando"),
    R(HARD, "este mes no llego, la verdad"),
    R(HARD, "no sé si el mes que viene pueda, está todo carísimo"),
    R(AGENT, "quiero hablar con una persona"),
    R(AGENT, "me llaman? prefiero por teléfono"),
    R(AGENT, "hay algún operador?"),
    R(AGENT, "necesito que alguien me explique la deuda, me pasan con alguien?"),
    R(LINK, "pasame el alias"),
    R(LINK, "¿dónde pago? ¿Rapipago o Pago Fácil?"),
    R(LINK, "mandame el link de MP"),
    R(LINK, "cuál es el CBU para transferir?"),
    R(ACK, "dale gracias"),
    R(ACK, "Ok."),
    R(ACK, "👍👍"),
    R(ACK, "perfecto, recibido"),
    R(UNK, "quién sos?"),
    R(UNK, "holaa"),
    R(UNK, "PROMOCIÓN 2x1 en pizzas!! pedí por el link y pagá con QR"),
    R(UNK, "feliz día del amigo!!", send=("on_dom", 20)),
]

DATA["pt_BR"] = [
    R(OPT, "Parem de me mandar mensagem por favor"),
    R(OPT, "Esse número é do meu trabalho, não liguem mais aqui"),
    R(OPT, "ja fiz o pix, agora para de me encher"),
    R(OPT, "Solicito a exclusão dos meus dados conforme a LGPD e que cessem os contatos."),
    R(OPT, "SAIR"),
    R(OPT, "obrigado, mas não quero mais receber mensagens por aqui"),
    R(OPT, "tira meu número da lista de vcs, não sou a Juliana"),
    R(OPT, "que maravilha, mais uma mensagem... vcs são incansáveis né. Chega."),
    R(OPT, "como faço pra parar de receber essas msg?"),
    R(OPT, "não me liguem mais, me manda o boleto por email"),
    R(OPT, "bloqueia meu numero ai no sistema pfv"),
    R(OPT, "vou denunciar no procon se continuarem ligando, para com isso"),
    R(DIS, "Nunca fiz empréstimo com vocês, que cobrança é essa?"),
    R(DIS, "cobraram duas vezes a mesma parcela no meu cartão"),
    R(DIS, "cancelei o plano em maio e tenho o protocolo"),
    R(DIS, "número errado, não conheço esse Carlos"),
    R(DIS, "clonaram meu CPF, essa dívida não é minha"),
    R(DIS, "esse valor de R$ 890,00 tá errado, eu devia bem menos"),
    R(PAID, "já paguei o boleto ontem"),
    R(PAID, "fiz o pix de R$ 200,50 agora, segue o comprovante", amount="200.50"),
    R(PAID, "paguei na lotérica, vou mandar foto"),
    R(PAID, "vcs receberam meu pagamento? paguei pelo nubank segunda"),
    R(PAID, "transferi 150 reais", amount="150"),
    R(PRO, "pago amanhã", ("plus", 1)),
    R(PRO, "na sexta eu faço o pix", ("wd", 4)),
    R(PRO, "quando cair o salário eu pago"),
    R(PRO, "dia 10 eu pago", ("dom", 10), send=("on_dom", 10)),
    R(PRO, "vou pagar no fim do mês", ("eom",)),
    R(PRO, "quando cair a quinzena pago R$ 150,00", ("quincena",), "150"),
    R(PRO, "semana que vem eu pago tudo", ("nextweek",)),
    R(PRO, "daqui a 5 dias consigo pagar", ("plus", 5)),
    R(PRO, "hoje à noite faço o pix de 80 reais", ("plus", 0), "80", hours=(8, 18)),
    R(PRO, "depois de amanhã pago o boleto", ("plus", 2)),
    R(PRO, "pago dia 20/09 sem falta", ("dm", 20, 9, None)),
    R(PRO, "no dia 5 de dezembro eu quito tudo", ("dm", 5, 12, None)),
    R(PRO, "segunda-feira eu pago metade", ("wd", 0)),
    R(PLAN, "dá pra parcelar?"),
    R(PLAN, "quero fazer um acordo"),
    R(PLAN, "consigo pagar 100 por mês, pode ser?", amount="100"),
    R(PLAN, "tem como dividir em 10x no cartão?"),
    R(PLAN, "Vocês têm alguma proposta de parcelamento?"),
    R(HARD, "tô desempregado, não tenho como pagar agora"),
    R(HARD, "fiquei doente e tô sem trabalhar"),
    R(HARD, "tá difícil, não tenho nem 50 reais"),
    R(HARD, "talvez na sexta eu consiga, mas não garanto"),
    R(AGENT, "quero falar com um atendente"),
    R(AGENT, "me liga por favor"),
    R(AGENT, "tem alguém de verdade aí?"),
    R(AGENT, "preciso falar com uma pessoa sobre meu débito"),
    R(LINK, "qual a chave pix?"),
    R(LINK, "manda o boleto atualizado"),
    R(LINK, "onde eu pago?"),
    R(LINK, "como faço pra pagar pelo app?"),
    R(ACK, "ok obrigado"),
    R(ACK, "blz"),
    R(ACK, "🙏"),
    R(ACK, "recebido, valeu"),
    R(UNK, "quem é?"),
    R(UNK, "bom dia", hours=(6, 11)),
    R(UNK, "PROMOÇÃO imperdível: ganhe R$ 500 no pix, é só clicar no link e pagar a taxa"),
    R(UNK, "alguém sabe o resultado do jogo?"),
]

DATA["en_US"] = [
    R(OPT, "STOP"),
    R(OPT, "Please stop texting me"),
    R(OPT, "This is my work phone. Do not contact me at this number."),
    R(OPT, "I already paid this, now stop texting me"),
    R(OPT, "Please remove my number from your list"),
    R(OPT, "I revoke any consent to contact me by phone or text. Further contact will be reported to the CFPB."),
    R(OPT, "wow another text, love that for me. make it stop"),
    R(OPT, "how do I unsubscribe from these"),
    R(OPT, "wrong number, I'm not Kevin. delete this number"),
    R(OPT, "thanks but pls dont text me anymore"),
    R(OPT, "you can email me the link but quit calling my cell"),
    R(OPT, "lose my number"),
    R(OPT, "quit calling my mom's house, she has nothing to do with this"),
    R(DIS, "I never took out a loan with you"),
    R(DIS, "you charged me twice for the same month"),
    R(DIS, "I cancelled that gym membership in January"),
    R(DIS, "wrong number"),
    R(DIS, "someone stole my identity, this isn't my debt"),
    R(PAID, "I paid it yesterday via Zelle"),
    R(PAID, "sent $250 through Venmo this morning", amount="250"),
    R(PAID, "Paid in full on the 3rd, here's my confirmation #"),
    R(PAID, "did my payment go through? I paid online Monday"),
    R(PAID, "just mailed a check for $1,250.00", amount="1250"),
    R(PRO, "I'll pay Friday", ("wd", 4)),
    R(PRO, "I can pay tomorrow", ("plus", 1)),
    R(PRO, "will pay when I get paid"),
    R(PRO, "I'll send $100 on the 15th", ("dom", 15), "100"),
    R(PRO, "gonna pay by end of the month", ("eom",)),
    R(PRO, "I'll pay the balance on 12/15", ("dm", 15, 12, None)),
    R(PRO, "next week for sure", ("nextweek",)),
    R(PRO, "in 3 days I'll have it", ("plus", 3)),
    R(PRO, "paying today after work", ("plus", 0), hours=(7, 15)),
    R(PRO, "I'll have it to you the day after tomorrow", ("plus", 2)),
    R(PRO, "I'll pay on March 3rd", ("dm", 3, 3, None)),
    R(PRO, "this weekend I'll pay $89.90", ("weekend",), "89.90"),
    R(PLAN, "can I set up a payment plan?"),
    R(PLAN, "I can do $50 a month", amount="50"),
    R(PLAN, "any way to split this into installments?"),
    R(PLAN, "can we work out monthly payments?"),
    R(HARD, "I lost my job last month, can't pay right now"),
    R(HARD, "I'm in the hospital"),
    R(HARD, "money's really tight right now"),
    R(HARD, "maybe friday, idk, I'm not sure I'll have it"),
    R(AGENT, "Can I speak to a real person?"),
    R(AGENT, "call me please"),
    R(AGENT, "I need to talk to someone about this"),
    R(AGENT, "representative"),
    R(LINK, "how do I pay?"),
    R(LINK, "send me the payment link"),
    R(LINK, "where do I mail a check?"),
    R(LINK, "do you take Zelle? what's the info"),
    R(ACK, "ok thanks"),
    R(ACK, "got it"),
    R(ACK, "👍"),
    R(ACK, "k"),
    R(UNK, "who is this?"),
    R(UNK, "hi"),
    R(UNK, "Congrats! You've won a $1000 gift card. Click the link to claim your prize, promo ends today!"),
    R(UNK, "is the pharmacy open sunday?"),
]

# ---------------------------------------------------------------------------
# Second batch: longer, mixed and noisier messages.
# ---------------------------------------------------------------------------
DATA["es_CL"] += [
    R(OPT, "hola, ya les pagué la semana pasada y les agradezco la paciencia, pero porfa no me sigan mandando mensajes al wsp"),
    R(OPT, "NO ME LLAMEN AL TRABAJO!!! mi jefe ya me llamó la atención por sus llamadas"),
    R(PRO, "el lunes 30 le transfiero todo por la app del BancoEstado", ("wddom", 0, 30)),
    R(PAID, "le hice un deposito de 18.500 en el BancoEstado, aqui va el comprobante 📎", amount="18500"),
    R(HARD, "me operaron y estoy sin trabajar, cuando me recupere veo que hago"),
    R(DIS, "eso ya me lo habían condonado, tengo el correo donde me lo dicen"),
]
DATA["es_MX"] += [
    R(OPT, "ya les dije mil veces q no soy Juan, dejen de marcar a este num 😡"),
    R(OPT, "Agradezco la información. Les solicito atentamente que no vuelvan a enviar mensajes a este número; cualquier aviso, por correo electrónico."),
    R(PRO, "el martes le pago 700 varos sin falta compa", ("wd", 1), "700"),
    R(PAID, "ya le pagué desde el martes en el banco, no les llegó o qué?"),
    R(UNK, "vendo perfumes originales, pregunte sin compromiso 😉"),
    R(PLAN, "oigan y si les voy abonando de a poquito? tipo 300 cada semana", amount="300"),
]
DATA["es_CO"] += [
    R(OPT, "Señores, les agradezco abstenerse de enviar mensajes a este celular. Es de uso laboral."),
    R(OPT, "vea, ya pagué y todo, les agradezco mucho la gestión, pero no me escriban más x acá 🙏"),
    R(PRO, "el viernes 15 pago sin falta, ese día me pagan", ("wddom", 4, 15)),
    R(HARD, "estoy enferma de dengue, no he podido ni trabajar"),
    R(DIS, "no tengo ningún plan de celular con ustedes, yo siempre he sido prepago"),
    R(ACK, "Ok, muchas gracias por la información 🙌"),
]
DATA["es_PE"] += [
    R(OPT, "oe ya basta causa, bórrenme de su lista o los denuncio"),
    R(OPT, "ya pagué el sábado por yape, ya no quiero q me escriban, gracias"),
    R(PRO, "este viernes te yapeo 250", ("wd", 4), "250"),
    R(PRO, "el 20 de setiembre pago todo", ("dm", 20, 9, None)),
    R(PAID, "ya hice el pago en el agente kasnet, te mando voucher"),
    R(AGENT, "señorita necesito que alguien me llame para ver mi deuda, gracias"),
]
DATA["es_AR"] += [
    R(OPT, "No quiero que me contacten más por ningún medio. Ni WhatsApp, ni SMS, ni llamadas."),
    R(OPT, "che, gracias por avisar, ya quedó saldado. Ahora sí, dejen de mandarme mensajes porfa"),
    R(PRO, "el viernes 15 te transfiero", ("wddom", 4, 15)),
    R(PRO, "la semana q viene te paso 15 lucas", ("nextweek",), "15000"),
    R(DIS, "me están cobrando un seguro que nunca contraté"),
    R(PAID, "te pasé 7 lucas por transferencia hace un rato, fijate", amount="7000"),
]
DATA["pt_BR"] += [
    R(OPT, "pelo amor de deus, parem de ligar, eu tô no trabalho"),
    R(OPT, "Já quitei tudo e agradeço, mas peço que não me enviem mais mensagens nem liguem."),
    R(PRO, "na segunda dia 30 eu pago", ("wddom", 0, 30)),
    R(PRO, "no fim de semana eu pago 300 reais", ("weekend",), "300"),
    R(PAID, "paguei metade ontem e o resto pago sexta"),
    R(HARD, "perdi o emprego mês passado, tô me virando como dá"),
]
DATA["en_US"] += [
    R(OPT, "Do NOT call my job again. I'll be filing a complaint."),
    R(OPT, "paid it off last week, appreciate it, but please take me off your texting list"),
    R(OPT, "I'm not interested in hearing from you anymore"),
    R(PRO, "can pay $75 on 8/1", ("dm", 1, 8, None), "75"),
    R(PRO, "payday is friday the 15th, I'll pay then", ("wddom", 4, 15)),
    R(HARD, "my hours got cut at work and I'm behind on everything"),
    R(DIS, "this account was discharged in my bankruptcy, you can't collect on it"),
]

# ---------------------------------------------------------------------------
# Zones per locale (weights); non-capital zones included on purpose.
# ---------------------------------------------------------------------------
ZONES = {
    "es_CL": [("America/Santiago", 70), ("America/Punta_Arenas", 25), ("Pacific/Easter", 5)],
    "es_MX": [("America/Mexico_City", 40), ("America/Monterrey", 12), ("America/Tijuana", 12),
              ("America/Cancun", 8), ("America/Merida", 6), ("America/Hermosillo", 6),
              ("America/Chihuahua", 5), ("America/Mazatlan", 6), ("America/Ciudad_Juarez", 5)],
    "es_CO": [("America/Bogota", 100)],
    "es_PE": [("America/Lima", 100)],
    "es_AR": [("America/Argentina/Buenos_Aires", 55), ("America/Argentina/Cordoba", 15),
              ("America/Argentina/Mendoza", 10), ("America/Argentina/Salta", 7),
              ("America/Argentina/Tucuman", 7), ("America/Argentina/Ushuaia", 6)],
    "pt_BR": [("America/Sao_Paulo", 45), ("America/Recife", 9), ("America/Fortaleza", 8),
              ("America/Bahia", 7), ("America/Manaus", 9), ("America/Cuiaba", 7),
              ("America/Belem", 6), ("America/Porto_Velho", 4), ("America/Rio_Branco", 5)],
    "en_US": [("America/New_York", 28), ("America/Chicago", 18), ("America/Denver", 8),
              ("America/Phoenix", 8), ("America/Los_Angeles", 22), ("America/Detroit", 5),
              ("America/Indiana/Indianapolis", 4), ("America/Anchorage", 4), ("Pacific/Honolulu", 3)],
}

# Daytime-weighted hours (local).
HOUR_W = [1, 0.5, 0.3, 0.2, 0.2, 0.5, 1.5, 3, 5, 6, 6, 6, 6, 6, 5, 5, 5, 6, 6, 7, 7, 6, 4, 2]


def mlen(y, m):
    return calendar.monthrange(y, m)[1]


def next_month(y, m):
    return (y + 1, 1) if m == 12 else (y, m + 1)


# ---------------------------------------------------------------------------
# Date resolution, way 1: direct arithmetic
# ---------------------------------------------------------------------------
def resolve(expr, today):
    k = expr[0]
    if k == "plus":
        return today + timedelta(days=expr[1])
    if k == "wd":
        return today + timedelta(days=(expr[1] - today.weekday() - 1) % 7 + 1)
    if k in ("dom", "wddom"):
        d = expr[-1]
        y, m = today.year, today.month
        if d >= today.day and d <= mlen(y, m):
            return date(y, m, d)
        while True:
            y, m = next_month(y, m)
            if d <= mlen(y, m):
                return date(y, m, d)
    if k == "dm":
        d, m, y = expr[1], expr[2], expr[3]
        if y is not None:
            return date(y, m, d)
        for yy in range(today.year, today.year + 9):
            if d <= mlen(yy, m) and date(yy, m, d) >= today:
                return date(yy, m, d)
    if k == "eom":
        return date(today.year, today.month, mlen(today.year, today.month))
    if k == "quincena":
        last = mlen(today.year, today.month)
        if today.day < 15:
            return today.replace(day=15)
        if today.day < last:
            return today.replace(day=last)
        y, m = next_month(today.year, today.month)
        return date(y, m, 15)
    if k == "nextweek":
        monday = today + timedelta(days=7 - today.weekday())
        return monday + timedelta(days=4)
    if k == "weekend":
        return today + timedelta(days=(5 - today.weekday() - 1) % 7 + 1)
    raise ValueError(expr)


# ---------------------------------------------------------------------------
# Date resolution, way 2: day-by-day search with a predicate
# ---------------------------------------------------------------------------
def first(start, pred, limit=3000):
    d = start
    for _ in range(limit):
        if pred(d):
            return d
        d += timedelta(days=1)
    raise AssertionError("search failed")


def is_last(d):
    return (d + timedelta(days=1)).month != d.month


def search(expr, today):
    k = expr[0]
    nxt = today + timedelta(days=1)
    if k == "plus":
        return first(today, lambda d: (d - today).days == expr[1])
    if k == "wd":
        return first(nxt, lambda d: d.weekday() == expr[1])
    if k == "dom":
        return first(today, lambda d: d.day == expr[1])
    if k == "wddom":
        r = first(today, lambda d: d.day == expr[2])
        assert r.weekday() == expr[1], (expr, today, r)
        return r
    if k == "dm":
        d_, m_, y_ = expr[1:]
        return first(today, lambda d: d.day == d_ and d.month == m_ and (y_ is None or d.year == y_))
    if k == "eom":
        return first(today, is_last)
    if k == "quincena":
        return first(nxt, lambda d: d.day == 15 or is_last(d))
    if k == "nextweek":
        monday = first(nxt, lambda d: d.weekday() == 0)
        return first(monday, lambda d: d.weekday() == 4)
    if k == "weekend":
        return first(nxt, lambda d: d.weekday() == 5)
    raise ValueError(expr)


ALL_DAYS = [START + timedelta(days=i) for i in range((END - START).days + 1)]


def pick_send_date(rng, row):
    expr, cons = row["date"], row["send"]
    for _ in range(10000):
        if expr and expr[0] == "wddom":
            targets = [d for d in ALL_DAYS if d.weekday() == expr[1] and d.day == expr[2]]
            s = rng.choice(targets) - timedelta(days=rng.randint(1, 6))
        elif expr and expr[0] == "dm":
            d_, m_, y_ = expr[1:]
            y = y_ if y_ is not None else rng.choice([2026, 2027])
            s = date(y, m_, d_) - timedelta(days=rng.randint(1, 55))
        else:
            s = rng.choice(ALL_DAYS)
        if not (START <= s <= END):
            continue
        if cons:
            if cons[0] == "on_wd" and s.weekday() != cons[1]:
                continue
            if cons[0] == "last_day" and not is_last(s):
                continue
            if cons[0] == "on_dom" and s.day != cons[1]:
                continue
        return s
    raise AssertionError("no send date for %r" % row["text"])


def valid_local(naive, zi):
    """True if the local wall time exists and is not ambiguous in zone zi."""
    a = naive.replace(tzinfo=zi, fold=0)
    b = naive.replace(tzinfo=zi, fold=1)
    if a.utcoffset() != b.utcoffset():
        return False  # ambiguous or missing (both give different offsets)
    back = a.astimezone(timezone.utc).astimezone(zi).replace(tzinfo=None)
    return back == naive


def pick_time(rng, d, zi, hours):
    hrs = list(range(24))
    w = HOUR_W[:]
    if hours:
        w = [w[h] if hours[0] <= h <= hours[1] else 0 for h in hrs]
    for _ in range(1000):
        h = rng.choices(hrs, weights=w)[0]
        naive = datetime.combine(d, time(h, rng.randint(0, 59), rng.randint(0, 59)))
        if valid_local(naive, zi):
            return naive.replace(tzinfo=zi)
    raise AssertionError("no valid time")


def norm_text(t):
    return re.sub(r"\s+", " ", t.strip().casefold())


AMOUNT_RE = re.compile(r"^(0|[1-9]\d*)(\.\d\d)?$")


def build():
    rng = random.Random(SEED)
    rows = []
    for loc in LOCALES:
        zones = ZONES[loc]
        for item in DATA[loc]:
            tz = rng.choices([z for z, _ in zones], weights=[w for _, w in zones])[0]
            zi = ZoneInfo(tz)
            d = pick_send_date(rng, item)
            dt = pick_time(rng, d, zi, item["hours"])
            pd = ""
            if item["date"]:
                r1 = resolve(item["date"], d)
                r2 = search(item["date"], d)
                assert r1 == r2, (item["text"], d, r1, r2)
                pd = r1.isoformat()
            rows.append(dict(locale=loc, sent_at=dt.isoformat(), timezone=tz, intent=item["intent"],
                             promised_date=pd, amount=item["amount"], text=item["text"],
                             _expr=item["date"], _send=d))
    rng.shuffle(rows)
    for i, r in enumerate(rows, 1):
        r["id"] = "j%04d" % i
    check(rows)
    return rows


def check(rows):
    seen = set()
    for r in rows:
        zi = ZoneInfo(r["timezone"])
        sent = datetime.fromisoformat(r["sent_at"])
        local = sent.astimezone(zi)
        naive = sent.replace(tzinfo=None)
        # offset in the string equals the zone's offset at that instant, wall time round-trips
        assert sent.utcoffset() == local.utcoffset(), r
        assert local.replace(tzinfo=None) == naive, r
        assert valid_local(naive, zi), r
        assert START.year <= local.year <= END.year, r
        today = local.date()
        assert today == r["_send"]
        assert r["intent"] in INTENTS and r["locale"] in LOCALES
        assert r["locale"] in ZONES and r["timezone"] in [z for z, _ in ZONES[r["locale"]]]
        if r["promised_date"]:
            assert r["intent"] == PRO, r
            p = date.fromisoformat(r["promised_date"])
            assert p >= today, r
            assert p == search(r["_expr"], today) == resolve(r["_expr"], today), r
            if r["_expr"][0] == "wddom":
                assert 1 <= (p - today).days <= 6 and p.weekday() == r["_expr"][1], r
        else:
            assert r["_expr"] is None, r
        if r["amount"]:
            assert AMOUNT_RE.match(r["amount"]) and not r["amount"].endswith(".00"), r
            assert r["intent"] in (PAID, PRO, PLAN), r
        key = (r["locale"], norm_text(r["text"]))
        assert key not in seen, ("duplicate text", key)
        seen.add(key)
        assert "\n" not in r["text"]
    by_i = Counter(r["intent"] for r in rows)
    by_l = Counter(r["locale"] for r in rows)
    dated = sum(1 for r in rows if r["promised_date"])
    assert len(rows) >= 360, len(rows)
    assert all(by_l[l] >= 45 for l in LOCALES), by_l
    assert all(by_i[i] >= 25 for i in INTENTS), by_i
    assert by_i[OPT] >= 70 and by_i[PRO] >= 75 and dated >= 60, (by_i, dated)
    assert [r["id"] for r in rows] == ["j%04d" % i for i in range(1, len(rows) + 1)]


COLS = ["id", "locale", "sent_at", "timezone", "intent", "promised_date", "amount", "text"]


def write_csv(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(COLS)
        for r in rows:
            w.writerow([r[c] for c in COLS])
    # read back
    with open(path, encoding="utf-8", newline="") as f:
        back = list(csv.DictReader(f))
    assert len(back) == len(rows)
    for a, b in zip(rows, back):
        assert all(a[c] == b[c] for c in COLS)


JUDGEMENT_CALLS = """\
* Ids use the prefix `j` (`j0001`…) as requested for this set; labels2.md shows `r0001`.
* Mixed messages follow the priority list: "paid + stop writing", "thanks + stop", "stop calling
  but send me the link/boleto/CBU by mail" and "wrong number + delete/remove this number" are
  `opt_out`; a bare "wrong number" is `dispute`.
* Opt-outs include ones with no obvious keyword ("lose my number", "no vuelvan a usar este
  contacto", "I'm not interested in hearing from you anymore"), a threat to report to
  PROCON/CONDUSEF/CFPB/Indecopi, legal wording (LGPD, habeas data, Registro No Llame), and
  questions that ask how to stop the messages ("cómo me doy de baja?").
* "cancelar"/"cancelado" in CL/PE/AR means paying off: "ya está cancelado desde el sábado" is
  `already_paid`, "a fin de mes lo cancelo" is a promise.
* "cuál es el código de convenio para Efecty?" (CO) is `payment_link`: it asks how to pay, the
  word "convenio" names the collection agreement code, not an instalment plan.
* Already-paid with a future part ("paguei metade ontem e o resto pago sexta") is
  `already_paid` with no promised_date and no amount.
* Hedged dates ("a lo mejor el viernes puedo, no sé", "talvez na sexta", "maybe friday, idk")
  are `hardship`; "voy a ver si puedo juntar algo pero no prometo nada" is `hardship`.
* "ahorita no tengo pero el lunes le pago" is a promise (commitment beats hardship).
* Undated promises: "apenas me paguen", "cuando cobre el aguinaldo", "quando cair o salário",
  "will pay when I get paid", "cuando me salga la prima ..., eso es en diciembre" (a month alone
  is not a resolvable expression in labels2.md, so no date).
* "me pagan el 5, ese dia le transfiero" and "el 10 cobro y te pago 30 lucas" resolve as a day
  of the month alone. "el día 30"/"el 30" may fall in February and then move to March 30.
* Forced edge cases: one "el viernes" sent on a Friday (→ today+7), one "a final de mes" sent on
  the last day of a month (→ today), one "dia 10" sent on the 10th (→ today). Weekday+day
  promises ("el viernes 15", "el lunes 30", "na segunda dia 30", "friday the 15th") are sent 1-6
  days before a real Friday 15th / Monday 30th.
* Dated promises with a written or numeric date are sent 1-55 days before that date; "today"
  promises that mention the evening are sent earlier in the day; "buenos días"/"bom dia" are sent
  in the morning, "buenas noches" in the evening.
* Amounts: filled only on already_paid, promise_to_pay and instalment offers in payment_plan
  ("15 lucas mensuales" → 15000, "300 cada semana" → 300). Disputed/double-charged amounts,
  money owed, money lacking ("não tenho nem 50 reais") and spam amounts are empty; "la mitad",
  "metade" are empty. es_MX amounts the debtor pays are written without a thousands separator
  ("$1200", "1500") because Mexican usage of "," conflicts with the es rule; "$3,450" only
  appears in a dispute row (empty amount).
* "ya le pagué ... no les llegó o qué?" and "¿les llegó la transferencia?" are `already_paid`.
* "esto ya me lo habían condonado", "discharged in my bankruptcy", "seguro que nunca contraté",
  "siempre he sido prepago" are `dispute`.
* Requests for a call ("call me please", "llámame porfa", "me liga por favor") are `wants_agent`;
  "hay alguien real ahi o puro robot?" is `wants_agent`.
* Greetings, "quién habla?"/"de qué empresa es?", off-topic chatter, a mis-sent message
  ("perdón era para mi hermana") and spam with words like link/pago/promoción/pix are `unknown`.
* Noise (missing accents, lowercase, CAPS, typos such as "reconosco", abbreviations such as
  q/x/pfv/vcs/pls, slang, emoji) was written by hand, not injected by code; the noisy share was
  estimated by eye, not measured. Many messages are short, as real replies to these messages
  usually are.
"""


def write_readme(rows, path):
    by_il = Counter((r["intent"], r["locale"]) for r in rows)
    by_l = Counter(r["locale"] for r in rows)
    by_i = Counter(r["intent"] for r in rows)
    dated = sum(1 for r in rows if r["promised_date"])
    zones = Counter(r["timezone"] for r in rows)
    kinds = Counter(r["_expr"][0] for r in rows if r["_expr"])
    withamt = sum(1 for r in rows if r["amount"])
    L = []
    L.append("# replies_jan.csv — blind evaluation set for the reply-intent classifier\n")
    L.append("Built by `build_jan.py` (Python 3.11 stdlib + zoneinfo, seed %d, tzdata from the system). "
             "Run `python3 build_jan.py` to regenerate `replies_jan.csv` and this README byte-for-byte.\n" % SEED)
    L.append("## How it was built\n")
    L.append("* Every reply was written by hand in `build_jan.py` with its locale, intent, a structured "
             "date expression (for dated promises) and the amount as the debtor means it. No templates: "
             "each text is a separate message.")
    L.append("* For each row the script draws a timezone consistent with the locale (weighted, including "
             "non-capital zones), a local send date in 2026-2027 and a daytime-weighted local hour. "
             "Local times that are missing or ambiguous in the zone (DST changes) are redrawn; the "
             "offset in `sent_at` is the zone's offset on that date.")
    L.append("* `promised_date` is computed from the local send date with the rules of labels2.md, then "
             "recomputed a second way by a day-by-day search; both must agree.")
    L.append("* Self-checks: offsets equal the zone's (parse back and convert), promised_date >= local "
             "send date, only promise_to_pay rows carry dates, amounts only on already_paid / "
             "promise_to_pay / payment_plan rows and in plain decimal form, no duplicate text within a "
             "locale, the size/mix minimums, ids `j0001`… after a seeded shuffle, CSV read-back.")
    L.append("* CSV: UTF-8, header, Python csv module with minimal quoting, `\\n` line ends.\n")
    L.append("## Counts\n")
    L.append("Total rows: %d. Dated promises: %d of %d promise_to_pay rows. Rows with an amount: %d.\n"
             % (len(rows), dated, by_i[PRO], withamt))
    L.append("| intent | " + " | ".join(LOCALES) + " | total |")
    L.append("|---|" + "---|" * (len(LOCALES) + 1))
    for i in INTENTS:
        L.append("| %s | " % i + " | ".join(str(by_il[(i, l)]) for l in LOCALES) + " | %d |" % by_i[i])
    L.append("| **total** | " + " | ".join(str(by_l[l]) for l in LOCALES) + " | %d |\n" % len(rows))
    L.append("Date expression kinds among dated promises: " +
             ", ".join("%s %d" % (k, v) for k, v in sorted(kinds.items())) + ".\n")
    L.append("Timezones: " + ", ".join("%s %d" % (z, v) for z, v in sorted(zones.items())) + ".\n")
    L.append("## Judgement calls\n")
    L.append(JUDGEMENT_CALLS)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def main():
    rows = build()
    write_csv(rows, os.path.join(HERE, "replies_jan.csv"))
    write_readme(rows, os.path.join(HERE, "README_jan.md"))
    by_i = Counter(r["intent"] for r in rows)
    by_l = Counter(r["locale"] for r in rows)
    print(len(rows), dict(by_i), dict(by_l), "dated", sum(1 for r in rows if r["promised_date"]))


if __name__ == "__main__":
    main()
