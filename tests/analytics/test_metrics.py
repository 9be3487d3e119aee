"""Each metric on a small hand-built log; the expected values are worked out here by hand from
the published definition (the comments show the arithmetic), never by calling the code twice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pandas as pd
import pytest

from dunning import ChannelKind, Debt, Debtor, InputError, Money
from dunning.analytics import (
    Buckets,
    EventLog,
    aging,
    collection_effectiveness_index,
    contact_rates,
    cost_per_recovered,
    cure_rates,
    dso,
    funnel,
    opt_out_rates,
    promise_rates,
    promises,
    recovery_curves,
    roll_rate_matrix,
    roll_rates,
)
from dunning.events import (
    AgentHandoff,
    ComplaintReceived,
    ConsentRevoked,
    MessageDelivered,
    MessageFailed,
    MessageRead,
    MessageSent,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
SMS, WA, EMAIL = ChannelKind.SMS, ChannelKind.WHATSAPP, ChannelKind.EMAIL


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def clp(amount: int) -> Money:
    return Money(amount, "CLP")


def debt(
    id: str, amount: Money, due: str | None, debtor: str | None = None, issued: str | None = None
) -> Debt:
    return Debt(
        id=id,
        debtor_id=debtor or f"p-{id}",
        amount=amount,
        due_date=date.fromisoformat(due) if due else None,
        issued_on=date.fromisoformat(issued) if issued else None,
    )


def people(debts: list[Debt], **attributes: dict[str, object]) -> list[Debtor]:
    ids = sorted({d.debtor_id for d in debts})
    return [
        Debtor(id=i, name=i, country="CL", attributes=attributes.get(i.replace("-", "_"), {}))
        for i in ids
    ]


# --- aging ----------------------------------------------------------------------------------


def aging_log() -> EventLog:
    debts = [
        debt("A", clp(100_000), "2026-11-30"),  # due in 7 days: current
        debt("B", clp(50_000), "2026-11-23"),  # due today: 0 days past due, current
        debt("C", clp(80_000), "2026-11-01"),  # 22 days past due: 1-30
        debt("D", clp(60_000), "2026-10-01"),  # 53: 31-60
        debt("E", clp(40_000), "2026-08-01"),  # 114: 90+
        debt("F", clp(20_000), "2026-10-15"),  # paid in full: not open
        debt("G", Money("100.50", "USD"), "2026-11-10"),  # 13: 1-30
        debt("H", clp(10_000), None),  # no due date: current
    ]
    events = [
        PaymentReceived(at=at("2026-11-10"), debt_id="C", amount=clp(30_000)),
        PaymentReceived(at=at("2026-11-05"), debt_id="F", amount=clp(20_000)),
        # after as_of: not counted
        PaymentReceived(at=at("2026-11-24"), debt_id="D", amount=clp(60_000)),
    ]
    return EventLog(events, debts=debts, debtors=people(debts))


def test_aging_buckets_and_totals_reconcile_exactly():
    table = aging(aging_log(), as_of=AS_OF)
    got = {
        (r["currency"], r["bucket"]): (r["debts"], r["outstanding"])
        for r in table.to_dict("records")
    }
    assert got == {
        ("CLP", "current"): (3, Decimal(100_000 + 50_000 + 10_000)),
        ("CLP", "1-30"): (1, Decimal(80_000 - 30_000)),
        ("CLP", "31-60"): (1, Decimal(60_000)),
        ("CLP", "61-90"): (0, Decimal(0)),
        ("CLP", "90+"): (1, Decimal(40_000)),
        ("USD", "current"): (0, Decimal(0)),
        ("USD", "1-30"): (1, Decimal("100.50")),
        ("USD", "31-60"): (0, Decimal(0)),
        ("USD", "61-90"): (0, Decimal(0)),
        ("USD", "90+"): (0, Decimal(0)),
    }
    # The buckets sum to the outstanding balance: every amount less its payments up to as_of.
    outstanding_clp = 100_000 + 50_000 + (80_000 - 30_000) + 60_000 + 40_000 + 0 + 10_000
    clp_rows = table[table.currency == "CLP"]
    assert sum(clp_rows.outstanding, Decimal(0)) == Decimal(outstanding_clp)
    assert all(isinstance(v, Decimal) for v in table.outstanding)


def test_aging_buckets_are_configurable_and_group_by_any_column():
    table = aging(aging_log(), as_of=AS_OF, buckets=Buckets((30, 60, 90, 120)), by="currency")
    row = table[(table.currency == "CLP") & (table.bucket == "91-120")].iloc[0]
    assert (row.debts, row.outstanding) == (1, Decimal(40_000))  # E: 114 days
    assert list(table[table.currency == "CLP"].bucket) == [
        "current",
        "1-30",
        "31-60",
        "61-90",
        "91-120",
        "120+",
    ]
    with pytest.raises(InputError):
        Buckets((30, 30))


# --- funnel, contact and reply rates -------------------------------------------------------


def message_log() -> EventLog:
    debts = [
        debt("C1", clp(10_000), "2026-11-01", "a"),
        debt("C2", clp(10_000), "2026-11-01", "b"),
        debt("C3", clp(10_000), "2026-11-01", "c"),
        debt("C4", clp(10_000), "2026-11-01", "d"),
    ]
    events = [
        MessageSent(
            at=at("2026-11-20", 10), message_id="m1", debtor_id="a", channel=SMS, debt_ids=("C1",)
        ),
        MessageDelivered(at=at("2026-11-20", 10), message_id="m1", debtor_id="a", channel=SMS),
        MessageRead(at=at("2026-11-20", 11), message_id="m1", debtor_id="a", channel=SMS),
        ReplyReceived(at=at("2026-11-20", 12), debtor_id="a", channel=SMS, text="pago el martes"),
        PromiseToPay(at=at("2026-11-20", 13), debt_id="C1", promised_date=date(2026, 11, 24)),
        PaymentReceived(at=at("2026-11-22"), debt_id="C1", amount=clp(10_000)),
        MessageSent(at=at("2026-11-20", 10), message_id="m2", debtor_id="b", channel=WA),
        MessageRead(
            at=at("2026-11-20", 15), message_id="m2", debtor_id="b", channel=WA
        ),  # read implies delivered
        # b answers 10 days later: outside a 7-day window
        ReplyReceived(at=at("2026-11-30", 10), debtor_id="b", channel=WA),
        MessageFailed(
            at=at("2026-11-20", 10), message_id="m3", debtor_id="c", channel=SMS, error="bad number"
        ),
        MessageSent(at=at("2026-11-21", 10), message_id="m4", debtor_id="d", channel=SMS),
        MessageDelivered(at=at("2026-11-21", 10), message_id="m4", debtor_id="d", channel=SMS),
    ]
    return EventLog(events, debts=debts, debtors=people(debts))


def test_funnel_counts_each_stage_within_the_window():
    table = funnel(message_log(), by="channel", within_days=7).set_index("channel")
    # sms: m1 and m4 sent (m3 failed, never sent); both delivered; m1 read, replied, promised, paid
    sms = table.loc["sms"]
    assert (sms.sent, sms.delivered, sms.read, sms.replied, sms.promised, sms.paid) == (
        2,
        2,
        1,
        1,
        1,
        1,
    )
    assert sms.replied_rate == pytest.approx(1 / 2) and sms.delivered_rate == 1.0
    wa = table.loc["whatsapp"]
    assert (wa.sent, wa.delivered, wa.read, wa.replied) == (1, 1, 1, 0)


def test_contact_rate_is_reached_over_attempts_and_reply_rate_replied_over_reached():
    table = contact_rates(message_log(), by="channel", within_days=3).set_index("channel")
    # sms attempts: m1, m3 (failed), m4 = 3; reached: m1, m4 = 2; replied: m1 = 1
    assert (table.loc["sms"].attempts, table.loc["sms"].delivered, table.loc["sms"].replied) == (
        3,
        2,
        1,
    )
    assert table.loc["sms"].contact_rate == pytest.approx(2 / 3)
    assert table.loc["sms"].reply_rate == pytest.approx(1 / 2)
    overall = contact_rates(message_log(), by=None).iloc[0]
    assert overall.contact_rate == pytest.approx(3 / 4)  # m1, m2, m4 reached of m1..m4


# --- promises -------------------------------------------------------------------------------


def promise_log() -> EventLog:
    debts = [debt(x, clp(100_000), "2026-10-01", f"{x.lower()}") for x in "PQRSTU"]
    p = lambda d, when, by, amount=None: PromiseToPay(  # noqa: E731
        at=at(when),
        debt_id=d,
        promised_date=date.fromisoformat(by),
        amount=None if amount is None else clp(amount),
    )
    events = [
        ReplyReceived(at=at("2026-11-01", 9), debtor_id=x.lower(), channel=WA) for x in "PQRSTU"
    ] + [
        ReplyReceived(at=at("2026-11-02", 9), debtor_id="p", channel=WA),  # 7 contacts in all
        # P: promised 50 000 by 11-05, paid 50 000 on 11-05: kept
        p("P", "2026-11-01", "2026-11-05", 50_000),
        PaymentReceived(at=at("2026-11-05", 20), debt_id="P", amount=clp(50_000)),
        # Q: promised the balance (100 000) by 11-05, paid 100 000 on 11-07: broken with no grace,
        # kept with 2 days of grace
        p("Q", "2026-11-01", "2026-11-05"),
        PaymentReceived(at=at("2026-11-07"), debt_id="Q", amount=clp(100_000)),
        # R: promised 100 000 by 11-05, paid 60 000: broken; kept if 50 % counts
        p("R", "2026-11-01", "2026-11-05", 100_000),
        PaymentReceived(at=at("2026-11-04"), debt_id="R", amount=clp(60_000)),
        # S: promised by 11-05, replaced on 11-03 by a promise for 11-30: cancelled; the new one
        # is pending at as_of 11-23
        p("S", "2026-11-01", "2026-11-05"),
        p("S", "2026-11-03", "2026-11-30"),
        # T: promised by 11-10, nothing paid: broken
        p("T", "2026-11-01", "2026-11-10"),
    ]
    return EventLog(events, debts=debts, debtors=people(debts))


def test_promise_statuses_follow_date_grace_and_partial_payments():
    log = promise_log()
    status = lambda table: list(zip(table.debt_id, table.status, strict=True))  # noqa: E731
    assert status(promises(log, as_of=AS_OF)) == [
        ("P", "kept"),
        ("Q", "broken"),
        ("R", "broken"),
        ("S", "cancelled"),
        ("T", "broken"),
        ("S", "pending"),
    ]
    assert status(promises(log, as_of=AS_OF, grace_days=2))[1] == ("Q", "kept")
    assert status(promises(log, as_of=AS_OF, min_share="0.5"))[2] == ("R", "kept")
    # as of 11-04 nothing had come due yet except nothing; P is not yet kept (paid on 11-05)
    early = promises(log, as_of=at("2026-11-04", 23))
    assert list(early.status) == [
        "pending",
        "pending",
        "pending",
        "cancelled",
        "pending",
        "pending",
    ]


def test_promise_to_pay_and_kept_rates():
    row = promise_rates(promise_log(), as_of=AS_OF).iloc[0]
    # 6 promises over 7 two-way contacts; kept 1 (P) of came due 4 (P kept, Q, R, T broken)
    assert (row.contacts, row.promises, row.kept, row.broken, row.pending, row.cancelled) == (
        7,
        6,
        1,
        3,
        1,
        1,
    )
    assert row.ptp_rate == pytest.approx(6 / 7)
    assert row.kept_rate == pytest.approx(1 / 4)
    graced = promise_rates(promise_log(), as_of=AS_OF, grace_days=2, min_share="0.5").iloc[0]
    assert graced.kept_rate == pytest.approx(3 / 4)  # P, Q, R kept; T broken


# --- cure and self-cure ---------------------------------------------------------------------


def test_cure_and_self_cure_rates():
    debts = [debt(x, clp(10_000), "2026-10-01", x.lower()) for x in "VWXYZ"]
    debts.append(debt("N", clp(10_000), "2026-12-01", "n"))  # not delinquent at start
    start = at("2026-11-01")
    events = [
        PaymentReceived(at=at("2026-11-05"), debt_id="V", amount=clp(10_000)),  # cured, no contact
        MessageSent(at=at("2026-11-02"), message_id="w1", debtor_id="w", channel=SMS),
        PaymentReceived(
            at=at("2026-11-06"), debt_id="W", amount=clp(10_000)
        ),  # cured after a message
        PaymentReceived(at=at("2026-11-06"), debt_id="X", amount=clp(4_000)),  # partial: not cured
        PaymentReceived(at=at("2026-12-20"), debt_id="Y", amount=clp(10_000)),  # outside the window
        AgentHandoff(at=at("2026-11-08"), debtor_id="z", summary="call"),
        PaymentReceived(
            at=at("2026-11-09"), debt_id="Z", amount=clp(10_000)
        ),  # cured after a hand-off
    ]
    log = EventLog(events, debts=debts, debtors=people(debts))
    row = cure_rates(log, start=start, window_days=30).iloc[0]
    # delinquent at start: V W X Y Z (N not yet due) = 5; cured in 30 days: V W Z = 3;
    # self-cured (no message or hand-off before the cure): V = 1
    assert (row.delinquent, row.cured, row.self_cured) == (5, 3, 1)
    assert row.cure_rate == pytest.approx(3 / 5) and row.self_cure_rate == pytest.approx(1 / 5)


# --- roll rates -----------------------------------------------------------------------------


def test_roll_rate_matrix_between_snapshots():
    debts = [
        debt("r1", clp(1_000), "2026-10-20"),  # 11-01: 12 dpd (1-30); 12-01: 42 (31-60)
        debt("r2", clp(3_000), "2026-10-20"),  # 1-30 -> paid on 11-15: paid (a cure)
        debt("r3", clp(2_000), "2026-11-10"),  # 11-01 current -> 12-01: 21 dpd (1-30)
        debt("r4", clp(4_000), "2026-09-15"),  # 11-01: 47 (31-60) -> 12-01: 77 (61-90)
        debt("r5", clp(5_000), "2026-12-15"),  # current -> current
    ]
    events = [PaymentReceived(at=at("2026-11-15"), debt_id="r2", amount=clp(3_000))]
    log = EventLog(events, debts=debts, debtors=people(debts))
    rolls = roll_rates(log, snapshots=[at("2026-11-01"), at("2026-12-01")])
    got = {
        (r["from_bucket"], r["to_bucket"]): (r["debts"], r["count_share"], r["balance_share"])
        for r in rolls.to_dict("records")
    }
    assert got == {
        ("current", "current"): (1, 1 / 2, 5_000 / 7_000),
        ("current", "1-30"): (1, 1 / 2, 2_000 / 7_000),
        ("1-30", "31-60"): (1, 1 / 2, 1_000 / 4_000),
        ("1-30", "paid"): (1, 1 / 2, 3_000 / 4_000),
        ("31-60", "61-90"): (1, 1.0, 1.0),
    }
    matrix = roll_rate_matrix(rolls)
    assert matrix.loc["current", "1-30"] == pytest.approx(1 / 2)
    by_balance = roll_rate_matrix(rolls, value="balance_share")
    assert by_balance.loc["1-30", "paid"] == pytest.approx(3_000 / 4_000)
    assert matrix.loc["1-30", "31-60"] == pytest.approx(0.5) and matrix.loc["61-90", "90+"] == 0
    with pytest.raises(InputError):
        roll_rates(log, snapshots=[AS_OF])
    by_debt = roll_rates(log, snapshots=[at("2026-11-01"), at("2026-12-01")], by="debt_id")
    assert by_debt[by_debt.debt_id == "r2"][["from_bucket", "to_bucket", "count_share"]].to_dict(
        "records"
    ) == [{"from_bucket": "1-30", "to_bucket": "paid", "count_share": 1.0}]


# --- recovery curves ------------------------------------------------------------------------


def test_recovery_curve_by_placement_cohort():
    debts = [
        debt("k1", clp(10_000), "2026-09-30"),  # placed 10-01, cohort 2026-10
        debt("k2", clp(30_000), "2026-10-09"),  # placed 10-10, cohort 2026-10
        debt("k3", clp(50_000), "2026-11-19"),  # placed 11-20, cohort 2026-11
    ]
    events = [
        PaymentReceived(at=at("2026-10-05"), debt_id="k1", amount=clp(5_000)),  # day 4
        PaymentReceived(at=at("2026-10-25"), debt_id="k2", amount=clp(15_000)),  # day 15
        PaymentReceived(at=at("2026-11-21"), debt_id="k3", amount=clp(5_000)),  # day 1
    ]
    log = EventLog(events, debts=debts, debtors=people(debts))
    table = recovery_curves(log, as_of=AS_OF, days=(7, 30))
    got = {
        (r["cohort"], r["days"]): (r["debts"], r["placed"], r["collected"], r["rate"])
        for r in table.to_dict("records")
    }
    assert got == {
        ("2026-10", 7): (2, Decimal(40_000), Decimal(5_000), 5_000 / 40_000),
        ("2026-10", 30): (2, Decimal(40_000), Decimal(20_000), 20_000 / 40_000),
        # k3 placed 11-20: 7 days later is 11-27, after as_of: no point yet
    }


# --- DSO, best possible DSO, ADD, CEI ---------------------------------------------------------


def sales_log() -> EventLog:
    # Credit sales (debts issued) by month, CLP: Sep 100, Oct 300, Nov 1-23 200
    debts = [
        debt("s1", clp(100), "2026-10-10", issued="2026-09-10"),
        debt("s2", clp(300), "2026-11-15", issued="2026-10-16"),
        debt("s3", clp(200), "2026-12-05", issued="2026-11-05"),
    ]
    events = [
        PaymentReceived(at=at("2026-10-10"), debt_id="s1", amount=clp(100)),
        PaymentReceived(at=at("2026-11-01"), debt_id="s2", amount=clp(50)),
    ]
    return EventLog(events, debts=debts, debtors=people(debts))


def test_dso_countback_best_possible_and_add():
    row = dso(sales_log(), as_of=AS_OF, period_days=90).iloc[0]
    # receivables at 11-23: s1 0 + s2 250 + s3 200 = 450; current (not yet due): s3 200
    assert (row.receivables, row.current_receivables) == (Decimal(450), Decimal(200))
    # sales in the 90 days 08-26..11-23: 100 + 300 + 200 = 600
    assert row.sales == Decimal(600)
    assert row.dso == pytest.approx(450 / 600 * 90)  # CRF
    assert row.best_possible_dso == pytest.approx(200 / 600 * 90)
    assert row.average_days_delinquent == pytest.approx(450 / 600 * 90 - 200 / 600 * 90)
    # countback: 450 - Nov's 200 (23 days) = 250; Oct's sales 300 exceed 250: 31 * 250/300
    assert row.countback_dso == pytest.approx(23 + 31 * 250 / 300)
    # by debt: s3 alone owes 200 of its 200 sales, all current: DSO = 200/200 * 90, ADD 0
    s3 = dso(sales_log(), as_of=AS_OF, period_days=90, by="debt_id").set_index("debt_id").loc["s3"]
    assert s3.dso == pytest.approx(90.0) and s3.average_days_delinquent == pytest.approx(0.0)


def test_collection_effectiveness_index():
    # period 10-01 .. 11-23, N = 1 month (Oct -> Nov by calendar months)
    table = collection_effectiveness_index(sales_log(), start=at("2026-10-01"), end=AS_OF)
    row = table.iloc[0]
    # beginning AR at 10-01: s1 100 (s2 and s3 not yet issued)
    beginning = 100
    sales = 300 + 200  # issued after 10-01 through 11-23
    ending_total, ending_current = 450, 200
    n = 1
    expected = (
        (beginning + sales / n - ending_total) / (beginning + sales / n - ending_current) * 100
    )
    assert (row.beginning, row.sales, row.months) == (Decimal(beginning), Decimal(sales), n)
    assert row.cei == pytest.approx(expected)


# --- cost, opt-outs, complaints -------------------------------------------------------------


def test_cost_per_amount_recovered():
    prices = {"sms": Money("8", "CLP"), "whatsapp": Money("35", "CLP"), "email": Money("1", "CLP")}
    base = message_log()
    usd = debt("U1", Money("50.00", "USD"), "2026-11-01", "u")
    log = EventLog(
        [
            *base.events,
            MessageSent(at=at("2026-11-21"), message_id="m5", debtor_id="u", channel=SMS),
            PaymentReceived(at=at("2026-11-22"), debt_id="U1", amount=Money("20.00", "USD")),
        ],
        debts=[*base.debts, usd],
        debtors=[*base.debtors, *people([usd])],
    )
    table = cost_per_recovered(log, prices=prices, start=at("2026-11-01"), end=AS_OF)
    rows = table.set_index("currency")
    # CLP debtors: m1 sms, m2 whatsapp, m4 sms (m3 failed, not billed) = 8 + 35 + 8 = 51 CLP;
    # recovered from them: C1's 10 000 CLP
    clp_row = rows.loc["CLP"]
    assert (clp_row.messages, clp_row.cost, clp_row.recovered) == (3, Decimal(51), Decimal(10_000))
    assert clp_row.cost_per_recovered == pytest.approx(51 / 10_000)
    # the USD debtor: one sms (8 CLP) against 20.00 USD: not divided across currencies
    usd_row = rows.loc["USD"]
    assert (usd_row.messages, usd_row.cost, usd_row.cost_currency) == (1, Decimal(8), "CLP")
    assert usd_row.recovered == Decimal("20.00") and pd.isna(usd_row.cost_per_recovered)
    with pytest.raises(InputError):
        cost_per_recovered(
            log, prices={"sms": Money("8", "CLP")}, start=at("2026-11-01"), end=AS_OF
        )


def test_opt_out_and_complaint_rates():
    debts = [debt(x, clp(1), "2026-11-01", x) for x in ("a", "b", "c", "d")]
    events = [
        ConsentRevoked(
            at=at("2026-11-01"), debtor_id="d", channel=SMS
        ),  # before any message: not counted
        MessageSent(at=at("2026-11-02"), message_id="1", debtor_id="a", channel=SMS),
        MessageSent(at=at("2026-11-02"), message_id="2", debtor_id="b", channel=SMS),
        MessageSent(at=at("2026-11-02"), message_id="3", debtor_id="c", channel=WA),
        MessageSent(at=at("2026-11-02"), message_id="4", debtor_id="d", channel=SMS),
        ConsentRevoked(at=at("2026-11-03"), debtor_id="a", channel=SMS),
        ConsentRevoked(at=at("2026-11-03"), debtor_id="c", channel=None),
        ComplaintReceived(at=at("2026-11-04"), debtor_id="b", channel=SMS, text="acoso"),
    ]
    log = EventLog(events, debts=debts, debtors=people(debts))
    row = opt_out_rates(log).iloc[0]
    # contacted 4 (a b c d); opted out after a message: a, c = 2; complained: b = 1
    assert (row.contacted, row.opted_out, row.complained) == (4, 2, 1)
    assert row.opt_out_rate == pytest.approx(2 / 4) and row.complaint_rate == pytest.approx(1 / 4)
    by_channel = opt_out_rates(log, by="channel").set_index("channel")
    assert by_channel.loc["sms"].opt_out_rate == pytest.approx(1 / 3)  # a of a, b, d
    assert by_channel.loc["whatsapp"].opt_out_rate == 1.0  # c revoked every channel


def test_grouping_by_a_debtor_attribute():
    debts = [debt("g1", clp(10), "2026-11-01", "x"), debt("g2", clp(20), "2026-11-01", "y")]
    debtors = [
        Debtor(id="x", name="x", country="CL", attributes={"product": "card"}),
        Debtor(id="y", name="y", country="CL", attributes={"product": "loan"}),
    ]
    table = aging(EventLog([], debts=debts, debtors=debtors), as_of=AS_OF, by="product")
    late = table[table.debts > 0][["product", "outstanding"]].to_dict("records")
    assert late == [
        {"product": "card", "outstanding": Decimal(10)},
        {"product": "loan", "outstanding": Decimal(20)},
    ]


def test_ratios_with_an_empty_denominator_are_none():
    log = EventLog([], debts=[debt("z", clp(1), "2026-11-01")])
    row = dso(log, as_of=AS_OF).iloc[0]  # no credit sales in the period
    assert row.dso is None and row.best_possible_dso is None
    assert row.receivables == Decimal(1)
