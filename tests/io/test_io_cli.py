"""``dunning plan`` / ``dunning validate`` on portfolio files, progress, pipes and bad arguments."""

from __future__ import annotations

import csv
import io
import os
import pty
import select
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from portfolio_file import Generated, generate

from dunning import Creditor, Planner, default_strategy
from dunning._cli import main
from dunning._cli._main import render_plan
from dunning._cli._sample import sample_portfolio
from dunning.io import read_csv
from dunning.templates import TemplateEngine

AS_OF = "2026-11-23T12:00:00+00:00"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Generated]:
    generated = generate()
    path = tmp_path_factory.mktemp("portfolio") / "portfolio.csv"
    path.write_text(generated.text, encoding="utf-8")
    return path, generated


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small.csv"
    path.write_text(generate(rows=800, bad_per_kind=1).text, encoding="utf-8")
    return path


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dunning", *args],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,  # type: ignore[arg-type]
    )


def test_plan_writes_the_plan_csv_and_the_errors_csv(
    big: tuple[Path, Generated], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, generated = big
    out, errors = tmp_path / "plan.csv", tmp_path / "errors.csv"
    code = main(["plan", str(path), "--as-of", AS_OF, "--out", str(out), "--errors", str(errors)])
    assert code == 0
    with open(errors, encoding="utf-8", newline="") as handle:
        bad = [(int(r["line"]), r["column"]) for r in csv.DictReader(handle)]
    assert sorted(bad) == sorted((p.line, p.column) for p in generated.planted)
    # The plan written is the plan of the good rows, planned in one call (batches change nothing).
    portfolio = read_csv(path)
    direct = Planner(default_strategy(), creditor=Creditor(name="Creditor")).plan(
        portfolio.debtors,
        portfolio.debts,
        as_of=datetime.fromisoformat(AS_OF),
        horizon_days=1,
    )
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["message_id"] for r in rows if r["kind"] == "message"] == [
        r["message_id"] for r in direct.to_records() if r["kind"] == "message"
    ]
    assert len(rows) == len(direct.messages) + len(direct.skipped)
    summary = capsys.readouterr().out
    assert "10,000 row(s): 9,950 debt(s)" in summary and "50 bad" in summary


def test_progress_shows_on_a_terminal_only(small: Path, tmp_path: Path) -> None:
    args = ["plan", str(small), "--as-of", AS_OF, "--out", str(tmp_path / "p.csv")]
    piped = _run(*args)
    assert piped.returncode == 0, piped.stderr
    assert "planning" not in piped.stderr and "\r" not in piped.stderr
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "dunning", *args],
            stdout=subprocess.DEVNULL,
            stderr=follower,
        )
        os.close(follower)
        seen = b""
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            seen += chunk
        assert process.wait(timeout=60) == 0
    finally:
        os.close(leader)
    assert b"planning debtors:" in seen and b"\r" in seen


def test_a_closed_pipe_ends_quietly(small: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "dunning", "plan", str(small), "--as-of", AS_OF, "--horizon", "7"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["demo", "--as-of", "tomorrow"], "'tomorrow' is not an ISO datetime"),
        (["demo", "--as-of", "2026-11-23T12:00"], "has no UTC offset"),
        (["demo", "--horizon", "0"], "not a positive number of days"),
        (["plan", "x.csv"], "the following arguments are required: --as-of"),
        (["plan", "x.csv", "--as-of", AS_OF, "--render"], "--render needs --creditor"),
        (["policy", "zz"], "invalid choice: 'ZZ'"),
        (["nonsense"], "invalid choice: 'nonsense'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and says in err


def test_a_missing_file_is_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/portfolio.csv"]) == 2
    assert capsys.readouterr().err.strip() == (
        "dunning: error: No such file or directory: /nonexistent/portfolio.csv"
    )


def test_country_codes_are_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "cl"]) == 0
    assert capsys.readouterr().out.startswith("CL:")


def test_validate_lists_every_bad_row(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(small)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if line.startswith("line ")]) == 10
    assert out[-1].startswith("800 row(s)") and out[-1].endswith("10 bad")


def test_validate_a_clean_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text(
        "debtor_id,name,country,email,debt_id,amount,currency,due_date,notes\n"
        "c-1,Ana,cl,ana@example.cl,F-1,45.000,CLP,2026-11-23,x\n",
        encoding="utf-8",
    )
    assert main(["validate", str(clean)]) == 0
    assert "ignored columns: notes" in capsys.readouterr().out


def test_plan_with_rendering_to_parquet_and_json(small: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    for suffix in ("parquet", "json"):
        out = tmp_path / f"plan.{suffix}"
        code = main(
            ["plan", str(small), "--as-of", AS_OF, "--render", "--creditor", "Tienda Sur",
             "--horizon", "3", "--out", str(out), "--quiet"]
        )  # fmt: skip
        assert code == 0 and out.stat().st_size > 1000


def test_strict_plans_nothing_when_a_row_is_bad(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    assert main(["plan", str(small), "--as-of", AS_OF, "--strict", "--out", str(out)]) == 1
    assert not out.exists()


def test_the_demo_shows_amounts_text_moves_and_bases() -> None:
    sample = sample_portfolio(None)
    planner = Planner(default_strategy(), creditor=sample.creditor, templates=TemplateEngine())
    plan = planner.plan(
        sample.debtors, sample.debts, as_of=sample.as_of, horizon_days=3, history=sample.history
    )
    narrow = render_plan(plan, {d.id: d.name for d in sample.debtors}, width=60)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    text = render_plan(plan, {d.id: d.name for d in sample.debtors}, width=100)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "$45.000" in text and "R$ 1.868,00" in text.replace("\xa0", " ")  # CLDR formats
    assert "Hola" in text and "Olá" in text  # the messages' first lines
    assert "moved to Mon 23 Nov 07:01 America/Lima" in text
    assert "[law]" in text and "[prudent]" in text
    assert "135000 CLP" not in text


def test_the_demo_command_runs_through_a_pipe() -> None:
    done = _run("demo")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("dunning ")
    assert io.StringIO(done.stdout).readline()


@pytest.mark.parametrize("render", [False, True])
def test_plan_with_workers_writes_the_same_plan(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], render: bool
) -> None:
    """``--workers 2`` plans in two processes: byte for byte the file one process writes."""
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"plan-{workers}.csv"
        args = ["plan", str(small), "--as-of", AS_OF, "--horizon", "7", "--quiet"]
        args += ["--workers", workers, "--out", str(out)]
        args += ["--render", "--creditor", "Tienda Sur"] if render else []
        assert main(args) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") > 200  # a real plan: hundreds of rows
    rows = list(csv.DictReader(io.StringIO(outputs[0].decode())))
    previews = [r["preview"] for r in rows if r["kind"] == "message"]
    assert previews and all(previews) is render


def test_plan_renders_only_the_messages_before_the_next_run(small: Path, tmp_path: Path) -> None:
    """``--render-days 1`` renders the messages sent within a day of --as-of; the others are the
    same rows without text, in two processes as in one."""
    outputs = {}
    for name, extra in {"all": ["--render"], "one": ["--render-days", "1"]}.items():
        for workers in ("1", "2"):
            out = tmp_path / f"plan-{name}-{workers}.csv"
            args = ["plan", str(small), "--as-of", AS_OF, "--horizon", "7", "--quiet"]
            args += ["--workers", workers, "--out", str(out), "--creditor", "Tienda Sur", *extra]
            assert main(args) == 0
            outputs[name, workers] = out.read_bytes()
    assert outputs["one", "1"] == outputs["one", "2"]
    every = list(csv.DictReader(io.StringIO(outputs["all", "1"].decode())))
    first = list(csv.DictReader(io.StringIO(outputs["one", "1"].decode())))
    assert [{**r, "preview": ""} for r in every] == [{**r, "preview": ""} for r in first]
    limit = datetime.fromisoformat(AS_OF) + timedelta(days=1)
    rendered = [
        datetime.fromisoformat(r["utc_time"]) < limit for r in first if r["kind"] == "message"
    ]
    previews = [bool(r["preview"]) for r in first if r["kind"] == "message"]
    assert previews == rendered and any(previews) and not all(previews)
    assert [r["preview"] for r in every if r["kind"] == "message"] == [
        a["preview"] or b["preview"]
        for a, b in zip(first, every, strict=True)
        if a["kind"] == "message"
    ]


def _killed(job: object) -> None:
    """A worker's part that dies as a worker killed for memory does."""
    os._exit(9)


@pytest.mark.parametrize(
    ("stream", "worker_part"),
    [
        (True, "dunning.io._file_plan._read_and_plan"),
        (False, "dunning._cli._portfolio._plan_batch"),
    ],
)
def test_a_worker_killed_is_one_line_and_no_plan(
    small: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stream: bool,
    worker_part: str,
) -> None:
    monkeypatch.setattr(worker_part, _killed)  # the workers are forked with it
    out = tmp_path / "plan.csv"
    args = ["plan", str(small), "--as-of", AS_OF, "--quiet", "--workers", "2", "--out", str(out)]
    assert main([*args, "--stream"] if stream else args) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("dunning: error: a worker process ended abruptly")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # neither the plan nor a partial one


def test_an_interrupted_command_says_so(
    small: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dunning.io._file_plan.plan_chunks", interrupted)
    assert main(["plan", str(small), "--as-of", AS_OF, "--quiet", "--stream"]) == 130
    assert capsys.readouterr().err.endswith("dunning: interrupted\n")


@pytest.mark.parametrize("bad", ["0", "-1", "two", "1000"])
def test_plan_refuses_a_bad_number_of_workers(small: Path, bad: str) -> None:
    result = _run("plan", str(small), "--as-of", AS_OF, "--workers", bad)
    assert result.returncode == 2
    assert "--workers" in result.stderr


_WITH_HISTORY = (
    "debtor_id,name,country,email,consent_email,debt_id,amount,currency,due_date,events\n"
    # Ana said STOP on every channel: her history is on her first row.
    'c-1,Ana,MX,ana@example.com,2026-01-01T00:00:00Z,F-1,3000,MXN,2026-11-20,"[{""kind"":'
    '""consent_revoked"",""at"":""2026-11-01T00:00:00Z"",""debtor_id"":""c-1"",'
    '""channel"":null}]"\n'
    "c-1,Ana,MX,ana@example.com,2026-01-01T00:00:00Z,F-2,1000,MXN,2026-11-20,\n"
    "c-2,Eva,MX,eva@example.com,2026-01-01T00:00:00Z,F-3,2000,MXN,2026-11-20,\n"
)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_plan_reads_the_history_in_the_events_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str
) -> None:
    portfolio = tmp_path / "with_history.csv"
    portfolio.write_text(_WITH_HISTORY, encoding="utf-8")
    out = tmp_path / "plan.csv"
    args = ["plan", str(portfolio), "--as-of", "2026-11-23T15:00:00+00:00", "--out", str(out)]
    assert main([*args, "--workers", workers]) == 0
    assert "1 event(s) of history" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    sent = {r["debtor_id"] for r in rows if r["kind"] == "message"}
    assert sent == {"c-2"}  # Ana is not messaged, on either of her debts
    ana = [r for r in rows if r["debtor_id"] == "c-1"]
    assert ana and all("revoked consent for email" in r["reason"] for r in ana)


def test_plan_does_not_plan_a_debtor_whose_history_is_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = tmp_path / "bad_history.csv"
    portfolio.write_text(
        _WITH_HISTORY.replace('""consent_revoked""', '""said_stop""'), encoding="utf-8"
    )
    out = tmp_path / "plan.csv"
    args = ["plan", str(portfolio), "--as-of", "2026-11-23T15:00:00+00:00", "--out", str(out)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "line 2: column 'events'" in captured.err  # the cell, with what is wrong with it
    assert "line 3: row: not loaded: the history of debtor 'c-1' (line 2)" in captured.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["debtor_id"] for r in rows} == {"c-2"}
    assert main([*args, "--strict"]) == 1


@pytest.fixture(scope="module")
def small_sorted(small: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``small`` with its rows sorted by debtor id (what --stream reads), bad rows and all."""
    with small.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    path = tmp_path_factory.mktemp("sorted") / "sorted.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows, key=lambda row: row[0].strip()))
    return path


@pytest.mark.parametrize("render", [False, True])
def test_plan_stream_writes_the_rows_of_the_whole_plan(
    small_sorted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], render: bool
) -> None:
    outputs, errors = [], []
    for stream in (False, True):
        out, bad = tmp_path / f"plan-{stream}.csv", tmp_path / f"errors-{stream}.csv"
        args = ["plan", str(small_sorted), "--as-of", AS_OF, "--horizon", "7", "--quiet"]
        args += ["--out", str(out), "--errors", str(bad), *(["--stream"] if stream else [])]
        args += ["--render", "--creditor", "Tienda Sur"] if render else []
        assert main(args) == 0
        header, *rows = out.read_text(encoding="utf-8").splitlines()
        outputs.append((header, sorted(rows)))
        errors.append(sorted(bad.read_text(encoding="utf-8").splitlines()))
    assert outputs[0] == outputs[1] and len(outputs[0][1]) > 500
    assert errors[0] == errors[1] and len(errors[0]) > 5  # the same bad rows, same lines
    assert "(streamed)" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.partial"))


def test_plan_stream_reads_the_history_and_reports_unsorted_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = tmp_path / "history.csv"
    unsorted = (
        _WITH_HISTORY + "c-0,Ivo,MX,ivo@example.com,2026-01-01T00:00:00Z,F-4,900,MXN,2026-11-20,\n"
    )
    portfolio.write_text(unsorted, encoding="utf-8")
    args = ["plan", str(portfolio), "--as-of", "2026-11-23T15:00:00+00:00", "--stream"]
    assert main([*args, "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "line 5: column 'debtor_id' ('c-0'): rows must be sorted by debtor_id" in captured.err
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert {r["debtor_id"] for r in rows if r["kind"] == "message"} == {"c-2"}
    out = tmp_path / "plan.csv"
    assert main([*args, "--quiet", "--strict", "--out", str(out)]) == 1
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        (["--debtors", "debtors.csv"], "--debtors needs the whole file"),
        (["--out", "plan.json"], "--stream writes CSV or Parquet"),
        (["--strict"], "--stream --strict needs --out FILE"),
    ],
)
def test_plan_stream_refuses_what_it_cannot_do(
    small_sorted: Path, capsys: pytest.CaptureFixture[str], extra: list[str], why: str
) -> None:
    assert main(["plan", str(small_sorted), "--as-of", AS_OF, "--stream", *extra]) == 2
    assert why in capsys.readouterr().err


def test_plan_stream_reads_parquet(
    small_sorted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    with small_sorted.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    parquet = tmp_path / "sorted.parquet"
    pq.write_table(pa.table({h: [r[i] for r in rows] for i, h in enumerate(header)}), parquet)
    planned = []
    for source in (small_sorted, parquet):
        out = tmp_path / f"plan-{source.suffix}.csv"
        args = ["plan", str(source), "--as-of", AS_OF, "--horizon", "7", "--quiet", "--stream"]
        assert main([*args, "--out", str(out)]) == 0
        planned.append(sorted(out.read_text(encoding="utf-8").splitlines()))
    assert planned[0] == planned[1] and len(planned[0]) > 500
    capsys.readouterr()


def test_plan_stream_writes_parquet_with_the_whole_plans_rows(
    small_sorted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    tables = []
    for stream in ([], ["--stream"], ["--stream", "--workers", "2"]):
        out = tmp_path / f"plan{len(stream)}.parquet"
        args = ["plan", str(small_sorted), "--as-of", AS_OF, "--horizon", "7", "--quiet"]
        assert main([*args, *stream, "--out", str(out)]) == 0
        tables.append(pq.read_table(out))
    whole, streamed, in_workers = tables
    assert streamed.equals(in_workers) and streamed.schema.equals(whole.schema, check_metadata=True)
    order = [(name, "ascending") for name in whole.column_names]
    assert streamed.sort_by(order).equals(whole.sort_by(order)) and whole.num_rows > 500
    assert "(streamed)" in capsys.readouterr().out


def test_validate_stream_reports_what_validate_reports(
    small_sorted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = []
    for stream in ([], ["--stream"]):
        errors = tmp_path / f"errors{len(stream)}.csv"
        args = ["validate", str(small_sorted), "--quiet", "--errors", str(errors), *stream]
        assert main(args) == 1
        summary = capsys.readouterr().out.strip().splitlines()[-1]
        reports.append((summary.replace(" (streamed)", ""), errors.read_text(encoding="utf-8")))
    assert reports[0] == reports[1]
    assert main(["validate", str(small_sorted), "--stream", "--debtors", "d.csv"]) == 2
    assert "--debtors needs the whole file" in capsys.readouterr().err


def test_encoding_is_an_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "windows.csv"
    path.write_bytes(
        "debtor_id,name,country,email,debt_id,amount,currency,due_date\n"
        "c-2,José,CL,jose@example.cl,F-2,100,CLP,2026-11-01\n".encode("cp1252")
    )
    assert main(["validate", str(path), "--quiet"]) == 2
    assert "line 2: not utf-8 text" in capsys.readouterr().err
    for stream in ([], ["--stream"]):
        assert main(["validate", str(path), "--quiet", "--encoding", "cp1252", *stream]) == 0
        assert "1 debt(s) of 1 debtor(s) are good" in capsys.readouterr().out


def test_plan_of_a_large_file_mentions_stream(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dunning._cli import _portfolio

    args = ["plan", str(small), "--as-of", AS_OF, "--quiet", "--out", str(tmp_path / "p.csv")]
    assert main(args) == 0
    assert "--stream" not in capsys.readouterr().err
    monkeypatch.setattr(_portfolio, "STREAM_HINT_ROWS", 100)
    assert main(args) == 0
    assert "planned in bounded memory with --stream" in capsys.readouterr().err
