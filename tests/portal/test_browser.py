"""Every portal flow driven in a real headless Chromium (Playwright, the system's browser), with
JavaScript turned off: the core flows must work on a plain HTML form.

Skipped when no Chromium is installed, but FAILS under ``CI=true`` (``.ci/run`` installs it).
With ``DUNNING_SCREENSHOTS=1`` the screenshots go to ``docs/images/portal-*.png`` (the ones
docs/portal.md shows); otherwise to a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dunning import Money
from dunning.events import (
    AgentHandoff,
    ConsentGranted,
    ConsentRevoked,
    DisputeOpened,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PaymentReported,
    PromiseToPay,
)

from .conftest import NOW

BROWSER = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
PHONE = {"width": 390, "height": 844}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if BROWSER is None:
        if _in_ci():
            pytest.fail("CI must drive the portal in a real browser: .ci/run installs chromium")
        pytest.skip("no headless Chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=BROWSER, args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    if os.environ.get("DUNNING_SCREENSHOTS") == "1":
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        return DOCS_IMAGES
    return tmp_path


@pytest.fixture
def page(browser, world):
    """A phone-sized page with JavaScript OFF, and every request to the outside world stubbed
    (the integrator's payment page answers from here; nothing leaves the machine)."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="es-CL")
    context.route(
        re.compile(r"https://pay\.example\..*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>PSP</h1>"),
    )
    page = context.new_page()
    yield page
    context.close()


def _shot(page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"portal-{name}.png"), full_page=True)


def _accessible(page) -> None:
    """The page names its language, has one h1, and every field has a label."""
    assert page.locator("html").get_attribute("lang") in ("es", "pt", "en")
    assert page.locator("h1").count() == 1
    for field in page.locator("input:not([type=hidden]), textarea, select").all():
        ident = field.get_attribute("id")
        assert ident and page.locator(f"label[for='{ident}']").count() == 1, ident


def test_the_account_shows_balance_overdue_history_and_a_pay_link(world, page, shots):
    world.store.append(
        [
            MessageSent(
                at=datetime(2026, 11, 21, 13, tzinfo=UTC),
                message_id="m-1",
                debtor_id="c-1",
                channel="sms",
                debt_ids=("F-1",),
            ),
            PaymentReceived(
                at=datetime(2026, 11, 25, 18, tzinfo=UTC),
                debt_id="F-1",
                amount=Money("5990", "CLP"),
            ),
            # another debtor's payment never shows here
            PaymentReceived(
                at=datetime(2026, 11, 25, 18, tzinfo=UTC), debt_id="B-1", amount=Money("1", "BRL")
            ),
        ]
    )
    page.goto(world.link("c-1"))
    assert page.url == world.base + "/"
    _accessible(page)
    assert page.locator("h1").inner_text() == "Hola, Ana Pérez"
    summary = page.locator("section.summary").inner_text()
    assert "$52.000" in summary and "Vencido: $40.000" in summary
    first = page.locator("li.debt").first.inner_text()
    assert "Boleta 1043" in first and "20 de noviembre de 2026" in first
    assert "$40.000" in first and "Vencida hace 14 días" in first
    history = page.locator("ol.history li").all_inner_texts()
    assert history == [
        "25 de noviembre de 2026\nPago recibido: $5.990",
        "21 de noviembre de 2026\nTe enviamos un recordatorio por SMS",
    ]
    _shot(page, shots, "account")
    page.get_by_role("link", name="Pagar Boleta 1043").click()
    assert page.url == "https://pay.example.cl/F-1"
    assert page.locator("h1").inner_text() == "PSP"


def test_choosing_and_accepting_a_payment_plan(world, page, shots):
    page.goto(world.link("c-1"))
    page.get_by_role("link", name="Elegir un plan de pagos").click()
    _accessible(page)
    options = page.locator("input[name=plan]")
    assert options.count() >= 2
    assert "Pagar $57.990 de una vez" in page.locator("fieldset").inner_text()
    _shot(page, shots, "plan")
    page.locator("label[for=plan-2]").click()
    page.get_by_role("button", name="Aceptar este plan").click()
    assert page.url == world.base + "/done/plan"
    assert "plan de pagos quedó registrado" in page.locator("[role=status]").inner_text()
    [event] = world.store.events
    assert isinstance(event, PaymentPlanAccepted) and len(event.installments) == 2
    page.get_by_role("link", name="Volver a mi cuenta").click()
    assert "En plan de pagos" in page.locator("li.debt").first.inner_text()
    assert "Plan de pagos aceptado (2 cuotas)" in page.locator("ol.history").inner_text()


def test_promising_a_date(world, page, shots):
    page.goto(world.link("c-1"))
    page.get_by_role("link", name="Prometer una fecha de pago").click()
    _accessible(page)
    page.locator("label[for=debt-2]").click()  # untick the debt that is not due yet
    page.get_by_label("Fecha en que pagarás").fill("2026-12-14")
    _shot(page, shots, "promise")
    page.get_by_role("button", name="Enviar").click()
    assert page.url == world.base + "/done/promise"
    [event] = world.store.events
    assert isinstance(event, PromiseToPay) and event.debt_id == "F-1"
    assert event.promised_date.isoformat() == "2026-12-14"
    page.get_by_role("link", name="Volver a mi cuenta").click()
    assert (
        "Prometiste pagar el 14 de diciembre de 2026" in page.locator("li.debt").first.inner_text()
    )


def test_reporting_a_payment(world, page, shots):
    page.goto(world.link("c-1"))
    page.get_by_role("link", name="Informar un pago que ya hice").click()
    _accessible(page)
    page.get_by_label("Fecha en que pagaste").fill("2026-12-03")
    page.get_by_label("Detalle").fill("Transferencia BCI 4455")
    page.get_by_role("button", name="Enviar").click()
    assert page.url == world.base + "/done/report"
    events = world.store.events
    assert {e.debt_id for e in events} == {"F-1", "F-2"}
    assert all(isinstance(e, PaymentReported) and "BCI 4455" in (e.note or "") for e in events)


def test_disputing_a_debt(world, page, shots):
    page.goto(world.link("c-1"))
    page.get_by_role("link", name="No reconozco esta deuda").click()
    _accessible(page)
    page.locator("label[for=debt-2]").click()
    page.get_by_label("Cuéntanos por qué").fill("Nunca compré en esta tienda")
    page.get_by_role("button", name="Enviar").click()
    assert "Pausamos el cobro" in page.locator("[role=status]").inner_text()
    dispute, handoff = world.store.events
    assert isinstance(dispute, DisputeOpened) and dispute.debt_id == "F-1"
    assert isinstance(handoff, AgentHandoff)


def test_talking_to_an_advisor(world, page, shots):
    page.goto(world.link("c-1"))
    page.get_by_role("link", name="Hablar con un asesor").click()
    _accessible(page)
    page.get_by_label("Tu mensaje").fill("¿Puedo pagar el viernes?")
    page.get_by_role("button", name="Enviar").click()
    assert "Un asesor te contactará" in page.locator("[role=status]").inner_text()
    [event] = world.store.events
    assert isinstance(event, AgentHandoff) and "¿Puedo pagar el viernes?" in event.summary


def test_contact_preferences_and_opting_out(world, page, shots):
    page.goto(world.link("c-1"))
    page.get_by_role("link", name="Preferencias de contacto").click()
    _accessible(page)
    sms, whatsapp = page.get_by_label("SMS"), page.get_by_label("WhatsApp")
    # Chile needs a recorded consent for WhatsApp: off until the debtor ticks it
    assert sms.is_checked() and not whatsapp.is_checked()
    sms.uncheck()
    whatsapp.check()
    _shot(page, shots, "preferences")
    page.get_by_role("button", name="Guardar preferencias").click()
    granted, revoked = world.store.events
    assert isinstance(granted, ConsentGranted) and granted.channel.value == "whatsapp"
    assert isinstance(revoked, ConsentRevoked) and revoked.channel.value == "sms"
    page.get_by_role("link", name="Volver a mi cuenta").click()
    history = page.locator("ol.history").inner_text()
    assert "Aceptaste mensajes por WhatsApp" in history
    assert "Dejaste de recibir mensajes por SMS" in history
    page.get_by_role("link", name="Preferencias de contacto").click()
    assert not page.get_by_label("SMS").is_checked()
    assert page.get_by_label("WhatsApp").is_checked()
    page.get_by_role("button", name="No quiero recibir más mensajes").click()
    assert isinstance(world.store.events[-1], ConsentRevoked)
    assert world.store.events[-1].channel is None


def test_an_opt_out_link_opens_only_the_preferences(world, page):
    page.goto(world.link("c-1", purpose="preferences"))
    assert page.url == world.base + "/preferences"
    assert page.get_by_role("link", name="Volver a mi cuenta").count() == 0
    response = page.goto(world.base + "/")
    assert response.status == 403


def test_portuguese_and_english_debtors_read_their_language(world, page, shots):
    page.goto(world.link("c-2"))
    assert page.locator("html").get_attribute("lang") == "pt"
    assert page.locator("h1").inner_text() == "Olá, João Silva"
    assert "R$\xa01.234,56" in page.locator("section.summary").inner_text()
    assert "10 de novembro de 2026" in page.locator("li.debt").inner_text()
    _shot(page, shots, "account-pt")
    page.goto(world.link("c-3"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "$250.00" in page.locator("section.summary").inner_text()
    assert "November 1, 2026" in page.locator("li.debt").inner_text()


def test_an_expired_link_explains_what_to_do(world, page, shots):
    url = world.link("c-1", expires=timedelta(hours=1))
    world.clock.now = NOW + timedelta(days=1)
    response = page.goto(url)
    assert response.status == 403
    _accessible(page)
    assert "Pide uno nuevo a Tienda Sur" in page.locator("[role=alert]").inner_text()
    _shot(page, shots, "expired")


def test_text_has_enough_contrast(browser, world):
    """WCAG 2.x contrast (4.5:1 for body text), computed in the browser from the styles applied
    to every element with text, against the nearest opaque background."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    worst = []
    for path in ("/", "/promise", "/preferences"):
        page.goto(world.link("c-1") if path == "/" else world.base + path)
        worst += page.evaluate(_CONTRAST_JS)
    context.close()
    low = [(text, ratio) for text, ratio in worst if ratio < 4.5]
    assert not low, low


_CONTRAST_JS = """
() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.offsetParent === null) continue;
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    out.push([el.textContent.trim().slice(0, 30), ratio]);
  }
  return out;
}
"""


@pytest.mark.parametrize("button", ["Enviar", "Aceptar este plan"])
def test_a_double_clicked_submit_is_recorded_once(world, page, button, monkeypatch):
    """A slow answer and an impatient debtor: the submit is clicked again while the first post
    is still on its way (JavaScript off: nothing disables the button), so the browser sends the
    form twice. The debtor lands on the "done" page; the store holds one event, not two."""
    from playwright.sync_api import expect

    real = world.store.append
    monkeypatch.setattr(world.store, "append", lambda events: (time.sleep(0.5), real(events)))
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    path = "/advisor" if button == "Enviar" else "/plan"
    page.goto(world.link("c-1"))
    page.goto(world.base + path)
    box = page.get_by_role("button", name=button).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)  # raw clicks: Playwright would wait for the first navigation
    page.wait_for_timeout(150)
    page.mouse.click(x, y)
    expect(page).to_have_url(world.base + "/done" + path)  # polls: the first load was aborted
    assert page.locator("[role=status]").count() == 1
    assert len(sent) == 2, sent  # the browser did send the form twice
    page.wait_for_timeout(600)  # let the first post finish too
    assert len(world.store.events) == 1
    page.reload()  # the done page reloads as a GET: nothing is sent again
    assert len(world.store.events) == 1
