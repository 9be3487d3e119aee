"""Resource limits for the template sandbox, and the one table that translates render failures.

Jinja2's sandbox keeps templates away from Python internals, but not from the CPU and memory:
``{{ 'x'|center(10**9) }}``, ``{{ 'a' * 10**9 }}`` (which Jinja would even fold at compile time),
``replace`` chains that square a string at each step, nested ``range(100000)`` loops or
exponential macro recursion each take a process down. :class:`LimitedEnvironment` bounds them:

* operators ``*``, ``**``, ``+``, ``%`` and ``//`` are intercepted (so never constant-folded
  at compile time) and refused *before* they build a string, list or integer over the limits;
* the filters that amplify (``center``, ``indent``, ``replace``, ``format``, ``join``,
  ``batch``, ``slice``), ``str.format`` and ``%`` formatting are checked before they run, and
  every filter's string or list result after;
* ``range`` is capped, and every ``{% for %}`` iteration, call, attribute lookup and operator
  counts against a per-render step budget and deadline (the AST is rewritten at compile time
  so each loop and each ``~`` concatenation goes through the budget);
* the template source and the rendered output are capped.

:func:`translate` maps every failure (a missing include, a syntax error, ``1/0``, an overflow,
a recursion, an undefined variable, a limit...) to the :class:`~dunning.TemplateError` family,
naming the template.
"""

from __future__ import annotations

import re
import string
import time
import types
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError, nodes
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError, TemplatesNotFound
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer

from .._core._base import Model
from .._core._errors import (
    TemplateError,
    TemplateLimitError,
    TemplateNotFoundError,
    TemplateSecurityError,
    TemplateVariableError,
)

__all__ = ["LimitedEnvironment", "TemplateLimits", "budget", "translate"]


@dataclass(frozen=True, slots=True)
class TemplateLimits:
    """How much one render may take. The defaults are far above what a reminder needs (the
    built-in packs render in about a millisecond, with a few hundred steps and characters).

    ``max_source`` caps a template's text, ``max_string`` any string or list an operator or
    filter builds, ``max_output`` the rendered text, ``max_range`` the length of ``range()``,
    ``max_int_bits`` the size of an integer an operator builds, ``max_steps`` the loop
    iterations, calls, lookups and operators of one render, and ``max_seconds`` the CPU time the
    render's thread spends (checked every few steps). CPU time, not wall time: a legitimate
    template on a busy machine waits for a core without using its budget, while a hostile one
    that computes is stopped all the same.

    >>> TemplateLimits().max_range
    10000
    """

    max_source: int = 100_000
    max_string: int = 100_000
    max_output: int = 200_000
    max_range: int = 10_000
    max_int_bits: int = 4_096
    max_steps: int = 1_000_000
    max_seconds: float = 0.5


class _Budget:
    """The steps and the deadline of one render (nested renders share it)."""

    __slots__ = ("deadline", "limits", "max_steps", "steps")

    def __init__(self, limits: TemplateLimits) -> None:
        self.limits = limits
        self.max_steps = limits.max_steps
        self.steps = 0
        self.deadline = time.thread_time() + limits.max_seconds

    def tick(self) -> None:
        self.steps += 1
        self.check()

    def check(self) -> None:
        """Refuse a render past its steps, or (every 64 steps) past its time."""
        if self.steps > self.max_steps:
            raise _limit("steps", f"more than {self.max_steps} steps (loops, calls)")
        # Reading the thread's CPU clock is a system call: every 64 steps is often enough.
        if not self.steps & 63 and time.thread_time() > self.deadline:
            raise _limit("seconds", f"took longer than {self.limits.max_seconds} s to render")


_BUDGET: ContextVar[_Budget | None] = ContextVar("dunning_template_budget", default=None)


@contextmanager
def budget(limits: TemplateLimits) -> Iterator[None]:
    """Run the block under one render budget; inside another, share the outer one."""
    if _BUDGET.get() is not None:
        yield
        return
    token = _BUDGET.set(_Budget(limits))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _tick() -> None:
    # Budget.tick() inlined: a step is counted on every lookup, call and loop iteration.
    current = _BUDGET.get()
    if current is not None:
        current.steps += 1
        if current.steps > current.max_steps or not current.steps & 63:
            current.check()


def _limit(limit: str, message: str) -> TemplateLimitError:
    return TemplateLimitError(f"resource limit: {message}", limit=limit)


# --- checks ----------------------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d*)(?:\.(\*|\d*))?")


def _check_number(limits: TemplateLimits, digits: str | None, what: str) -> None:
    if digits == "*":
        raise _limit("string", f"'*' widths are not allowed in {what}")
    if digits and (len(digits) > 7 or int(digits) > limits.max_string):
        raise _limit("string", f"a width over {limits.max_string} in {what}")


def check_percent_format(limits: TemplateLimits, fmt: str) -> None:
    """Refuse ``%`` formatting whose widths or precisions would build a huge string."""
    for match in _PERCENT.finditer(fmt):
        _check_number(limits, match.group(1), "%-formatting")
        _check_number(limits, match.group(2), "%-formatting")


def check_format_spec(limits: TemplateLimits, fmt: str) -> None:
    """Refuse ``str.format`` fields with nested (computed) specs or huge widths."""
    for _, field, spec, _ in string.Formatter().parse(fmt):
        if field is None or not spec:
            continue
        if "{" in spec:
            raise _limit("string", "nested replacement fields in a format spec")
        for digits in re.findall(r"\d+", spec):
            _check_number(limits, digits, "a format spec")


def sized(limits: TemplateLimits, value: Any) -> Any:
    """``value``, refused when it is a string or list longer than ``max_string`` or an integer
    wider than ``max_int_bits``."""
    if isinstance(value, str | list | tuple) and len(value) > limits.max_string:
        raise _limit("string", f"a value of more than {limits.max_string} items or characters")
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value.bit_length() > limits.max_int_bits
    ):
        raise _limit("int", f"an integer wider than {limits.max_int_bits} bits")
    return value


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, Sized) else None


def _check_binop(limits: TemplateLimits, operator: str, left: Any, right: Any) -> None:
    ints = (
        isinstance(left, int)
        and isinstance(right, int)
        and not isinstance(left, bool)
        and not isinstance(right, bool)
    )
    if operator == "**" and ints and right > 0 and abs(left) > 1:
        if (abs(left).bit_length() - 1) * right > limits.max_int_bits:
            raise _limit("int", f"an integer wider than {limits.max_int_bits} bits")
    elif operator == "*":
        if ints and left.bit_length() + right.bit_length() > limits.max_int_bits + 1:
            raise _limit("int", f"an integer wider than {limits.max_int_bits} bits")
        for seq, times in ((left, right), (right, left)):
            size = _length(seq) if isinstance(seq, str | list | tuple) else None
            if size is not None and isinstance(times, int) and size * times > limits.max_string:
                raise _limit("string", f"repeating to more than {limits.max_string} items")
    elif operator == "%" and isinstance(left, str):
        check_percent_format(limits, left)


# --- filters and globals ---------------------------------------------------------------------


def _guard_filters(limits: TemplateLimits, filters: dict[str, Callable[..., Any]]) -> None:
    """Wrap every filter: amplifying ones are checked before they run, all of them after."""

    def width(value: Any) -> int:
        return len(value) if isinstance(value, str) else value if isinstance(value, int) else 0

    def center(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        wanted = kwargs.get("width", args[1] if len(args) > 1 else 80)
        if isinstance(wanted, int) and wanted > limits.max_string:
            raise _limit("string", f"center() wider than {limits.max_string}")

    def indent(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        text = str(args[0]) if args else ""
        pad = width(kwargs.get("width", args[1] if len(args) > 1 else 4))
        if len(text) + (text.count("\n") + 1) * pad > limits.max_string:
            raise _limit("string", f"indent() to more than {limits.max_string} characters")

    def replace(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if len(args) < 3:
            return
        text, old, new = (str(a) for a in args[:3])
        count = args[3] if len(args) > 3 else kwargs.get("count")
        found = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        if len(text) + found * (len(new) - len(old)) > limits.max_string:
            raise _limit("string", f"replace() to more than {limits.max_string} characters")

    def format_(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if args and isinstance(args[0], str):
            check_percent_format(limits, args[0])

    def join(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        items = _length(args[0]) if args else None
        separator = kwargs.get("d", args[1] if len(args) > 1 else "")
        if items is not None and items * len(str(separator)) > limits.max_string:
            raise _limit("string", f"join() to more than {limits.max_string} characters")

    def counted(position: int, name: str) -> Callable[[tuple[Any, ...], dict[str, Any]], None]:
        def check(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
            value = args[position] if len(args) > position else kwargs.get(name)
            if isinstance(value, int) and value > limits.max_range:
                raise _limit("range", f"{name} over {limits.max_range}")

        return check

    before: dict[str, Callable[[tuple[Any, ...], dict[str, Any]], None]] = {
        "center": center,
        "indent": indent,
        "replace": replace,
        "format": format_,
        "join": join,
        "batch": counted(1, "linecount"),
        "slice": counted(1, "slices"),
    }
    for name, function in list(filters.items()):
        filters[name] = _wrap_filter(limits, function, before.get(name))


def _wrap_filter(
    limits: TemplateLimits,
    function: Callable[..., Any],
    check: Callable[[tuple[Any, ...], dict[str, Any]], None] | None,
) -> Callable[..., Any]:
    # Context-taking filters get the context first: the checks look at the arguments after it.
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        if check is not None:
            check(args[skip:], kwargs)
        result = function(*args, **kwargs)
        return result if isinstance(result, Iterator) else sized(limits, result)

    guarded.__name__ = getattr(function, "__name__", "filter")
    guarded.__doc__ = function.__doc__
    guarded.__wrapped__ = function  # type: ignore[attr-defined]
    if hasattr(function, "jinja_pass_arg"):
        guarded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return guarded


# --- the environment -------------------------------------------------------------------------


class _Rewrite(NodeTransformer):
    """Send every loop's iterable and every ``~`` concatenation through the environment's
    budget: ``{% for %}`` bodies and string building are where hostile templates spend."""

    def __init__(self, environment: LimitedEnvironment) -> None:
        self.environment = environment

    def _call(self, method: str, node: nodes.Node) -> nodes.Call:
        call = nodes.Call(
            nodes.EnvironmentAttribute(method, lineno=node.lineno),
            [node],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        call.set_environment(self.environment)
        return call

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self._call("dunning_loop", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._call("dunning_sized", node)


_DICT_ATTRIBUTES = frozenset(dir(dict))
_FIELDS: dict[type, frozenset[str]] = {}


def _fields(kind: type) -> frozenset[str]:
    """The fields of one of dunning's frozen models (``Creditor``, ``Money``...), none for any
    other type: what the sandbox may read of them without its generic checks."""
    found = _FIELDS.get(kind)
    if found is None:
        found = frozenset(kind.model_fields) if issubclass(kind, Model) else frozenset()
        _FIELDS[kind] = found  # one entry per class, whatever the thread
    return found


_METHODS = (types.MethodType, types.BuiltinMethodType)


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox with :class:`TemplateLimits` (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, *, limits: TemplateLimits, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict over the environment's (jinja2 chains the two
        maps, and every context and every import looks keys up through the chain). The
        environment's globals are set once, before any template loads, as jinja2 asks."""
        return {**self.globals, **(d or {})}

    def guard_filters(self) -> None:
        """Wrap the filters (call after adding your own)."""
        _guard_filters(self.limits, self.filters)

    # -- compile time --

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > self.limits.max_source:
            raise _limit("source", f"a template longer than {self.limits.max_source} characters")
        tree = super()._parse(source, name, filename)
        result = _Rewrite(self).visit(tree)
        assert isinstance(result, nodes.Template)
        return result

    # -- run time: called from compiled templates --

    def dunning_loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Each iteration of a ``{% for %}`` loop is a step."""
        for item in iterable:
            _tick()
            yield item

    def dunning_sized(self, value: Any) -> Any:
        """A ``~`` concatenation, refused past ``max_string``."""
        return sized(self.limits, value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.limits.max_range:
            raise _limit("range", f"range() of more than {self.limits.max_range} items")
        return numbers

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if n * max > self.limits.max_string:
            raise _limit("string", f"lipsum() of more than {self.limits.max_string} words")
        from jinja2.utils import generate_lorem_ipsum

        return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _check_binop(self.limits, operator, left, right)
        return sized(self.limits, super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        if type(__obj) is Macro:
            # A template's own macro: what the sandbox's call and Context.call do for it (it is
            # safely callable and takes no context), without their lookups.
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __context.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        kind = type(obj)
        if kind is Namespace and attribute[:1] != "_":
            # An item of a namespace() (the packs keep a message's values in one): the sandbox
            # reads it as an attribute, which a name without "_" always is for a Namespace, and
            # only wraps it if it is a str.format method (left to the generic path below).
            try:
                # Its items, read without Namespace.__getattribute__ (a Python call per read).
                value = object.__getattribute__(obj, "_Namespace__attrs")[attribute]
            except (AttributeError, KeyError):
                pass
            else:
                if type(value) not in _METHODS:
                    return value
        elif kind is dict and attribute not in _DICT_ATTRIBUTES:
            # No attribute of that name: the sandbox would look the key up (items are safe).
            try:
                return obj[attribute]
            except KeyError:
                pass
        elif kind is TemplateModule and attribute[:1] != "_":
            # A macro of an imported template: public names of a module are safe to read.
            value = obj.__dict__.get(attribute)
            if type(value) is Macro:
                return value
        elif attribute in _fields(kind) and attribute[:1] != "_":
            # A field of a dunning model (a creditor's name, an amount's currency): data, which
            # the sandbox gives after checks that cannot refuse it (not a method, not a
            # mutable container, no "_"); a str.format method is left to the generic path.
            value = getattr(obj, attribute)
            if type(value) not in _METHODS:
                return value
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = str(value.__self__)
        limits = self.limits

        def checked(*args: Any, **kwargs: Any) -> str:
            check_format_spec(limits, fmt)
            return str(sized(limits, wrapped(*args, **kwargs)))

        return checked

    def collect(self, chunks: Iterable[str]) -> str:
        """The rendered text from ``chunks``, refused past ``max_output``."""
        parts: list[str] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > self.limits.max_output:
                raise _limit("output", f"more than {self.limits.max_output} characters of output")
            parts.append(chunk)
        return "".join(parts)


# --- one translation table -------------------------------------------------------------------


def translate(exc: BaseException, template: str) -> TemplateError:
    """The :class:`~dunning.TemplateError` for any failure while compiling or rendering
    ``template``, with the template's name (and, for includes, the missing one's)."""
    if isinstance(exc, TemplateError):
        if exc.template is not None:
            return exc
        if isinstance(exc, TemplateLimitError):
            return TemplateLimitError(str(exc), template=template, limit=exc.limit)
        return type(exc)(str(exc), template=template)
    if isinstance(exc, TemplateSyntaxError):
        where = f" in {exc.name!r}" if exc.name and exc.name != template else ""
        return TemplateError(
            f"syntax error line {exc.lineno}{where}: {exc.message}", template=template
        )
    if isinstance(exc, TemplatesNotFound | TemplateNotFound):
        return TemplateNotFoundError(
            f"uses a template that does not exist (include, import or extends): {exc.message}",
            template=template,
        )
    if isinstance(exc, SecurityError):
        return TemplateSecurityError(
            f"blocked by the sandbox: {exc} (templates may not reach Python internals)",
            template=template,
        )
    if isinstance(exc, UndefinedError):
        return TemplateVariableError(f"{exc.message}; pass it in the context", template=template)
    if isinstance(exc, RecursionError):
        return TemplateLimitError(
            "resource limit: nested or recursive too deeply", template=template, limit="depth"
        )
    if isinstance(exc, MemoryError):
        return TemplateLimitError(
            "resource limit: out of memory", template=template, limit="memory"
        )
    detail = str(exc)[:200]
    return TemplateError(
        f"failed to render: {type(exc).__name__}" + (f": {detail}" if detail else ""),
        template=template,
    )
