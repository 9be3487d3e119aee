"""The sandbox's resource limits, and one error family for every way a template can fail."""

from __future__ import annotations

import decimal
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from dunning import (
    Creditor,
    Debt,
    Debtor,
    Money,
    Planner,
    SkipCode,
    TemplateError,
    TemplateLimitError,
    TemplateNotFoundError,
    TemplateSecurityError,
    TemplateVariableError,
    default_strategy,
)
from dunning.templates import TemplateEngine, TemplateLimits

ENGINE = TemplateEngine()
CREDITOR = Creditor(name="Tienda Sur", tax_id="76.123.456-7")
MACRO_BOMB = (
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}"
)


@pytest.mark.parametrize(
    ("source", "limit"),
    [
        ("{{ 'x'|center(10**9) }}", "string"),
        ("{{ 'x'|center(1000000000) }}", "string"),  # literal: Jinja would fold it at compile time
        ("{{ 'a' * 10**9 }}", "string"),
        ("{{ 'a' * 1000000000 }}", "string"),
        ("{{ 1000000000 * 'a' }}", "string"),
        ("{{ [0] * 1000000000 }}", "string"),
        # A short template that squares the string at each step (10 → 10^2 → 10^4 → 10^8).
        (
            "{% set s = 'aaaaaaaaaa' %}" + "{% set s = s|replace('a', s) %}" * 3 + "{{ s }}",
            "string",
        ),
        ("{{ ('a' * 1000)|replace('a', 'b' * 1000) }}", "string"),
        ("{{ 'x'|indent(1000000000, true) }}", "string"),
        ("{{ ('x' * 1000)|join('y' * 1000) }}", "string"),
        ("{{ '%999999999s'|format('x') }}", "string"),
        ("{{ '%*s' % (1000000000, 'x') }}", "string"),
        ("{{ '{:>999999999}'.format('x') }}", "string"),
        ("{{ '{:>{w}}'.format('x', w=999999999) }}", "string"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}",
            "string",
        ),
        ("{{ range(100000)|list|length }}", "range"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "range",
        ),
        ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "steps"),
        ("{% for a in 'x' * 10000 %}{% for b in 'x' * 10000 %}{% endfor %}{% endfor %}", "steps"),
        ("{{ range(3)|batch(1000000000, 'x')|list }}", "range"),
        ("{{ range(3)|slice(1000000000, 'x')|list }}", "range"),
        ("{{ lipsum(1000000) }}", "string"),
        ("{{ 10 ** 100000 }}", "int"),
        ("{{ (10 ** 1000) * (10 ** 1000) * (10 ** 1000) * (10 ** 1000) * (10 ** 1000) }}", "int"),
        ("{% for i in range(10000) %}{{ 'x' * 100 }}{% endfor %}", "output"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "depth"),
        ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "depth"),
        ("x" * 100_001, "source"),
    ],
)
def test_each_resource_limit_is_a_template_limit_error(source, limit):
    # A generous deadline, so that on a busy machine the limit under test trips first (the
    # deadline has its own test below).
    engine = TemplateEngine(limits=TemplateLimits(max_seconds=120))
    with pytest.raises(TemplateLimitError) as info:
        engine.render_string(source, {}, name="probe.j2")
    assert info.value.limit == limit
    assert info.value.template == "probe.j2" and "probe.j2" in str(info.value)
    assert isinstance(info.value, TemplateError)


def test_render_time_is_bounded_even_without_loops():
    # 2^60 macro calls: only the deadline (or the step budget) stops it.
    with pytest.raises(TemplateLimitError) as info:
        ENGINE.render_string(MACRO_BOMB, {})
    assert info.value.limit in ("seconds", "steps")
    slow = TemplateEngine(limits=TemplateLimits(max_seconds=0.05, max_steps=10**9))
    with pytest.raises(TemplateLimitError) as info:
        slow.render_string(MACRO_BOMB, {})
    assert info.value.limit == "seconds"


def test_constant_folding_does_not_build_the_string_at_compile_time():
    tracemalloc.start()
    try:
        for source in (
            "{{ 'a' * 1000000000 }}",
            "{{ 'x'|center(1000000000) }}",
            "{{ 'ab'|replace('a', 'a' * 100000)|replace('a', 'a' * 100000) }}",
        ):
            ENGINE._text.compile(source)  # compiling must not evaluate the expression
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_limits_are_configurable_and_the_defaults_leave_room():
    tight = TemplateEngine(limits=TemplateLimits(max_range=5, max_string=20, max_output=30))
    assert tight.render_string("{% for i in range(5) %}{{ i }}{% endfor %}", {}) == "01234"
    with pytest.raises(TemplateLimitError, match="range"):
        tight.render_string("{{ range(6)|list }}", {})
    with pytest.raises(TemplateLimitError):
        tight.render_string("{{ 'x' * 21 }}", {})
    with pytest.raises(TemplateLimitError, match="output"):
        tight.render_string("{% for i in range(5) %}{{ 'x' * 10 }}{% endfor %}", {})
    # What reminders do stays well inside the defaults.
    text = ENGINE.render_string(
        "{% for d in debts %}{{ d.ref }}: {{ d.amount|money }}{{ ', ' if not loop.last }}"
        "{% endfor %} {{ '%05d'|format(7) }} {{ '{:>6}'.format('x') }} {{ 'ab' * 3 }}"
        " {{ 2 ** 10 }} {{ range(3)|join('-') }} {{ 'a b'|replace(' ', '_') }}",
        {
            "debts": [{"ref": f"F-{i}", "amount": Money("1000", "CLP")} for i in range(50)],
            "locale": "es_CL",
        },
    )
    assert text.startswith("F-0: $1.000, F-1")
    assert text.endswith("00007      x ababab 1024 0-1-2 a_b")


def _raises(exc: BaseException) -> Any:
    def call(*args: Any) -> Any:
        raise exc

    return call


@pytest.mark.parametrize(
    ("source", "context", "error", "says"),
    [
        ("{% include 'missing.j2' %}", {}, TemplateNotFoundError, "missing.j2"),
        ("{% extends 'missing.j2' %}", {}, TemplateNotFoundError, "missing.j2"),
        ("{% import 'missing.j2' as m %}", {}, TemplateNotFoundError, "missing.j2"),
        ("{{ 1 / 0 }}", {}, TemplateError, "ZeroDivisionError"),
        ("{{ 1 // 0 }}", {}, TemplateError, "ZeroDivisionError"),
        ("{{ 2.0 ** 100000 }}", {}, TemplateError, "OverflowError"),
        ("{{ 'a' + 1 }}", {}, TemplateError, "TypeError"),
        ("{{ (1, 2)|sum(start='a') }}", {}, TemplateError, "TypeError"),
        ("{{ 'x'|wordwrap(0) }}", {}, TemplateError, "ValueError"),
        ("{{ 'abc'|truncate(-1) }}", {}, TemplateError, "AssertionError"),
        ("{{ {}|dictsort(by='x') }}", {}, TemplateError, "FilterArgumentError"),
        ("{{ nope }}", {}, TemplateVariableError, "nope"),
        ("{{ d.missing }}", {"d": {}}, TemplateVariableError, "missing"),
        ("{% for %}", {}, TemplateError, "syntax error line 1"),
        ("{{ ''.__class__ }}", {}, TemplateSecurityError, "sandbox"),
        ("{{ f() }}", {"f": _raises(RecursionError())}, TemplateLimitError, "recursive"),
        ("{{ f() }}", {"f": _raises(MemoryError())}, TemplateLimitError, "memory"),
        ("{{ f() }}", {"f": _raises(KeyError("k"))}, TemplateError, "KeyError"),
        (
            "{{ f() }}",
            {"f": _raises(decimal.InvalidOperation())},
            TemplateError,
            "InvalidOperation",
        ),
        (
            "{{ a + b }}",
            {"a": Money("1", "CLP"), "b": Money("1", "USD")},
            TemplateError,
            "Currency",
        ),
        ("{{ x|money }}", {"x": "not money", "locale": "es"}, TemplateError, "render"),
    ],
)
def test_every_failure_is_a_template_error_naming_the_template(source, context, error, says):
    with pytest.raises(error) as info:
        ENGINE.render_string(source, context, name="probe.j2")
    assert type(info.value).__module__.startswith("dunning")
    assert info.value.template == "probe.j2"
    assert says in str(info.value)


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_file_templates_fail_with_the_file_named(tmp_path: Path):
    engine = TemplateEngine(
        [
            _folder(
                tmp_path,
                {
                    "es/due.sms.j2": "{{ 'x'|center(10**9) }}",
                    "es/early.sms.j2": "{% include 'es/gone.j2' %}",
                    "es/late.sms.j2": "{{ 1 / 0 }}",
                    "es/mid.sms.j2": "{% if %}",
                },
            )
        ]
    )
    with pytest.raises(TemplateLimitError, match=r"es/due\.sms\.j2"):
        engine.render("due", "sms", "es", {})
    with pytest.raises(TemplateNotFoundError, match=r"es/early\.sms\.j2.*es/gone\.j2"):
        engine.render("early", "sms", "es", {})
    with pytest.raises(TemplateError, match=r"es/late\.sms\.j2.*ZeroDivisionError"):
        engine.render("late", "sms", "es", {})
    with pytest.raises(TemplateError, match=r"es/mid\.sms\.j2.*syntax error"):
        engine.resolve("mid", "sms", "es")


def test_one_bad_template_does_not_fail_the_plan(tmp_path: Path):
    # The "due" SMS template is broken for es_MX only: Ana (es_CL) gets hers, Beto's is skipped
    # with a reason naming the template, and the planner does not raise for the portfolio.
    engine = TemplateEngine([_folder(tmp_path, {"es_MX/due.sms.j2": "{{ 1 / 0 }}"})])
    planner = Planner(default_strategy(), creditor=CREDITOR, templates=engine)
    ana = Debtor(
        id="ana",
        name="Ana Pérez",
        country="CL",
        timezone="America/Santiago",
        phone="+56961234567",
        consents=[
            {"channel": "sms", "source": "form", "granted_at": datetime(2026, 1, 1, tzinfo=UTC)}
        ],
    )
    beto = Debtor(
        id="beto",
        name="Beto Ruiz",
        country="MX",
        timezone="America/Mexico_City",
        phone="+525512345678",
        consents=[
            {"channel": "sms", "source": "form", "granted_at": datetime(2026, 1, 1, tzinfo=UTC)}
        ],
    )
    debts = [
        Debt(id="a", debtor_id="ana", amount=Money("45000", "CLP"), due_date=date(2026, 11, 23)),
        Debt(id="b", debtor_id="beto", amount=Money("900", "MXN"), due_date=date(2026, 11, 23)),
    ]
    plan = planner.plan([ana, beto], debts, as_of=datetime(2026, 11, 23, 12, tzinfo=UTC))
    assert [m.debtor_id for m in plan.messages] == ["ana"]
    assert plan.messages[0].content is not None
    (skip,) = [s for s in plan.skipped if s.code is SkipCode.TEMPLATE_ERROR]
    assert skip.debtor_id == "beto" and skip.debt_ids == ("b",)
    assert "es_MX/due.sms.j2" in skip.reason and "ZeroDivisionError" in skip.reason
    assert skip.channel == "sms" and not skip.moved


@pytest.mark.parametrize(
    "source",
    [
        "{% set ns = namespace(a=1) %}{{ ns.__class__ }}",
        "{% set ns = namespace(a=1) %}{{ ns._Namespace__attrs }}",
        "{{ ns.f(1) }}",  # a str.format kept in a namespace is still the sandbox's
    ],
)
def test_a_namespace_gives_its_items_and_nothing_else(source):
    from jinja2.utils import Namespace

    context = {"ns": Namespace(f="{0.__class__.__mro__}".format)}
    assert ENGINE.render_string("{% set ns = namespace(a=1) %}{{ ns.a }}", {}) == "1"
    with pytest.raises(TemplateSecurityError):
        ENGINE.render_string(source, context)


def test_a_format_width_in_a_namespace_is_still_limited():
    from jinja2.utils import Namespace

    with pytest.raises(TemplateLimitError):
        ENGINE.render_string("{{ ns.f(1) }}", {"ns": Namespace(f="{0:>999999999}".format)})


@pytest.mark.parametrize(
    "source", ["{{ money.__class__ }}", "{{ money.__dict__ }}", "{{ creditor.__init__ }}"]
)
def test_a_models_fields_are_read_and_its_internals_are_not(source):
    context = {"money": Money("1500", "CLP"), "creditor": CREDITOR}
    assert ENGINE.render_string("{{ money.currency }} {{ creditor.tax_id }}", context) == (
        "CLP 76.123.456-7"
    )
    with pytest.raises(TemplateSecurityError):
        ENGINE.render_string(source, context)
