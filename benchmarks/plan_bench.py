"""Planner throughput against the floor: what pydantic alone needs to validate the same input.

The design (DESIGN.md, "Cost") asks for a planner whose cost grows linearly with debtors, debts
and history events, measured with ratios taken in one run rather than with timed assertions.
This script generates a deterministic synthetic portfolio as plain dicts (what a JSON or CSV
loader hands over), then measures in one process:

* the **floor**, the time pydantic takes to validate those rows

  - with our models (``Debtor``, ``Debt``, ``TypeAdapter(dunning.events.Event)``), and
  - with *bare* pydantic models built from ours: the same field types and constraints, without
    our validators (phone parsing, locale and zone inference, money quantisation, ...);

* **planning**: ``Planner(default_strategy(), ...).plan(...)`` over the validated objects;

and prints debts per second, the ratios planning / floor, and peak memory. Run::

    .venv/bin/python benchmarks/plan_bench.py [--debts N] [--horizon D] [--seed S] [--profile]

Timings are wall-clock (``time.perf_counter``) with the garbage collector on, as in production;
the time the collector takes is reported next to each figure. One-off costs (imports, CLDR and
holiday tables) are paid in a warm-up on a slice of the input first, and the raw rows are dropped
before planning. Peak memory of planning is measured in a separate, traced run so that
``tracemalloc`` does not slow down the timed one. The plan digest changes only when a decision
changes: an optimisation that keeps behaviour keeps it (for the same ``--debts``, ``--horizon``
and ``--seed``).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import hashlib
import operator
import pstats
import random
import resource
import sys
import time
import tracemalloc
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any, Union, get_args, get_origin

import jinja2
import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    PlainValidator,
    TypeAdapter,
    WrapValidator,
    create_model,
)

from dunning import Consent, Creditor, Debt, Debtor, Money, Plan, Planner, default_strategy
from dunning.events import Event
from dunning.templates import BUILTIN_DIR, TemplateEngine, message_context
from dunning.templates._render import _STYLE

AS_OF = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday
DEFAULT_SEED = 20261123
AIM = 3.0  # planning should cost at most this many times the floor
# Brazil's CDC art. 42-A needs the creditor's address and tax id in every message: without them
# Brazilian steps are skipped and the benchmark would measure less planning.
CREDITOR = Creditor(name="Bench", tax_id="76.123.456-7", address="Rua Augusta 100, São Paulo - SP")

# --------------------------------------------------------------------------- synthetic input


@dataclass(frozen=True)
class Market:
    """Where a synthetic debtor lives and what a typical debt there looks like."""

    country: str
    subdivision: str | None
    weight: float
    currency: str
    typical: int  # a typical debt, in major units
    zones: tuple[str, ...]  # explicit time zones some debtors give
    locales: tuple[str, ...]  # explicit locales some debtors give
    names: tuple[str, ...]


MARKETS: tuple[Market, ...] = (
    Market(
        "CL",
        None,
        0.20,
        "CLP",
        60_000,
        ("America/Santiago",),
        ("es_CL",),
        ("Ana Pérez", "Jorge Muñoz", "Camila Rojas", "Matías Soto", "Valentina Díaz"),
    ),
    Market(
        "MX",
        None,
        0.18,
        "MXN",
        3_200,
        ("America/Mexico_City", "America/Tijuana"),
        ("es_MX",),
        ("Luis Hernández", "María García", "José Martínez", "Sofía Ramírez"),
    ),
    Market(
        "CO",
        None,
        0.14,
        "COP",
        380_000,
        ("America/Bogota",),
        ("es_CO",),
        ("Andrés Gómez", "Laura Castro", "Felipe Ruiz", "Daniela Vargas"),
    ),
    Market(
        "PE",
        None,
        0.10,
        "PEN",
        420,
        ("America/Lima",),
        ("es_PE",),
        ("Rosa Quispe", "Carlos Flores", "Lucía Mendoza"),
    ),
    Market(
        "BR",
        None,
        0.13,
        "BRL",
        640,
        ("America/Sao_Paulo", "America/Manaus"),
        ("pt_BR",),
        ("Beatriz Lima", "Rafael Costa", "Ana Santos"),
    ),
    Market(
        "BR",
        "SP",
        0.07,
        "BRL",
        890,
        ("America/Sao_Paulo",),
        ("pt_BR",),
        ("João Silva", "Mariana Souza", "Pedro Oliveira"),
    ),
    Market(
        "AR",
        None,
        0.06,
        "ARS",
        95_000,
        ("America/Argentina/Buenos_Aires",),
        ("es_AR",),
        ("Martín Fernández", "Florencia López", "Santiago González"),
    ),
    Market(
        "US",
        None,
        0.09,
        "USD",
        260,
        ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
        ("en_US", "es_US"),
        ("Emily Johnson", "Michael Brown", "Jessica Davis"),
    ),
    Market(
        "US",
        "MA",
        0.03,
        "USD",
        310,
        ("America/New_York",),
        ("en_US",),
        ("Sarah Miller", "David Wilson"),
    ),
)

_ZERO_DECIMALS = frozenset({"CLP", "COP"})
_CONSENT_SOURCES = ("signup form v3", "checkout opt-in", "contract clause 12", "whatsapp opt-in")
_EVENT_KINDS = (
    "message_sent",
    "reply_received",
    "payment_received",
    "promise_to_pay",
    "consent_revoked",
    "dispute_opened",
)
_EVENT_WEIGHTS = (0.55, 0.17, 0.12, 0.08, 0.04, 0.04)
_PHONE_FORMATS = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)


@dataclass
class Rows:
    """Raw input rows (plain dicts, JSON-like values) and the instant to plan at."""

    debtors: list[dict[str, Any]]
    debts: list[dict[str, Any]]
    events: list[dict[str, Any]]
    as_of: datetime


@functools.cache
def _phone_head(region: str) -> tuple[int, str]:
    """Country code and national number of ``region``'s example mobile, less its last 4 digits."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None or example.country_code is None:  # pragma: no cover
        raise RuntimeError(f"phonenumbers has no example mobile for {region}")
    return example.country_code, str(example.national_number)[:-4]


@functools.cache
def _phone_formats(region: str, tail: int) -> tuple[str, ...] | None:
    """The example mobile of ``region`` ending in ``tail``, in E.164, international and national
    format; ``None`` when that number is not valid."""
    code, head = _phone_head(region)
    number = phonenumbers.parse(f"+{code}{head}{tail:04d}", None)
    if not phonenumbers.is_valid_number(number):
        return None
    return tuple(phonenumbers.format_number(number, f) for f in _PHONE_FORMATS)


def random_phone(rng: random.Random, region: str) -> str:
    """A valid number of ``region`` (its example mobile with the last 4 digits varied, so up to
    10,000 distinct numbers per region), in one of three common formats."""
    for _ in range(1000):
        formats = _phone_formats(region, rng.randrange(10_000))
        if formats is not None:
            return rng.choice(formats)
    raise RuntimeError(f"no valid phone number derived for {region}")  # pragma: no cover


def _money(
    rng: random.Random, currency: str, typical: int, fraction: float = 1.0
) -> dict[str, str]:
    """A Money dict around ``typical`` (times ``fraction``), in the currency's minor units."""
    major = max(1.0, typical * rng.uniform(0.2, 3.0) * fraction)
    if currency in _ZERO_DECIMALS:
        return {"amount": str(round(major, -2) or 100), "currency": currency}
    cents = max(1, round(major * 100))
    return {"amount": f"{cents // 100}.{cents % 100:02d}", "currency": currency}


def _iso(moment: datetime, rng: random.Random) -> str:
    """An aware ISO timestamp, in UTC or at a fixed offset of the Americas."""
    offset = rng.choice((0, 0, -3, -5, -6))
    return moment.astimezone(timezone(timedelta(hours=offset))).isoformat()


def generate(n_debts: int, *, seed: int = DEFAULT_SEED, as_of: datetime = AS_OF) -> Rows:
    """``n_debts`` debts of about ``n_debts / 1.3`` debtors, with a few events per debtor."""
    rng = random.Random(seed)
    today = as_of.date()
    weights = [m.weight for m in MARKETS]
    debtors: list[dict[str, Any]] = []
    debts: list[dict[str, Any]] = []
    timed_events: list[tuple[datetime, int, dict[str, Any]]] = []
    message_no = 0
    while len(debts) < n_debts:
        market = rng.choices(MARKETS, weights)[0]
        debtor_id = f"b{len(debtors) + 1:07d}"
        row: dict[str, Any] = {
            "id": debtor_id,
            "name": rng.choice(market.names),
            "country": market.country,
            "subdivision": market.subdivision,
            "timezone": rng.choice(market.zones) if rng.random() < 0.3 else None,
            "attributes": {"product": rng.choice(("card", "loan")), "score": rng.randint(300, 850)},
        }
        if rng.random() < 0.1:
            row["locale"] = rng.choice(market.locales)
        if rng.random() < 0.93:
            row["phone"] = random_phone(rng, market.country)
        if rng.random() < 0.8:
            row["email"] = f"user{len(debtors) + 1}@example.com"
        channels: list[str] = []
        for channel, p in (("sms", 0.85), ("whatsapp", 0.6), ("email", 0.7)):
            if rng.random() < p:
                channels.append(channel)
        consents: list[dict[str, Any]] = []
        for channel in channels:
            granted = as_of - timedelta(days=rng.randint(30, 700), minutes=rng.randint(0, 1440))
            consent: dict[str, Any] = {
                "channel": channel,
                "granted_at": _iso(granted, rng),
                "source": rng.choice(_CONSENT_SOURCES),
            }
            if rng.random() < 0.02:
                consent["revoked_at"] = _iso(granted + timedelta(days=rng.randint(1, 25)), rng)
            consents.append(consent)
        row["consents"] = consents
        debtors.append(row)

        count = 1 + (rng.random() < 0.27) + (rng.random() < 0.03)
        own: list[dict[str, Any]] = []
        for k in range(1, min(count, n_debts - len(debts)) + 1):
            due = today + timedelta(days=rng.randint(-100, 10))
            debt: dict[str, Any] = {
                "id": f"{debtor_id}-{k}",
                "debtor_id": debtor_id,
                "amount": _money(rng, market.currency, market.typical),
                "issued_on": (due - timedelta(days=30)).isoformat(),
                "due_date": due.isoformat(),
                "reference": f"F-{len(debts) + 1}",
                "payment_url": f"https://pay.example/{debtor_id}-{k}",
            }
            roll = rng.random()
            if roll < 0.015:
                debt["status"] = "draft"
            elif roll < 0.025:
                debt["status"] = "cancelled"
            elif roll < 0.5:
                debt["status"] = "open"
            if rng.random() < 0.1:
                debt["outstanding"] = _money(rng, market.currency, market.typical, 0.3)
            own.append(debt)
        debts.extend(own)

        for _ in range(rng.randint(0, 6)):  # 3 events per debtor on average
            kind = rng.choices(_EVENT_KINDS, _EVENT_WEIGHTS)[0]
            at = as_of - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
            event: dict[str, Any] = {"kind": kind, "at": _iso(at, rng)}
            target = rng.choice(own)
            if kind == "message_sent":
                message_no += 1
                roll = rng.random()  # one debt, all of them, or none named
                scope = [target] if roll < 0.6 else own if roll < 0.8 else []
                event |= {
                    "message_id": f"sent-{message_no}",
                    "debtor_id": debtor_id,
                    "channel": rng.choice(channels or ["sms"]),
                    "debt_ids": [d["id"] for d in scope],
                }
            elif kind == "reply_received":
                event |= {
                    "debtor_id": debtor_id,
                    "channel": rng.choice(channels or ["sms"]),
                    "text": rng.choice(("ok", "gracias", "ya pagué", "")),
                }
            elif kind == "payment_received":
                event |= {
                    "debt_id": target["id"],
                    "amount": _money(rng, market.currency, market.typical, 0.1),
                }
            elif kind == "promise_to_pay":
                promised = today + timedelta(days=rng.randint(-5, 10))
                event |= {"debt_id": target["id"], "promised_date": promised.isoformat()}
            elif kind == "consent_revoked":
                event |= {
                    "debtor_id": debtor_id,
                    "channel": rng.choice(("sms", "whatsapp", "email", None)),
                }
            else:
                event |= {"debt_id": target["id"], "reason": "no reconoce la compra"}
            timed_events.append((at, len(timed_events), event))
    timed_events.sort(key=operator.itemgetter(0, 1))  # a chronological event log
    return Rows(debtors, debts, [e for _, _, e in timed_events], as_of)


# --------------------------------------------------------------------------- bare pydantic models

_OUR_VALIDATORS = (AfterValidator, BeforeValidator, PlainValidator, WrapValidator)


def _strip(annotation: Any, swap: dict[Any, Any]) -> Any:
    """``annotation`` without our validators, with our models replaced by their bare twins."""
    if isinstance(annotation, type) and annotation in swap:
        return swap[annotation]
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        keep = [m for m in meta if not isinstance(m, _OUR_VALIDATORS)]
        stripped = _strip(base, swap)
        return Annotated[(stripped, *keep)] if keep else stripped
    if origin is Union or origin is types.UnionType:
        return functools.reduce(operator.or_, (_strip(a, swap) for a in get_args(annotation)))
    if origin is tuple:
        return tuple[tuple(_strip(a, swap) for a in get_args(annotation))]  # type: ignore[misc]
    return annotation


def bare_model(model: type[BaseModel], swap: dict[Any, Any]) -> type[BaseModel]:
    """A plain pydantic twin of ``model``: same fields, types, constraints, defaults and config,
    none of its field or model validators (and no custom ``__init__``)."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _strip(info.annotation, swap)
        meta = [m for m in info.metadata if not isinstance(m, _OUR_VALIDATORS)]
        if meta:
            annotation = Annotated[(annotation, *meta)]
        if info.default_factory is not None:
            default: Any = Field(default_factory=info.default_factory)
        elif info.is_required():
            default = ...
        else:
            default = info.default
        fields[name] = (annotation, default)
    bare: type[BaseModel] = create_model(
        f"Bare{model.__name__}", __config__=model.model_config, **fields
    )
    swap[model] = bare
    return bare


@dataclass
class BareModels:
    """The bare twins of the input models."""

    debtor: type[BaseModel]
    debt: type[BaseModel]
    events: TypeAdapter[Any]  # the union shaped like ``Event`` (tagged by kind if Event is)

    @classmethod
    def build(cls) -> BareModels:
        swap: dict[Any, Any] = {}
        bare_model(Money, swap)
        bare_model(Consent, swap)
        for event_class in event_classes():
            bare_model(event_class, swap)
        return cls(
            bare_model(Debtor, swap), bare_model(Debt, swap), TypeAdapter(_strip(Event, swap))
        )


def event_classes() -> tuple[type[BaseModel], ...]:
    """The members of the ``Event`` union (under its ``Annotated`` tag, if any)."""
    union: Any = Event
    while get_origin(union) is Annotated:
        union = get_args(union)[0]
    return get_args(union)


# --------------------------------------------------------------------------- measuring


class GcTimer:
    """Time spent in the cyclic garbage collector while the block runs (via ``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1

    def __enter__(self) -> GcTimer:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def describe(self) -> str:
        young, middle, full = self.collections
        return f"{young} young, {middle} middle, {full} full collections"


@dataclass
class Floor:
    """Seconds pydantic takes to validate each kind of row, one way of validating."""

    label: str
    debtors: float
    debts: float
    events: float
    gc: float  # of the total, seconds in the cyclic garbage collector

    @property
    def total(self) -> float:
        return self.debtors + self.debts + self.events


@dataclass
class Validated:
    """The input as our models, ready to plan."""

    debtors: list[Debtor]
    debts: list[Debt]
    events: list[Event]


@dataclass
class Adapters:
    """Every validator the floor is measured with (built once, outside the timings)."""

    events: TypeAdapter[Event] = field(default_factory=lambda: TypeAdapter(Event))
    bare: BareModels = field(default_factory=lambda: BareModels.build())


def _floor(
    label: str,
    rows: Rows,
    debtor: Callable[[Any], Any],
    debt: Callable[[Any], Any],
    event: Callable[[Any], Any],
) -> tuple[Floor, list[list[Any]]]:
    """Validate every row; the results stay alive to the end, as they would in a loader."""
    seconds: list[float] = []
    results: list[list[Any]] = []
    gc.collect()
    with GcTimer() as collector:
        for validate, batch in ((debtor, rows.debtors), (debt, rows.debts), (event, rows.events)):
            start = time.perf_counter()
            results.append([validate(row) for row in batch])
            seconds.append(time.perf_counter() - start)
    debtors, debts, events = seconds
    return Floor(label, debtors, debts, events, gc=collector.seconds), results


def measure_floors(rows: Rows, adapters: Adapters) -> tuple[list[Floor], Validated]:
    """The floors (ours, then bare) and the rows validated by our models.

    The bare floor is measured first and its results dropped, so that each floor runs with the
    same heap: the raw rows plus its own results.
    """
    bare = adapters.bare
    plain, _ = _floor(
        "bare pydantic (same fields, no validators)",
        rows,
        bare.debtor.model_validate,
        bare.debt.model_validate,
        bare.events.validate_python,
    )
    ours, (debtors, debts, events) = _floor(
        "our models (Debtor, Debt, TypeAdapter(Event))",
        rows,
        Debtor.model_validate,
        Debt.model_validate,
        adapters.events.validate_python,
    )
    return [ours, plain], Validated(debtors, debts, events)


def make_planner() -> Planner:
    """A fresh planner (its compiled policies and interval caches start empty)."""
    return Planner(default_strategy(), creditor=CREDITOR)


def run_plan(data: Validated, as_of: datetime, horizon: int) -> Plan:
    return make_planner().plan(
        data.debtors, data.debts, as_of=as_of, horizon_days=horizon, history=data.events
    )


def plan_digest(plan: Plan) -> str:
    """A short hash of every decision in ``plan``, to check that a faster planner decides alike."""
    h = hashlib.sha256()
    for m in plan.messages:
        h.update(f"{m.id}|{m.channel}|{m.send_at.isoformat()}|{m.template}|{m.explain}\n".encode())
    for s in plan.skipped:
        moved = s.moved_to.isoformat() if s.moved_to else ""
        h.update(f"{s.debtor_id}|{s.debt_ids}|{s.on}|{s.code}|{moved}|{s.message_id}\n".encode())
    return h.hexdigest()[:16]


def _warm_up(rows: Rows, adapters: Adapters, horizon: int) -> None:
    """Pay one-off costs (imports, CLDR and holiday tables, lru caches) outside the timings."""
    debtors = rows.debtors[:200]
    last = debtors[-1]["id"] if debtors else ""
    debts = [d for d in rows.debts if d["debtor_id"] <= last]
    ids = {d["id"] for d in debtors} | {d["id"] for d in debts}
    events = [e for e in rows.events if e.get("debtor_id", e.get("debt_id")) in ids]
    _, validated = measure_floors(Rows(debtors, debts, events, rows.as_of), adapters)
    run_plan(validated, rows.as_of, horizon)


def _max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, KiB else


def _profile(data: Validated, as_of: datetime, horizon: int) -> None:
    profiler = cProfile.Profile()
    gc.collect()
    profiler.enable()
    run_plan(data, as_of, horizon)
    profiler.disable()
    for key in ("cumulative", "tottime"):
        print(f"\n--- profile of planning: top 25 by {key} ---")
        pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats(key).print_stats(25)


RENDER_AIM = 1.5
"""The issue's aim for rendering: no more than 1.5x a bare jinja2 render of the same text."""


@dataclass
class Rendering:
    """Rendering throughput: ours against plain jinja2 on the same templates and context."""

    messages: int
    ours: float
    bare: float

    @property
    def ratio(self) -> float:
        return self.ours / self.bare


def measure_rendering(plan: Plan, debtors: Sequence[Debtor], limit: int) -> Rendering:
    """Render up to ``limit`` planned messages with :class:`TemplateEngine` (sandbox, strict
    undefined, locale fallback, e-mail text and HTML, content model) and with a plain
    ``jinja2.Environment`` rendering the same template file with the same context and filters."""
    by_id = {d.id: d for d in debtors}
    creditor = CREDITOR
    engine = TemplateEngine()
    bare = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(BUILTIN_DIR)), auto_reload=False, cache_size=2000
    )
    # The same filters without the sandbox's limit checks: the baseline is plain jinja2.
    bare.filters.update({k: getattr(f, "__wrapped__", f) for k, f in engine._text.filters.items()})
    jobs = []
    for message in plan.messages[:limit]:
        context = message_context(message, by_id[message.debtor_id], creditor)
        name = engine.resolve(message.template, message.channel, message.locale)
        locale = (
            message.locale
            if name.split("/")[0].split("_")[0] == message.locale[:2]
            else (name.split("/")[0])
        )
        # The variables as the engine gives them: the packs' macros take them as one value.
        variables = {**context, "locale": locale, "channel": message.channel.value}
        variables["values"] = dict(variables)
        jobs.append((message, context, name, variables))

    def plain_render(name: str, variables: dict[str, Any]) -> str:
        # The filters read the locale and channel the engine sets around a render.
        token = _STYLE.set((variables["locale"], variables["channel"]))
        try:
            return bare.get_template(name).render(**variables)
        finally:
            _STYLE.reset(token)

    for message, context, name, variables in jobs[:50]:  # warm both caches
        engine.render(message.template, message.channel, message.locale, context)
        plain_render(name, variables)
    gc.collect()
    start = time.perf_counter()
    for message, context, _, _ in jobs:
        engine.render(message.template, message.channel, message.locale, context)
    ours = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    for _, _, name, variables in jobs:
        plain_render(name, variables)
    plain = time.perf_counter() - start
    return Rendering(len(jobs), ours, plain)


def _key(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_")


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    """Run the benchmark, print a report and return its numbers (seconds, counts, ratios, MiB)."""
    parser = argparse.ArgumentParser(description="dunning planner throughput vs. the floor")
    parser.add_argument("--debts", type=int, default=100_000, help="debts to plan (100000)")
    parser.add_argument("--horizon", type=int, default=14, help="horizon in days (14)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--profile", action="store_true", help="profile planning (cProfile)")
    parser.add_argument(
        "--render",
        type=int,
        default=20_000,
        help="planned messages to render for the rendering figures (20000)",
    )
    args = parser.parse_args(argv)

    start = time.perf_counter()
    rows = generate(args.debts, seed=args.seed)
    generated_in = time.perf_counter() - start
    adapters = Adapters()
    _warm_up(rows, adapters, args.horizon)

    floors, data = measure_floors(rows, adapters)
    as_of = rows.as_of
    n_debtors, n_debts, n_events = len(rows.debtors), len(rows.debts), len(rows.events)
    del rows  # a loader keeps the models, not the raw rows; a smaller heap for the collector

    gc.collect()
    with GcTimer() as collector:
        cpu, start = time.process_time(), time.perf_counter()
        plan = run_plan(data, as_of, args.horizon)
        planning, cpu = time.perf_counter() - start, time.process_time() - cpu
    messages, skips = len(plan.messages), len(plan.skipped)
    moved = sum(1 for s in plan.skipped if s.moved)
    summary, digest = plan.summary(), plan_digest(plan)
    rendering = measure_rendering(plan, data.debtors, args.render)
    del plan

    gc.collect()
    tracemalloc.start()
    run_plan(data, as_of, args.horizon)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    result: dict[str, float] = {
        "debtors": n_debtors,
        "debts": n_debts,
        "events": n_events,
        "planning_s": planning,
        "planning_cpu_s": cpu,
        "planning_gc_s": collector.seconds,
        "debts_per_s": n_debts / planning,
        "messages": messages,
        "skips": skips,
        "tracemalloc_peak_mib": peak / 2**20,
        "max_rss_mib": _max_rss_mib(),
    }
    for floor, name in zip(floors, ("ours", "bare"), strict=True):
        result[f"floor_{name}_s"] = floor.total
        result[f"floor_{name}_gc_s"] = floor.gc
        result[f"ratio_{name}"] = planning / floor.total
        result[f"ratio_{name}_without_gc"] = (planning - collector.seconds) / (
            floor.total - floor.gc
        )
    result["ratio"] = result["ratio_ours"]
    result["render_messages"] = rendering.messages
    result["render_s"] = rendering.ours
    result["render_bare_s"] = rendering.bare
    result["render_ratio"] = rendering.ratio

    print(
        f"dunning planner benchmark: seed {args.seed}, as_of {as_of.isoformat()}, "
        f"horizon {args.horizon} days"
    )
    print(
        f"rows: {n_debtors:,} debtors, {n_debts:,} debts, {n_events:,} events "
        f"(generated in {generated_in:.1f}s)"
    )
    print(
        f"\nfloor: pydantic validating the same rows{'debtors':>20}{'debts':>10}"
        f"{'events':>10}{'total':>10}{'(of it GC)':>12}"
    )
    for floor in floors:
        print(
            f"  {floor.label:<46}{floor.debtors:>9.3f}s{floor.debts:>9.3f}s"
            f"{floor.events:>9.3f}s{floor.total:>9.3f}s{floor.gc:>10.3f}s"
        )
    print(
        f"\nplanning: {planning:.3f}s = {result['debts_per_s']:,.0f} debts/s "
        f"(process CPU {cpu:.3f}s)"
    )
    print(
        f"  of which cyclic GC: {collector.seconds:.3f}s ({collector.seconds / planning:.0%}; "
        f"{collector.describe()})"
    )
    dropped = skips - moved
    print(f"  messages: {messages:,}  skips: {skips:,} ({moved:,} moved, {dropped:,} dropped)")
    print("  " + ", ".join(f"{k} {v:,}" for k, v in summary.items()))
    print(f"  plan digest {digest} (unchanged by an optimisation that keeps behaviour)")
    print(f"\nratio planning / floor, and the aim: planning <= {AIM:g}x the floor")
    for floor in floors:
        ratio = planning / floor.total
        verdict = "holds" if ratio <= AIM else "does NOT hold"
        bare_ratio = (planning - collector.seconds) / (floor.total - floor.gc)
        print(
            f"  {floor.label:<46}{ratio:>7.2f}x  aim {verdict}"
            f"  ({bare_ratio:.2f}x leaving GC time out of both)"
        )
    verdict = "holds" if rendering.ratio <= RENDER_AIM else "does NOT hold"
    print(
        f"\nrendering {rendering.messages:,} planned messages: "
        f"{rendering.messages / rendering.ours:,.0f} messages/s with TemplateEngine, "
        f"{rendering.messages / rendering.bare:,.0f}/s with bare jinja2 on the same templates: "
        f"{rendering.ratio:.2f}x, aim <= {RENDER_AIM:g}x {verdict}"
    )
    print(
        f"\nmemory: planning peak {result['tracemalloc_peak_mib']:.1f} MiB (tracemalloc, in a "
        f"separate traced run); process max RSS {result['max_rss_mib']:.1f} MiB"
    )
    if args.profile:
        _profile(data, as_of, args.horizon)
    return result


if __name__ == "__main__":
    main()
