"""Promise dates resolve against the debtor's local date, with ``dateutil`` doing the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from dunning.conversation._classify import resolve_promise_date

MON = date(2026, 11, 23)  # a Monday
FRI = date(2026, 11, 27)
LAST = date(2026, 11, 30)  # the last day of November, a Monday

CASES = [
    # today, tomorrow, the day after
    ("es_CL", "te pago hoy", MON, MON),
    ("es_MX", "hoy en la noche te deposito", MON, MON),
    ("es", "mañana pago", MON, date(2026, 11, 24)),
    ("es", "mañana en la mañana pago", MON, date(2026, 11, 24)),
    ("es", "pasado mañana deposito", MON, date(2026, 11, 25)),
    ("pt_BR", "pago hoje", MON, MON),
    ("pt_BR", "amanhã faço o pix", MON, date(2026, 11, 24)),
    ("pt_BR", "depois de amanhã eu pago", MON, date(2026, 11, 25)),
    ("en_US", "I'll pay today", MON, MON),
    ("en_US", "will pay tomorrow", MON, date(2026, 11, 24)),
    ("en_US", "the day after tomorrow", MON, date(2026, 11, 25)),
    ("es", "mañana pago", LAST, date(2026, 12, 1)),
    # in N days / weeks
    ("es", "en 3 días te pago", MON, date(2026, 11, 26)),
    ("es", "dentro de una semana", MON, date(2026, 11, 30)),
    ("es_AR", "en dos semanas te transfiero", MON, date(2026, 12, 7)),
    ("pt_BR", "daqui a 5 dias", MON, date(2026, 11, 28)),
    ("pt_BR", "em uma semana eu pago", MON, date(2026, 11, 30)),
    ("en_US", "in 3 days", MON, date(2026, 11, 26)),
    ("en_US", "in a week", MON, date(2026, 11, 30)),
    # weekdays: strictly after today
    ("es", "el viernes", MON, FRI),
    ("es", "este viernes te pago", MON, FRI),
    ("es", "el próximo viernes", MON, FRI),
    ("es", "el lunes que viene", MON, date(2026, 11, 30)),
    ("es", "te pago el lunes", MON, date(2026, 11, 30)),
    ("es", "el viernes", FRI, date(2026, 12, 4)),
    ("es", "el miercoles", MON, date(2026, 11, 25)),
    ("es", "el sábado", MON, date(2026, 11, 28)),
    ("pt_BR", "na sexta", MON, FRI),
    ("pt_BR", "sexta-feira eu pago", MON, FRI),
    ("pt_BR", "pago na segunda", MON, date(2026, 11, 30)),
    ("pt_BR", "até quarta", MON, date(2026, 11, 25)),
    ("en_US", "on friday", MON, FRI),
    ("en_US", "next friday", MON, FRI),
    ("en_US", "I can pay Monday", MON, date(2026, 11, 30)),
    # day of month: the first date on or after today with that day
    ("es", "el 15", MON, date(2026, 12, 15)),
    ("es", "el día 30", MON, date(2026, 11, 30)),
    ("es", "el 23", MON, MON),
    ("es", "el 31", MON, date(2026, 12, 31)),
    ("es", "el 31", date(2027, 1, 31), date(2027, 1, 31)),
    ("es", "el 30", date(2027, 1, 31), date(2027, 3, 30)),
    ("pt_BR", "dia 10", MON, date(2026, 12, 10)),
    ("pt_BR", "no dia 25 eu pago", MON, date(2026, 11, 25)),
    ("en_US", "on the 15th", MON, date(2026, 12, 15)),
    ("en_US", "by the 1st", MON, date(2026, 12, 1)),
    ("es", "el viernes 4", MON, date(2026, 12, 4)),
    # numeric dates: day/month in es and pt, month/day in en_US
    ("es", "el 15/12", MON, date(2026, 12, 15)),
    ("es", "15-12", MON, date(2026, 12, 15)),
    ("es", "el 2/1", MON, date(2027, 1, 2)),
    ("es", "15/12/2026", MON, date(2026, 12, 15)),
    ("es", "15/12/26", MON, date(2026, 12, 15)),
    ("es", "el 1/11", MON, date(2027, 11, 1)),
    ("pt_BR", "pago 05/12", MON, date(2026, 12, 5)),
    ("en_US", "12/15", MON, date(2026, 12, 15)),
    ("en_US", "on 1/2", MON, date(2027, 1, 2)),
    ("en", "12/15/2026", MON, date(2026, 12, 15)),
    ("es", "el 29/2", date(2027, 2, 28), date(2028, 2, 29)),  # 2027 has none: 366 days
    # written dates
    ("es", "15 de diciembre", MON, date(2026, 12, 15)),
    ("es", "el 2 de enero", MON, date(2027, 1, 2)),
    ("es", "el 2 de enero de 2027", MON, date(2027, 1, 2)),
    ("es", "el 20 de noviembre", MON, date(2027, 11, 20)),
    ("pt_BR", "15 de dezembro", MON, date(2026, 12, 15)),
    ("pt_BR", "dia 3 de dezembro", MON, date(2026, 12, 3)),
    ("en_US", "December 15", MON, date(2026, 12, 15)),
    ("en_US", "Dec 15th", MON, date(2026, 12, 15)),
    ("en_US", "dec. 3", MON, date(2026, 12, 3)),
    ("en_US", "on the 3rd of December", MON, date(2026, 12, 3)),
    # end of month
    ("es", "fin de mes", MON, LAST),
    ("es", "a fin de mes", MON, LAST),
    ("es", "a final del mes", MON, LAST),
    ("es", "a fines de mes", date(2027, 2, 3), date(2027, 2, 28)),
    ("pt_BR", "final do mês", MON, LAST),
    ("pt_BR", "no fim do mês", MON, LAST),
    ("en_US", "end of the month", MON, LAST),
    ("es", "a fin de mes", LAST, LAST),
    # quincena: the next 15th or last day strictly after today
    ("es_MX", "la quincena", MON, LAST),
    ("es_MX", "en la quincena", date(2026, 11, 10), date(2026, 11, 15)),
    ("es_MX", "la próxima quincena", date(2026, 11, 15), LAST),
    ("es_MX", "en la quincena", LAST, date(2026, 12, 15)),
    ("pt_BR", "na quinzena", MON, LAST),
    ("es_CO", "la quincena", date(2027, 2, 20), date(2027, 2, 28)),
    # next week: the Friday of the next Monday-to-Sunday week
    ("es", "la próxima semana", MON, date(2026, 12, 4)),
    ("es", "la semana que viene", date(2026, 11, 29), date(2026, 12, 4)),
    ("pt_BR", "semana que vem", MON, date(2026, 12, 4)),
    ("en_US", "next week", FRI, date(2026, 12, 4)),
    ("es", "el martes de la próxima semana", MON, date(2026, 12, 1)),
    # weekend: the next Saturday strictly after today
    ("es", "el fin de semana", MON, date(2026, 11, 28)),
    ("es", "este finde", date(2026, 11, 28), date(2026, 12, 5)),
    ("pt_BR", "no fim de semana", MON, date(2026, 11, 28)),
    ("en_US", "this weekend", MON, date(2026, 11, 28)),
    # no date at all, or only the past
    ("es", "ya pagué", MON, None),
    ("es", "apenas cobre te pago", MON, None),
    ("es", "pagué la semana pasada", MON, None),
    ("es", "te pago 15 mil", MON, None),
    ("pt_BR", "pago de manhã", MON, None),
    ("en_US", "I paid last friday", MON, None),
    ("es", "el 45", MON, None),
    ("es", "el 31/2", MON, None),
    # misspelt
    ("es", "el biernes", MON, FRI),
    ("es", "mañna", MON, date(2026, 11, 24)),
    ("pt_BR", "amanha cedo", MON, date(2026, 11, 24)),
    ("pt_BR", "não dá hoje, mas sexta eu pago", MON, FRI),
    # several dates: the first one outside a negated clause
    ("es", "hoy no puedo, mañana sí", MON, date(2026, 11, 24)),
]


@pytest.mark.parametrize(("locale", "text", "today", "expected"), CASES)
def test_promise_dates(locale: str, text: str, today: date, expected: date | None):
    assert resolve_promise_date(text, today=today, locale=locale) == expected
