"""Fuzz ``TemplateEngine.render_string`` with random and adversarial template text: only the
``TemplateError`` family comes out, each call within a loose time bound, and a successful render
stays within the output limit."""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning import Money, TemplateError
from dunning.templates import TemplateEngine, TemplateLimits

# CPU seconds per call (the render deadline is 0.5 s of wall time, 0.1 s for QUICK_ENGINE). CPU
# time, not wall time: on a shared machine a call may wait for a core, which says nothing about
# its own cost; 5 s of wall time is the guard against a hang.
BOUND = 1.0
WALL_BOUND = 5.0
LIMITS = TemplateLimits()
ENGINE = TemplateEngine(limits=LIMITS)
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONTEXT: dict[str, Any] = {
    "locale": "es_CL",
    "channel": "sms",
    "n": 7,
    "s": "abc",
    "big": 10**30,
    "f": 1.5,
    "money": Money("45000", "CLP"),
    "items": list(range(50)),
    "d": {"a": 1, "b": [1, 2]},
    "debtor": {"first_name": "Ana", "name": "Ana Pérez"},
}


# The structured hostile templates mostly run until the render deadline stops them: at the
# default 0.5 s that is 15-25 s per run, so the default run fuzzes them with a 0.1 s deadline
# (the same step budget and limits, a deadline the default suite can afford) and the slow step
# fuzzes them again with the defaults.
QUICK_LIMITS = dataclasses.replace(LIMITS, max_seconds=0.1)
QUICK_ENGINE = TemplateEngine(limits=QUICK_LIMITS)


def render(source: str, *, html: bool = False, quick: bool = False) -> str | None:
    engine, limits = (QUICK_ENGINE, QUICK_LIMITS) if quick else (ENGINE, LIMITS)
    start, start_cpu = time.perf_counter(), time.thread_time()
    try:
        out = engine.render_string(source, CONTEXT, name="fuzz.j2", html=html)
    except TemplateError as exc:
        if exc.template != "fuzz.j2":
            raise AssertionError(f"the error does not name the template: {exc}") from exc
        return None
    finally:
        assert time.thread_time() - start_cpu < BOUND
        assert time.perf_counter() - start < WALL_BOUND
    assert len(out) <= limits.max_output
    return out


@pytest.fixture(autouse=True, scope="module")
def _no_collection_of_the_rest_of_the_suite() -> Iterator[None]:
    """Deeply recursive templates make the garbage collector run; in a whole-suite process its
    full collections walk millions of other tests' objects (0.6-1 s of CPU, against 20 ms for
    the render alone). Those objects are frozen (left out of collections) while this module
    runs: what is timed is the render's own cost."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


# Pieces of Jinja, benign and hostile, to assemble into templates the parser mostly accepts.
literals = st.one_of(
    st.integers(-10, 10).map(str),
    st.sampled_from(
        [
            "0",
            "1",
            "2",
            "10",
            "100000",
            "1000000000",
            "10**9",
            "2**64",
            "10**10**10",
            "9" * 30,
            "1.5",
            "1e308",
            "-1",
            "'a'",
            "'ab'",
            "'%s'",
            "'%999999999s'",
            "'%*s'",
            "'{:>999999999}'",
            "'{}'",
            "'x' * 100",
            "[1, 2]",
            "[0] * 3",
            "(1, 2)",
            "{'k': 1}",
            "none",
            "true",
            "n",
            "s",
            "big",
            "f",
            "money",
            "items",
            "d",
            "debtor.first_name",
            "d.b",
            "''.__class__",
            "cycler",
            "range(10)",
            "range(100000)",
            "range(10**9)",
            "lipsum(10**6)",
            "namespace(v='ab')",
            "loop",
            "self",
            "undefined_name",
            "d['a']",
            "items[99]",
        ]
    ),
)
binops = st.sampled_from(
    ["*", "**", "+", "-", "/", "//", "%", "~", " and ", " or ", " in ", " == ", " < "]
)
filters = st.sampled_from(
    [
        "center(10**9)",
        "center(1000000000)",
        "center(80)",
        "replace('a', 'aaaaaaaaaa')",
        "replace('', 'xyz')",
        "indent(10**9)",
        "indent(4)",
        "join('x' * 1000)",
        "join(',')",
        "format(1)",
        "batch(10**9, 'x')",
        "batch(3)",
        "slice(10**9)",
        "list",
        "length",
        "string",
        "int",
        "float",
        "abs",
        "round(10**9)",
        "sum",
        "sort",
        "unique",
        "reverse",
        "first",
        "last",
        "wordwrap(0)",
        "wordwrap(5)",
        "truncate(-1)",
        "truncate(5)",
        "dictsort",
        "tojson",
        "e",
        "upper",
        "title",
        "trim",
        "striptags",
        "urlize",
        "xmlattr",
        "map('center', 10**9)",
        "map('upper')",
        "select",
        "money",
        "date",
        "days",
        "first_name",
        "default('x')",
        "pprint",
        "filesizeformat",
        "wordcount",
        "random",
        "max",
        "min",
        "items",
        "urlencode",
    ]
)


def expressions() -> st.SearchStrategy[str]:
    return st.recursive(
        literals,
        lambda inner: st.one_of(
            st.tuples(inner, binops, inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
            st.tuples(inner, filters).map(lambda t: f"{t[0]}|{t[1]}"),
            inner.map(lambda e: f"[{e}, {e}]"),
            inner.map(lambda e: f"{e}.upper()"),
            inner.map(lambda e: f"'{{}}{{}}'.format({e}, {e})"),
        ),
        max_leaves=8,
    )


def statements() -> st.SearchStrategy[str]:
    expression = expressions()
    return st.recursive(
        st.one_of(expression.map(lambda e: "{{ " + e + " }}"), st.text(max_size=8)),
        lambda body: st.one_of(
            st.lists(body, max_size=3).map("".join),
            st.tuples(expression, body).map(
                lambda t: f"{{% for x in {t[0]} %}}{t[1]}{{% endfor %}}"
            ),
            st.tuples(expression, body).map(lambda t: f"{{% if {t[0]} %}}{t[1]}{{% endif %}}"),
            st.tuples(expression, body).map(lambda t: f"{{% set v = {t[0]} %}}{t[1]}{{{{ v }}}}"),
            body.map(lambda b: "{% macro m(k) %}" + b + "{{ m(k) }}{% endmacro %}{{ m(1) }}"),
            body.map(
                lambda b: (
                    "{% macro m(k) %}{% if k %}" + b + "{{ m(k - 1) }}{{ m(k - 1) }}"
                    "{% endif %}{% endmacro %}{{ m(40) }}"
                )
            ),
            body.map(
                lambda b: (
                    "{% set ns = namespace(v='ab') %}{% for i in range(60) %}"
                    "{% set ns.v = ns.v ~ ns.v %}" + b + "{% endfor %}"
                )
            ),
            body.map(lambda b: "{% include 'x.j2' %}" + b),
            body.map(lambda b: "{% raw %}" + b + "{% endraw %}"),
        ),
        max_leaves=6,
    )


jinja_alphabet = st.sampled_from(
    [
        *"{}%#()[]|.,:'\"~*+-/ \n",
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "for ",
        " in ",
        "endfor",
        "if ",
        "endif",
        "set ",
        "macro ",
        "endmacro",
        "range(",
        "10**9",
        "'a'",
        "x",
        "loop",
        "call",
        "block ",
        "extends ",
        "include ",
        "import ",
        "filter ",
        "endfilter",
        "raw",
        "endraw",
        "with",
        "recursive",
        "\ud800",
        "é",
    ]
)


@FUZZ
@given(st.text(max_size=300))
def test_random_text(source):
    render(source)


@FUZZ
@given(st.lists(jinja_alphabet, max_size=80).map("".join))
def test_token_soup(source):
    render(source)


@FUZZ
@given(statements(), st.booleans())
def test_structured_hostile_templates(source, html):
    render(source, html=html, quick=True)


@pytest.mark.slow
@FUZZ
@given(statements(), st.booleans())
def test_structured_hostile_templates_with_the_default_limits(source, html):
    render(source, html=html)


@FUZZ
@given(expressions())
def test_expressions(expression):
    render("{{ " + expression + " }}")


@settings(max_examples=20, deadline=None)
@given(
    st.integers(1, 200_000), st.sampled_from(["(", "[", "{% if 1 %}", "{{ (", "{% for x in [1] %}"])
)
def test_deep_or_huge_sources(n, piece):
    render(piece * n)
