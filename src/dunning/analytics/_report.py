"""The Monday report: the tables and charts a collections manager reads, as one static HTML
page (charts embedded as PNG, no script, no outside request) or as plain text."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .._core._kinds import ChannelKind
from .._core._money import Money
from .._core._timezones import ensure_aware
from ._aging import Buckets, aging
from ._balances import (
    collection_effectiveness_index,
    cost_per_recovered,
    cure_rates,
    dso,
    opt_out_rates,
    recovery_curves,
    roll_rate_matrix,
    roll_rates,
)
from ._experiments import arm_results
from ._log import EventLog
from ._metrics import contact_rates, funnel, promise_rates

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["report_html", "report_sections", "report_text"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1b1b1b; }
h1 { margin-bottom: 0; } .sub { color: #555; margin-top: .2rem; }
section { margin: 2rem 0; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: right; }
th { background: #f2f2f2; } td:first-child, th:first-child { text-align: left; }
img { max-width: 100%; } .wrap { overflow-x: auto; } .note { color: #555; font-size: .85rem; }
"""


def _snapshots(log: EventLog, as_of: datetime, weeks: int) -> list[datetime]:
    return [as_of - timedelta(weeks=w) for w in range(weeks, -1, -1)]


def report_sections(
    log: EventLog,
    *,
    as_of: datetime,
    weeks: int = 4,
    buckets: Buckets | None = None,
    prices: Mapping[ChannelKind | str, Money] | None = None,
) -> list[tuple[str, str, pd.DataFrame]]:
    """The report's tables: ``(title, note, frame)`` in reading order."""
    ensure_aware(as_of, "as_of")
    start = as_of - timedelta(weeks=weeks)
    sections: list[tuple[str, str, pd.DataFrame]] = [
        (
            "Aging",
            "Open balance by days past due; per currency the buckets sum to the outstanding total.",
            aging(log, as_of=as_of, buckets=buckets),
        ),
        (
            "DSO, best possible DSO and average days delinquent",
            "Credit sales are debts issued in the last 90 days.",
            dso(log, as_of=as_of),
        ),
        (
            "Collection effectiveness index",
            f"From {start:%Y-%m-%d} to {as_of:%Y-%m-%d}.",
            collection_effectiveness_index(log, start=start, end=as_of),
        ),
        (
            "Funnel by channel",
            "Outcomes counted within 7 days of each message.",
            funnel(log, by="channel"),
        ),
        (
            "Contact and reply rates",
            "Contact rate: reached ÷ attempts; reply rate: replied ÷ reached.",
            contact_rates(log, by="channel"),
        ),
        (
            "Promises to pay",
            "Rate: promises ÷ two-way contacts; kept rate: kept ÷ came due (1 day grace).",
            promise_rates(log, as_of=as_of, grace_days=1),
        ),
        (
            "Cure and self-cure",
            f"Debts delinquent on {start:%Y-%m-%d}, cured within {weeks * 7} days.",
            cure_rates(log, start=start, window_days=weeks * 7),
        ),
        (
            "Roll rates",
            "Weekly snapshots pooled; share of debts moving between buckets.",
            roll_rates(log, snapshots=_snapshots(log, as_of, weeks), buckets=buckets),
        ),
        (
            "Recovery by placement cohort",
            "Collected ÷ placed, by days since the day after due.",
            recovery_curves(log, as_of=as_of, days=(7, 14, 30, 60, 90)),
        ),
        (
            "Opt-outs and complaints",
            "Per contacted debtor and channel.",
            opt_out_rates(log, by="channel"),
        ),
    ]
    if prices:
        sections.append(
            (
                "Cost per amount recovered",
                "Messages priced per channel.",
                cost_per_recovered(log, prices=prices, start=start, end=as_of),
            )
        )
    for name in log.experiments():
        sections.append(
            (
                f"Experiment {name}",
                "Pay rate with Wilson 95 % intervals; collected per debtor with a seeded "
                "bootstrap; uplift vs holdout (Newcombe).",
                arm_results(log, name, as_of=as_of, window_days=weeks * 7, resamples=500),
            )
        )
    return sections


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _table(frame: pd.DataFrame) -> str:
    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return "–"
        if isinstance(value, float):
            return f"{value:.3f}"
        return html.escape(str(value))

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in record) + "</tr>"
        for record in frame.itertuples(index=False)
    )
    return (
        f"<div class='wrap'><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def report_html(
    log: EventLog,
    *,
    as_of: datetime,
    title: str = "Collections report",
    weeks: int = 4,
    buckets: Buckets | None = None,
    prices: Mapping[ChannelKind | str, Money] | None = None,
) -> str:
    """One static HTML page with every section's table and the charts (aging, funnel, roll-rate
    heatmap, recovery curves, sends by local hour vs legal windows)."""
    from ._plots import plot_aging, plot_funnel, plot_recovery, plot_roll_rates, plot_send_hours

    charts = {
        "Aging": plot_aging(log, as_of=as_of, buckets=buckets),
        "Funnel by channel": plot_funnel(log),
        "Roll rates": plot_roll_rates(
            log, snapshots=_snapshots(log, as_of, weeks), buckets=buckets
        ),
        "Recovery by placement cohort": plot_recovery(log, as_of=as_of),
    }
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='sub'>As of {as_of:%Y-%m-%d %H:%M %Z} · {len(log.debtors)} debtors · "
        f"{len(log.debts)} debts · {len(log.events)} events</p>",
    ]
    for name, note, frame in report_sections(
        log, as_of=as_of, weeks=weeks, buckets=buckets, prices=prices
    ):
        parts.append(
            f"<section><h2>{html.escape(name)}</h2><p class='note'>{html.escape(note)}</p>"
        )
        if name in charts:
            alt = html.escape(f"{name} chart")
            parts.append(f"<img alt='{alt}' src='data:image/png;base64,{_png(charts[name])}'>")
        if name == "Roll rates" and len(frame):
            parts.append(_table(roll_rate_matrix(frame, buckets=buckets).reset_index()))
        else:
            parts.append(_table(frame))
        parts.append("</section>")
    parts.append(
        "<section><h2>Sends by local hour</h2><p class='note'>Each send judged against "
        "its country's built-in contact hours.</p>"
    )
    hours = _png(plot_send_hours(log))
    parts.append(f"<img alt='Sends by local hour chart' src='data:image/png;base64,{hours}'>")
    parts.append("</section></body></html>")
    return "".join(parts)


def report_text(
    log: EventLog,
    *,
    as_of: datetime,
    weeks: int = 4,
    prices: Mapping[ChannelKind | str, Money] | None = None,
) -> str:
    """The report's tables as plain text (what ``dunning report`` prints without ``--html``)."""
    out = [f"Collections report as of {as_of.isoformat()}"]
    for name, note, frame in report_sections(log, as_of=as_of, weeks=weeks, prices=prices):
        out += ["", f"== {name} ==", note, frame.to_string(index=False) if len(frame) else "(none)"]
    return "\n".join(out) + "\n"
