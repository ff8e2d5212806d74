"""The permission table decides every access: walk it, role by role, against the real endpoints."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.db import Engines
from entrega.extensions.contract import Frequency
from entrega.identity.access import PUBLIC_TENANT_ENDPOINTS, required_permission
from entrega.identity.models import ApiToken
from entrega.identity.roles import ENDPOINT_PERMISSIONS, Permission, Role, allows
from entrega.identity.services import digest
from entrega.tenancy.binding import tenant_session
from tests.conftest import BUNDLED_MODELS, TwoTenants, sign_in_as, token_client
from tests.factories import create_member, create_token

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)
INSTRUMENTS = ("entrega_cog", "entrega_prodev", "entrega_delivery_capacity")
TENANT_PREFIXES = ("/t/<tenant_slug>", "/api/v1/t/<tenant_slug>")
CSRF = "test-csrf-token"


def _tenant_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route inside a government."""
    return [
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(TENANT_PREFIXES)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def test_every_route_inside_a_government_is_in_the_table_or_public(app: Flask) -> None:
    unlisted = [
        (endpoint, method)
        for endpoint, method, _rule in _tenant_rules(app)
        if endpoint not in PUBLIC_TENANT_ENDPOINTS and required_permission(endpoint, method) is None
    ]
    assert unlisted == []


def test_the_table_names_no_route_that_does_not_exist(app: Flask) -> None:
    existing = {f"{e}.{m.lower()}" for e, m, _ in _tenant_rules(app)} | {e for e, _m, _ in _tenant_rules(app)}
    assert set(ENDPOINT_PERMISSIONS) - existing == set()


def test_what_each_role_may_do() -> None:
    assert allows(Role.UNIT_HEAD, Permission.MANAGE_MEMBERS)
    assert not allows(Role.ANALYST, Permission.MANAGE_MEMBERS)
    assert allows(Role.ANALYST, Permission.EDIT_OWN_MINISTRY)  # editing any ministry includes one's own
    assert not allows(Role.FOCAL_POINT, Permission.EDIT_MINISTRIES)
    assert not allows(Role.VIEWER, Permission.EDIT_OWN_MINISTRY)
    assert allows(Role.CONFIGURATOR, Permission.CONFIGURE_MODEL)
    assert not allows(Role.CONFIGURATOR, Permission.VIEW_AUDIT)


def _rows(app: Flask, engines: Engines, two: TwoTenants) -> dict[str, str]:
    """A row of alpha behind every id a route takes: what an allowed role must reach, not a 404.

    The indicator and the action belong to the focal point's ministry, so that a focal point may act on them.
    """
    from entrega.audit.services import acting_as
    from entrega.bank import services as bank
    from entrega.bank import sharing
    from entrega.bank.models import Engagement, EngagementKind, ShareKind
    from entrega.delivery import measurements
    from entrega.delivery import services as delivery
    from entrega.delivery.access import ANY_MINISTRY
    from entrega.delivery.models import DataImport, ImportKind
    from entrega.diagnostics import services as diagnostics
    from entrega.extensions.runtime import resolve
    from entrega.extensions.services import set_model, validate_model
    from entrega.routines import assessments, data_calls
    from entrega.routines import services as routines
    from entrega.routines.models import Report
    from entrega.tenancy.crossing import cross_tenant_session
    from entrega.tenancy.models import Tenant
    from tests.factories import create_indicator, create_priority, record_values

    registry = app.extensions["entrega.plugins"]
    own = two.a_ministries[1]
    priority = create_priority(engines, two.a, two.a_ministries[0])
    indicator = create_indicator(engines, two.a, priority, owner_ministry_id=own.id, baseline=(date(2024, 12, 1), 10.0),
                                 target=(date(2025, 12, 1), 22.0))  # fmt: skip
    [measurement] = record_values(engines, two.a, indicator, [(date(2025, 1, 1), 11.0)])
    with acting_as("test"), cross_tenant_session(engines, reason="test: bank") as db_session:
        idb = bank.create_institution(db_session, "idb", "IDB").id
        db_session.commit()
    with acting_as("test"), tenant_session(engines, two.a.id) as db_session:
        set_model(db_session, validate_model(registry, {"delivery": "entrega_pmdu"}))
        model = resolve(registry, validate_model(registry, {"delivery": "entrega_pmdu"}))
        tenant = db_session.get(Tenant, two.a.id)
        found = db_session.get(type(indicator), (two.a.id, indicator.id))
        stored = db_session.get(type(measurement), (two.a.id, measurement.id))
        evidence = measurements.add_evidence(db_session, stored, found, "a.pdf", "application/pdf", b"%PDF-1.7",  # type: ignore[arg-type]
                                             entrant=ANY_MINISTRY)  # fmt: skip
        milestone = delivery.create_milestone(db_session, priority, {"title": "Tender", "due_on": date(2025, 9, 1)})
        programme = delivery.create_programme(db_session, {"code": "0123", "name": "Child health"})
        [series, *_] = routines.ensure_series(db_session, model, date(2025, 6, 1))
        meeting = routines.plan_meeting(db_session, tenant, model, series, date(2025, 7, 1), date(2025, 6, 1))  # type: ignore[arg-type]
        item = routines.add_agenda_item(db_session, meeting, "Any other business")
        action = routines.add_action(db_session, meeting, {"title": "Hire nurses", "due_on": date(2025, 8, 1),
                                                           "owner_ministry_id": own.id})  # fmt: skip
        round_ = assessments.open_round(db_session, "Mid-year", date(2025, 6, 30))
        call = data_calls.create_call(db_session, "June data", date(2025, 6, 1), Frequency.MONTHLY, date(2025, 7, 20))
        engagement = Engagement(institution_id=idb, code="AL-L1", kind=EngagementKind.LOAN, title="Results",
                                starts_on=date(2025, 1, 1))  # fmt: skip
        db_session.add(engagement)
        db_session.flush()
        share = sharing.grant(db_session, engagement, ShareKind.PRIORITY_STATUS, "*", set())
        instruments = registry.instruments()
        wave = diagnostics.open_wave(db_session, instruments, "prodev_sep", "Baseline", date(2025, 3, 1))
        report = Report(template="stocktake_pack", language="es", fingerprint="x" * 64, requested_by="test")
        data_import = DataImport(kind=ImportKind.MEASUREMENTS, filename="values.csv", content=b"", created_by="test")
        db_session.add_all([report, data_import])
        db_session.flush()
        db_session.commit()
        return {
            "priority_id": str(priority.id), "indicator_id": str(indicator.id), "measurement_id": str(measurement.id),
            "evidence_id": str(evidence.id), "milestone_id": str(milestone.id), "programme_id": str(programme.id),
            "series_id": str(series.id), "meeting_id": str(meeting.id), "item_id": str(item.id),
            "action_id": str(action.id), "round_id": str(round_.id), "call_id": str(call.id),
            "engagement_id": str(engagement.id), "share_id": str(share.id), "wave_id": str(wave.id),
            "report_id": str(report.id), "import_id": str(data_import.id),
        }  # fmt: skip


def _url(rule: str, two: TwoTenants, member_id: str, token_id: str, rows: dict[str, str]) -> str:
    values = {
        "tenant_slug": "alpha",
        "ministry_id": str(two.a_ministries[0].id),
        "user_id": member_id,
        "token_id": token_id,
        "token": "not-a-real-invitation",
        **rows,
    }
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule)


def _call(client: FlaskClient, method: str, url: str) -> Any:
    if url.startswith("/api/"):
        return client.open(url, method=method, json={})
    return client.open(url, method=method, data={"csrf_token": CSRF})


@pytest.mark.plugins(*BUNDLED_MODELS, *INSTRUMENTS)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_route_obeys_the_table_for_every_role(
    app: Flask, engines: Engines, two_tenants: TwoTenants, role: Role
) -> None:
    """Reads first, then writes (a write may remove what a later read would need). A role the table allows
    is never refused (nor, on a read, told the row is not there); a role it does not allow always gets 403."""
    rows = _rows(app, engines, two_tenants)
    member = create_member(
        engines, two_tenants.a, role, ministry_id=two_tenants.a_ministries[1].id if role is Role.FOCAL_POINT else None
    )
    raw = create_token(engines, two_tenants.a, member, role)
    api = token_client(app, raw)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        token_id = str(db_session.scalars(select(ApiToken.id).where(ApiToken.token_hash == digest(raw))).one())
    pages = sign_in_as(app.test_client(), member)
    with pages.session_transaction() as session:
        session["csrf_token"] = CSRF
    checked = 0
    routes = sorted(_tenant_rules(app), key=lambda r: r[1] not in ("GET",))
    for endpoint, method, rule in routes:
        if endpoint in PUBLIC_TENANT_ENDPOINTS:
            continue
        needed = required_permission(endpoint, method)
        assert needed is not None
        url = _url(rule, two_tenants, str(two_tenants.a_head.id), token_id, rows)
        response = _call(api if url.startswith("/api/") else pages, method, url)
        assert response.status_code < 500, (role, endpoint, method, response.status_code)
        if allows(role, needed):
            refused = (401, 403, 404) if method == "GET" else (401, 403)
            assert response.status_code not in refused, (role, endpoint, method, response.status_code)
        else:
            assert response.status_code == 403, (role, endpoint, method, response.status_code)
        checked += 1
    assert checked >= 140


def test_a_focal_point_edits_only_their_own_ministry(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    own, other = two_tenants.a_ministries[1], two_tenants.a_ministries[0]
    member = create_member(engines, two_tenants.a, Role.FOCAL_POINT, ministry_id=own.id)
    api = token_client(app, create_token(engines, two_tenants.a, member, Role.FOCAL_POINT))
    for ministry, expected in ((own, 200), (other, 403)):
        url = f"/api/v1/t/alpha/ministries/{ministry.id}"
        etag = api.get(url).headers["ETag"]
        assert api.patch(url, json={"acronym": "FP"}, headers={"If-Match": etag}).status_code == expected


def test_someone_who_is_not_a_member_learns_nothing(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    outsider = sign_in_as(app.test_client(), two_tenants.b_head)
    for path in ("/t/alpha/", "/t/alpha/ministries", "/t/alpha/members", "/t/alpha/audit"):
        assert outsider.get(path).status_code == 404
    # beta's token opens nothing in alpha, and no token at all opens nothing anywhere.
    assert token_client(app, two_tenants.b_token).get("/api/v1/t/alpha/ministries").status_code == 401
    assert app.test_client().get("/api/v1/t/alpha/ministries").status_code == 401
    assert app.test_client().get("/t/alpha/").headers["Location"].startswith("/t/alpha/signin")


def test_every_bank_page_is_in_the_institution_table(app: Flask) -> None:
    from entrega.identity.roles import INSTITUTION_ENDPOINT_ROLES

    bank_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/bank/")}
    assert bank_endpoints
    assert bank_endpoints == set(INSTITUTION_ENDPOINT_ROLES)
