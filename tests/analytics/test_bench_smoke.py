"""The analytics benchmark runs end to end on a tiny log (no timing is asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "analytics_bench.py"


def test_analytics_benchmark_runs_and_reports_ratios(capsys):
    spec = importlib.util.spec_from_file_location("analytics_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ratios = module.main(["--debts", "10", "--repeat", "1"])
    assert set(ratios) == set(module.METRICS)
    assert "ratio" in capsys.readouterr().out
