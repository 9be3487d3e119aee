"""The package's layers, pinned over the source's ``ast`` (docs/architecture.md draws them).

Every ``import`` counts: at module level, inside functions (lazy) and under ``TYPE_CHECKING``,
because a type-only arrow is still an arrow a reader has to follow.

* ``_core`` imports nothing else from ``dunning``;
* ``events`` imports ``_core``;
* ``policy`` imports ``_core`` and ``events``;
* ``_planning`` imports those three;
* the adapters (``templates``, ``channels``, ``conversation``) import the layers below, never one
  another;
* the applications (``_dispatch``, ``io`` and later ``analytics``, ...) sit on top and
  may use the adapters' public packages, never their private modules;
* the command line (``_cli``) sits on the applications and may use their public packages;
* the package's ``__init__``/``__main__`` may import anything.

And the graph of modules has no cycle, lazy imports included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "dunning"

LAYERS: dict[str, int] = {
    "_core": 0,
    "events": 1,
    "policy": 2,
    "_planning": 3,
    "templates": 4,
    "channels": 4,
    "conversation": 4,
    "_dispatch": 5,
    "io": 5,
    # The command line sits on the applications: ``dunning plan FILE`` reads through ``io``.
    "_cli": 7,
    "analytics": 5,
    "simulate": 6,
    "optimize": 5,
    "portal": 5,
}
ADAPTERS = {"templates", "channels", "conversation"}
ROOT_MODULES = {"dunning", "dunning.__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_only(tree: ast.Module) -> set[ast.AST]:
    """Import nodes under ``if TYPE_CHECKING:`` (annotations only: no runtime arrow)."""
    nodes: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                nodes.update(ast.walk(child))
    return nodes


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """Absolute ``dunning`` modules (or packages) ``path`` imports, lazily or not, and the same
    without the ones under ``TYPE_CHECKING`` (the runtime arrows)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    runtime: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = _type_only(tree)
    for node in ast.walk(tree):
        targets: set[str] = set()
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names if a.name.split(".")[0] == "dunning")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "dunning":
                continue
            targets.add(target)
            # ``from . import events`` names a module, not an attribute.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if _exists(candidate):
                    targets.add(candidate)
        found |= targets
        if node not in type_only:
            runtime |= targets
    found.discard(name)
    runtime.discard(name)
    return found, runtime


def _exists(module: str) -> bool:
    rel = Path(*module.split("."))
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def _group(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and module not in ROOT_MODULES else None


def _is_private_module_of(module: str, group: str) -> bool:
    parts = module.split(".")
    return len(parts) > 2 and parts[1] == group and any(p.startswith("_") for p in parts[2:])


_ARROWS = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {module: every for module, (every, _) in _ARROWS.items()}
RUNTIME = {module: runtime for module, (_, runtime) in _ARROWS.items()}


def _violations() -> list[str]:
    problems: list[str] = []
    for module, targets in sorted(GRAPH.items()):
        if module in ROOT_MODULES:
            continue
        group = _group(module)
        assert group in LAYERS, f"{module}: {group!r} has no layer: add it to LAYERS and the docs"
        for target in sorted(targets):
            tgroup = _group(target)
            if tgroup == group:
                continue
            if tgroup is None:
                problems.append(f"{module} imports the package root ({target})")
                continue
            if LAYERS[tgroup] >= LAYERS[group]:
                problems.append(
                    f"{module} ({group}) imports {target} ({tgroup}): not a lower layer"
                )
            elif tgroup in ADAPTERS and _is_private_module_of(target, tgroup):
                problems.append(f"{module} imports {target}: a private module of an adapter")
    return problems


def test_every_module_belongs_to_a_layer() -> None:
    assert {_group(m) for m in GRAPH if m not in ROOT_MODULES} <= set(LAYERS)


def test_imports_follow_the_layers() -> None:
    problems = _violations()
    assert not problems, "\n".join(problems)


def test_no_import_cycles() -> None:
    """Depth-first search over the runtime module → module arrows, lazy imports included.

    Annotation-only imports (under ``TYPE_CHECKING``) are left out: a module may name a type
    from the module that uses it (``policy._compiled`` takes a ``ContactPolicy``) without the
    two loading each other. The layer rule above still counts them.
    """
    modules = {
        m: {t for t in ts if t in GRAPH} for m, ts in RUNTIME.items() if m not in ROOT_MODULES
    }
    # Importing ``a.b`` runs ``a/__init__`` first; a package's own init importing its children is
    # the normal re-export and not a cycle, so arrows into a package's own init are dropped.
    for module, targets in modules.items():
        modules[module] = {t for t in targets if not module.startswith(t + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(modules.get(module, ())):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module)


def test_the_checker_sees_lazy_and_type_only_imports(tmp_path: Path) -> None:
    """The rule would be toothless if imports inside functions or TYPE_CHECKING were missed."""
    pkg = tmp_path / "dunning" / "_core"
    pkg.mkdir(parents=True)
    probe = pkg / "_probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .._planning._plan import Message\n"
        "def f():\n    from ..events import Event\n    import dunning.channels\n",
        encoding="utf-8",
    )
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        found, runtime = _imports(probe)
    finally:
        SRC = saved
    assert {"dunning._planning._plan", "dunning.events", "dunning.channels"} <= found
    assert "dunning._planning._plan" not in runtime
    assert {"dunning.events", "dunning.channels"} <= runtime
