"""Build replies_apr.csv: hand-written debtor replies to collection messages.

Deterministic (fixed seed), stdlib + zoneinfo only. Every reply text below was
written by hand; the script only assigns locale time zones, send times,
resolves promise dates from the reply's local date, shuffles and assigns ids.

Data line format (one reply per line):  intent|spec|amount|text
  spec for promise_to_pay rows:
    +N        today + N days            wd:N     next weekday N (Mon=0) after today
    dom:N     first date >= today with day N (months lacking it are skipped)
    domr      random day number, text uses {DOM} / {DOMTH}
    eom       last day of the current month
    q         next quincena payday (15th / last day) strictly after today
    nw        Friday of next Monday-Sunday week
    we        next Saturday strictly after today
    dt        random future date, text uses {DM} {DMD} {DMY} {DMYY} {WDATE}
              {MD} {MDY} {MONDAY} {MONTH}
    wdd:W:D   weekday W + day D; send date is 1-6 days before such a date
    none      promise with no resolvable date
  spec for other rows: empty, or h:A-B to force the local hour into [A, B].
  Placeholders {ZW} {ZWNJ} {NBSP} {BOM} insert odd invisible characters.
"""

import calendar
import csv
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20260404
HERE = Path(__file__).resolve().parent
OUT_CSV = HERE / "replies_apr.csv"
OUT_README = HERE / "README_apr.md"

LOCALES = ["es_CL", "es_MX", "es_CO", "es_PE", "es_AR", "pt_BR", "en_US"]
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
TZS = {
    "es_CL": ["America/Santiago"] * 4 + ["America/Punta_Arenas"],
    "es_MX": ["America/Mexico_City"] * 3
    + [
        "America/Monterrey",
        "America/Tijuana",
        "America/Cancun",
        "America/Hermosillo",
        "America/Merida",
        "America/Chihuahua",
    ],
    "es_CO": ["America/Bogota"],
    "es_PE": ["America/Lima"],
    "es_AR": ["America/Argentina/Buenos_Aires"] * 3
    + [
        "America/Argentina/Cordoba",
        "America/Argentina/Mendoza",
        "America/Argentina/Salta",
        "America/Argentina/Ushuaia",
    ],
    "pt_BR": ["America/Sao_Paulo"] * 3
    + [
        "America/Manaus",
        "America/Cuiaba",
        "America/Recife",
        "America/Fortaleza",
        "America/Belem",
        "America/Bahia",
        "America/Campo_Grande",
        "America/Rio_Branco",
    ],
    "en_US": [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Detroit",
        "America/Boise",
    ],
}
START = date(2026, 1, 5)
END = date(2026, 11, 28)

MONTHS = {
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "pt": [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
ODD = {"{ZW}": "\u200b", "{ZWNJ}": "\u200c", "{NBSP}": "\u00a0", "{BOM}": "\ufeff"}

DATA = {}


def last_day(y, m):
    return calendar.monthrange(y, m)[1]


def next_weekday(today, wd):
    d = today + timedelta(days=1)
    while d.weekday() != wd:
        d += timedelta(days=1)
    return d


def day_of_month(today, n):
    y, m = today.year, today.month
    for _ in range(24):
        if n <= last_day(y, m):
            cand = date(y, m, n)
            if cand >= today:
                return cand
        m += 1
        if m == 13:
            y, m = y + 1, 1
    raise ValueError(n)


def quincena(today):
    y, m = today.year, today.month
    for _ in range(3):
        for d in (15, last_day(y, m)):
            cand = date(y, m, d)
            if cand > today:
                return cand
        m += 1
        if m == 13:
            y, m = y + 1, 1
    raise ValueError(today)


def next_week_friday(today):
    monday = today + timedelta(days=7 - today.weekday())
    return monday + timedelta(days=4)


def ordinal(n):
    if 11 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def local_dt(rng, tz, day, hours):
    """Random valid local datetime on `day` (no DST gaps or ambiguities)."""
    for _ in range(200):
        naive = datetime(
            day.year,
            day.month,
            day.day,
            rng.randint(*hours),
            rng.randint(0, 59),
            rng.randint(0, 59),
        )
        a = naive.replace(tzinfo=tz, fold=0)
        b = naive.replace(tzinfo=tz, fold=1)
        if a.utcoffset() != b.utcoffset():
            continue
        if a.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
            continue
        return a
    raise RuntimeError("no valid local time")


def pick_hours(rng, spec):
    if spec.startswith("h:"):
        a, b = spec[2:].split("-")
        return int(a), int(b)
    r = rng.random()
    if r < 0.08:
        return 6, 7
    if r < 0.9:
        return 8, 20
    return 21, 23


def resolve(rng, spec, today, lang, text):
    """Return (promised_date or None, text with date placeholders filled)."""
    if spec == "none" or not spec or spec.startswith("h:"):
        return None, text
    if spec.startswith("+"):
        return today + timedelta(days=int(spec[1:])), text
    if spec.startswith("wd:"):
        return next_weekday(today, int(spec[3:])), text
    if spec.startswith("dom:"):
        return day_of_month(today, int(spec[4:])), text
    if spec == "domr":
        n = rng.choice([1, 2, 5, 5, 10, 10, 12, 15, 15, 18, 20, 20, 22, 25, 28, 30, 31])
        text = text.replace("{DOMTH}", ordinal(n)).replace("{DOM}", str(n))
        return day_of_month(today, n), text
    if spec == "eom":
        return date(today.year, today.month, last_day(today.year, today.month)), text
    if spec == "q":
        return quincena(today), text
    if spec == "nw":
        return next_week_friday(today), text
    if spec == "we":
        return next_weekday(today, 5), text
    if spec.startswith("wdd:"):
        return None, text  # promised date fixed by caller (send date chosen around it)
    if spec == "dt":
        t = today + timedelta(days=rng.randint(2, 55))
        mon = MONTHS["en" if lang == "en" else lang][t.month - 1]
        rep = {
            "{DMYY}": f"{t.day}/{t.month}/{t.year % 100:02d}",
            "{DMY}": f"{t.day:02d}/{t.month:02d}/{t.year}",
            "{DMD}": f"{t.day}-{t.month}",
            "{DM}": f"{t.day}/{t.month:02d}",
            "{MDY}": f"{t.month}/{t.day}/{t.year}",
            "{MD}": f"{t.month}/{t.day}",
            "{WDATE}": f"{t.day} de {mon}",
            "{MONDAY}": f"{mon} {t.day}",
            "{MONTH}": f"{mon[:3]} {ordinal(t.day)}",
        }
        for k, v in rep.items():
            text = text.replace(k, v)
        return t, text
    raise ValueError(spec)


def wdd_dates(wd, day):
    out = []
    d = START + timedelta(days=7)
    while d <= END:
        if d.weekday() == wd and d.day == day:
            out.append(d)
        d += timedelta(days=1)
    return out


def parse(block):
    rows = []
    for raw in block.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        intent, spec, amount, text = line.split("|", 3)
        assert intent in INTENTS, line
        rows.append((intent, spec.strip(), amount.strip(), text.strip()))
    return rows


def build():
    rng = random.Random(SEED)
    rows = []
    seen = set()
    span = (END - START).days
    for loc in LOCALES:
        lang = loc[:2]
        for intent, spec, amount, text in parse(DATA[loc]):
            key = (loc, text.lower())
            assert key not in seen, f"duplicate reply: {text}"
            seen.add(key)
            tz_name = rng.choice(TZS[loc])
            tz = ZoneInfo(tz_name)
            fixed = None
            if spec.startswith("wdd:"):
                _, wd, dd = spec.split(":")
                fixed = rng.choice(wdd_dates(int(wd), int(dd)))
                day = fixed - timedelta(days=rng.randint(1, 6))
            else:
                day = START + timedelta(days=rng.randint(0, span))
            dt = local_dt(rng, tz, day, pick_hours(rng, spec))
            today = dt.date()
            promised, text = resolve(rng, spec, today, lang, text)
            if fixed is not None:
                promised = fixed
            for k, v in ODD.items():
                text = text.replace(k, v)
            assert "{" not in text or "}" not in text, text
            if intent != "promise_to_pay":
                assert promised is None, text
            rows.append(
                {
                    "locale": loc,
                    "sent_at": dt.isoformat(timespec="seconds"),
                    "timezone": tz_name,
                    "intent": intent,
                    "promised_date": promised.isoformat() if promised else "",
                    "amount": amount,
                    "text": text,
                }
            )
    rng.shuffle(rows)
    for i, r in enumerate(rows, 1):
        r["id"] = f"a{i:04d}"
    return rows


def write(rows):
    cols = [
        "id",
        "locale",
        "sent_at",
        "timezone",
        "intent",
        "promised_date",
        "amount",
        "text",
    ]
    with OUT_CSV.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in cols})


def write_readme(rows):
    by = Counter((r["locale"], r["intent"]) for r in rows)
    loc_n = Counter(r["locale"] for r in rows)
    int_n = Counter(r["intent"] for r in rows)
    dated = sum(1 for r in rows if r["promised_date"])
    head = "| intent | " + " | ".join(LOCALES) + " | total |"
    sep = "|" + "---|" * (len(LOCALES) + 2)
    table = [head, sep]
    for it in INTENTS:
        cells = " | ".join(str(by[(loc, it)]) for loc in LOCALES)
        table.append(f"| {it} | {cells} | {int_n[it]} |")
    cells = " | ".join(str(loc_n[loc]) for loc in LOCALES)
    table.append(f"| **total** | {cells} | {len(rows)} |")
    text = README_TEMPLATE.format(
        n=len(rows),
        table="\n".join(table),
        dated=dated,
        promises=int_n["promise_to_pay"],
        seed=SEED,
        start=START.isoformat(),
        end=END.isoformat(),
        opt=int_n["opt_out"],
        opt_pct=round(100 * int_n["opt_out"] / len(rows)),
    )
    OUT_README.write_text(text, encoding="utf-8")


README_TEMPLATE = """# replies_apr.csv

{n} hand-written debtor replies to debt-collection messages (WhatsApp/SMS
style), labelled per `labels2.md`. Intended as development/training data.

## How it was built

* `build_apr.py` (stdlib + `zoneinfo`, seed `{seed}`) holds every reply text
  verbatim, written by hand per locale with an intent, a date spec (promises
  only) and the amount as the debtor means it. Nothing is templated from stock
  phrases; the only substitutions are promise dates (numeric / written dates
  for `dt` rows, day numbers for `domr` rows) and a few invisible characters
  (zero-width space / non-joiner, NBSP, BOM) inserted on purpose.
* Each row gets a time zone consistent with its locale and a random local send
  time between {start} and {end}; local times that are missing or ambiguous
  because of DST are rejected (fold 0/1 offsets must agree and the time must
  round-trip through UTC). `sent_at` is ISO 8601 with the offset that applies.
  Some opt-outs that complain about the hour are forced to late-night/early
  hours.
* `promised_date` is computed by the script from the reply's local date using
  the rules in labels2.md (relative days, weekdays strictly after today, day of
  month with month skipping, numeric/written dates, fin de mes, quincena, next
  week = Friday of next Mon-Sun week, weekend = next Saturday, weekday+day sent
  1-6 days before a real such date). {dated} of {promises} promise rows have a
  date; the rest are undated promises ("apenas cobre").
* Amounts follow the clarifications: only on already_paid, promise_to_pay and
  instalment offers in payment_plan; empty for disputed/owed/lacking money.
* Rows are shuffled deterministically and ids assigned `a0001`...

## Emphasis

* opt_out is {opt} rows (~{opt_pct}%): indirect phrasings without keywords,
  sarcasm, hour complaints plus a stop request, "how do I make these stop",
  wrong number + stop, stop calls only, opt-out mixed with payment/dispute
  content (opt_out wins), typos, slang, emoji, CAPS and odd characters.
* Hard near-misses labelled per the rules: disputes mentioning a "baja" /
  cancellation / cancelamento document, wrong-number replies that do not ask
  to stop (dispute), hour complaints without a stop request (unknown), flat
  refusals "no voy a pagar" with no reason (unknown), "call me instead"
  (wants_agent), "the link stopped arriving" (payment_link), hedged dates
  (hardship), partial payment + future remainder (already_paid, no date).

## Counts per locale and intent

{table}
"""


def main():
    rows = build()
    write(rows)
    write_readme(rows)
    print(f"wrote {len(rows)} rows to {OUT_CSV}")
    print(Counter(r["intent"] for r in rows))
    print(Counter(r["locale"] for r in rows))


DATA["es_CL"] = """
opt_out|||ya po, no me escriban más a este número
opt_out|||borren mi número de su base de datos porfa
opt_out|h:23-23||son las 11 de la noche weón, dejen de mandar mensajes
opt_out|||cómo hago pa que dejen de llegarme estos whatsapp??
opt_out|||este número ya no es de la Marisol, lo tengo yo hace un año, no manden más
opt_out|||ya pagué todo en el Servipag, así que ahora déjenme tranquila y no escriban más
opt_out|||no me llamen más al celu, si quieren mándenme el link por acá no más
opt_out|||qué lata, todos los días lo mismo. sáquenme de la lista
opt_out|||NO QUIERO RECIBIR MAS MENSAJES DE USTEDES
opt_out|||wena, me pueden dar de baja de los mensajes? gracias
opt_out|||ya no me escrivan x fa
opt_out|||bacán, otro mensaje más 🙄 en serio paren
opt_out|||no conozco a ningún Rodrigo, no me sigan hablando
opt_out|||esa deuda no es mía y les pido que no me contacten nunca más
opt_out|||basta{ZW} de mensajes
opt_out|h:7-7||a las 7 de la mañana?? no me manden más cuestiones
opt_out|||quiero que eliminen mis datos y no me vuelvan a contactar
opt_out|||ni por whatsapp ni por teléfono, no quiero saber nada más de ustedes
opt_out|||cachai que me tienen chato? dejen de hablarme
opt_out|||por favor remover este fono de sus registros
opt_out|||q dejen d mandar wsp plis
opt_out|||voy a reclamar al Sernac si siguen escribiendo, no quiero más mensajes
opt_out|||si me llega otro mensaje los bloqueo, ya no escriban
opt_out|||no autorizo que me contacten por este medio
opt_out|||me pueden pasar el link de pago y después no me escriban más? gracias
opt_out|||desuscribir
opt_out|||chiquillos ya paren con los mensajes, estoy en el trabajo
opt_out|||dejen de llamar a mi mamá, ella no tiene nada que ver
opt_out|||🛑🛑 no más mensajes
opt_out|||ya, ya entendí, ahora no me hablen más
dispute|||tengo el certificado de baja de la línea desde febrero, esa deuda no corresponde
dispute|||número equivocado, no conozco a esa señora
dispute|||ese monto está malo, yo debía como la mitad
dispute|||nunca contraté nada con ustedes
dispute|||me cobraron dos veces la cuota de agosto, revisen
dispute|||el plan lo di de baja en la sucursal, tengo el comprobante de cancelación
dispute|||alguien sacó esto a mi nombre, es fraude, ya hice la denuncia en carabineros
dispute|||no soy la Javiera, este número es mío hace rato
dispute|||$89.990?? eso no es lo que yo debo
dispute|||no reconozco esa deuda para nada
already_paid||45000|ya transferí los 45 lucas esta mañana
already_paid||32500|les pagué $32.500 por la Caja Vecina ayer
already_paid|||les mandé el comprobante de la transferencia, revisen
already_paid|||hice el pago con MACH, les llegó?
already_paid||120000|pagado! $120.000 por Servipag
already_paid|||abone la mitad el lunes y el resto lo pago el viernes
already_paid|||ya está listo, transferí del BancoEstado desde la cuenta rut
already_paid||18000|deposité 18 mil en la cuenta que me dieron
already_paid|||oiga ya pagué, por qué me siguen cobrando? me confirma si llegó
already_paid||75350|transferencia hecha por $75.350, adjunto foto
promise_to_pay|+1|30000|mañana le transfiero 30 lucas
promise_to_pay|wd:4||el viernes le pago sin falta
promise_to_pay|q||apenas me paguen en la quincena abono
promise_to_pay|eom||a fin de mes quedo al día
promise_to_pay|none||apenas cobre el sueldo le deposito
promise_to_pay|dt|50000|el {WDATE} pago 50 mil
promise_to_pay|domr||el {DOM} le hago la transferencia
promise_to_pay|+2||pasado mañana pago, ahí le mando el comprobante
promise_to_pay|nw|100000|la próxima semana deposito las 100 lucas
promise_to_pay|wd:0||el lunes que viene le pago
promise_to_pay|dt||pago el {DM} cuando me llegue el bono
promise_to_pay|+0|15000|hoy en la tarde transfiero $15.000
promise_to_pay|wdd:4:15||el viernes 15 le deposito todo
promise_to_pay|+7||dentro de una semana pago
payment_plan|||se puede pagar en cuotas?
payment_plan|||me sirve un convenio de pago, en una sola vez no puedo
payment_plan||20000|podría dar 20 lucas mensuales hasta completar
payment_plan|||hay opción de repactar en 6 cuotas?
payment_plan|||quiero hacer un acuerdo de pago
payment_plan||35000|le puedo pagar $35.000 al mes, le sirve?
payment_plan|||y si lo divido en partes?
hardship|||estoy cesante desde octubre, no tengo con qué pagar
hardship|||no tengo plata este mes, de verdad
hardship|||ando con licencia médica y no me alcanza
hardship|||a lo mejor el viernes puedo, no sé, no le prometo nada
hardship|||voy a ver si puedo, está difícil la cosa
hardship|||me echaron de la pega, no tengo ni pa la micro
hardship|||no me alcanza ni para el arriendo, imposible pagar ahora
wants_agent|||quiero hablar con una persona
wants_agent|||me puede llamar un ejecutivo?
wants_agent|||llámenme mejor, por aquí no entiendo nada
wants_agent|||necesito hablar con alguien de cobranza
wants_agent|||hay algún asesor disponible?
wants_agent|||pásame con una persona real porfa
payment_link|||mándeme el link pa pagar
payment_link|||a qué cuenta transfiero?
payment_link|||cómo pago? no tengo tarjeta
payment_link|||dejó de llegarme el link de pago, me lo reenvía?
payment_link|||se puede pagar en Caja Vecina? dónde?
payment_link|||pásame los datos de transferencia
ack|||ok gracias
ack|||👍
ack|||recibido
ack|||ya, dale
ack|||vale, muchas gracias
unknown|||hola quién habla?
unknown|h:23-23||son las 11 de la noche, qué horario es este para escribir
unknown|||no voy a pagar nada
unknown|||jajaja ya
unknown|||ya me voy a ver el partido después veo
"""


DATA["es_MX"] = """
opt_out|||ya no me estén mandando mensajes porfa
opt_out|||oigan ya bájenle, dejen de escribirme diario
opt_out|||este cel ya no es de Don Chuy, se lo compré a él. ya no manden nada
opt_out|h:23-23||neta a las 11 de la noche?? ya no me escriban
opt_out|||como le hago para que ya no me lleguen estos mensajes
opt_out|||borren mi numero de su lista plis
opt_out|||ya les pagué en el Oxxo, ahora sí déjenme en paz y no me manden nada
opt_out|||no me marquen, nomás mándenme la referencia por aquí
opt_out|||no quiero que me contacten ni a mí ni a mis referencias
opt_out|||YA{NBSP}NO MANDEN MENSAJES
opt_out|||qué parte de que no me escriban no entienden??
opt_out|||pónganme en la lista de no contactar
opt_out|||ya porfa dejen de mandarme mensajitos, gracias
opt_out|||no se quién sea Lupita pero ya no escriban a este número
opt_out|||no reconozco la deuda y no quiero que me vuelvan a buscar
opt_out|||ke ya no me escrivan!!
opt_out|||dejen de hostigarme, ya voy a ir a Profeco
opt_out|||háganme el paro de sacarme de su base de datos
opt_out|||ya estuvo, no más whats por favor 🙏
opt_out|||ya{ZW} no{ZW} me{ZW} escriban
opt_out|||están bien intensos eh, ya paren
opt_out|||les pido que dejen de llamar a mi trabajo
opt_out|||ok pero ya no me manden más recordatorios
opt_out|h:6-6||son las 6 am, qué les pasa. no vuelvan a mandar nada
opt_out|||dejen de contactarme, mi abogado se va a comunicar con ustedes
opt_out|||mejor ya no me escriban, yo luego me comunico
opt_out|||no me interesa recibir sus mensajes, bórrenme
opt_out|||bloquéenme ustedes a mí o algo, pero ya no me manden nada
opt_out|||desactiven las notificaciones a este número
opt_out|||ajá sí, mándenme otros 20 mensajes hoy 🙃 ya párenle
dispute|||número equivocado, aquí no vive ningún Ricardo
dispute|||yo cancelé la tarjeta desde el año pasado, tengo mi carta de cancelación
dispute|||esa cantidad no es, yo debo menos
dispute|||nunca saqué ningún préstamo con ustedes
dispute|||eso es un fraude, a mí me clonaron la tarjeta
dispute|||me están cobrando doble el mes de marzo
dispute|||no soy la persona que buscan
dispute|||di de baja el servicio de internet y me siguen cobrando, tengo el folio de la baja
dispute|||no conozco esa deuda, nunca he tenido cuenta con ustedes
dispute|||$4,850?? de dónde sacan eso, está mal el saldo
already_paid||1500|ya pagué los $1500 en Oxxo
already_paid|||ya hice la transferencia por SPEI, les mando el comprobante
already_paid||2300|deposité 2 mil 300 en el Banco Azteca ayer
already_paid|||pagué con Mercado Pago, ya les llegó?
already_paid||850|ya quedó, pagué 850 en el 7-Eleven
already_paid|||pagué la mitad ayer y la otra mitad la próxima quincena
already_paid|||ahí les va la foto del ticket de pago
already_paid||3200.50|transferí 3200 pesos con 50 centavos desde BBVA
already_paid|||ya pagué desde el martes y me siguen cobrando
already_paid||5000|ya liquidé, 5 mil por CoDi
promise_to_pay|q||en la quincena le pago
promise_to_pay|+1|2000|mañana le deposito 2 mil
promise_to_pay|wd:4||el viernes le caigo con el pago
promise_to_pay|none||en cuanto me paguen le abono
promise_to_pay|domr||el día {DOM} le pago sin falta
promise_to_pay|dt|1200|el {DM} le deposito 1200
promise_to_pay|eom||a fin de mes pago todo
promise_to_pay|we||el fin de semana paso al Oxxo a pagar
promise_to_pay|+3||en 3 días le pago
promise_to_pay|wd:1||el martes le hago el depósito
promise_to_pay|dt||el {WDATE} liquido
promise_to_pay|+0|500|hoy le deposito 500
promise_to_pay|nw||la semana que viene pago
promise_to_pay|wdd:4:15||el viernes 15 que es quincena le pago
payment_plan|||me lo pueden dejar en pagos?
payment_plan|||se puede a meses?
payment_plan||500|puedo darles 500 cada quincena
payment_plan|||quiero hacer un convenio para pagar poco a poco
payment_plan|||me dan chance de pagar a plazos?
payment_plan||1000|les ofrezco mil pesos al mes
payment_plan|||me interesa un acuerdo de pago
hardship|||ahorita no tengo trabajo, no puedo pagar
hardship|||estoy bien corto de lana este mes
hardship|||me operaron y no he podido trabajar
hardship|||quisiera pagar pero no me alcanza, ando bien jodido
hardship|||a ver si el viernes, igual y no, no tengo nada seguro
hardship|||me quedé sin chamba, no tengo ni pa comer
hardship|||no tengo dinero ahorita, discúlpeme
wants_agent|||me puede marcar un asesor?
wants_agent|||quiero hablar con alguien
wants_agent|||márquenme en vez de escribir, no le sé a esto
wants_agent|||con quién puedo hablar por teléfono?
wants_agent|||pásenme con un humano
wants_agent|||un agente por favor
payment_link|||cómo le hago para pagar?
payment_link|||mándenme la referencia para el Oxxo
payment_link|||cuál es la CLABE?
payment_link|||ya no me llegó el link, me lo mandan otra vez?
payment_link|||dónde puedo pagar?
payment_link|||se puede pagar con tarjeta? pásenme el link
ack|||ok
ack|||gracias
ack|||sale
ack|||enterado 👌
ack|||va, gracias joven
unknown|||quién es?
unknown|||no pienso pagar, hagan lo que quieran
unknown|||buenas tardes
unknown|h:23-23||a las 11 de la noche mandando mensajes, qué poca
unknown|||asdfgh
"""


DATA["es_CO"] = """
opt_out|||por favor no me vuelvan a escribir a este número
opt_out|||ya no me manden más mensajes, qué pereza
opt_out|||parce ya dejen de escribir, me tienen mamado
opt_out|||este número ya no es de doña Gloria, ya no manden nada acá
opt_out|h:22-22||a las 10 de la noche escribiendo? respeten, no me escriban más
opt_out|||cómo hago para que no me sigan llegando estos mensajes?
opt_out|||elimínenme de su base de datos, por favor
opt_out|||ya pagué por Nequi, así que ya no me contacten más
opt_out|||no me llamen, si acaso escriban por acá
opt_out|||les solicito no contactarme más, ley de habeas data
opt_out|||dejen de acosarme, voy a poner una queja en la Superintendencia
opt_out|||NO MAS MENSAJES POR FAVOR
opt_out|||ya no quiero recibir notificaciones de esta empresa
opt_out|||ay no, otra vez? ya no me escriban más 😩
opt_out|||ese señor no existe aquí, y no vuelvan a escribir
opt_out|||no le debo nada a nadie y no me escriban más
opt_out|||k ya no m escrivan
opt_out|||quítenme de la lista porfa
opt_out|||uy qué bueno, otro mensaje de cobro, justo lo que necesitaba 🙄 ya párenla
opt_out|||no estoy autorizando el tratamiento de mis datos, no escriban más
opt_out|||mándeme el link y ya no me escriba más porfa
opt_out|||dejen{ZWNJ} de escribirme
opt_out|||no vuelvan a llamar a mi esposa, ni a mí
opt_out|||ya basta con los mensajes, de verdad
opt_out|||me borran de ese chat
opt_out|||qué fastidio, dejen de mandar cosas a este whatsapp
opt_out|h:6-6||6 de la mañana y ya con mensajes, no más por favor
opt_out|||no insistan más por este medio
opt_out|||les agradezco no escribir más a este cel
opt_out|||stop, no más mensajes
dispute|||número equivocado, no conozco a ese señor
dispute|||yo cancelé ese plan hace meses, tengo el paz y salvo
dispute|||ese valor no es el que yo debo
dispute|||nunca he tenido crédito con ustedes
dispute|||eso fue suplantación de identidad, ya lo reporté
dispute|||me están cobrando dos veces la misma cuota
dispute|||tengo la carta de retiro del servicio radicada, no debo nada
dispute|||no me llamo Andrés, se equivocaron de persona
dispute|||$250.000 no es, eran 150 y ya con intereses raros
dispute|||no reconozco ese cobro
already_paid||80000|ya pagué 80 mil por Nequi
already_paid|||le hice el pago por PSE ayer, ya les llegó?
already_paid||150000|consigné $150.000 en Bancolombia
already_paid|||pagué en Efecty, le envío el comprobante
already_paid||45000|listo, transferí 45 mil por Daviplata
already_paid|||ya pagué la mitad y lo otro lo pago el 30
already_paid|||ya está pago desde la semana pasada
already_paid||220000|hice la consignación de 220 mil en el corresponsal
already_paid|||mire el pantallazo del pago
already_paid||60500|pagué $60.500 en Baloto
promise_to_pay|q||en la quincena le pago
promise_to_pay|+1||mañana le hago la consignación
promise_to_pay|wd:4|100000|el viernes le pago los 100 mil
promise_to_pay|domr||el {DOM} le cancelo
promise_to_pay|eom||a final del mes le pago todo
promise_to_pay|none||apenas me paguen le consigno
promise_to_pay|dt||el {DM} le pago
promise_to_pay|+2|50000|pasado mañana le pago 50 lucas
promise_to_pay|nw||la próxima semana le cancelo
promise_to_pay|dt||le pago el {WDATE}
promise_to_pay|wd:2||el miércoles le hago el pago por Nequi
promise_to_pay|+5||en 5 días le pago
promise_to_pay|+0||hoy mismo pago
promise_to_pay|wdd:0:30||el lunes 30 le pago
payment_plan|||se puede pagar por cuotas?
payment_plan|||me pueden hacer un acuerdo de pago?
payment_plan||100000|puedo dar 100 mil mensuales
payment_plan|||quiero diferir la deuda en varias cuotas
payment_plan|||hay alguna financiación?
payment_plan||50000|le abono 50 mil cada quincena hasta terminar
payment_plan|||me dan plazos?
hardship|||estoy sin empleo, no puedo pagar ahorita
hardship|||este mes no tengo plata
hardship|||estoy enferma y no he podido trabajar
hardship|||de pronto el viernes, no sé, no le aseguro nada
hardship|||la situación está muy dura, no tengo cómo
hardship|||me quedé sin trabajo hace 2 meses
hardship|||no tengo ni para el mercado, menos para pagar
wants_agent|||necesito hablar con un asesor
wants_agent|||me pueden llamar?
wants_agent|||quiero hablar con una persona, no con un robot
wants_agent|||me comunica con alguien por favor
wants_agent|||llámenme al fijo mejor
wants_agent|||hay un número para hablar con un asesor?
payment_link|||cómo pago?
payment_link|||mándeme el link de PSE
payment_link|||a qué cuenta consigno?
payment_link|||se puede pagar por Nequi? a qué número?
payment_link|||dónde pago, en Efecty?
payment_link|||me llegó el mensaje pero sin el link, me lo manda?
ack|||listo gracias
ack|||ok
ack|||🙏
ack|||recibido, gracias
ack|||dale
unknown|||quién es?
unknown|||buenos días
unknown|||no voy a pagar eso
unknown|||????
unknown|h:22-22||a las 10 de la noche?? qué horas son estas
"""


DATA["es_PE"] = """
opt_out|||ya no me escriban por favor, ya cansa
opt_out|||oe ya dejen de mandar mensajes pe
opt_out|||este número ya no es de la señora Rosa, ya no escriban
opt_out|h:23-23||a las 11 de la noche? no me escriban más
opt_out|||cómo hago para que ya no me lleguen sus mensajes?
opt_out|||porfa borren mi número de su lista, ya no quiero saber nada
opt_out|||ya pagué por Yape, ahora no me escriban más
opt_out|||no me llamen, manden nomás el link
opt_out|||ya me tienen hasta el gorro, causa, no escriban más
opt_out|||NO ME ESCRIBAN MAS
opt_out|||sáquenme de su lista de envíos de una vez
opt_out|||voy a denunciar a Indecopi si siguen escribiendo, basta
opt_out|||dejen de llamar a mi trabajo por favor
opt_out|||no conozco a ningún Carlos, no sigan escribiendo
opt_out|||no debo nada y les pido que no me contacten
opt_out|||ya no m escrivan xfa
opt_out|||no autorizo que usen mis datos, no me vuelvan a escribir
opt_out|||ya{ZW} basta{ZW} de{ZW} mensajes
opt_out|||qué bonito, 5 mensajes hoy, ya paren pues
opt_out|||no más por whatsapp, gracias
opt_out|||manden el link y luego ya no escriban
opt_out|||dejen de molestar a mis familiares
opt_out|h:6-6||6 am y ya están molestando, no más mensajes
opt_out|||por favor dar de baja este número de sus envíos
opt_out|||chamo, este no es el número de ese pata, ya no manden nada
opt_out|||ya fue, no me escriban más, ni por sms ni por wasap
opt_out|||bórrenme de su sistema pe, qué roche
opt_out|||no quiero recibir más comunicaciones
opt_out|||dejen de enviar sms a este celular
opt_out|||🙅‍♂️ no más mensajes
dispute|||número equivocado, no conozco a esa persona
dispute|||esa deuda no es mía, nunca tuve tarjeta con ustedes
dispute|||el monto está mal, yo debo menos
dispute|||tengo la constancia de baja del servicio, no les debo
dispute|||nunca he sacado un préstamo con ustedes
dispute|||es una estafa, alguien usó mi DNI
dispute|||me cobraron dos veces, revisen
dispute|||yo no soy Juan, están equivocados
dispute|||S/ 1,200? eso no es lo que debo
dispute|||di de baja la línea en la tienda, tengo el cargo
already_paid||350|ya pagué S/ 350 por Yape
already_paid|||ya hice el pago por Plin, llegó?
already_paid||200|deposité 200 soles en el BCP
already_paid|||pagué en el agente, le envío el voucher
already_paid||500|ya transferí 500 soles por Interbank
already_paid|||pagué una parte ayer y el resto el lunes
already_paid|||ya cancelé todo hace días en el agente BCP
already_paid||150.50|pagué S/ 150,50 en el BBVA
already_paid|||ahí está el voucher
already_paid|||ya yapee, revisen
promise_to_pay|+1||mañana le pago apenas salga del trabajo
promise_to_pay|wd:4|300|el viernes pago los 300
promise_to_pay|q||en la quincena le deposito
promise_to_pay|eom||a fin de mes pago todito
promise_to_pay|none||cuando me paguen le deposito
promise_to_pay|domr||el {DOM} le pago
promise_to_pay|dt||el {DMD} pago
promise_to_pay|+2||pasado mañana le yapeo
promise_to_pay|nw||la semana que viene le pago
promise_to_pay|dt|100|el {WDATE} le deposito 100 soles
promise_to_pay|wd:5||el sábado paso al agente a pagar
promise_to_pay|+7||dentro de una semana le pago
promise_to_pay|+0||hoy le yapeo
promise_to_pay|wdd:4:15||el viernes 15 le cancelo
payment_plan|||puedo pagar en cuotas?
payment_plan|||quiero un fraccionamiento
payment_plan||100|puedo pagar 100 soles mensuales
payment_plan|||me pueden dar facilidades de pago?
payment_plan|||quiero llegar a un acuerdo de pago
payment_plan||50|puedo dar 50 soles cada semana
payment_plan|||se puede en partes? de frente no puedo
hardship|||no tengo chamba ahorita, estoy misio
hardship|||este mes no tengo ni un sol, la verdad
hardship|||estoy enfermo, no puedo pagar
hardship|||tal vez el viernes, no sé, no estoy seguro
hardship|||está difícil, no tengo cómo pagar
hardship|||me botaron del trabajo hace poco
hardship|||no me alcanza ni para el pasaje
wants_agent|||quiero hablar con un asesor
wants_agent|||me pueden llamar?
wants_agent|||necesito hablar con alguien de la financiera
wants_agent|||comuníqueme con una persona
wants_agent|||llámenme por favor
wants_agent|||hay un número de atención?
payment_link|||cómo pago? por agente o por app?
payment_link|||me manda el link porfa
payment_link|||cuál es el número de cuenta?
payment_link|||a qué número yapeo?
payment_link|||dónde pago, en qué agente?
payment_link|||ya no me llegó el link, me lo reenvía?
ack|||ok
ack|||gracias
ack|||ya, gracias señorita
ack|||👍🏽
ack|||listo
unknown|||quién es?
unknown|||hola buenas, de dónde me escriben
unknown|||no pienso pagar
unknown|||jajaja qué tal
unknown|h:23-23||11 de la noche mandando mensajes, qué falta de respeto
"""


DATA["es_AR"] = """
opt_out|||dejen de escribirme, por favor, ya es demasiado
opt_out|||che ya está, no me manden más mensajes
opt_out|||este número ya no es de Mariano, lo tengo yo. no escriban más
opt_out|h:23-23||son las 11 de la noche, no me escriban más boludo
opt_out|||cómo hago para que dejen de llegar estos mensajes?
opt_out|||borrá mi número de tu base
opt_out|||ya pagué por Mercado Pago, ahora no me jodan más
opt_out|||no me llamen, mándenme el link por acá
opt_out|||me tienen podrido, no escriban más
opt_out|||NO ME ESCRIBAN MAS
opt_out|||sacame de la lista de difusión esta, gracias
opt_out|||voy a hacer la denuncia en Defensa del Consumidor si me siguen escribiendo
opt_out|||no llamen más a mi laburo
opt_out|||no conozco a ningún Gustavo, dejen de mandar
opt_out|||esa deuda no existe y no me contacten más
opt_out|||ya no m escrivan xq los bloqueo
opt_out|||no doy consentimiento para que me escriban
opt_out|||basta{ZW} de{ZW} mensajes
opt_out|||qué lindo, otro mensajito 🙄 paren un poco
opt_out|||por whatsapp no, gracias. no escriban más
opt_out|||pasame el link y después no me escribas más
opt_out|||dejen en paz a mi vieja, no la llamen más
opt_out|h:7-7||7 de la mañana? no manden más nada
opt_out|||quiero darme de baja de estos mensajes
opt_out|||ya fue loco, no me escriban más
opt_out|||borrenme del sistema y listo, no quiero más mensajitos
opt_out|||no quiero recibir más comunicaciones suyas
opt_out|||dejen de mandar sms a este celu
opt_out|||🚫 no más mensajes
opt_out|||ya entendí, ya sé que debo, no me escriban más
dispute|||número equivocado, no conozco a esa persona
dispute|||esa deuda no es mía, jamás tuve cuenta ahí
dispute|||el monto está mal, era mucho menos
dispute|||tengo la constancia de baja del servicio, no debo nada
dispute|||nunca saqué ningún préstamo con ustedes, ni ahí
dispute|||es una estafa, alguien usó mi DNI
dispute|||me cobraron dos veces la cuota
dispute|||no soy Pablo, se equivocaron
dispute|||$45.000? eso no es lo que debo
dispute|||di de baja la tarjeta en el banco, tengo el número de trámite
already_paid||25000|ya pagué $25.000 por Mercado Pago
already_paid|||hice la transferencia, les llegó?
already_paid||15000|pagué 15 lucas en el Rapipago
already_paid|||pagué en el Pago Fácil, te mando el ticket
already_paid||40000|ya te transferí 40 mil
already_paid|||pagué la mitad y el resto el viernes
already_paid|||ya está pago hace días, fijate bien
already_paid||12500.50|transferí $12.500,50 por homebanking
already_paid|||acá está el comprobante
already_paid|||ya pagué con Ualá
promise_to_pay|+1||mañana te hago la transferencia
promise_to_pay|wd:4|20000|el viernes te pago 20 lucas
promise_to_pay|eom||a fin de mes te pago
promise_to_pay|none||apenas cobre te pago
promise_to_pay|domr||el {DOM} te pago
promise_to_pay|dt||el {DM} te transfiero
promise_to_pay|+2||pasado mañana te pago
promise_to_pay|nw||la semana que viene te pago
promise_to_pay|dt|30000|el {WDATE} te pago 30 mil
promise_to_pay|wd:0||el lunes te transfiero
promise_to_pay|+3||en 3 días te pago
promise_to_pay|+0||hoy a la tarde te transfiero
promise_to_pay|we||el finde te pago
promise_to_pay|wdd:0:30||el lunes 30 te pago
payment_plan|||puedo pagar en cuotas?
payment_plan|||quiero un plan de pagos
payment_plan||10000|puedo pagar 10 lucas por mes
payment_plan|||me dan un acuerdo de pago?
payment_plan|||se puede refinanciar?
payment_plan||5000|te doy 5 mil por semana
payment_plan|||en partes se puede? todo junto no llego
hardship|||estoy sin laburo desde marzo
hardship|||no tengo un mango este mes
hardship|||estoy enfermo, no puedo pagar
hardship|||capaz el viernes, no sé, no te prometo nada
hardship|||está re complicado, no tengo con qué pagar
hardship|||me rajaron del laburo
hardship|||no llego a fin de mes
wants_agent|||quiero hablar con una persona
wants_agent|||me pueden llamar?
wants_agent|||necesito hablar con alguien que me explique
wants_agent|||comunicame con un asesor
wants_agent|||llamame por favor
wants_agent|||hay un teléfono de atención?
payment_link|||cómo hago para pagar?
payment_link|||pasame el link
payment_link|||cuál es el CBU?
payment_link|||tenés alias para transferir?
payment_link|||dónde pago, Rapipago sirve?
payment_link|||no me llegó el link, me lo reenviás?
ack|||ok
ack|||gracias
ack|||dale, de una
ack|||👍
ack|||listo, gracias
unknown|||quién sos?
unknown|||hola, quién me agendó?
unknown|||no pienso pagar nada
unknown|||jajaja no
unknown|h:23-23||11 de la noche mandando mensajes, una locura
"""


DATA["pt_BR"] = """
opt_out|||por gentileza, parem de mandar mensagem pra esse número
opt_out|||não quero mais receber nada de vocês, nem msg nem ligação
opt_out|||esse número não é mais da Dona Cida, é meu faz 2 anos. parem de mandar
opt_out|h:23-23||11 da noite?? vcs não tem noção. não me mandem mais nada
opt_out|||como faço pra parar de chegar essas mensagens de vocês?
opt_out|||apaguem meu número do cadastro
opt_out|||já fiz o pix, agora me deixem em paz e parem de mandar msg
opt_out|||não me liguem mais, se precisar manda o boleto por aqui
opt_out|||tô de saco cheio dessas mensagens, para
opt_out|||NÃO QUERO MAIS RECEBER MENSAGEM DE COBRANÇA
opt_out|||me tira dessa lista aí por favor
opt_out|||vou abrir reclamação no Procon e no Reclame Aqui se continuarem. chega de mensagem
opt_out|||parem de ligar pro meu serviço
opt_out|||não conheço nenhum Marcos, esquece esse número
opt_out|||não devo nada pra vcs e não quero mais contato nenhum
opt_out|||para d manda msg pfv
opt_out|||não autorizo o uso do meu telefone, LGPD, não entrem mais em contato
opt_out|||chega{ZW} de{ZW} mensagem
opt_out|||nossa que maravilha, mais uma cobrança 🙄 parem pelo amor de Deus
opt_out|||aqui no zap não, obrigado. não mandem mais
opt_out|||manda o link e depois esquece que eu existo
opt_out|||parem de perturbar minha mãe, ela é idosa
opt_out|h:6-6||6 da manhã? sério? parem de mandar mensagem
opt_out|||quero descadastrar meu número dessas mensagens
opt_out|||pelo amor, param de mandar mensagem
opt_out|||me exclui do sistema de vcs
opt_out|||não tenho interesse em receber comunicação de vocês, me removam
opt_out|||parem de mandar sms pra esse celular
opt_out|||🚫📵
opt_out|||SAIR{NBSP}
dispute|||número errado, não conheço essa pessoa
dispute|||essa dívida não é minha, nunca fui cliente
dispute|||o valor tá errado, era bem menos que isso
dispute|||tenho o protocolo de cancelamento da linha, não devo nada
dispute|||nunca fiz empréstimo nenhum com vocês
dispute|||isso é golpe, usaram meu CPF, já fiz B.O.
dispute|||me cobraram duas vezes a mesma parcela
dispute|||não sou a Fernanda, vocês erraram de pessoa
dispute|||R$ 890? isso não é o que eu devo
dispute|||cancelei o plano na loja, tenho o comprovante do cancelamento
already_paid||150|já paguei R$ 150,00 no pix hoje cedo
already_paid|||fiz o pix ontem, chegou aí?
already_paid||320.50|paguei R$ 320,50 no boleto pelo app do banco
already_paid|||paguei na lotérica, vou mandar o comprovante
already_paid||1200|transferi R$ 1.200 pelo Nubank
already_paid|||paguei metade ontem e o resto na sexta
already_paid|||já tá pago faz dias, confere aí
already_paid||89.90|paguei 89,90 pelo PicPay
already_paid|||segue o comprovante 📎
already_paid|||já fiz o pix pela chave que vcs mandaram
promise_to_pay|+1||amanhã eu pago sem falta
promise_to_pay|wd:4|200|na sexta pago os 200
promise_to_pay|eom||no final do mês eu quito
promise_to_pay|none||assim que o salário cair eu pago
promise_to_pay|domr||dia {DOM} eu pago
promise_to_pay|dt||pago dia {DM}
promise_to_pay|+2||depois de amanhã eu faço o pagamento
promise_to_pay|nw||semana que vem eu pago
promise_to_pay|dt|500|dia {WDATE} pago 500 reais
promise_to_pay|wd:0||segunda-feira eu faço o pix
promise_to_pay|+5||daqui a 5 dias eu pago
promise_to_pay|+0|80|hoje eu faço um pix de 80
promise_to_pay|q||quando cair a quinzena eu pago
promise_to_pay|wdd:4:15||sexta dia 15 eu pago
promise_to_pay|we||no fim de semana eu pago
payment_plan|||posso parcelar?
payment_plan|||quero fazer um acordo
payment_plan||100|consigo pagar 100 reais por mês
payment_plan|||dá pra parcelar em 10x?
payment_plan|||tem como negociar em parcelas?
payment_plan||50|posso pagar 50 conto por semana
hardship|||tô desempregado desde agosto
hardship|||não tenho dinheiro esse mês
hardship|||tô doente, não consigo trabalhar nem pagar
hardship|||talvez na sexta, não sei, não prometo nada
hardship|||tá difícil, não tenho como pagar agora
hardship|||fui mandado embora semana passada
hardship|||não tenho nem 50 reais
wants_agent|||quero falar com um atendente
wants_agent|||podem me ligar?
wants_agent|||preciso falar com alguém de verdade
wants_agent|||me passa pra uma pessoa, robô não
wants_agent|||me liga por favor, prefiro resolver por telefone
wants_agent|||tem um 0800 de atendimento?
payment_link|||como pago?
payment_link|||manda o boleto
payment_link|||qual a chave pix?
payment_link|||manda o link pra pagar
payment_link|||posso pagar na lotérica? com qual código?
payment_link|||o boleto não chegou, pode reenviar?
ack|||ok
ack|||obrigado
ack|||blz
ack|||👍
ack|||recebido, valeu
unknown|||quem é?
unknown|||oi boa tarde
unknown|||não vou pagar nada
unknown|||kkkkk
unknown|h:23-23||11 da noite mandando mensagem, que absurdo
"""


DATA["en_US"] = """
opt_out|||pls stop texting this number, thx
opt_out|||whoever this is, I'm done. no more messages
opt_out|||this isn't Kevin's phone anymore, I've had this number since March. quit texting
opt_out|h:23-23||it's literally 11 at night. stop texting me
opt_out|||how do I get these texts to stop coming??
opt_out|||take my number off whatever list you got it from
opt_out|||I paid it already so you can stop blowing up my phone now
opt_out|||don't call me anymore, just text the link if you have to
opt_out|||I swear if I get one more of these... leave me alone
opt_out|||STOP. STOP. STOP.
opt_out|||remove me please
opt_out|||keep texting and I'm filing a complaint with the CFPB. cut it out
opt_out|||do NOT call my job again
opt_out|||no Brandon here bro, wrong person, stop texting me
opt_out|||I don't owe y'all a dime and I want zero contact from here on
opt_out|||plz stp txtin me
opt_out|||I revoke consent to be contacted at this number, by text or by phone
opt_out|||stop{ZW} texting{ZW} me
opt_out|||wow a 4th text today, you guys are really committed 🙄 give it a rest
opt_out|||not on whatsapp, thanks. don't message me here again
opt_out|||send me the payment link and then never message me again
opt_out|||stop calling my mother, she has nothing to do with this
opt_out|h:6-6||6am?? are you serious. no more texts
opt_out|||{BOM}unsubscribe me
opt_out|||can y'all quit it with the texts
opt_out|||wipe my info from your system, I don't want to hear from you
opt_out|||cease and desist all communication with me
opt_out|||🚫📵
opt_out|||lose my number
opt_out|||is there a way to opt out of these? they're nonstop
dispute|||wrong number, I don't know a Tyler
dispute|||this isn't my debt, never heard of you guys
dispute|||that balance is way off, I owed like half that
dispute|||I canceled that membership back in January, I have the cancellation email
dispute|||I never opened an account with you
dispute|||someone stole my identity, I already filed a police report on this
dispute|||you charged me twice for the same month
dispute|||I'm not Jessica, this has been my number for 5 years
dispute|||$1,250? no way that's what I owe
dispute|||I never ordered this
already_paid||150|sent $150 on Venmo this morning
already_paid|||I sent it through Zelle yesterday, did it go through?
already_paid||320.50|paid $320.50 with my debit card online
already_paid|||paid at Walmart, I'll send a pic of the receipt
already_paid||1200|I sent $1,200 via Cash App last night
already_paid|||paid half yesterday, rest on friday
already_paid|||this was paid off weeks ago, check your records
already_paid||89.99|paid 89.99 through PayPal
already_paid|||here's the confirmation # for my payment
already_paid|||I mailed a check last week, should be there soon
promise_to_pay|+1||I'll take care of it tomorrow
promise_to_pay|wd:4|200|I can pay the $200 on friday
promise_to_pay|eom||I'll have it paid by the end of the month
promise_to_pay|none||I'll pay once my check clears
promise_to_pay|domr||gonna pay on the {DOMTH}
promise_to_pay|dt||I'll send it {MD}
promise_to_pay|+2||I'll pay the day after tomorrow for sure
promise_to_pay|nw||next week I'll pay
promise_to_pay|dt|500|will pay $500 on {MONDAY}
promise_to_pay|wd:0||I'll pay it monday morning
promise_to_pay|+3||give me 3 days, I'll pay in 3 days
promise_to_pay|+0|75|I'll send $75 today
promise_to_pay|we||I'll pay it this weekend
promise_to_pay|wdd:4:15||I'll pay on friday the 15th
promise_to_pay|dt|1000|I'll pay the full $1k on {MONTH}
payment_plan|||can I do installments?
payment_plan|||is a payment plan possible?
payment_plan||100|I can do $100 a month
payment_plan|||any chance we can set up monthly payments?
payment_plan|||can I split it into smaller payments
payment_plan||50|I could do 50 bucks a week until it's paid off
hardship|||I've been out of work since september
hardship|||I don't have the money this month, sorry
hardship|||I'm in the hospital, I can't deal with this right now
hardship|||maybe friday, idk, no promises
hardship|||things are really tight, I can't pay right now
hardship|||I got laid off last month
hardship|||I don't even have $50 to my name
wants_agent|||can I talk to an actual human
wants_agent|||call me please, I'd rather do this over the phone
wants_agent|||I need to speak with someone
wants_agent|||connect me with a rep
wants_agent|||is there a real person I can talk to?
wants_agent|||what number do I call to talk to somebody
payment_link|||how do I pay this?
payment_link|||send the link
payment_link|||what's the routing and account number?
payment_link|||can I pay online somewhere?
payment_link|||where do I send the money
payment_link|||the link never came through, can you resend it
ack|||ok
ack|||thanks
ack|||got it
ack|||👍
ack|||received, thank you
unknown|||who is this?
unknown|||hey
unknown|||I'm not paying, do whatever you want
unknown|||lol
unknown|h:23-23||11pm texts, unbelievable
"""


# Extra hard near-misses and mixed messages, per locale.
DATA["es_CL"] += """
dispute|||dejen de cobrarme intereses, la cuota está mal calculada
payment_link|||quiero dar de baja la tarjeta, cómo pago lo que queda?
opt_out|||ya abono el viernes y mando comprobante, pero no me llamen más a la oficina
opt_out|||oiga y esto se puede desactivar? no quiero que me lleguen más avisos
wants_agent|||en vez de mensajes prefiero que me llame alguien mañana
unknown|||número equivocado? no sé, quién es el que escribe
"""
DATA["es_MX"] += """
dispute|||ya no me cobren el seguro ese, nunca lo pedí
dispute|||se equivocaron de número, yo no soy Martha ni la conozco
opt_out|||mañana pago pero ya no me estén marcando cada hora
opt_out|||ya mejor no me escriban, total ni les voy a contestar
payment_link|||me dieron de baja de la app y ya no veo cómo pagar, me pasan la liga?
wants_agent|||me cuesta leer tanto mensaje, mejor márqueme un asesor
"""
DATA["es_CO"] += """
dispute|||tengo el radicado de la cancelación del contrato desde junio, revisen
dispute|||paren de cobrar esa multa, está mal liquidada
opt_out|||ya consigné y les envío el soporte, pero por favor no me llamen más
opt_out|||cómo me desafilio de estos mensajes?
payment_link|||me borraron el mensaje del link sin querer, me lo vuelven a mandar?
unknown|||qué horas de escribir son estas, por Dios
"""
DATA["es_PE"] += """
dispute|||yo ya di de baja el plan, tengo la carta de baja sellada, no corresponde
dispute|||ese número no es de Luis, ya no vive aquí
opt_out|||el viernes pago pero ya no me estén escribiendo a cada rato pues
opt_out|||hay forma de que ya no me manden estas notificaciones?
payment_link|||no sé yapear, hay otra forma de pagar?
wants_agent|||mejor llámeme, por chat me enredo
"""
DATA["es_AR"] += """
dispute|||dejen de cobrarme el mantenimiento, di de baja la cuenta hace meses y tengo el mail de confirmación
dispute|||le erraron al número, acá no vive ningún Sergio
opt_out|||te pago el lunes pero no me llames más al celu
opt_out|||cómo me desuscribo de esto?? todos los días lo mismo
payment_link|||me dieron de baja el homebanking, por dónde pago?
unknown|||qué horas de mandar mensajes son estas, che
"""
DATA["pt_BR"] += """
dispute|||parem de cobrar essa taxa, o valor tá errado
dispute|||número errado, aqui não tem nenhuma Juliana
opt_out|||pago amanhã, mas não me liguem mais no trabalho
opt_out|||tem como eu bloquear essas mensagens de vocês? não quero mais receber
payment_link|||cancelei o cartão, como faço pra pagar o que falta?
wants_agent|||em vez de mensagem prefiro que alguém me ligue
"""
DATA["en_US"] += """
dispute|||stop charging me late fees, the balance is wrong
dispute|||wrong number, no Marcus here
opt_out|||I'll pay friday but stop calling me at work
opt_out|||how do I opt out of these reminders
payment_link|||I canceled my card, how else can I pay what's left?
wants_agent|||instead of texting can someone just call me tomorrow
"""


if __name__ == "__main__":
    main()
