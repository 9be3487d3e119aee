"""docs/policies.md lists every built-in rule, as the registry has it, and its code runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dunning.policy import COUNTRIES, ContactPolicy, Source, for_country
from dunning.policy._docs import DOCUMENTED, regenerate

DOC = Path(__file__).resolve().parents[1] / "docs" / "policies.md"
TEXT = DOC.read_text(encoding="utf-8")
BUILT_IN = list(DOCUMENTED)


def _sources(policy: ContactPolicy) -> list[Source]:
    rules = [
        *policy.hours,
        *policy.holidays,
        *policy.caps,
        *policy.consent,
        *policy.stops,
        *policy.content,
        *policy.quiet_periods,
        *policy.registers,
    ]
    return [rule.source for rule in rules]


def _section(code: str) -> str:
    """The text under ``## <Country> (<code>)``, up to the next ``## `` heading."""
    match = re.search(rf"^## [^\n]+ \({code}\)\n(.*?)(?=^## |\Z)", TEXT, re.M | re.S)
    assert match, f"docs/policies.md has no '## ... ({code})' section"
    return match.group(1)


@pytest.mark.parametrize("code", sorted(COUNTRIES))
def test_every_built_in_country_has_a_section(code):
    assert _section(code).strip()


@pytest.mark.parametrize("name", ["BR-SP", "US-MA"])
def test_each_state_policy_has_a_subsection_inside_its_country(name):
    assert re.search(rf"^### [^\n]+ \({name}\)$", _section(name[:2]), re.M)


@pytest.mark.parametrize(
    ("code", "sub"), BUILT_IN, ids=[c if s is None else f"{c}-{s}" for c, s in BUILT_IN]
)
def test_every_rule_citation_appears_verbatim_in_the_docs(code, sub):
    missing = [s.citation for s in _sources(for_country(code, sub)) if s.citation not in TEXT]
    assert not missing, f"not in docs/policies.md: {missing}"


@pytest.mark.parametrize(
    ("code", "sub"), BUILT_IN, ids=[c if s is None else f"{c}-{s}" for c, s in BUILT_IN]
)
def test_every_rule_has_a_row_with_its_citation_basis_and_confidence(code, sub):
    rows = [line for line in _section(code).splitlines() if line.startswith("|")]
    for source in _sources(for_country(code, sub)):
        cells = f"| {source.citation} | {source.basis.value} | {source.confidence} |"
        assert any(row.endswith(cells) for row in rows), f"{code}: no table row ending {cells}"


def test_the_tables_are_those_the_registry_generates():
    # Regenerate with: python -m dunning.policy._docs docs/policies.md
    assert regenerate(TEXT) == TEXT
    assert TEXT.count("<!-- policy-table ") == len(DOCUMENTED)


def test_every_country_is_documented():
    assert {code for code, _ in DOCUMENTED} == set(COUNTRIES)


def test_the_docs_give_the_date_the_rules_were_verified():
    dates = {s.verified for code, sub in BUILT_IN for s in _sources(for_country(code, sub))}
    assert len(dates) == 1
    assert f"**{dates.pop().isoformat()}**" in TEXT


def test_the_override_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", TEXT, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})
    assert "holiday" in capsys.readouterr().out
