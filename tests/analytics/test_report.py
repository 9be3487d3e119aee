"""The HTML report of the demo portfolio played forward, rendered by the CLI and looked at in a
real headless browser (a screenshot is taken and checked)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from dunning._cli import main
from dunning._cli._playforward import DEMO_EXPERIMENT, played_forward
from dunning.analytics import EventLog
from dunning.events import MessageSent, PaymentReceived

BROWSER = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)


@pytest.fixture(scope="module")
def log() -> EventLog:
    return played_forward(3)


def test_the_played_forward_demo_is_deterministic_and_rich(log):
    again = played_forward(3)
    assert list(again.events) == list(log.events)
    kinds = {e.kind for e in log.events}
    assert {
        "message_sent",
        "message_delivered",
        "message_read",
        "reply_received",
        "promise_to_pay",
        "payment_received",
        "arm_assigned",
    } <= kinds
    # the holdout gets no message
    held = {d.id for d in log.debtors if DEMO_EXPERIMENT.arm(d.id) == "holdout"}
    assert not [
        e
        for e in log.events
        if isinstance(e, MessageSent) and e.debtor_id in held and e.message_id != "msg_sample_1"
    ]
    # money stays in the debt's currency and never overpays
    for debt in log.debts:
        paid = sum(
            (
                p.amount.amount
                for p in log.events
                if isinstance(p, PaymentReceived) and p.debt_id == debt.id
            ),
            Decimal(0),
        )
        assert paid <= debt.amount.amount


def test_report_html_renders_in_a_headless_browser(log, tmp_path, capsys):
    events = tmp_path / "events.jsonl"
    log.write_jsonl(events)
    out = tmp_path / "report.html"
    assert main(["report", str(events), "--html", str(out), "--weeks", "3"]) == 0
    page = out.read_text(encoding="utf-8")
    for title in (
        "Aging",
        "Funnel by channel",
        "Roll rates",
        "Recovery by placement cohort",
        "Promises to pay",
        "Cure and self-cure",
        "Experiment early-reminder",
        "Sends by local hour",
    ):
        assert f"<h2>{title}</h2>" in page
    assert page.count("data:image/png;base64,") == 5
    assert "http://" not in page and "https://" not in page and "<script" not in page
    # the aging table reconciles: per currency its rows add up to the debts' open balances
    as_of = log.events[-1].at
    rows = re.findall(
        r"<tr><td>([A-Z]{3})</td><td>[^<]*</td><td>\d+</td><td>([0-9.]+)</td></tr>", page
    )
    shown: dict[str, Decimal] = {}
    for currency, amount in rows:
        shown[currency] = shown.get(currency, Decimal(0)) + Decimal(amount)
    expected: dict[str, Decimal] = {}
    for debt in log.debts:
        paid = sum(
            (
                p.amount.amount
                for p in log.events
                if isinstance(p, PaymentReceived) and p.debt_id == debt.id and p.at <= as_of
            ),
            Decimal(0),
        )
        left = max(Decimal(0), debt.amount.amount - paid)
        if left:
            expected[debt.amount.currency] = expected.get(debt.amount.currency, Decimal(0)) + left
    assert shown == expected
    if BROWSER is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail("CI must check the report in a real browser: .ci/run installs chromium")
        pytest.skip("no headless Chromium on this machine (apt-get install chromium)")
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            BROWSER,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1200,3000",
            f"--screenshot={shot}",
            out.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1200, 3000)
        colours = image.convert("RGB").resize((120, 300)).getcolors(maxcolors=100_000)
    # a rendered page, not a blank one: many distinct colours (charts) and mostly white paper
    assert colours is not None and len(colours) > 50
    white = sum(n for n, rgb in colours if min(rgb) > 240)
    assert 0.3 < white / (120 * 300) < 0.98


def test_report_prints_text_without_html(log, tmp_path, capsys):
    events = tmp_path / "events.jsonl"
    log.write_jsonl(events)
    assert main(["report", str(events)]) == 0
    text = capsys.readouterr().out
    assert "== Aging ==" in text and "== Funnel by channel ==" in text
    assert "Cost per amount recovered" not in text
    prices = ["--price", "sms=8:CLP", "--price", "whatsapp=35:CLP", "--price", "email=1:CLP"]
    assert main(["report", str(events), *prices]) == 0
    assert "== Cost per amount recovered ==" in capsys.readouterr().out
    assert main(["report", str(events), "--price", "sms=eight"]) == 2
    assert main(["report", str(tmp_path / "missing.jsonl")]) == 2


def test_an_empty_log_still_makes_a_report():
    import warnings
    from datetime import UTC, datetime

    from dunning.analytics import report_html

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = report_html(EventLog([]), as_of=datetime(2026, 11, 23, tzinfo=UTC))
    assert "<h2>Aging</h2>" in page and page.count("data:image/png;base64,") == 5
