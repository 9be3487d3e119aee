"""Train the classifier's learned opt-out safety net and write it to the package.

Reads the labelled development sets below (never the held-out or sealed sets), turns each reply
into the tokens the classifier reads (``RuleClassifier._model_words``), fits
``dunning.conversation._stopmodel.train`` (deterministic: same data, same weights) on "is it an
opt-out" and writes ``src/dunning/conversation/data/stop_model.json`` with the SHA-256 of every
file it was trained on, so that a test can tell when the data changed and the model was not
retrained. Run from the repository root::

    .venv/bin/python tests/data/train_stop_model.py [--check]

``--check`` retrains and fails if the committed model differs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

from dunning.conversation._classify import RuleClassifier
from dunning.conversation._stopmodel import train

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "src" / "dunning" / "conversation" / "data" / "stop_model.json"
# Development sets only: each was scored once as a blind set (or written as the first
# yardstick) before it was used here. Never add replies_holdout.csv or anything in sealed/.
SETS = (
    "replies.csv",
    "replies_dec.csv",
    "replies_jan.csv",
    "replies_feb.csv",
    "replies_apr.csv",
)
THRESHOLD = 0.8  # chosen by cross-validation over the sets (docs/intents.md)


def samples(paths: list[Path]) -> list[tuple[tuple[str, ...], bool]]:
    """(tokens, is an opt-out) for every row of ``paths``, in file order."""
    reader = RuleClassifier(stop_model=False)
    out = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                words = reader._model_words(row["text"], locale=row["locale"])
                out.append((words, row["intent"].strip() == "opt_out"))
    return out


def build(paths: list[Path], threshold: float = THRESHOLD) -> str:
    """The JSON document of a model trained on ``paths``."""
    data = samples(paths)
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    model = train(
        data,
        threshold=threshold,
        training={
            "files": hashes,
            "rows": len(data),
            "opt_outs": sum(label for _, label in data),
            "languages": ["en", "es", "pt"],
            "script": "tests/data/train_stop_model.py",
        },
    )
    return model.to_json() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed model differs")
    args = parser.parse_args(argv)
    text = build([HERE / name for name in SETS])
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("stop model up to date" if same else "stop model differs: retrain")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
