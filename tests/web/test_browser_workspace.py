"""The delivery workspace in a real browser, on the demo with its living workspace: the overview, a
priority, an indicator sheet, data entry by a ministry's focal point and the unit's review, each
screenshotted and checked with axe-core (fixtures and helpers from test_browser.py)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from entrega.app import create_app
from entrega.audit.services import acting_as
from entrega.delivery.demo import seed_workspace
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Ministry, Tenant
from tests.conftest import BUNDLED_MODELS, Backend
from tests.factories import create_member, create_user
from tests.web.test_browser import DEMO_ACCOUNTS, browser, check_page, demo_server, page, sign_in  # noqa: F401

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)

SEEDED = ("jm", "cl")  # English, and Spanish: enough to see both without seeding every government
FOCAL_POINT = "focal.moh@jm.demo.entrega.invalid"
HEAD = "head@jm.demo.entrega.invalid"


def follow(tab: Page, kind: str) -> None:
    """Click the page's first link to one priority or one indicator (a UUID in the path), as a reader would."""
    links = tab.locator(f"main a[href*='/{kind}/']")
    hrefs = links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    index = next(i for i, href in enumerate(hrefs) if re.search(rf"/{kind}/[0-9a-f-]{{36}}$", href or ""))
    links.nth(index).click()
    tab.wait_for_load_state()


@pytest.fixture
def workspace_server(demo_server: str, sqlite_backend: Backend) -> Iterator[str]:  # noqa: F811
    """The demo server of test_browser.py, with the workspace seeded in the same database, and a focal point
    of Jamaica's Ministry of Health (the demo has none of its own)."""
    app: Flask = create_app(sqlite_backend.settings)
    engines = app.extensions["entrega.db"]
    with cross_tenant_session(engines, reason="browser test") as db_session:
        tenants = {t.slug: t for t in db_session.scalars(select(Tenant).where(Tenant.slug.in_(SEEDED)))}
    with app.app_context(), acting_as("demo"):
        seed_workspace(engines, [tenants[slug].id for slug in SEEDED])
    with tenant_session(engines, tenants["jm"].id) as db_session:
        health = db_session.scalars(select(Ministry).where(Ministry.code == "MOHW")).one()
    password = secrets.token_urlsafe(16)
    user = create_user(engines, email=FOCAL_POINT, name="Fiona Focal (Ministry of Health)", password=password)
    create_member(engines, tenants["jm"], Role.FOCAL_POINT, user=user, ministry_id=health.id)
    DEMO_ACCOUNTS[FOCAL_POINT] = password
    yield demo_server
    engines.dispose()


def test_a_unit_head_follows_a_priority_down_to_an_indicator_sheet(page: Page, workspace_server: str) -> None:  # noqa: F811
    page.goto("/t/jm/priorities")
    sign_in(page, HEAD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, "20-workspace-overview-jm")

    follow(page, "priorities")
    expect(page.locator("h1")).to_be_visible()
    check_page(page, "21-workspace-priority-jm")

    follow(page, "indicators")
    expect(page.get_by_role("heading", name="Technical sheet")).to_be_visible()
    expect(page.locator("#trajectory figure svg[role='img']")).to_be_visible()
    expect(page.get_by_role("heading", name="Data quality")).to_be_visible()
    check_page(page, "22-indicator-sheet-jm")

    # Draw an S-shaped preview: the path is charted beside the data, and nothing is saved yet.
    page.get_by_label(re.compile("Draw from the baseline")).select_option("s_curve")
    page.get_by_role("button", name="Draw a preview").click()
    expect(page.get_by_text("Preview, not saved yet.")).to_be_visible()
    check_page(page, "23-indicator-trajectory-preview-jm")

    page.goto("/t/jm/review")
    expect(page.get_by_role("heading", level=1, name="Review data")).to_be_visible()
    check_page(page, "24-review-queue-jm")
    page.locator(".review-item button[value='validate']").first.click()
    expect(page.get_by_role("status")).to_have_text("The value was validated.")

    page.goto("/t/jm/data")  # evidence always downloads, never opens in the page's origin
    with page.expect_download() as download:
        page.locator("a[href*='/t/jm/evidence/']").first.click()
    assert download.value.suggested_filename.endswith(".csv")


def test_a_focal_point_enters_their_ministrys_data_and_the_pages_fit_a_phone(
    browser: Browser,  # noqa: F811
    page: Page,  # noqa: F811
    workspace_server: str,
) -> None:
    page.goto("/t/jm/data")
    sign_in(page, FOCAL_POINT)
    expect(page.get_by_role("heading", level=1, name="Data entry")).to_be_visible()
    cards = page.locator("article.entry-card")
    expect(cards.first).to_be_visible()
    assert "Ministry of Health" in (page.locator("main .lead").text_content() or "")
    check_page(page, "25-data-entry-focal-point-jm")

    returned = page.locator(".returned-alert").first
    expect(returned).to_be_visible()
    card = page.locator("article.entry-card", has=returned)
    card.get_by_label("Value").first.fill("90")
    card.get_by_label("Note").fill("Corrected against the registry's monthly report.")
    card.get_by_role("button", name="Submit the value").click()
    expect(page.get_by_role("status")).to_contain_text("was submitted for review")
    page.wait_for_load_state()
    expect(page.locator("article.entry-card").first).to_be_visible()
    check_page(page, "26-data-entry-submitted-jm")

    # Chile's unit reads the same pages in Spanish, on a phone.
    context = browser.new_context(base_url=workspace_server, viewport={"width": 375, "height": 800}, bypass_csp=True)
    phone = context.new_page()
    phone.goto("/t/cl/review")
    sign_in(phone, "head@cl.demo.entrega.invalid")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    for path, name in (("/t/cl/data", "phone_data_cl"), ("/t/cl/review", "phone_review_cl")):
        phone.goto(path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
        check_page(phone, name)
    phone.goto("/t/cl/priorities")
    follow(phone, "priorities")
    follow(phone, "indicators")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    check_page(phone, "phone_indicator_cl")
    context.close()
