"""Reports as a reader gets them: asked for through the API or the page, made in the background, in the
government's language and words, with the pages' charts; never made twice for the same thing; stored with
their checksum."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from entrega.audit.models import AuditEvent
from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.extensions.services import set_model, validate_model
from entrega.jobs.runner import run_tenant_job
from entrega.reports import jobs as report_jobs
from entrega.reports import services
from entrega.routines.models import Report, ReportStatus
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, sign_in_as, token_client
from tests.factories import create_indicator, create_priority, record_values
from tests.reports.support import ask, months_back, pdf_text, set_up

pytestmark = pytest.mark.plugins("entrega_pmdu", "entrega_stat")


def _renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the PDFs actually laid out (a spy on the job's call to WeasyPrint)."""
    calls: list[str] = []
    real = report_jobs.render_pdf

    def counted(html: str, *args: object, **kwargs: object) -> object:
        calls.append(html)
        return real(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report_jobs, "render_pdf", counted)
    return calls


def test_a_stocktake_pack_is_printed_in_the_governments_language_with_the_pages_charts(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    gov = set_up(app, engines, two_tenants)
    api = token_client(app, two_tenants.a_token)
    response = ask(api, "alpha", template="stocktake_pack", subject_id=str(gov.meeting_id), language="es")
    assert response.status_code == 202
    assert response.headers["Location"] == f"/api/v1/t/alpha/reports/{response.json['id']}"
    followed = api.get(response.headers["Location"]).json
    assert followed["status"] == "done", followed
    assert followed["progress"] == 100
    download = api.get(followed["file_url"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert followed["filename"] in download.headers["Content-Disposition"]
    data = download.get_data()
    assert hashlib.sha256(data).hexdigest() == followed["sha256"] and len(data) == followed["size"]
    pages, text = pdf_text(data)
    assert pages == followed["pages"] >= 3
    flat = re.sub(r"\s+", " ", text)
    assert "Carpeta de la reunión de balance" in flat  # the model's name for the pack, in Spanish
    assert "Reunión de balance con el jefe de gobierno" in flat  # the routine, in Spanish
    assert "Prioridad" in flat  # the model's word for "priority"
    assert "Hospitales sin espera" in flat and "LATE" in flat  # the priority on the agenda
    assert "Trayectoria" in flat and "Real" in flat and "Meta" in flat  # the pages' chart, its words in Spanish
    assert "LATE-1" in flat
    assert "Alpha" in flat  # the government's name, in the running header


@pytest.mark.usefixtures("pg_backend")
def test_the_same_request_twice_renders_once_and_new_data_makes_a_new_report(
    pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    gov = set_up(pg_app, pg_engines, pg_two_tenants)
    renders = _renders(monkeypatch)
    api = token_client(pg_app, pg_two_tenants.a_token)
    first = ask(api, "alpha", template="league_table").json
    again = ask(api, "alpha", template="league_table")
    assert again.status_code == 202 and again.json["id"] == first["id"] and again.json["status"] == "done"
    assert len(renders) == 1
    # The job itself is idempotent: run again on a done report, it leaves the file alone.
    with pg_app.app_context():
        stored = services.storage().path_of(pg_two_tenants.a.id, first["id"])
        before = stored.stat().st_mtime_ns
        assert run_tenant_job(services.JOB, str(pg_two_tenants.a.id), first["id"], app=pg_app) == "already done"
        assert stored.stat().st_mtime_ns == before and len(renders) == 1
    # Another language is another report; new data is another report.
    assert ask(api, "alpha", template="league_table", language="en").json["id"] != first["id"]
    late = create_priority(pg_engines, gov.tenant, pg_two_tenants.a_ministries[0], code="NEW")
    indicator = create_indicator(pg_engines, gov.tenant, late, code="NEW-1")
    record_values(pg_engines, gov.tenant, indicator, [(months_back(1)[0], 5.0)])
    changed = ask(api, "alpha", template="league_table").json
    assert changed["id"] != first["id"] and changed["status"] == "done"
    assert len(renders) == 3
    with tenant_session(pg_engines, pg_two_tenants.a.id) as db_session:
        created = db_session.scalars(select(AuditEvent).where(AuditEvent.entity == "report")).all()
        assert len(created) == 3


@pytest.mark.usefixtures("pg_backend")
def test_asking_wrongly_is_refused_with_reasons(pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants) -> None:
    gov = set_up(pg_app, pg_engines, pg_two_tenants)
    api = token_client(pg_app, pg_two_tenants.a_token)
    assert ask(api, "alpha", template="nonesuch").status_code == 422
    assert ask(api, "alpha", template="stocktake_pack", language="de").status_code == 422
    wrong_kind = ask(api, "alpha", template="league_table", subject_id=str(gov.meeting_id))
    assert wrong_kind.status_code == 422 and "subject_id" in wrong_kind.json["errors"]["json"]
    assert api.get("/api/v1/t/alpha/reports/00000000-0000-0000-0000-000000000000").status_code == 404


@pytest.mark.usefixtures("pg_backend")
def test_every_kind_of_report_renders(pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants) -> None:
    """The PMDU's packs, and the Stat model's analyst memo and one-page follow-up."""
    gov = set_up(pg_app, pg_engines, pg_two_tenants)
    api = token_client(pg_app, pg_two_tenants.a_token)
    for template in ("delivery_report", "league_table", "monthly_note"):
        body = ask(api, "alpha", template=template, language="en").json
        assert body["status"] == "done", (template, body["error"])
    # The same government, now on the Stat model.
    with acting_as("test"), tenant_session(pg_engines, pg_two_tenants.a.id) as db_session:
        set_model(db_session, validate_model(pg_app.extensions["entrega.plugins"], {"delivery": "entrega_stat"}))
        db_session.commit()
    memo = ask(api, "alpha", template="analyst_memo", language="en").json
    assert memo["status"] == "done", memo["error"]
    follow = ask(api, "alpha", template="follow_up_memo", subject_id=str(gov.meeting_id), language="en").json
    assert follow["status"] == "done", follow["error"]
    assert follow["pages"] == 1  # CitiStat's follow-up is one page
    assert ask(api, "alpha", template="follow_up_memo").status_code == 422  # it is always about a meeting


@pytest.mark.usefixtures("pg_backend")
def test_the_reports_page_asks_follows_and_downloads(
    pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    set_up(pg_app, pg_engines, pg_two_tenants)
    client = sign_in_as(pg_app.test_client(), pg_two_tenants.a_head, "es")
    page = client.get("/t/alpha/reports")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Carpeta de la reunión de balance" in html and "<script>" not in html.split("</head>")[1]
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    posted = client.post("/t/alpha/reports", data={"csrf_token": token.group(1), "template": "league_table",
                                                   "language": "es"})  # fmt: skip
    assert posted.status_code == 302
    rows = client.get("/t/alpha/reports/rows").get_data(as_text=True)
    assert "hx-get" not in rows  # nothing in progress: the list stops asking
    link = re.search(r'href="(/t/alpha/reports/[0-9a-f-]+/file)"', rows)
    assert link
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment;")
    # While one is being made, the rows show its progress and ask again every two seconds.
    with tenant_session(pg_engines, pg_two_tenants.a.id) as db_session:
        report = db_session.scalars(select(Report)).one()
        report.status, report.progress = ReportStatus.RENDERING, 42
        db_session.commit()
    rows = client.get("/t/alpha/reports/rows").get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in rows and '<progress max="100" value="42"' in rows
    assert client.get(link.group(1)).status_code == 302  # not ready: back to the list with a message


def test_reports_of_a_day_are_not_those_of_the_next(app: Flask) -> None:
    """The day is part of what a report is: the same data judged tomorrow is another report."""
    from entrega.extensions.contract import ReportTemplate
    from entrega.identity.services import now

    template = ReportTemplate("pack", {"en": "Pack"}, "stocktake_pack", ("trajectories",))
    today = now().date()
    assert services.fingerprint(template, None, "es", "3:x", today) == services.fingerprint(
        template, None, "es", "3:x", today
    )
    assert services.fingerprint(template, None, "es", "3:x", today) != services.fingerprint(
        template, None, "es", "3:x", today + timedelta(days=1)
    )
    assert services.fingerprint(template, None, "es", "3:x", today) != services.fingerprint(
        template, None, "es", "4:x", today
    )
