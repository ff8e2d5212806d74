"""Who may do what through the workspace's API, and that another government's ids lead nowhere."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from entrega.db import Engines
from entrega.identity.access import required_permission
from entrega.identity.roles import Role, allows
from tests.conftest import TwoTenants, token_client
from tests.factories import create_indicator, create_member, create_priority, create_token, record_values

API = "/api/v1/t/alpha"
PDF = b"%PDF-1.4\n%%EOF\n"


def _as(app: Flask, engines: Engines, two: TwoTenants, role: Role, ministry_id: Any = None) -> FlaskClient:
    member = create_member(engines, two.a, role, ministry_id=ministry_id)
    return token_client(app, create_token(engines, two.a, member, role))


def _upload(client: FlaskClient, url: str) -> Any:
    return client.post(url, data={"file": (io.BytesIO(PDF), "proof.pdf", "application/pdf")},
                       content_type="multipart/form-data")  # fmt: skip


def test_a_focal_point_enters_data_only_for_their_own_ministry(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    health, agency = two_tenants.a_ministries
    priority = create_priority(engines, two_tenants.a, health)
    theirs = create_indicator(engines, two_tenants.a, priority, owner_ministry_id=agency.id)
    others = create_indicator(engines, two_tenants.a, priority)
    [other_value] = record_values(engines, two_tenants.a, others, [(date(2025, 1, 1), 12.0)])
    focal = _as(app, engines, two_tenants, Role.FOCAL_POINT, ministry_id=agency.id)

    own = focal.post(f"{API}/indicators/{theirs.id}/measurements", json={"period": "2025-01", "value": 3})
    assert own.status_code == 201, own.json
    # Refused before anything else is looked at, even a period that names nothing.
    refused = focal.post(f"{API}/indicators/{others.id}/measurements", json={"period": "whenever", "value": 3})
    assert refused.status_code == 403
    assert refused.json["message"] == "Only the ministry that owns this indicator enters its data."
    corrections = focal.post(f"{API}/measurements/{other_value.id}/corrections", json={"value": 1, "note": "x"})
    assert corrections.status_code == 403
    assert _upload(focal, f"{API}/measurements/{own.json['id']}/evidence").status_code == 201
    assert _upload(focal, f"{API}/measurements/{other_value.id}/evidence").status_code == 403
    fixed = focal.post(f"{API}/measurements/{own.json['id']}/corrections", json={"value": 4, "note": "Typo"})
    assert fixed.status_code == 201 and fixed.json["version"] == 2
    # Entering is not reviewing, nor planning; reading is open to every member.
    assert focal.post(f"{API}/measurements/{fixed.json['id']}/review", json={"action": "validate"}).status_code == 403
    assert (
        focal.put(f"{API}/indicators/{theirs.id}/baseline", json={"value": 1, "period": "2024-12"}).status_code == 403
    )
    assert [m["version"] for m in focal.get(f"{API}/indicators/{others.id}/measurements").json] == [1]


def test_a_viewer_reads_but_writes_nothing(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    indicator = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0))
    [value] = record_values(engines, two_tenants.a, indicator, [(date(2025, 1, 1), 12.0)])
    viewer = _as(app, engines, two_tenants, Role.VIEWER)
    star = {"If-Match": "*"}
    writes = [
        viewer.post(f"{API}/priorities", json={"code": "X", "name": {"es": "x"}}),
        viewer.patch(f"{API}/priorities/{priority.id}", json={"sponsor": "x"}, headers=star),
        viewer.delete(f"{API}/priorities/{priority.id}", headers=star),
        viewer.post(f"{API}/indicators", json={}),
        viewer.post(f"{API}/indicators/{indicator.id}/targets", json={"value": 1, "due": "2025-12"}),
        viewer.put(f"{API}/indicators/{indicator.id}/trajectory", json={"points": []}, headers=star),
        viewer.post(f"{API}/indicators/{indicator.id}/trajectory/draft", json={}),
        viewer.post(f"{API}/indicators/{indicator.id}/measurements", json={"period": "2025-02", "value": 14}),
        viewer.post(f"{API}/measurements/{value.id}/corrections", json={"value": 1, "note": "x"}),
        viewer.post(f"{API}/measurements/{value.id}/review", json={"action": "validate"}),
        _upload(viewer, f"{API}/measurements/{value.id}/evidence"),
        viewer.post(f"{API}/priorities/{priority.id}/milestones", json={"title": "x", "due_on": "2025-01-01"}),
        viewer.put(f"{API}/priorities/{priority.id}/chain", json={"links": []}, headers=star),
        viewer.post(f"{API}/budget-programmes", json={"code": "X", "name": "x"}),
    ]
    assert [response.status_code for response in writes] == [403] * len(writes)
    for url in (
        f"{API}/priorities",
        f"{API}/priorities/{priority.id}",
        f"{API}/priorities/{priority.id}/status",
        f"{API}/status",
        f"{API}/indicators/{indicator.id}",
        f"{API}/indicators/{indicator.id}/baseline",
        f"{API}/indicators/{indicator.id}/measurements",
        f"{API}/measurements/{value.id}",
    ):
        assert viewer.get(url).status_code == 200, url


def test_an_analyst_reviews_but_only_the_unit_head_publishes(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    indicator = create_indicator(engines, two_tenants.a, priority)
    [value] = record_values(engines, two_tenants.a, indicator, [(date(2025, 1, 1), 12.0)])
    analyst = _as(app, engines, two_tenants, Role.ANALYST)
    review = f"{API}/measurements/{value.id}/review"
    assert analyst.post(review, json={"action": "validate"}).json["status"] == "validated"
    denied = analyst.post(review, json={"action": "publish"})
    assert denied.status_code == 403 and denied.json["message"] == "Publishing a value needs the publish permission."
    head = token_client(app, two_tenants.a_token)
    assert head.post(review, json={"action": "publish"}).json["status"] == "published"


@pytest.fixture
def beta_rows(app: Flask, engines: Engines, two_tenants: TwoTenants) -> dict[str, str]:
    """One of everything in beta: its priority, indicator, value, evidence, milestone and budget programme."""
    beta = token_client(app, two_tenants.b_token)
    priority = create_priority(engines, two_tenants.b, two_tenants.b_ministries[0])
    indicator = create_indicator(engines, two_tenants.b, priority, baseline=(date(2024, 12, 1), 10.0))
    [value] = record_values(engines, two_tenants.b, indicator, [(date(2025, 1, 1), 12.0)])
    base = "/api/v1/t/beta"
    evidence = _upload(beta, f"{base}/measurements/{value.id}/evidence")
    milestone = beta.post(f"{base}/priorities/{priority.id}/milestones", json={"title": "Lei", "due_on": "2025-06-30"})
    programme = beta.post(f"{base}/budget-programmes", json={"code": "PR-9", "name": "Saúde da família"})
    assert (evidence.status_code, milestone.status_code, programme.status_code) == (201, 201, 201)
    return {
        "priority": str(priority.id), "indicator": str(indicator.id), "measurement": str(value.id),
        "evidence": evidence.json["id"], "milestone": milestone.json["id"], "programme": programme.json["id"],
    }  # fmt: skip


def test_every_id_of_another_government_is_not_found(
    app: Flask, engines: Engines, two_tenants: TwoTenants, beta_rows: dict[str, str]
) -> None:
    client = token_client(app, two_tenants.a_token)
    p, i, m = beta_rows["priority"], beta_rows["indicator"], beta_rows["measurement"]
    e, ms, pr = beta_rows["evidence"], beta_rows["milestone"], beta_rows["programme"]
    own_priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    star = {"If-Match": "*"}
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"/priorities/{p}", {}),
        ("PATCH", f"/priorities/{p}", {"json": {"sponsor": "x"}, "headers": star}),
        ("DELETE", f"/priorities/{p}", {"headers": star}),
        ("GET", f"/priorities/{p}/status", {}),
        ("GET", f"/priorities/{p}/milestones", {}),
        ("POST", f"/priorities/{p}/milestones", {"json": {"title": "x", "due_on": "2025-01-01"}}),
        ("GET", f"/priorities/{p}/chain", {}),
        ("PUT", f"/priorities/{p}/chain", {"json": {"links": []}, "headers": star}),
        ("GET", f"/priorities/{p}/programmes", {}),
        ("DELETE", f"/priorities/{own_priority.id}/programmes/{pr}", {}),
        ("GET", f"/indicators/{i}", {}),
        ("PATCH", f"/indicators/{i}", {"json": {"unit": "x"}, "headers": star}),
        ("GET", f"/indicators/{i}/baseline", {}),
        ("PUT", f"/indicators/{i}/baseline", {"json": {"value": 1, "period": "2024-12"}}),
        ("GET", f"/indicators/{i}/targets", {}),
        ("POST", f"/indicators/{i}/targets", {"json": {"value": 1, "due": "2025-12"}}),
        ("GET", f"/indicators/{i}/trajectory", {}),
        ("PUT", f"/indicators/{i}/trajectory", {"json": {"points": []}, "headers": star}),
        ("POST", f"/indicators/{i}/trajectory/draft", {"json": {}}),
        ("GET", f"/indicators/{i}/measurements", {}),
        ("POST", f"/indicators/{i}/measurements", {"json": {"period": "2025-02", "value": 1}}),
        ("GET", f"/measurements/{m}", {}),
        ("POST", f"/measurements/{m}/corrections", {"json": {"value": 1, "note": "x"}}),
        ("POST", f"/measurements/{m}/review", {"json": {"action": "validate"}}),
        ("GET", f"/measurements/{m}/evidence", {}),
        ("GET", f"/evidence/{e}", {}),
        ("GET", f"/milestones/{ms}", {}),
        ("PATCH", f"/milestones/{ms}", {"json": {"title": "x"}, "headers": star}),
        ("DELETE", f"/milestones/{ms}", {"headers": star}),
        ("GET", f"/budget-programmes/{pr}", {}),
        ("GET", f"/budget-programmes/{pr}/entries", {}),
        ("PUT", f"/budget-programmes/{pr}/entries", {"json": {"period": "2025-01-01", "allocated": 1}}),
    ]
    for method, path, options in calls:
        response = client.open(f"{API}{path}", method=method, **options)
        assert response.status_code == 404, (method, path, response.status_code, response.json)
        assert response.json == {"code": 404, "status": "Not Found", "message": "Not found."}, (method, path)
    assert _upload(client, f"{API}/measurements/{m}/evidence").status_code == 404
    # An id in a body is a field error; nothing of beta's is linked or changed.
    linked = client.post(f"{API}/priorities/{own_priority.id}/programmes", json={"programme_id": pr})
    assert linked.json["errors"]["json"] == {"programme_id": ["No budget programme of this government has that id."]}
    beta = token_client(app, two_tenants.b_token)
    assert beta.get(f"/api/v1/t/beta/milestones/{ms}").json["title"] == "Lei"
    assert [v["version"] for v in beta.get(f"/api/v1/t/beta/indicators/{i}/measurements?history=true").json] == [1]
    assert beta.get(f"/api/v1/t/beta/evidence/{e}").data == PDF


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_workspace_route_obeys_the_permission_table(
    app: Flask, engines: Engines, two_tenants: TwoTenants, role: Role
) -> None:
    """The table in `roles.py`, walked against this blueprint's real routes with real ids of alpha's."""
    health, agency = two_tenants.a_ministries
    priority = create_priority(engines, two_tenants.a, health)
    indicator = create_indicator(engines, two_tenants.a, priority, owner_ministry_id=agency.id,
                                 baseline=(date(2024, 12, 1), 10.0))  # fmt: skip
    [value] = record_values(engines, two_tenants.a, indicator, [(date(2025, 1, 1), 12.0)])
    head = token_client(app, two_tenants.a_token)
    evidence = _upload(head, f"{API}/measurements/{value.id}/evidence").json["id"]
    milestone = head.post(f"{API}/priorities/{priority.id}/milestones", json={"title": "x", "due_on": "2025-01-01"})
    programme = head.post(f"{API}/budget-programmes", json={"code": "PR-1", "name": "Health"}).json["id"]
    ids = {"tenant_slug": "alpha", "priority_id": priority.id, "indicator_id": indicator.id,
           "measurement_id": value.id, "evidence_id": evidence, "milestone_id": milestone.json["id"],
           "programme_id": programme}  # fmt: skip
    client = _as(app, engines, two_tenants, role, ministry_id=agency.id if role is Role.FOCAL_POINT else None)
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("delivery."):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            needed = required_permission(rule.endpoint, method)
            assert needed is not None, (rule.endpoint, method)
            url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)
            status = client.open(url, method=method, json={}).status_code
            if allows(role, needed):
                assert status not in (401, 403, 404), (role, rule.endpoint, method, status)
            else:
                assert status == 403, (role, rule.endpoint, method, status)
            checked += 1
    assert checked == 41
