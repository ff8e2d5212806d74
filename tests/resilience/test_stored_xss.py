"""Stored cross-site scripting: a script, an event handler and a javascript: link typed into every text field a
government keeps (and into the names of the government and of its bank), then every page walked, the bank's too.
Each payload must show as the literal text that was typed, and nowhere as markup: no script the app did not ship,
no on* attribute, no javascript: URL. The same for the HTML a report hands to WeasyPrint, and for its PDF."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import update
from werkzeug.test import TestResponse

from entrega.audit.services import acting_as
from entrega.bank import services as bank
from entrega.bank.models import InstitutionRole
from entrega.db import Engines
from entrega.extensions.access import tenant_model
from entrega.identity.models import User
from entrega.identity.services import now
from entrega.reports import packs
from entrega.reports import services as reports
from entrega.reports.jobs import as_the_government
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import BUNDLED_MODELS, TwoTenants, sign_in_as, token_client
from tests.factories import create_user
from tests.reports.support import pdf_text
from tests.resilience.test_cross_tenant_sweep import PARAMETER, routes
from tests.resilience.workspace import COMMON_KEY, TEXT_FIELDS, Workspace, fill, load_library

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS, "entrega_cog", "entrega_prodev", "entrega_delivery_capacity")

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "hx-get", "hx-post"}
ALIENS = {"iframe", "object", "embed", "base", "frame", "applet"}
NARROW = {"ministry.acronym": 20, "indicator.unit": 40, "programme.code": 40, "vocabulary.priority": 60}
# A file's name keeps only what follows its last slash; a CSV cell ends at a comma.
NO_SLASH = {"evidence.filename", "import.filename", "import.cell"}
NAMES = ("tenant.name", "institution.name")
FIELDS = (*TEXT_FIELDS, *NAMES)


def payload(name: str) -> str:
    """What a hostile person types into the field `name`: tagged, so that each field's is recognised."""
    tag = f"x{FIELDS.index(name)}"
    if NARROW.get(name, 999) <= 20:
        return f'"><svg onload={tag}>'
    if name in NARROW:
        return f"\"'><svg onload=alert('{tag}')>"
    if name in NO_SLASH:
        return f"<img src=x onerror=alert('{tag}')>"
    return f"\"'><script>alert('{tag}')</script><img src=x onerror=\"alert('{tag}')\"><a href=\"javascript:alert('{tag}')\">{tag}</a>"


class Reading(HTMLParser):
    """A page as a browser would build it: what would run, and what would show as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.active: list[str] = []
        self.shown: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            text = (value or "").strip().lower()
            if name.startswith("on"):
                self.active.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and re.sub(r"\s", "", text).startswith(("javascript:", "vbscript:", "data:text")):
                self.active.append(f"<{tag} {name}={value!r}>")
            self.shown.append(value or "")
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.active.append(f"<script {values}>")
        if tag in ALIENS:
            self.active.append(f"<{tag}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.shown.append(data)


def read(html: str) -> Reading:
    reading = Reading()
    reading.feed(html)
    reading.close()
    return reading


@dataclass
class Walk:
    pages: int = 0
    shown: set[str] = field(default_factory=set)  # the fields whose payload showed as typed, somewhere

    def check(self, what: object, html: str) -> None:
        reading = read(html)
        assert reading.active == [], (what, reading.active[:5])
        text = "\n".join(reading.shown)
        self.shown |= {name for name in FIELDS if payload(name) in text}
        self.pages += 1


@dataclass
class Hostile:
    alpha: Workspace
    specialist: User


@pytest.fixture
def hostile(app: Flask, engines: Engines, two_tenants: TwoTenants) -> Hostile:
    load_library(engines)
    specialist = create_user(engines, email="sofia@idb.example", name="Sofía Specialist")
    with acting_as("test"), cross_tenant_session(engines, reason="test: a bank") as db_session:
        idb = bank.create_institution(db_session, "idb", payload("institution.name"))
        bank.add_institution_member(db_session, idb, db_session.get(User, specialist.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        db_session.execute(update(Tenant).where(Tenant.id == two_tenants.a.id).values(name=payload("tenant.name")))
        db_session.commit()
        idb_id = idb.id
    alpha = fill(app, engines, two_tenants.a, idb_id, payload, "A")
    for template in ("league_table", "delivery_report"):
        done = token_client(app, alpha.token).post("/api/v1/t/alpha/reports", json={"template": template})
        assert done.json["status"] == "done", done.json
        alpha.ids["report_id"] = done.json["id"]
    return Hostile(alpha, specialist)


def _html(response: TestResponse) -> str | None:
    """The page's HTML; a download is read to its end too, so that its request (and transaction) ends."""
    data = response.get_data()
    response.close()
    return data.decode() if response.mimetype == "text/html" else None


def _pages(
    app: Flask, client: FlaskClient, prefixes: tuple[str, ...], values: dict[str, str]
) -> Iterator[tuple[str, str]]:
    for route in routes(app, prefixes):
        if route.method != "GET" or route.api or route.endpoint == "static":
            continue
        target = PARAMETER.sub(lambda m: values[m.group(1)], route.rule)
        response = client.get(target)
        assert response.status_code < 400, (target, response.status_code)
        html = _html(response)
        if html is not None:
            yield target, html


def test_every_payload_shows_as_typed_and_runs_nowhere_on_any_page(
    app: Flask, engines: Engines, two_tenants: TwoTenants, hostile: Hostile
) -> None:
    alpha = hostile.alpha
    walk = Walk()
    head = sign_in_as(app.test_client(), alpha.head, "es")
    for target, html in _pages(app, head, ("/t/",), {"tenant_slug": "alpha", **alpha.ids}):
        walk.check(target, html)
    for target in ("/", "/account", f"/t/alpha/meetings/{alpha.ids['held_meeting_id']}"):  # and a meeting held
        walk.check(target, head.get(target).get_data(as_text=True))
    # A page that says what was just done repeats stored text in its flash message.
    page = f"/t/alpha/engagements/{alpha.ids['engagement_id']}/sharing"
    token = re.search(r'name="csrf_token" value="([^"]+)"', head.get(page).get_data(as_text=True))
    assert token is not None
    granted = head.post(page, data={"csrf_token": token.group(1), "kind": "priority_status",
                                    "subject": alpha.ids["priority_id"]})  # fmt: skip
    assert granted.status_code == 302
    flashed = head.get(page).get_data(as_text=True)
    assert payload("institution.name") in "\n".join(read(flashed).shown)
    walk.check("flash", flashed)
    # The bank's pages, as its specialist reads what alpha shares.
    specialist = sign_in_as(app.test_client(), hostile.specialist, "en")
    bank_values = {"institution_slug": "idb", "government_slug": "alpha", "wave_id": alpha.ids["wave_id"],
                   "report_id": _shared_report(head), "export_id": _export(specialist),
                   "common_key": COMMON_KEY}  # fmt: skip
    for target, html in _pages(app, specialist, ("/bank/",), bank_values):
        walk.check(target, html)
    assert walk.pages > 40
    assert set(FIELDS) - walk.shown == set()


def _shared_report(client: FlaskClient) -> str:
    rows = client.get("/t/alpha/reports/rows").get_data(as_text=True)
    found = re.search(r"/t/alpha/reports/([0-9a-f-]{36})/file", rows)
    assert found is not None
    return found.group(1)


def _export(specialist: FlaskClient) -> str:
    page = specialist.get("/bank/idb/compare?instrument=prodev_sep").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    done = specialist.post(
        "/bank/idb/documents/exports", data={"csrf_token": token.group(1), "instrument": "prodev_sep"}
    )
    found = re.search(r"#export-([0-9a-f-]{36})", done.headers["Location"])
    assert found is not None
    return found.group(1)


# Fields each report prints as text for a reader (what the PDF's text must show, literally).
PRINTED = {
    "stocktake_pack": ("priority.name", "agenda.title", "milestone.title", "chain.actor"),
    "delivery_report": ("priority.name", "judgement.rationale", "round.title"),
}


@pytest.mark.parametrize("template", list(PRINTED))
def test_a_report_prints_every_payload_as_text_in_its_html_and_its_pdf(
    app: Flask, engines: Engines, two_tenants: TwoTenants, hostile: Hostile, template: str
) -> None:
    alpha = hostile.alpha
    subject = alpha.ids["meeting_id" if template == "stocktake_pack" else "round_id"]
    html = _report_html(app, engines, alpha.tenant, template, uuid.UUID(subject))
    walk = Walk()
    walk.check(template, html)
    assert set(PRINTED[template]) <= walk.shown
    api = token_client(app, alpha.token)
    done = api.post("/api/v1/t/alpha/reports", json={"template": template, "subject_id": subject, "language": "es"})
    assert done.json["status"] == "done", done.json
    _pages_count, text = pdf_text(api.get(done.json["file_url"]).get_data())
    flat = re.sub(r"\s+", "", text)
    for name in PRINTED[template]:
        assert re.sub(r"\s+", "", payload(name)) in flat, name


def _report_html(app: Flask, engines: Engines, tenant: Tenant, template: str, subject: uuid.UUID) -> str:
    """The HTML the render job hands to WeasyPrint, gathered as the job gathers it."""
    with (
        app.test_request_context(), tenant_session(engines, tenant.id) as db_session,
        as_the_government(tenant, db_session), force_locale("es"),
    ):  # fmt: skip
        model = tenant_model()
        inp = packs.PackInput(db_session, tenant, model, reports.template_of(model, template), subject, now().date())
        return packs.page_html(packs.build(inp))


def test_the_reader_checks_what_would_run() -> None:
    """The page reader itself: it sees each kind of injection, and accepts the payloads escaped."""
    from markupsafe import escape

    for raw in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
                '<a href=" JaVaScRiPt:alert(1)">x</a>', "<svg onload=alert(1)>", "<iframe src=x></iframe>"):  # fmt: skip
        assert read(f"<p>{raw}</p>").active != [], raw
        assert read(f"<p>{escape(raw)}</p>").active == [], raw
    assert read(f'<input value="{escape(payload("priority.name"))}">').active == []
    assert read('<script src="/static/vendor/htmx.js"></script>').active == []
