"""How well ``dunning.conversation.classify`` reads labelled replies, and how fast.

The evaluation set (``tests/data/replies.csv``, written independently of the classifier) has the
columns ``id,locale,sent_at,timezone,intent,promised_date,amount,text``. Each reply is classified
with ``as_of=sent_at`` in the debtor's ``timezone`` and ``locale``; the script prints

* precision, recall, F1 and support per intent, macro-F1 (the mean F1 over the intents present
  in the gold labels or the predictions) and accuracy;
* promise-date accuracy over the rows labelled ``promise_to_pay`` (correct when the predicted
  date equals the gold one, an empty gold cell meaning no date);
* amount accuracy over all rows (an empty gold cell meaning no amount);
* classification throughput (replies per second, best of a few passes);
* every misclassified row, with the evidence the classifier gave.

Run::

    .venv/bin/python benchmarks/intent_eval.py [tests/data/replies.csv] [--passes N]
    .venv/bin/python benchmarks/intent_eval.py --cross-sets A.csv B.csv C.csv ...
    .venv/bin/python benchmarks/intent_eval.py FILE --no-model

``--rules-at SET.csv=COMMIT`` (with ``--cross-sets``, repeatable) replaces today's rules, for
that set, by those of a git commit, run in a separate interpreter: with the commit a set was
scored blind against, the rules have not seen it either, and the held-out model's gain is an
honest estimate.

``--no-model`` scores the rules alone (without the learned opt-out safety net). ``--cross-sets``
estimates how the safety net generalises to a set it has not seen: for each set in turn it
trains the model on the other sets (as ``tests/data/train_stop_model.py`` does on all of them),
scores the held-out set with the rules alone and with the rules and that model, and prints
macro-F1, opt-out recall and precision, promise dates and the replies the model changed. The
rules themselves were written with the development sets in view, so on a set the rules were
tuned on only the model's column is an estimate; on a set the rules have not seen both are.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from dunning.conversation import Intent, IntentKind
from dunning.conversation._classify import PRIORITY, RuleClassifier, _parse_locale
from dunning.conversation._stopmodel import StopModel, train

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "replies.csv"
KINDS = [k.value for k in PRIORITY] + ["unknown"]


@dataclass(frozen=True)
class Row:
    id: str
    locale: str
    sent_at: datetime
    timezone: str
    intent: str
    promised_date: date | None
    amount: Decimal | None
    text: str


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    rows: int
    accuracy: float
    macro_f1: float
    per_intent: dict[str, Score]
    promise_rows: int
    promise_date_accuracy: float
    amount_accuracy: float
    replies_per_second: float
    errors: list[tuple[Row, Intent]] = field(default_factory=list)
    date_errors: list[tuple[Row, Intent]] = field(default_factory=list)
    amount_errors: list[tuple[Row, Intent]] = field(default_factory=list)


def load(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Row(
                id=raw["id"],
                locale=raw["locale"],
                sent_at=datetime.fromisoformat(raw["sent_at"]),
                timezone=raw["timezone"],
                intent=raw["intent"].strip(),
                promised_date=date.fromisoformat(raw["promised_date"])
                if raw["promised_date"].strip()
                else None,
                amount=Decimal(raw["amount"]) if raw["amount"].strip() else None,
                text=raw["text"],
            )
            for raw in csv.DictReader(handle)
        ]


def _classify_all(classifier: RuleClassifier, rows: Sequence[Row]) -> list[Intent]:
    return [classifier(r.text, locale=r.locale, as_of=r.sent_at, timezone=r.timezone) for r in rows]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate(
    path: Path | str = DEFAULT,
    *,
    passes: int = 3,
    classifier: RuleClassifier | None = None,
) -> Report:
    """Classify every row of the CSV at ``path`` and score the predictions (with the built-in
    classifier unless another is given)."""
    rows = load(Path(path))
    classifier = classifier or RuleClassifier()
    predicted = _classify_all(classifier, rows)  # also warms the lexicons up
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        _classify_all(classifier, rows)
        best = min(best, time.perf_counter() - start)
    per_intent: dict[str, Score] = {}
    for kind in KINDS:
        gold = sum(r.intent == kind for r in rows)
        said = sum(p.kind == kind for p in predicted)
        hit = sum(r.intent == kind and p.kind == kind for r, p in zip(rows, predicted, strict=True))
        if gold or said:
            precision, recall = _ratio(hit, said), _ratio(hit, gold)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            per_intent[kind] = Score(precision, recall, f1, gold)
    pairs = list(zip(rows, predicted, strict=True))
    promises = [(r, p) for r, p in pairs if r.intent == "promise_to_pay"]
    return Report(
        rows=len(rows),
        accuracy=_ratio(sum(r.intent == p.kind for r, p in pairs), len(rows)),
        macro_f1=sum(s.f1 for s in per_intent.values()) / len(per_intent) if per_intent else 0.0,
        per_intent=per_intent,
        promise_rows=len(promises),
        promise_date_accuracy=_ratio(
            sum(r.promised_date == p.promised_date for r, p in promises), len(promises)
        ),
        amount_accuracy=_ratio(sum(r.amount == p.amount for r, p in pairs), len(rows)),
        replies_per_second=len(rows) / best if best > 0 else float("inf"),
        errors=[(r, p) for r, p in pairs if r.intent != p.kind],
        date_errors=[(r, p) for r, p in promises if r.promised_date != p.promised_date],
        amount_errors=[(r, p) for r, p in pairs if r.amount != p.amount],
    )


def render(report: Report) -> str:
    lines = [f"{'intent':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}"]
    for kind, s in report.per_intent.items():
        lines.append(f"{kind:<16}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.support:>9}")
    lines += [
        "",
        f"rows                   {report.rows}",
        f"macro-F1               {report.macro_f1:.3f}",
        f"accuracy               {report.accuracy:.3f}",
        f"promise-date accuracy  {report.promise_date_accuracy:.3f} "
        f"(over {report.promise_rows} promise_to_pay rows)",
        f"amount accuracy        {report.amount_accuracy:.3f}",
        f"throughput             {report.replies_per_second:,.0f} replies/s",
    ]
    for title, items, show in (
        ("misclassified", report.errors, lambda r, p: f"{r.intent} -> {p.kind.value}"),
        (
            "wrong promise dates",
            report.date_errors,
            lambda r, p: f"{r.promised_date} -> {p.promised_date}",
        ),
        ("wrong amounts", report.amount_errors, lambda r, p: f"{r.amount} -> {p.amount}"),
    ):
        lines += ["", f"{title} ({len(items)}):"]
        for row, intent in items:
            lines.append(f"  {row.id} [{row.locale}] {show(row, intent)}: {row.text!r}")
            lines.append(f"      evidence: {', '.join(intent.evidence) or '-'}")
    return "\n".join(lines)


def train_on(paths: Sequence[Path], threshold: float) -> StopModel:
    """A stop model trained on ``paths`` the way ``tests/data/train_stop_model.py`` trains the
    built-in one."""
    reader = RuleClassifier(stop_model=False)
    samples = [
        (reader._model_words(r.text, locale=r.locale), r.intent == "opt_out")
        for path in paths
        for r in load(path)
    ]
    return train(samples, threshold=threshold, training={"languages": ["en", "es", "pt"]})


def _opt_out(report: Report) -> tuple[float, float]:
    score = report.per_intent.get("opt_out", Score(0.0, 0.0, 0.0, 0))
    return score.recall, score.precision


def cross_sets(paths: Sequence[Path], threshold: float) -> list[str]:
    """Leave one set out: train on the others, score it with and without the model."""
    lines = [
        f"{'held out':<22}{'rows':>5}  {'macro-F1':>15}  {'opt-out recall':>15}  "
        f"{'opt-out prec.':>15}  {'dates':>13}",
        f"{'':<22}{'':>5}  {'rules -> +model':>15}  {'rules -> +model':>15}  "
        f"{'rules -> +model':>15}  {'rules->+model':>13}",
    ]
    changed: list[str] = []
    totals = [0, 0, 0]  # opt-outs, found by the rules, found with the model
    for held in paths:
        model = train_on([p for p in paths if p != held], threshold)
        alone = evaluate(held, passes=0, classifier=RuleClassifier(stop_model=False))
        both = evaluate(held, passes=0, classifier=RuleClassifier(stop_model=model))
        (r1, p1), (r2, p2) = _opt_out(alone), _opt_out(both)
        lines.append(
            f"{held.name:<22}{both.rows:>5}  {alone.macro_f1:>6.3f} -> {both.macro_f1:.3f}  "
            f"{r1:>6.3f} -> {r2:.3f}  {p1:>6.3f} -> {p2:.3f}  "
            f"{alone.promise_date_accuracy:.3f}->{both.promise_date_accuracy:.3f}"
        )
        support = alone.per_intent.get("opt_out", Score(0, 0, 0, 0)).support
        totals[0] += support
        totals[1] += round(r1 * support)
        totals[2] += round(r2 * support)
        before = {r.id: p.kind.value for r, p in alone.errors}
        after = {r.id: (r, p) for r, p in both.errors}
        for r, p in both.errors:
            if r.id not in before:
                changed.append(
                    f"  {held.name} {r.id} now wrong ({r.intent} -> {p.kind.value}): "
                    f"{r.text!r}\n      {', '.join(p.evidence)}"
                )
        for r, _ in alone.errors:
            if r.id not in after:
                changed.append(f"  {held.name} {r.id} now right ({r.intent}): {r.text!r}")
    lines.append(
        f"pooled opt-out recall: rules {totals[1]}/{totals[0]}, rules + held-out model "
        f"{totals[2]}/{totals[0]} (threshold {threshold})"
    )
    return [*lines, "", f"replies the held-out model changed ({len(changed)}):", *changed]


_OLD_RULES = """
import csv, json, sys
from datetime import datetime
from dunning.conversation import classify
try:  # the rules alone, where the commit has the safety net
    from dunning.conversation._classify import RuleClassifier
    classify = RuleClassifier(stop_model=False)
except TypeError:
    pass
out = {}
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    for r in csv.DictReader(handle):
        when = {"locale": r["locale"], "timezone": r["timezone"]}
        sent = datetime.fromisoformat(r["sent_at"])
        try:  # "as_of" since issue 13, "now" before
            i = classify(r["text"], as_of=sent, **when)
        except TypeError:
            i = classify(r["text"], now=sent, **when)
        out[r["id"]] = [i.kind.value, any(e.startswith("spam:") for e in i.evidence)]
print(json.dumps(out))
"""


def rules_at(commit: str, path: Path) -> dict[str, tuple[str, bool]]:
    """What the classifier of ``commit`` read in each row of ``path``: (intent, spam), run in a
    separate interpreter on ``git archive`` of that commit's ``src``."""
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", commit, "src"],
            check=True,
            capture_output=True,
        ).stdout
        tar = Path(folder) / "src.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as handle:
            handle.extractall(folder, filter="data")
        env = {**os.environ, "PYTHONPATH": str(Path(folder) / "src")}
        done = subprocess.run(
            [sys.executable, "-c", _OLD_RULES, str(path)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
    return {k: (v[0], v[1]) for k, v in json.loads(done.stdout).items()}


def _macro_f1(pairs: Sequence[tuple[str, str]]) -> float:
    scores = []
    for kind in {g for g, _ in pairs} | {p for _, p in pairs}:
        hit = sum(g == p == kind for g, p in pairs)
        said, gold = sum(p == kind for _, p in pairs), sum(g == kind for g, _ in pairs)
        precision, recall = _ratio(hit, said), _ratio(hit, gold)
        scores.append(2 * precision * recall / (precision + recall) if hit else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def blind_rules(paths: Sequence[Path], commits: dict[str, str], threshold: float) -> list[str]:
    """For each set named in ``commits``: the rules of that commit (those it was scored blind
    against) alone, and with today's safety net and a model trained on the other sets."""
    lines = []
    pooled = [0, 0, 0, 0]  # opt-outs, found by the rules, found with the net, new false ones
    for held in paths:
        commit = commits.get(held.name)
        if commit is None:
            continue
        old = rules_at(commit, held)
        net = RuleClassifier(stop_model=train_on([p for p in paths if p != held], threshold))
        before, after = [], []
        for row in load(held):
            kind, spam = old[row.id]
            language, country = _parse_locale(row.locale, net.languages)
            lex = net._lexicon(language, country)
            tokens = lex.tokens(net._bounded(row.text)[0])
            netted = net._safety_net(lex, tokens, IntentKind(kind), spam)
            before.append((row.intent, kind))
            after.append((row.intent, "opt_out" if netted else kind))
        gold = sum(g == "opt_out" for g, _ in before)
        found = [sum(g == p == "opt_out" for g, p in pairs) for pairs in (before, after)]
        wrong = [sum(p == "opt_out" != g for g, p in pairs) for pairs in (before, after)]
        pooled = [
            pooled[0] + gold,
            pooled[1] + found[0],
            pooled[2] + found[1],
            pooled[3] + wrong[1] - wrong[0],
        ]
        lines.append(
            f"{held.name} (rules of {commit}): opt-out recall {found[0]}/{gold} -> "
            f"{found[1]}/{gold}, macro-F1 {_macro_f1(before):.3f} -> {_macro_f1(after):.3f}, "
            f"false opt-outs {wrong[0]} -> {wrong[1]}"
        )
    if pooled[0]:
        lines.append(
            f"pooled: opt-out recall {pooled[1]}/{pooled[0]} = {pooled[1] / pooled[0]:.3f} -> "
            f"{pooled[2]}/{pooled[0]} = {pooled[2] / pooled[0]:.3f}; new false opt-outs "
            f"{pooled[3]} (threshold {threshold})"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> Report | None:
    parser = argparse.ArgumentParser(description="score dunning's reply classifier")
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="labelled replies (CSV)")
    parser.add_argument("--passes", type=int, default=3, help="timed passes (best is kept)")
    parser.add_argument("--no-model", action="store_true", help="the rules alone")
    parser.add_argument(
        "--cross-sets", nargs="+", type=Path, metavar="CSV", help="leave-one-set-out estimate"
    )
    parser.add_argument("--threshold", type=float, default=None, help="for --cross-sets")
    parser.add_argument(
        "--rules-at",
        action="append",
        default=[],
        metavar="SET.csv=COMMIT",
        help="with --cross-sets: also score SET with the rules of COMMIT (git) and today's net",
    )
    args = parser.parse_args(argv)
    if args.cross_sets:
        builtin = RuleClassifier().stop_model
        threshold = args.threshold or (builtin.threshold if builtin else 0.9)
        commits = dict(item.split("=", 1) for item in args.rules_at)
        if not args.rules_at:
            print("\n".join(cross_sets(args.cross_sets, threshold)))
        else:
            print("\n".join(blind_rules(args.cross_sets, commits, threshold)))
        return None
    classifier = RuleClassifier(stop_model=False) if args.no_model else None
    report = evaluate(args.path, passes=args.passes, classifier=classifier)
    print(render(report))
    return report


if __name__ == "__main__":
    main()
