"""The demo in a real browser: headless Chromium (Debian's) driven by Playwright, checked with axe-core.

Each page visited is screenshotted into test-artifacts/screenshots/ and must show no serious or critical
accessibility violation.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from entrega.config import REPO_ROOT
from entrega.tenancy import files
from tests.conftest import BUNDLED_MODELS, Backend

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)


DEMO_ACCOUNTS: dict[str, str] = {}


@pytest.fixture
def demo_server(sqlite_backend: Backend) -> Iterator[str]:
    from entrega.app import create_app
    from entrega.bank import demo as bank_demo
    from entrega.bank import portfolio
    from entrega.identity import demo
    from entrega.identity.services import now
    from entrega.tenancy.binding import tenant_session

    app: Flask = create_app(sqlite_backend.settings)
    registry = app.extensions["entrega.plugins"]
    engines = app.extensions["entrega.db"]
    with app.app_context():
        declared = [files.load(p, registry) for p in files.collect([REPO_ROOT / "tenants"])]
        files.apply(engines, declared)
        DEMO_ACCOUNTS.clear()
        DEMO_ACCOUNTS.update({a.email: a.password for a in demo.seed(engines, demo.demo_tenants(engines))})
        # The bank's diagnostics and today's health, as `entrega demo` seeds them
        bank_demo.seed(engines, demo.demo_tenants(engines), registry.instruments())
        for tenant in demo.demo_tenants(engines):
            with tenant_session(engines, tenant.id) as db_session:
                portfolio.health_job(db_session, now().date().isoformat())
                db_session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required at {CHROMIUM} (Debian package 'chromium')", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, demo_server: str) -> Iterator[Page]:
    # bypass_csp lets the test inject axe-core; the app itself never loads a script it does not serve.
    context = browser.new_context(
        base_url=demo_server, locale="en-GB", bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    blocked: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(demo_server)
            else (blocked.append(route.request.url), route.abort())
        ),
    )
    yield page
    context.close()
    assert blocked == [], f"the page tried to load from outside: {blocked}"


TA = "ta@demo.entrega.invalid"


def sign_in(page: Page, email: str = TA) -> None:
    """Sign in through the sign-in form the page shows, as a person would."""
    page.get_by_label(re.compile("E-mail|Correo|e-mail|Adresse", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("Password|Contraseña|Senha|Mot de passe", re.IGNORECASE)).fill(DEMO_ACCOUNTS[email])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/signin" not in url)
    page.wait_for_load_state()


def check_page(page: Page, name: str) -> None:
    """Screenshot the page and fail on any serious or critical axe-core violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: {serious}"


def test_open_the_demo_switch_language_follow_navigation_and_see_a_chart(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Governments")
    check_page(page, "01-home-en")

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gobiernos")
    check_page(page, "02-home-es")

    page.get_by_label("Gobierno", exact=True).select_option("br-pe")
    page.get_by_role("button", name="Abrir").click()
    # Not signed in yet: the government's own sign-in page, which then brings the person back.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pernambuco")
    check_page(page, "03a-sign-in-br-pe-es")
    sign_in(page)
    assert page.url.endswith("/t/br-pe/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pernambuco")
    chart = page.locator("figure svg[role='img']")
    expect(chart).to_be_visible()
    expect(page.locator("figure details table")).to_have_count(1)
    check_page(page, "03-overview-br-pe-es")

    # Pernambuco's model calls its ministries "secretarías": the navigation uses the model's word.
    page.get_by_role("navigation", name="Governo de Pernambuco — Secretaria de Planejamento e Gestão").get_by_role(
        "link", name="Secretarías"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Secretarías y organismos")
    rows = page.locator("#ministry-results tbody tr")
    expect(rows).to_have_count(5)
    page.get_by_label("Código o nombre").fill("saúde")
    expect(rows).to_have_count(1)  # filtered in place by htmx, no full reload
    assert "q=sa%C3%BAde" in page.url
    check_page(page, "04-ministries-filtered-es")


def test_pages_work_without_javascript(browser: Browser, demo_server: str) -> None:
    context = browser.new_context(base_url=demo_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/t/jm/ministries")
    sign_in(page, "head@jm.demo.entrega.invalid")
    page.get_by_label("Code or name").fill("health")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#ministry-results tbody tr")).to_have_count(1)
    context.close()


def test_the_missing_page_speaks_the_readers_language(browser: Browser, demo_server: str) -> None:
    context = browser.new_context(base_url=demo_server, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    response = page.goto("/t/atlantis/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    check_page(page, "05-not-found-fr")
    context.close()


def test_a_technical_assistance_team_configures_a_model_in_the_browser(page: Page) -> None:
    page.goto("/t/jm/model")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery model")
    page.get_by_role("link", name="Preview and configure this model").nth(0).click()
    preview_heading = page.get_by_role("heading", name=re.compile(r"^Preview: "))
    expect(preview_heading).to_be_visible()
    check_page(page, "06-model-preview-en")
    page.goto("/t/jm/model?preview=entrega_pmdu")
    page.get_by_label("Months between stocktakes").select_option("3")
    page.get_by_role("button", name="Save the model").click()
    expect(page.get_by_role("status")).to_have_text("The delivery model was saved.")
    check_page(page, "07-model-saved-en")


@pytest.mark.parametrize("path", ["/", "/t/br-pe/", "/t/br-pe/ministries", "/t/ht/model"])
def test_pages_fit_a_phone_screen(browser: Browser, demo_server: str, path: str) -> None:
    context = browser.new_context(base_url=demo_server, viewport={"width": 375, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(path)
    if "/signin" in page.url:
        sign_in(page)
    too_wide = page.evaluate(
        """Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 376)
           .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).slice(0, 5)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, too_wide
    check_page(page, "phone" + path.replace("/", "_"))
    context.close()


def test_the_keyboard_reaches_the_content_first(page: Page) -> None:
    page.goto("/t/cl/")
    sign_in(page, "head@cl.demo.entrega.invalid")
    page.goto("/t/cl/")  # a fresh page, as a person arriving from elsewhere
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Ir al contenido")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_unit_head_manages_people_tokens_and_reads_the_log(page: Page) -> None:
    page.goto("/t/cl/members")
    check_page(page, "08-sign-in-cl")
    sign_in(page, "head@cl.demo.entrega.invalid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Miembros")
    page.get_by_label("Correo electrónico").fill("nueva.analista@example.org")
    page.get_by_label("Rol", exact=True).select_option("analyst")
    page.get_by_role("button", name="Enviar la invitación").click()
    expect(page.get_by_role("status")).to_contain_text("nueva.analista@example.org")
    check_page(page, "09-members-cl-es")
    page.goto("/t/cl/tokens")
    page.get_by_label("Nombre", exact=True).fill("Tablero")
    page.get_by_role("button", name="Crear un token").click()
    expect(page.locator("#new-token")).to_contain_text("ent_")
    check_page(page, "10-tokens-cl-es")
    page.goto("/t/cl/audit")
    expect(page.locator("table.audit tbody tr").first).to_contain_text("api_token")
    check_page(page, "11-audit-cl-es")
    page.goto("/account")
    check_page(page, "12-account-es")


@pytest.mark.plugins("entrega_pmdu", "entrega_stat", "entrega_pernambuco", "entrega_chile", "entrega_delivery_capacity")
def test_a_bank_specialist_follows_the_banks_engagements(page: Page) -> None:
    page.goto("/bank/idb/")
    sign_in(page, "specialist@idb.demo.entrega.invalid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inter-American Development Bank")
    expect(page.locator("tbody tr")).to_have_count(5)  # one engagement with each demo government
    check_page(page, "13-bank-idb-en")
    page.goto("/bank/idb/compare?instrument=delivery_capacity")
    scores = page.locator("table.scores tbody tr")
    expect(scores).to_have_count(5)  # every demo government shares its diagnostics with the IDB
    expect(scores.first.get_by_role("link").nth(1)).to_have_accessible_name(re.compile(r" — .+, 1A\. "))
    check_page(page, "13-bank-compare-en")
    page.goto("/bank/idb/portfolio")
    expect(page.locator("table.portfolio tbody tr")).to_have_count(5)
    check_page(page, "13-bank-portfolio-en")
    page.goto("/t/cl/")
    assert "/signin" not in page.url
    # No government data without sharing: the government answers as if it did not exist (in its language).
    expect(page.get_by_role("heading", level=1)).to_have_text("Página no encontrada")


def test_the_api_reference_renders_from_local_assets(browser: Browser, demo_server: str) -> None:
    # The app's own Content-Security-Policy applies here (no bypass), so a blocked script or style would show.
    context = browser.new_context(base_url=demo_server)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15000)
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/t/{tenant_slug}/ministries").first).to_be_visible()
    assert not [p for p in problems if "Content Security Policy" in p], problems
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "14-api-reference.png"), full_page=False)
    context.close()
