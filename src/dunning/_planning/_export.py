"""A plan as flat rows: records, CSV, JSON, Parquet, a pandas DataFrame and HTML for notebooks.

One row per message and per skipped or moved step, with the same columns (:data:`FIELDS`), so a
plan can be filtered, counted and charted without walking nested models. Amounts stay
``Decimal`` (exact) in records, CSV, JSON and Parquet (a decimal column).

A message's charges (fees and interest) and incentive offers are nested lists: their cells
(``charges``, ``incentives``) hold canonical JSON text, the same in records, CSV and Parquet
(and arrays in :func:`write_json`), with every amount an exact decimal string next to its
currency and its integer minor units (``"45990"``, ``"CLP"``, ``45990``; ``"8.32"``, ``"USD"``,
``832``). ``charges_total`` and ``discount`` sum them when the message has one currency.
"""

from __future__ import annotations

import csv
import html
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Context, Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from .._core._money import MAX_DIGITS, Money, minor_units
from .._core._timezones import get_zone

if TYPE_CHECKING:
    from ._plan import Message, Plan, Skip

__all__ = [
    "FIELDS",
    "breakdown",
    "message_html",
    "message_record",
    "plan_html",
    "records",
    "records_table",
    "skip_html",
    "skip_record",
    "table_metadata",
    "write_csv",
    "write_json",
    "write_parquet",
]

FIELDS: tuple[str, ...] = (
    "kind",
    "message_id",
    "debtor_id",
    "debt_ids",
    "channel",
    "stage",
    "template",
    "segment",
    "cadence",
    "locale",
    "to",
    "step_day",
    "local_date",
    "local_time",
    "utc_time",
    "timezone",
    "valid_until",
    "amount",
    "currency",
    "amounts",
    "code",
    "reason",
    "source",
    "basis",
    "moved_to",
    "preview",
    "charges",
    "charges_total",
    "incentives",
    "discount",
    "coupon",
)
"""The columns of every exported row, in order. ``kind`` is ``message``, ``moved`` (a step that
still goes out, later) or ``skip`` (a step that does not go out). New columns are added at the
end, so positions of the older ones never change."""

DECIMAL_COLUMNS = ("amount", "charges_total", "discount")
"""Columns holding exact ``Decimal`` amounts (decimal columns in Parquet and pandas)."""


def _money(money: Money) -> dict[str, Any]:
    """Exact text, currency and integer minor units (the currency's ISO 4217 exponent)."""
    return {
        "amount": str(money.amount),
        "currency": money.currency,
        "minor": int(money.amount.scaleb(minor_units(money.currency))),
    }


def _cell_json(items: list[dict[str, Any]]) -> str | None:
    if not items:
        return None
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _charges(message: Message) -> list[dict[str, Any]]:
    return [
        {"debt_id": line.debt_id, "id": c.id, "kind": c.kind, "description": c.description}
        | _money(c.amount)
        for line in message.debts
        for c in line.charges
    ]


def _incentives(message: Message) -> list[dict[str, Any]]:
    out = []
    for o in message.incentives:
        out.append(
            {
                "id": o.id,
                "debt_id": o.debt_id,
                "until": o.until.isoformat(),
                "applies_to": o.applies_to,
                "percent": None if o.percent is None else str(o.percent),
                "fixed": None if o.amount is None else _money(o.amount),
                "code": o.code,
                "outstanding": _money(o.outstanding),
                "discount": _money(o.discount),
                "pay": _money(o.pay),
            }
        )
    return out


def _single(amounts: Sequence[Money]) -> Decimal | None:
    """The sum when every amount has one currency; ``None`` when there is none or several."""
    if not amounts or len({m.currency for m in amounts}) != 1:
        return None
    return sum((m.amount for m in amounts), Decimal(0))


PREVIEW_CHARS = 160


def _preview(message: Message) -> str | None:
    if message.content is None:
        return None
    text = " ".join(message.content.text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def message_record(message: Message) -> dict[str, Any]:
    """One message as a flat row (see :data:`FIELDS`)."""
    totals = message.totals
    single = totals[0] if len(totals) == 1 else None
    return {
        "kind": "message",
        "message_id": message.id,
        "debtor_id": message.debtor_id,
        "debt_ids": ";".join(message.debt_ids),
        "channel": message.channel.value,
        "stage": message.stage.value,
        "template": message.template,
        "segment": message.segment,
        "cadence": message.cadence,
        "locale": message.locale,
        "to": message.to,
        "step_day": message.local_date,
        "local_date": message.local_date,
        "local_time": message.local_send_at,
        "utc_time": message.send_at,
        "timezone": message.timezone,
        "valid_until": message.valid_until,
        "amount": single.amount if single is not None else None,
        "currency": single.currency if single is not None else None,
        "amounts": "; ".join(str(t) for t in totals),
        "code": None,
        "reason": None,
        "source": None,
        "basis": None,
        "moved_to": None,
        "preview": _preview(message),
        "charges": _cell_json(_charges(message)),
        "charges_total": _single([c.amount for line in message.debts for c in line.charges]),
        "incentives": _cell_json(_incentives(message)),
        "discount": _single([o.discount for o in message.incentives]),
        "coupon": message.coupon,
    }


def skip_record(skip: Skip) -> dict[str, Any]:
    """One skipped or moved step as a flat row (see :data:`FIELDS`)."""
    return {
        "kind": "moved" if skip.moved else "skip",
        "message_id": skip.message_id,
        "debtor_id": skip.debtor_id,
        "debt_ids": ";".join(skip.debt_ids),
        "channel": skip.channel.value if skip.channel else None,
        "stage": skip.stage.value if skip.stage else None,
        "template": skip.template,
        "segment": None,
        "cadence": None,
        "locale": None,
        "to": None,
        "step_day": skip.on,
        "local_date": None,
        "local_time": None,
        "utc_time": None,
        "timezone": None,
        "valid_until": None,
        "amount": None,
        "currency": None,
        "amounts": None,
        "code": skip.code.value,
        "reason": skip.reason,
        "source": skip.source.citation if skip.source else None,
        "basis": skip.source.basis.value if skip.source else None,
        "moved_to": skip.moved_to,
        "preview": None,
        "charges": None,
        "charges_total": None,
        "incentives": None,
        "discount": None,
        "coupon": None,
    }


def records(plan: Plan) -> list[dict[str, Any]]:
    """Messages (by send time) then skips (by step day), each a flat row."""
    rows = [
        message_record(m) for m in sorted(plan.messages, key=lambda m: (m.send_at, m.debtor_id))
    ]
    rows += [
        skip_record(s)
        for s in sorted(plan.skipped, key=lambda s: (s.on, s.debtor_id, s.code.value))
    ]
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _open(path: str | os.PathLike[str] | IO[str]) -> tuple[IO[str], bool]:
    if isinstance(path, (str, os.PathLike)):
        return open(path, "w", encoding="utf-8", newline=""), True
    return path, False


def write_csv(plan: Plan, path: str | os.PathLike[str] | IO[str], *, header: bool = True) -> None:
    """The plan's rows as CSV: times in ISO 8601 with their offset, amounts as plain decimals
    (``header=False``: the rows only, to follow an earlier chunk's in the same file)."""
    out, close = _open(path)
    try:
        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow(FIELDS)
        for row in records(plan):
            writer.writerow([_text(row[f]) for f in FIELDS])
    finally:
        if close:
            out.close()


def _json(plan: Plan) -> str:
    rows: list[dict[str, Any]] = []
    for original in records(plan):
        row: dict[str, Any] = {
            f: (None if original[f] is None else _text(original[f])) for f in FIELDS
        }
        row["debt_ids"] = original["debt_ids"].split(";") if original["debt_ids"] else []
        for nested in ("charges", "incentives"):
            row[nested] = json.loads(original[nested]) if original[nested] else []
        rows.append(row)
    document = {
        "as_of": plan.as_of.isoformat(),
        "horizon_days": plan.horizon_days,
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def write_json(plan: Plan, path: str | os.PathLike[str] | IO[str] | None = None) -> str:
    """The plan as JSON (``as_of``, ``horizon_days`` and ``rows``; amounts as strings, exact);
    written to ``path`` when given, and returned."""
    text = _json(plan)
    if path is not None:
        out, close = _open(path)
        try:
            out.write(text)
        finally:
            if close:
                out.close()
    return text


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("writing Parquet needs pyarrow: pip install 'dunning[parquet]'") from None
    return pyarrow


def arrow_table(plan: Plan) -> Any:
    """The plan's rows as a ``pyarrow.Table``: UTC instants as timestamps, the debtor's local
    time as ISO text (zones differ row to row), amounts as a decimal column."""
    return records_table(records(plan)).replace_schema_metadata(
        table_metadata(plan.as_of, plan.horizon_days)
    )


def table_metadata(as_of: datetime, horizon_days: int) -> dict[str, str]:
    """The schema metadata of a plan's Arrow table and Parquet file (streamed ones too)."""
    return {"as_of": as_of.isoformat(), "horizon_days": str(horizon_days)}


# Amounts are written with four decimal places (ISO 4217's most): a money amount's digits plus
# those four, where the default context's 28 digits refused an amount past 24 integer digits.
_FOUR_PLACES = Context(prec=MAX_DIGITS + 4, traps=[InvalidOperation])


def records_table(rows: Sequence[Mapping[str, Any]]) -> Any:
    """Rows with the :data:`FIELDS` columns as a ``pyarrow.Table`` (see :func:`arrow_table`)."""
    pa = _pyarrow()
    amounts = [r[c] for r in rows for c in DECIMAL_COLUMNS if r[c] is not None]
    widest = max((a.adjusted() + 1 for a in amounts if a), default=1)
    amount_type = pa.decimal128(38, 4) if widest <= 34 else pa.decimal256(76, 4)
    instant = pa.timestamp("us", tz="UTC")
    types = {
        "step_day": pa.date32(),
        "local_date": pa.date32(),
        "utc_time": instant,
        "valid_until": instant,
        "moved_to": instant,
        **dict.fromkeys(DECIMAL_COLUMNS, amount_type),
    }
    columns: dict[str, Any] = {}
    for name in FIELDS:
        values = [r[name] for r in rows]
        if name == "local_time":
            values = [v.isoformat() if v is not None else None for v in values]
        if name in DECIMAL_COLUMNS:
            four = Decimal("0.0001")
            values = [
                v.quantize(four, context=_FOUR_PLACES) if v is not None else None for v in values
            ]
        columns[name] = pa.array(values, type=types.get(name, pa.string()))
    return pa.table(columns)


def write_parquet(plan: Plan, path: str | os.PathLike[str]) -> None:
    """The plan's rows as a Parquet file (needs ``pip install 'dunning[parquet]'``)."""
    _pyarrow().parquet.write_table(arrow_table(plan), path)


def breakdown(plan: Plan, countries: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Counts per country, kind, channel and code: ``countries`` maps debtor ids to countries
    (without it, a message's country is its locale's territory and a skip's is empty)."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for m in plan.messages:
        country = (countries or {}).get(m.debtor_id) or _territory(m.locale)
        counts[(country, "message", m.channel.value, "")] += 1
    for s in plan.skipped:
        country = (countries or {}).get(s.debtor_id, "")
        channel = s.channel.value if s.channel else ""
        counts[(country, "moved" if s.moved else "skip", channel, s.code.value)] += 1
    return [
        {"country": c, "kind": k, "channel": ch, "code": code, "count": n}
        for (c, k, ch, code), n in sorted(counts.items())
    ]


def _territory(locale: str) -> str:
    parts = locale.replace("-", "_").split("_")
    return parts[-1].upper() if len(parts) > 1 and len(parts[-1]) == 2 else ""


# ------------------------------------------------------------------------------------- HTML


def _cell(value: Any) -> str:
    return html.escape(_text(value))


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pairs(pairs: Sequence[tuple[str, Any]]) -> str:
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{_cell(v)}</td></tr>"
        for k, v in pairs
        if v not in (None, "")
    )
    return f"<table>{body}</table>"


def message_html(message: Message) -> str:
    """A message for a notebook: where, when, what is owed, and its text."""
    local = message.send_at.astimezone(get_zone(message.timezone))
    pairs = [
        ("message", message.id),
        ("debtor", message.debtor_id),
        ("channel", message.channel.value),
        ("stage", message.stage.value),
        ("local time", f"{local:%Y-%m-%d %H:%M} {message.timezone}"),
        ("UTC", f"{message.send_at:%Y-%m-%d %H:%M}"),
        ("debts", ", ".join(message.debt_ids)),
        ("owed", "; ".join(str(t) for t in message.totals)),
        ("subject", message.content.subject if message.content else None),
        ("text", message.content.text if message.content else "(not rendered)"),
        ("why", " / ".join(message.explain)),
    ]
    return _pairs(pairs)


def skip_html(skip: Skip) -> str:
    """A skipped or moved step for a notebook: the code, the reason and the rule's source."""
    pairs = [
        ("step", f"{skip.on} {skip.stage.value if skip.stage else ''}".strip()),
        ("debtor", skip.debtor_id),
        ("debts", ", ".join(skip.debt_ids)),
        ("channel", skip.channel.value if skip.channel else None),
        ("code", skip.code.value),
        ("moved to", f"{skip.moved_to:%Y-%m-%d %H:%M} UTC" if skip.moved_to else "not sent"),
        ("reason", skip.reason),
        ("source", str(skip.source) if skip.source else None),
    ]
    return _pairs(pairs)


HTML_ROWS = 50


def plan_html(plan: Plan) -> str:
    """The plan for a notebook: counts, then the first messages and skips."""
    title = (
        f"<p><b>Plan</b> as of {plan.as_of:%Y-%m-%d %H:%M} UTC, {plan.horizon_days} day(s): "
        f"{len(plan.messages)} messages, {len(plan.moved)} moved, {len(plan.dropped)} skipped</p>"
    )
    rows = records(plan)
    messages = [r for r in rows if r["kind"] == "message"]
    skips = [r for r in rows if r["kind"] != "message"]
    parts = [title]
    if messages:
        parts.append(
            _table(
                ["debtor", "local time", "channel", "stage", "debts", "owed", "preview"],
                [
                    [
                        r["debtor_id"],
                        f"{r['local_time']:%Y-%m-%d %H:%M} {r['timezone']}",
                        r["channel"],
                        r["stage"],
                        r["debt_ids"],
                        r["amounts"],
                        r["preview"],
                    ]
                    for r in messages[:HTML_ROWS]
                ],
            )
        )
    if skips:
        parts.append(
            _table(
                ["debtor", "step day", "kind", "code", "moved to", "reason", "source", "basis"],
                [
                    [
                        r["debtor_id"],
                        r["step_day"],
                        r["kind"],
                        r["code"],
                        r["moved_to"],
                        r["reason"],
                        r["source"],
                        r["basis"],
                    ]
                    for r in skips[:HTML_ROWS]
                ],
            )
        )
    hidden = max(0, len(messages) - HTML_ROWS) + max(0, len(skips) - HTML_ROWS)
    if hidden:
        parts.append(f"<p>… and {hidden} more rows: plan.to_pandas() has them all</p>")
    return "".join(parts)
