"""A million debts: stream a portfolio file through load and plan, and scale out on Dask.

The script writes a deterministic synthetic portfolio to a temporary CSV in the flat partition
schema (``dunning.io.COLUMNS``, one row per debt, plus an ``events`` column holding each
debtor's history as JSON on its first row), nine markets, about 1.3 debts and 2 events per
debtor, rows sorted by debtor id. The rows are produced by a generator and written as they are
made: the portfolio is never held in memory. Then, in one process:

1. **stream**: the file is read back ``--chunk`` debtors at a time by ``dunning.io.read_groups``
   (which reads the ``events`` cells as ``dunning.events``),
   and planned with ``Planner.plan_stream``. Per-stage process CPU time per debt (load, plan),
   peak RSS (``resource.getrusage``) and a digest of every decision are printed. This pass runs
   first, so the peak RSS is the streaming pipeline's own.
2. **render**: the same stream with ``Planner(templates=TemplateEngine())``: plan + render
   against plan alone.
3. **history**: a smaller portfolio with 0 and with 100 events per debtor: planning CPU per debt,
   streamed (each chunk is freed inside ``plan_stream``, so freeing the parsed events counts as
   planning) and held (the caller keeps each loaded chunk while it is planned, and freeing it
   is timed apart); then the long history compacted as the day before's run would keep it
   (``Planner.compact``), loaded and planned: its plan digest must be the whole history's.
4. **dask** (unless ``--no-dask``): ``dunning.io.plan_partition`` over debtor-aligned
   partitions of the file, first one after the other in this process, then with
   ``dask.dataframe.map_partitions`` on a local cluster of 2 worker processes; the speed-up is
   wall time (parallel work cannot be seen in one process's CPU time) and the digests must match
   the stream's.
5. **command line**: ``dunning plan --stream`` on a file of the Dask figure's size, in one
   process and with ``--workers`` processes reading and planning its chunks (fresh processes,
   wall time, imports included); the two plan files must be identical.

Timings are ratios taken in one run; on a machine shared with other jobs CPU time is the honest
measure of one core's work. A ratio moves between runs by more than most changes move it (the
history ratio by 0.3, the Dask speed-up by 0.2 on the same code): ``--repeat N`` measures
stages 2 to 5 N times on the same files and prints every ratio and their median, which is what
the result holds. Run::

    .venv/bin/python benchmarks/million_bench.py [--debts 1000000] [--chunk 2000] [--no-dask]
        [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

import phonenumbers

from dunning import (
    Creditor,
    DebtorGroup,
    Message,
    Plan,
    Planner,
    PortfolioLoadError,
    Skip,
    default_strategy,
)
from dunning.io import EVENTS_COLUMN, events_json, plan_partition, read_groups, read_records
from dunning.templates import TemplateEngine

AS_OF = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday
DEFAULT_SEED = 20261204
# Brazil's CDC art. 42-A needs the creditor's address and tax id in every message.
CREDITOR = Creditor(name="Bench", tax_id="76.123.456-7", address="Rua Augusta 100, São Paulo - SP")

# country, subdivision, weight, currency, typical debt (major units), explicit zones, names
MARKETS: tuple[tuple[str, str, float, str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    ("CL", "", 0.20, "CLP", 60_000, ("America/Santiago",), ("Ana Pérez", "Jorge Muñoz")),
    ("MX", "", 0.18, "MXN", 3_200, ("America/Mexico_City",), ("Luis Hernández", "María García")),
    ("CO", "", 0.14, "COP", 380_000, ("America/Bogota",), ("Andrés Gómez", "Laura Castro")),
    ("PE", "", 0.10, "PEN", 420, ("America/Lima",), ("Rosa Quispe", "Carlos Flores")),
    ("BR", "", 0.13, "BRL", 640, ("America/Sao_Paulo", "America/Manaus"), ("Beatriz Lima",)),
    ("BR", "SP", 0.07, "BRL", 890, ("America/Sao_Paulo",), ("João Silva", "Mariana Souza")),
    ("AR", "", 0.06, "ARS", 95_000, ("America/Argentina/Buenos_Aires",), ("Martín Fernández",)),
    ("US", "", 0.09, "USD", 260, ("America/New_York", "America/Chicago"), ("Emily Johnson",)),
    ("US", "MA", 0.03, "USD", 310, ("America/New_York",), ("Sarah Miller", "David Wilson")),
)
_ZERO_DECIMALS = frozenset({"CLP", "COP"})
HEADER = (
    "debtor_id", "name", "country", "subdivision", "timezone", "phone", "email",
    "consent_whatsapp", "consent_sms", "consent_email", "consent_source", "debt_id", "amount",
    "currency", "outstanding", "due_date", "issued_on", "reference", "payment_url", "status",
    "attributes.product", EVENTS_COLUMN,
)  # fmt: skip
# The usual history (2 events a debtor on average, over the last 20 days), and a long one for the
# history ratio: contacts and small payments over a year (no dispute or opt-out, which would end
# the debtor's planning early and measure less work).
USUAL = (("message_sent", 0.55), ("reply_received", 0.17), ("payment_received", 0.12),
         ("promise_to_pay", 0.08), ("consent_revoked", 0.04), ("dispute_opened", 0.04))  # fmt: skip
LONG = (("message_sent", 0.7), ("reply_received", 0.15), ("payment_received", 0.15))


def _phone_head(region: str) -> tuple[int, str]:
    """Calling code and ``region``'s example mobile less its last 6 digits (which any digits
    replace validly in the nine markets: a million distinct numbers per region)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None and example.country_code is not None
    return example.country_code, str(example.national_number)[:-6]


def _phone(rng: random.Random, head: tuple[int, str]) -> str:
    code, digits = head
    tail = rng.randrange(1_000_000)
    if tail % 2:
        return f"+{code}{digits}{tail:06d}"
    return f"+{code} {digits} {tail:06d}"


def _money(rng: random.Random, currency: str, typical: float) -> str:
    major = max(1.0, typical * rng.uniform(0.2, 3.0))
    if currency in _ZERO_DECIMALS:
        return str(int(round(major, -2)) or 100)
    return f"{major:.2f}"


def portfolio_rows(
    n_debts: int, *, seed: int = DEFAULT_SEED, events: int | None = None
) -> Iterator[list[str]]:
    """The rows of a portfolio of ``n_debts`` debts (debtor ids ascending), made as they are read.

    ``events=None`` gives the usual history (0 to 4 events a debtor); a number gives exactly that
    many long-history events per debtor.
    """
    rng = random.Random(seed)
    heads = {m[0]: _phone_head(m[0]) for m in MARKETS}
    weights = [m[2] for m in MARKETS]
    today = AS_OF.date()
    made = 0
    n = 0
    while made < n_debts:
        n += 1
        country, sub, _, currency, typical, zones, names = rng.choices(MARKETS, weights)[0]
        debtor_id = f"b{n:08d}"
        granted = (AS_OF - timedelta(days=rng.randint(30, 700))).isoformat()
        debtor = [
            debtor_id,
            rng.choice(names),
            country,
            sub,
            rng.choice(zones) if rng.random() < 0.3 else "",
            _phone(rng, heads[country]) if rng.random() < 0.93 else "",
            f"user{n}@example.com" if rng.random() < 0.8 else "",
            granted if rng.random() < 0.6 else "",
            granted if rng.random() < 0.85 else "",
            granted if rng.random() < 0.7 else "",
            "signup form v3",
        ]
        product = rng.choice(("card", "loan"))
        count = min(1 + (rng.random() < 0.27) + (rng.random() < 0.03), n_debts - made)
        debt_ids = [f"{debtor_id}-{k}" for k in range(1, count + 1)]
        history = _history(rng, debtor_id, debt_ids, events, currency, typical)
        for k, debt_id in enumerate(debt_ids):
            due = today + timedelta(days=rng.randint(-100, 10))
            roll = rng.random()
            status = "draft" if roll < 0.015 else "cancelled" if roll < 0.025 else "open"
            yield [
                *debtor,
                debt_id,
                _money(rng, currency, typical),
                currency,
                _money(rng, currency, typical * 0.3) if rng.random() < 0.1 else "",
                due.isoformat(),
                (due - timedelta(days=30)).isoformat(),
                f"F-{made + k + 1}",
                f"https://pay.example/{debt_id}",
                status,
                product,
                json.dumps(history, separators=(",", ":")) if k == 0 and history else "",
            ]
        made += count


def _history(
    rng: random.Random,
    debtor_id: str,
    debt_ids: list[str],
    count: int | None,
    currency: str,
    typical: float,
) -> list[dict[str, Any]]:
    kinds, span = (USUAL, 20) if count is None else (LONG, 365)
    n = rng.randint(0, 4) if count is None else count
    out: list[dict[str, Any]] = []
    for i in range(n):
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        at = AS_OF - timedelta(days=rng.randint(1, span), hours=rng.randint(0, 8))
        event: dict[str, Any] = {"kind": kind, "at": at.isoformat()}
        debt_id = rng.choice(debt_ids)
        if kind == "message_sent":
            channel = rng.choice(("sms", "whatsapp", "email"))
            event |= {"message_id": f"m-{debtor_id}-{i}", "debtor_id": debtor_id,
                      "channel": channel, "debt_ids": [debt_id]}  # fmt: skip
        elif kind == "reply_received":
            event |= {"debtor_id": debtor_id, "channel": "sms", "text": "ok"}
        elif kind == "payment_received":
            fraction = 0.1 if count is None else 0.001  # a long history never pays in full
            amount = _money(rng, currency, typical * fraction)
            event |= {"debt_id": debt_id, "amount": {"amount": amount, "currency": currency}}
        elif kind == "promise_to_pay":
            promised = AS_OF.date() + timedelta(days=rng.randint(-5, 10))
            event |= {"debt_id": debt_id, "promised_date": promised.isoformat()}
        elif kind == "consent_revoked":
            event |= {"debtor_id": debtor_id, "channel": rng.choice(("sms", "whatsapp", None))}
        else:
            event |= {"debt_id": debt_id, "reason": "no reconoce la compra"}
        out.append(event)
    return out


@dataclass
class Written:
    """A portfolio file and the byte offsets where chunks of whole debtors start."""

    path: Path
    debts: int
    debtors: int
    events: int
    offsets: list[int]  # start of each partition (the last one is the file's end)


def write_portfolio(
    path: Path, n_debts: int, *, seed: int, events: int | None, partitions: int
) -> Written:
    """Write the rows to ``path`` as CSV; record debtor-aligned offsets for ``partitions``."""
    per = max(1, -(-n_debts // partitions))
    offsets: list[int] = []
    debtors = n_events = 0
    with path.open("w", newline="", encoding="utf-8") as raw:
        writer = csv.writer(raw, lineterminator="\n")
        writer.writerow(HEADER)
        last = None
        for index, row in enumerate(portfolio_rows(n_debts, seed=seed, events=events)):
            if row[0] != last:
                if index // per >= len(offsets):
                    raw.flush()
                    offsets.append(raw.tell())
                last = row[0]
                debtors += 1
                n_events += row[-1].count('"kind"')
            writer.writerow(row)
        raw.flush()
        offsets.append(raw.tell())
    return Written(path, n_debts, debtors, n_events, offsets)


# --------------------------------------------------------------------------- reading back


def read_chunks(path: Path, debtors_per_chunk: int) -> Iterator[list[dict[str, str]]]:
    """The file's rows, ``debtors_per_chunk`` whole debtors at a time."""
    with path.open(newline="", encoding="utf-8") as handle:
        chunk: list[dict[str, str]] = []
        seen = 0
        last = None
        for row in csv.DictReader(handle):
            if row["debtor_id"] != last:
                last = row["debtor_id"]
                seen += 1
                if seen > debtors_per_chunk:
                    yield chunk
                    chunk, seen = [], 1
            chunk.append(row)
        if chunk:
            yield chunk


class Clock:
    """Process CPU seconds spent inside ``timed`` blocks."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def timed(self, function: Callable[[], Any]) -> Any:
        start = time.process_time()
        try:
            return function()
        finally:
            self.seconds += time.process_time() - start


def _loaded(rows: list[dict[str, str]]) -> list[DebtorGroup]:
    """The debtor groups of ``rows`` (whole debtors), read through ``dunning.io``."""
    portfolio = read_records(rows, first_line=2).raise_for_errors()
    return list(portfolio.groups())  # with the history read from the events column


def load_groups(path: Path, debtors_per_chunk: int, clock: Clock) -> Iterator[DebtorGroup]:
    """Debtor groups read from the file chunk by chunk by ``dunning.io.read_groups`` (each
    group's reading timed: a chunk is read when its first group is asked for)."""
    with read_groups(path, chunk_size=debtors_per_chunk) as reader:
        while True:
            group = clock.timed(lambda: next(reader, None))
            if group is None:
                break
            yield group
        if reader.errors:
            raise PortfolioLoadError(reader.errors)


class Digest:
    """A hash over every decision (as plan_bench's digest), fed message by message."""

    def __init__(self) -> None:
        self._messages = hashlib.sha256()
        self._skips = hashlib.sha256()
        self.messages = self.skips = 0

    def add(self, messages: Iterable[Message], skipped: Iterable[Skip]) -> None:
        for m in messages:
            self._messages.update(
                f"{m.id}|{m.channel}|{m.send_at.isoformat()}|{m.template}|{m.explain}\n".encode()
            )
            self.messages += 1
        for s in skipped:
            moved = s.moved_to.isoformat() if s.moved_to else ""
            self._skips.update(
                f"{s.debtor_id}|{s.debt_ids}|{s.on}|{s.code}|{moved}|{s.message_id}\n".encode()
            )
            self.skips += 1

    @property
    def hexdigest(self) -> str:
        return hashlib.sha256(
            (self._messages.hexdigest() + self._skips.hexdigest()).encode()
        ).hexdigest()[:16]


def frame_digest(frame: Any) -> str:
    """A hash of a plan's rows in any order (``plan_partition`` frames, ``Plan.to_pandas``)."""
    lines = sorted("|".join(map(str, row)) for row in frame.itertuples(index=False))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _frame_of(plan: Plan) -> Any:
    """A plan's rows as ``plan_partition`` gives them."""
    from dunning.io._partition import _frame

    return _frame(plan.to_records())


def max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, KiB else


@dataclass
class Pass:
    """One streamed pass over a file."""

    debts: int
    load_cpu: float
    total_cpu: float
    digest: str
    messages: int
    skips: int

    @property
    def plan_cpu(self) -> float:
        return self.total_cpu - self.load_cpu

    def per_debt(self, seconds: float) -> float:
        return seconds / self.debts * 1e6


def stream(
    written: Written, planner: Planner, *, horizon: int, chunk: int, gc_freeze: bool = True
) -> Pass:
    """Load and plan ``written`` chunk by chunk; CPU of loading and of the whole pass (less the
    digest this benchmark takes of each chunk's plan, which is not the library's work)."""
    clock = Clock()
    hashing = Clock()
    digest = Digest()
    gc.collect()
    if gc_freeze:
        gc.freeze()  # the modules and caches loaded so far are never garbage: skip them
    start = time.process_time()
    groups = load_groups(written.path, chunk, clock)
    for plan in planner.plan_stream(groups, as_of=AS_OF, horizon_days=horizon, chunk_size=chunk):
        hashing.timed(lambda plan=plan: digest.add(plan.messages, plan.skipped))
    total = time.process_time() - start - hashing.seconds
    if gc_freeze:
        gc.unfreeze()
    return Pass(
        written.debts, clock.seconds, total, digest.hexdigest, digest.messages, digest.skips
    )


def held(written: Written, planner: Planner, *, horizon: int, chunk: int) -> tuple[Pass, float]:
    """As :func:`stream`, but each chunk of groups is loaded into a list the caller holds while
    it is planned, and freed afterwards: the pass and the CPU seconds of freeing what was
    loaded (in :func:`stream` that falls inside planning, which drops each chunk)."""
    clock = Clock()
    hashing = Clock()
    freeing = Clock()
    digest = Digest()
    gc.collect()
    gc.freeze()
    start = time.process_time()
    chunks = read_chunks(written.path, chunk)
    while True:
        rows = clock.timed(lambda: next(chunks, None))
        if rows is None:
            break
        groups: list[DebtorGroup] = clock.timed(lambda rows=rows: list(_loaded(rows)))
        for plan in planner.plan_stream(
            groups, as_of=AS_OF, horizon_days=horizon, chunk_size=chunk
        ):
            hashing.timed(lambda plan=plan: digest.add(plan.messages, plan.skipped))
        freeing.timed(groups.clear)
    total = time.process_time() - start - hashing.seconds - freeing.seconds
    gc.unfreeze()
    return (
        Pass(written.debts, clock.seconds, total, digest.hexdigest, digest.messages, digest.skips),
        freeing.seconds,
    )


def compact_file(written: Written, planner: Planner, path: Path, *, as_of: datetime) -> Written:
    """``written`` with each debtor's history compacted by ``planner`` as of ``as_of`` (what a
    daily run keeps for the next one), written to ``path`` in the same schema."""
    events = 0
    with path.open("w", newline="", encoding="utf-8") as raw:
        writer = csv.writer(raw, lineterminator="\n")
        writer.writerow(HEADER)
        for rows in read_chunks(written.path, 2000):
            kept = {g.debtor.id: g.events for g in planner.compact(_loaded(rows), as_of=as_of)}
            for row in rows:
                history = kept.pop(row["debtor_id"], None)
                if history is not None:  # the debtor's first row carries the history
                    events += len(history)
                    row[EVENTS_COLUMN] = events_json(history) if history else ""
                else:
                    row[EVENTS_COLUMN] = ""
                writer.writerow([row[name] for name in HEADER])
    return Written(path, written.debts, written.debtors, events, [])


# --------------------------------------------------------------------------- dask


def read_partition(path: str, start: int, end: int) -> Any:
    """Rows ``[start, end)`` of the portfolio file (whole debtors) as a DataFrame of text."""
    import pandas

    with open(path, "rb") as handle:
        header = handle.readline()
        handle.seek(start)
        body = handle.read(end - start)
    text = (header + body).decode("utf-8")
    return pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _plan_range(path: str, start: int, end: int, planner: Planner, horizon: int) -> Any:
    frame = read_partition(path, start, end)
    return plan_partition(frame, planner=planner, as_of=AS_OF, horizon_days=horizon)


@dataclass
class Scaled:
    partitions: int
    serial_s: float
    dask_s: float
    serial_digest: str
    dask_digest: str
    serial_cpu: float
    busiest_cpu: float  # CPU seconds of the busiest worker process during the run
    workers: int
    shares: list[float]  # every worker's CPU seconds during the run

    @property
    def speedup(self) -> float:
        return self.serial_s / self.dask_s

    @property
    def cpu_speedup(self) -> float:
        """What the speed-up would be with a free core per worker: the work done here over the
        busiest worker's share of it (wall time on a shared machine measures the neighbours)."""
        return self.serial_cpu / self.busiest_cpu


def scale_out(written: Written, planner: Planner, *, horizon: int, workers: int) -> Scaled:
    """The same partitions planned one after the other here, then on a local Dask cluster."""
    import dask.dataframe as dd
    import pandas
    from distributed import Client, LocalCluster

    from dunning.io import partition_meta

    ranges = list(zip(written.offsets, written.offsets[1:], strict=False))
    path = str(written.path)
    _plan_range(path, *ranges[0], planner, horizon)  # warm up this process
    start, cpu = time.perf_counter(), time.process_time()
    serial = [_plan_range(path, a, b, planner, horizon) for a, b in ranges]
    serial_s, serial_cpu = time.perf_counter() - start, time.process_time() - cpu
    serial_digest = frame_digest(pandas.concat(serial, ignore_index=True))
    del serial

    import dask

    # The workers' statistical profiler samples every 10 ms: a cost this process does not pay.
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        # As warm as this process (imports, compiled policies, zone windows): each worker plans
        # every partition once before the timed run.
        client.run(lambda: [_plan_range(path, a, b, planner, horizon) for a, b in ranges] and None)
        before = client.run(time.process_time)
        start = time.perf_counter()
        frame = dd.from_map(read_partition, [path] * len(ranges), *zip(*ranges, strict=True))
        plans = frame.map_partitions(
            plan_partition, planner=planner, as_of=AS_OF, horizon_days=horizon,
            meta=partition_meta(),
        )  # fmt: skip
        # One frame per partition, concatenated here (as writing each partition to Parquet
        # would leave them): .compute() would concatenate them on one worker first.
        result = pandas.concat(client.gather(client.compute(plans.to_delayed())))
        dask_s = time.perf_counter() - start
        after = client.run(time.process_time)
        shares = sorted(after[w] - before[w] for w in after)
        busiest = shares[-1]
    return Scaled(
        len(ranges),
        serial_s,
        dask_s,
        serial_digest,
        frame_digest(result),
        serial_cpu,
        busiest,
        len(after),
        shares,
    )


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> dict[str, float | str]:
    parser = argparse.ArgumentParser(description="a million debts: stream, render, scale out")
    parser.add_argument("--debts", type=int, default=1_000_000, help="debts (1000000)")
    parser.add_argument("--horizon", type=int, default=14, help="horizon in days (14)")
    parser.add_argument("--chunk", type=int, default=2000, help="debtors per chunk (2000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--history-debts", type=int, default=None, help="debts for the history ratio (debts/20)"
    )
    parser.add_argument(
        "--render-debts", type=int, default=None, help="debts for the render ratio (debts/10)"
    )
    parser.add_argument(
        "--dask-debts", type=int, default=None, help="debts for the Dask figure (debts/10)"
    )
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (2)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    parser.add_argument("--no-gc-freeze", action="store_true", help="plan without gc.freeze()")
    parser.add_argument("--dir", default=None, help="where to write the temporary files")
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure stages 2-5 this many times (1): medians"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    repeat = args.repeat
    small = max(1000, args.debts // 10)
    history_debts = args.history_debts or max(1000, args.debts // 20)
    render_debts = args.render_debts or small
    dask_debts = args.dask_debts or small
    freeze = not args.no_gc_freeze
    planner = Planner(default_strategy(), creditor=CREDITOR)
    result: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        base = Path(folder)
        start = time.process_time()
        written = write_portfolio(
            base / "portfolio.csv", args.debts, seed=args.seed, events=None, partitions=1
        )
        written_cpu = time.process_time() - start
        size = written.path.stat().st_size / 2**20
        print(
            f"portfolio: {written.debts:,} debts of {written.debtors:,} debtors, "
            f"{written.events:,} events; {size:,.0f} MiB CSV written in {written_cpu:.1f}s CPU"
        )
        # Warm up (imports, holiday and CLDR tables, compiled policies) outside the timings.
        warm = write_portfolio(base / "warm.csv", 2000, seed=1, events=None, partitions=1)
        stream(warm, planner, horizon=args.horizon, chunk=args.chunk, gc_freeze=False)
        rss_before = max_rss_mib()

        main_pass = stream(
            written, planner, horizon=args.horizon, chunk=args.chunk, gc_freeze=freeze
        )
        rss = max_rss_mib()
        load_us, plan_us = (
            main_pass.per_debt(main_pass.load_cpu),
            main_pass.per_debt(main_pass.plan_cpu),
        )
        print(
            f"\n1. stream (chunks of {args.chunk:,} debtors, horizon {args.horizon} days, "
            f"gc.freeze {'on' if freeze else 'off'}):"
        )
        print(
            f"   load {load_us:,.0f} µs/debt + plan {plan_us:,.0f} µs/debt = "
            f"{main_pass.per_debt(main_pass.total_cpu):,.0f} µs/debt CPU; "
            f"{main_pass.total_cpu:,.1f}s CPU for {written.debts:,} debts "
            f"(= {main_pass.total_cpu / written.debts * 1e6:,.0f}s per 1M)"
        )
        print(
            f"   peak RSS {rss:,.0f} MiB (before the pass {rss_before:,.0f} MiB); "
            f"{main_pass.messages:,} messages, {main_pass.skips:,} skips, "
            f"digest {main_pass.digest}"
        )
        result |= {
            "debts": written.debts,
            "load_us": load_us,
            "plan_us": plan_us,
            "total_cpu_s": main_pass.total_cpu,
            "max_rss_mib": rss,
            "digest": main_pass.digest,
            "messages": main_pass.messages,
        }

        # 2. plan + render against plan alone, on the same file.
        rendered = write_portfolio(
            base / "render.csv", render_debts, seed=args.seed, events=None, partitions=1
        )
        renderer = planner.replace(templates=TemplateEngine())
        stream(rendered, renderer, horizon=1, chunk=args.chunk, gc_freeze=False)  # warm jinja2
        # A daily run renders what it sends before the next run (render_days=1).
        daily = renderer.replace(render_days=1)
        ratios, daily_ratios, render_uss = [], [], []
        for run in range(repeat):
            alone = stream(rendered, planner, horizon=args.horizon, chunk=args.chunk)
            with_text = stream(rendered, renderer, horizon=args.horizon, chunk=args.chunk)
            next_run = stream(rendered, daily, horizon=args.horizon, chunk=args.chunk)
            same = next_run.digest == with_text.digest == alone.digest  # the same decisions
            ratios.append(with_text.plan_cpu / alone.plan_cpu)
            daily_ratios.append(next_run.plan_cpu / alone.plan_cpu)
            render_uss.append(
                (with_text.plan_cpu - alone.plan_cpu) / max(1, with_text.messages) * 1e6
            )
            print(
                f"\n2. render ({rendered.debts:,} debts{_nth(run, repeat)}): plan "
                f"{alone.per_debt(alone.plan_cpu):,.0f} µs/debt, plan + render "
                f"{with_text.per_debt(with_text.plan_cpu):,.0f} µs/debt ({render_uss[-1]:,.0f} "
                f"µs per message rendered): {ratios[-1]:.2f}x every message of the horizon; "
                f"{daily_ratios[-1]:.2f}x rendering those sent before the next run "
                f"(render_days=1, {next_run.per_debt(next_run.plan_cpu):,.0f} µs/debt): aim <= "
                f"2x {'holds' if daily_ratios[-1] <= 2 else 'does NOT hold'}; plan digests "
                f"{'identical' if same else 'DIFFER (messages dropped for their content)'}"
            )
        _medians("render", ("render_days=1", daily_ratios, 2, "<="), ("every message", ratios))
        result |= {
            "render_ratio": median(ratios),
            "render_ratio_next_run": median(daily_ratios),
            "render_us_per_message": median(render_uss),
        }

        # 3. history: 0 against 100 events per debtor.
        files = {
            count: write_portfolio(
                base / f"history{count}.csv",
                history_debts,
                seed=args.seed,
                events=count,
                partitions=1,
            )
            for count in (0, 100)
        }
        h_ratios, held_ratios = [], []
        for run in range(repeat):
            figures = {}
            kept: dict[int, tuple[Pass, float]] = {}
            for count, file in files.items():
                figures[count] = stream(file, planner, horizon=args.horizon, chunk=args.chunk)
                kept[count] = held(file, planner, horizon=args.horizon, chunk=args.chunk)
            none, long = figures[0], figures[100]
            h_ratios.append(long.plan_cpu / none.plan_cpu)
            (none_h, free_none), (long_h, free_long) = kept[0], kept[100]
            assert (none_h.digest, long_h.digest) == (none.digest, long.digest), "plans differ"
            held_ratios.append(long_h.plan_cpu / none_h.plan_cpu)
            print(
                f"\n3. history ({history_debts:,} debts{_nth(run, repeat)}): plan "
                f"{none.per_debt(none.plan_cpu):,.0f} µs/debt with 0 events, "
                f"{long.per_debt(long.plan_cpu):,.0f} µs/debt with 100 events per debtor: "
                f"{h_ratios[-1]:.2f}x, aim <= 1.5x "
                f"{'holds' if h_ratios[-1] <= 1.5 else 'does NOT hold'} (loading the 100 "
                f"events: {long.per_debt(long.load_cpu):,.0f} µs/debt, against "
                f"{none.per_debt(none.load_cpu):,.0f})"
                f"\n   history held by the caller while planned (freeing it counted apart: "
                f"{none_h.per_debt(free_none):,.0f} and {long_h.per_debt(free_long):,.0f} "
                f"µs/debt): plan {none_h.per_debt(none_h.plan_cpu):,.0f} against "
                f"{long_h.per_debt(long_h.plan_cpu):,.0f} µs/debt: {held_ratios[-1]:.2f}x"
            )
        _medians("history", ("streamed", h_ratios, 1.5, "<="), ("held", held_ratios))
        result |= {"history_ratio": median(h_ratios), "history_ratio_held": median(held_ratios)}
        # What a daily run keeps: yesterday's run compacted the history (Planner.compact).
        small = compact_file(
            files[100], planner, base / "history100c.csv", as_of=AS_OF - timedelta(days=1)
        )
        kept_pass = stream(small, planner, horizon=args.horizon, chunk=args.chunk)
        assert kept_pass.digest == long.digest, "a compacted history plans differently"
        c_ratio = kept_pass.plan_cpu / none.plan_cpu
        print(
            f"   compacted by yesterday's run (Planner.compact; {small.events / small.debtors:.1f} "
            f"of 100 events a debtor kept, same plan digest): load "
            f"{kept_pass.per_debt(kept_pass.load_cpu):,.0f} µs/debt, plan "
            f"{kept_pass.per_debt(kept_pass.plan_cpu):,.0f} µs/debt: {c_ratio:.2f}x "
            "(against the last run's 0 events)"
        )
        result |= {"history_ratio_compacted": c_ratio}

        if not args.no_dask:
            import pandas

            parts = write_portfolio(
                base / "dask.csv", dask_debts, seed=args.seed, events=None,
                partitions=max(8, 8 * args.workers),
            )  # fmt: skip
            chunks = planner.plan_stream(
                load_groups(parts.path, args.chunk, Clock()), as_of=AS_OF,
                horizon_days=args.horizon, chunk_size=args.chunk,
            )  # fmt: skip
            alone_digest = frame_digest(pandas.concat([_frame_of(c) for c in chunks]))
            speedups, cpu_speedups, all_same = [], [], True
            for run in range(repeat):
                scaled = scale_out(parts, planner, horizon=args.horizon, workers=args.workers)
                same = scaled.serial_digest == scaled.dask_digest == alone_digest
                all_same = all_same and same
                speedups.append(scaled.speedup)
                cpu_speedups.append(scaled.cpu_speedup)
                print(
                    f"\n4. Dask ({parts.debts:,} debts in {scaled.partitions} partitions"
                    f"{_nth(run, repeat)}): plan_partition one after the other "
                    f"{scaled.serial_s:,.1f}s wall, map_partitions on {args.workers} local workers "
                    f"{scaled.dask_s:,.1f}s wall: {scaled.speedup:.2f}x, aim >= 1.8x "
                    f"{'holds' if scaled.speedup >= 1.8 else 'does NOT hold'}; digests "
                    f"{'identical' if same else 'DIFFER'} ({scaled.dask_digest})"
                )
                print(
                    f"   CPU: {scaled.serial_cpu:,.1f}s in this process, the workers "
                    f"{' + '.join(f'{s:,.1f}s' for s in scaled.shares)}: "
                    f"{scaled.cpu_speedup:.2f}x with a free core per worker (load average now: "
                    f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})"
                )
            _medians("Dask", ("wall", speedups, 1.8, ">="), ("CPU", cpu_speedups))
            result |= {
                "dask_speedup": median(speedups),
                "dask_cpu_speedup": median(cpu_speedups),
                "dask_same": float(all_same),
            }

        # 5. The command line: `dunning plan --stream` in one process against N workers, each
        # reading and planning chunks of the file (fresh processes, imports included).
        cli = write_portfolio(
            base / "cli.csv", dask_debts, seed=args.seed, events=None, partitions=1
        )
        cli_speedups, same_files = [], True
        for run in range(repeat):
            one = cli_stream(cli.path, base / "cli1.csv", workers=1, horizon=args.horizon)
            many = cli_stream(
                cli.path, base / "cliN.csv", workers=args.workers, horizon=args.horizon
            )
            same_file = (base / "cli1.csv").read_bytes() == (base / "cliN.csv").read_bytes()
            same_files = same_files and same_file
            cli_speedups.append(one / many)
            print(
                f"\n5. dunning plan --stream ({cli.debts:,} debts{_nth(run, repeat)}): "
                f"{one:,.1f}s wall in one process, {many:,.1f}s with --workers {args.workers}: "
                f"{one / many:.2f}x; plan files {'identical' if same_file else 'DIFFER'}"
            )
        _medians("dunning plan --stream --workers", ("wall", cli_speedups))
        result |= {"cli_workers_speedup": median(cli_speedups), "cli_same": float(same_files)}
    return result


def _nth(run: int, repeat: int) -> str:
    """``", run 2 of 3"`` when a stage is measured more than once."""
    return f", run {run + 1} of {repeat}" if repeat > 1 else ""


def _medians(stage: str, *series: tuple[Any, ...]) -> None:
    """One line per measured ratio when a stage ran more than once: each run's and the median
    (``(name, values)``, or ``(name, values, aim, "<=" or ">=")`` to say whether it holds)."""
    if len(series[0][1]) < 2:
        return
    for name, values, *aim in series:
        runs = ", ".join(f"{v:.2f}x" for v in values)
        line = f"   {stage} {name}: median {median(values):.2f}x of {runs}"
        if aim:
            bound, op = aim
            holds = median(values) <= bound if op == "<=" else median(values) >= bound
            line += f"; aim {op} {bound}x {'holds' if holds else 'does NOT hold'}"
        print(line)


def cli_stream(path: Path, out: Path, *, workers: int, horizon: int) -> float:
    """Wall seconds of ``dunning plan PATH --stream --workers N`` in a fresh process."""
    command = [sys.executable, "-m", "dunning", "plan", str(path), "--as-of", AS_OF.isoformat()]
    command += ["--horizon", str(horizon), "--stream", "--quiet", "--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
