"""The portal's security, over real HTTP: links, sessions, CSRF, rate limits, isolation, secrets."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from dunning import Debt, Debtor, InputError, LinkError, Money, NaiveDatetimeError
from dunning.events import DisputeOpened, PromiseToPay
from dunning.portal import MemoryStore, Portal, RedactLinks, Throttle

from .conftest import CREDITOR, NOW, SECRET, Clock, debtors, debts, make_portal, serving


def _token(url: str) -> str:
    return url.rsplit("/l/", 1)[1]


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def _flip(text: str, index: int) -> str:
    char = text[index]
    return text[:index] + ("A" if char != "A" else "B") + text[index + 1 :]


def test_a_good_link_opens_a_session_and_lands_on_its_page(world):
    client = world.client()
    response = client.get(world.link("c-1"))
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    page = client.get("/")
    assert page.status_code == 200 and "Ana Pérez" in page.text
    assert "Content-Security-Policy" in page.headers and page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_the_session_cookie_is_secure_by_default():
    portal = Portal(secret=SECRET, store=MemoryStore(debtors(), debts()), creditor=CREDITOR)
    with serving(portal) as base:
        with httpx.Client() as client:
            response = client.get(base + portal.link("c-1", as_of=datetime.now(UTC)))
        assert response.status_code == 303
        assert "Secure" in response.headers["set-cookie"]


@pytest.mark.parametrize("where", ["payload", "signature"])
def test_a_tampered_link_is_refused(world, where):
    url = world.link("c-1")
    token = _token(url)
    index = 3 if where == "payload" else len(token) - 5
    response = world.client().get(url.replace(token, _flip(token, index)))
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert "no es válido" in response.text


def test_a_link_whose_payload_names_another_debtor_is_refused(world):
    """Swapping the debtor id inside a valid token's payload breaks its signature."""
    import base64
    import json

    url = world.link("c-1")
    payload, signature = _token(url).split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["d"] = "c-2"
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    response = world.client().get(url.replace(_token(url), f"{forged}.{signature}"))
    assert response.status_code == 403 and "set-cookie" not in response.headers


def test_a_link_signed_with_another_secret_is_refused(world):
    other = Portal(
        secret="another-secret-of-enough-length-0123456789",
        store=world.store,
        creditor=CREDITOR,
    )
    response = world.client().get(world.base + other.link("c-1", as_of=NOW))
    assert response.status_code == 403


def test_an_old_secret_still_verifies_while_keys_rotate(world):
    old = Portal(secret=SECRET, store=world.store, creditor=CREDITOR)
    rotated = make_portal(
        world.store, Clock(), secret=["a-brand-new-secret-0123456789-abcdefgh", SECRET]
    )
    with serving(rotated) as base, httpx.Client() as client:
        assert client.get(base + old.link("c-1", as_of=NOW)).status_code == 303


def test_an_expired_link_is_refused(world):
    url = world.link("c-1", expires=timedelta(hours=1))
    assert world.client().get(url).status_code == 303
    world.clock.now = NOW + timedelta(hours=1)
    response = world.client().get(url)
    assert response.status_code == 403 and "set-cookie" not in response.headers


def test_a_session_expires(world):
    client = world.session("c-1")
    assert client.get("/").status_code == 200
    world.clock.now = NOW + timedelta(minutes=31)
    assert client.get("/").status_code == 403


def test_a_single_purpose_link_opens_only_its_own_flow(world):
    client = world.client()
    response = client.get(world.link("c-1", purpose="preferences"))
    assert response.headers["location"] == "/preferences"
    page = client.get("/preferences")
    assert page.status_code == 200
    for path in ("/", "/plan", "/promise", "/dispute", "/report", "/advisor"):
        assert client.get(path).status_code == 403, path
    refused = client.post(
        "/promise", data={"csrf": _csrf(page.text), "debt": "F-1", "date": "2026-12-10"}
    )
    assert refused.status_code == 403
    assert world.store.events == []


def test_a_link_is_not_a_session_and_a_session_is_not_a_link(world):
    client = world.client()
    url = world.link("c-1")
    response = client.get(url)
    session = response.cookies["dunning_portal"]
    # The session cookie's value presented as a link, and the link's token as a cookie.
    assert world.client().get(f"{world.base}/l/{session}").status_code == 403
    stranger = world.client()
    stranger.cookies.set("dunning_portal", _token(url))
    assert stranger.get("/").status_code == 403


def test_no_session_no_page(world):
    client = world.client()
    for path in ("/", "/plan", "/preferences", "/done/promise"):
        assert client.get(path).status_code == 403
    assert client.post("/promise", data={"debt": "F-1", "date": "2026-12-10"}).status_code == 403


def test_a_link_for_an_unknown_debtor_is_refused(world):
    assert world.client().get(world.link("c-404")).status_code == 403


def test_another_debtors_debt_cannot_be_reached_by_changing_an_id(world):
    client = world.session("c-1")
    page = client.get("/promise")
    assert "B-1" not in page.text and "João" not in page.text and "Fatura 77" not in page.text
    csrf = _csrf(page.text)
    for ids in (["B-1"], ["F-1", "B-1"], ["nope"], []):
        response = client.post("/promise", data={"csrf": csrf, "debt": ids, "date": "2026-12-10"})
        assert response.status_code == 400, ids
    assert world.store.events == []
    # Pages take no debtor id at all: query strings and paths with ids change nothing.
    assert "João" not in client.get("/", params={"debtor": "c-2", "debtor_id": "c-2"}).text
    assert client.get("/c-2").status_code == 404
    # c-1's own debt works with the same form.
    ok = client.post("/promise", data={"csrf": csrf, "debt": "F-1", "date": "2026-12-10"})
    assert ok.status_code == 303
    [event] = world.store.events
    assert isinstance(event, PromiseToPay) and event.debt_id == "F-1"


def test_forms_without_or_with_a_wrong_csrf_token_are_refused(world):
    client = world.session("c-1")
    good = _csrf(client.get("/advisor").text)
    other = world.session("c-2")
    foreign = _csrf(other.get("/advisor").text)
    for data in (
        {"message": "hola"},
        {"message": "hola", "csrf": ""},
        {"message": "hola", "csrf": _flip(good, 2)},
        {"message": "hola", "csrf": foreign},  # another session's token
        {"message": "hola", "csrf": "x" * 5000},
    ):
        response = client.post("/advisor", data=data)
        assert response.status_code in (403, 413), data
    assert world.store.events == []
    assert client.post("/advisor", data={"message": "hola", "csrf": good}).status_code == 303
    assert len(world.store.events) == 1


def test_a_new_link_starts_a_new_session_with_a_new_csrf_token(world):
    client = world.session("c-1")
    first = _csrf(client.get("/advisor").text)
    client.get(world.link("c-1"))
    second = _csrf(client.get("/advisor").text)
    assert first != second
    assert client.post("/advisor", data={"csrf": first}).status_code == 403


def test_opening_links_is_rate_limited(make_world):
    w = make_world(link_limit=Throttle(per_minute=1, burst=3))
    url = w.link("c-1")
    codes = [w.client().get(url).status_code for _ in range(5)]
    assert codes == [303, 303, 303, 429, 429]
    refused = w.client().get(url)
    assert int(refused.headers["retry-after"]) >= 1
    # The bucket refills with time (the portal's clock).
    w.clock.now = NOW + timedelta(minutes=2)
    assert w.client().get(url).status_code == 303


def test_guessing_links_from_one_address_is_rate_limited(make_world):
    w = make_world(link_limit=Throttle(per_minute=1, burst=4))
    client = w.client()
    codes = [client.get(f"{w.base}/l/guess{i}.x").status_code for i in range(6)]
    assert codes == [403, 403, 403, 403, 429, 429]


def test_forms_are_rate_limited(make_world):
    w = make_world(form_limit=Throttle(per_minute=1, burst=2))
    client = w.session("c-1")
    forms = [_csrf(client.get("/advisor").text) for _ in range(4)]  # four forms, each sent once
    answers = [client.post("/advisor", data={"csrf": csrf}) for csrf in forms]
    assert [a.status_code for a in answers] == [303, 303, 429, 429]
    assert answers[-1].headers["retry-after"] == "60"  # one a minute
    assert len(w.store.events) == 2


def test_debtor_text_is_escaped_and_unsafe_pay_links_are_not_rendered():
    store = MemoryStore(
        [Debtor(id="x", name="<script>alert(1)</script>", country="CL", email="x@example.cl")],
        [
            Debt(
                id="X-1",
                debtor_id="x",
                amount=Money("1000", "CLP"),
                due_date=date(2026, 11, 1),
                reference='"><img src=x onerror=alert(1)>',
                payment_url="javascript:alert(1)",
            )
        ],
    )
    portal = make_portal(store, Clock())
    with serving(portal) as base, httpx.Client(base_url=base) as client:
        assert client.get(base + portal.link("x", as_of=NOW)).status_code == 303
        html = client.get("/").text
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert "javascript:" not in html


def test_secrets_and_tokens_never_reach_pages_or_logs(all_logs):
    """Server-side logs (the portal's and uvicorn's access log with :class:`RedactLinks`) and
    every page: never the secret, a link token, a session cookie or their signatures."""
    access = logging.getLogger("uvicorn.access")
    redact = RedactLinks()
    access.addFilter(redact)
    clock = Clock()
    store = MemoryStore(debtors(), debts())
    portal = make_portal(store, clock)
    try:
        with serving(portal, access_log=True) as base, httpx.Client(base_url=base) as client:
            url = base + portal.link("c-1", as_of=NOW)
            opened = client.get(url)
            session = opened.cookies["dunning_portal"]
            paths = ("/", "/plan", "/promise", "/report", "/dispute", "/advisor", "/preferences")
            pages = [client.get(p).text for p in paths]
            csrf = _csrf(pages[2])
            client.post("/promise", data={"csrf": csrf, "debt": "F-1", "date": "2026-12-10"})
            pages.append(client.get("/done/promise").text)
            # refusals are logged too: they must not quote what they refuse
            with httpx.Client() as stranger:
                stranger.get(url.replace(_token(url), _flip(_token(url), 4)))
                stranger.get(f"{base}/l/{session}")
    finally:
        access.removeFilter(redact)
    server_side = [r for r in all_logs.records if not r.name.startswith(("httpx", "httpcore"))]
    logs = "\n".join(f"{r.name} {r.getMessage()}" for r in server_side)
    assert "portal: link opened for debtor c-1" in logs and "link refused" in logs
    assert "GET /l/[redacted]" in logs  # the access log saw the link, without its token
    raw_token = _token(url)
    for secret in (SECRET, raw_token, raw_token.split(".")[1], session, session.split(".")[1]):
        assert secret not in logs
        for html in pages:
            assert secret not in html
    assert SECRET not in repr(portal)


def test_link_arguments_are_checked():
    portal = make_portal(MemoryStore(debtors()), Clock())
    with pytest.raises(NaiveDatetimeError):
        portal.link("c-1", as_of=NOW.replace(tzinfo=None))
    with pytest.raises(InputError, match="purpose"):
        portal.link("c-1", purpose="admin", as_of=NOW)
    with pytest.raises(InputError, match="expire"):
        portal.link("c-1", expires=timedelta(days=91), as_of=NOW)
    with pytest.raises(InputError, match="expire"):
        portal.link("c-1", expires=NOW - timedelta(seconds=1), as_of=NOW)


def test_a_short_secret_is_refused_without_echoing_it():
    with pytest.raises(InputError) as caught:
        Portal(secret="short-secret", store=MemoryStore(debtors()), creditor=CREDITOR)
    assert "short-secret" not in str(caught.value)


def test_link_errors_say_why_and_never_quote_the_token():
    from dunning.portal._tokens import Signer

    signer = Signer([SECRET.encode()], kind="link")
    token = signer.sign("c-1", "account", expires=NOW + timedelta(hours=1))
    assert signer.verify(token, purposes=["account"], as_of=NOW).debtor_id == "c-1"
    cases = {
        "malformed": "not-a-token",
        "signature": _flip(token, 2),
        "expired": token,
        "purpose": token,
    }
    for reason, value in cases.items():
        as_of = NOW + timedelta(hours=2) if reason == "expired" else NOW
        purposes = ["plan"] if reason == "purpose" else ["account"]
        with pytest.raises(LinkError) as caught:
            signer.verify(value, purposes=purposes, as_of=as_of)
        assert caught.value.reason == reason
        assert token.split(".")[1] not in str(caught.value)


def test_pages_that_do_not_exist_are_not_found(world):
    client = world.session("c-1")
    for path in ("/done", "/done/account", "/done/other", "/admin", "/l", "/static/x.css"):
        assert client.get(path).status_code == 404, path
    assert client.post("/", data={}).status_code == 405


def test_a_body_too_large_is_refused_unread(world):
    client = world.session("c-1")
    csrf = _csrf(client.get("/advisor").text)
    response = client.post("/advisor", data={"csrf": csrf, "message": "x" * 20_000})
    assert response.status_code == 413
    assert world.store.events == []


def test_long_text_is_cut_and_control_characters_dropped(world):
    client = world.session("c-1")
    csrf = _csrf(client.get("/advisor").text)
    message = "hola\x00\x1b[31m" + "a" * 900
    assert client.post("/advisor", data={"csrf": csrf, "message": message}).status_code == 303
    [event] = world.store.events
    assert "\x00" not in event.summary and "\x1b" not in event.summary
    assert len(event.summary) < 600


def test_mounted_under_a_path_every_link_form_and_cookie_carries_it():
    from starlette.applications import Starlette
    from starlette.routing import Mount

    clock = Clock()
    store = MemoryStore(debtors(), debts())
    portal = make_portal(store, clock, base_url="")
    app = Starlette(routes=[Mount("/cuenta", app=portal)])
    with serving(app) as base, httpx.Client(base_url=base) as client:
        opened = client.get(base + "/cuenta" + portal.link("c-1", as_of=NOW))
        assert opened.status_code == 303 and opened.headers["location"] == "/cuenta/"
        assert "Path=/cuenta" in opened.headers["set-cookie"]
        home = client.get("/cuenta/")
        assert 'href="/cuenta/static/portal.css"' in home.text
        assert 'href="/cuenta/promise"' in home.text
        assert (
            client.get("/cuenta/static/portal.css").headers["content-type"].startswith("text/css")
        )
        form = client.get("/cuenta/advisor")
        assert 'action="/cuenta/advisor"' in form.text
        done = client.post("/cuenta/advisor", data={"csrf": _csrf(form.text), "message": "hola"})
        assert done.headers["location"] == "/cuenta/done/advisor"
        # the cookie is not sent outside the mount
        assert client.get("/").status_code == 404
    assert len(store.events) == 1


class _LeakyStore(MemoryStore):
    """A store with a bug: it answers with every debtor's debts and events."""

    def debts(self, debtor_id):
        return self.all_debts

    def history(self, debtor_id):
        return self.events


def test_a_store_that_returns_too_much_still_shows_only_the_debtors_own_data():
    store = _LeakyStore(debtors(), debts())
    store.append(
        [
            PromiseToPay(
                at=NOW - timedelta(days=1), debt_id="B-1", promised_date=date(2026, 12, 9)
            ),
            DisputeOpened(at=NOW - timedelta(days=1), debt_id="U-1"),
        ]
    )
    portal = make_portal(store, Clock())
    with serving(portal) as base, httpx.Client(base_url=base) as client:
        client.get(base + portal.link("c-1", as_of=NOW))
        pages = [client.get(p).text for p in ("/", "/promise", "/plan", "/dispute")]
        csrf = _csrf(pages[1])
        refused = client.post("/promise", data={"csrf": csrf, "debt": "B-1", "date": "2026-12-10"})
    assert refused.status_code == 400
    for html in pages:
        for other in ("Fatura 77", "Invoice 9", "João", "Mary", "R$", "US$", "9 de diciembre"):
            assert other not in html, other
    assert "$57.990" in pages[0]
