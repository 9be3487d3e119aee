"""The dispatcher: once per id, retries with backoff, unknowns, and send-time stop conditions."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from dispatch_messages import T0, messages

from dunning import (
    Debt,
    Dispatcher,
    Money,
    NotOnChannelError,
    OptedOutError,
    OutboxState,
    PermanentError,
    RetryableError,
)
from dunning.channels import MemoryChannel
from dunning.events import (
    ConsentRevoked,
    DisputeOpened,
    LegalActionStarted,
    MessageFailed,
    MessageSent,
    PaymentReceived,
)


def dispatcher(outbox, channel, **kw):
    kw.setdefault("rng", random.Random(7))
    kw.setdefault("clock", lambda: 0.0)  # a frozen clock: every send happens at the call's now
    return Dispatcher({"sms": channel}, outbox, **kw, check_policy=False)


def test_only_due_messages_are_sent_and_each_only_once(outbox):
    channel = MemoryChannel("sms")
    d = dispatcher(outbox, channel)
    late = messages(1, start=9)[0].model_copy(update={"send_at": T0 + timedelta(hours=2)})
    assert d.add([*messages(2), late]) == 3

    report = d.dispatch(as_of=T0)
    assert report.sent == ("m-0", "m-1")
    assert [type(e) for e in report.events] == [MessageSent, MessageSent]
    assert report.events[0].debt_ids == ("F-1001",)
    assert d.dispatch(as_of=T0 + timedelta(hours=1)).sent == ()
    assert d.add(messages(2)) == 0  # re-planning does not queue them again
    assert d.dispatch(as_of=T0 + timedelta(hours=2)).sent == ("m-9",)
    assert [m.id for m in channel.sent] == ["m-0", "m-1", "m-9"]
    assert outbox.get("m-0").provider_id == "memory-1"


def test_a_retryable_failure_is_retried_later_with_backoff_then_sent(outbox):
    channel = MemoryChannel(
        "sms",
        fail_with={"m-0": [RetryableError("throttled", retry_after=120.0), RetryableError("503")]},
    )
    d = dispatcher(outbox, channel, backoff_base=10, backoff_cap=60)
    d.add(messages(1))

    first = d.dispatch(as_of=T0)
    assert first.rescheduled == ("m-0",) and first.events == ()
    item = outbox.get("m-0")
    assert item.state == OutboxState.PENDING and item.attempts == 1
    assert item.next_attempt_at >= T0 + timedelta(seconds=120)  # Retry-After honoured
    assert d.dispatch(as_of=T0 + timedelta(seconds=119)).rescheduled == ()

    second = d.dispatch(as_of=item.next_attempt_at)
    assert second.rescheduled == ("m-0",)
    retry_at = outbox.get("m-0").next_attempt_at
    assert retry_at <= item.next_attempt_at + timedelta(seconds=20)  # capped, jittered

    assert d.dispatch(as_of=retry_at).sent == ("m-0",)
    assert len(channel.attempts) == 3 and len(channel.sent) == 1
    assert outbox.get("m-0").attempts == 3


def test_backoff_is_full_jitter_under_the_cap_and_reproducible():
    a = Dispatcher(
        {}, None, backoff_base=1, backoff_cap=8, rng=random.Random(1), check_policy=False
    )
    b = Dispatcher(
        {}, None, backoff_base=1, backoff_cap=8, rng=random.Random(1), check_policy=False
    )
    delays = [a.backoff(n) for n in range(1, 10)]
    assert delays == [b.backoff(n) for n in range(1, 10)]
    assert all(0 < x <= 8 for x in delays)
    assert a.backoff(1, retry_after=30) == 30


def test_retries_stop_at_max_attempts_with_a_message_failed(outbox):
    channel = MemoryChannel("sms", fail_with={"m-0": RetryableError("down")})
    d = dispatcher(outbox, channel, max_attempts=3, backoff_base=1, backoff_cap=1)
    d.add(messages(1))
    now = T0
    outcomes = []
    for _ in range(5):
        report = d.dispatch(as_of=now)
        outcomes.append((report.rescheduled, report.failed))
        now += timedelta(seconds=2)
    assert outcomes[:3] == [(("m-0",), ()), (("m-0",), ()), ((), ("m-0",))]
    assert outcomes[3:] == [((), ()), ((), ())]
    assert len(channel.attempts) == 3
    item = outbox.get("m-0")
    assert item.state == OutboxState.FAILED and "gave up after 3 attempts" in item.last_error


def test_a_permanent_failure_is_recorded_and_never_retried(outbox):
    channel = MemoryChannel(
        "sms",
        fail_with={
            "m-0": PermanentError("invalid number", provider_code=21211),
            "m-1": NotOnChannelError("landline", provider_code=21614),
        },
    )
    d = dispatcher(outbox, channel)
    d.add(messages(2))
    report = d.dispatch(as_of=T0)
    assert report.failed == ("m-0", "m-1")
    assert [type(e) for e in report.events] == [MessageFailed, MessageFailed]
    assert "21211" in report.events[0].error
    assert "no fallback without a planner" in report.events[1].error
    assert d.dispatch(as_of=T0 + timedelta(days=1)).failed == ()
    assert len(channel.attempts) == 2


def test_an_opt_out_at_the_provider_gives_the_consent_revoked(outbox):
    channel = MemoryChannel("sms", fail_with={"m-0": OptedOutError("STOP", provider_code=21610)})
    d = dispatcher(outbox, channel)
    d.add(messages(1))
    report = d.dispatch(as_of=T0)
    failed, revoked = report.events
    assert isinstance(failed, MessageFailed)
    assert revoked == ConsentRevoked(at=T0, debtor_id="c-1", channel="sms")


def test_a_send_that_may_have_reached_the_provider_is_unknown_and_not_resent(outbox):
    channel = MemoryChannel(
        "sms", fail_with={"m-0": [RetryableError("read timeout", may_have_sent=True)]}
    )
    d = dispatcher(outbox, channel)
    d.add(messages(1))
    report = d.dispatch(as_of=T0)
    assert report.unknown == ("m-0",) and report.events == ()
    assert d.dispatch(as_of=T0 + timedelta(days=1)).unknown == ()
    assert len(channel.attempts) == 1 and channel.sent == []
    assert outbox.get("m-0").state == OutboxState.UNKNOWN


def test_a_crash_before_the_attempt_started_sends_the_message_after_the_lease(outbox):
    channel = MemoryChannel("sms")
    d = dispatcher(outbox, channel, lease_seconds=60)
    d.add(messages(2))
    outbox.claim(
        as_of=T0, limit=1, lease_seconds=60, worker="crashed-worker"
    )  # claimed m-0, died before calling the provider
    assert d.dispatch(as_of=T0 + timedelta(seconds=30)).sent == ("m-1",)  # lease still running
    report = d.dispatch(as_of=T0 + timedelta(seconds=61))
    assert report.sent == ("m-0",) and report.unknown == ()
    assert [m.id for m in channel.attempts] == ["m-1", "m-0"]


def test_a_crash_between_the_attempt_and_the_record_makes_it_unknown_not_resent(outbox):
    channel = MemoryChannel("sms")
    d = dispatcher(outbox, channel, lease_seconds=60)
    d.add(messages(2))
    outbox.claim(as_of=T0, limit=1, lease_seconds=60, worker="crashed-worker")  # claimed m-0,
    assert outbox.begin_attempt("m-0", "crashed-worker")  # called the provider, then died
    assert d.dispatch(as_of=T0 + timedelta(seconds=30)).sent == ("m-1",)  # lease still running
    report = d.dispatch(as_of=T0 + timedelta(seconds=61))
    assert report.unknown == ("m-0",) and report.sent == ()
    assert [m.id for m in channel.attempts] == ["m-1"]
    item = outbox.get("m-0")
    assert item.state == OutboxState.UNKNOWN and "crashed-worker" in item.last_error


def paid_debt(outstanding: str = "45000") -> Debt:
    return Debt(
        id="F-1001",
        debtor_id="c-1",
        amount=Money(Decimal("45000"), "CLP"),
        outstanding=Money(Decimal(outstanding), "CLP"),
        due_date=T0.date(),
    )


@pytest.mark.parametrize(
    ("history", "debts", "reason"),
    [
        (
            [PaymentReceived(at=T0, debt_id="F-1001", amount=Money(Decimal("45000"), "CLP"))],
            [],
            "stopped: paid: debt F-1001 is paid in full",
        ),
        (
            [PaymentReceived(at=T0, debt_id="F-1001", amount=Money(Decimal("5000"), "CLP"))],
            [paid_debt("5000")],
            "stopped: paid: debt F-1001 is paid in full",
        ),
        (
            [],
            [paid_debt().model_copy(update={"status": "paid"})],
            "stopped: paid: debt F-1001 is paid in full",
        ),
        (
            [DisputeOpened(at=T0, debt_id="F-1001")],
            [],
            "stopped: disputed: debt F-1001 is disputed since 2026-11-23",
        ),
        (
            [LegalActionStarted(at=T0, debtor_id="c-1")],
            [],
            "stopped: legal_action: legal action started 2026-11-23: extrajudicial collection "
            "stops",
        ),
        (
            [ConsentRevoked(at=T0, debtor_id="c-1", channel=None)],
            [],
            "stopped: opted_out: the debtor revoked consent for sms",
        ),
    ],
)
def test_a_stop_that_arrived_after_planning_skips_the_send_with_its_reason(
    outbox, history, debts, reason
):
    channel = MemoryChannel("sms")
    d = dispatcher(outbox, channel)
    d.add(messages(1))
    report = d.dispatch(as_of=T0, history=history, debts=debts)
    assert report.skipped == {"m-0": reason}
    assert report.failed == ("m-0",) and report.sent == () and report.events == ()
    assert channel.attempts == []
    item = outbox.get("m-0")
    assert (item.state, item.last_error) == (OutboxState.FAILED, reason)


def test_a_partial_payment_or_another_channels_opt_out_does_not_stop_it(outbox):
    channel = MemoryChannel("sms")
    d = dispatcher(outbox, channel)
    d.add(messages(1))
    history = [
        PaymentReceived(at=T0, debt_id="F-1001", amount=Money(Decimal("100"), "CLP")),
        ConsentRevoked(at=T0, debtor_id="c-1", channel="email"),
    ]
    assert d.dispatch(as_of=T0, history=history, debts=[paid_debt()]).sent == ("m-0",)


def test_a_message_for_a_channel_without_adapter_fails_with_a_reason(outbox):
    d = Dispatcher({}, outbox, check_policy=False)
    d.add(messages(1))
    report = d.dispatch(as_of=T0)
    assert report.failed == ("m-0",)
    assert report.events[0].error == "no channel configured for sms"


def test_limit_bounds_the_work_of_one_call(outbox):
    d = dispatcher(outbox, MemoryChannel("sms"), batch_size=3)
    d.add(messages(10))
    assert len(d.dispatch(as_of=T0, limit=7).sent) == 7
    assert len(d.dispatch(as_of=T0).sent) == 3


def test_unrendered_messages_of_a_render_days_plan_are_refused_whole(outbox):
    """Planner(render_days=1) leaves the later messages without text; adding them to the outbox
    is refused at once (nothing added), not failed one by one at their send time."""
    from datetime import UTC, date, datetime

    from dunning import Creditor, Debtor, InputError, Planner, default_strategy
    from dunning.templates import TemplateEngine

    planner = Planner(
        default_strategy(),
        creditor=Creditor(name="Tienda Sur"),
        templates=TemplateEngine(),
        render_days=1,
    )
    ana = Debtor(id="c-1", name="Ana", country="MX", email="ana@example.com")
    debt = Debt(
        id="inv-1", debtor_id="c-1", amount=Money("3000", "MXN"), due_date=date(2026, 11, 23)
    )
    as_of = datetime(2026, 11, 22, 12, tzinfo=UTC)
    plan = planner.plan([ana], [debt], as_of=as_of, horizon_days=14)
    d = Dispatcher({"email": MemoryChannel("email")}, outbox, planner=planner, check_policy=False)
    with pytest.raises(InputError, match="no rendered content") as caught:
        d.add(plan)
    unrendered = [m.id for m in plan if m.content is None]
    assert unrendered and caught.value.value == unrendered
    assert outbox.get(plan.messages[0].id) is None  # nothing was added
    due = [m for m in plan if m.send_at < as_of + timedelta(days=1)]
    assert due and d.add(due) == len(due)
