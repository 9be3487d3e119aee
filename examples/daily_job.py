"""A daily planning job over a portfolio file too large to hold: stream it, keep history short.

Each morning your system exports the portfolio sorted by debtor id, one row per debt, each
debtor's history (messages sent, replies, opt-outs, payments...) as JSON in an ``events`` column.
This job reads it a chunk of debtors at a time (memory holds one chunk), plans, writes the plan
and every bad row, and shows how much of the history tomorrow's run still needs
(``Planner.compact``): store only that, and a long history stops costing every morning.

Run: .venv/bin/python examples/daily_job.py
"""

import csv
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from dunning import Creditor, Money, Planner, default_strategy
from dunning.events import ConsentRevoked, MessageSent, PaymentReceived, ReplyReceived
from dunning.io import EVENTS_COLUMN, events_json, read_groups

AS_OF = datetime(2026, 11, 23, 13, tzinfo=UTC)  # a Monday, 10:00 in Santiago
HEADER = ["debtor_id", "name", "country", "email", "debt_id", "amount", "currency", "due_date"]


def history(number: int, debtor_id: str, debt_id: str) -> list:
    """A year of contacts for every third debtor; a STOP for every seventh; a part payment."""
    events: list = []
    if number % 3 == 0:
        for week in range(1, 52):
            at = AS_OF - timedelta(weeks=week, hours=number % 5)
            events.append(MessageSent(at=at, message_id=f"m-{debtor_id}-{week}",
                                      debtor_id=debtor_id, channel="email",
                                      debt_ids=(debt_id,)))  # fmt: skip
            if week % 10 == 0:
                events.append(ReplyReceived(at=at + timedelta(hours=2), debtor_id=debtor_id,
                                            channel="email", text="ok"))  # fmt: skip
    if number % 7 == 0:
        events.append(ConsentRevoked(at=AS_OF - timedelta(days=9), debtor_id=debtor_id,
                                     channel=None))  # fmt: skip
    if number % 4 == 0:
        events.append(PaymentReceived(at=AS_OF - timedelta(days=40), debt_id=debt_id,
                                      amount=Money("5000", "CLP")))  # fmt: skip
    return events


def export(path: Path, debtors: int) -> None:
    """What your system would write: sorted by debtor id, history on each debtor's first row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*HEADER, EVENTS_COLUMN])
        for number in range(debtors):
            debtor_id = f"c-{number:05d}"
            due = date(2026, 11, 1) + timedelta(days=number % 20)
            for k in range(1 + number % 2):
                debt_id = f"F-{number:05d}-{k}"
                amount = "-1" if number == 42 else str(20_000 + 1_000 * (number % 30))
                events = history(number, debtor_id, debt_id) if k == 0 else []
                writer.writerow([debtor_id, f"Cliente {number}", "CL", f"{debtor_id}@example.cl",
                                 debt_id, amount, "CLP", due.isoformat(),
                                 events_json(events) if events else ""])  # fmt: skip


planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
with tempfile.TemporaryDirectory() as folder:
    portfolio, plan_path = Path(folder) / "portfolio.csv", Path(folder) / "plan.csv"
    export(portfolio, debtors=600)

    messages = skipped = 0
    with (
        read_groups(portfolio, chunk_size=100) as groups,
        plan_path.open("w", encoding="utf-8", newline="") as out,
    ):
        for number, plan in enumerate(
            planner.plan_stream(groups, as_of=AS_OF, horizon_days=7, chunk_size=100)
        ):
            plan.to_csv(out, header=number == 0)  # one CSV, chunk after chunk
            messages += len(plan.messages)
            skipped += len(plan.skipped)
    print(groups)
    print(f"planned {messages} messages, {skipped} skipped or moved steps -> plan.csv")
    for error in groups.errors:
        print("  bad row:", error)  # line 65: column 'amount' ('-1'): ... must be positive

    with plan_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    stopped = {r["debtor_id"] for r in rows if "revoked consent" in r["reason"]}
    print(f"{len(stopped)} debtors said STOP: none of them is messaged:",
          not stopped & {r["debtor_id"] for r in rows if r["kind"] == "message"})  # fmt: skip

    # Tomorrow's run needs only what a plan from tomorrow on can read.
    with read_groups(portfolio, chunk_size=100) as groups:
        kept = sum(len(list(g.events)) for g in planner.compact(groups, as_of=AS_OF))
    print(f"history: {groups.events} events read, {kept} kept for tomorrow's run")
