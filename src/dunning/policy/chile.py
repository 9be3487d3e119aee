"""Chile: Ley 19.496 (LPDC) art. 37 as amended by Ley 21.320 (2021); SERNAC supervises.

* Calls and home visits: working days (Monday to Saturday, not holidays; Sunday is a holiday),
  08:00–20:00 (art. 37 with CPC art. 59; SERNAC's reading). Applied to written channels too, the
  prudent reading: the law's day/hour limit names visits and calls.
* At most one call or visit per week; at most two other actions (letter, SMS, e-mail, instant
  messaging such as WhatsApp) per week, at least two days apart. "Week" is read as any seven
  consecutive days, which satisfies the calendar-week reading too.
* Extrajudicial collection stops once a collection suit is served or insolvency opens.
* No consent requirement for a channel in art. 37 (WhatsApp still needs opt-in by platform rule).
"""

from __future__ import annotations

from datetime import date

from .._core._kinds import ALL_CHANNELS, VOICE, WRITTEN
from ._common import calendar, hours, source, standard_stops
from ._policy import ContactPolicy
from ._rules import Basis, ContentRule, FrequencyCap, HolidayCalendar

ART37 = "Ley 19.496 art. 37 (Ley 21.320)"
ELECTIONS = {
    date(2024, 10, 26): "Elecciones regionales y municipales (día 1, Ley 21.693)",
    date(2024, 10, 27): "Elecciones regionales y municipales (día 2, Ley 21.693)",
    date(2025, 11, 16): "Elecciones presidencial y parlamentarias",
    date(2025, 12, 14): "Segunda vuelta presidencial",
}
"""Election days, which Ley 18.700 makes holidays and the holidays package does not know. Add
later ones with ``with_holidays()`` as they are called."""


def policy(subdivision: str | None = None) -> ContactPolicy:
    window = [("mon-sat", "08:00", "20:00")]
    return ContactPolicy(
        name="CL" if subdivision is None else f"CL-{subdivision}",
        country="CL",
        subdivision=subdivision,
        hours=(
            hours(
                VOICE,
                window,
                source(f"{ART37}; CPC art. 59 (días hábiles 08:00-20:00); SERNAC"),
                closed_on_holidays=True,
            ),
            hours(
                WRITTEN,
                window,
                source(
                    f"{ART37} window applied to written channels",
                    Basis.PRUDENT,
                    "low",
                    note="the law's day/hour limit names visits and calls only",
                ),
                closed_on_holidays=True,
            ),
        ),
        holidays=(
            calendar("CL", subdivision, "Ley 2.977 and later holiday laws"),
            HolidayCalendar(
                country="CL",
                subdivision=subdivision,
                categories=(),
                extra_dates=ELECTIONS,
                source=source(
                    "Ley 18.700 art. 169 (election days are holidays); Ley 21.693 (the 2024 "
                    "regional and municipal elections over two days)",
                    confidence="medium",
                    note="the holidays package has no election days: dates kept here",
                ),
            ),
        ),
        caps=(
            FrequencyCap(
                limit=1,
                period_days=7,
                channels=VOICE,
                source=source(f"{ART37}: max 1 call or visit per week"),
            ),
            FrequencyCap(
                limit=2,
                period_days=7,
                min_gap_days=2,
                channels=WRITTEN,
                source=source(f"{ART37}: max 2 remote actions per week, 2 days apart"),
            ),
            FrequencyCap(
                limit=2,
                period_days=7,
                min_gap_days=3,
                channels=WRITTEN,
                source=source(
                    f"{ART37} 'separación de, al menos, dos días' read as two whole days "
                    "between contacts (Código Civil art. 48)",
                    Basis.PRUDENT,
                    "medium",
                    note="Monday then Thursday; drop this rule if counsel reads 'dates 2 apart'",
                ),
            ),
        ),
        content=(
            ContentRule(
                element="collection_information",
                description="at each collection action: who the creditor is, the debt it is "
                "about, interest and collection costs, how to pay, the debtor's rights, and "
                "that it is not a procedure to seize assets; nothing that looks judicial",
                channels=ALL_CHANNELS,
                creditor_fields=("name",),
                source=source(
                    f"{ART37}; Ley 21.062 (information at each collection action)",
                    confidence="medium",
                    note="the linter checks the creditor's name and the debt reference; the "
                    "rest is reviewed by hand",
                ),
            ),
        ),
        stops=standard_stops(
            legal_action=source(f"{ART37}: stop on service of a collection suit or insolvency"),
        ),
        notes=(
            "SERNAC reads the caps as cumulative: up to 1 call/visit + 2 written per week.",
            "Collection fees only after 20 days late; one free useful notice within 15 days.",
        ),
    )
