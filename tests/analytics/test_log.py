"""The event-log reader: memory, the outbox's SQLite file, DataFrames, Parquet and JSON lines,
joined to debts and debtors; bad input is a typed error."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from dunning import InputError, Planner, PortfolioError, SQLiteOutbox, default_strategy
from dunning._cli._sample import sample_portfolio
from dunning._planning._ports import SendResult
from dunning.analytics import EventLog, aging, funnel
from dunning.events import MessageFailed, MessageSent, PaymentReceived

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_import_dunning_does_not_import_pandas_or_matplotlib():
    code = (
        "import sys, dunning, dunning.events; "
        "print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_outbox_rows_become_planned_sent_and_failed_messages(tmp_path):
    sample = sample_portfolio()
    plan = Planner(default_strategy(), creditor=sample.creditor).plan(
        sample.debtors, sample.debts, as_of=sample.as_of, horizon_days=3, history=sample.history
    )
    messages = list(plan.messages)
    assert len(messages) >= 3
    path = tmp_path / "outbox.sqlite"
    with SQLiteOutbox(path) as outbox:
        outbox.add(messages)
        first, second = messages[0], messages[1]
        sent_at = AS_OF + timedelta(hours=1)
        outbox.mark_sent(
            first.id,
            SendResult(
                message_id=first.id, channel=first.channel, provider_id="p-1", status="queued"
            ),
            at=sent_at,
        )
        outbox.mark_failed(second.id, "invalid number", True)
    log = EventLog.from_outbox(path, debts=sample.debts, debtors=sample.debtors)
    assert len(log.planned) == len(messages)
    assert {p.message_id for p in log.planned} == {m.id for m in messages}
    sent = [e for e in log.events if isinstance(e, MessageSent)]
    failed = [e for e in log.events if isinstance(e, MessageFailed)]
    assert [(e.message_id, e.at) for e in sent] == [(first.id, sent_at)]
    assert [(e.message_id, e.error) for e in failed] == [(second.id, "invalid number")]
    table = funnel(log, by=["channel", "stage"])
    assert table.planned.sum() == len(messages) and table.sent.sum() == 1
    stage = first.stage.value
    row = table[(table.channel == first.channel.value) & (table.stage == stage)].iloc[0]
    assert row.sent == 1


def test_a_missing_or_foreign_outbox_file_is_a_typed_error(tmp_path):
    with pytest.raises(InputError):
        EventLog.from_outbox(tmp_path / "nope.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 10)
    with pytest.raises(InputError):
        EventLog.from_outbox(junk)


def test_frame_parquet_and_jsonl_round_trips_keep_money_exact(tmp_path):
    sample = sample_portfolio()
    log = EventLog(sample.history, debts=sample.debts, debtors=sample.debtors)
    frame = log.to_frame()
    assert {"kind", "at", "amount", "currency"} <= set(frame.columns)
    assert all(isinstance(v, Decimal) for v in frame.amount.dropna())
    again = EventLog.from_frame(frame, debts=sample.debts, debtors=sample.debtors)
    assert list(again.events) == list(log.events)
    log.to_parquet(tmp_path / "events.parquet")
    from_parquet = EventLog.from_parquet(tmp_path / "events.parquet", debts=sample.debts)
    assert list(from_parquet.events) == list(log.events)
    log.write_jsonl(tmp_path / "log.jsonl")
    read = EventLog.read_jsonl(tmp_path / "log.jsonl")
    assert list(read.events) == list(log.events)
    assert list(read.debts) == list(log.debts) and list(read.debtors) == list(log.debtors)
    a = aging(log, as_of=sample.as_of)
    b = aging(read, as_of=sample.as_of)
    assert a.equals(b)


def test_the_log_is_joined_to_debts_and_debtors():
    sample = sample_portfolio()
    log = EventLog(sample.history, debts=sample.debts, debtors=sample.debtors)
    debt = log.debt("d002-1")
    assert debt is not None
    # the sample pays half of d002-1 two days before as_of
    assert log.balance("d002-1", at=sample.as_of) == debt.amount.amount - debt.amount.amount // 2
    dims = log.dimensions(debt)
    assert dims["country"] == "CL" and dims["product"] in {"card", "loan"}


def test_bad_input_is_a_typed_error(tmp_path):
    sample = sample_portfolio()
    with pytest.raises(PortfolioError):
        EventLog([], debts=[*sample.debts, sample.debts[0]])
    with pytest.raises(InputError):  # a payment in another currency than its debt
        EventLog(
            [
                PaymentReceived(
                    at=AS_OF, debt_id="d001-1", amount={"amount": "1", "currency": "USD"}
                )
            ],
            debts=sample.debts,
        )
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "message_sent"}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        EventLog.read_jsonl(bad)
    assert info.value.row == 1
