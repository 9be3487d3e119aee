"""Thompson sampling over channel × local hour, only among the slots a policy allows."""

from __future__ import annotations

import copy
import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from .._core._errors import InputError
from .._core._kinds import ChannelKind
from .._core._models import Debtor
from .._core._timezones import ensure_aware
from .._planning._ports import Choice
from ..events import (
    Event,
    MessageDelivered,
    MessageRead,
    MessageSent,
    PaymentReceived,
    ReplyReceived,
)

__all__ = ["LEVELS", "SIGNALS", "Optimizer"]

#: What a context level may be: a field of the debtor, or ``attributes.NAME`` (any attribute).
LEVELS = ("country", "subdivision", "locale", "debtor")
#: What may count as a message's success (its reward), see :class:`Optimizer`.
SIGNALS = ("delivered", "read", "replied", "paid")
_VERSION = 1
_HOUR = timedelta(hours=1)


def _arm(channel: ChannelKind | str, hour: int) -> str:
    return f"{ChannelKind(channel).value}@{hour:02d}"


class Optimizer:
    """Learns which channel and local hour work, per context, and proposes them to the planner.

    A :class:`~dunning.Chooser`: ``Planner(strategy, creditor=..., chooser=optimizer)`` asks it
    for every step inside the plan's horizon, offering only the channels and spans the debtor's
    policy allows that day (:class:`~dunning.Choice`). It answers with Thompson sampling
    (Thompson 1933; Chapelle & Li 2011) over *arms* ``channel@hour`` (the debtor's local hour):
    each allowed arm draws a success rate from its Beta posterior and the highest draw wins; the
    step goes at the top of that hour (or when the allowed span opens, if later).

    **Reward.** A sent message succeeds when, within ``window_days`` of its send, one of
    ``signals`` happens: ``"read"`` (a read receipt for it), ``"replied"`` (a reply from the
    debtor on its channel), ``"paid"`` (a payment on one of its debts), ``"delivered"``. Replies
    and payments are credited to the debtor's (or the debt's) most recent message: last touch.
    The default, read or replied or paid within 2 days, is dense enough to learn from in weeks;
    use ``signals=("paid",)`` to learn from payments alone (sparser, slower), and leave out
    ``"read"`` where your channels report no reads (SMS does not).

    **Contexts and pooling.** Posteriors are kept per context, from the whole portfolio down
    through ``levels`` (default: the debtor's country; also ``"subdivision"``, ``"locale"``,
    ``"debtor"`` or ``"attributes.NAME"`` for a debtor attribute such as a segment label). Each
    level's prior is its parent's posterior mean worth ``pooling`` observations, so a sparse
    context starts from its parent's estimate (partial pooling) and drifts away as its own
    evidence accumulates; the arm's draw comes from the finest level.

    **Determinism and state.** Every draw comes from a stream keyed by ``seed`` and the step
    (debtor, debt, day), so the same state and the same question give the same answer, in any
    order. :meth:`observe` is the only thing that changes the state; :meth:`to_json` /
    :meth:`from_json` persist it (plain JSON: counts per context and arm, messages still
    inside their reward window).

    >>> opt = Optimizer(seed=1)
    >>> Optimizer.from_json(opt.to_json()).to_json() == opt.to_json()
    True
    """

    __slots__ = ("_state",)

    def __init__(
        self,
        *,
        seed: int = 0,
        levels: Iterable[str] = ("country",),
        signals: Iterable[str] = ("read", "replied", "paid"),
        window_days: int = 2,
        pooling: float = 50.0,
    ) -> None:
        state = {
            "version": _VERSION,
            "seed": seed,
            "levels": list(levels),
            "signals": list(signals),
            "window_days": window_days,
            "pooling": pooling,
            "counts": {},
            "pending": {},
            "last": {},
            "by_debt": {},
        }
        self._state: dict[str, Any] = _checked(state)

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> dict[str, Any]:
        """A copy of the whole state, a plain JSON-able ``dict``."""
        return copy.deepcopy(self._state)

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Optimizer:
        """An optimizer continuing from ``state`` (:attr:`state`); a malformed one raises
        :class:`~dunning.InputError`."""
        made = cls.__new__(cls)
        made._state = _checked(copy.deepcopy(dict(state)))
        return made

    def to_json(self) -> str:
        """The state as JSON text (sorted keys: the same state gives the same text)."""
        return json.dumps(self._state, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> Optimizer:
        """An optimizer continuing from :meth:`to_json` text."""
        try:
            state = json.loads(text)
        except (ValueError, TypeError) as exc:
            raise InputError(f"optimizer state is not JSON: {exc}", field="state") from None
        if not isinstance(state, dict):
            raise InputError("optimizer state must be a JSON object", field="state")
        return cls.from_state(state)

    def __repr__(self) -> str:
        s = self._state
        settled = sum(a + b for a, b in s["counts"].get("*", {}).values())
        return (
            f"Optimizer(seed={s['seed']}, levels={s['levels']}, signals={s['signals']}, "
            f"window_days={s['window_days']}, settled={settled}, pending={len(s['pending'])})"
        )

    # ------------------------------------------------------------------ choosing

    def _contexts(self, debtor: Debtor) -> list[str]:
        keys = ["*"]
        parts: list[str] = []
        for level in self._state["levels"]:
            if level == "debtor":
                value: object = debtor.id
            elif level.startswith("attributes."):
                value = debtor.attributes.get(level.removeprefix("attributes."))
            else:
                value = getattr(debtor, level)
            parts.append(f"{level}={value}")
            keys.append("|".join(parts))
        return keys

    def _posterior(self, contexts: list[str], arm: str) -> tuple[float, float]:
        counts = self._state["counts"]
        k = float(self._state["pooling"])
        a, b = 1.0, 1.0
        for i, key in enumerate(contexts):
            s, f = counts.get(key, {}).get(arm, (0, 0))
            if i:
                mean = a / (a + b)
                a, b = k * mean, k * (1 - mean)
            a, b = a + s, b + f
        return a, b

    def choose(self, choice: Choice) -> tuple[ChannelKind, datetime] | None:
        """The channel and instant to send at: the arm with the highest posterior draw among
        the allowed options (``None`` when there is none)."""
        zone = choice.debtor.zone
        arms: dict[str, tuple[ChannelKind, datetime]] = {}
        for option in choice.options:
            t = option.start
            while t < option.end:
                wall = t.astimezone(zone)
                arms.setdefault(_arm(option.channel, wall.hour), (option.channel, t))
                top = wall.replace(minute=0, second=0, microsecond=0).astimezone(t.tzinfo)
                t = top + _HOUR
        if not arms:
            return None
        contexts = self._contexts(choice.debtor)
        rng = _rng(self._state["seed"], choice.debtor.id, choice.debt_id, choice.day.isoformat())
        best: tuple[float, str] | None = None
        for arm in sorted(arms):
            a, b = self._posterior(contexts, arm)
            draw = rng.betavariate(a, b)
            if best is None or draw > best[0]:
                best = (draw, arm)
        assert best is not None
        return arms[best[1]]

    # ------------------------------------------------------------------ learning

    def observe(
        self, events: Iterable[Event], *, debtors: Iterable[Debtor], as_of: datetime
    ) -> int:
        """Learn from new ``events`` (each once, in any order; others are ignored), then settle
        every message whose reward window closed by ``as_of``. ``debtors`` gives each sent
        message's context and local hour. Returns how many messages were settled."""
        as_of = ensure_aware(as_of, "as_of")
        s = self._state
        signals = set(s["signals"])
        window = timedelta(days=s["window_days"])
        people = {d.id: d for d in debtors}
        pending: dict[str, dict[str, Any]] = s["pending"]
        hits: list[tuple[str | None, datetime]] = []
        for event in events:
            if isinstance(event, MessageSent):
                debtor = people.get(event.debtor_id)
                if debtor is None:
                    raise InputError(
                        f"message {event.message_id}: debtor {event.debtor_id!r} not given",
                        field="debtors",
                        value=event.debtor_id,
                    )
                hour = event.at.astimezone(debtor.zone).hour
                pending[event.message_id] = {
                    "arm": _arm(event.channel, hour),
                    "contexts": self._contexts(debtor),
                    "at": event.at.isoformat(),
                    "debtor": debtor.id,
                    "hit": False,
                }
                s["last"][debtor.id] = event.message_id
                for debt_id in event.debt_ids:
                    s["by_debt"][debt_id] = event.message_id
            elif (isinstance(event, MessageRead) and "read" in signals) or (
                isinstance(event, MessageDelivered) and "delivered" in signals
            ):
                hits.append((event.message_id, event.at))
            elif isinstance(event, ReplyReceived) and "replied" in signals:
                hits.append((s["last"].get(event.debtor_id), event.at))
            elif isinstance(event, PaymentReceived) and "paid" in signals:
                hits.append((s["by_debt"].get(event.debt_id), event.at))
        for message_id, at in hits:
            record = pending.get(message_id) if message_id is not None else None
            if record is not None:
                sent = datetime.fromisoformat(record["at"])
                if sent <= at <= sent + window:
                    record["hit"] = True
        settled = 0
        for message_id in sorted(pending):
            record = pending[message_id]
            if datetime.fromisoformat(record["at"]) + window > as_of:
                continue
            for key in record["contexts"]:
                cell = s["counts"].setdefault(key, {}).setdefault(record["arm"], [0, 0])
                cell[0 if record["hit"] else 1] += 1
            del pending[message_id]
            settled += 1
        if settled:
            s["last"] = {d: m for d, m in s["last"].items() if m in pending}
            s["by_debt"] = {d: m for d, m in s["by_debt"].items() if m in pending}
        return settled

    def table(self, context: str = "*") -> list[tuple[str, int, int, float]]:
        """``(arm, successes, failures, posterior mean)`` of ``context`` (``"*"``: the whole
        portfolio; ``"country=CL"``...), best mean first."""
        rows = []
        for arm, (s, f) in self._state["counts"].get(context, {}).items():
            rows.append((arm, s, f, (1 + s) / (2 + s + f)))
        return sorted(rows, key=lambda r: (-r[3], r[0]))


def _rng(seed: int, *key: str) -> random.Random:
    digest = hashlib.sha256(":".join((str(seed), *key)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _checked(state: dict[str, Any]) -> dict[str, Any]:
    def bad(message: str, field: str, value: object = None) -> InputError:
        return InputError(f"optimizer state: {message}", field=field, value=value)

    if state.get("version") != _VERSION:
        raise bad(f"version must be {_VERSION}", "version", state.get("version"))
    seed = state.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise bad("seed must be an integer", "seed", seed)
    levels = state.get("levels")
    if not isinstance(levels, list) or not all(
        isinstance(x, str) and (x in LEVELS or x.startswith("attributes.")) for x in levels
    ):
        raise bad(f"levels must be a list of {LEVELS} or 'attributes.NAME'", "levels", levels)
    signals = state.get("signals")
    if not isinstance(signals, list) or not signals or not set(signals) <= set(SIGNALS):
        raise bad(f"signals must be a non-empty list of {SIGNALS}", "signals", signals)
    window = state.get("window_days")
    if not isinstance(window, int) or isinstance(window, bool) or not 0 < window <= 90:
        raise bad("window_days must be an integer from 1 to 90", "window_days", window)
    pooling = state.get("pooling")
    if not isinstance(pooling, int | float) or isinstance(pooling, bool) or pooling <= 0:
        raise bad("pooling must be a positive number", "pooling", pooling)
    counts = state.get("counts")
    if not isinstance(counts, dict) or not all(
        isinstance(arms, dict)
        and all(
            isinstance(c, list)
            and len(c) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in c)
            for c in arms.values()
        )
        for arms in counts.values()
    ):
        raise bad("counts must map context -> arm -> [successes, failures]", "counts")
    pending = state.get("pending")
    if not isinstance(pending, dict):
        raise bad("pending must be an object", "pending")
    for message_id, record in pending.items():
        try:
            ok = (
                isinstance(record["arm"], str)
                and isinstance(record["contexts"], list)
                and isinstance(record["debtor"], str)
                and isinstance(record["hit"], bool)
                and datetime.fromisoformat(record["at"]).tzinfo is not None
            )
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            raise bad(f"pending message {message_id!r} is malformed", "pending", record)
    for name in ("last", "by_debt"):
        value = state.get(name)
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise bad(f"{name} must map ids to message ids", name)
    return state
