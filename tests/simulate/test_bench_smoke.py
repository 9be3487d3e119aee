"""The simulator benchmark runs end to end on a tiny portfolio (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("pandas")

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "simulate_bench.py"


def test_benchmark_runs_and_reports_a_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("simulate_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        result = module.main(["--debtors", "10", "--days", "3"])
    finally:
        sys.modules.pop(spec.name, None)
    assert result["ratio"] > 0
    assert result["messages"] > 0
    assert "ratio 4n/n" in capsys.readouterr().out
