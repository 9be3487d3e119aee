"""A small learned opt-out detector: the classifier's safety net for stops said in words no
rule knows.

The lexicon finds opt-outs by phrases and compositions; each blind set still brings phrasings
it lacks ("ke tengo q hacer para q ya no me llegen sus mensajes??"). :class:`StopModel` is a
logistic regression over character n-grams (3 to 5 letters, across word boundaries: typos and
inflections share most of them) and word uni- and bigrams of the reply's normalised tokens. It
is trained by :func:`train` over the labelled development sets (``tests/data/train_stop_model.py``
writes ``data/stop_model.json`` with the hash of the data it was trained on), in plain Python,
deterministically. The classifier uses it in one direction only: a reply the rules did not read
as an opt-out becomes one when the model is sure enough (its ``threshold``), and the evidence
says so with the probability and the n-grams that weighed most. It never turns an opt-out into
anything else.

>>> model = train([(("no", "me", "escriban"), True), (("te", "pago", "el", "viernes"), False),
...                (("no", "me", "llamen"), True), (("ya", "pague"), False)], epochs=30)
>>> model.probability(("no", "me", "escriban", "mas")) > 0.5
True
>>> model.probability(("te", "pago", "manana")) < 0.5
True

Reading is linear in the reply and bounded: at most :data:`MAX_WORDS` tokens (head and tail)
are read, each adding a fixed number of features.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

MAX_WORDS = 200
"""At most this many tokens of a reply are read by the model (the first and last half)."""
CHAR_SIZES = (3, 4, 5)
FORMAT = 1
FLOOR = 60
"""A reply with fewer features counts as having this many: two or three words are too little
to be sure of anything ("mi gestora" must not weigh like a whole sentence)."""


def features(words: Sequence[str]) -> frozenset[str]:
    """The features of a reply given as its normalised tokens: words (``w:``), pairs of
    neighbouring words (``b:``) and character n-grams of the words joined by spaces (``c:``).

    >>> sorted(features(("ya", "no")))[:4]
    ['b:ya no', 'c: no', 'c: no ', 'c: ya']
    """
    if len(words) > MAX_WORDS:
        half = MAX_WORDS // 2
        words = (*words[:half], *words[-half:])
    found = {f"w:{w}" for w in words}
    found.update(f"b:{a} {b}" for a, b in itertools.pairwise(words))
    joined = f" {' '.join(words)} "
    for n in CHAR_SIZES:
        found.update(f"c:{joined[i : i + n]}" for i in range(len(joined) - n + 1))
    return frozenset(found)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class StopModel:
    """Weights of a logistic regression over :func:`features`, each present feature counting
    ``1/sqrt(number of features)`` (a long reply does not outweigh a short one), but at least
    ``floor`` features are counted (a very short reply does not weigh like a long one)."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5
    floor: int = FLOOR
    training: Mapping[str, Any] = field(default_factory=dict)

    def score(self, found: Iterable[str]) -> tuple[float, list[tuple[float, str]]]:
        """The probability of an opt-out and each known feature's contribution."""
        found = list(found)
        scale = 1.0 / math.sqrt(max(len(found), self.floor, 1))
        parts = [(self.weights[f] * scale, f) for f in found if f in self.weights]
        return _sigmoid(self.bias + math.fsum(p for p, _ in parts)), parts

    def probability(self, words: Sequence[str]) -> float:
        """The probability that a reply made of ``words`` asks to stop."""
        return self.score(features(words))[0]

    def explain(self, words: Sequence[str], top: int = 3) -> tuple[float, list[str]]:
        """The probability and what pushed most towards an opt-out: the ``top`` words or word
        pairs, then the strongest character n-gram (marked ``~``), without repeats.

        >>> model = StopModel({"b:ya no": 2.0, "w:ya": 0.5, "c:no ": 1.0, "w:hola": -1.0}, 0.0)
        >>> model.explain(("hola", "ya", "no"))[1]
        ['ya no', 'ya', '~no_']
        """
        p, parts = self.score(features(words))
        ranked = sorted((part for part in parts if part[0] > 0), key=lambda x: (-x[0], x[1]))
        said = [f[2:] for _, f in ranked if not f.startswith("c:")][:top]
        grams = [f"~{f[2:].replace(' ', '_')}" for _, f in ranked if f.startswith("c:")][:1]
        return p, said + grams

    def to_json(self) -> str:
        """The model as the JSON document :func:`load` reads (weights sorted: a stable file)."""
        return json.dumps(
            {
                "format": FORMAT,
                "kind": "logistic regression, opt_out vs the rest",
                "features": "w: words, b: word pairs, c: character 3-5-grams; 1/sqrt(n) scaled",
                "training": dict(self.training),
                "threshold": self.threshold,
                "floor": self.floor,
                "bias": round(self.bias, 4),
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())},
            },
            ensure_ascii=False,
            indent=0,
            sort_keys=False,
        )


def from_json(text: str) -> StopModel:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown stop model format {data.get('format')!r}")
    return StopModel(
        weights={str(k): float(v) for k, v in data["weights"].items()},
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        floor=int(data["floor"]),
        training=data.get("training", {}),
    )


@lru_cache(maxsize=1)
def builtin() -> StopModel | None:
    """The committed model (``data/stop_model.json``), or ``None`` when there is none."""
    path = resources.files("dunning.conversation").joinpath("data", "stop_model.json")
    if not path.is_file():
        return None
    return from_json(path.read_text(encoding="utf-8"))


def train(
    samples: Sequence[tuple[Sequence[str], bool]],
    *,
    epochs: int = 25,
    rate: float = 0.5,
    l2: float = 1e-3,
    min_count: int = 2,
    seed: int = 20261204,
    floor: int = FLOOR,
    threshold: float = 0.5,
    training: Mapping[str, Any] | None = None,
) -> StopModel:
    """Fit a :class:`StopModel` to ``samples`` (tokens, is an opt-out) by AdaGrad on the log
    loss with an L2 penalty; features seen in fewer than ``min_count`` samples are left out.
    Deterministic: the order of the samples in each epoch comes from ``seed``."""
    rows = [(features(words), 1.0 if label else 0.0) for words, label in samples]
    counts: dict[str, int] = {}
    for found, _ in rows:
        for f in found:
            counts[f] = counts.get(f, 0) + 1
    kept: list[tuple[list[str], float, int]] = [
        (sorted(f for f in found if counts[f] >= min_count), y, len(found)) for found, y in rows
    ]
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    bias, bias_square = 0.0, 1e-8
    order = list(range(len(kept)))
    shuffle = random.Random(seed)
    for _ in range(epochs):
        shuffle.shuffle(order)
        for k in order:
            known, y, n = kept[k]
            scale = 1.0 / math.sqrt(max(n, floor, 1))
            z = bias + scale * math.fsum(weights.get(f, 0.0) for f in known)
            error = _sigmoid(z) - y
            bias_square += error * error
            bias -= rate * error / math.sqrt(bias_square)
            for f in known:
                w = weights.get(f, 0.0)
                g = error * scale + l2 * w
                s = squares.get(f, 1e-8) + g * g
                squares[f] = s
                weights[f] = w - rate * g / math.sqrt(s)
    small = 1e-3
    return StopModel(
        weights={f: w for f, w in weights.items() if abs(w) >= small},
        bias=bias,
        threshold=threshold,
        floor=floor,
        training=dict(training or {}),
    )
