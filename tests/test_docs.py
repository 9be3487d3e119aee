"""The README, the docs and the CI script say the same thing, and their code runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import dunning

ROOT = Path(__file__).resolve().parents[1]


def _bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, re.S)]


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def test_readme_opens_with_the_demo_command_then_the_test_command():
    blocks = _bash_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    demo, tests = blocks[0], blocks[1]
    assert demo.startswith("python3 -m venv .venv") and demo.endswith("dunning demo")
    assert tests.startswith("python3 -m venv .venv") and "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command():
    tests = _bash_blocks((ROOT / "README.md").read_text(encoding="utf-8"))[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci


RUN_HERE = [
    "README.md",
    "docs/quickstart.md",
    "docs/templates.md",
    "docs/webhooks.md",
    "docs/payment-plans.md",
    "docs/conversations.md",
    "docs/intents.md",
    "docs/workflow.md",
    "docs/analytics.md",
    "docs/experiments.md",
    "docs/planner.md",
    "docs/simulation.md",
    "docs/portal.md",
    "docs/scale.md",
]
# Pages whose code needs fixtures of their own and runs in the named test module.
RUN_ELSEWHERE = {
    "docs/channels.md": "tests/channels/test_channels_surface.py",
    "docs/policies.md": "tests/test_policy_docs.py",
    "docs/portfolio-files.md": "tests/io/test_io_load.py",
}


def test_every_page_with_python_code_is_run_somewhere():
    pages = {"README.md", *(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))}
    with_code = {page for page in pages if _python_blocks(ROOT / page)}
    assert with_code <= set(RUN_HERE) | set(RUN_ELSEWHERE), with_code - set(RUN_HERE)
    for page, module in RUN_ELSEWHERE.items():
        assert page.rsplit("/", 1)[1] in (ROOT / module).read_text(encoding="utf-8"), (page, module)


@pytest.mark.parametrize("page", RUN_HERE)
def test_python_code_in_the_docs_runs(page, capsys):
    namespace: dict[str, object] = {}
    for block in _python_blocks(ROOT / page):
        exec(compile(block, page, "exec"), namespace)
    assert capsys.readouterr().out


def _modules() -> list[str]:
    names = ["dunning"]
    for info in pkgutil.walk_packages(dunning.__path__, "dunning."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return names


class _SourceFinder(doctest.DocTestFinder):
    """Finds an exported object's examples in the module that defines it (whose namespace they
    use), although its ``__module__`` names the public path."""

    def _from_module(self, module, obj):  # type: ignore[no-untyped-def]
        from dunning._core._public import HOME

        try:
            home = HOME.get(obj)
        except TypeError:  # unhashable
            home = None
        if home is not None:
            return home == module.__name__
        return super()._from_module(module, obj)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in _SourceFinder().find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
