"""read_groups: a sorted portfolio file read a chunk of debtors at a time, as read_csv reads it."""

from __future__ import annotations

import csv
import gc
import io
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunning import DebtorGroup, InputError, Planner, default_strategy
from dunning.io import Portfolio, RowError, read_csv, read_groups

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
import million_bench as bench

# Every test twice: histories as events, and as columns (tests/io/conftest.py).
pytestmark = pytest.mark.usefixtures("histories_both_ways")

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
PLANNER = Planner(default_strategy(), creditor=bench.CREDITOR)


def _text(rows: Iterable[Iterable[str]], header: Iterable[str] = bench.HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _shape(groups: Iterable[DebtorGroup]) -> list[tuple[str, list[str], list[object]]]:
    return [(g.debtor.id, [d.id for d in g.debts], list(g.events)) for g in groups]


def _where(errors: Iterable[RowError]) -> list[tuple[int, str | None, str]]:
    return sorted((e.line, e.column, e.message) for e in errors)


@pytest.fixture(scope="module")
def sorted_rows() -> list[list[str]]:
    """1,200 debts over nine markets with histories, sorted by debtor id, a few rows spoiled."""
    rows = [list(r) for r in bench.portfolio_rows(1200, seed=11)]
    amount = bench.HEADER.index("amount")
    phone = bench.HEADER.index("phone")
    for index in (5, 400, 401, 999):
        rows[index][amount] = "-3"
    rows[77][phone] = "12345"
    return rows


@pytest.mark.parametrize("chunk_size", [1, 7, 5000])
def test_the_groups_and_errors_are_read_csv_s(sorted_rows: list[list[str]], chunk_size: int):
    text = _text(sorted_rows)
    whole = read_csv(io.StringIO(text))
    reader = read_groups(io.StringIO(text), chunk_size=chunk_size)
    assert _shape(reader) == _shape(whole.groups())
    assert _where(reader.errors) == _where(whole.errors) and len(reader.errors) == 5
    assert (reader.rows, reader.debts, reader.debtors, reader.events) == (
        whole.rows,
        len(whole.debts),
        len(whole.debtors),
        len(whole.history),
    )


def test_the_streamed_plan_is_the_whole_plan(sorted_rows: list[list[str]]):
    text = _text(sorted_rows)
    whole = read_csv(io.StringIO(text))
    expected = PLANNER.plan(
        whole.debtors, whole.debts, as_of=AS_OF, horizon_days=7, history=whole.history
    )
    messages, skipped = [], []
    for plan in PLANNER.plan_stream(
        read_groups(io.StringIO(text), chunk_size=50), as_of=AS_OF, horizon_days=7, chunk_size=50
    ):
        messages += plan.messages
        skipped += plan.skipped
    assert len(expected.messages) > 500
    assert sorted(m.id for m in messages) == sorted(m.id for m in expected.messages)
    assert set(messages) == set(expected.messages) and set(skipped) == set(expected.skipped)


def test_a_row_out_of_order_is_reported_and_the_rest_read() -> None:
    rows = [list(r) for r in bench.portfolio_rows(40, seed=3)]
    ids = [r[0] for r in rows]
    late = next(i for i in range(1, len(rows)) if ids[i] != ids[0] and ids[i] != ids[i - 1])
    moved = rows.pop(0)  # the first debtor's first row, now after another debtor's
    rows.insert(late, moved)
    reader = read_groups(io.StringIO(_text(rows)), chunk_size=3)
    groups = list(reader)
    (error,) = reader.errors
    assert error.line == late + 2 and error.column == "debtor_id" and error.value == moved[0]
    assert "rows must be sorted by debtor_id" in error.message
    assert [g.debtor.id for g in groups] == sorted({g.debtor.id for g in groups})
    assert sum(len(list(g.debts)) for g in groups) == len(rows) - 1


def test_a_debt_id_repeated_in_a_later_chunk_is_reported() -> None:
    rows = [list(r) for r in bench.portfolio_rows(30, seed=5)]
    debt = bench.HEADER.index("debt_id")
    rows[-1][debt] = rows[0][debt]
    whole = read_csv(io.StringIO(_text(rows)))
    reader = read_groups(io.StringIO(_text(rows)), chunk_size=2)
    assert _shape(reader) == _shape(whole.groups())
    (error,) = reader.errors
    assert (error.line, error.column) == (len(rows) + 1, "debt_id")
    assert error.message == f"duplicate debt id {rows[0][debt]!r} (first on line 2)"


def _naming(rows: list[list[str]], who: int, debt_of: int) -> tuple[str, str, int]:
    """Give the debtor of row ``who`` (their first row) a history naming the debt of row
    ``debt_of``; the debtor's id, the debt's id and the history's line."""
    column = bench.HEADER.index("debtor_id")
    first = next(i for i, r in enumerate(rows) if r[column] == rows[who][column])
    for row in rows:
        if row[column] == rows[first][column]:
            row[bench.HEADER.index("events")] = ""
    debt_id = rows[debt_of][bench.HEADER.index("debt_id")]
    rows[first][bench.HEADER.index("events")] = (
        f'[{{"kind":"dispute_opened","at":"2026-11-20T00:00:00Z","debt_id":"{debt_id}"}}]'
    )
    return rows[first][column], debt_id, first + 2


def test_a_history_naming_a_debt_of_an_earlier_chunk_is_read_csv_s_error() -> None:
    rows = [list(r) for r in bench.portfolio_rows(30, seed=5)]
    debtor_id, debt_id, line = _naming(rows, who=len(rows) - 1, debt_of=0)
    whole = read_csv(io.StringIO(_text(rows)))
    reader = read_groups(io.StringIO(_text(rows)), chunk_size=2)
    assert _shape(reader) == _shape(whole.groups())  # the debtor is left out by both
    assert debtor_id not in {g.debtor.id for g in whole.groups()}
    assert [(e.line, e.column) for e in reader.errors] == [(e.line, e.column) for e in whole.errors]
    assert (reader.errors[0].line, reader.errors[0].column) == (line, "events")
    assert reader.errors[0].message == (
        f"an event about debt {debt_id!r} of another debtor (line 2) in the history of "
        f"{debtor_id!r}"
    )


def test_a_history_naming_a_debt_of_a_later_chunk_is_reported_when_that_row_is_read() -> None:
    rows = [list(r) for r in bench.portfolio_rows(30, seed=5)]
    debtor_id, debt_id, line = _naming(rows, who=0, debt_of=len(rows) - 1)
    owner = rows[-1][bench.HEADER.index("debtor_id")]
    whole = read_csv(io.StringIO(_text(rows)))
    assert (whole.errors[0].line, whole.errors[0].column) == (line, "events")
    for chunk_size in (2, 5000):
        reader = read_groups(io.StringIO(_text(rows)), chunk_size=chunk_size)
        groups = list(reader)
        if chunk_size == 5000:  # one chunk: read as read_csv reads it
            assert _shape(groups) == _shape(whole.groups())
            assert _where(reader.errors) == _where(whole.errors)
            continue
        assert debtor_id in {g.debtor.id for g in groups}  # read (and planned) before
        (error,) = reader.errors
        assert (error.line, error.column) == (line, "events")
        assert error.message == (
            f"an event about debt {debt_id!r} of debtor {owner!r} (line {len(rows) + 1}) in "
            f"the history of {debtor_id!r}, found when that debt's row was read: "
            f"{debtor_id!r} was planned without the event"
        )


def test_a_history_naming_a_debt_no_row_has_is_not_an_error() -> None:
    rows = [list(r) for r in bench.portfolio_rows(30, seed=5)]
    _naming(rows, who=0, debt_of=0)
    rows[0][bench.HEADER.index("events")] = rows[0][bench.HEADER.index("events")].replace(
        rows[0][bench.HEADER.index("debt_id")], "paid-off-and-gone"
    )
    whole = read_csv(io.StringIO(_text(rows)))
    reader = read_groups(io.StringIO(_text(rows)), chunk_size=2)
    assert _shape(reader) == _shape(whole.groups())
    assert reader.errors == [] and whole.errors == ()


def test_a_row_of_the_wrong_shape_is_reported() -> None:
    text = _text(list(bench.portfolio_rows(5, seed=2)))
    lines = text.splitlines(keepends=True)
    lines.insert(3, "only,three,cells\n")
    reader = read_groups(io.StringIO("".join(lines)))
    assert len(list(reader)) >= 3
    assert _where(reader.errors) == _where(read_csv(io.StringIO("".join(lines))).errors)


def test_the_header_and_chunk_size_are_checked_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="required column"):
        read_groups(io.StringIO("debtor_id,name\nc-1,Ana\n"))
    for bad in (0, -1, 1.5, True):
        with pytest.raises(InputError, match="chunk_size"):
            read_groups(io.StringIO(_text([])), chunk_size=bad)  # type: ignore[arg-type]
    path = tmp_path / "missing.csv"
    path.write_text("debtor_id,name\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_groups(path)  # the file opened for the header is closed again (no warning)
    gc.collect()


def test_a_file_is_closed_when_read_or_closed(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(_text(list(bench.portfolio_rows(20, seed=1))), encoding="utf-8")
    reader = read_groups(path, chunk_size=2)
    next(reader)
    reader.close()  # half read
    with read_groups(path) as again:
        assert len(list(again)) > 5
    assert repr(again).startswith("GroupReader(rows=20, ")
    gc.collect()  # an unclosed file would warn (and warnings are errors)


def test_progress_counts_rows() -> None:
    seen: list[int] = []
    text = _text(list(bench.portfolio_rows(2500, seed=1)))
    list(read_groups(io.StringIO(text), progress=seen.append))
    assert seen == [1000, 2000]


class _Spy(io.StringIO):
    """A caller's open file that notes whether the cyclic collector was on as each line was
    read, and fails (as a network drive may) when asked for line ``fails_at``."""

    def __init__(self, text: str, fails_at: int | None = None) -> None:
        super().__init__(text)
        self.collector_on: list[bool] = []
        self.fails_at = fails_at

    def __next__(self) -> str:
        self.collector_on.append(gc.isenabled())
        if len(self.collector_on) == self.fails_at:
            raise OSError("the share went away")
        return super().__next__()


def test_rows_are_read_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reading makes no cycles; with the collector on, each row's allocations made it scan all
    # the groups a caller holds (reading 20,000 debts into a list: 130 against 105 us a debtor).
    text = _text(list(bench.portfolio_rows(1500, seed=3)))
    spy = _Spy(text)
    made_with_collector_on: list[bool] = []
    groups_of = Portfolio.groups

    def groups(self: Portfolio) -> Iterator[DebtorGroup]:
        made_with_collector_on.append(gc.isenabled())
        return groups_of(self)

    monkeypatch.setattr(Portfolio, "groups", groups)
    assert gc.isenabled()
    groups = list(read_groups(spy, chunk_size=50))
    assert len(made_with_collector_on) == -(-len(groups) // 50) == 23
    assert not any(made_with_collector_on)
    _header, *lines = spy.collector_on  # the header is read when the reader is made
    assert len(lines) == text.count("\n") and not any(lines)
    assert gc.isenabled()  # turned back on between batches and at the end
    assert _shape(groups) == _shape(read_csv(io.StringIO(text)).groups())


@pytest.mark.parametrize("fails_at", [2, 3, 40, 700])
def test_a_failing_file_hands_over_every_group_before_it(fails_at: int) -> None:
    text = _text(list(bench.portfolio_rows(1000, seed=5)))
    got: list[DebtorGroup] = []
    with pytest.raises(OSError, match="went away"):
        got.extend(read_groups(_Spy(text, fails_at), chunk_size=1))  # keeps what came before
    # Each debtor whose rows were read whole before the failing line (the last one's are
    # known whole only when the next debtor's row is read).
    before = "".join(text.splitlines(keepends=True)[: fails_at - 1])
    assert _shape(got) == _shape(list(read_groups(io.StringIO(before)))[:-1])
    assert gc.isenabled()


_SMALL = _text(list(bench.portfolio_rows(30, seed=8)))


@settings(deadline=None)
@given(batch=st.integers(1, 8), fails_at=st.integers(2, _SMALL.count("\n") + 1))
def test_batches_of_any_size_hand_over_every_group_before_a_failure(
    batch: int, fails_at: int
) -> None:
    """As above, with the rows read a few at a time: a failure on any line of any batch."""
    import dunning.io._stream as stream

    kept, stream._PAUSED_ROWS = stream._PAUSED_ROWS, batch
    try:
        got: list[DebtorGroup] = []
        with pytest.raises(OSError, match="went away"):
            got.extend(read_groups(_Spy(_SMALL, fails_at), chunk_size=1))
        before = "".join(_SMALL.splitlines(keepends=True)[: fails_at - 1])
        assert _shape(got) == _shape(list(read_groups(io.StringIO(before)))[:-1])
        whole = list(read_groups(io.StringIO(_SMALL), chunk_size=1))
        assert _shape(whole) == _shape(read_csv(io.StringIO(_SMALL)).groups())
    finally:
        stream._PAUSED_ROWS = kept
    assert gc.isenabled()


@st.composite
def _files(draw: st.DrawFn) -> tuple[str, int]:
    """A small sorted file (some cells spoiled, some rows swapped) and a chunk size."""
    rows = [
        list(r)
        for r in bench.portfolio_rows(draw(st.integers(0, 25)), seed=draw(st.integers(0, 99)))
    ]
    for _ in range(draw(st.integers(0, 3))):
        if rows:
            row = draw(st.sampled_from(rows))
            column = draw(st.sampled_from(["amount", "phone", "events", "country", "debt_id"]))
            row[bench.HEADER.index(column)] = draw(st.sampled_from(["-1", "x", "", "[", "ZZ"]))
    if len(rows) > 2 and draw(st.booleans()):
        i = draw(st.integers(0, len(rows) - 2))
        rows[i], rows[i + 1] = rows[i + 1], rows[i]
    return _text(rows), draw(st.integers(1, 6))


@settings(deadline=None)
@given(_files())
def test_every_row_is_read_once_or_reported(case: tuple[str, int]) -> None:
    text, chunk_size = case
    reader = read_groups(io.StringIO(text), chunk_size=chunk_size)
    groups = list(reader)
    debts = [d.id for g in groups for d in g.debts]
    assert len(debts) == len(set(debts)) == reader.debts
    ids = [g.debtor.id for g in groups]
    assert ids == sorted(set(ids))  # what plan_stream needs
    lines = {line for line, _ in enumerate(text.splitlines()[1:], start=2)}
    reported = {e.line for e in reader.errors}
    assert reader.rows == len(lines) == len(debts) + len(reported)
    # A file with no row out of order reads exactly as read_csv reads it.
    if not any("must be sorted" in e.message for e in reader.errors):
        whole = read_csv(io.StringIO(text))
        assert _shape(groups) == _shape(whole.groups())
        assert _where(reader.errors) == _where(whole.errors)


def test_a_parquet_file_reads_as_its_csv(sorted_rows: list[list[str]], tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({name: [row[i] for row in sorted_rows] for i, name in enumerate(bench.HEADER)})
    path = tmp_path / "portfolio.parquet"
    pq.write_table(table, path, row_group_size=300)
    reader = read_groups(path, chunk_size=40)
    whole = read_csv(io.StringIO(_text(sorted_rows)))
    assert _shape(reader) == _shape(whole.groups())
    # Parquet errors give row numbers from 1 (the CSV's lines count its header).
    assert _where(reader.errors) == [(line - 1, c, m) for line, c, m in _where(whole.errors)]
    gc.collect()  # the file is closed


def test_numeric_ids_out_of_text_order_say_so() -> None:
    rows = [list(r) for r in bench.portfolio_rows(3, seed=1)]
    for row, debtor_id in zip(rows, ["9", "10", "11"], strict=False):
        row[0] = debtor_id
    reader = read_groups(io.StringIO(_text(rows)))
    list(reader)
    assert reader.errors and "ordered as text: '10' before '9'" in reader.errors[0].message


def test_a_tsv_file_is_read_tab_separated(sorted_rows: list[list[str]], tmp_path: Path) -> None:
    path = tmp_path / "portfolio.tsv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(bench.HEADER)
        writer.writerows(sorted_rows[:40])
    whole = read_csv(io.StringIO(_text(sorted_rows[:40])))
    with read_groups(path, chunk_size=3) as reader:
        assert _shape(reader) == _shape(whole.groups())
    with pytest.raises(InputError, match="required column"):
        read_groups(path, delimiter=",")  # the separator given wins
    from dunning.io import read_portfolio  # the same rule

    assert [d.id for d in read_portfolio(path).debts] == [d.id for d in whole.debts]


def _hostile_rows() -> tuple[list[list[str]], str]:
    """Five chunks of 250 debtors with a repeated debt id, histories naming a debt of an
    earlier or of a later chunk (one after a neighbour's), a row out of order and a bad cell;
    and the debtor whose history names the earlier chunk's debt before the neighbour's."""
    rows = [list(r) for r in bench.portfolio_rows(1500, seed=8)]  # five chunks of 250 debtors
    debt, amount = bench.HEADER.index("debt_id"), bench.HEADER.index("amount")
    rows[-1][debt] = rows[0][debt]  # a debt id of the first chunk again in the last
    _naming(rows, who=800, debt_of=3)  # a debt of an earlier chunk (not the last)
    _naming(rows, who=10, debt_of=len(rows) - 60)  # a debt of a later chunk
    # A history naming a debt of an earlier chunk, then one of a neighbour in its own chunk: read
    # alone, the chunk finds the neighbour's first; read in order, the earlier one.
    debtor_id, _, line = _naming(rows, who=600, debt_of=4)
    neighbour = next(r for r in rows[600:] if r[0] != debtor_id)[debt]
    rows[line - 2][-1] = rows[line - 2][-1].replace(
        "}]", f'}},{{"kind":"dispute_opened","at":"2026-11-21T00:00:00Z","debt_id":"{neighbour}"}}]'
    )
    rows[700][amount] = "-5"
    rows.insert(900, list(rows[100]))  # out of order (and a repeated debt id)
    return rows, debtor_id


def test_plan_stream_with_workers_writes_what_one_process_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chunks read by worker processes without the earlier chunks' debts: a repeated debt id,
    a history naming a debt of an earlier or of a later chunk, a row out of order and a bad
    cell give the same plan and the same errors, row for row, as one process."""
    from dunning._cli import main

    rows, debtor_id = _hostile_rows()
    path = tmp_path / "portfolio.csv"
    path.write_text(_text(rows), encoding="utf-8")
    written = []
    for workers in ("1", "2"):
        out, bad = tmp_path / f"plan{workers}.csv", tmp_path / f"errors{workers}.csv"
        args = ["plan", str(path), "--as-of", AS_OF.isoformat(), "--horizon", "7", "--stream"]
        args += ["--quiet", "--out", str(out), "--errors", str(bad), "--workers", workers]
        assert main(args) == 0
        summary = capsys.readouterr().out.replace(str(out), "OUT")
        written.append((out.read_bytes(), bad.read_text(encoding="utf-8"), summary))
    assert written[0] == written[1]
    plan, errors, summary = written[0]
    assert len(plan.splitlines()) > 1000 and "1,501 row(s)" in summary
    assert "of another debtor (line 5)" in errors and "found when that debt's row" in errors
    assert "duplicate debt id" in errors and "must be sorted" in errors
    assert f"of another debtor (line 6) in the history of {debtor_id!r}" in errors


def test_plan_file_in_workers_writes_what_one_process_writes(tmp_path: Path) -> None:
    from dunning.io import plan_file
    from dunning.templates import TemplateEngine

    rows, _ = _hostile_rows()
    path = tmp_path / "portfolio.csv"
    path.write_text(_text(rows[:700]), encoding="utf-8")
    # A planner that renders: pickled to the workers, its TemplateEngine with it.
    planner = PLANNER.replace(templates=TemplateEngine(), render_days=1)
    results = []
    for workers in (1, 2):
        out = tmp_path / f"plan{workers}.csv"
        result = plan_file(path, planner, as_of=AS_OF, horizon_days=7, out=out, workers=workers)
        results.append((out.read_bytes(), result))
    assert results[0] == results[1]
    written, result = results[0]
    assert result.rows == 700 and result.errors and not result.ok
    assert written.count(b"\nmessage,") == result.messages > 100
    assert "Hola" in written.decode()  # rendered
    for bad in (0, 257, 10**6, True, 2.0):
        # More than 256 would fork them all at once (a pool that forks starts every process).
        with pytest.raises(InputError, match="workers must be a whole number from 1 to 256"):
            plan_file(path, planner, as_of=AS_OF, out=io.StringIO(), workers=bad)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="planner"):
        plan_file(path, object(), as_of=AS_OF, out=io.StringIO())  # type: ignore[arg-type]


def test_validate_stream_with_workers_reports_what_one_process_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dunning._cli import main

    rows, _ = _hostile_rows()
    path = tmp_path / "portfolio.csv"
    path.write_text(_text(rows), encoding="utf-8")
    reports = []
    for workers in ("1", "2"):
        bad = tmp_path / f"errors{workers}.csv"
        args = ["validate", str(path), "--stream", "--quiet", "--errors", str(bad)]
        assert main([*args, "--workers", workers]) == 1
        summary = capsys.readouterr().out.replace(str(bad), "ERRORS")
        reports.append((bad.read_text(encoding="utf-8"), summary))
    assert reports[0] == reports[1]
    assert "duplicate debt id" in reports[0][0] and "of another debtor (line 5)" in reports[0][0]
    assert main(["validate", str(path), "--workers", "2"]) == 2
    assert "with --stream" in capsys.readouterr().err


def _fail_at_chunk(monkeypatch: pytest.MonkeyPatch, failing: int) -> Any:
    """Make ``plan_file`` fail planning its ``failing``-th chunk; the real function returned."""
    from dunning.io import _file_plan

    calls = []
    real = _file_plan._chunk_plan

    def planned(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == failing:
            raise RuntimeError("the machine went away")
        return real(*args)

    monkeypatch.setattr(_file_plan, "_chunk_plan", planned)
    return real


def test_plan_file_moves_a_complete_plan_into_place_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dunning.io import _file_plan, plan_file

    path = tmp_path / "portfolio.csv"
    path.write_text(_text(list(bench.portfolio_rows(600, seed=3))), encoding="utf-8")
    out = tmp_path / "plan.csv"
    out.write_text("yesterday's plan\n", encoding="utf-8")
    real = _fail_at_chunk(monkeypatch, 2)
    with pytest.raises(RuntimeError):
        plan_file(path, PLANNER, as_of=AS_OF, out=out, chunk_size=100)
    assert out.read_text(encoding="utf-8") == "yesterday's plan\n"  # untouched
    assert not list(tmp_path.glob("*.partial"))
    monkeypatch.setattr(_file_plan, "_chunk_plan", real)
    result = plan_file(path, PLANNER, as_of=AS_OF, out=str(out), chunk_size=100)
    assert out.read_text(encoding="utf-8").count("\nmessage,") == result.messages > 0
    assert not list(tmp_path.glob("*.partial"))


def test_plan_file_strict_moves_nothing_into_place_when_a_row_is_bad(tmp_path: Path) -> None:
    from dunning import PortfolioLoadError
    from dunning.io import plan_file

    rows = [list(r) for r in bench.portfolio_rows(50, seed=4)]
    rows[7][bench.HEADER.index("amount")] = "-5"
    path = tmp_path / "portfolio.csv"
    path.write_text(_text(rows), encoding="utf-8")
    out = tmp_path / "plan.csv"
    with pytest.raises(PortfolioLoadError) as info:
        plan_file(path, PLANNER, as_of=AS_OF, out=out, strict=True)
    assert [e.line for e in info.value.errors] == [9]
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
    with pytest.raises(InputError, match="strict=True needs out to be a path"):
        plan_file(path, PLANNER, as_of=AS_OF, out=io.StringIO(), strict=True)
    assert plan_file(path, PLANNER, as_of=AS_OF, out=out).errors  # not strict: written
    assert out.exists()


def test_plan_file_writes_parquet_as_plan_to_parquet_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from dunning.io import _file_plan, plan_file, read_csv

    monkeypatch.setattr(_file_plan, "_ROW_GROUP", 300)  # a few row groups for this small plan
    path = tmp_path / "portfolio.csv"
    path.write_text(_text(list(bench.portfolio_rows(900, seed=6))), encoding="utf-8")
    tables = []
    for workers in (1, 2):
        out = tmp_path / f"plan{workers}.parquet"
        result = plan_file(
            path, PLANNER, as_of=AS_OF, horizon_days=7, out=out, workers=workers, chunk_size=100
        )
        tables.append(pq.read_table(out))
        assert pq.ParquetFile(out).metadata.num_row_groups > 2
    streamed, in_workers = tables
    assert streamed.equals(in_workers) and streamed.schema.metadata == in_workers.schema.metadata
    # The rows of the streamed CSV, in its order, and of the whole plan's Parquet, as a set.
    text = io.StringIO()
    csv_result = plan_file(path, PLANNER, as_of=AS_OF, horizon_days=7, out=text, chunk_size=100)
    lines = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert [r["message_id"] or None for r in lines] == streamed["message_id"].to_pylist()
    assert [r["reason"] or None for r in lines] == streamed["reason"].to_pylist()
    assert (result.messages, result.skipped) == (csv_result.messages, csv_result.skipped)
    portfolio = read_csv(path)
    whole = PLANNER.plan(
        portfolio.debtors, portfolio.debts, as_of=AS_OF, horizon_days=7, history=portfolio.history
    )
    whole.to_parquet(tmp_path / "whole.parquet")
    expected = pq.read_table(tmp_path / "whole.parquet")
    assert streamed.schema.equals(expected.schema, check_metadata=True)
    order = [(name, "ascending") for name in streamed.column_names]
    assert streamed.sort_by(order).equals(expected.sort_by(order))
    assert streamed.num_rows == result.messages + result.moved + result.skipped > 1000


def test_plan_file_leaves_no_parquet_behind_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow.parquet")
    from dunning.io import _file_plan, plan_file

    path = tmp_path / "portfolio.csv"
    path.write_text(_text(list(bench.portfolio_rows(600, seed=3))), encoding="utf-8")
    out = tmp_path / "plan.parquet"
    monkeypatch.setattr(_file_plan, "_ROW_GROUP", 100)  # rows written before the failure
    _fail_at_chunk(monkeypatch, 4)
    with pytest.raises(RuntimeError):
        plan_file(path, PLANNER, as_of=AS_OF, out=out, chunk_size=100)
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
    # A chunk whose table differs from the file's schema (an amount column as Plan.to_parquet
    # would type one past 34 integer digits) is an error, not a file that cannot be read.
    pa = pytest.importorskip("pyarrow")
    sink = _file_plan._ParquetSink(AS_OF, 1)
    index = sink.schema.get_field_index("amount")
    wide = sink.schema.set(index, sink.schema.field(index).with_type(pa.decimal256(76, 4)))
    with pytest.raises(InputError, match="write the plan as CSV"):
        sink.write(pa.Table.from_pylist([dict.fromkeys(wide.names)], schema=wide))
