"""Plan a week of reminders for two debtors and print why each step went where it did.

Run: .venv/bin/python examples/quickstart.py
"""

from datetime import UTC, date, datetime

from dunning import Consent, Creditor, Debt, Debtor, Money, Planner, default_strategy
from dunning.events import PaymentReceived

signed_up = datetime(2026, 1, 5, tzinfo=UTC)

debtors = [
    Debtor(
        id="c-1",
        name="Ana Pérez",
        country="CL",
        phone="+56 9 6123 4567",
        consents=[Consent(channel="whatsapp", granted_at=signed_up, source="checkout opt-in")],
    ),
    Debtor(
        id="c-2",
        name="Luis Hernández",
        country="MX",
        phone="+52 664 123 4567",  # Tijuana: the zone comes from the area code
        email="luis@example.com",
    ),
]
debts = [
    Debt(
        id="F-1001",
        debtor_id="c-1",
        amount=Money("45000", "CLP"),
        due_date=date(2026, 11, 23),
        reference="F-1001",
        payment_url="https://pay.example/F-1001",
    ),
    Debt(id="F-1002", debtor_id="c-1", amount=Money("12990", "CLP"), due_date=date(2026, 11, 23)),
    Debt(id="M-77", debtor_id="c-2", amount=Money("3000", "MXN"), due_date=date(2026, 11, 20)),
]
history = [
    PaymentReceived(
        at=datetime(2026, 11, 21, 15, tzinfo=UTC), debt_id="M-77", amount=Money("1000", "MXN")
    ),
]

planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur", tax_id="76.123.456-7"))
plan = planner.plan(
    debtors, debts, as_of=datetime(2026, 11, 22, 12, tzinfo=UTC), horizon_days=7, history=history
)

print(plan)
for message in plan.messages:
    owed = ", ".join(str(total) for total in message.totals)
    print(
        f"{message.local_send_at:%a %d %b %H:%M} {message.channel.value:8} "
        f"{message.stage.value:8} {message.debtor_id} {owed}"
    )
    for line in message.explain:
        print(f"    {line}")
for skip in plan.skipped:
    what = f"moved to {skip.moved_to:%Y-%m-%d %H:%M}Z" if skip.moved_to else "not sent"
    print(
        f"{skip.on} {skip.debtor_id} {skip.code.value}: {what}; {skip.reason} "
        f"[{skip.source.citation if skip.source else 'n/a'}]"
    )
