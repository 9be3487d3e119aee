"""dunning.io.plan_partition: a portfolio DataFrame partitioned by debtor, planned partition by
partition (in this process, on a local Dask cluster, on Spark when it is installed).

The reference is ``Planner.plan`` over the whole portfolio (read with ``dunning.io`` and its
events parsed with ``dunning.events``): the partitions' rows together must be exactly its rows.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from builders import CREDITOR
from dunning import Planner, PortfolioLoadError, default_strategy
from dunning.events import Event
from dunning.io import (
    EVENTS_COLUMN,
    events_json,
    partition_meta,
    plan_partition,
    read_dataframe,
)

pd = pytest.importorskip("pandas")

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "million_bench.py"
PLANNER = Planner(default_strategy(), creditor=CREDITOR)
AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
HORIZON = 14


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("million_bench_partition", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def frame(bench: ModuleType) -> Any:
    """1,500 debts over nine markets, with history, as the benchmark writes them."""
    rows = list(bench.portfolio_rows(1500, seed=7))
    return pd.DataFrame(rows, columns=list(bench.HEADER))


def rows_digest(frame: Any) -> tuple[str, int]:
    """A hash of every cell of every row, in any row order, and the number of rows."""
    lines = sorted("|".join(map(repr, row)) for row in frame.itertuples(index=False))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest(), len(lines)


def whole_plan_digest(frame: Any) -> tuple[str, int]:
    """The reference: Planner.plan over the whole portfolio, as rows."""
    portfolio = read_dataframe(frame, strict=True)
    events = TypeAdapter(list[Event])
    history = [e for cell in frame[EVENTS_COLUMN] if cell for e in events.validate_json(cell)]
    plan = PLANNER.plan(
        portfolio.debtors, portfolio.debts, as_of=AS_OF, horizon_days=HORIZON, history=history
    )
    expected = pd.concat([partition_meta(), _as_partition(plan.to_records())])
    return rows_digest(expected)


def _as_partition(records: list[dict[str, Any]]) -> Any:
    from dunning.io._partition import _frame

    return _frame(records)


def by_debtor(frame: Any, parts: int) -> list[Any]:
    """``frame`` cut into ``parts`` pieces, every debtor's rows in one piece (hash partitioning,
    as a distributed engine would do it: a piece holds debtors in no particular order)."""
    key = frame["debtor_id"].map(lambda i: int(hashlib.md5(i.encode()).hexdigest(), 16) % parts)
    return [frame[key == k].iloc[::-1] for k in range(parts)]


def test_partitions_together_are_exactly_the_whole_plan(frame):
    expected = whole_plan_digest(frame)
    assert expected[1] > 1000  # real work: messages and skips of a thousand debtors
    one = plan_partition(frame, planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON)
    assert rows_digest(one) == expected
    pieces = [
        plan_partition(part, planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON)
        for part in by_debtor(frame, 5)
    ]
    assert rows_digest(pd.concat(pieces, ignore_index=True)) == expected


def test_every_partition_has_the_meta_dtypes(frame):
    meta = partition_meta()
    empty = plan_partition(frame.iloc[:0], planner=PLANNER, as_of=AS_OF)
    some = plan_partition(frame.iloc[:40], planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON)
    assert list(empty.columns) == list(some.columns) == list(meta.columns)
    assert dict(empty.dtypes) == dict(some.dtypes) == dict(meta.dtypes)
    assert len(empty) == 0 and len(some) > 0
    assert set(some["kind"]) <= {"message", "moved", "skip"}


def test_events_json_round_trips_and_changes_the_plan(frame):
    row = frame.iloc[[0]].copy()
    row[EVENTS_COLUMN] = ""
    planned = plan_partition(row, planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON)
    assert (planned["kind"] == "message").any()
    from dunning.events import DisputeOpened

    dispute = DisputeOpened(at=datetime(2026, 11, 1, tzinfo=UTC), debt_id=row["debt_id"].iat[0])
    row[EVENTS_COLUMN] = events_json([dispute])
    assert TypeAdapter(list[Event]).validate_json(row[EVENTS_COLUMN].iat[0]) == [dispute]
    disputed = plan_partition(row, planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON)
    assert not (disputed["kind"] == "message").any()
    assert set(disputed["code"]) == {"disputed"}


def _bad(frame: Any) -> Any:
    bad = frame.iloc[:6].copy().reset_index(drop=True)
    bad.loc[1, "phone"] = "12345"  # a bad phone (line 3)
    bad.loc[2, EVENTS_COLUMN] = '[{"kind": "no_such_event"}]'  # a bad history (line 4)
    return bad


def test_bad_rows_raise_every_one_of_them(frame):
    with pytest.raises(PortfolioLoadError) as caught:
        plan_partition(_bad(frame), planner=PLANNER, as_of=AS_OF)
    lines = sorted((e.line, e.column) for e in caught.value.errors)
    assert (3, "phone") in lines and (4, EVENTS_COLUMN) in lines


def test_bad_rows_come_back_as_error_rows_when_not_strict(frame):
    out = plan_partition(
        _bad(frame), planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON, strict=False
    )
    errors = out[out["kind"] == "error"]["reason"].tolist()
    assert any(r.startswith("line 3: column 'phone'") for r in errors)
    assert any(r.startswith(f"line 4: column '{EVENTS_COLUMN}'") for r in errors)
    assert (out["kind"] != "error").any()  # the good rows are planned


def test_a_debtor_with_two_different_histories_is_an_error(frame):
    two = pd.concat([frame.iloc[[0]], frame.iloc[[0]]], ignore_index=True)
    two.loc[1, "debt_id"] = "other-debt"
    two.loc[0, EVENTS_COLUMN] = "[]"
    two.loc[1, EVENTS_COLUMN] = events_json([])[:-1] + " ]"
    with pytest.raises(PortfolioLoadError, match="other events on line 2"):
        plan_partition(two, planner=PLANNER, as_of=AS_OF)


def test_an_event_of_another_debtor_is_an_error(frame):
    row = frame.iloc[[0]].copy()
    row[EVENTS_COLUMN] = (
        '[{"kind":"reply_received","at":"2026-11-20T10:00:00Z","debtor_id":"someone-else",'
        '"channel":"sms","text":"hola"}]'
    )
    with pytest.raises(PortfolioLoadError, match="an event of debtor 'someone-else'"):
        plan_partition(row, planner=PLANNER, as_of=AS_OF)


def test_not_a_frame_or_not_a_planner_is_refused(frame):
    from dunning import InputError

    with pytest.raises(InputError):
        plan_partition([1, 2], planner=PLANNER, as_of=AS_OF)
    with pytest.raises(InputError):
        plan_partition(frame, planner="planner", as_of=AS_OF)  # type: ignore[arg-type]


def test_a_planner_pickles_by_its_settings():
    from dunning.policy import for_country

    house = PLANNER.replace(max_shift_days=5, follow_ups=None, policies={"cl": for_country("CL")})
    copy = pickle.loads(pickle.dumps(house))
    assert repr(copy) == repr(house)
    assert copy.max_shift_days == 5 and copy.follow_ups is None
    assert dict(copy.policies) == dict(house.policies)


def test_on_a_local_dask_cluster_of_two_workers(frame):
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    expected = whole_plan_digest(frame)
    parts = by_debtor(frame, 4)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            # A free port: None means the default 8787, and another cluster on the machine
            # (a benchmark, a parallel test run) turns the port-change warning into a failure.
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        distributed_frame = dd.from_map(lambda k: parts[k], range(len(parts)))
        planned = distributed_frame.map_partitions(
            plan_partition,
            planner=PLANNER,
            as_of=AS_OF,
            horizon_days=HORIZON,
            meta=partition_meta(),
        )
        result = client.compute(planned).result()
        assert len(client.scheduler_info()["workers"]) == 2
    assert rows_digest(result) == expected


# PySpark 4.3 warns that it does not fully support pandas 3; the columns it carries here are text.
@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
def test_on_spark_with_map_in_pandas(frame, monkeypatch):
    """Runs where pyspark (and Java) are installed; pyspark is not a dependency.

    `.ci/run` installs pyspark where Java is available and runs this test with
    DUNNING_REQUIRE_SPARK=1, which turns a skip into a failure.
    """
    required = os.environ.get("DUNNING_REQUIRE_SPARK") == "1"
    if importlib.util.find_spec("pyspark") is None:
        if required:
            pytest.fail("DUNNING_REQUIRE_SPARK=1 but pyspark is not installed")
        pytest.skip("pyspark is not installed")
    from pyspark.sql import SparkSession

    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # the JVM binds loopback only
    # Spark's Python workers unpickle this module's functions by name: let them import it.
    here = Path(__file__).resolve().parent
    paths = [str(here), str(here.parent), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # this interpreter, with dunning
    try:
        spark = SparkSession.builder.master("local[2]").appName("dunning-test").getOrCreate()
    except Exception as exc:  # no Java: nothing to test here  # pragma: no cover
        if required:
            raise
        pytest.skip(f"Spark cannot start: {exc}")
    try:  # pragma: no cover - needs pyspark
        # Spark reads a dot in a column name as a field of a struct: `attributes.product` travels
        # as `attributes__product` and is renamed back inside the function, as the docs show.
        source = spark.createDataFrame(frame.astype(str)).toDF(
            *(name.replace(".", "__") for name in frame.columns)
        )
        from pyspark.sql.types import StringType, StructField, StructType

        # Spark cannot infer a schema from an empty frame: every column as text, as in the docs.
        schema = StructType([StructField(name, StringType()) for name in partition_meta().columns])

        def plan_frames(frames: Iterator[Any]) -> Iterator[Any]:
            for part in frames:
                part.columns = [name.replace("__", ".") for name in part.columns]
                yield _spark_ready(
                    plan_partition(part, planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON)
                )

        planned = source.repartition(3, "debtor_id").mapInPandas(plan_frames, schema=schema)
        expected = plan_partition(frame, planner=PLANNER, as_of=AS_OF, horizon_days=HORIZON)
        # Rows, not toPandas(): pyspark 4.3's Arrow path calls a pandas 3 deprecated keyword.
        import pandas as pd

        rows = pd.DataFrame([row.asDict() for row in planned.collect()], columns=schema.names)
        assert len(rows) == len(expected)
        assert rows_digest(_nulls_as_none(rows)) == rows_digest(
            _nulls_as_none(_spark_ready(expected))
        )
    finally:  # pragma: no cover - needs pyspark
        spark.stop()


def _nulls_as_none(frame: Any) -> Any:  # pragma: no cover - needs pyspark
    """Spark gives an empty cell back as None, pandas as NaN: compare them as one."""
    plain = frame.astype(object)
    return plain.where(plain.notna(), None)


def _spark_ready(frame: Any) -> Any:  # pragma: no cover - needs pyspark
    """Spark has no Python object columns: everything as text."""
    return frame.astype(str)


@given(data=st.data())
@settings(max_examples=15, deadline=None)
def test_any_partitioning_by_debtor_gives_the_whole_plan(small_frame, data):
    """However the debtors are spread over partitions (and rows ordered within them), the rows
    together are the whole portfolio's plan."""
    frame, expected = small_frame
    ids = sorted(set(frame["debtor_id"]))
    parts = data.draw(st.integers(1, 6), label="partitions")
    where = {i: data.draw(st.integers(0, parts - 1), label=i) for i in ids}
    seed = data.draw(st.integers(0, 2**16), label="row order")
    key = frame["debtor_id"].map(where)
    pieces = [
        plan_partition(
            frame[key == k].sample(frac=1, random_state=seed),
            planner=PLANNER,
            as_of=AS_OF,
            horizon_days=HORIZON,
        )
        for k in range(parts)
    ]
    assert rows_digest(pd.concat(pieces, ignore_index=True)) == expected


@pytest.fixture(scope="module")
def small_frame(bench: ModuleType) -> tuple[Any, tuple[str, int]]:
    rows = list(bench.portfolio_rows(120, seed=11))
    frame = pd.DataFrame(rows, columns=list(bench.HEADER))
    return frame, whole_plan_digest(frame)
