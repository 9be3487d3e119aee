"""Portfolio loading and plan export: cost per 1,000 rows at growing sizes, and against the floor.

For each size (default 1k, 10k, 100k rows) the script writes a deterministic portfolio CSV (one
row per debt, a debtor on one to three rows, 1 row in 200 bad), then measures in one process:

* **floor**: building the same ``Debtor`` and ``Debt`` models straight from already-typed values
  (what any loader must pay for phone parsing, zones and money);
* **read_csv**: ``dunning.io.read_csv`` on the file (cells, mapping, checks, every error);
* **read_dataframe**: ``pandas.read_csv`` (pandas defaults) then ``dunning.io.read_dataframe``,
  when pandas is installed;
* **export**: a one-day plan of the loaded rows written with ``Plan.to_csv`` (and ``to_parquet``
  when pyarrow is installed).

It prints milliseconds per 1,000 rows and ratios: each size against the smallest (linear growth
keeps them near 1.0) and the loader against the floor. Run::

    .venv/bin/python benchmarks/io_bench.py [--sizes 1000 10000 100000] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import phonenumbers

from dunning import Creditor, Debt, Debtor, Money, Planner, default_strategy
from dunning.io import read_csv, read_dataframe

MARKETS = [
    ("CL", "+5696", 7, "CLP", 45_000, 0),
    ("MX", "+5255", 8, "MXN", 3_200, 2),
    ("CO", "+57310", 7, "COP", 380_000, 0),
    ("PE", "+51987", 6, "PEN", 420, 2),
    ("BR", "+551199", 7, "BRL", 890, 2),
    ("US", "+1415", 7, "USD", 260, 2),
]
HEADER = ["debtor_id", "name", "country", "phone", "email", "debt_id", "amount", "currency",
          "due_date"]  # fmt: skip
AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _phone(rng: random.Random, prefix: str, digits: int) -> str:
    while True:
        phone = prefix + "".join(rng.choice("23456789") for _ in range(digits))
        if phonenumbers.is_valid_number(phonenumbers.parse(phone)):
            return phone


def generate(rows: int, seed: int = 14) -> list[list[str]]:
    """``rows`` debt rows; one in 200 has an invalid e-mail."""
    rng = random.Random(seed)
    out: list[list[str]] = []
    debtor: list[str] = []
    market = MARKETS[0]
    left = 0
    n = 0
    for index in range(rows):
        if left == 0:
            n += 1
            market = MARKETS[n % len(MARKETS)]
            country, prefix, digits = market[0], market[1], market[2]
            debtor = [f"P{n:07d}", f"Deudor {n}", country, _phone(rng, prefix, digits),
                      f"d{n}@example.com"]  # fmt: skip
            left = rng.randint(1, 3)
        left -= 1
        _, _, _, currency, base, decimals = market
        amount = str(base + rng.randint(0, 500)) + (
            f".{rng.randint(0, 99):02d}" if decimals else ""
        )
        row = [*debtor, f"D{index:07d}", amount, currency, f"2026-11-{rng.randint(10, 30):02d}"]
        if index % 200 == 199:
            row[4] = "broken@"
        out.append(row)
    return out


def _text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def _timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    gc.collect()
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def _floor(rows: list[list[str]]) -> None:
    """Build the models from typed values directly: the cost any loader pays."""
    seen: dict[str, Debtor] = {}
    for debtor_id, name, country, phone, email, debt_id, amount, currency, due in rows:
        if debtor_id not in seen:
            try:
                seen[debtor_id] = Debtor(
                    id=debtor_id, name=name, country=country, phone=phone, email=email
                )
            except ValueError:
                continue
        Debt(
            id=debt_id,
            debtor_id=debtor_id,
            amount=Money(amount, currency),
            due_date=date.fromisoformat(due),
        )


def measure(size: int, seed: int, folder: Path) -> dict[str, float]:
    rows = generate(size, seed)
    path = folder / f"portfolio-{size}.csv"
    path.write_text(_text(rows), encoding="utf-8")
    figures: dict[str, float] = {"rows": size}
    _, figures["floor"] = _timed(_floor, rows)
    portfolio, figures["read_csv"] = _timed(read_csv, path)
    figures["errors"] = len(portfolio.errors)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - optional
        pd = None
    if pd is not None:
        frame, reading = _timed(pd.read_csv, path)
        _, loading = _timed(read_dataframe, frame)
        figures["read_dataframe"] = reading + loading
    plan = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur")).plan(
        portfolio.debtors, portfolio.debts, as_of=AS_OF, horizon_days=1
    )
    figures["plan_rows"] = len(plan.messages) + len(plan.skipped)
    _, figures["to_csv"] = _timed(plan.to_csv, folder / f"plan-{size}.csv")
    try:
        import pyarrow  # noqa: F401
    except ImportError:  # pragma: no cover - optional
        pass
    else:
        _, figures["to_parquet"] = _timed(plan.to_parquet, folder / f"plan-{size}.parquet")
    return figures


def main(argv: Sequence[str] | None = None) -> list[dict[str, float]]:
    """Run the benchmark, print the report and return the figures of each size."""
    parser = argparse.ArgumentParser(description="dunning.io load and export cost per 1k rows")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dunning-io-bench-") as tmp:
        folder = Path(tmp)
        measure(min(args.sizes), args.seed + 1, folder)  # warm-up: CLDR, phone metadata, zones
        results = [measure(size, args.seed, folder) for size in sorted(args.sizes)]
    base = results[0]
    keys = [k for k in ("floor", "read_csv", "read_dataframe", "to_csv", "to_parquet") if k in base]
    print(f"dunning.io benchmark (python {sys.version.split()[0]}): ms per 1,000 rows")
    print(f"{'rows':>8}  " + "  ".join(f"{k:>15}" for k in keys) + "  loader/floor")
    for figures in results:
        per_k = {}
        for key in keys:
            count = figures["plan_rows"] if key.startswith("to_") else figures["rows"]
            per_k[key] = 1000 * 1000 * figures[key] / max(count, 1)
            figures[f"{key}_per_1k_ms"] = per_k[key]
            base_count = base["plan_rows"] if key.startswith("to_") else base["rows"]
            base_per_k = 1000 * 1000 * base[key] / max(base_count, 1)
            figures[f"{key}_growth"] = per_k[key] / base_per_k if base_per_k else 0.0
        figures["loader_over_floor"] = figures["read_csv"] / figures["floor"]
        cells = "  ".join(f"{per_k[k]:8.1f} (x{figures[k + '_growth']:.2f})" for k in keys)
        print(f"{int(figures['rows']):>8}  {cells}  {figures['loader_over_floor']:.2f}")
    print(
        "x = per-row cost against the smallest size (linear growth keeps it near 1.00); "
        "export columns are per 1,000 plan rows"
    )
    return results


if __name__ == "__main__":
    main()
