"""Loading portfolios: every good row loads, every bad row is reported where it is."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from portfolio_file import KINDS, Generated, generate

from dunning import (
    Creditor,
    CurrencyError,
    InputError,
    Money,
    Planner,
    PortfolioLoadError,
    default_strategy,
)
from dunning.io import (
    COLUMNS,
    Portfolio,
    RowError,
    exact_decimal,
    read_csv,
    read_dataframe,
    read_portfolio,
    read_records,
)

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def generated() -> Generated:
    return generate()


@pytest.fixture(scope="module")
def loaded(generated: Generated) -> Portfolio:
    return read_csv(io.StringIO(generated.text))


def _where(errors: tuple[RowError, ...]) -> set[tuple[int, str | None]]:
    return {(e.line, e.column) for e in errors}


def test_the_generator_plants_fifty_bad_rows_of_ten_kinds(generated: Generated) -> None:
    assert generated.rows == 10_000
    assert Counter(p.kind for p in generated.planted) == dict.fromkeys(KINDS, 5)
    assert len({p.line for p in generated.planted}) == 50


def test_a_10k_csv_reports_exactly_the_planted_rows_with_their_lines(
    generated: Generated, loaded: Portfolio
) -> None:
    assert len(loaded.errors) == 50
    assert _where(loaded.errors) == {(p.line, p.column) for p in generated.planted}
    lines = generated.text.splitlines()
    for error in loaded.errors:  # the line named holds the value named
        assert error.value is None or error.value in lines[error.line - 1]
    assert loaded.rows == 10_000
    assert len(loaded.debts) == 10_000 - 50
    assert not set(loaded.lines.values()) & {p.line for p in generated.planted}


def test_the_good_rows_are_planned(generated: Generated, loaded: Portfolio) -> None:
    plan = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur")).plan(
        loaded.debtors, loaded.debts, as_of=AS_OF, horizon_days=1
    )
    planned = {d for m in plan.messages for d in m.debt_ids}
    assert planned and planned <= {d.id for d in loaded.debts}
    assert {m.debtor_id for m in plan.messages} <= {d.id for d in loaded.debtors}


def test_the_same_through_a_dataframe_read_with_pandas_defaults(
    generated: Generated, loaded: Portfolio
) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(io.StringIO(generated.text))
    assert frame["amount"].dtype == "float64"  # pandas' default: amounts are floats
    assert frame["email"].isna().any()  # and empty cells NaN
    portfolio = read_dataframe(frame)
    assert _where(portfolio.errors) == {(p.line, p.column) for p in generated.planted}
    # Every float amount reads back as the exact decimal the file holds.
    assert {d.id: d.amount for d in portfolio.debts} == {d.id: d.amount for d in loaded.debts}
    assert portfolio.debtors == loaded.debtors


def test_strict_mode_raises_with_every_bad_row(generated: Generated) -> None:
    with pytest.raises(PortfolioLoadError) as caught:
        read_csv(io.StringIO(generated.text), strict=True)
    assert len(caught.value.errors) == 50
    assert "50 bad row(s)" in str(caught.value)
    assert caught.value.row == min(p.line for p in generated.planted)


HEAD = "debtor_id,name,country,email,debt_id,amount,currency,due_date,reference\n"


def test_lines_count_quoted_newlines_and_blank_lines() -> None:
    text = (
        HEAD
        + 'c-1,"Ana\nPérez",CL,ana@example.cl,F-1,45000,CLP,2026-11-23,"two\nlines"\n'
        + "\n"
        + "c-2,Bo,CL,bo@,F-2,1000,CLP,2026-11-23,x\n"
        + "c-3,Cy,CL,cy@example.cl,F-3,1000,CLP,2026-11-23,x,extra\n"
    )
    portfolio = read_csv(io.StringIO(text))
    assert [(e.line, e.column) for e in portfolio.errors] == [
        (6, "email"),
        (7, None),
    ]  # a row spans 2-4
    assert "10 cells where the header has 9" in portfolio.errors[1].message
    assert portfolio.lines == {"F-1": 2}


def test_column_mapping_case_and_ignored_columns() -> None:
    text = "Cliente,NAME,Pais,Correo,Factura,Monto,Moneda,Vence,Notas\n" + (
        "c-1,Ana,cl,ana@example.cl,F-1,45.000,CLP,2026-11-23,call after 5\n"
    )
    mapping = {
        "Cliente": "debtor_id",
        "Pais": "country",
        "Correo": "email",
        "Factura": "debt_id",
        "Monto": "amount",
        "Moneda": "currency",
        "Vence": "due_date",
    }
    portfolio = read_csv(io.StringIO(text), columns=mapping)
    assert portfolio.ok and portfolio.ignored_columns == ("Notas",)
    assert portfolio.debts[0].amount == Money("45000", "CLP")  # read in the debtor's locale
    bad = read_csv(io.StringIO(text.replace("45.000", '"45.000,5"')), columns=mapping)
    assert [(e.line, e.column) for e in bad.errors] == [(2, "Monto")]  # the file's own name


def test_a_missing_required_column_is_one_error_for_the_file() -> None:
    with pytest.raises(InputError, match=r"required column.*amount"):
        read_csv(io.StringIO("debtor_id,name,country,debt_id,currency\n"))
    with pytest.raises(InputError, match="not schema columns"):
        read_csv(io.StringIO(HEAD), columns={"x": "amont"})


def test_locale_of_amounts_can_be_given() -> None:
    rows = [
        {"debtor_id": "b", "name": "João", "country": "BR", "email": "j@example.com",
         "debt_id": "B-1", "amount": "R$ 1.234,56", "currency": "BRL"},
        {"debtor_id": "u", "name": "Amy", "country": "US", "email": "a@example.com",
         "debt_id": "U-1", "amount": "$1,250.00", "currency": "USD"},
    ]  # fmt: skip
    portfolio = read_records(rows)  # each in its debtor's locale
    assert [d.amount for d in portfolio.debts] == [
        Money("1234.56", "BRL"),
        Money("1250.00", "USD"),
    ]
    forced = read_records(rows, locale="pt_BR")
    assert [e.line for e in forced.errors] == [2]


def test_numpy_scalars_nan_and_float_amounts() -> None:
    np = pytest.importorskip("numpy")
    rows = [
        {"debtor_id": np.int64(7), "name": "Ana", "country": "CL", "email": np.nan,
         "phone": "+56 9 6123 4567", "debt_id": np.int64(1001), "amount": np.float64(45000.0),
         "currency": "CLP", "due_date": "2026-11-23"},
        {"debtor_id": 8.0, "name": "Bo", "country": "MX", "email": "b@example.com",
         "debt_id": 1002, "amount": 0.1 + 0.2, "currency": "MXN", "due_date": "2026-11-23"},
        {"debtor_id": 9, "name": "Cy", "country": "MX", "email": "c@example.com",
         "debt_id": 1003, "amount": np.float64(1234.56), "currency": "MXN"},
    ]  # fmt: skip
    portfolio = read_records(rows)
    assert [d.id for d in portfolio.debtors] == ["7", "9"]
    assert portfolio.debtors[0].email is None
    assert [d.amount for d in portfolio.debts] == [
        Money("45000", "CLP"),
        Money("1234.56", "MXN"),
    ]
    assert [(e.line, e.column) for e in portfolio.errors] == [(2, "amount")]
    assert "exact" in portfolio.errors[0].message


def test_exact_decimal_refuses_what_a_float_cannot_say() -> None:
    assert exact_decimal(0.1) == Decimal("0.1")
    assert exact_decimal(12345678901234.5) == Decimal("12345678901234.5")
    for bad in (2.0**53, float("inf"), 1234567890123.4567):
        with pytest.raises(CurrencyError):
            exact_decimal(bad)


def test_a_debtor_described_two_ways_is_an_error() -> None:
    text = (
        HEAD
        + "c-1,Ana,CL,ana@example.cl,F-1,45000,CLP,2026-11-23,x\n"
        + "c-1,Ana,CL,other@example.cl,F-2,1000,CLP,2026-11-23,x\n"
        + "c-1,Ana,cl,ana@example.cl,F-3,1000,CLP,2026-11-23,x\n"
    )
    portfolio = read_csv(io.StringIO(text))
    assert [(e.line, e.column) for e in portfolio.errors] == [(3, "email"), (4, "country")]
    assert [d.id for d in portfolio.debts] == ["F-1"]


def test_a_debtor_s_attributes_must_agree_across_its_rows() -> None:
    head = "debtor_id,name,country,email,debt_id,amount,currency,due_date,attributes.segment\n"
    text = head + (
        "c-1,Ana,CL,ana@example.cl,F-1,45000,CLP,2026-11-23,gold\n"
        "c-1,Ana,CL,ana@example.cl,F-2,1000,CLP,2026-11-23,gold\n"
        "c-1,Ana,CL,ana@example.cl,F-3,1000,CLP,2026-11-23,silver\n"
        "c-2,Luis,CL,luis@example.cl,F-4,1000,CLP,2026-11-23,\n"
    )
    portfolio = read_csv(io.StringIO(text))
    assert [(e.line, e.column) for e in portfolio.errors] == [(4, None)]
    assert "attributes differ from line 2" in portfolio.errors[0].message
    assert [d.id for d in portfolio.debts] == ["F-1", "F-2", "F-4"]
    by_id = {d.id: d for d in portfolio.debtors}
    assert by_id["c-1"].attributes == {"segment": "gold"}
    assert by_id["c-2"].attributes == {}  # an empty cell sets nothing


def test_cells_are_stripped_and_a_blank_cell_is_empty() -> None:
    text = HEAD + (
        " c-1 , Ana ,CL, ana@example.cl ,F-1, 45000 ,CLP, 2026-11-23 ,x\n"
        "c-2,   ,CL,luis@example.cl,F-2,1000,CLP,2026-11-23,x\n"
    )
    portfolio = read_csv(io.StringIO(text))
    [debtor] = portfolio.debtors
    assert (debtor.id, debtor.name, debtor.email) == ("c-1", "Ana", "ana@example.cl")
    assert portfolio.debts[0].amount == Money("45000", "CLP")
    assert [(e.line, e.column, e.message) for e in portfolio.errors] == [
        (3, "name", "name is empty")
    ]


def test_records_may_bring_attributes_on_later_rows() -> None:
    base = {"name": "Ana", "country": "CL", "amount": "1000", "currency": "CLP",
            "due_date": "2026-11-23"}  # fmt: skip
    rows = [
        base | {"debtor_id": "c-1", "email": "a@example.cl", "debt_id": "F-1"},
        base | {"debtor_id": "c-2", "email": "b@example.cl", "debt_id": "F-2",
                "attributes.segment": "gold"},
        base | {"debtor_id": "c-2", "email": "b@example.cl", "debt_id": "F-3",
                "attributes.segment": "gold", "attributes.branch": "sur"},
    ]  # fmt: skip
    portfolio = read_records(rows)
    assert [(e.line, "attributes differ" in e.message) for e in portfolio.errors] == [(3, True)]
    assert {d.id: d.attributes for d in portfolio.debtors} == {
        "c-1": {},
        "c-2": {"segment": "gold"},
    }


def test_separate_debtors_file_orphans_and_duplicates(tmp_path: Path) -> None:
    (tmp_path / "debtors.csv").write_text(
        "debtor_id,name,country,email\n"
        "c-1,Ana,CL,ana@example.cl\n"
        "c-1,Ana again,CL,ana@example.cl\n"
        "c-2,Bo,CL,not-an-address\n",
        encoding="utf-8",
    )
    (tmp_path / "debts.csv").write_text(
        "debt_id,debtor_id,amount,currency,due_date\n"
        "F-1,c-1,45000,CLP,2026-11-23\n"
        "F-2,c-2,1000,CLP,2026-11-23\n"
        "F-3,c-9,1000,CLP,2026-11-23\n",
        encoding="utf-8",
    )
    portfolio = read_csv(tmp_path / "debts.csv", debtors=tmp_path / "debtors.csv")
    assert [(e.source, e.line, e.column) for e in portfolio.errors] == [
        ("debtors.csv", 3, "debtor_id"),
        ("debtors.csv", 4, "email"),
        ("debts.csv", 3, "debtor_id"),
        ("debts.csv", 4, "debtor_id"),
    ]
    assert [d.id for d in portfolio.debts] == ["F-1"]
    assert portfolio.rows == 6


def test_parquet_round_trip_of_a_portfolio(tmp_path: Path, loaded: Portfolio) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [
        {"debtor_id": "c-1", "name": "Ana", "country": "CL", "email": "ana@example.cl",
         "debt_id": "F-1", "amount": Decimal("45000"), "currency": "CLP"},
        {"debtor_id": "c-2", "name": "Bo", "country": "MX", "email": "bo@example.com",
         "debt_id": "F-2", "amount": Decimal("-1.50"), "currency": "MXN"},
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "p.parquet")
    portfolio = read_portfolio(tmp_path / "p.parquet")
    assert [d.amount for d in portfolio.debts] == [Money("45000", "CLP")]
    assert [(e.line, e.column) for e in portfolio.errors] == [(2, "amount")]


def test_the_schema_is_documented() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "portfolio-files.md").read_text(
        encoding="utf-8"
    )
    for column in COLUMNS:
        assert f"`{column.name}`" in text


def test_the_core_never_imports_pandas_or_pyarrow() -> None:
    code = (
        "import sys, dunning, dunning.io, dunning.templates, dunning.channels;"
        "import dunning._cli._main;"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_docs_page_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    page = Path(__file__).resolve().parents[2] / "docs" / "portfolio-files.md"
    namespace: dict[str, object] = {}
    for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        exec(compile(block, str(page), "exec"), namespace)
    assert "Portfolio(debtors=1, debts=2, errors=3, rows=4)" in capsys.readouterr().out


def test_a_bad_debtor_does_not_make_its_amount_look_wrong_too() -> None:
    text = HEAD + "c-9,Wrong Phone,CL,x@,F-9,10.000,CLP,2026-11-20,x\n"
    portfolio = read_csv(io.StringIO(text))
    assert [(e.line, e.column) for e in portfolio.errors] == [(2, "email")]


_HEAD = "debtor_id,name,country,email,debt_id,amount,currency,due_date,events\n"


def test_a_long_history_cell_is_read() -> None:
    from dunning.events import MessageSent
    from dunning.io import events_json, read_groups

    at = datetime(2026, 1, 1, tzinfo=UTC)
    history = [
        MessageSent(at=at, message_id=f"m-{i}", debtor_id="c-1", channel="sms", debt_ids=("F-1",))
        for i in range(1500)
    ]
    cell = events_json(history).replace('"', '""')
    assert len(cell) > 131072  # the csv module's default limit for one cell
    text = _HEAD + f'c-1,Ana,CL,ana@example.cl,F-1,100,CLP,2026-11-01,"{cell}"\n'
    assert len(read_csv(io.StringIO(text), strict=True).history) == 1500
    assert next(read_groups(io.StringIO(text))).events[-1] == history[-1]


def test_a_quote_left_open_names_the_lines_it_took() -> None:
    rows = "c-1,Ana,CL,ana@example.cl,F-1,100,CLP,2026-11-01,\n"
    text = _HEAD + rows + 'c-2,"Eva,CL,eva@example.cl,F-2,100,CLP,2026-11-01,\n' + rows * 5
    portfolio = read_csv(io.StringIO(text))
    (error,) = portfolio.errors
    assert error.line == 3 and "runs over lines 3-8: a quote that is not closed?" in str(error)


def test_a_cell_past_the_limit_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    from dunning.io import _load, read_groups

    limit = csv.field_size_limit()
    monkeypatch.setattr(_load, "CELL_LIMIT", 1000)
    csv.field_size_limit(1000)
    try:
        text = (
            _HEAD
            + "c-1,Ana,CL,ana@example.cl,F-1,100,CLP,2026-11-01,\n"
            + ('c-2,"' + "x" * 2000 + '",CL,e@example.cl,F-2,100,CLP,2026-11-01,\n')
        )
        with pytest.raises(InputError, match="line 3: a cell longer than 0 MiB"):
            read_csv(io.StringIO(text))
        reader = read_groups(io.StringIO(text))
        with pytest.raises(InputError, match="line 3: a cell longer"):
            list(reader)
        with pytest.raises(InputError, match="line 1: a cell longer"):
            read_csv(io.StringIO('"' + "x" * 2000 + '"\n'))
    finally:
        csv.field_size_limit(limit)
    assert csv.field_size_limit() == limit


_LATIN = (
    "debtor_id,name,country,email,debt_id,amount,currency,due_date\n"
    "c-1,Ana,CL,ana@example.cl,F-1,100,CLP,2026-11-01\n"
    "c-2,José Muñoz,CL,jose@example.cl,F-2,100,CLP,2026-11-01\n"
)


def test_a_spreadsheet_saved_in_cp1252_is_read_with_its_encoding(tmp_path: Path) -> None:
    from dunning.io import read_groups

    path = tmp_path / "windows.csv"
    path.write_bytes(_LATIN.encode("cp1252"))
    portfolio = read_csv(path, encoding="cp1252", strict=True)
    assert portfolio.debtors[1].name == "José Muñoz"
    assert [g.debtor.name for g in read_groups(path, encoding="cp1252")] == ["Ana", "José Muñoz"]
    with pytest.raises(InputError, match=r"line 3: not utf-8 text \(byte 0xE9\).*cp1252"):
        read_csv(path)  # UTF-8 by default: the line of the first byte that is not
    with pytest.raises(InputError, match="line 3: not utf-8 text"):
        list(read_groups(path))
    with pytest.raises(InputError, match="near line"):  # an open file: where decoding failed
        read_csv(io.TextIOWrapper(io.BytesIO(_LATIN.encode("cp1252")), encoding="utf-8"))
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_csv(path, encoding="klingon")
    with pytest.raises(InputError, match="unknown encoding"):
        read_groups(path, encoding="klingon")


@pytest.mark.parametrize("name", ["utf-8", "UTF8", "utf_8"])
def test_utf8_is_read_with_or_without_a_byte_order_mark(tmp_path: Path, name: str) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(_LATIN.encode("utf-8-sig"))
    assert read_csv(path, encoding=name, strict=True).debtors[1].name == "José Muñoz"


def test_a_file_that_is_not_parquet_is_an_input_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from dunning.io import read_groups, read_parquet

    path = tmp_path / "export.parquet"
    path.write_text("debtor_id,name\nc-1,Ana\n", encoding="utf-8")  # a CSV named .parquet
    for read in (read_parquet, read_portfolio, read_groups):
        with pytest.raises(InputError, match=r"export\.parquet cannot be read as Parquet"):
            read(path)


def test_reading_pauses_the_collector_and_turns_it_back_on() -> None:
    import gc

    rows = "".join(f"c-{i},Ana,CL,ana@example.cl,F-{i},100,CLP,2026-11-01,\n" for i in range(2500))
    seen: list[bool] = []
    assert gc.isenabled()
    portfolio = read_csv(io.StringIO(_HEAD + rows), progress=lambda n: seen.append(gc.isenabled()))
    assert len(portfolio.debts) == 2500
    assert seen == [False, False] and gc.isenabled()  # off while reading rows, on again after
