"""Plans out: records, CSV, JSON, Parquet and pandas keep ids, times and amounts exactly."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from portfolio_file import generate

from dunning import Creditor, Plan, Planner, Skip, SkipCode, default_strategy
from dunning.io import read_csv
from dunning.policy import Basis, Source
from dunning.templates import TemplateEngine

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
CREDITOR = Creditor(
    name="Tienda Sur",
    tax_id="12.345.678/0001-95",
    address="Av. Paulista 1000, São Paulo - SP",
    contact="+56 2 2345 6789",
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    portfolio = read_csv(io.StringIO(generate(rows=600, bad_per_kind=1).text))
    planner = Planner(default_strategy(), creditor=CREDITOR, templates=TemplateEngine())
    return planner.plan(portfolio.debtors, portfolio.debts, as_of=AS_OF, horizon_days=7)


def _expected(plan: Plan) -> list[tuple[str, datetime, Decimal | None]]:
    """Ids, UTC times and amounts, read from the plan's own messages."""
    out = []
    for m in sorted(plan.messages, key=lambda m: (m.send_at, m.debtor_id)):
        total = Decimal(0)
        for line in m.debts:
            total += line.outstanding.amount
        out.append((m.id, m.send_at, total))
    return out


def test_the_plan_has_messages_skips_and_moves(plan: Plan) -> None:
    assert len(plan.messages) > 100 and plan.moved and plan.dropped
    assert all(m.content is not None for m in plan.messages)


def test_records_have_one_row_per_message_and_skip(plan: Plan) -> None:
    rows = plan.to_records()
    assert len(rows) == len(plan.messages) + len(plan.skipped)
    kinds = [r["kind"] for r in rows]
    assert kinds.count("message") == len(plan.messages)
    assert kinds.count("moved") == len(plan.moved)
    message = next(r for r in rows if r["kind"] == "message")
    assert message["local_time"].utcoffset() is not None
    assert message["local_time"] == message["utc_time"]
    assert message["preview"]
    moved = next(r for r in rows if r["kind"] == "moved")
    assert moved["moved_to"] and moved["code"] and moved["source"] and moved["basis"]


def test_csv_round_trip_keeps_ids_times_and_amounts(plan: Plan, tmp_path: Path) -> None:
    plan.to_csv(tmp_path / "plan.csv")
    with open(tmp_path / "plan.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] == "message"]
    back = [
        (r["message_id"], datetime.fromisoformat(r["utc_time"]), Decimal(r["amount"])) for r in rows
    ]
    assert back == _expected(plan)
    assert all(datetime.fromisoformat(r["local_time"]).utcoffset() is not None for r in rows)


def test_parquet_round_trip_keeps_ids_times_and_amounts(plan: Plan, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    plan.to_parquet(tmp_path / "plan.parquet")
    table = pq.read_table(tmp_path / "plan.parquet")
    rows = [r for r in table.to_pylist() if r["kind"] == "message"]
    back = [(r["message_id"], r["utc_time"], r["amount"]) for r in rows]
    assert back == _expected(plan)
    assert table.schema.metadata[b"as_of"] == plan.as_of.isoformat().encode()
    # and pandas reads the same file with the same values
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(tmp_path / "plan.parquet")
    messages = frame[frame["kind"] == "message"]
    assert list(messages["message_id"]) == [e[0] for e in _expected(plan)]
    assert list(messages["amount"]) == [e[2] for e in _expected(plan)]


@pytest.mark.parametrize(
    ("amount", "currency", "column"),
    [
        ("9" * 24, "CLP", "decimal128(38, 4)"),
        ("9" * 25, "CLP", "decimal128(38, 4)"),  # past the default context's 28 digits
        ("9" * 34 + ".9999", "CLF", "decimal128(38, 4)"),  # four minor units: 38 digits
        ("9" * 35, "CLP", "decimal256(76, 4)"),
        ("9" * 38, "CLP", "decimal256(76, 4)"),  # the most digits Money takes
    ],
)
def test_parquet_keeps_every_amount_money_takes(
    tmp_path: Path, amount: str, currency: str, column: str
) -> None:
    # An amount past 24 integer digits raised decimal.InvalidOperation (its four decimal
    # places were added in the default 28-digit context) instead of being written.
    pq = pytest.importorskip("pyarrow.parquet")
    from dunning import Debt, Debtor, Money

    ana = Debtor(id="c-1", name="Ana", country="CL", email="ana@example.cl")
    owed = Debt(
        id="F-1", debtor_id="c-1", amount=Money(amount, currency), due_date=date(2026, 11, 20)
    )
    plan = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur")).plan(
        [ana], [owed], as_of=datetime(2026, 11, 23, 12, tzinfo=UTC), horizon_days=3
    )
    assert plan.messages
    plan.to_parquet(tmp_path / "plan.parquet")
    table = pq.read_table(tmp_path / "plan.parquet")
    assert str(table.schema.field("amount").type) == column
    assert [a for a in table["amount"].to_pylist() if a is not None] == [Decimal(amount)] * len(
        plan.messages
    )


def test_json_keeps_amounts_as_exact_text(plan: Plan) -> None:
    document = json.loads(plan.to_json())
    assert document["horizon_days"] == 7
    rows = [r for r in document["rows"] if r["kind"] == "message"]
    back = [
        (r["message_id"], datetime.fromisoformat(r["utc_time"]), Decimal(r["amount"])) for r in rows
    ]
    assert back == _expected(plan)
    assert all(isinstance(r["debt_ids"], list) for r in rows)


def test_to_pandas(plan: Plan) -> None:
    pytest.importorskip("pandas")
    frame = plan.to_pandas()
    assert len(frame) == len(plan.messages) + len(plan.skipped)
    assert str(frame["utc_time"].dtype) in ("datetime64[us, UTC]", "datetime64[ns, UTC]")
    per_day = frame[frame["kind"] == "message"].groupby(["local_date", "channel"]).size()
    assert per_day.sum() == len(plan.messages)


def test_breakdown_counts_everything_once(plan: Plan) -> None:
    rows = plan.breakdown()
    assert sum(r["count"] for r in rows) == len(plan.messages) + len(plan.skipped)
    countries = {r["country"] for r in rows if r["kind"] == "message"}
    assert countries <= {"CL", "MX", "CO", "PE", "BR", "US"} and len(countries) > 3


def test_html_for_notebooks_escapes_what_it_shows(plan: Plan) -> None:
    skip = Skip(
        debtor_id="c-<1>",
        debt_ids=("F-1",),
        on=date(2026, 11, 23),
        code=SkipCode.HOLIDAY,
        reason="closed <b>today</b>",
        source=Source(citation="Ley 19.496 art. 37", basis=Basis.LAW),
    )
    html = skip._repr_html_()
    assert "closed &lt;b&gt;today&lt;/b&gt;" in html and "<b>today" not in html
    assert "Ley 19.496 art. 37 [law]" in html
    page = plan._repr_html_()
    assert page.startswith("<p><b>Plan</b>") and "<table>" in page and "more rows" in page
    message = plan.messages[0]
    assert message.content is not None
    assert message._repr_html_().count("<tr>") >= 8


@pytest.mark.slow  # several seconds: CI runs it in its slow step
def test_the_io_benchmark_runs_and_reports_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "io_bench.py"
    spec = importlib.util.spec_from_file_location("io_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        results = module.main(["--sizes", "200", "400"])  # tiny: the report, not the time
    finally:
        sys.modules.pop(spec.name, None)
    assert [r["rows"] for r in results] == [200, 400]
    assert [r["errors"] for r in results] == [1, 2]  # one row in 200 is planted bad
    assert all(r["read_csv_growth"] > 0 and r["loader_over_floor"] > 0 for r in results)
    assert "ms per 1,000 rows" in capsys.readouterr().out
