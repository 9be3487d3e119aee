"""Every form is recorded once, over real HTTP: a double click, a reload after posting or the
back button sends the same form again; the portal answers with the same "done" page and records
nothing more. A new form (a new page load) is a new request and is recorded."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from dunning.events import AgentHandoff, PaymentPlanAccepted, PromiseToPay

FORMS = [
    ("/advisor", {"message": "llámenme"}, AgentHandoff),
    ("/promise", {"debt": "F-1", "date": "2026-12-14"}, PromiseToPay),
    ("/plan", {"plan": None}, PaymentPlanAccepted),
]


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def _form(client, path: str, data: dict[str, str | None]) -> dict[str, str]:
    page = client.get(path).text
    if data.get("plan", "") is None:
        data = {"plan": re.search(r'name="plan" id="[^"]+" value="([^"]+)"', page).group(1)}
    return {"csrf": _csrf(page), **{k: v for k, v in data.items() if v is not None}}


@pytest.mark.parametrize(("path", "data", "kind"), FORMS)
def test_a_form_sent_twice_is_recorded_once(world, path, data, kind):
    client = world.session("c-1")
    form = _form(client, path, data)
    first = client.post(path, data=form)
    again = client.post(path, data=form)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"] == "/done" + path
    events = world.store.events
    assert len(events) == 1 and isinstance(events[0], kind)
    assert client.get(again.headers["location"]).status_code == 200


@pytest.mark.parametrize(("path", "data", "kind"), FORMS)
def test_a_double_click_racing_on_two_connections_is_recorded_once(world, path, data, kind):
    first = world.session("c-1")
    form = _form(first, path, data)
    twin = world.client()
    twin.cookies = first.cookies  # the same browser session on a second connection
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda c: c.post(path, data=form), [first, twin] * 4))
    assert {a.status_code for a in answers} == {303}
    assert {a.headers["location"] for a in answers} == {"/done" + path}
    assert [type(e) for e in world.store.events] == [kind]


def test_each_new_form_is_a_new_request(world):
    client = world.session("c-1")
    for message in ("uno", "dos"):
        assert (
            client.post(
                "/advisor", data=_form(client, "/advisor", {"message": message})
            ).status_code
            == 303
        )
    assert [e.summary.rsplit(": ", 1)[1] for e in world.store.events] == ["uno", "dos"]


def test_a_form_refused_as_invalid_can_be_corrected_and_sent(world):
    """Nothing recorded, nothing consumed: the same form sent again with a good date counts."""
    client = world.session("c-1")
    form = _form(client, "/promise", {"debt": "F-1", "date": "2031-01-01"})
    assert client.post("/promise", data=form).status_code == 400
    assert world.store.events == []
    good = client.post("/promise", data={**form, "date": "2026-12-14"})
    assert good.status_code == 303 and len(world.store.events) == 1
    assert client.post("/promise", data={**form, "date": "2026-12-15"}).status_code == 303
    assert [e.promised_date.day for e in world.store.events] == [14]


def test_a_form_id_is_bound_to_its_session(world):
    """Another session cannot replay (or pre-empt) this session's form: its MAC binds both."""
    mine, other = world.session("c-1"), world.session("c-1")
    form = _form(mine, "/advisor", {})
    assert other.post("/advisor", data=form).status_code == 403
    assert mine.post("/advisor", data=form).status_code == 303
    assert len(world.store.events) == 1


def test_a_store_that_fails_leaves_the_form_unspent(world, monkeypatch):
    client = world.session("c-1")
    form = _form(client, "/advisor", {})
    real = world.store.append

    def broken(events):
        raise OSError("database down")

    monkeypatch.setattr(world.store, "append", broken)
    assert client.post("/advisor", data=form).status_code == 500
    monkeypatch.setattr(world.store, "append", real)
    assert client.post("/advisor", data=form).status_code == 303
    assert len(world.store.events) == 1
