"""The planner benchmark runs end to end on a tiny portfolio (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "plan_bench.py"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("plan_bench", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pydantic look their module up here
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.mark.slow  # several seconds: CI runs it in its slow step
def test_benchmark_runs_and_reports_ratios(bench: ModuleType, capsys: pytest.CaptureFixture[str]):
    result = bench.main(["--debts", "300", "--horizon", "3"])
    out = capsys.readouterr().out
    assert result["debts"] == 300
    assert result["messages"] > 0
    assert result["ratio"] > 0
    assert result["ratio_bare"] > 0
    assert result["render_ratio"] > 0
    assert "debts/s" in out
    assert "aim" in out


def test_generated_rows_are_deterministic(bench: ModuleType):
    first, again = bench.generate(50, seed=3), bench.generate(50, seed=3)
    assert first == again
    assert len(first.debts) == 50


def test_dispatch_benchmark_runs_against_a_local_server(capsys: pytest.CaptureFixture[str]):
    path = BENCH.parent / "dispatch_bench.py"
    spec = importlib.util.spec_from_file_location("dispatch_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        result = module.main(["--messages", "60", "--checked", "40", "--history-per-debtor", "4"])
    finally:
        sys.modules.pop(spec.name, None)
    assert result["sent"] == 60 and result["async_sent"] == 60
    assert result["ratio"] > 0
    # The checked runs send every message (the history breaks no cap) at each history size.
    assert [result[f"checked_{k}x_sent"] for k in (1, 2, 4)] == [40, 40, 40]
    assert result["checked_growth_4x"] > 0
    out = capsys.readouterr().out
    assert "messages/s" in out and "per-message cost growth" in out


MILLION = Path(__file__).resolve().parents[1] / "benchmarks" / "million_bench.py"


@pytest.mark.slow  # several seconds: CI runs it in its slow step
def test_million_benchmark_runs_and_reports_ratios(capsys: pytest.CaptureFixture[str]):
    spec = importlib.util.spec_from_file_location("million_bench_smoke", MILLION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        sizes = ["--debts", "1500", "--history-debts", "300", "--render-debts", "300"]
        result = module.main([*sizes, "--no-dask", "--repeat", "2"])
    finally:
        sys.modules.pop(spec.name, None)
    out = capsys.readouterr().out
    assert result["debts"] == 1500 and result["messages"] > 0
    assert result["load_us"] > 0 and result["plan_us"] > 0 and result["max_rss_mib"] > 0
    assert result["render_ratio"] > 1 and result["history_ratio"] > 0
    assert "µs/debt" in out and "peak RSS" in out
    # Stages 2 to 5 measured twice: each run printed, and the median of the two kept.
    assert out.count("3. history (300 debts, run ") == 2
    assert "history streamed: median" in out and "render render_days=1: median" in out
    assert result["cli_same"] == 1.0 and result["cli_workers_speedup"] > 0
