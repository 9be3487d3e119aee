"""Tighten the legal policy with house rules, add an election day, and query the policy directly.

Run: .venv/bin/python examples/house_rules.py
"""

from datetime import UTC, date, datetime

from dunning import Creditor, Debt, Debtor, Money, Planner, default_strategy
from dunning.policy import ContactPolicy, FrequencyCap, HoursRule, Source, Window, for_country

ours = Source(citation="Collections handbook v4, section 2", basis="house")

# Our own rules: written messages only 09:00-18:00 on weekdays, and at most 3 a month.
house = ContactPolicy(
    name="house",
    hours=(
        HoursRule(
            channels=["sms", "whatsapp", "email"],
            windows=(Window(days="mon-fri", start="09:00", end="18:00"),),
            source=ours,
        ),
    ),
    caps=(
        FrequencyCap(limit=3, period_days=30, channels=["sms", "whatsapp", "email"], source=ours),
    ),
)
# The presidential run-off is not in the holidays package: add it to Chile's calendar.
chile = for_country("CL").with_holidays({date(2026, 11, 24): "Jornada electoral (example)"})

ana = Debtor(
    id="c-1", name="Ana Pérez", country="CL", email="ana@example.cl", timezone="America/Santiago"
)
invoice = Debt(id="F-1", debtor_id="c-1", amount=Money("30000", "CLP"), due_date=date(2026, 11, 24))

planner = Planner(
    default_strategy(),
    creditor=Creditor(name="Tienda Sur"),
    policies={"CL": chile},
    house_rules=house,
)
plan = planner.plan([ana], [invoice], as_of=datetime(2026, 11, 23, 11, tzinfo=UTC), horizon_days=10)
for message in plan.messages:
    print(message.local_send_at.isoformat(), message.channel.value, message.stage.value)
for skip in plan.skipped:
    print(skip.on, skip.code.value, skip.reason)

# The same rules answer direct questions:
policy = planner.policy_for(ana)
sunday_night = datetime(2026, 11, 29, 23, tzinfo=UTC)
print([str(v) for v in policy.check(ana, "email", as_of=sunday_night)])
print(policy.next_allowed(ana, "email", as_of=sunday_night))
