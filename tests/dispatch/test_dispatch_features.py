"""Rate limits, channel fallback, the asyncio dispatcher, reconciliation and new send-time stops."""

from __future__ import annotations

import asyncio
import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from dispatch_messages import T0, messages

from dunning import (
    AsyncDispatcher,
    Dispatcher,
    InputError,
    Money,
    NotOnChannelError,
    OutboxState,
    Planner,
    RateLimit,
    RetryableError,
    default_strategy,
)
from dunning._dispatch._rate import _Bucket
from dunning._planning._strategy import Stage
from dunning.channels import AsyncMemoryChannel, MemoryChannel
from dunning.events import (
    ConsentRevoked,
    MessageDelivered,
    MessageFailed,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReported,
    PlanInstallment,
    PromiseToPay,
)

sys.path.insert(0, str(Path(__file__).parents[1]))
from builders import CREDITOR, debtor


class FakeClock:
    """Monotonic seconds that only move when the dispatcher sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sends: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


# --- rate limiting -------------------------------------------------------------------------


def test_a_bucket_allows_the_burst_then_spaces_sends_at_the_rate():
    clock = FakeClock()
    bucket = _Bucket(RateLimit(per_second=2, burst=3), clock)
    waits = [bucket.reserve() for _ in range(6)]
    assert waits == [0, 0, 0, 0.5, 1.0, 1.5]
    clock.now = 10.0  # idle for long: the bucket refills to the burst, no more
    assert [bucket.reserve() for _ in range(4)] == [0, 0, 0, 0.5]


@pytest.mark.parametrize(("rate", "burst", "n"), [(1, 1, 10), (5, 2, 40), (0.5, 4, 12)])
def test_the_dispatcher_never_sends_faster_than_the_channel_limit(outbox, rate, burst, n):
    clock = FakeClock()
    stamps: list[float] = []

    class Timed(MemoryChannel):
        def send(self, message):
            stamps.append(clock.now)
            return super().send(message)

    d = Dispatcher(
        {"sms": Timed("sms")},
        outbox,
        rate_limits={"sms": RateLimit(per_second=rate, burst=burst)},
        clock=clock,
        sleep=clock.sleep,
        lease_seconds=10_000,
        check_policy=False,
    )
    d.add(messages(n))
    assert len(d.dispatch(as_of=T0).sent) == n
    # Token bucket: in any window of length t at most burst + rate * t sends.
    for i in range(n):
        for j in range(i, n):
            assert j - i + 1 <= burst + rate * (stamps[j] - stamps[i]) + 1e-9
    assert stamps[-1] == pytest.approx((n - burst) / rate)


def test_limits_are_per_channel_and_a_number_means_messages_per_second(outbox):
    clock = FakeClock()
    d = Dispatcher(
        {"sms": MemoryChannel("sms"), "email": MemoryChannel("email")},
        outbox,
        rate_limits={"sms": 1},
        clock=clock,
        sleep=clock.sleep,
        check_policy=False,
    )
    d.add(messages(3, "email") + messages(3, "sms", start=3))
    d.dispatch(as_of=T0)
    assert clock.now == pytest.approx(2.0)  # only the 2nd and 3rd SMS waited
    assert d.rate_limits == {"sms": RateLimit(per_second=1.0, burst=1)}


def test_a_limit_too_slow_for_the_lease_is_refused(outbox):
    with pytest.raises(InputError, match="lease") as info:
        Dispatcher(
            {"sms": MemoryChannel("sms")}, outbox, rate_limits={"sms": 0.1}, check_policy=False
        )
    assert info.value.field == "batch_size"
    with pytest.raises(InputError, match="per_second"):
        RateLimit(per_second=0)


# --- fallback ------------------------------------------------------------------------------


def fallback_setup(outbox, *, channels=("sms", "whatsapp", "email"), email="ana@example.cl"):
    ana = debtor("c-1", phone="+56961234567", email=email, channels=channels)
    planner = Planner(default_strategy(), creditor=CREDITOR)
    whatsapp = MemoryChannel(
        "whatsapp", fail_with={"m-0": NotOnChannelError("not on WhatsApp", provider_code=131026)}
    )
    sms, mail = MemoryChannel("sms"), MemoryChannel("email")
    d = Dispatcher(
        {"whatsapp": whatsapp, "sms": sms, "email": mail},
        outbox,
        planner=planner,
        rng=random.Random(1),
    )
    d.add(messages(1, "whatsapp"))
    return d, ana, whatsapp, sms, mail


# 12:00 UTC on a Monday is 09:00 in Santiago: inside every Chilean window.
def test_a_number_not_on_whatsapp_falls_back_to_sms_in_the_same_run(outbox):
    d, ana, _, sms, mail = fallback_setup(outbox)
    report = d.dispatch(as_of=T0, debtors=[ana])
    assert report.fallbacks == {"m-0": "m-0~sms"}
    assert report.failed == ("m-0",) and report.sent == ("m-0~sms",)
    [replacement] = sms.sent
    assert replacement.channel == "sms" and replacement.to == "+56961234567"
    assert replacement.content is not None and replacement.content.channel == "sms"
    assert "Ana" in replacement.content.text  # re-rendered for SMS with the built-in pack
    assert "fell back from whatsapp to sms" in replacement.explain[-1]
    failed = next(e for e in report.events if isinstance(e, MessageFailed))
    assert "falling back to sms: m-0~sms" in failed.error
    assert mail.sent == []
    # Nothing more the next time: both rows are settled.
    assert len(d.dispatch(as_of=T0 + timedelta(hours=1), debtors=[ana])) == 0


def test_fallback_skips_a_channel_the_debtor_opted_out_of(outbox):
    d, ana, _, sms, mail = fallback_setup(outbox)
    stop_sms = ConsentRevoked(at=T0 - timedelta(days=1), debtor_id="c-1", channel="sms")
    report = d.dispatch(as_of=T0, debtors=[ana], history=[stop_sms])
    assert report.fallbacks == {"m-0": "m-0~email"}
    assert sms.sent == [] and [m.to for m in mail.sent] == ["ana@example.cl"]
    assert mail.sent[0].content.subject  # an e-mail, rendered as one


def test_when_no_channel_is_left_the_reason_lists_each_one(outbox):
    d, ana, _, sms, mail = fallback_setup(outbox, email=None)
    stop_sms = ConsentRevoked(at=T0 - timedelta(days=1), debtor_id="c-1", channel="sms")
    report = d.dispatch(as_of=T0, debtors=[ana], history=[stop_sms])
    assert report.fallbacks == {} and sms.sent == mail.sent == []
    error = outbox.get("m-0").last_error
    assert (
        "sms: stopped: opted_out: the debtor revoked consent for sms" in error
        and "email: no address" in error
    )


def test_without_its_debtor_a_message_is_held_not_sent_unchecked(outbox):
    d, _, whatsapp, sms, _ = fallback_setup(outbox)
    report = d.dispatch(as_of=T0)  # debtors not given: its policy cannot be checked
    assert list(report.held) == ["m-0"] and "debtor 'c-1' was not given" in report.held["m-0"]
    assert whatsapp.attempts == [] and sms.sent == []
    assert outbox.get("m-0").state == OutboxState.PENDING and outbox.get("m-0").attempts == 0


def test_no_fallback_without_the_debtor_and_the_reason_says_so(outbox):
    d, _, _, sms, _ = fallback_setup(outbox)
    d.check_policy = False  # the documented opt-out: stops and validity only
    report = d.dispatch(as_of=T0)  # debtors not given
    assert report.fallbacks == {} and sms.sent == []
    assert "pass the debtors" in outbox.get("m-0").last_error


def test_fallback_can_be_switched_off(outbox):
    d, ana, *_ = fallback_setup(outbox)
    d.fallback = ()
    assert d.dispatch(as_of=T0, debtors=[ana]).fallbacks == {}
    assert "no fallback configured" in outbox.get("m-0").last_error


# --- asyncio -------------------------------------------------------------------------------


def test_the_async_dispatcher_sends_each_message_once_with_bounded_concurrency(outbox):
    in_flight = 0
    peak = 0

    class Slow(AsyncMemoryChannel):
        async def send(self, message):
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.001)
            in_flight -= 1
            return await super().send(message)

    channel = Slow("sms", fail_with={"m-3": [RetryableError("busy", retry_after=60)]})
    d = AsyncDispatcher(
        {"sms": channel}, outbox, concurrency=4, rng=random.Random(3), check_policy=False
    )
    d.add(messages(30))
    report = asyncio.run(d.dispatch(as_of=T0))
    assert len(report.sent) == 29 and report.rescheduled == ("m-3",)
    assert 1 < peak <= 4
    assert asyncio.run(d.dispatch(as_of=T0 + timedelta(seconds=30))).sent == ()
    assert asyncio.run(d.dispatch(as_of=T0 + timedelta(hours=2))).sent == ("m-3",)
    assert sorted(m.id for m in channel.sent) == sorted(f"m-{i}" for i in range(30))


def test_the_async_dispatcher_rate_limits_with_its_sleep(outbox):
    clock = FakeClock()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    d = AsyncDispatcher(
        {"sms": AsyncMemoryChannel("sms")},
        outbox,
        rate_limits={"sms": RateLimit(per_second=10, burst=2)},
        clock=clock,
        sleep=sleep,
        check_policy=False,
    )
    d.add(messages(5))
    assert len(asyncio.run(d.dispatch(as_of=T0)).sent) == 5
    assert slept == pytest.approx([0.1, 0.2, 0.3])  # reservations queue behind the burst


def test_two_async_dispatchers_on_one_outbox_never_send_an_id_twice(tmp_path):
    from dunning import SQLiteOutbox

    path = tmp_path / "shared.db"
    channel = AsyncMemoryChannel("sms")

    async def both() -> None:
        boxes = [SQLiteOutbox(path), SQLiteOutbox(path)]
        boxes[0].add(messages(300))
        workers = [
            AsyncDispatcher({"sms": channel}, box, worker=f"w{i}", batch_size=7, check_policy=False)
            for i, box in enumerate(boxes)
        ]
        await asyncio.gather(*(w.dispatch(as_of=T0) for w in workers))

    asyncio.run(both())
    ids = [m.id for m in channel.sent]
    assert len(ids) == len(set(ids)) == 300


# --- reconciliation ------------------------------------------------------------------------


def test_status_callbacks_settle_unknown_messages_and_nothing_else(outbox):
    channel = MemoryChannel(
        "sms",
        fail_with={
            "m-0": RetryableError("timeout", may_have_sent=True),
            "m-1": RetryableError("timeout", may_have_sent=True),
        },
    )
    d = Dispatcher({"sms": channel}, outbox, check_policy=False)
    d.add(messages(3))
    assert d.dispatch(as_of=T0).unknown == ("m-0", "m-1")
    changed = d.reconcile(
        [
            MessageDelivered(at=T0, message_id="m-0", debtor_id="c-1", channel="sms"),
            MessageFailed(at=T0, message_id="m-1", debtor_id="c-1", channel="sms", error="30005"),
            MessageDelivered(at=T0, message_id="m-2", debtor_id="c-1", channel="sms"),  # was sent
            MessageSent(at=T0, message_id="nope", debtor_id="c-1", channel="sms"),
        ]
    )
    assert changed == {"m-0": OutboxState.SENT, "m-1": OutboxState.FAILED}
    states = {i.id: i.state for i in outbox.items()}
    assert states == {"m-0": "sent", "m-1": "failed", "m-2": "sent"}
    assert "30005" in outbox.get("m-1").last_error


def test_a_person_can_requeue_an_unknown_the_provider_never_got(outbox):
    channel = MemoryChannel("sms", fail_with={"m-0": [RetryableError("t", may_have_sent=True)]})
    d = Dispatcher({"sms": channel}, outbox, check_policy=False)
    d.add(messages(1))
    d.dispatch(as_of=T0)
    assert outbox.resolve("m-0", "pending", "checked the Twilio console: not there")
    assert d.dispatch(as_of=T0 + timedelta(minutes=1)).sent == ("m-0",)
    assert not outbox.resolve("m-0", "pending", "again")  # only unknown rows
    with pytest.raises(InputError, match="resolves to"):
        outbox.resolve("m-0", "sending", "no")


# --- stops that arrive from conversations --------------------------------------------------


AT = T0 - timedelta(hours=1)


@pytest.mark.parametrize(
    ("event", "stage", "reason"),
    [
        (
            PromiseToPay(at=AT, debt_id="F-1001", promised_date=date(2026, 11, 27)),
            Stage.DUE,
            "stopped: promise_active: the debtor promised to pay debt F-1001 by 2026-11-27",
        ),
        (
            PaymentReported(at=AT, debt_id="F-1001", pause_until=date(2026, 11, 25)),
            Stage.PROMISE_REMINDER,
            "stopped: payment_reported: the debtor reported paying debt F-1001 on 2026-11-23; "
            "reminders pause through 2026-11-25 while it is verified",
        ),
        (
            PaymentPlanAccepted(
                at=AT,
                debtor_id="c-1",
                plan_id="plan-1",
                debt_ids=("F-1001",),
                installments=(
                    PlanInstallment(
                        number=1, due_date=date(2026, 12, 1), amount=Money(Decimal(45000), "CLP")
                    ),
                ),
            ),
            Stage.DUE,
            "stopped: payment_plan: payment plan plan-1 for debt F-1001, accepted on 2026-11-23, "
            "replaces the cadence through 2026-12-02",
        ),
    ],
)
def test_conversation_outcomes_after_planning_stop_the_send(outbox, event, stage, reason):
    channel = MemoryChannel("sms")
    d = Dispatcher({"sms": channel}, outbox, check_policy=False)
    [message] = messages(1)
    d.add([message.model_copy(update={"stage": stage})])
    report = d.dispatch(as_of=T0, history=[event])
    assert report.skipped == {"m-0": reason} and channel.attempts == []


def test_after_its_last_installment_an_unpaid_plan_no_longer_stops_the_cadence(outbox):
    channel = MemoryChannel("sms")
    d = Dispatcher({"sms": channel}, outbox, check_policy=False)
    d.add(messages(1))
    plan = PaymentPlanAccepted(
        at=AT - timedelta(days=60),
        debtor_id="c-1",
        plan_id="old",
        debt_ids=("F-1001",),
        installments=(
            PlanInstallment(
                number=1, due_date=date(2026, 10, 1), amount=Money(Decimal(45000), "CLP")
            ),
        ),
    )
    assert d.dispatch(as_of=T0, history=[plan]).sent == ("m-0",)  # the planner resumed it too


def test_a_promise_reminder_still_goes_out_during_the_promise(outbox):
    channel = MemoryChannel("sms")
    d = Dispatcher({"sms": channel}, outbox, check_policy=False)
    [message] = messages(1)
    d.add([message.model_copy(update={"stage": Stage.PROMISE_REMINDER})])
    promise = PromiseToPay(at=AT, debt_id="F-1001", promised_date=date(2026, 11, 23))
    assert d.dispatch(as_of=T0, history=[promise]).sent == ("m-0",)


def test_messages_given_to_dispatch_are_added_first(outbox):
    d = Dispatcher({"sms": MemoryChannel("sms")}, outbox, check_policy=False)
    assert d.dispatch(as_of=T0, messages=messages(2)).sent == ("m-0", "m-1")
    assert d.dispatch(as_of=T0, messages=messages(2)).sent == ()


def test_a_fallback_text_must_show_what_the_law_asks(outbox):
    """Falling back re-renders the message for the new channel: a text that leaves out what
    every message must show in the debtor's market (Chile, art. 37: who collects) is not sent,
    as the planner would not have planned it."""
    from dunning.templates import RenderedContent, TemplateEngine

    class Forgetful:
        """Renders like the built-in packs, but its SMS leaves the creditor's name out."""

        def render_message(self, message, debtor, creditor):
            content = TemplateEngine().render_message(message, debtor, creditor)
            if message.channel != "sms":
                return content
            return RenderedContent(
                channel=content.channel,
                locale=content.locale,
                template=content.template,
                text=content.text.replace(creditor.name, "we"),
            )

    d, ana, _, sms, mail = fallback_setup(outbox)
    d.planner = d.planner.replace(templates=Forgetful())
    report = d.dispatch(as_of=T0, debtors=[ana])
    assert sms.sent == [] and report.fallbacks == {"m-0": "m-0~email"}
    assert "Tienda Sur" in mail.sent[0].content.text


def test_no_fallback_to_a_channel_whose_required_creditor_data_is_missing(outbox):
    """Brazil (CDC art. 42-A) wants the creditor's address in every message: a creditor without
    one gets no SMS fallback, and the reason says why."""
    from dunning import Debtor

    joao = Debtor(
        id="c-1",
        name="João",
        country="BR",
        phone="+5521961234567",
        consents=debtor("c-1", channels=("sms", "whatsapp")).consents,
    )
    d, _, _, sms, _ = fallback_setup(outbox)
    report = d.dispatch(as_of=T0, debtors=[joao])
    assert report.fallbacks == {} and sms.sent == []
    error = outbox.get("m-0").last_error
    assert "sms:" in error and "address" in error and "42-A" in error
