"""Lexicon data handed out is read-only (issue 12): appending a term to what ``lexicon_data``
returned used to change the process-wide cache, and with it every classifier in the process."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dunning.conversation._classify import RuleClassifier, classify

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "classify_bench.py"


def test_returned_tables_and_lists_cannot_be_changed():
    data = RuleClassifier().lexicon_data("es")
    terms = data["intents"]["payment_link"]["terms"]
    with pytest.raises(AttributeError):
        terms.append("quiero pagarle a mi gestora")  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        data["intents"]["payment_link"]["terms"] = ("x",)  # type: ignore[index]
    with pytest.raises(TypeError):
        data["intents"]["brand_new"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        data["countries"]["CL"]["meta"]["known"] += ("x",)  # type: ignore[index]


def test_a_copy_changed_and_passed_back_as_extra_changes_only_that_classifier():
    before = classify("quiero pagarle a mi gestora", locale="es").kind
    data = RuleClassifier().lexicon_data("es")
    mine = {
        "intents": {
            "payment_link": {
                "terms": [*data["intents"]["payment_link"]["terms"], "pagarle a mi gestora"]
            }
        }
    }
    custom = RuleClassifier(extra={"es": mine})
    assert custom("quiero pagarle a mi gestora", locale="es").kind == "payment_link"
    assert classify("quiero pagarle a mi gestora", locale="es").kind == before
    assert (
        "pagarle a mi gestora"
        not in RuleClassifier().lexicon_data("es")["intents"]["payment_link"]["terms"]
    )


def test_extra_is_copied_when_the_classifier_is_made():
    extra: dict[str, Any] = {"es": {"intents": {"wants_agent": {"terms": ["mi gestora"]}}}}
    custom = RuleClassifier(extra=extra)
    extra["es"]["intents"]["wants_agent"]["terms"].append("mi abogada")
    assert "mi abogada" not in custom.lexicon_data("es")["intents"]["wants_agent"]["terms"]
    assert custom("hablo con mi abogada", locale="es").kind != "wants_agent"
    assert custom("hablo con mi gestora", locale="es").kind == "wants_agent"


# --------------------------------------------------------------------------- the benchmark runs


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("classify_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_the_classify_benchmark_reports_growth_for_each_pattern(bench, capsys):
    rows = bench.main(["--repeat", "1", "--only", "si si"])
    out = capsys.readouterr().out
    assert [row["label"] for row in rows] == ["si si"]
    assert all(row["growth"] > 0 for row in rows)
    assert "1k→4k" in out and "worst growth" in out


def test_a_first_word_with_many_alternatives_is_still_found():
    letters = "bcdfghjklmnprstvz"
    words = [f"xa{a}{b}{c}" for a in letters for b in letters for c in letters[:3]][:700]
    custom = RuleClassifier(
        extra={"es": {"intents": {"wants_agent": {"terms": ["|".join(words) + " ayuda"]}}}}
    )
    assert custom(f"{words[650]} ayuda", locale="es").kind == "wants_agent"
