"""Mexico: CONDUSEF's general provisions on collection agencies (DOF 7 Oct 2014) and Código Penal
Federal art. 284 Bis.

* Calls and visits only 07:00–22:00 in the debtor's own time zone; applied to written channels
  too (prudent). No weekday, holiday or frequency rule was found in force.
* The first contact must identify the agency, the lender, the operation and the amount owed.
"""

from __future__ import annotations

from .._core._kinds import ALL_CHANNELS, VOICE, WRITTEN
from ._common import calendar, hours, source, standard_stops
from ._policy import ContactPolicy
from ._rules import Basis, ContentRule

CONDUSEF = "CONDUSEF, Disposiciones de carácter general (despachos de cobranza), DOF 7 Oct 2014"


def policy(subdivision: str | None = None) -> ContactPolicy:
    window = [("mon-sun", "07:00", "22:00")]
    return ContactPolicy(
        name="MX" if subdivision is None else f"MX-{subdivision}",
        country="MX",
        subdivision=subdivision,
        hours=(
            hours(
                VOICE,
                window,
                source(f"{CONDUSEF}: 07:00-22:00 debtor's time"),
                closed_on_holidays=False,
            ),
            hours(
                WRITTEN,
                window,
                source(f"{CONDUSEF} window applied to written channels", Basis.PRUDENT, "low"),
                closed_on_holidays=False,
            ),
        ),
        holidays=(calendar("MX", subdivision, "Ley Federal del Trabajo art. 74"),),
        content=(
            ContentRule(
                element="creditor_identification",
                description="agency and lender names, the operation, the amount owed and that "
                "payment goes only to the lender",
                channels=ALL_CHANNELS,
                first_contact_only=True,
                creditor_fields=("name",),
                source=source(f"{CONDUSEF}: identification at first contact", confidence="medium"),
            ),
            ContentRule(
                element="creditor_identification",
                description="the same identification in every contact, not only the first",
                channels=ALL_CHANNELS,
                creditor_fields=("name",),
                source=source(
                    f"{CONDUSEF}: duty to identify fully, applied to every contact",
                    Basis.PRUDENT,
                    "medium",
                    note="the planner cannot tell a first contact from history alone",
                ),
            ),
        ),
        stops=standard_stops(),
        notes=("Threats or intimidation to collect are a crime (CPF art. 284 Bis).",),
    )
