"""The debtor portal mounted in an app, driven in-process: a reminder offers an on-time discount,
the debtor opens the link, accepts the discounted plan (double-clicking "accept"), and the next
plan follows the plan's installments.

    .venv/bin/python examples/portal_app.py          # demo: drives the app in-process, prints
    .venv/bin/python examples/portal_app.py serve    # http://127.0.0.1:8000/portal until Ctrl-C

The demo speaks to the app through ``httpx.ASGITransport`` (no server, no port). Needs the
``portal`` extra: ``pip install 'dunning[portal]'``.
"""

from __future__ import annotations

import asyncio
import re
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from dunning import Cadence, Creditor, Debt, Debtor, Incentive, Money, Planner, Step
from dunning.portal import MemoryStore, Portal
from dunning.templates import TemplateEngine

NOW = datetime(2026, 11, 23, 15, tzinfo=UTC)  # Monday, 12:00 in Santiago
SITE = "https://pay.example.cl"
creditor = Creditor(name="Tienda Sur")
ana = Debtor(
    id="c-1", name="Ana Pérez", country="CL", phone="+56 9 6123 4567", timezone="America/Santiago"
)
bill = Debt(
    id="F-1",
    debtor_id="c-1",
    amount=Money("45990", "CLP"),
    due_date=date(2026, 11, 26),
    reference="Boleta 1043",
    payment_url=f"{SITE}/pay/F-1",
)

# 1. The planner's reminder offers 5% off for paying by the due date.
on_time = Incentive(percent=Decimal("5"), until_offset_days=0, code="PUNTUAL5")
planner = Planner(
    Cadence("on-time", [Step(-3, channels=["sms"], incentive=on_time)]),
    creditor=creditor,
    templates=TemplateEngine(),
)
[reminder] = planner.plan([ana], [bill], as_of=NOW, horizon_days=3).messages

# 2. The store keeps the debtor, the debt, the history and the offers the message made.
store = MemoryStore([ana], [bill], incentives=reminder.incentives)
portal = Portal(
    secret="example-only-secret-use-secrets.token_urlsafe(32)",
    store=store,
    creditor=creditor,
    base_url=f"{SITE}/portal",
    clock=lambda: NOW,
)
app = Starlette(routes=[Mount("/portal", app=portal)])
link = portal.link(ana, purpose="account", expires=timedelta(days=7), as_of=NOW)
print("SMS:", reminder.content.text.splitlines()[1] if reminder.content else "")
print("link:", link.split("/l/")[0] + "/l/…")


async def debtor_visit() -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=SITE) as web:
        opened = await web.get(link)
        page = await web.get(opened.headers["location"] + "plan")
        first = re.search(r'<label for="plan-1">(.*?)</label>', page.text, re.S)
        print("portal offers:", " ".join(first.group(1).split()) if first else "?")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        plan_id = re.search(r'name="plan" id="plan-1" value="([^"]+)"', page.text)
        assert csrf and plan_id
        form = {"csrf": csrf.group(1), "plan": plan_id.group(1)}
        clicks = [await web.post("/portal/plan", data=form) for _ in range(2)]  # double click
        print("answers:", [(r.status_code, r.headers["location"]) for r in clicks])


asyncio.run(debtor_visit())
[accepted] = store.events  # two clicks, one event
total = sum((i.amount for i in accepted.installments), Money.zero("CLP"))
print("recorded:", accepted.kind, "for", total, "due", accepted.installments[0].due_date)

# 3. The next plan follows the accepted plan instead of the original reminder.
later = Planner(
    Cadence("on-time", [Step(-3, channels=["sms"], incentive=on_time)]), creditor=creditor
)
nxt = later.plan(
    [ana], [bill], as_of=NOW + timedelta(hours=1), horizon_days=7, history=store.events
)
print(
    "next plan:",
    [(m.template, str(m.local_date)) for m in nxt.messages],
    sorted({s.code.value for s in nxt.skipped}),
)

if sys.argv[1:2] == ["serve"]:  # pragma: no cover - interactive
    import uvicorn

    portal.base_url, portal.secure_cookie = "http://127.0.0.1:8000/portal", False
    portal.clock = lambda: datetime.now(UTC)
    print("open:", portal.link(ana, as_of=datetime.now(UTC)))
    uvicorn.run(app, host="127.0.0.1", port=8000)
