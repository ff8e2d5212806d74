"""The audit log: every change with who, when, before and after; searchable by the unit head; exportable."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from sqlalchemy import select

from entrega.audit.models import PlatformAuditEvent
from entrega.db import Engines
from entrega.identity.roles import Role
from entrega.tenancy.crossing import cross_tenant_session
from tests.conftest import TwoTenants, sign_in_as, token_client
from tests.factories import create_member, create_user


@pytest.fixture
def changes(app: Flask, two_tenants: TwoTenants) -> None:
    api = token_client(app, two_tenants.a_token)
    api.post("/api/v1/t/alpha/ministries", json={"code": "FIN", "name": {"es": "Hacienda"}})
    api.post("/api/v1/t/alpha/ministries", json={"code": "EDU", "name": {"es": '=HYPERLINK("http://x")'}})


def test_the_unit_head_searches_the_log(app: Flask, two_tenants: TwoTenants, changes: None) -> None:
    head = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    everything = head.get("/t/alpha/audit").get_data(as_text=True)
    assert "membership" in everything
    assert "FIN" in everything
    only_ministries = head.get("/t/alpha/audit?entity=ministry&action=create").get_data(as_text=True)
    assert "2 entries" in only_ministries
    assert "membership</td>" not in only_ministries
    by_actor = head.get("/t/alpha/audit?actor=nobody-like-this").get_data(as_text=True)
    assert "Nothing matches." in by_actor


def test_the_log_exports_as_csv_with_before_and_after(app: Flask, two_tenants: TwoTenants, changes: None) -> None:
    head = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    response = head.get("/t/alpha/audit.csv?entity=ministry")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["action"] for row in rows} == {"create"}
    assert any('"code": "FIN"' in row["after"] for row in rows)
    assert all(row["actor"].startswith("head@alpha.example") for row in rows)


def test_only_those_with_the_permission_see_the_log(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    analyst = sign_in_as(app.test_client(), create_member(engines, two_tenants.a, Role.ANALYST))
    assert analyst.get("/t/alpha/audit").status_code == 403
    assert analyst.get("/t/alpha/audit.csv").status_code == 403
    # And no one reads another government's log.
    assert sign_in_as(app.test_client(), two_tenants.b_head).get("/t/alpha/audit").status_code == 404


def test_account_changes_go_to_the_platform_log(engines: Engines) -> None:
    create_user(engines, email="new.person@example.org")
    with cross_tenant_session(engines, reason="test: read the platform log") as db_session:
        events = db_session.scalars(select(PlatformAuditEvent).where(PlatformAuditEvent.entity == "user")).all()
    assert [(e.action, e.after["email"]) for e in events] == [("create", "new.person@example.org")]


def test_the_log_shows_text_in_any_script_and_escapes_markup(app: Flask, two_tenants: TwoTenants) -> None:
    api = token_client(app, two_tenants.a_token)
    api.post("/api/v1/t/alpha/ministries", json={"code": "SEC", "name": {"es": "Secretaría <script>alert(1)</script>"}})
    html = (
        sign_in_as(app.test_client(), two_tenants.a_head, "en")
        .get("/t/alpha/audit?entity=ministry")
        .get_data(as_text=True)
    )
    assert "Secretaría" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
