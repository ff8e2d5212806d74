"""The bank's pages and a government's sharing agreement: the unit head grants and revokes; the bank's specialists
see a government's portfolio figures and diagnostics only while it shares them, and nothing of the others."""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from entrega.audit.services import acting_as
from entrega.bank import portfolio, sharing
from entrega.bank import services as bank
from entrega.bank.models import Engagement, EngagementKind, InstitutionRole, ShareKind
from entrega.db import Engines
from entrega.diagnostics import services as diagnostics
from entrega.diagnostics.models import Assessor
from entrega.extensions.registry import PluginRegistry
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_indicator, create_member, create_priority, create_tenant, create_user, record_values

pytestmark = pytest.mark.plugins("entrega_prodev")
PLANNING = {"medium_term_plan": "3", "long_term_vision": "2", "planning_body": "4", "legislature_involved": "2",
            "civil_society_consulted": "2", "sector_plans_aligned": "3", "annual_operational_plans": "3",
            "results_chains": "3"}  # fmt: skip


@dataclass
class Banks:
    idb: uuid.UUID
    specialist: User
    outsider: User  # works for another bank
    waves: dict[str, uuid.UUID]  # each government's PRODEV wave
    engagements: dict[str, uuid.UUID]


def _assess(registry: PluginRegistry, engines: Engines, tenant: Tenant, idb: uuid.UUID, code: str,
            title: str = "Baseline 2025") -> tuple[uuid.UUID, uuid.UUID]:  # fmt: skip
    prodev = registry.instruments()["prodev_sep"]
    with acting_as(f"head@{tenant.slug}"), tenant_session(engines, tenant.id) as db_session:
        engagement = Engagement(institution_id=idb, code=code, kind=EngagementKind.LOAN, title="Results-based loan",
                                starts_on=date(2024, 1, 1))  # fmt: skip
        db_session.add(engagement)
        wave = diagnostics.open_wave(db_session, {"prodev_sep": prodev}, "prodev_sep", title, date(2025, 5, 1))
        for item, step in PLANNING.items():
            diagnostics.answer(db_session, prodev, wave, item, Assessor.GOVERNMENT, step, f"Evidence of {tenant.slug}")
        db_session.commit()
        return engagement.id, wave.id


@pytest.fixture
def banks(engines: Engines, registry: PluginRegistry, two_tenants: TwoTenants) -> Banks:
    return _banks(engines, registry, two_tenants)


def _banks(engines: Engines, registry: PluginRegistry, two_tenants: TwoTenants) -> Banks:
    """The IDB with a specialist, CAF with another; alpha and beta each with an IDB loan and a PRODEV wave."""
    specialist = create_user(engines, email="sofia@idb.example", name="Sofía Specialist")
    outsider = create_user(engines, email="omar@caf.example")
    with cross_tenant_session(engines, reason="test: banks") as db_session:
        idb = bank.create_institution(db_session, "idb", "Inter-American Development Bank")
        caf = bank.create_institution(db_session, "caf", "CAF")
        bank.add_institution_member(db_session, idb, db_session.get(User, specialist.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        bank.add_institution_member(db_session, caf, db_session.get(User, outsider.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        db_session.commit()
        idb_id = idb.id
    alpha_engagement, alpha_wave = _assess(registry, engines, two_tenants.a, idb_id, "AL-L1")
    beta_engagement, beta_wave = _assess(registry, engines, two_tenants.b, idb_id, "BE-L1")
    return Banks(idb_id, specialist, outsider, {"alpha": alpha_wave, "beta": beta_wave},
                 {"alpha": alpha_engagement, "beta": beta_engagement})  # fmt: skip


def _token(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found is not None
    return found.group(1)


def _grant(engines: Engines, tenant: Tenant, engagement_id: uuid.UUID, kind: ShareKind, subject: str) -> uuid.UUID:
    with acting_as("head"), tenant_session(engines, tenant.id) as db_session:
        engagement = db_session.get(Engagement, (tenant.id, engagement_id))
        assert engagement is not None
        share = sharing.grant(db_session, engagement, kind, subject, {"prodev_sep"})
        db_session.commit()
        return share.id


def test_the_unit_head_grants_and_revokes_and_the_bank_stops_seeing_at_once(
    app: Flask, engines: Engines, two_tenants: TwoTenants, banks: Banks
) -> None:
    head = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    listing = head.get("/t/alpha/engagements").get_data(as_text=True)
    page_url = f"/t/alpha/engagements/{banks.engagements['alpha']}/sharing"
    assert page_url in listing and "Nothing shared" in listing
    token = _token(head, page_url)
    page = head.get(page_url).get_data(as_text=True)
    assert "Revoking takes effect immediately" in page and "sees only what is listed" in page

    specialist = sign_in_as(app.test_client(), banks.specialist, "en")
    compare = "/bank/idb/compare?instrument=prodev_sep"
    assert "Baseline 2025" not in specialist.get(compare).get_data(as_text=True)

    assert head.post(page_url, data={"kind": "diagnostic", "subject": "prodev_sep"}).status_code == 400  # no CSRF
    response = head.post(page_url, data={"csrf_token": token, "kind": "diagnostic", "subject": "prodev_sep"})
    assert response.status_code == 302
    page = head.get(page_url).get_data(as_text=True)
    assert "Diagnostic: PRODEV SEP: managing for development results" in page
    assert (
        head.post(page_url, data={"csrf_token": token, "kind": "diagnostic", "subject": "prodev_sep"}).status_code
        == 409
    )
    assert head.post(page_url, data={"csrf_token": token, "kind": "diagnostic", "subject": "pefa"}).status_code == 422
    assert head.post(page_url, data={"csrf_token": token, "kind": "secrets", "subject": "*"}).status_code == 422
    assert head.post(page_url, data={"csrf_token": token, "kind": "priority_status", "subject": "*"}).status_code == 302
    assert "Statuses of all priorities" in head.get(page_url).get_data(as_text=True)

    seen = specialist.get(compare).get_data(as_text=True)
    wave_url = f"/bank/idb/governments/alpha/waves/{banks.waves['alpha']}"
    assert "Baseline 2025" in seen and wave_url in seen
    drilled = specialist.get(f"{wave_url}?assessor=government").get_data(as_text=True)
    assert "Evidence of alpha" in drilled and "As compared: The government" in drilled

    share_id = re.search(r"/sharing/([0-9a-f-]{36})/revoke", head.get(page_url).get_data(as_text=True))
    assert share_id is not None
    assert head.post(f"{page_url}/{share_id.group(1)}/revoke", data={"csrf_token": token}).status_code == 302
    page = head.get(page_url).get_data(as_text=True)
    history = page.split('id="history-heading"')[1]
    assert "Diagnostic: PRODEV SEP" in history and "head@alpha.example" in history  # who revoked, and when
    assert head.post(f"{page_url}/{share_id.group(1)}/revoke", data={"csrf_token": token}).status_code == 409
    assert specialist.get(wave_url).status_code == 404  # at once
    assert "Baseline 2025" not in specialist.get(compare).get_data(as_text=True)


def test_only_the_unit_head_changes_the_agreement_and_others_read_it(
    app: Flask, engines: Engines, two_tenants: TwoTenants, banks: Banks
) -> None:
    share = _grant(engines, two_tenants.a, banks.engagements["alpha"], ShareKind.DIAGNOSTIC, "prodev_sep")
    analyst = sign_in_as(app.test_client(), create_member(engines, two_tenants.a, Role.ANALYST), "en")
    page_url = f"/t/alpha/engagements/{banks.engagements['alpha']}/sharing"
    page = analyst.get(page_url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Diagnostic: PRODEV SEP" in html and "/revoke" not in html and "Only the unit head" in html
    token = _token(analyst, page_url)
    assert analyst.post(page_url, data={"csrf_token": token, "kind": "report", "subject": "*"}).status_code == 403
    assert analyst.post(f"{page_url}/{share}/revoke", data={"csrf_token": token}).status_code == 403
    # Beta's head cannot reach alpha's agreement, and alpha's page never revokes another engagement's share.
    beta = sign_in_as(app.test_client(), two_tenants.b_head, "en")
    assert beta.get(page_url).status_code == 404
    assert beta.get(f"/t/beta/engagements/{banks.engagements['alpha']}/sharing").status_code == 404
    head = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    other = f"/t/alpha/engagements/{banks.engagements['alpha']}/sharing/{uuid.uuid4()}/revoke"
    assert head.post(other, data={"csrf_token": _token(head, page_url)}).status_code == 404


def test_a_specialist_sees_portfolio_and_comparison_only_for_governments_that_share(
    app: Flask, engines: Engines, two_tenants: TwoTenants, banks: Banks
) -> None:
    for tenant, ministry in (
        (two_tenants.a, two_tenants.a_ministries[0]),
        (two_tenants.b, two_tenants.b_ministries[0]),
    ):
        priority = create_priority(engines, tenant, ministry)
        indicator = create_indicator(engines, tenant, priority, baseline=(date(2024, 12, 1), 10.0),
                                     target=(date(2025, 12, 1), 22.0))  # fmt: skip
        record_values(engines, tenant, indicator, [(date(2025, 1, 1), 11.0)])
        with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
            portfolio.health_job(db_session, "2025-03-02")
    _grant(engines, two_tenants.a, banks.engagements["alpha"], ShareKind.PRIORITY_STATUS, "*")
    _grant(engines, two_tenants.a, banks.engagements["alpha"], ShareKind.DIAGNOSTIC, "prodev_sep")

    specialist = sign_in_as(app.test_client(), banks.specialist, "en")
    overview = specialist.get("/bank/idb/").get_data(as_text=True)
    assert "/bank/idb/portfolio" in overview and "/bank/idb/compare?instrument=prodev_sep" in overview
    page = specialist.get("/bank/idb/portfolio").get_data(as_text=True)
    alpha_row, beta_row = page.split('<th scope="row">Alpha')[1], page.split('<th scope="row">Beta')[1]
    assert "100% on track" in alpha_row.split("</tr>")[0] and "latest value" in alpha_row.split("</tr>")[0]
    assert "Not shared." in beta_row.split("</tr>")[0] and "on track" not in beta_row.split("</tr>")[0]
    assert "Beta" not in specialist.get("/bank/idb/portfolio?region=andean").get_data(as_text=True)

    compare = specialist.get("/bank/idb/compare?instrument=prodev_sep&assessor=government").get_data(as_text=True)
    scores = compare.split('id="scores-heading"')[1]
    assert "Alpha" in scores and "Beta" not in scores and "Evidence of beta" not in compare
    assert "Not shared with Inter-American Development Bank, so not compared: Beta." in compare
    assert "<svg" in compare and "Peer median" in compare and "first wave" in compare
    assert (
        f"/bank/idb/governments/alpha/waves/{banks.waves['alpha']}?assessor=government#pillar-planning_for_results"
        in compare
    )
    assert "2.7" in scores  # planning: the mean of its components' means 3, 2 and 3, with one decimal

    # An unshared government's wave is not found, exactly like a wave that does not exist.
    assert specialist.get(f"/bank/idb/governments/beta/waves/{banks.waves['beta']}").status_code == 404
    assert specialist.get(f"/bank/idb/governments/alpha/waves/{banks.waves['beta']}").status_code == 404
    assert specialist.get(f"/bank/idb/governments/alpha/waves/{uuid.uuid4()}").status_code == 404


def test_someone_who_does_not_work_for_the_bank_gets_not_found(
    app: Flask, engines: Engines, two_tenants: TwoTenants, banks: Banks
) -> None:
    _grant(engines, two_tenants.a, banks.engagements["alpha"], ShareKind.DIAGNOSTIC, "*")
    wave = f"/bank/idb/governments/alpha/waves/{banks.waves['alpha']}"
    paths = ["/bank/idb/", "/bank/idb/portfolio", "/bank/idb/compare", "/bank/idb/compare.csv", wave]
    for client in (sign_in_as(app.test_client(), banks.outsider, "en"),
                   sign_in_as(app.test_client(), two_tenants.a_head, "en")):  # fmt: skip
        for path in paths:
            assert client.get(path).status_code == 404, path
    assert app.test_client().get("/bank/idb/compare").status_code == 302  # signed out: to the sign-in page
    specialist = sign_in_as(app.test_client(), banks.specialist, "en")
    assert all(specialist.get(path).status_code == 200 for path in paths)
    assert specialist.get("/bank/caf/compare").status_code == 404


def test_the_comparison_as_csv_has_a_row_per_government_and_pillar_and_is_safe_to_open(
    app: Flask, engines: Engines, registry: PluginRegistry, two_tenants: TwoTenants, banks: Banks
) -> None:
    risky = create_tenant(engines, slug="gamma", name='=HYPERLINK("http://evil.example")', country="PE")
    gamma_engagement, _wave = _assess(registry, engines, risky, banks.idb, "GA-L1", title="@SUM(A1:A9)")
    for tenant, engagement in ((two_tenants.a, banks.engagements["alpha"]), (risky, gamma_engagement)):
        _grant(engines, tenant, engagement, ShareKind.DIAGNOSTIC, "prodev_sep")
    response = sign_in_as(app.test_client(), banks.specialist, "en").get(
        "/bank/idb/compare.csv?instrument=prodev_sep&assessor=government"
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Government", "Country", "Region", "Level"]
    body = rows[1:]
    assert len(body) == 2 * 5  # alpha and gamma, five pillars each; beta shared nothing
    assert {row[0] for row in body} == {"Alpha", '\'=HYPERLINK("http://evil.example")'}
    assert {row[4] for row in body} == {"Baseline 2025", "'@SUM(A1:A9)"}
    planning = [row for row in body if row[6] == "Planning for results"]
    assert [row[7] for row in planning] == ["2.67", "2.67"] and planning[0][9] == "2.67"  # value, peer median
    budgeting = next(row for row in body if row[6] == "Budgeting for results")
    assert budgeting[7] == "" and budgeting[11] == "Incomplete"  # unanswered: never a guess
    assert "Beta" not in response.get_data(as_text=True)


@pytest.mark.postgres
def test_postgresql_hides_an_unshared_government_even_if_the_python_check_were_wrong(
    pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entrega.bank import comparison

    registry = pg_app.extensions["entrega.plugins"]
    fixture = _banks(pg_engines, registry, pg_two_tenants)
    _grant(pg_engines, pg_two_tenants.a, fixture.engagements["alpha"], ShareKind.DIAGNOSTIC, "prodev_sep")
    everyone = {pg_two_tenants.a.id, pg_two_tenants.b.id}
    monkeypatch.setattr(comparison, "shared_with", lambda *_args, **_kwargs: everyone)  # Python now says "shared"

    specialist = sign_in_as(pg_app.test_client(), fixture.specialist, "en")
    assert specialist.get(f"/bank/idb/governments/beta/waves/{fixture.waves['beta']}").status_code == 404
    assert specialist.get(f"/bank/idb/governments/alpha/waves/{fixture.waves['alpha']}").status_code == 200
    compare = specialist.get("/bank/idb/compare?instrument=prodev_sep&assessor=government").get_data(as_text=True)
    assert "Evidence of beta" not in compare and str(fixture.waves["beta"]) not in compare
    csv_text = specialist.get("/bank/idb/compare.csv?instrument=prodev_sep").get_data(as_text=True)
    assert "Alpha" in csv_text and "Beta" not in csv_text
