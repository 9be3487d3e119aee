"""The ``events`` column: a debtor's history is loaded with the debtor, or the debtor is not."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning import Creditor, InputError, Money, Planner, default_strategy
from dunning.events import (
    ChargeApplied,
    ConsentRevoked,
    DisputeOpened,
    Event,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PlanInstallment,
    PromiseToPay,
)
from dunning.io import EVENTS_COLUMN, events_json, plan_partition, read_csv, read_records

# Every test twice: histories as events, and as columns (tests/io/conftest.py).
pytestmark = pytest.mark.usefixtures("histories_both_ways")

AS_OF = datetime(2026, 11, 23, 15, tzinfo=UTC)
HEADER = ["debtor_id", "name", "country", "email", "debt_id", "amount", "currency", "due_date"]
PLANNER = Planner(default_strategy(), creditor=Creditor(name="Tienda"))


def _row(debtor: str, debt: str, events: str = "") -> dict[str, str]:
    values = [debtor, "Ana", "MX", f"{debtor}@example.com", debt, "3000", "MXN", "2026-11-20"]
    return dict(zip(HEADER, values, strict=True)) | {EVENTS_COLUMN: events}


def _csv(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, [*HEADER, EVENTS_COLUMN] if header is None else header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _dispute(debt: str) -> DisputeOpened:
    return DisputeOpened(at=AS_OF - timedelta(days=3), debt_id=debt)


def _paid(debt: str, amount: str, currency: str) -> PaymentReceived:
    return PaymentReceived(
        at=AS_OF - timedelta(days=2), debt_id=debt, amount=Money(amount, currency)
    )


def _sent(*debts: str) -> MessageSent:
    return MessageSent(at=AS_OF - timedelta(days=1), message_id=f"m-{'-'.join(debts)}",
                       debtor_id="c-1", channel="sms", debt_ids=debts)  # fmt: skip


def _plan(*currencies: str) -> PaymentPlanAccepted:
    installments = tuple(
        PlanInstallment(number=n, due_date=AS_OF.date() + timedelta(days=7 * n),
                        amount=Money("10", currency))
        for n, currency in enumerate(currencies, start=1)
    )  # fmt: skip
    return PaymentPlanAccepted(at=AS_OF - timedelta(days=1), debtor_id="c-1", plan_id="p-1",
                               debt_ids=("F-1", "F-2"), installments=installments)  # fmt: skip


def test_amounts_in_the_debt_s_currency_are_read() -> None:
    history = [_paid("F-1", "100", "MXN"), _plan("MXN", "MXN"),
               PromiseToPay(at=AS_OF, debt_id="F-2", promised_date=AS_OF.date())]  # fmt: skip
    rows = [_row("c-1", "F-1", events_json(history)), _row("c-1", "F-2")]
    portfolio = read_csv(io.StringIO(_csv(rows)), strict=True)
    assert portfolio.history == tuple(history)


def test_the_history_is_read_and_planned() -> None:
    text = _csv([_row("c-1", "F-1", events_json([_dispute("F-1")])), _row("c-2", "F-2")])
    portfolio = read_csv(io.StringIO(text), strict=True)
    assert portfolio.history == (_dispute("F-1"),)
    assert portfolio.ignored_columns == ()
    assert repr(portfolio) == "Portfolio(debtors=2, debts=2, errors=0, rows=2, events=1)"
    groups = {g.debtor.id: tuple(g.events) for g in portfolio.groups()}
    assert groups == {"c-1": (_dispute("F-1"),), "c-2": ()}
    (plan,) = PLANNER.plan_stream(portfolio.groups(), as_of=AS_OF, horizon_days=3)
    assert {m.debtor_id for m in plan.messages} == {"c-2"}  # F-1 is disputed
    assert {s.code.value for s in plan.skipped if s.debtor_id == "c-1"} == {"disputed"}
    # Events given to groups() are added to the file's (not instead of them).
    extra = _dispute("F-2")
    groups = {g.debtor.id: tuple(g.events) for g in portfolio.groups([extra])}
    assert groups == {"c-1": (_dispute("F-1"),), "c-2": (extra,)}


def test_loaded_events_share_one_set_of_field_names_per_kind() -> None:
    # Pydantic's per-instance set of given fields was most of a small event's memory; the
    # loader lets events that were given every field share one set per class.
    history = [_paid("F-1", "100", "MXN"), _paid("F-1", "5", "MXN"), _plan("MXN", "MXN"),
               _dispute("F-1"), _dispute("F-2")]  # fmt: skip
    text = events_json(history)
    # The second dispute leaves out its reason: its own, smaller set stays.
    text = text.replace(',"reason":null}]', "}]")
    assert text.endswith('"debt_id":"F-2"}]')
    portfolio = read_csv(io.StringIO(_csv([_row("c-1", "F-1", text), _row("c-1", "F-2")])))
    loaded = portfolio.history
    assert loaded == tuple(history)
    fresh = [type(e).model_validate_json(e.model_dump_json(exclude_unset=True)) for e in loaded]
    for event, alone in zip(loaded, fresh, strict=True):
        assert event.model_fields_set == alone.model_fields_set
    one, two, plan, full, short = loaded
    assert isinstance(one, PaymentReceived) and isinstance(two, PaymentReceived)
    assert isinstance(plan, PaymentPlanAccepted)
    assert one.model_fields_set is two.model_fields_set
    assert one.amount.model_fields_set is two.amount.model_fields_set
    first, second = plan.installments
    assert first.model_fields_set is second.model_fields_set
    assert first.amount.model_fields_set is one.amount.model_fields_set
    assert full.model_fields_set is not short.model_fields_set
    assert short.model_fields_set == {"at", "kind", "debt_id"}
    # The shared set is never changed: pydantic copies it before model_copy adds to it.
    before = set(one.model_fields_set)
    changed = one.model_copy(update={"debt_id": "F-2"})
    assert changed.model_fields_set is not one.model_fields_set
    assert two.model_fields_set == before


def test_the_column_is_mapped_and_matched_without_case() -> None:
    text = _csv([_row("c-1", "F-1", events_json([_dispute("F-1")]))])
    mapped = read_csv(io.StringIO(text.replace("events", "historial", 1)), strict=True,
                      columns={"historial": "events"})  # fmt: skip
    assert mapped.history == (_dispute("F-1"),)
    upper = read_csv(io.StringIO(text.replace("events", "Events", 1)), strict=True)
    assert upper.history == (_dispute("F-1"),)
    with pytest.raises(InputError, match="not schema columns"):
        read_csv(io.StringIO(text), columns={"events": "history"})


def test_a_debtor_whose_history_cannot_be_read_is_not_loaded() -> None:
    rows = [
        _row("c-1", "F-1", '[{"kind": "said_stop"}]'),  # line 2: not an event
        _row("c-1", "F-2"),  # line 3: a good row of the same debtor
        _row("c-2", "F-3", events_json([_dispute("F-3")])),  # line 4
    ]
    portfolio = read_csv(io.StringIO(_csv(rows)))
    assert [d.id for d in portfolio.debtors] == ["c-2"]
    assert [d.id for d in portfolio.debts] == ["F-3"] and portfolio.lines == {"F-3": 4}
    assert portfolio.history == (_dispute("F-3"),)
    (cell, row) = portfolio.errors
    assert (cell.line, cell.column, cell.value) == (2, EVENTS_COLUMN, '[{"kind": "said_stop"}]')
    assert (row.line, row.column) == (3, None)
    assert str(row).startswith("line 3: row: not loaded: the history of debtor 'c-1' (line 2)")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["[]", "[ ]"], "debtor 'c-1' has other events on line 2"),
        (["[", ""], "not JSON"),
        (['{"kind": "dispute_opened"}', ""], "expected a JSON array of events"),
        (
            [events_json([ConsentRevoked(at=AS_OF, debtor_id="c-9", channel=None)]), ""],
            "an event of debtor 'c-9' in the history of 'c-1'",
        ),
        (
            ["", events_json([_dispute("F-9")])],
            "an event about debt 'F-9' of debtor 'c-2' in the history of 'c-1'",
        ),
        (
            ["", events_json([_paid("F-9", "3", "MXN")])],
            "an event about debt 'F-9' of debtor 'c-2' in the history of 'c-1'",
        ),
        (
            [events_json([_sent("F-1"), _sent("F-9")]), ""],
            "an event about debt 'F-9' of debtor 'c-2' in the history of 'c-1'",
        ),
        # An amount in another currency than its debt's would stop the plan of every debtor.
        (
            [events_json([_dispute("F-1"), _paid("F-2", "3", "USD")]), ""],
            "event 2 (payment_received): an amount in USD about debt 'F-2', which is in MXN",
        ),
        (
            [
                events_json(
                    [
                        ChargeApplied(
                            at=AS_OF,
                            debt_id="F-1",
                            charge_id="fee-1",
                            charge="collection_fee",
                            amount=Money("9", "USD"),
                        )
                    ]
                ),
                "",
            ],
            "event 1 (charge_applied): an amount in USD about debt 'F-1', which is in MXN",
        ),
        (
            [
                events_json(
                    [
                        PromiseToPay(
                            at=AS_OF,
                            debt_id="F-1",
                            promised_date=AS_OF.date(),
                            amount=Money("5", "USD"),
                        )
                    ]
                ),
                "",
            ],
            "event 1 (promise_to_pay): an amount in USD about debt 'F-1', which is in MXN",
        ),
        (
            [events_json([_plan("MXN", "USD")]), ""],
            "event 1 (payment_plan_accepted): installments in MXN and USD",
        ),
        (
            [events_json([_plan("USD")]), ""],
            "event 1 (payment_plan_accepted): installments in USD for debt 'F-1', which is in MXN",
        ),
    ],
)
def test_what_makes_a_history_unreadable(cells: list[str], message: str) -> None:
    rows = [_row("c-1", "F-1", cells[0]), _row("c-1", "F-2", cells[1]), _row("c-2", "F-9")]
    portfolio = read_csv(io.StringIO(_csv(rows)))
    assert [d.id for d in portfolio.debtors] == ["c-2"]
    assert any(e.column == EVENTS_COLUMN and message in e.message for e in portfolio.errors)
    # Every row of c-1 is reported: the bad cell, and the other row as not loaded.
    assert {e.line for e in portfolio.errors} == {2, 3}


def test_of_two_debts_of_other_debtors_the_first_named_is_reported() -> None:
    history = [_paid("F-9", "3", "MXN"), _sent("F-1", "F-8"), _paid("F-1", "3", "USD")]
    rows = [_row("c-1", "F-1", events_json(history)), _row("c-2", "F-9"), _row("c-3", "F-8")]
    portfolio = read_csv(io.StringIO(_csv(rows)))
    assert [d.id for d in portfolio.debtors] == ["c-2", "c-3"]
    [error] = portfolio.errors
    assert error.line == 2
    assert error.message == "an event about debt 'F-9' of debtor 'c-2' in the history of 'c-1'"


def test_the_history_may_be_on_the_debtors_file() -> None:
    quoted = events_json([_dispute("F-1")]).replace('"', '""')
    debtors = io.StringIO(
        "debtor_id,name,country,email,events\n"
        f'c-1,Ana,MX,ana@example.com,"{quoted}"\n'
        'c-2,Eva,MX,eva@example.com,"[{""kind"": ""nope""}]"\n'
    )
    debts = io.StringIO(
        "debtor_id,debt_id,amount,currency,due_date\n"
        "c-1,F-1,3000,MXN,2026-11-20\nc-2,F-2,3000,MXN,2026-11-20\n"
    )
    portfolio = read_csv(debts, debtors=debtors)
    assert portfolio.history == (_dispute("F-1"),)
    assert [d.id for d in portfolio.debtors] == ["c-1"]
    assert {(e.line, e.column) for e in portfolio.errors} == {(3, None), (3, "events")}


def test_plan_partition_does_not_plan_a_debtor_without_their_history() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([_row("c-1", "F-1", "not json"), _row("c-2", "F-2")])
    out = plan_partition(frame, planner=PLANNER, as_of=AS_OF, horizon_days=3, strict=False)
    assert set(out[out["kind"] != "error"]["debtor_id"]) == {"c-2"}
    assert out[out["kind"] == "error"]["reason"].str.startswith("line 2: column 'events'").all()


# ------------------------------------------------------------------ property: nothing is lost

_FLAWS = ("json", "kind", "other_text", "other_debtor", "other_debt", "currency")


def _history(draw: st.DrawFn, debtor: str, debts: list[str]) -> list[Event]:
    out: list[Event] = []
    for i in range(draw(st.integers(0, 4))):
        at = AS_OF - timedelta(days=draw(st.integers(1, 60)), minutes=i)
        kind = draw(st.sampled_from(["sent", "paid", "dispute", "stop"]))
        debt = draw(st.sampled_from(debts))
        if kind == "sent":
            out.append(MessageSent(at=at, message_id=f"m-{debtor}-{i}", debtor_id=debtor,
                                   channel="email", debt_ids=(debt,)))  # fmt: skip
        elif kind == "paid":
            out.append(PaymentReceived(at=at, debt_id=debt, amount=Money("100", "MXN")))
        elif kind == "dispute":
            out.append(DisputeOpened(at=at, debt_id=debt))
        else:
            out.append(ConsentRevoked(at=at, debtor_id=debtor, channel=None))
    return out


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[dict[str, str]], dict[str, list[Event]], set[str]]:
    """Rows of debtors with histories (some flawed), each debtor's history, the flawed ones."""
    rows: list[dict[str, str]] = []
    histories: dict[str, list[Event]] = {}
    flawed: set[str] = set()
    n = draw(st.integers(1, 8))
    for d in range(n):
        debtor = f"c-{d}"
        debts = [f"F-{d}-{k}" for k in range(draw(st.integers(1, 3)))]
        history = histories[debtor] = _history(draw, debtor, debts)
        text = events_json(history) if history else ""
        flaw = draw(st.sampled_from((None, None, *_FLAWS)))
        if flaw == "other_debt" and n == 1:
            flaw = "json"
        if flaw is not None:
            flawed.add(debtor)
        if flaw == "json":
            text = (text or "[") + "}"
        elif flaw == "kind":
            text = '[{"kind": "said_stop", "at": "2026-11-20T00:00:00Z"}]'
        elif flaw == "other_debtor":
            text = events_json([*history, ConsentRevoked(at=AS_OF, debtor_id="x", channel=None)])
        elif flaw == "other_debt":
            other = f"F-{(d + 1) % n}-0"
            text = events_json([*history, _dispute(other)])
        elif flaw == "currency":  # a payment in another currency than the debt's
            text = events_json([*history, _paid(draw(st.sampled_from(debts)), "1.00", "USD")])
        cells = [""] * len(debts)
        where = draw(st.integers(0, len(debts) - 1))
        cells[where] = text
        if draw(st.booleans()):
            cells = [text] * len(debts)  # the same text on each row is one history
        if flaw == "other_text":  # two texts of one history: which one is meant is unclear
            base = text or "[]"
            cells = [base, base[:-1] + " ]"] if len(debts) > 1 else [base + "x"]
            cells += [""] * (len(debts) - len(cells))
        rows.extend(_row(debtor, debt, cell) for debt, cell in zip(debts, cells, strict=True))
    return rows, histories, flawed


@given(portfolios(), st.booleans())
def test_a_debtor_is_loaded_with_their_whole_history_or_reported(
    case: tuple[list[dict[str, str]], dict[str, list[Event]], set[str]], as_records: bool
) -> None:
    rows, histories, flawed = case
    if as_records:
        portfolio = read_records(rows, first_line=2)
    else:
        portfolio = read_csv(io.StringIO(_csv(rows)))
    loaded = {d.id for d in portfolio.debtors}
    assert loaded == set(histories) - flawed
    # The history of each loaded debtor is theirs, whole, in its order.
    by_debtor: dict[str, list[Event]] = {d: [] for d in loaded}
    for group in portfolio.groups():
        by_debtor[group.debtor.id] = list(group.events)
    assert by_debtor == {d: histories[d] for d in loaded}
    # Nothing is lost silently: each row is loaded or reported, never both.
    reported = {e.line for e in portfolio.errors}
    kept = set(portfolio.lines.values())
    assert kept | reported == set(range(2, len(rows) + 2)) and not kept & reported
    assert len(portfolio.errors) == len(reported)  # one error a row: the cell, or why not
    assert {rows[line - 2]["debtor_id"] for line in reported} == flawed
    # What was loaded plans: no debtor's history stops the plan of the others.
    for plan in PLANNER.plan_stream(portfolio.groups(), as_of=AS_OF, horizon_days=3):
        assert {m.debtor_id for m in plan.messages} <= loaded


def test_plan_partition_reads_a_mapped_history_column() -> None:
    pd = pytest.importorskip("pandas")
    row = _row("c-1", "F-1", events_json([_dispute("F-1")]))
    frame = pd.DataFrame([row]).rename(columns={"debtor_id": "cliente", EVENTS_COLUMN: "historial"})
    out = plan_partition(frame, planner=PLANNER, as_of=AS_OF, horizon_days=3,
                         columns={"cliente": "debtor_id", "historial": "events"})  # fmt: skip
    assert set(out["code"]) == {"disputed"}  # the history was read under its own name


def _arrow_history() -> list[Event]:
    """A history whose Arrow struct pads each event with the other kinds' fields as null, with
    nulls that mean something (every channel) and defaults (no debts named)."""
    return [
        MessageSent(at=AS_OF - timedelta(days=3), message_id="m-1", debtor_id="c-1",
                    channel="sms", debt_ids=("F-1", "F-2")),
        MessageSent(at=AS_OF - timedelta(days=2), message_id="m-2", debtor_id="c-1",
                    channel="email"),
        _paid("F-1", "100.50", "MXN"),
        PromiseToPay(at=AS_OF, debt_id="F-2", promised_date=AS_OF.date()),
        ConsentRevoked(at=AS_OF - timedelta(hours=5), debtor_id="c-1", channel=None),
        DisputeOpened(at=AS_OF - timedelta(days=1), debt_id="F-2", reason="  no reconozco  "),
    ]  # fmt: skip


def _as_structs(history: list[Event]) -> list[dict[str, object]]:
    """The events as Arrow would hold them: plain values, times as datetimes."""
    out = []
    for event in history:
        data = event.model_dump(mode="json")
        data["at"] = event.at
        out.append(data)
    return out


def test_an_arrow_list_of_structs_is_read_as_the_history(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from dunning.io import read_dataframe, read_groups, read_parquet

    history = _arrow_history()
    rows = [_row("c-1", "F-1") | {EVENTS_COLUMN: _as_structs(history)},
            _row("c-1", "F-2") | {EVENTS_COLUMN: None},
            _row("c-2", "F-3") | {EVENTS_COLUMN: []}]  # fmt: skip
    table = pa.Table.from_pylist(rows)
    assert pa.types.is_struct(table.schema.field(EVENTS_COLUMN).type.value_type)
    path = tmp_path / "portfolio.parquet"
    pq.write_table(table, path)
    from_text = read_csv(io.StringIO(_csv([_row("c-1", "F-1", events_json(history)),
                                           _row("c-1", "F-2"), _row("c-2", "F-3")])))  # fmt: skip
    assert from_text.ok and from_text.history == tuple(history)
    for portfolio in (read_parquet(path), read_dataframe(table.to_pandas())):
        assert portfolio.ok, portfolio.errors
        assert portfolio.history == tuple(history)
        loaded = {e.kind: e for e in portfolio.history}
        assert loaded["consent_revoked"].channel is None  # a null that means every channel
        assert loaded["dispute_opened"].reason == "  no reconozco  "  # text as given
        plans = [PLANNER.plan_stream(p.groups(), as_of=AS_OF, horizon_days=5)
                 for p in (portfolio, from_text)]  # fmt: skip
        assert [list(p) for p in plans[0]] == [list(p) for p in plans[1]]
    with read_groups(path) as groups:
        assert tuple(e for g in groups for e in g.events) == tuple(history)


def _deep(levels: int) -> list[object]:
    deep: list[object] = []
    inner = deep
    for _ in range(levels):
        nested: list[object] = []
        inner.append(nested)
        inner = nested
    return deep


def _circular() -> dict[str, object]:
    event: dict[str, object] = {"kind": "dispute_opened", "at": AS_OF, "debt_id": "F-1"}
    event["reason"] = event
    return event


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            [{"kind": "dispute_opened", "at": AS_OF, "debt_id": "F-1", "reason": _deep(5000)}],
            "event 1, reason: nested more than 32 levels deep (or circular)",
        ),
        ([_circular()], "event 1, reason: nested more than 32 levels deep (or circular)"),
        ({"events": _deep(5000)}, "expected a JSON array of events"),
    ],
)
def test_a_cell_nested_without_end_is_reported_not_raised(cell: object, message: str) -> None:
    # Python objects given to read_records: deep or circular nesting was a RecursionError.
    portfolio = read_records([_row("c-1", "F-1") | {EVENTS_COLUMN: cell}, _row("c-2", "F-2")])
    assert [d.id for d in portfolio.debtors] == ["c-2"]
    (error,) = portfolio.errors
    assert error.message == message
    assert error.value is not None and len(error.value) <= 200


def test_other_cells_nested_without_end_are_reported_briefly() -> None:
    huge = list(range(1_000_000))
    cases = [
        ("name", _deep(5000), "expected text, got list"),
        ("name", _circular(), "expected text, got dict"),
        ("name", huge, "expected text, got list"),
        ("attributes.segment", _deep(5000), "nested more than 32 levels deep (or circular)"),
        ("attributes.segment", _circular(), "nested more than 32 levels deep (or circular)"),
    ]
    for column, value, message in cases:
        portfolio = read_records([_row("c-1", "F-1") | {column: value}, _row("c-2", "F-2")])
        assert [d.id for d in portfolio.debtors] == ["c-2"]
        assert [(e.column, e.message) for e in portfolio.errors] == [(column, message)]
        (error,) = portfolio.errors
        assert error.value is not None and len(error.value) <= 200
    # A long attribute is an attribute: only nesting without end is refused.
    portfolio = read_records([_row("c-1", "F-1") | {"attributes.segment": huge}])
    assert portfolio.ok and portfolio.debtors[0].attributes["segment"] == huge


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ([1], "event 1: expected an event's fields, got int"),
        (
            [{"kind": "dispute_opened", "at": AS_OF, "debt_id": "F-1"}, "x"],
            "event 2: expected an event's fields, got str",
        ),
        ([{"kind": "nope", "at": AS_OF}], "event 1"),
        ([{"kind": ["dispute_opened"], "at": AS_OF, "debt_id": "F-1"}], "event 1"),
        (
            [{"kind": "dispute_opened", "at": AS_OF.replace(tzinfo=None), "debt_id": "F-1"}],
            "event 1 (dispute_opened), at",
        ),
        (
            [
                {
                    "kind": "payment_received",
                    "at": AS_OF,
                    "debt_id": "F-1",
                    "amount": {"amount": 10.5, "currency": "MXN"},
                }
            ],
            "event 1 (payment_received)",
        ),
    ],
)
def test_a_list_cell_that_is_not_a_history_is_reported(cell: object, message: str) -> None:
    portfolio = read_records([_row("c-1", "F-1") | {EVENTS_COLUMN: cell}, _row("c-2", "F-2")])
    assert [d.id for d in portfolio.debtors] == ["c-2"]
    (error,) = portfolio.errors
    assert (error.line, error.column) == (1, EVENTS_COLUMN)
    assert error.message.startswith(message), error.message


def test_an_array_cell_is_a_list_for_its_column_s_reader() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    history = _arrow_history()
    structs = _as_structs(history)
    for data in structs:
        data["at"] = pd.Timestamp(data["at"])  # as a DataFrame built by hand holds times
    cells = np.empty(len(history), dtype=object)
    cells[:] = structs
    good = read_records([_row("c-1", "F-1") | {EVENTS_COLUMN: cells}, _row("c-1", "F-2")])
    assert good.ok and good.history == tuple(history)
    assert {type(e.at) for e in good.history} == {datetime}  # not pandas' Timestamp
    # An array where one value belongs is refused with the row, not raised (a two-item array
    # raised numpy's ValueError; a one-item array was read as its item).
    for amount in (np.array([45000, 1]), np.array([45000])):
        bad = read_records([_row("c-1", "F-1") | {"amount": amount}])
        assert [(e.column, e.message) for e in bad.errors] == [
            ("amount", "expected an amount, got list")
        ]


def test_a_list_cell_repeated_on_a_debtor_s_rows_is_read_once() -> None:
    history = _as_structs(_arrow_history())
    copy = [dict(event) for event in history]  # equal, not the same objects
    same = read_records([_row("c-1", "F-1") | {EVENTS_COLUMN: history},
                         _row("c-1", "F-2") | {EVENTS_COLUMN: copy}])  # fmt: skip
    assert same.ok and same.history == tuple(_arrow_history())
    other = read_records([_row("c-1", "F-1") | {EVENTS_COLUMN: history},
                          _row("c-1", "F-2") | {EVENTS_COLUMN: history[:-1]},
                          _row("c-2", "F-3")])  # fmt: skip
    assert [d.id for d in other.debtors] == ["c-2"]
    assert any("has other events on line 1" in e.message for e in other.errors)

    # A value that refuses to be compared (Decimal's signalling NaN) is not the same history.
    def odd() -> list[dict[str, object]]:  # a new Decimal each time: not compared by identity
        return [{"kind": "payment_received", "at": AS_OF, "debt_id": "F-1",
                 "amount": {"amount": Decimal("sNaN"), "currency": "MXN"}}]  # fmt: skip

    rows = [
        _row("c-1", "F-1") | {EVENTS_COLUMN: odd()},
        _row("c-1", "F-2") | {EVENTS_COLUMN: odd()},
    ]
    nan = read_records([*rows, _row("c-2", "F-3")])
    assert [d.id for d in nan.debtors] == ["c-2"]
