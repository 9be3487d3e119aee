"""A TemplateEngine pickles by its settings, so a planner that renders goes to worker processes."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dunning import Creditor, Debt, Debtor, Money, Plan, Planner, TemplateError, default_strategy
from dunning.templates import TemplateEngine, TemplateLimits, WhatsAppTemplate

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
DEBTORS = [Debtor(id=i, name="Ana Pérez", country="CL", email=f"{i}@example.cl") for i in "ab"]
DEBTS = [
    Debt(id=f"F-{i}", debtor_id=i, amount=Money("45000", "CLP"), due_date=date(2026, 11, 20))
    for i in "ab"
]


def _engine(folder: Path) -> TemplateEngine:
    (folder / "es_CL").mkdir(parents=True)
    (folder / "es_CL" / "early.email.j2").write_text(
        "{% block subject %}Aviso{% endblock %}{% block body %}Hola {{ debtor.name }}, "
        "te escribe la casa.{% endblock %}",
        encoding="utf-8",
    )
    approved = WhatsAppTemplate(name="aviso", language="es_CL", parameters=("debtor.first_name",))
    return TemplateEngine(
        [folder], whatsapp={"early": approved}, limits=TemplateLimits(max_steps=50_000)
    )


def test_an_engine_pickles_by_its_settings(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "mine")
    engine.resolve("early", "email", "es_CL")  # caches are not carried
    copy = pickle.loads(pickle.dumps(engine))
    assert type(copy) is TemplateEngine and copy is not engine
    assert (copy.folders, copy.whatsapp, copy.limits) == (
        engine.folders,
        engine.whatsapp,
        engine.limits,
    )
    assert copy.resolve("early", "email", "es_CL") == "es_CL/early.email.j2"
    planner = Planner(default_strategy(), creditor=Creditor(name="Casa"), templates=engine)
    plan = planner.plan(DEBTORS, DEBTS, as_of=AS_OF, horizon_days=3)
    again = pickle.loads(pickle.dumps(planner)).plan(DEBTORS, DEBTS, as_of=AS_OF, horizon_days=3)
    assert again.messages == plan.messages
    assert "te escribe la casa" in plan.messages[0].content.text  # the folder's own template


def _plan_in_worker(planner: Planner) -> Plan:
    return planner.plan(DEBTORS, DEBTS, as_of=AS_OF, horizon_days=3)


def test_a_planner_that_renders_plans_in_another_process(tmp_path: Path) -> None:
    planner = Planner(
        default_strategy(), creditor=Creditor(name="Casa"), templates=_engine(tmp_path / "t")
    )
    with ProcessPoolExecutor(max_workers=1) as pool:
        there = pool.submit(_plan_in_worker, planner).result()
    here = _plan_in_worker(planner)
    assert there.messages == here.messages and all(m.content for m in there.messages)


def test_a_folder_gone_where_it_is_unpickled_is_a_template_error(tmp_path: Path) -> None:
    pickled = pickle.dumps(_engine(tmp_path / "gone"))
    shutil.rmtree(tmp_path / "gone")
    with pytest.raises(TemplateError, match="does not exist"):
        pickle.loads(pickled)
