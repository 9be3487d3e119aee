#!/usr/bin/env python3
"""Build replies_feb.csv: a blind evaluation set of debtor replies to dunning messages.

Deterministic (seeded), stdlib only (Python 3.11, zoneinfo). Every text is hand-written in
DATA below with its locale, intent code, amount and a structured date expression; sent_at and
promised_date are computed here by the rules of labels2.md, then checked a second way.

DATA format: '@locale' starts a block; an entry is 'CODE|amount|expr|text', and lines starting
with two spaces continue the text of the previous entry (joined with one space).
  CODE: O opt_out, D dispute, P already_paid, T promise_to_pay, L payment_plan, H hardship,
        A wants_agent, K payment_link, C ack, U unknown
  expr (promise_to_pay only; '-' = promise without a resolvable date):
        rel:N      today+N (hoy 0, mañana 1, pasado mañana 2, en N días, en una semana 7)
        wd:K       next weekday K (0=Mon) strictly after today
        dom:D      first date >= today with day number D
        md:M-D     first date >= today with that month/day; md:YYYY-M-D with explicit year
        eom        last day of the current month
        quin       next payday (15th or last day) strictly after today
        nw         Friday of the next Monday-to-Sunday week
        we         next Saturday strictly after today
        wddom:K-D  weekday K plus day D ("el viernes 15"); send date 1-6 days before such a day
  '@' after expr adds send-date constraints joined by '+': swK send weekday K, sdN send day N,
        smM send month M, sl send on the last day of the month.
"""
import calendar
import csv
import io
import random
import re
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20260214
OUT_DIR = Path(__file__).resolve().parent
CSV_PATH = OUT_DIR / "replies_feb.csv"
README_PATH = OUT_DIR / "README_feb.md"
START, END = date(2026, 1, 1), date(2027, 12, 31)

INTENTS = {
    "O": "opt_out", "D": "dispute", "P": "already_paid", "T": "promise_to_pay",
    "L": "payment_plan", "H": "hardship", "A": "wants_agent", "K": "payment_link",
    "C": "ack", "U": "unknown",
}
PRIORITY = [INTENTS[c] for c in "ODPTLHAKCU"]
LOCALES = ["es_CL", "es_MX", "es_CO", "es_PE", "es_AR", "pt_BR", "en_US"]

# zone -> weight, per locale (capital-heavy, with non-capital zones)
ZONES = {
    "es_CL": {"America/Santiago": 8, "America/Punta_Arenas": 2},
    "es_MX": {"America/Mexico_City": 6, "America/Monterrey": 2, "America/Tijuana": 2,
              "America/Cancun": 1, "America/Merida": 1, "America/Hermosillo": 1,
              "America/Mazatlan": 1, "America/Chihuahua": 1, "America/Ciudad_Juarez": 1},
    "es_CO": {"America/Bogota": 1},
    "es_PE": {"America/Lima": 1},
    "es_AR": {"America/Argentina/Buenos_Aires": 6, "America/Argentina/Cordoba": 2,
              "America/Argentina/Mendoza": 1, "America/Argentina/Salta": 1,
              "America/Argentina/Tucuman": 1, "America/Argentina/Ushuaia": 1},
    "pt_BR": {"America/Sao_Paulo": 6, "America/Manaus": 1, "America/Cuiaba": 1,
              "America/Recife": 1, "America/Fortaleza": 1, "America/Bahia": 1,
              "America/Belem": 1, "America/Campo_Grande": 1, "America/Porto_Velho": 1,
              "America/Rio_Branco": 1, "America/Noronha": 1},
    "en_US": {"America/New_York": 4, "America/Chicago": 3, "America/Denver": 1,
              "America/Los_Angeles": 3, "America/Phoenix": 1, "America/Anchorage": 1,
              "Pacific/Honolulu": 1, "America/Detroit": 1, "America/Boise": 1,
              "America/Indiana/Indianapolis": 1},
}

# Independent offset table (hours): allowed UTC offsets per zone, for the self-check.
EXPECTED_OFFSETS = {
    "America/Santiago": {-4, -3}, "America/Punta_Arenas": {-3},
    "America/Mexico_City": {-6}, "America/Monterrey": {-6}, "America/Tijuana": {-8, -7},
    "America/Cancun": {-5}, "America/Merida": {-6}, "America/Hermosillo": {-7},
    "America/Mazatlan": {-7}, "America/Chihuahua": {-6}, "America/Ciudad_Juarez": {-7, -6},
    "America/Bogota": {-5}, "America/Lima": {-5},
    "America/Argentina/Buenos_Aires": {-3}, "America/Argentina/Cordoba": {-3},
    "America/Argentina/Mendoza": {-3}, "America/Argentina/Salta": {-3},
    "America/Argentina/Tucuman": {-3}, "America/Argentina/Ushuaia": {-3},
    "America/Sao_Paulo": {-3}, "America/Manaus": {-4}, "America/Cuiaba": {-4},
    "America/Recife": {-3}, "America/Fortaleza": {-3}, "America/Bahia": {-3},
    "America/Belem": {-3}, "America/Campo_Grande": {-4}, "America/Porto_Velho": {-4},
    "America/Rio_Branco": {-5}, "America/Noronha": {-2},
    "America/New_York": {-5, -4}, "America/Chicago": {-6, -5}, "America/Denver": {-7, -6},
    "America/Los_Angeles": {-8, -7}, "America/Phoenix": {-7}, "America/Anchorage": {-9, -8},
    "Pacific/Honolulu": {-10}, "America/Detroit": {-5, -4}, "America/Boise": {-7, -6},
    "America/Indiana/Indianapolis": {-5, -4},
}

# Reply hour weights: daytime-heavy, a little late night.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 3, 6, 9, 11, 12, 12, 12, 12, 11, 11, 11, 11, 12, 12, 11,
                9, 6, 3]

DATA = """
@es_CL
O|||STOP
O|||no me escriban mas x favor 🙄
O|||Estimados: conforme a la Ley 19.628 sobre protección de la vida privada, solicito que
  eliminen mi número de sus bases de datos y cesen todo contacto por WhatsApp, SMS y llamadas.
O|||como hago pa q dejen de llegarme estos mensajes??
O|||Wow otro mensajito mas, que lindo 🙃 En serio, BASTA, no me escriban mas
O|||otra vez?? los voy a denunciar al SERNAC si siguen hueveando, paren con los mensajes
O|||este numero ya no es mio hace como un año, dejen de mandar cosas
O|||no me interesa na, no me contacten mas
O|||por wsp no porfa, solo por correo. no me escriban por aca
O|||SAQUENME DE SU LISTA DE CONTACTOS
O|||ya pague todo el mes pasado asi que ahora dejen de escribirme
O|||gracias por la info pero no quiero recibir mas mensajes de ustedes 🙏
T|20000|wd:4@sw4|el viernes te transfiero las 20 lucas
T|35000|rel:1|mañana en la mañana deposito los $35.000 por caja vecina
T||eom|a fin de mes pago, ahi me llega el sueldo 🙏🏻
T|50000|dom:5|el 5 pago 50 lucas, ese dia m pagan
T||rel:0|hoy en la tarde hago la tranferencia a la cuenta rut
T|15000|nw|la proxima semana le abono 15 lucas compadre
T|120500|md:3-12|el 12 de marzo pago los $120.500
T||wd:0|El lunes sin falta pago, me comprometo.
T|80000|rel:3|en 3 dias le pago los 80 mil, estoy esperando q me paguen un pololito
T|25000|dom:31@sm4+sd25|el 31 le deposito 25 lucas
T||-|apenas me paguen el finiquito pago todo, palabra
T|10000|-|voy a abonar 10 lucas cuando me llegue la plata del bono
D|||yo nunca saque ese credito debe ser un error???
D|||me estan cobrando dos veces la misma cuota de $45.990, revisen
D|||numero equivocado, no conozco a ninguna Marcela
D|||Me robaron la cédula el 2024 y puse la denuncia en carabineros, esa deuda NO es mía
P|32000||ya transferi los 32 lucas ayer, le mando el comprobante
P|||pague por servipag el lunes, porfa revisen
P|18500||hola, deposité $18.500 en caja vecina, les llego?
P|||ya esta pagado hace rato wn, por mach
L|||se puede pagar en cuotas?
L|30000||podria pagar 30 lucas mensuales hasta completar, hacemos un convenio?
L|||quiero repactar la deuda, en cuantas cuotas me la dejan
L|||hay alguna opcion de acuerdo de pago? no puedo pagar todo junto
H|||toy cesante desde marzo... no tengo como pagar ahora
H|||no tengo plata este mes, tuve q pagar el dentista d mi hija
H|||a lo mejor el viernes puedo, no se, ando corto
H|||me operaron y estoy con licencia medica, ahora mismo no puedo
A|||kiero hablar con una persona
A|||me pueden llamar? prefiero conversarlo
A|||hay algun ejecutivo con quien hablar? no un bot porfa
A|||necesito hablar con alguien de cobranza pa ver mi caso
K|||a que cuenta transfiero?
K|||mandame el link de pago porfa
K|||se puede pagar en la caja vecina o tiene q ser transferencia? cual es la cuenta
K|||donde pago?? no me aparece el boton en la app
C|||ok
C|||recibido, grax
C|||👍
C|||ya, dale, gracias por avisar
U|||quien habla?
U|||hola buenas tardes
U|||jajaja me equivoque de chat sorry
U|||GANASTE un iPhone 16!! reclamalo aqui bit.ly/prem1o-cl antes de 24h
@es_MX
O|||BAJA
O|||Ya no me manden mensajes porfavor
O|||Por medio del presente y con fundamento en la Ley Federal de Protección de Datos
  Personales en Posesión de los Particulares, ejerzo mi derecho de oposición (ARCO) y solicito
  que dejen de contactarme por cualquier medio.
O|||ke tengo q hacer para q ya no me llegen sus mensajes??
O|||ya los voy a reportar con la CONDUSEF, dejen de estar chingando con sus mensajes a cada rato
O|||que parte de NO ME MARQUEN no entienden??? ya basta
O|||Este número ya no es de la persona que buscan, ya no manden nada
O|||no me interesa nada de ustedes, no me contacten
O|||no me llamen al trabajo, si quieren mandenme el link pero no me llamen mas
O|||quiero que me quiten de su lista de cobranza, ya me tienen harta
O|||ya pagué en oxxo desde el martes, ahora sí déjenme de escribir
O|||gracias pero ya no quiero recibir SMS de ustedes
T||quin@sd15|en la quincena le pago
T|1500|wd:4|el viernes deposito los 1500 en oxxo
T|800|rel:1|mañana le ago la transferencia de 800 pesos
T|2000|rel:2|pasado mañana pago 2 mil, ahorita no traigo
T||dom:15|el 15 me pagan y le liquido 🙏
T||md:1-2|el 2 de enero pago sin falta, ya con el aguinaldo
T||we|el fin de semana paso al oxxo a pagar 👍
T|3500|wddom:4-15|el viernes 15 le pago los $3500
T||rel:7|dentro de una semana le deposito lo que debo
T|600|eom|a fin de mes le abono 600, neta
T||-|en cuanto me caiga la lana le pago, se lo prometo
T||-|ahorita no pero apenas cobre le pago todo wey
D|||Yo ya había cancelado ese servicio desde enero, no debo nada
D|||neta que no reconozco esa deuda, yo nunca pedi un prestamo con ustedes
D|||Se equivocaron de número, no conozco a ningún Juan Carlos
D|||me cobraron doble el mes pasado, $1800 dos veces, arreglen eso
P|1200||ya pague los $1200 en oxxo, aqui esta el ticket
P|||ya hice la tranferencia x SPEI ayer en la noche
P|||deposité en banco azteca el sabado, ya se reflejó?
P|950||ya les pague 950 por la app, chequen
L|||me pueden dar chanse d pagarlo a plazos?
L|500||puedo dar 500 cada quincena hasta terminar, se puede?
L|||quiero hacer un convenio de pago, no puedo pagar todo de golpe
L|||cuantos pagos me pueden dar para liquidar
H|||me quede sin chamba, no tengo pa pagar ahorita 😔
H|||no tengo ni para la renta este mes, disculpe
H|||mi mama esta en el hospital y todo se va en medicinas, ahorita imposible
H|||este mes no puedo, me recortaron el sueldo a la mitad
A|||kiero hablar con un asesor xfa
A|||me puede marcar alguien? no le entiendo al mensaje
A|||necesito hablar con una persona real no con un robot
A|||hay algun numero donde me atienda un ejecutivo?
K|||me pasa la CLABE para transferir?
K|||donde puedo pagar, en oxxo se puede??
K|||como pago? mandeme la referencia
K|||me manda el link para pagar con tarjeta
C|||Ok gracias
C|||enterado
C|||👌👌
C|||sale, gracias joven
U|||quien es??
U|||buenos dias
U|||Préstamos rápidos sin buró! dinero en 10 minutos 👉 wa.me/5215512345678
U|||perdon era para mi hermana jaja
@es_CO
O|||no más mensajes
O|||Señores: de acuerdo con la Ley 1581 de 2012 (Habeas Data) solicito la supresión de mis
  datos personales y que se abstengan de contactarme por cualquier canal.
O|||como hago para que no me vuelvan a escribir?
O|||conozco la ley 2300, no me pueden escribir a esta hora ni los fines de semana. NO ME
  ESCRIBAN MAS
O|||qué pena pero este número ya no es de esa persona, por favor no escriban más
O|||los voy a denunciar ante la Superintendencia Financiera si siguen molestando con mensajes
O|||que fastidio, todos los dias lo mismo... ya dejen de joder parce
O|||no estoy interesado, no me contacten 🙅‍♂️
O|||por whatsapp no me escriban, si acaso al correo
O|||quiero que me borren de su base de datos
O|||ya pagué por Nequi, ahora no me vuelvan a llamar ni escribir
O|||muchas gracias, pero por favor no me manden más SMS
T|150000|wd:4|el viernes le consigno los 150 mil por Nequi
T||quin|en la quincena le pago sin falta 🙏
T|200000|rel:1|mañana le pago 200k por daviplata
T||dom:30@sm2|el 30 me pagan y le cancelo
T|85000|md:6-20|el 20 de junio pago los $85.000
T||nw|la semana que viene le pago, regáleme unos días
T||rel:0|hoy mismo le transfiero por PSE
T|50000|rel:5|en 5 dias le deposito 50 mil en efecty
T||wd:1|el martes le pago sumercé
T||eom|a final del mes le cancelo todo
T||-|apenas me consignen el sueldo le pago
T|100000|-|le voy a abonar 100 mil cuando me paguen la prima
D|||yo no tengo ningún crédito con ustedes, creo que es suplantación de identidad
D|||ese plan lo cancelé hace rato, tengo el radicado, no debo nada
D|||esa deuda me la condonaron en el acuerdo del año pasado, revisen
D|||NUMERO EQUIVOCADO SEÑOR
P|||ya consigne ayer le mando el comprovante
P|120000||ya le hice la transferencia por Bancolombia de 120.000
P|||pagué en efecty el sábado, ya les llegó?
P|45500||listo, pagué $45.500 por PSE
L|||puedo pagar x cuotas?
L|60000||le puedo dar 60 mil mensuales, hacemos un acuerdo de pago?
L|||me pueden diferir la deuda a 6 cuotas?
L|||quisiera llegar a un acuerdo, todo de una no puedo
H|||ESTOY DESEMPLEADO, ahorita no tengo con qué
H|||este mes está muy duro, no me alcanza ni pal mercado
H|||estuve incapacitado dos meses y me atrasé en todo
H|||no sé cuándo pueda pagar, la verdad no tengo
A|||me puede llamar un asesor por favor
A|||con kien puedo hablar para negociar??
A|||necesito hablar con alguien, no con un bot
A|||quiero que me atienda una persona
K|||regáleme el número de cuenta para consignar
K|||se puede pagar por Nequi? a qué número
K|||me envia el link d PSE porfa
K|||en qué corresponsal puedo pagar
C|||listo gracias
C|||ok recibido
C|||🙏
C|||vale, entendido
U|||quién es?
U|||buenas noches, con quién tengo el gusto?
U|||FELICIDADES! fue seleccionado para un bono de $500.000, ingrese a claim-bono-co.xyz
U|||parce mañana hay partido?
@es_PE
O|||ya no me escriban
O|||Solicito, al amparo de la Ley N° 29733 de Protección de Datos Personales, la cancelación de
  mis datos y que no se me contacte más por ningún medio.
O|||como hago para que ya no me lleguen sus mensajes pe
O|||voy a poner mi queja en INDECOPI, me escriben hasta los domingos, DEJEN DE ESCRIBIRME
O|||este celular ya no es de esa señora, lo compre hace meses, ya no escriban
O|||que bonito, otro mensaje a las 7am 😒 gracias, ya no quiero mas
O|||no me interesa, no me contacten porfa
O|||no me llamen, escribanme solo por correo
O|||eliminen mi numero de su lista
O|||ya pague por yape, ya no me manden mensajes
O|||gracias, pero ya no deseo recibir mensajes
O|||basta!!!
T|300|wd:5|el sábado le yapeo 300 soles
T||rel:1|mañana le deposito en el agente BCP
T|150|rel:2|pasado mañana le pago 150
T||eom|a fin de mes pago, cuando cobre causa
T||quin|en la quincena le cancelo, ya pe
T|500|dom:10|el 10 le pago 500 soles
T||md:7-20|el 20/07 pago con la gratificacion
T|1200|md:2026-12-15|le pago S/ 1.200 el 15/12/2026
T||wd:2|el miercoles sin falta le pago 💯
T||rel:4|en 4 dias le transfiero por plin
T||-|apenas me depositen la CTS le pago todo
T|200|-|le voy a pagar 200 soles cuando me paguen la chamba
D|||yo no e sacado ningun prestamo, es un FRAUDE
D|||me cobran S/ 89,90 dos veces, revisen su sistema
D|||esa linea la cancelé en el 2025 y tengo la constancia de baja, no debo nada
D|||numero equivocado, no soy Rosa
P|250||ya le yapee los 250 soles, le mando captura
P|||ayer deposite en el BCP, ya le llego?
P|89.90||pague S/ 89,90 por la app de interbank
P|||ya pague causa, revisa
L|||se puede fraccionar la deuda?
L|100||puedo pagar 100 soles mensuales, se puede un acuerdo?
L|||kiero pagar en cuotas, cuantas me dan?
L|||se puede refinanciar en cuotas?
H|||me botaron de la chamba, ahorita no tengo nada
H|||no tengo plata este mes, disculpe 😞
H|||estoy enfermo y sin trabajar, no puedo pagar
H|||mi negocio esta parado, no se cuando pueda
A|||quiero hablar con un asesor
A|||llamenme x favor para conversar
A|||hay alguien con quien hablar? una persona
A|||nesecito un operador
K|||a q cuenta deposito?
K|||tienen yape? a que numero
K|||como pago? mandenme el codigo de pago
K|||se puede pagar en agente interbank?
C|||ok
C|||ya, gracias
C|||👍👍
C|||recibido
U|||quien es
U|||holaa
U|||oferta!! prestamos al toque sin aval, escribe al 987654321
U|||jajaja que??
@es_AR
O|||BASTA
O|||Por la presente, y en los términos de la Ley 25.326 de Protección de Datos Personales,
  solicito la supresión de mis datos y el cese inmediato de todo contacto.
O|||como hago para que dejen de mandarme mensajes? ya no se como decirlo
O|||los voy a denunciar en defensa del consumidor, dejen de joder con los mensajes
O|||uy que sorpresa, otro mensaje! 🙄 dejen de escribirme por favor
O|||este numero ya no es mas de esa persona, cortenla
O|||no me interesa, NO me contacten mas
O|||no me manden mas whatsapp, si quieren mandenme un mail
O|||sacame de la lista de difusion
O|||ya pague por mercado pago, ahora dejen de escribir
O|||gracias pero no quiero mas mensajes de esta empresa
O|||ya me anote en el No Llame, no me pueden escribir mas
T|45000|wd:4|el viernes te transfiero las 45 lucas
T||rel:1|mañana te pago, dejame cobrar
T|30000|rel:0|hoy a la noche te mando $30.000 por mercado pago
T||eom|a fin de mes lo pago completo, tranqui
T|100000|dom:10|el 10 cobro y te pago 100 mil
T||md:12-20|el 20/12 con el aguinaldo te pago todo
T||nw|la semana que viene pago, te lo juro
T||we|el fin de semana te deposito
T|25000|rel:10|en 10 dias te pago 25 lucas
T||wddom:0-30|el lunes 30 pago todo
T||-|cuando cobre el aguinaldo te pago, quedate tranquilo
T|50000|-|ni bien me paguen te mando 50 mil
D|||esa deuda no es mia, nunca tuve tarjeta con uds
D|||me cobraron dos veces la cuota de $12.500, fijense
D|||di de baja el servicio en agosto, tengo el numero de gestion
D|||equivocado, no conozco a ningun Martin
P|15000||ya te transferi las 15 lucas al CBU que me pasaste
P|||pague en rapipago el martes, te paso el comprobante
P|||ya esta pago desde la semana pasada che
P|8750.50||aboné $8.750,50 por pago facil
L|||se puede pagar en cuotas? 🙏
L|20000||te puedo dar 20 lucas por mes, hacemos un plan?
L|||hay algun plan de pagos? todo junto no llego
L|||quiero refinanciar en cuotas sin interes, se puede?
H|||me quede sin laburo no tengo un mango
H|||este mes no llego, estoy re complicado
H|||capaz la semana que viene puedo, no se, no te prometo nada
H|||estoy con problemas de salud y sin ingresos
A|||quiero hablar con alguien, HOLA??
A|||me llaman? prefiero hablarlo por telefono
A|||pasame con una persona de verdad
A|||hay algun asesor disponible?
K|||pasame el alias o el cbu xfa
K|||donde pago? se puede por rapipago?
K|||mandame el link de mercado pago
K|||cmo hago pa pagar?
C|||dale
C|||ok, gracias
C|||👍🏻
C|||recibido, joya
U|||quien sos?
U|||hola buen dia
U|||GANASTE un premio de Coto!! entra aca para reclamar bit.ly/c0to-premio
U|||che viste el partido de ayer?
@pt_BR
O|||SAIR
O|||PAREM DE ME MANDAR MENSAGEM
O|||Prezados, com base na Lei Geral de Proteção de Dados (Lei 13.709/2018), solicito a
  exclusão dos meus dados e que cessem qualquer contato comigo.
O|||como faço pra parar de receber essas mensagens??
O|||vou abrir reclamação no Procon e no Reclame Aqui se continuarem mandando msg. PAREM
O|||nossa, mais uma mensagem, que surpresa 🙄 me tira dessa lista
O|||esse numero nao é mais da pessoa q vcs procuram, parem de mandar
O|||não tenho interesse, não entrem mais em contato
O|||não me liguem mais, se quiser manda só por email
O|||me remove da lista de vcs pfv
O|||ja paguei o pix ontem, agora para de me mandar mensagem
O|||obrigado, mas não quero mais receber SMS
T|200|wd:4|na sexta faço o pix de R$ 200
T||rel:1|amanha eu pago sem falta
T|150.50|rel:0|hj ainda faço o pix de R$ 150,50
T||eom@sl|vou pagar no fim do mês, quando cair o salário
T||dom:10|dia 10 eu pago o boleto, pode ficar tranquilo 👍
T||quin|quando cair a quinzena eu pago vc, fica tranquila
T|350|nw|semana que vem pago os 350
T||rel:5|daqui a 5 dias eu quito tudo
T|1250|md:3-5|dia 05/03 pago R$ 1.250,00
T||rel:2|depois de amanhã eu pago, pode deixar
T||-|assim que eu receber eu pago, prometo
T|100|-|vou pagar 100 conto quando sair meu salario
D|||não reconheço essa dívida, nunca fiz compra com vcs
D|||fui vítima de golpe, abriram conta no meu nome, já fiz B.O.
D|||cobraram em dobro o boleto de R$ 79,90
D|||numero errado, nao conheço essa pessoa
P|89.90||já fiz o pix de R$ 89,90, segue comprovante
P|||paguei o boleto na lotérica ontem
P|||paguei semana passada, vcs não receberam?
P|430||transferi 430 reais pelo nubank agora
L|||da pra parcelar?
L|150||consigo pagar 150 por mês, dá pra fazer um acordo?
L|||quero negociar em parcelas pfv
L|||tem como parcelar em 10x no cartão?
H|||to desempregado, não tenho como pagar agora
H|||esse mes nao da, ta tudo apertado 😩
H|||tô doente e afastado do trabalho, sem condição
H|||não tenho nem 50 reais na conta
A|||quero falar c um atendente
A|||pode me ligar? prefiro falar por telefone
A|||tem alguém de verdade aí? não quero robô
A|||preciso falar com uma pessoa sobre essa cobrança
K|||qual a chave pix??
K|||manda o boleto pf
K|||como faço pra pagar?
K|||pode mandar o link de pagamento?
C|||ok obrigado
C|||blz
C|||👍
C|||recebido, valeu
U|||quem é?
U|||bom dia
U|||PARABÉNS! Você ganhou um vale de R$ 1.000, clique: premio-br.top/resgate
U|||kkkkkkk
@en_US
O|||STOP
O|||unsubscribe
O|||Pursuant to the FDCPA, 15 U.S.C. 1692c(c), I am notifying you in writing to cease all
  further communication with me regarding this account.
O|||how do i stop getting these texts
O|||Im filing a complaint with the CFPB and the state AG if you text me one more time
O|||oh great another text, just what I needed. stop texting me
O|||this isnt my number anymore, got it 6 months ago. stop texting it
O|||not interested, do not contact me again
O|||do not call me at work. you can email me but no more calls
O|||remove me from your list
O|||already paid this last week so quit texting me
O|||thanks but please stop sending me these messages
T|50|wd:4|I'll pay $50 on Friday
T||rel:1|tmrw ill pay it, promise
T|200|nw@sw6|gonna send 200 next week
T||eom|i can pay at the end of the month 🙏
T|1250|dom:15|I'll pay the $1,250.00 on the 15th
T||md:12-15|ill make the payment 12/15
T|89.90|rel:0|paying the $89.90 today after work
T||we|this weekend ill pay it off
T|300|rel:7|in a week I can send 300
T||md:1-3|I get paid Jan 3rd, I'll pay then
T||-|as soon as my check clears ill pay
T|2000|-|I'll pay 2k once my tax refund comes in
D|||I NEVER ordered this
D|||this is identity theft, I filed a police report and an FTC report
D|||you charged me twice for the same $64.99 payment
D|||wrong number, dont know who that is
P|75||I already paid $75 via zelle yesterday
P|||sent the money order last week, did you get it?
P|1250||paid $1,250 through the portal this morning
P|||I paid already here's the receipt
L|||can I do a payment plan?
L|100||I can do $100 a month, can we set up a plan
L|||is there any way to split this into installments
L|||what payment arrangements do you offer
H|||lost my job cant pay rn
H|||money is realy tight this month
H|||im in the hospital, cant deal with this now
H|||maybe friday, i dont know, things are rough
A|||can i talk to a REAL person
A|||pls call me
A|||I need to speak with a representative
A|||is there a human I can talk to about this
K|||where do i pay??
K|||send me the link pls
K|||do you take venmo or cash app?
K|||how do I pay this
C|||ok
C|||got it thx
C|||👍
C|||k
U|||who is this?
U|||hi
U|||CONGRATS! You've been selected for a $500 Walmart gift card. Claim now: wmrt-gift.co/claim
U|||lol wrong chat
"""

WEEKDAY_WORDS = {
    0: r"lunes|segunda|monday", 1: r"martes|terça|terca|tuesday",
    2: r"mi[eé]rcoles|quarta|wednesday", 3: r"jueves|quinta|thursday",
    4: r"viernes|sexta|friday", 5: r"s[aá]bado|saturday", 6: r"domingo|sunday",
}


def parse_data(raw):
    """Return a list of entry dicts from the DATA block."""
    entries, locale = [], None
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("@"):
            locale = line[1:].strip()
            assert locale in LOCALES, f"line {n}: bad locale {locale}"
            continue
        if line.startswith("  "):
            assert entries, f"line {n}: continuation without entry"
            entries[-1]["text"] += " " + line.strip()
            continue
        code, amount, expr, text = line.split("|", 3)
        assert code in INTENTS, f"line {n}: bad code {code}"
        assert locale, f"line {n}: entry before locale"
        cons = []
        if "@" in expr:
            expr, c = expr.split("@")
            cons = c.split("+")
        entries.append({"locale": locale, "intent": INTENTS[code], "amount": amount,
                        "expr": expr or None, "cons": cons, "text": text.strip(),
                        "line": n})
    return entries


def parse_expr(expr):
    """'wd:4' -> ('wd', (4,)); 'md:2026-12-15' -> ('md', (12, 15, 2026))."""
    if expr in (None, "-"):
        return None
    kind, _, arg = expr.partition(":")
    if kind == "md":
        nums = [int(x) for x in arg.split("-")]
        return ("md", (nums[0], nums[1], None) if len(nums) == 2 else (nums[1], nums[2], nums[0]))
    if kind == "wddom":
        k, d = arg.split("-")
        return ("wddom", (int(k), int(d)))
    if kind in ("rel", "wd", "dom"):
        return (kind, (int(arg),))
    assert kind in ("eom", "quin", "nw", "we") and not arg, f"bad expr {expr}"
    return (kind, ())


def last_day(y, m):
    return calendar.monthrange(y, m)[1]


def add_month(y, m):
    return (y + 1, 1) if m == 12 else (y, m + 1)


def resolve(pexpr, today):
    """Promise date by direct arithmetic (labels2.md rules)."""
    kind, a = pexpr
    if kind == "rel":
        return today + timedelta(days=a[0])
    if kind in ("wd", "we"):
        k = a[0] if kind == "wd" else 5
        return today + timedelta(days=(k - today.weekday() - 1) % 7 + 1)
    if kind in ("dom", "wddom"):
        d = a[0] if kind == "dom" else a[1]
        y, m = today.year, today.month
        while True:
            if d <= last_day(y, m) and date(y, m, d) >= today:
                res = date(y, m, d)
                break
            y, m = add_month(y, m)
        if kind == "wddom":
            assert res.weekday() == a[0], f"inconsistent weekday+day {pexpr} {today}"
        return res
    if kind == "md":
        m, d, y = a
        if y is not None:
            return date(y, m, d)
        cand = date(today.year, m, d)
        return cand if cand >= today else date(today.year + 1, m, d)
    if kind == "eom":
        return date(today.year, today.month, last_day(today.year, today.month))
    if kind == "quin":
        eom = date(today.year, today.month, last_day(today.year, today.month))
        if today.day < 15:
            return today.replace(day=15)
        if today < eom:
            return eom
        y, m = add_month(today.year, today.month)
        return date(y, m, 15)
    if kind == "nw":
        return today + timedelta(days=7 - today.weekday() + 4)
    raise ValueError(pexpr)


def resolve_search(pexpr, today):
    """Promise date a second way: walk day by day from today and test each day."""
    kind, a = pexpr
    monday = today - timedelta(days=today.weekday())

    def ok(d):
        if kind == "rel":
            return (d - today).days == a[0]
        if kind == "wd":
            return d > today and d.weekday() == a[0]
        if kind == "we":
            return d > today and d.weekday() == 5
        if kind == "dom":
            return d >= today and d.day == a[0]
        if kind == "wddom":
            return d >= today and d.day == a[1]
        if kind == "md":
            return (d >= today and (d.month, d.day) == (a[0], a[1])
                    and (a[2] is None or d.year == a[2]))
        if kind == "eom":
            return (d + timedelta(days=1)).day == 1
        if kind == "quin":
            return d > today and (d.day == 15 or (d + timedelta(days=1)).day == 1)
        if kind == "nw":
            return d.weekday() == 4 and d - timedelta(days=4) > monday
        raise ValueError(pexpr)

    d = today
    for _ in range(800):
        if ok(d):
            return d
        d += timedelta(days=1)
    raise AssertionError(f"search found no date for {pexpr} from {today}")


def cons_ok(d, cons):
    for c in cons:
        if c.startswith("sw") and d.weekday() != int(c[2:]):
            return False
        if c.startswith("sd") and d.day != int(c[2:]):
            return False
        if c.startswith("sm") and d.month != int(c[2:]):
            return False
        if c == "sl" and d.day != last_day(d.year, d.month):
            return False
    return True


def pick_send_date(rng, pexpr, cons):
    span = (END - START).days
    if pexpr and pexpr[0] == "wddom":
        k, dd = pexpr[1]
        targets = [START + timedelta(days=i) for i in range(7, span + 1)]
        targets = [t for t in targets if t.day == dd and t.weekday() == k]
        return rng.choice(targets) - timedelta(days=rng.randint(1, 6))
    if pexpr and pexpr[0] == "md":
        m, dd, y = pexpr[1]
        while True:
            target = date(y if y else rng.choice([2026, 2027]), m, dd)
            back = 0 if rng.random() < 0.1 else rng.randint(1, 40)
            d = target - timedelta(days=back)
            if START <= d <= END and cons_ok(d, cons):
                return d
    while True:
        d = START + timedelta(days=rng.randint(0, span))
        if cons_ok(d, cons):
            return d


def valid_local(dt, zi):
    """True when the wall time exists and is unambiguous in zi."""
    back = dt.astimezone(timezone.utc).astimezone(zi)
    if back.replace(tzinfo=None) != dt.replace(tzinfo=None):
        return False
    return dt.replace(fold=0).utcoffset() == dt.replace(fold=1).utcoffset()


def pick_sent_at(rng, d, zone):
    zi = ZoneInfo(zone)
    while True:
        hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
        t = time(hour, rng.randint(0, 59), rng.randint(0, 59))
        dt = datetime.combine(d, t, tzinfo=zi)
        if valid_local(dt, zi):
            return dt


def build_rows(entries):
    rng = random.Random(SEED)
    rows = []
    for e in entries:
        zones = ZONES[e["locale"]]
        zone = rng.choices(list(zones), weights=list(zones.values()))[0]
        pexpr = parse_expr(e["expr"]) if e["intent"] == "promise_to_pay" else None
        d = pick_send_date(rng, pexpr, e["cons"])
        dt = pick_sent_at(rng, d, zone)
        promised = resolve(pexpr, dt.date()).isoformat() if pexpr else ""
        rows.append({"locale": e["locale"], "sent_at": dt.isoformat(timespec="seconds"),
                     "timezone": zone, "intent": e["intent"], "promised_date": promised,
                     "amount": e["amount"], "text": e["text"], "_expr": pexpr,
                     "_line": e["line"]})
    rng_shuffle = random.Random(SEED + 1)
    rng_shuffle.shuffle(rows)
    for i, r in enumerate(rows, 1):
        r["id"] = f"f{i:04d}"
    return rows


AMOUNT_RE = re.compile(r"^[1-9]\d*(\.\d{2})?$")


def check(entries, rows):
    errors = []
    for e in entries:
        if e["expr"] is not None and e["intent"] != "promise_to_pay":
            errors.append(f"line {e['line']}: date expr on {e['intent']}")
        if e["intent"] == "promise_to_pay" and e["expr"] is None:
            errors.append(f"line {e['line']}: promise without expr ('-' if undated)")
        if "|" in e["text"] or "\n" in e["text"]:
            errors.append(f"line {e['line']}: bad character in text")
    seen = set()
    for r in rows:
        tag = f"{r['id']} (line {r['_line']})"
        zi = ZoneInfo(r["timezone"])
        sent = datetime.fromisoformat(r["sent_at"])
        off = sent.utcoffset()
        local = sent.astimezone(zi)
        if local.utcoffset() != off or local.replace(tzinfo=None) != sent.replace(tzinfo=None):
            errors.append(f"{tag}: offset mismatch {r['sent_at']} {r['timezone']}")
        if off.total_seconds() / 3600 not in EXPECTED_OFFSETS[r["timezone"]]:
            errors.append(f"{tag}: unexpected offset {off} for {r['timezone']}")
        if not valid_local(local, zi):
            errors.append(f"{tag}: missing or ambiguous local time")
        if r["timezone"] not in ZONES[r["locale"]]:
            errors.append(f"{tag}: zone not in locale")
        today = local.date()
        if not START <= today <= END:
            errors.append(f"{tag}: send date out of range")
        if r["promised_date"]:
            if r["intent"] != "promise_to_pay":
                errors.append(f"{tag}: date on non-promise")
            pd = date.fromisoformat(r["promised_date"])
            if pd < today:
                errors.append(f"{tag}: promised_date before send date")
            if pd != resolve_search(r["_expr"], today):
                errors.append(f"{tag}: search disagrees {r['_expr']} {today} {pd}")
            kind, a = r["_expr"]
            low = r["text"].lower()
            if kind in ("wd", "wddom") and not re.search(WEEKDAY_WORDS[a[0]], low):
                errors.append(f"{tag}: weekday word missing")
            if kind in ("dom", "wddom", "md"):
                dd = a[0] if kind == "dom" else a[1]
                if not re.search(rf"(?<!\d)0?{dd}(?!\d)", low):
                    errors.append(f"{tag}: day number missing")
        elif r["_expr"] is not None:
            errors.append(f"{tag}: dated expr without promised_date")
        amt = r["amount"]
        if amt:
            if not AMOUNT_RE.match(amt) or amt.endswith(".00"):
                errors.append(f"{tag}: bad amount {amt}")
            if r["intent"] not in ("already_paid", "promise_to_pay", "payment_plan"):
                errors.append(f"{tag}: amount on {r['intent']}")
            digits = re.sub(r"[.,]", "", r["text"])
            if str(int(float(amt))).rstrip("0") not in digits:
                errors.append(f"{tag}: amount {amt} not visible in text")
        key = (r["locale"], " ".join(r["text"].lower().split()))
        if key in seen:
            errors.append(f"{tag}: duplicate text in {r['locale']}")
        seen.add(key)
    by_intent = Counter(r["intent"] for r in rows)
    by_locale = Counter(r["locale"] for r in rows)
    dated = sum(1 for r in rows if r["promised_date"])
    if len(rows) < 360:
        errors.append(f"only {len(rows)} rows")
    for loc in LOCALES:
        if by_locale[loc] < 45:
            errors.append(f"{loc}: {by_locale[loc]} rows")
    for it in PRIORITY:
        if by_intent[it] < 25:
            errors.append(f"{it}: {by_intent[it]} rows")
    if by_intent["opt_out"] < 80:
        errors.append("opt_out < 80")
    if by_intent["promise_to_pay"] < 75:
        errors.append("promise_to_pay < 75")
    if dated < 60:
        errors.append(f"dated promises {dated} < 60")
    return errors


COLUMNS = ["id", "locale", "sent_at", "timezone", "intent", "promised_date", "amount", "text"]


def write_csv(rows):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([r[c] for c in COLUMNS])
    CSV_PATH.write_text(buf.getvalue(), encoding="utf-8", newline="")
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        back = list(csv.DictReader(f))
    assert [list(b.values()) for b in back] == [[r[c] for c in COLUMNS] for r in rows]


NOISE_WORDS = (
    r"\b(q|k|ke|x|xfa|pa|pal|pe|wn|wsp|vcs?|pfv?|hj|blz|kk+|rn|pls|thx|tmrw|ill|im|dont|cant|"
    r"isnt|toy|to|kiero|kien|chanse|nesecito|comprovante|cmo|llegen|porfa|porfavor|d|m|c|e|"
    r"ago|tranferencia|realy|grax|uds|tranqui|na|wey|neta|che|causa|parce|lol|jaja\w*)\b"
)


def is_noisy(text):
    """Rough heuristic: shouting, emoji, repeated ?/!, slang, abbreviations or typos."""
    return bool(re.search(r"\b[A-ZÁÉÍÓÚÑÃÇ]{4,}\b", text)
                or any(ord(ch) > 0x2500 for ch in text) or re.search(r"[?!]{2}", text)
                or re.search(NOISE_WORDS, text.lower()))


def write_readme(rows):
    by = Counter((r["intent"], r["locale"]) for r in rows)
    head = "| intent | " + " | ".join(LOCALES) + " | total |"
    lines = [head, "|" + "---|" * (len(LOCALES) + 2)]
    for it in PRIORITY:
        cells = [str(by[(it, loc)]) for loc in LOCALES]
        total = sum(by[(it, loc)] for loc in LOCALES)
        lines.append(f"| {it} | " + " | ".join(cells) + f" | {total} |")
    loc_tot = [str(sum(by[(it, loc)] for it in PRIORITY)) for loc in LOCALES]
    lines.append("| **total** | " + " | ".join(loc_tot) + f" | {len(rows)} |")
    dated = sum(1 for r in rows if r["promised_date"])
    undated = sum(1 for r in rows if r["intent"] == "promise_to_pay" and not r["promised_date"])
    kinds = Counter(r["_expr"][0] for r in rows if r["_expr"])
    kind_txt = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    zones = Counter((r["locale"], r["timezone"]) for r in rows)
    zone_txt = "\n".join(
        f"  * {loc}: " + ", ".join(f"{z} {n}" for (lc, z), n in sorted(zones.items()) if lc == loc)
        for loc in LOCALES)
    noisy = sum(is_noisy(r["text"]) for r in rows)
    amounts = sum(1 for r in rows if r["amount"])
    table = "\n".join(lines)
    README_PATH.write_text(f"""# replies_feb.csv: blind evaluation set of debtor replies

Built by `build_feb.py` (stdlib only, Python 3.11, `zoneinfo`; seed {SEED}). Run
`python3 build_feb.py` to regenerate byte-identical `replies_feb.csv` and this README.

## How it was built

* Every text was written by hand for this set (none taken from another set) and is stored in
  `build_feb.py` with its locale, intent, amount and, for promises, a structured date
  expression (`rel:N`, `wd:K`, `dom:D`, `md:M-D`, `eom`, `quin`, `nw`, `we`, `wddom:K-D`).
* For each text the generator picks a zone of the locale (weighted towards the capital but
  with non-capital zones), a send date in 2026-2027 and a daytime-weighted local time. Local
  times that do not exist or are ambiguous (DST changes) are rejected and re-drawn.
  `sent_at` is the local ISO 8601 time with the offset `zoneinfo` gives for that instant.
* Promises with explicit calendar dates get a send date 0-40 days before that date; "weekday
  + day" promises ("el viernes 15", "el lunes 30") are sent 1-6 days before a real Friday 15th
  / Monday 30th. A few promises are pinned to edge cases (e.g. "el viernes" sent on a Friday,
  "la quincena" sent on the 15th, "fim do mês" sent on the last day, "el 30" sent in
  February, "el 31" sent in late April, "next week" sent on a Sunday).
* `promised_date` is computed from the local send date by the labels2.md rules and checked
  against an independent day-by-day search; the script also checks offsets against a
  hand-written table of allowed offsets per zone, that no local time is missing or
  ambiguous, that promised_date >= send date, that only promise_to_pay rows carry dates, the
  amount format and intents, that weekday/day words appear in dated texts, that no text is
  repeated within a locale, and the size/mix minimums. It refuses to write on any failure.
* Rows are shuffled with a fixed seed and numbered `f0001`... (the brief for this set asked
  for an `f` prefix; labels2.md shows `r0001` as the general example).
* CSV: UTF-8, header, Python `csv` module with minimal quoting, `\\n` line endings.

## Counts

{table}

* Promises: {dated} dated, {undated} without a resolvable date. Date expression kinds:
  {kind_txt}.
* Rows with an amount: {amounts}. Rows with explicit noise by a rough heuristic (shouting,
  emoji, `??`/`!!`, slang, chat abbreviations, listed typos): {noisy} of {len(rows)}
  ({100 * noisy / len(rows):.0f} %). Most other texts are still informal (lower-case, missing
  accents or punctuation); a minority are clean, formal messages.
* Zones (rows per zone):
{zone_txt}

## Judgement calls

* Priority order is applied strictly: any request to stop contact on any channel is opt_out,
  even when mixed with "I already paid", thanks, "send me the link instead" or a wrong number.
  Channel-specific requests ("no me llamen, escríbanme al correo", "do not call me at work")
  are opt_out. Registering in Argentina's "No Llame" and citing Colombia's Ley 2300 count as
  opt_out because the message also tells them to stop.
* A plain wrong number ("número equivocado", "numero errado") without a stop request is
  dispute, as the clarifications say; "equivocado de chat" / "wrong chat" (the debtor sent a
  message to the wrong conversation) is unknown.
* Conditional promises without a date ("apenas cobre te pago", "cuando me paguen la prima le
  abono 100 mil", "once my tax refund comes in") are promise_to_pay with empty
  promised_date. Hedged or doubtful dates ("a lo mejor el viernes puedo, no sé", "capaz la
  semana que viene puedo, no te prometo nada", "maybe friday, i dont know") are hardship.
* "cancelar"/"le cancelo" in Colombia and Peru means "to pay" (promise); a cancelled line or
  service ("di de baja", "cancelé ese servicio") is dispute. "la CTS", "la prima", "la
  gratificación", "el aguinaldo" are pay events, not dates, unless a date is also written.
* Amounts follow labels2.md: "."/"," as thousands/decimal separators in es/pt; "lucas", "mil"
  and "k" multiply by 1000. Mexican texts avoid thousands separators ("$1500", "2 mil")
  because Mexico writes "1,500", which the es rule would misread; Peruvian decimals are
  written "S/ 89,90" for the same reason, and Peruvian soles are never called "lucas" here.
  "100 conto" (pt slang for reais) is 100. Amounts disputed, charged twice, owed, lacking or
  in spam stay empty; payment_plan rows carry an amount only when they offer an instalment.
* "repactar", "refinanciar en cuotas", "fraccionar", "diferir a 6 cuotas", "acuerdo de pago"
  and "payment arrangements" are payment_plan.
* Spam (prizes, gift cards, loan offers, with links), greetings and "who is this?" are unknown.
* Colombia and Peru have a single IANA zone each (America/Bogota, America/Lima).
""", encoding="utf-8")


def main():
    entries = parse_data(DATA)
    rows = build_rows(entries)
    errors = check(entries, rows)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    write_csv(rows)
    write_readme(rows)
    by_intent = Counter(r["intent"] for r in rows)
    by_locale = Counter(r["locale"] for r in rows)
    dated = sum(1 for r in rows if r["promised_date"])
    print(f"{len(rows)} rows; dated promises {dated}")
    print(dict(by_intent))
    print(dict(by_locale))


if __name__ == "__main__":
    main()
