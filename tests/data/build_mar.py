"""Generate replies_mar.csv + README_mar.md: a blind evaluation set of debtor replies.

Stdlib only (Python 3.11). Deterministic: every random choice comes from one seeded RNG.
Run:  python3 build_mar.py
"""
import calendar
import csv
import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20260417
OUT = Path(__file__).resolve().parent
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# Structured date expressions (only on promise_to_pay rows whose date resolves):
#   ("rel", n)          hoy / mañana / pasado mañana / en N días / in a week -> today + n
#   ("wd", k)           weekday name -> next date with weekday k strictly after today
#   ("dom", d)          day of month alone -> first date >= today with that day number
#   ("dm", d, m)        numeric or written date without year -> first such date >= today
#   ("dmy", d, m, y)    date with explicit year
#   ("eom",)            fin de mes / fim do mês / end of the month
#   ("quin",)           quincena / quinzena -> next 15th or last day strictly after today
#   ("next_week",)      la próxima semana / semana que vem / next week -> Friday of next week
#   ("weekend",)        el fin de semana / this weekend -> next Saturday strictly after today
#   ("wd_dom", k, d)    "el viernes 15": the day number; send date 1-6 days before a real one

PTP = "promise_to_pay"

DATA = {}

DATA["es_CL"] = [
    ("opt_out", None, "", "BASTA de mensajes!!!"),
    ("opt_out", None, "", "Estimados, solicito formalmente que cesen todo contacto a este "
     "número. Saludos cordiales."),
    ("opt_out", None, "", "conforme a la ley 19.628 pido q eliminen mis datos de su base y no "
     "me contacten mas"),
    ("opt_out", None, "", "como hago pa que dejen de llegarme estos msjs wn"),
    ("opt_out", None, "", "ah que bacán, otro mensaje más, justo lo que necesitaba 🙄 dejen de "
     "escribir po"),
    ("opt_out", None, "", "los voy a denunciar al SERNAC si me siguen hueveando con mensajes"),
    ("opt_out", None, "", "este numero ya no es de la sra Marisol, es mio hace un año. no sigan "
     "escribiendo"),
    ("opt_out", None, "", "no me manden más whatsapp, si quieren algo por correo nomás"),
    ("opt_out", None, "", "sáquenme de su lista porfa"),
    ("opt_out", None, "", "ya pague todo en marzo asi q no me escriban mas"),
    ("opt_out", None, "", "gracias por la info pero no quiero recibir mas mensajes de ustedes"),
    ("opt_out", None, "", "deje de llamarme y de mandar sms. una pregunta, cuanto es lo q debo "
     "exactamente?"),
    ("opt_out", None, "", "dejen d weviar cn los msj, me tienen xato ctm"),
    (PTP, ("rel", 1), "30000", "mañana le transfiero las 30 lucas"),
    (PTP, ("wd", FRI), "", "el vierne pago x caja vecina"),
    (PTP, ("dom", 5), "", "el 5 me pagan y ahi deposito altiro"),
    (PTP, ("eom",), "45500", "a fin de mes le pago los $45.500"),
    (PTP, ("dm", 10, 3), "", "el 10/03 sin falta pago, disculpe la demora"),
    (PTP, ("rel", 0), "", "hoy en la tarde hago la tranferencia dsd la cuentaRUT"),
    (PTP, ("next_week",), "15000", "la próxima semana le abono una parte, 15 lucas"),
    (PTP, ("weekend",), "", "el fin de semana voy a un servipag y pago 🙏"),
    (PTP, ("wd_dom", FRI, 15), "", "el viernes 15 le deposito sin falta 👍"),
    (PTP, None, "", "apenas me paguen el sueldo les pago"),
    (PTP, None, "20000", "cuando me llegue el bono le pago las 20 lucas"),
    ("dispute", None, "", "esa deuda no es mia, nunca saque un credito con ustedes"),
    ("dispute", None, "", "me cobraron dos veces la cuota de $32.990, revisen x favor"),
    ("dispute", None, "", "yo di de baja el plan en enero, tengo el numero de atencion, no "
     "corresponde este cobro"),
    ("dispute", None, "", "numero equivocado, no conozco a ningun Patricio"),
    ("already_paid", None, "28750", "ya pagué ayer por Khipu, 28.750"),
    ("already_paid", None, "", "transferi el lunes, ahi le mando el comprobante"),
    ("already_paid", None, "", "les llegó mi pago? lo hice por mach"),
    ("already_paid", None, "", "pagué la mitad el sábado y el resto lo pago el 30"),
    ("payment_plan", None, "20000", "se puede pagar en cuotas? puedo dar 20 lucas mensuales"),
    ("payment_plan", None, "", "quiero repactar la deuda, en cuantas cuotas me la dejan?"),
    ("payment_plan", None, "", "hay alguna opcion de convenio? no puedo pagar todo de una"),
    ("payment_plan", None, "10000", "puedo abonar 10.000 cada mes hasta terminar?"),
    ("hardship", None, "", "estoy cesante desde mayo, no tengo como pagar"),
    ("hardship", None, "", "la verdad este mes no me alcanza pa na, tengo al niño enfermo"),
    ("hardship", None, "", "a lo mejor el viernes puedo, no se, ando corto"),
    ("hardship", None, "", "me operaron y estoy con licencia, no tengo plata ahora"),
    ("wants_agent", None, "", "puedo hablar cn una persona??"),
    ("wants_agent", None, "", "necesito que me llame un ejecutivo, por aqui no entiendo nada"),
    ("wants_agent", None, "", "quiero hablar con alguien de cobranza, no con un bot"),
    ("wants_agent", None, "", "me pueden llamar despues de las 6? hablemos mejor"),
    ("payment_link", None, "", "a que cuenta transfiero? me dan los datos"),
    ("payment_link", None, "", "se puede pagar en caja vecina o solo en el banco?"),
    ("payment_link", None, "", "mandame el link pa pagar"),
    ("payment_link", None, "", "cual es el rut de la empresa para la transferencia"),
    ("ack", None, "", "ok gracias"),
    ("ack", None, "", "👍"),
    ("ack", None, "", "recibido, gracias"),
    ("ack", None, "", "ya, entendido"),
    ("unknown", None, "", "hola quien habla?"),
    ("unknown", None, "", "wena, de donde sacaron mi numero"),
    ("unknown", None, "", "jajaja"),
    ("unknown", None, "", "vendo cachorros pastor aleman, interesados al interno"),
]

DATA["es_MX"] = [
    ("opt_out", None, "", "ya no me manden mensajes"),
    ("opt_out", None, "", "Por medio del presente ejerzo mis derechos ARCO y solicito la "
     "cancelación de mis datos personales."),
    ("opt_out", None, "", "como le hago para que ya no me lleguen estos mensajes??"),
    ("opt_out", None, "", "ya me inscribí en el REPEP, dejen de molestar o los reporto a "
     "Condusef"),
    ("opt_out", None, "", "oigan neta ya paren, me escriben 5 veces al dia 😡😡"),
    ("opt_out", None, "", "este cel ya no es de Juan Carlos, lo compre nuevo. borren el numero"),
    ("opt_out", None, "", "BAJA"),
    ("opt_out", None, "", "no me marquen a la oficina, me van a correr. ya no llamen"),
    ("opt_out", None, "", "ya pagué en oxxo desde el martes asi que ya no me escriban"),
    ("opt_out", None, "", "muchas gracias por su atención, pero les pido ya no contactarme por "
     "este medio"),
    ("opt_out", None, "", "qe ya no me manden msj wey q no entienden o q"),
    ("opt_out", None, "", "sí, qué bonito, mensajito cada hora, ¿no tienen algo mejor que "
     "hacer? bájenme de su lista"),
    ("opt_out", None, "", "no quiero mas mensajes, nomas pásenme el numero de cuenta para "
     "depositar y ya"),
    (PTP, ("quin",), "", "en la quincena le pago joven 🙏"),
    (PTP, ("wd", FRI), "", "el viernes paso al oxxo a depositarle"),
    (PTP, ("rel", 2), "1500", "pasado mañana le deposito los $1500"),
    (PTP, ("dm", 20, 11), "", "el 20 de noviembre le liquido todo"),
    (PTP, ("eom",), "800", "a fin de mes le abono 800 pesos"),
    (PTP, ("rel", 3), "", "en 3 días le hago la transferencia por SPEI"),
    (PTP, ("dom", 30), "", "el dia 30 me cae el sueldo y le pago"),
    (PTP, ("rel", 1), "", "mañana sin falta pago, ahorita ando trabajando"),
    (PTP, ("wd", MON), "", "el lunes le deposito en Coppel"),
    (PTP, None, "", "ya que me paguen le pago, no se preocupe"),
    (PTP, None, "2000", "en cuanto me depositen le mando 2 mil"),
    ("dispute", None, "", "yo nunca saqué ese préstamo, alguien usó mis datos"),
    ("dispute", None, "", "me estan cobrando de mas, yo debia 3200 no 5400"),
    ("dispute", None, "", "ese celular lo devolví en la tienda, cancelé el plan desde marzo"),
    ("dispute", None, "", "se equivocaron de número, no conozco a esa señora"),
    ("already_paid", None, "", "ya le deposité en el oxxo, ahí le mando foto del ticket"),
    ("already_paid", None, "2350", "ya hice la transferencia de 2350 por spei"),
    ("already_paid", None, "", "oiga ya les pague desde el jueves por mercado pago, no se ha "
     "reflejado?"),
    ("already_paid", None, "", "aqui esta el comprobante"),
    ("payment_plan", None, "500", "me lo pueden dejar a plazos? puedo dar 500 a la semana"),
    ("payment_plan", None, "", "ay forma d hacer un convenio de pago?"),
    ("payment_plan", None, "", "quisiera pagar en mensualidades, cuanto me quedaria?"),
    ("payment_plan", None, "", "puedo pagar en 6 pagos?"),
    ("hardship", None, "", "ahorita no tengo trabajo, no puedo pagar nada"),
    ("hardship", None, "", "mi esposo está en el hospital y todo se nos va en medicinas"),
    ("hardship", None, "", "neta no tengo ni pa el camion, ahorita no"),
    ("hardship", None, "", "este mes está bien difícil, no sé cuándo pueda"),
    ("wants_agent", None, "", "kiero hablar con un asesor"),
    ("wants_agent", None, "", "me puede marcar alguien? prefiero hablar por telefono"),
    ("wants_agent", None, "", "hay una persona de verdad que me atienda?"),
    ("wants_agent", None, "", "páseme con un supervisor por favor"),
    ("payment_link", None, "", "me pasa la CLABE para transferir?"),
    ("payment_link", None, "", "donde puedo pagar? en oxxo se puede?"),
    ("payment_link", None, "", "mandeme la referencia para pagar en el banco"),
    ("payment_link", None, "", "como pago?"),
    ("ack", None, "", "Ok, gracias"),
    ("ack", None, "", "enterado"),
    ("ack", None, "", "👌🏼"),
    ("ack", None, "", "sale, gracias joven"),
    ("unknown", None, "", "buenas tardes"),
    ("unknown", None, "", "quien es?"),
    ("unknown", None, "", "GANA DINERO DESDE CASA!! escribe al 55 1234 5678"),
    ("unknown", None, "", "asdkjh"),
]

DATA["es_CO"] = [
    ("opt_out", None, "", "Por favor no me escriban más"),
    ("opt_out", None, "", "Invoco la Ley 2300 de 2023, no me contacten más por WhatsApp ni "
     "llamadas"),
    ("opt_out", None, "", "En ejercicio de mi derecho de habeas data solicito la supresión de "
     "mis datos de sus bases."),
    ("opt_out", None, "", "cómo hago para que no me vuelvan a escribir?"),
    ("opt_out", None, "", "parce ya dejen de joder con esos mensajes"),
    ("opt_out", None, "", "voy a poner una queja ante la SIC si siguen llamando a toda hora"),
    ("opt_out", None, "", "este número era de mi tía pero ella falleció, por favor no escriban "
     "más"),
    ("opt_out", None, "", "no me vuelvan a mandar SMS"),
    ("opt_out", None, "", "retírenme de esa lista de cobro, ya pagué por Nequi el mes pasado"),
    ("opt_out", None, "", "ay qué pena pero ya no me escriban más, gracias"),
    ("opt_out", None, "", "q no me escrivan mas x fabor"),
    ("opt_out", None, "", "Uy qué chévere, otro mensajito a las 7 am. Sáquenme de su base de "
     "datos"),
    ("opt_out", None, "", "no me llamen más, mejor mándeme el link de PSE por acá"),
    (PTP, ("quin",), "", "le pago en la proxima quincena"),
    (PTP, ("rel", 1), "150000", "mañana le consigno los 150 mil"),
    (PTP, ("wd", SAT), "", "el sabado paso x efecty y pago"),
    (PTP, ("dom", 15), "", "el 15 me pagan y le cancelo"),
    (PTP, ("rel", 7), "", "dentro de una semana pago por PSE"),
    (PTP, ("dmy", 5, 2, 2027), "", "el 05/02/2027 le hago el pago por Bancolombia"),
    (PTP, ("eom",), "", "a final del mes le pago todo"),
    (PTP, ("wd", THU), "", "el jueves le mando la plata por Daviplata"),
    (PTP, ("weekend",), "", "el fin de semana le pago, tranquilo"),
    (PTP, None, "", "apenas me llegue la prima le pago"),
    (PTP, None, "50000", "cuando cobre le giro 50 mil"),
    ("dispute", None, "", "yo no tengo ninguna deuda con ustedes, eso es un error"),
    ("dispute", None, "", "me robaron la cédula el año pasado y ese crédito no lo saqué yo, ya "
     "puse el denuncio"),
    ("dispute", None, "", "me estan cobrando dos veces la misma cuota de $89.900"),
    ("dispute", None, "", "número equivocado, aquí no vive ninguna Yuliana"),
    ("already_paid", None, "", "ya le pagué por Nequi, le adjunto el pantallazo"),
    ("already_paid", None, "200000", "consigné ayer 200.000 en Bancolombia"),
    ("already_paid", None, "", "buenas, ya les llegó el pago? lo hice por PSE el martes"),
    ("already_paid", None, "", "ya cancelé la totalidad, revisen"),
    ("payment_plan", None, "", "me pueden hacer un acuerdo de pago??"),
    ("payment_plan", None, "100000", "puedo pagar en cuotas de 100 mil mensuales?"),
    ("payment_plan", None, "", "quiero diferir la deuda a varias cuotas"),
    ("payment_plan", None, "", "se puede financiar? de contado no puedo"),
    ("hardship", None, "", "estoy sin empleo no puedo pagar en este momento 😔"),
    ("hardship", None, "", "la situación está muy dura, apenas alcanza para la comida"),
    ("hardship", None, "", "quisiera pagar pero no tengo ni un peso, mi mamá está enferma"),
    ("hardship", None, "", "uy no, ahorita estoy pelado"),
    ("wants_agent", None, "", "me comunica con un asesor por favor"),
    ("wants_agent", None, "", "necesito hablar con alguien, llámenme"),
    ("wants_agent", None, "", "quiero que me atienda una persona, no una máquina"),
    ("wants_agent", None, "", "a q numero puedo llamar para hablar con un asesor?"),
    ("payment_link", None, "", "dónde puedo pagar? tiene el link de PSE?"),
    ("payment_link", None, "", "a qué cuenta de ahorros consigno?"),
    ("payment_link", None, "", "se puede pagar por Efecty? con qué código?"),
    ("payment_link", None, "", "me manda el link porfa"),
    ("ack", None, "", "listo"),
    ("ack", None, "", "De acuerdo, muchas gracias"),
    ("ack", None, "", "👍👍"),
    ("ack", None, "", "bueno, recibido"),
    ("unknown", None, "", "buenos días, con quién hablo?"),
    ("unknown", None, "", "Dios le bendiga"),
    ("unknown", None, "", "???"),
    ("unknown", None, "", "felicitaciones gano un bono de $500.000 reclame aqui bit.ly/bn5k"),
]

DATA["es_PE"] = [
    ("opt_out", None, "", "ya no me escriban por favor"),
    ("opt_out", None, "", "Amparado en la Ley 29733, solicito la cancelación de mis datos "
     "personales y el cese de comunicaciones."),
    ("opt_out", None, "", "cómo hago para darme de baja de estos mensajes?"),
    ("opt_out", None, "", "si siguen mandando mensajes los denuncio en Indecopi"),
    ("opt_out", None, "", "oe causa ya basta con los mensajes pe, todos los dias lo mismo"),
    ("opt_out", None, "", "ese número ya no es de Rosa, ahora es mío, no molesten más"),
    ("opt_out", None, "", "NO MAS SMS"),
    ("opt_out", None, "", "no me llamen a mi trabajo por favor, ni al whatsapp"),
    ("opt_out", None, "", "ya pagué por yape ayer, así que ya no me escriban"),
    ("opt_out", None, "", "gracias pero no deseo recibir más mensajes"),
    ("opt_out", None, "", "ya no me escrivan ps q fastidio"),
    ("opt_out", None, "", "qué lindo, recordatorio número mil, ya bórrenme de su lista"),
    ("opt_out", None, "", "Voy a reportarlos a la SBS por acoso, dejen de escribir"),
    (PTP, ("rel", 1), "200", "mañana le yapeo los 200 soles"),
    (PTP, ("wd", FRI), "", "el viernes deposito en el agente BCP"),
    (PTP, ("dom", 20), "", "el 20 me pagan y le pago ps"),
    (PTP, ("eom",), "", "a fin d mes cancelo"),
    (PTP, ("rel", 0), "", "hoy en la noche le hago el plin"),
    (PTP, ("dm", 30, 6), "", "el 30 de junio pago sin falta"),
    (PTP, ("rel", 5), "", "en 5 días le deposito"),
    (PTP, ("next_week",), "150", "la semana que viene le pago 150 soles"),
    (PTP, ("wd", TUE), "", "el martes paso a Interbank a pagar"),
    (PTP, None, "", "apenas cobre mi gratificación le pago"),
    (PTP, None, "300", "apenas me depositen le pago 300"),
    ("dispute", None, "", "yo no reconozco esa deuda"),
    ("dispute", None, "", "ese préstamo no lo pedí yo, han suplantado mi identidad"),
    ("dispute", None, "", "el monto está mal, yo no debo 1.200 soles"),
    ("dispute", None, "", "di de baja el servicio de internet hace meses, no corresponde el "
     "cobro"),
    ("already_paid", None, "350", "ya yapee 350 soles, le mando la captura"),
    ("already_paid", None, "", "ya cancelé en el BCP ayer"),
    ("already_paid", None, "", "confirme si llegó mi depósito por favor"),
    ("already_paid", None, "", "pagué por plin esta mañana"),
    ("payment_plan", None, "100", "puedo pagar en partes? 100 soles mensuales"),
    ("payment_plan", None, "", "me pueden fraccionar la deuda???"),
    ("payment_plan", None, "", "quiero refinanciar, hay alguna facilidad de pago?"),
    ("payment_plan", None, "", "se puede hacer un convenio en cuotas?"),
    ("hardship", None, "", "me kede sin chamba, no tengo como pagar"),
    ("hardship", None, "", "estoy mal de salud, no puedo trabajar ahorita"),
    ("hardship", None, "", "no tengo plata este mes, disculpe"),
    ("hardship", None, "", "voy a ver si puedo, la cosa está fea"),
    ("wants_agent", None, "", "QUIERO HABLAR CON UN ASESOR"),
    ("wants_agent", None, "", "me pueden llamar por favor? quiero conversar con alguien"),
    ("wants_agent", None, "", "comuníquenme con una persona por favor"),
    ("wants_agent", None, "", "necesito hablar con el encargado"),
    ("payment_link", None, "", "a qué número yapeo?"),
    ("payment_link", None, "", "me pasan el número de cuenta del BCP?"),
    ("payment_link", None, "", "dónde pago? puedo ir a un agente?"),
    ("payment_link", None, "", "mande el link de pago"),
    ("ack", None, "", "ok"),
    ("ack", None, "", "ya, gracias"),
    ("ack", None, "", "🙏"),
    ("ack", None, "", "listo, entendido señorita"),
    ("unknown", None, "", "hola"),
    ("unknown", None, "", "quién me escribe?"),
    ("unknown", None, "", "feliz navidad a todos"),
    ("unknown", None, "", "ola k ase"),
]

DATA["es_AR"] = [
    ("opt_out", None, "", "dejen de mandarme mensajes 😤"),
    ("opt_out", None, "", "Solicito, en virtud de la Ley 25.326, la supresión de mis datos de "
     "su base y el cese de todo contacto."),
    ("opt_out", None, "", "cómo hago para que me dejen de llegar estos mensajes?"),
    ("opt_out", None, "", "estoy anotado en el Registro No Llame, si siguen los denuncio en "
     "Defensa del Consumidor"),
    ("opt_out", None, "", "che basta, me tienen las bolas llenas con los mensajitos"),
    ("opt_out", None, "", "este número ya no es de Gustavo, es mío hace dos años. Dejen de "
     "escribir"),
    ("opt_out", None, "", "STOP"),
    ("opt_out", None, "", "no me manden más mails ni whatsapp"),
    ("opt_out", None, "", "ya transferí por mercado pago, ahora dejen de escribirme"),
    ("opt_out", None, "", "gracias, pero no quiero recibir más mensajes de este tipo"),
    ("opt_out", None, "", "no me escrivan mas boludo q parte no entendes"),
    ("opt_out", None, "", "uh, otro mensaje, qué sorpresa. Borrame de la lista, genio"),
    ("opt_out", None, "", "quiero que me den de baja de la lista de difusión"),
    (PTP, ("rel", 1), "15000", "mañana te transfiero 15 lucas"),
    (PTP, ("wd", FRI), "", "el viernes pago x rapipago"),
    (PTP, ("dom", 10), "", "el 10 cobro y te pago"),
    (PTP, ("eom",), "", "a fin de mes te pago todo, quedate tranqui"),
    (PTP, ("dm", 15, 8), "", "15/08 sin falta transfiero"),
    (PTP, ("weekend",), "", "el fin de semana lo pago por Pago Fácil"),
    (PTP, ("rel", 2), "", "pasado mañana te hago la transferencia al CVU"),
    (PTP, ("wd", MON), "", "el lunes que viene te pago"),
    (PTP, ("rel", 10), "", "en 10 días te pago"),
    (PTP, None, "", "cuando cobre el aguinaldo te pago"),
    (PTP, None, "20000", "apenas me entre la guita te mando 20 mil"),
    ("dispute", None, "", "esto es cualquiera, yo no tengo ninguna deuda con ustedes"),
    ("dispute", None, "", "me cobraron dos veces la cuota de $45.000 en la tarjeta"),
    ("dispute", None, "", "di de baja el servicio en febrero, tengo el número de gestión"),
    ("dispute", None, "", "número equivocado, no conozco a nadie con ese nombre"),
    ("already_paid", None, "", "ya pagué por Mercado Pago, te paso el comprobante"),
    ("already_paid", None, "32500", "transferí $32.500 al CBU que me pasaron"),
    ("already_paid", None, "", "les llegó la transferencia? la hice el lunes"),
    ("already_paid", None, "", "ya aboné una parte en Pago Fácil, el resto el mes que viene"),
    ("payment_plan", None, "", "puedo pagarlo en cuotas??"),
    ("payment_plan", None, "10000", "me hacen un plan de pagos? puedo poner 10 lucas por mes"),
    ("payment_plan", None, "", "hay alguna refinanciación o acuerdo de pago?"),
    ("payment_plan", None, "", "lo puedo hacer en 3 cuotas sin interés?"),
    ("hardship", None, "", "me quedé sin laburo, ahora no puedo pagar"),
    ("hardship", None, "", "estoy sin un mango, este mes imposible"),
    ("hardship", None, "", "tengo a mi vieja internada y no me alcanza la plata"),
    ("hardship", None, "", "no sé, capaz el lunes puedo, no te prometo nada"),
    ("wants_agent", None, "", "quiero hablar con una persona"),
    ("wants_agent", None, "", "me llaman? por acá no se entiende nada"),
    ("wants_agent", None, "", "pasame con un operador xfa"),
    ("wants_agent", None, "", "necesito hablar con alguien de atención al cliente"),
    ("payment_link", None, "", "pasame el alias para transferir"),
    ("payment_link", None, "", "dónde pago? se puede en Rapipago?"),
    ("payment_link", None, "", "cuál es el CBU?"),
    ("payment_link", None, "", "cómo pago? tienen link de mercado pago?"),
    ("ack", None, "", "dale, gracias"),
    ("ack", None, "", "oka"),
    ("ack", None, "", "👍🏻"),
    ("ack", None, "", "perfecto, recibido"),
    ("unknown", None, "", "hola, buenas"),
    ("unknown", None, "", "quién sos?"),
    ("unknown", None, "", "jaja que"),
    ("unknown", None, "", "CUIDADO: su cuenta será bloqueada, ingrese a www.banco-seguro.xyz"),
]

DATA["pt_BR"] = [
    ("opt_out", None, "", "parem de me mandar mensagem"),
    ("opt_out", None, "", "Com base na LGPD, solicito a exclusão dos meus dados pessoais e que "
     "não me contatem mais."),
    ("opt_out", None, "", "como faço pra parar de receber essas mensagens?"),
    ("opt_out", None, "", "tô cadastrado no Não Me Perturbe, se continuar mandando vou no "
     "Procon"),
    ("opt_out", None, "", "pqp que saco, para de mandar mensagem toda hora"),
    ("opt_out", None, "", "esse número não é mais da Fernanda, agora é meu. Parem de mandar"),
    ("opt_out", None, "", "SAIR"),
    ("opt_out", None, "", "não me liguem mais, nem sms"),
    ("opt_out", None, "", "já paguei o boleto semana passada, então para de me mandar msg"),
    ("opt_out", None, "", "obrigada pela atenção mas não quero mais receber mensagens"),
    ("opt_out", None, "", "naum mande mais msg pfv to de saco cheio"),
    ("opt_out", None, "", "nossa que legal mais uma mensagem 🙃 me tira dessa lista"),
    ("opt_out", None, "", "me descadastra por favor, e me manda só o pix"),
    (PTP, ("rel", 1), "150", "amanhã faço o pix de R$ 150,00"),
    (PTP, ("wd", FRI), "", "na sexta eu pago blz"),
    (PTP, ("dom", 10), "", "dia 10 eu pago, quando cair o salário"),
    (PTP, ("eom",), "", "no fim do mes eu pago o boleto"),
    (PTP, ("quin",), "", "quando cair a quinzena eu pago"),
    (PTP, ("rel", 5), "", "daqui a 5 dias eu acerto"),
    (PTP, ("dm", 5, 12), "", "pago dia 05/12 sem falta"),
    (PTP, ("wd", MON), "", "segunda-feira faço a transferencia"),
    (PTP, ("next_week",), "89.90", "semana que vem pago os R$ 89,90"),
    (PTP, None, "", "assim que receber eu pago"),
    (PTP, None, "", "quando sair o 13º eu quito tudo"),
    ("dispute", None, "", "nao reconheco essa divida"),
    ("dispute", None, "", "nunca fiz empréstimo com vcs, isso é golpe"),
    ("dispute", None, "", "fui cobrado duas vezes de R$ 79,90 na fatura"),
    ("dispute", None, "", "cancelei esse plano em janeiro, tenho o protocolo"),
    ("already_paid", None, "", "já fiz o pix, segue o comprovante"),
    ("already_paid", None, "230.50", "paguei o boleto de R$ 230,50 ontem"),
    ("already_paid", None, "", "o pagamento caiu? paguei na lotérica"),
    ("already_paid", None, "", "ja paguei tudo mês passado"),
    ("payment_plan", None, "", "dá pra parcelar?"),
    ("payment_plan", None, "", "consigo pagar em 10x?"),
    ("payment_plan", None, "100", "posso pagar 100 reais por mês até quitar?"),
    ("payment_plan", None, "", "tem algum acordo pra negociar essa dívida?"),
    ("hardship", None, "", "tô desempregado, não tenho como pagar agora"),
    ("hardship", None, "", "não tenho nem 50 reais, tá difícil"),
    ("hardship", None, "", "minha filha tá internada, agora não dá"),
    ("hardship", None, "", "talvez na sexta eu consiga, mas não garanto"),
    ("wants_agent", None, "", "quero falar c um atendente"),
    ("wants_agent", None, "", "pode me ligar? prefiro resolver por telefone"),
    ("wants_agent", None, "", "quero falar com uma pessoa de verdade"),
    ("wants_agent", None, "", "me passa pra um humano pfv"),
    ("payment_link", None, "", "qual a chave pix?"),
    ("payment_link", None, "", "me manda o boleto atualizado"),
    ("payment_link", None, "", "onde eu pago? posso pagar na lotérica?"),
    ("payment_link", None, "", "manda o link pra pagar"),
    ("ack", None, "", "ok obrigado"),
    ("ack", None, "", "blz"),
    ("ack", None, "", "👍"),
    ("ack", None, "", "recebido, vlw"),
    ("unknown", None, "", "oi"),
    ("unknown", None, "", "quem é?"),
    ("unknown", None, "", "bom dia grupo 🌞🌻"),
    ("unknown", None, "", "Parabéns! Vc foi sorteado, clique aqui para resgatar seu prêmio"),
]

DATA["en_US"] = [
    ("opt_out", None, "", "STOP"),
    ("opt_out", None, "", "Please cease and desist all communication with me per the FDCPA."),
    ("opt_out", None, "", "how do i stop getting these texts"),
    ("opt_out", None, "", "Keep texting me and I'm filing a complaint with the CFPB"),
    ("opt_out", None, "", "wtf stop texting me every day"),
    ("opt_out", None, "", "This isn't Mike's number anymore. I've had it for a year. Stop "
     "texting."),
    ("opt_out", None, "", "unsubscribe"),
    ("opt_out", None, "", "No more robocalls to this number, that's a TCPA violation"),
    ("opt_out", None, "", "I already paid this in full, now stop contacting me"),
    ("opt_out", None, "", "thanks but please remove me from your list"),
    ("opt_out", None, "", "pls stpo txting me"),
    ("opt_out", None, "", "oh great another reminder, love that for me. take me off your list"),
    ("opt_out", None, "", "Stop calling me, just email me the payment link"),
    (PTP, ("rel", 1), "50", "I'll pay $50 tomorrow"),
    (PTP, ("wd", FRI), "", "I get paid friday, I'll pay then"),
    (PTP, ("wd_dom", FRI, 15), "", "I can pay on Friday the 15th"),
    (PTP, ("eom",), "", "ill pay it off at the end of the month"),
    (PTP, ("dm", 20, 12), "", "will send payment 12/20"),
    (PTP, ("rel", 3), "", "ill pay in 3 days"),
    (PTP, ("next_week",), "", "ill have it next week"),
    (PTP, ("weekend",), "", "I'll pay this weekend via zelle 👍"),
    (PTP, ("dm", 5, 1), "", "I'll send the full amount on January 5"),
    (PTP, None, "1250", "I'll pay the $1,250.00 as soon as my tax refund comes in"),
    (PTP, None, "", "once my unemployment kicks in ill pay"),
    ("dispute", None, "", "I never ordered this!!"),
    ("dispute", None, "", "This isn't my debt, someone opened this account in my name"),
    ("dispute", None, "", "you charged me twice for the same $39.99 payment"),
    ("dispute", None, "", "wrong number, I don't know any Jessica"),
    ("already_paid", None, "", "I paid via Zelle yesterday"),
    ("already_paid", None, "200", "sent $200 thru cash app this morning"),
    ("already_paid", None, "", "did my payment go through? paid online tuesday"),
    ("already_paid", None, "", "paid in full last week, here's the receipt"),
    ("payment_plan", None, "", "can i set up a payment plan??"),
    ("payment_plan", None, "75", "could I do $75 a month?"),
    ("payment_plan", None, "", "is there any way to split this into installments"),
    ("payment_plan", None, "", "Can we work out a plan? I can't pay it all at once"),
    ("hardship", None, "", "I lost my job last month, can't pay right now"),
    ("hardship", None, "", "Im in the hospital, I dont have money for this rn"),
    ("hardship", None, "", "maybe friday idk, money's really tight"),
    ("hardship", None, "", "just got evicted, I have nothing right now"),
    ("wants_agent", None, "", "can I talk to a real person"),
    ("wants_agent", None, "", "call me please"),
    ("wants_agent", None, "", "I NEED TO SPEAK WITH A REPRESENTATIVE"),
    ("wants_agent", None, "", "agent"),
    ("payment_link", None, "", "where do i pay"),
    ("payment_link", None, "", "send me the link"),
    ("payment_link", None, "", "can I pay with Venmo? what's the handle"),
    ("payment_link", None, "", "whats the routing and account number"),
    ("ack", None, "", "ok thanks"),
    ("ack", None, "", "got it"),
    ("ack", None, "", "👍"),
    ("ack", None, "", "received, thank you"),
    ("unknown", None, "", "who is this?"),
    ("unknown", None, "", "hey"),
    ("unknown", None, "", "lol"),
    ("unknown", None, "", "Congrats! You've won a $1000 Walmart gift card. Claim now: "
     "walm-art.co/x"),
]

ZONES = {
    "es_CL": [("America/Santiago", 9), ("America/Punta_Arenas", 1)],
    "es_MX": [("America/Mexico_City", 6), ("America/Monterrey", 2), ("America/Tijuana", 2),
              ("America/Cancun", 1), ("America/Hermosillo", 1), ("America/Merida", 1)],
    "es_CO": [("America/Bogota", 1)],
    "es_PE": [("America/Lima", 1)],
    "es_AR": [("America/Argentina/Buenos_Aires", 6), ("America/Argentina/Cordoba", 2),
              ("America/Argentina/Mendoza", 1), ("America/Argentina/Salta", 1)],
    "pt_BR": [("America/Sao_Paulo", 6), ("America/Recife", 1), ("America/Bahia", 1),
              ("America/Fortaleza", 1), ("America/Manaus", 1), ("America/Cuiaba", 1),
              ("America/Belem", 1)],
    "en_US": [("America/New_York", 5), ("America/Chicago", 4), ("America/Denver", 1),
              ("America/Los_Angeles", 3), ("America/Phoenix", 1), ("America/Anchorage", 1),
              ("Pacific/Honolulu", 1)],
}
# Daytime-weighted hour of day (0..23).
HOUR_W = [1, 1, 0.5, 0.3, 0.3, 0.6, 2, 4, 7, 9, 10, 10, 9, 9, 9, 9, 9, 9, 9, 8, 7, 6, 4, 2]
FIRST, LAST = date(2026, 1, 1), date(2027, 12, 31)
INTENTS = ["opt_out", "dispute", "already_paid", PTP, "payment_plan", "hardship",
           "wants_agent", "payment_link", "ack", "unknown"]


def last_day(y, m):
    return calendar.monthrange(y, m)[1]


def resolve(expr, today):
    """Arithmetic resolution of a structured date expression (labels2.md rules)."""
    kind = expr[0]
    if kind == "rel":
        return today + timedelta(days=expr[1])
    if kind == "wd":
        return today + timedelta(days=(expr[1] - today.weekday() - 1) % 7 + 1)
    if kind in ("dom", "wd_dom"):
        d = expr[-1]
        y, m = today.year, today.month
        while True:
            if d <= last_day(y, m) and date(y, m, d) >= today:
                return date(y, m, d)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if kind == "dm":
        cand = date(today.year, expr[2], expr[1])
        return cand if cand >= today else date(today.year + 1, expr[2], expr[1])
    if kind == "dmy":
        return date(expr[3], expr[2], expr[1])
    if kind == "eom":
        return date(today.year, today.month, last_day(today.year, today.month))
    if kind == "quin":
        y, m = today.year, today.month
        if today.day < 15:
            return date(y, m, 15)
        if today.day < last_day(y, m):
            return date(y, m, last_day(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return date(y, m, 15)
    if kind == "next_week":
        return today + timedelta(days=7 - today.weekday() + FRI)
    if kind == "weekend":
        return resolve(("wd", SAT), today)
    raise ValueError(expr)


def matches(expr, today, x):
    """Predicate for the day-by-day search (second, independent resolution)."""
    kind = expr[0]
    is_last = (x + timedelta(days=1)).month != x.month
    if kind == "rel":
        return (x - today).days == expr[1]
    if kind == "wd":
        return x > today and x.weekday() == expr[1]
    if kind == "dom":
        return x.day == expr[1]
    if kind == "wd_dom":
        return x.day == expr[2] and x.weekday() == expr[1]
    if kind == "dm":
        return (x.day, x.month) == (expr[1], expr[2])
    if kind == "dmy":
        return (x.day, x.month, x.year) == (expr[1], expr[2], expr[3])
    if kind == "eom":
        return is_last
    if kind == "quin":
        return x > today and (x.day == 15 or is_last)
    if kind == "next_week":
        monday = today - timedelta(days=today.weekday())
        return x.weekday() == FRI and x - timedelta(days=FRI) == monday + timedelta(days=7)
    if kind == "weekend":
        return x > today and x.weekday() == SAT
    raise ValueError(expr)


def search(expr, today):
    for i in range(0, 800):
        x = today + timedelta(days=i)
        if matches(expr, today, x):
            return x
    raise AssertionError(f"no date found for {expr} from {today}")


def clean_local(naive, tz):
    """True if the wall time exists exactly once in tz (not in a DST gap or overlap)."""
    a = naive.replace(tzinfo=tz, fold=0)
    b = naive.replace(tzinfo=tz, fold=1)
    if a.utcoffset() != b.utcoffset():
        return False
    back = a.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    return back == naive


def pick_day(rng, expr):
    """Local send date; constrained only for explicit-year dates and 'viernes 15' cases."""
    if expr and expr[0] == "dmy":
        target = date(expr[3], expr[2], expr[1])
        return target - timedelta(days=rng.randint(1, 75))
    if expr and expr[0] == "dm":  # keep written/numeric dates within ~2 months ahead
        while True:
            y = rng.choice([2026, 2027])
            day = date(y, expr[2], expr[1]) - timedelta(days=rng.randint(1, 60))
            if day >= FIRST:
                return day
    if expr and expr[0] == "wd_dom":
        reals = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
        reals = [x for x in reals if x.day == expr[2] and x.weekday() == expr[1]]
        real = rng.choice(reals)
        return real - timedelta(days=rng.randint(1, 6))
    return FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))


def build_rows():
    rng = random.Random(SEED)
    rows = []
    for locale, entries in DATA.items():
        names = [z for z, _ in ZONES[locale]]
        weights = [w for _, w in ZONES[locale]]
        for intent, expr, amount, text in entries:
            tzname = rng.choices(names, weights)[0]
            tz = ZoneInfo(tzname)
            day = pick_day(rng, expr)
            while True:
                hour = rng.choices(range(24), HOUR_W)[0]
                naive = datetime(day.year, day.month, day.day, hour,
                                 rng.randrange(60), rng.randrange(60))
                if clean_local(naive, tz):
                    break
            sent = naive.replace(tzinfo=tz)
            promised = resolve(expr, day).isoformat() if expr else ""
            rows.append({
                "locale": locale, "sent_at": sent.isoformat(timespec="seconds"),
                "timezone": tzname, "intent": intent, "promised_date": promised,
                "amount": amount, "text": text, "_expr": expr,
            })
    rng.shuffle(rows)
    for i, r in enumerate(rows, 1):
        r["id"] = f"m{i:04d}"
    return rows


def check(rows):
    assert len(rows) >= 360, len(rows)
    by_loc = Counter(r["locale"] for r in rows)
    by_int = Counter(r["intent"] for r in rows)
    assert set(by_loc) == set(ZONES) and min(by_loc.values()) >= 45, by_loc
    assert set(by_int) == set(INTENTS) and min(by_int.values()) >= 25, by_int
    assert by_int["opt_out"] >= 90 and by_int[PTP] >= 75, by_int
    dated = [r for r in rows if r["promised_date"]]
    assert len(dated) >= 60, len(dated)
    seen = set()
    for r in rows:
        tz = ZoneInfo(r["timezone"])
        sent = datetime.fromisoformat(r["sent_at"])
        local = sent.astimezone(tz)
        assert local.replace(tzinfo=None) == sent.replace(tzinfo=None), r["sent_at"]
        assert sent.utcoffset() == local.utcoffset(), r["sent_at"]
        assert clean_local(sent.replace(tzinfo=None), tz), r["sent_at"]
        assert FIRST <= sent.date() <= LAST, r["sent_at"]
        assert r["timezone"] in [z for z, _ in ZONES[r["locale"]]]
        key = (r["locale"], " ".join(r["text"].lower().split()))
        assert key not in seen, key
        seen.add(key)
        if r["amount"]:
            assert r["intent"] in ("already_paid", PTP, "payment_plan"), r["id"]
            assert r["amount"] == f"{float(r['amount']):g}" or "." in r["amount"]
            if "." in r["amount"]:
                assert len(r["amount"].split(".")[1]) == 2 and not r["amount"].endswith(".00")
        expr = r["_expr"]
        if r["promised_date"]:
            assert r["intent"] == PTP, r["id"]
            today = local.date()
            p = date.fromisoformat(r["promised_date"])
            assert p >= today, (r["id"], p, today)
            assert p == resolve(expr, today) == search(expr, today), (r["id"], expr)
            if expr[0] == "wd_dom":
                assert p.weekday() == expr[1] and 1 <= (p - today).days <= 6, r["id"]
        else:
            assert expr is None, r["id"]
    return by_loc, by_int, len(dated)


def self_test():
    d = date
    assert resolve(("wd", FRI), d(2026, 12, 4)) == d(2026, 12, 11)  # Friday -> +7
    assert resolve(("dom", 31), d(2026, 11, 20)) == d(2026, 12, 31)
    assert resolve(("eom",), d(2026, 2, 28)) == d(2026, 2, 28)
    assert resolve(("quin",), d(2026, 2, 15)) == d(2026, 2, 28)
    assert resolve(("quin",), d(2026, 2, 28)) == d(2026, 3, 15)
    assert resolve(("next_week",), d(2026, 12, 6)) == d(2026, 12, 11)  # Sunday
    assert resolve(("next_week",), d(2026, 12, 7)) == d(2026, 12, 18)  # Monday
    assert resolve(("weekend",), d(2026, 12, 5)) == d(2026, 12, 12)  # Saturday
    assert resolve(("dm", 5, 1), d(2026, 12, 20)) == d(2027, 1, 5)
    for n in range(800):
        t = d(2026, 1, 1) + timedelta(days=n)
        for e in [("wd", k) for k in range(7)] + [("dom", k) for k in (1, 15, 29, 30, 31)] + [
                ("eom",), ("quin",), ("next_week",), ("weekend",), ("rel", 3), ("dm", 30, 6)]:
            assert resolve(e, t) == search(e, t), (e, t)


def noisy(text):
    """Heuristic for the README: missing accents, slang, typos, caps, emoji, abbreviations."""
    t = text
    markers = ["wn", " q ", "q ", "pa ", "msj", "msg", "x ", "pfv", "vc", "blz", "vlw", "ctm",
               "rn", "idk", "ill ", "im ", "dont", "whats", "thru", "stpo", "escriv", "fabor",
               "naum", "wey", "qe ", "neta", "po", "pe", "ps ", "altiro", "nomas", "porfa",
               "tô", "tá", "pra", "pqp", "lol", "jaja", "asd", "ola k", "numero", "mas",
               "pague", "transferi", "deposite", "dia", "como", "donde", "cual", "quien",
               "opcion", "credito", "esta", "ahi", "aqui", "despues", "telefono", "debia",
               "estan", "cancele", "ja", "naum", "i", "u", "pls", "no se", "saque",
               "ningun", "mio", "tranqui", "xfa", "kede", "kiero", "dsd", "nao", "mes", "c",
               "atencion", "camion", "quedaria", "reflejado?"]
    if any(ord(c) > 0x2000 for c in t) or (t.isupper() and len(t) > 3):
        return True
    if any(f" {m.strip()} " in f" {t.lower()} " for m in markers):
        return True
    if "!!" in t or "??" in t:
        return True
    return False


def write(rows, by_loc, by_int, n_dated):
    cols = ["id", "locale", "sent_at", "timezone", "intent", "promised_date", "amount", "text"]
    with open(OUT / "replies_mar.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    n_noisy = sum(noisy(r["text"]) for r in rows)
    locs = list(ZONES)
    tab = ["| intent | " + " | ".join(locs) + " | total |",
           "|---" * (len(locs) + 2) + "|"]
    pair = Counter((r["intent"], r["locale"]) for r in rows)
    for it in INTENTS:
        cells = " | ".join(str(pair[(it, lc)]) for lc in locs)
        tab.append(f"| {it} | {cells} | {by_int[it]} |")
    tab.append("| total | " + " | ".join(str(by_loc[lc]) for lc in locs) + f" | {len(rows)} |")
    kinds = Counter(r["_expr"][0] for r in rows if r["_expr"])
    kinds_s = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    readme = readme_text(n=len(rows), table="\n".join(tab), dated=n_dated,
                           undated=by_int[PTP] - n_dated, kinds=kinds_s, seed=SEED,
                           noisy=n_noisy, pct=round(100 * n_noisy / len(rows)))
    (OUT / "README_mar.md").write_text(readme, encoding="utf-8")


def readme_text(n, table, dated, undated, kinds, seed, noisy, pct):
    return f"""# replies_mar.csv: blind evaluation set of debtor replies

{n} hand-written debtor replies to debt-collection messages (WhatsApp/SMS style) in seven
locales, labelled by the rules in `labels2.md`. Built by `build_mar.py` (stdlib only,
seed {seed}); rerunning it reproduces the CSV and this README byte for byte.

## How it was built

* Every text was written by hand in `build_mar.py` with its locale, intent, amount and, for
  dated promises, a structured date expression (`rel`, `wd`, `dom`, `dm`, `dmy`, `eom`,
  `quin`, `next_week`, `weekend`, `wd_dom`).
* For each row the generator picks a timezone consistent with the locale (weighted towards
  the main zone; e.g. Punta_Arenas for CL, Tijuana/Hermosillo/Cancun for MX, Manaus/Cuiaba
  for BR, Phoenix/Anchorage/Honolulu for US) and a local send time in 2026-2027 with a
  daytime-weighted hour. Wall times that fall in a DST gap or overlap are rejected and
  redrawn; `sent_at` carries the offset `zoneinfo` gives for that instant.
* `promised_date` is computed from the local send date by the labels2.md rules, then
  recomputed independently by a day-by-day search; both must agree, and must be >= the
  local send date. Explicit-year dates get a send date 1-75 days before, dates without a year
  1-60 days before an occurrence (so "January 5" is never 11 months away); "viernes 15" /
  "Friday the 15th" rows are sent 1-6 days before a real Friday the 15th.
* Self-checks: offsets round-trip, no DST-missing/ambiguous times, only promise_to_pay rows
  carry dates, amounts only on already_paid / promise_to_pay / payment_plan rows, no
  duplicate text within a locale, minimum counts.
* Rows are shuffled with the seeded RNG and numbered `m0001`...

## Counts

{table}

promise_to_pay: {dated} with a resolved `promised_date`, {undated} undated ("apenas cobre",
"assim que receber", "as soon as my tax refund comes in"). Date expression kinds: {kinds}.
About {pct}% of texts ({noisy}) are noisy by a rough heuristic (missing accents, slang,
typos, CAPS, emoji, abbreviations); many more lack accents or punctuation.

## Judgement calls

* opt_out wins over everything: stop requests mixed with payment claims ("ya pagué ... no
  me escriban"), link requests ("no me llamen, mándeme el link de PSE"), thanks, questions
  about the balance, regulator threats (SERNAC, Condusef/REPEP, SIC, Indecopi/SBS, Defensa
  del Consumidor, Procon/Não Me Perturbe, CFPB/TCPA), data-protection requests (Ley 19.628,
  ARCO, habeas data, Ley 29733, Ley 25.326, LGPD, FDCPA cease and desist) and "this number
  is not that person's anymore, stop" are all opt_out. Amount is empty on opt_out rows even
  when a payment is mentioned.
* A wrong number without a stop request is dispute; with one it is opt_out.
* Partial payment plus a future remainder ("pagué la mitad el sábado y el resto lo pago el
  30", "ya aboné una parte ... el resto el mes que viene") is already_paid with no date and
  no amount (the amount paid is not stated).
* Hedged dates ("a lo mejor el viernes puedo, no se", "capaz el lunes", "talvez na sexta",
  "maybe friday idk") are hardship, not promises; "voy a ver si puedo" is hardship.
* "I get paid friday, I'll pay then" is a dated promise (friday). "el dia 30 me cae el
  sueldo y le pago" is a promise on the next 30th. "el 20 me pagan y le pago ps" likewise.
* en_US numeric dates are month/day ("12/20" = 20 December). "January 5" is a written date.
* Amount: "lucas"/"mil" multiply by 1000; "$45.500" = 45500; "R$ 150,00" = 150;
  "R$ 89,90" = 89.90; "$1,250.00" (en) = 1250. Amounts disputed, charged twice, owed or
  lacking ("não tenho nem 50 reais") and spam amounts stay empty. payment_plan rows carry an
  amount only when they offer an instalment ("20 lucas mensuales", "$75 a month"); "en 6
  pagos"/"3 cuotas"/"10x" are counts, not amounts.
* "a qué número puedo llamar para hablar con un asesor?" is wants_agent (asks for a person),
  not payment_link. "hay una persona de verdad que me atienda?" is wants_agent.
* "de donde sacaron mi numero", greetings, "Dios le bendiga", season's greetings, gibberish
  and phishing/spam are unknown.
"""


def main():
    self_test()
    rows = build_rows()
    by_loc, by_int, n_dated = check(rows)
    write(rows, by_loc, by_int, n_dated)
    print(f"rows={len(rows)} dated={n_dated}")
    print("intents:", dict(sorted(by_int.items())))
    print("locales:", dict(sorted(by_loc.items())))


if __name__ == "__main__":
    main()
