"""Brazil: Código de Defesa do Consumidor (Lei 8.078/1990) arts. 42, 42-A and 71; São Paulo state
Lei 15.426/2014.

* No federal hours: the common market practice (Monday–Friday 08:00–20:00, Saturday 08:00–14:00,
  not on Sundays or holidays) is applied as a prudent default.
* São Paulo (``subdivision="SP"``): collection calls only Monday–Friday 08:00–20:00, Saturday
  08:00–14:00, never on holidays (Lei 15.426/2014 art. 2); applied to written channels too.
* Every collection document names the supplier, address and CPF/CNPJ (CDC art. 42-A).
"""

from __future__ import annotations

from .._models import ALL_CHANNELS, VOICE, WRITTEN
from ._common import calendar, hours, source, standard_stops
from ._model import Basis, ContactPolicy, ContentRule

SAO_PAULO = ("SP", "São Paulo Capital")
"""The state, and its capital (whose calendar adds the city's holidays): both under SP law."""
WINDOW = [("mon-fri", "08:00", "20:00"), ("sat", "08:00", "14:00")]


def policy(subdivision: str | None = None) -> ContactPolicy:
    rules = [
        hours(
            ALL_CHANNELS,
            WINDOW,
            source(
                "market practice (no federal rule); CDC art. 71 (no interference with rest)",
                Basis.PRUDENT,
                "medium",
            ),
            closed_on_holidays=True,
        )
    ]
    if subdivision in SAO_PAULO:
        rules += [
            hours(
                VOICE, WINDOW, source("Lei estadual SP 15.426/2014 art. 2"), closed_on_holidays=True
            ),
            hours(
                WRITTEN,
                WINDOW,
                source(
                    "Lei SP 15.426/2014 art. 2 applied to written channels", Basis.PRUDENT, "low"
                ),
                closed_on_holidays=True,
            ),
        ]
    state_content: list[ContentRule] = []
    if subdivision in SAO_PAULO:
        state_content.append(
            ContentRule(
                element="amount_itemisation",
                description="the original amount and, separately, each interest, fine, fee or "
                "other charge added to it",
                channels=ALL_CHANNELS,
                source=source(
                    "Lei estadual SP 14.953/2013 (itemised collection)",
                    confidence="medium",
                    note="text seen in summaries; the linter cannot check it: review templates",
                ),
            )
        )
    return ContactPolicy(
        name="BR" if subdivision is None else f"BR-{subdivision}",
        country="BR",
        subdivision=subdivision,
        hours=tuple(rules),
        holidays=(calendar("BR", subdivision, "Lei 662/1949 and later; state laws"),),
        content=(
            ContentRule(
                element="creditor_identification",
                description="supplier's name, address and CPF/CNPJ",
                channels=ALL_CHANNELS,
                creditor_fields=("name", "address", "tax_id"),
                source=source("CDC (Lei 8.078/1990) art. 42-A"),
            ),
            *state_content,
        ),
        stops=standard_stops(),
        notes=(
            "Municipal holidays are not in the holidays package: add them with with_holidays().",
            "LGPD art. 7 X (credit protection) is the legal basis; WhatsApp still needs opt-in.",
        ),
    )
