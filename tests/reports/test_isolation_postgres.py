"""One government's reports are invisible to another, in the API, the pages, the job and the files; a job
bound to one government reads none of another's rows (PostgreSQL row-level security, as the app role)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from entrega.db import Engines
from entrega.jobs.runner import run_tenant_job
from entrega.reports import services
from entrega.routines.models import Report, ReportStatus
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, sign_in_as, token_client
from tests.factories import create_priority
from tests.reports.support import ask, pdf_text, set_up

pytestmark = [pytest.mark.postgres, pytest.mark.plugins("entrega_pmdu")]


def test_another_governments_report_is_not_found_anywhere(
    pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    two = pg_two_tenants
    set_up(pg_app, pg_engines, two)
    create_priority(pg_engines, two.b, two.b_ministries[0], code="BETA-SECRET", name={"pt": "Segredo de Beta"})
    alpha_api, beta_api = token_client(pg_app, two.a_token), token_client(pg_app, two.b_token)
    report = ask(alpha_api, "alpha", template="monthly_note", language="es").json
    assert report["status"] == "done"

    # The job bound to alpha read alpha's rows only: beta's priority is not in the PDF.
    _pages, text = pdf_text(alpha_api.get(report["file_url"]).get_data())
    assert "LATE" in text and "BETA-SECRET" not in text and "Segredo" not in text

    for path in (f"/api/v1/t/beta/reports/{report['id']}", f"/api/v1/t/beta/reports/{report['id']}/file"):
        assert beta_api.get(path).status_code == 404
    assert beta_api.get("/api/v1/t/beta/reports").json == []
    assert beta_api.get(f"/api/v1/t/alpha/reports/{report['id']}").status_code == 401  # beta's token in alpha
    beta_pages = sign_in_as(pg_app.test_client(), two.b_head)
    assert beta_pages.get(f"/t/beta/reports/{report['id']}/file").status_code == 404
    assert report["id"] not in beta_pages.get("/t/beta/reports").get_data(as_text=True)
    assert beta_pages.get(f"/t/alpha/reports/{report['id']}/file").status_code == 404  # not a member

    # A job for beta given alpha's report id finds nothing, and leaves alpha's report as it was.
    with pg_app.app_context():
        assert run_tenant_job(services.JOB, str(two.b.id), report["id"], app=pg_app) == "missing"
        assert not services.storage().folder_of(two.b.id).exists()
    with tenant_session(pg_engines, two.a.id) as db_session:
        stored = db_session.scalars(select(Report)).one()
        assert stored.status is ReportStatus.DONE and stored.sha256 == report["sha256"]
    with tenant_session(pg_engines, two.b.id) as db_session:
        assert db_session.scalars(select(Report)).all() == []
