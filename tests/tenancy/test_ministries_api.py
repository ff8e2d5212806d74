"""The ministries API, run on PostgreSQL (under RLS) and on the embedded SQLite alike."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.audit.models import AuditEvent
from entrega.db import Engines
from entrega.tenancy.api import IN_USE
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, token_client
from tests.factories import create_priority


@pytest.fixture
def client(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    """alpha's unit head, through the API with a bearer token."""
    return token_client(app, two_tenants.a_token)


@pytest.fixture
def beta(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    return token_client(app, two_tenants.b_token)


def _etag(client: FlaskClient, url: str) -> str:
    return client.get(url).headers["ETag"]


def test_lists_only_the_tenants_own_ministries_in_pages(client: FlaskClient, two_tenants: TwoTenants) -> None:
    response = client.get("/api/v1/t/alpha/ministries?page_size=1&page=2")
    assert response.status_code == 200
    assert [m["code"] for m in response.json] == ["HEALTH-AG"]
    assert response.json[0]["parent_id"] == str(two_tenants.a_ministries[0].id)
    pagination = response.headers["X-Pagination"]
    assert '"total": 2' in pagination and '"page": 2' in pagination


def test_filters_by_kind_parent_and_text(client: FlaskClient, beta: FlaskClient, two_tenants: TwoTenants) -> None:
    health = two_tenants.a_ministries[0]
    assert [m["code"] for m in client.get("/api/v1/t/alpha/ministries?kind=agency").json] == ["HEALTH-AG"]
    assert [m["code"] for m in client.get(f"/api/v1/t/alpha/ministries?parent_id={health.id}").json] == ["HEALTH-AG"]
    assert [m["code"] for m in client.get("/api/v1/t/alpha/ministries?top_level=true").json] == ["HEALTH"]
    assert client.get("/api/v1/t/alpha/ministries?q=saude").json == []
    assert client.get("/api/v1/t/beta/ministries?q=saúde").status_code == 401  # alpha's token is no key to beta
    assert [m["code"] for m in beta.get("/api/v1/t/beta/ministries?q=saúde").json] == ["SAUDE"]


def test_an_unknown_or_suspended_tenant_is_not_found(client: FlaskClient, engines: Engines) -> None:
    from tests.factories import create_tenant

    create_tenant(engines, slug="dormant", status="suspended")
    for slug in ("nowhere", "dormant"):
        response = client.get(f"/api/v1/t/{slug}/ministries")
        assert response.status_code == 404
        assert response.json == {"code": 404, "status": "Not Found", "message": "Not found."}
        assert client.get(f"/t/{slug}/").status_code == 404


def test_another_tenants_ministry_is_not_found_by_id(
    client: FlaskClient, beta: FlaskClient, two_tenants: TwoTenants
) -> None:
    foreign = two_tenants.b_ministries[0].id
    assert client.get(f"/api/v1/t/alpha/ministries/{foreign}").status_code == 404
    response = client.patch(f"/api/v1/t/alpha/ministries/{foreign}", json={"acronym": "X"}, headers={"If-Match": "*"})
    assert response.status_code == 404
    assert beta.get(f"/api/v1/t/beta/ministries/{foreign}").status_code == 200


def test_creates_a_ministry_and_audits_it(client: FlaskClient, engines: Engines, two_tenants: TwoTenants) -> None:
    response = client.post(
        "/api/v1/t/alpha/ministries",
        json={"code": "FIN", "name": {"es": "Ministerio de Hacienda", "en": "Ministry of Finance"}, "acronym": "MH"},
        headers={"X-Request-ID": "req-create-fin-0001"},
    )
    assert response.status_code == 201
    created = response.json
    assert created["kind"] == "ministry" and created["created_at"].endswith("+00:00")
    with tenant_session(engines, two_tenants.a.id) as db_session:
        event = db_session.scalars(select(AuditEvent).where(AuditEvent.entity_id == created["id"])).one()
    assert (event.action, event.entity, event.before) == ("create", "ministry", None)
    assert event.after["name"]["en"] == "Ministry of Finance"
    assert event.request_id == "req-create-fin-0001"
    assert event.actor.startswith("head@alpha.example (API token ent_")


def test_a_parent_from_another_tenant_is_refused(client: FlaskClient, two_tenants: TwoTenants) -> None:
    response = client.post(
        "/api/v1/t/alpha/ministries",
        json={"code": "AG", "name": {"es": "x"}, "kind": "agency", "parent_id": str(two_tenants.b_ministries[0].id)},
    )
    assert response.status_code == 422
    assert response.json["errors"]["json"] == {"parent_id": ["No ministry of this government has that id."]}


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        ({"name": {"es": "x"}}, "code", "Missing data for required field."),
        ({"code": "X", "name": {}}, "name", "Give the text in at least one language."),
        ({"code": "X", "name": {"xx-zz": "x"}}, "name", "Not a known language code: xx-zz."),
        ({"code": "X", "name": {"pt": "x"}}, "name", "Not one of this government's languages (es, en): pt."),
        (
            {"code": "X", "name": {"es": "x"}, "kind": "club"},
            "kind",
            "Must be one of: ministry, secretariat, agency, office.",
        ),
        (
            {"code": "HEALTH", "name": {"es": "x"}},
            "code",
            "Another ministry of this government already uses the code 'HEALTH'.",
        ),
        ({"code": "bad code!", "name": {"es": "x"}}, "code", "Use 1 to 32 letters"),
    ],
)
def test_bad_input_names_the_field_and_the_reason_and_stores_nothing(
    client: FlaskClient, two_tenants: TwoTenants, payload: dict, field: str, reason: str
) -> None:
    response = client.post("/api/v1/t/alpha/ministries", json=payload)
    assert response.status_code == 422
    assert response.json["message"] == "The request has invalid fields."
    assert any(message.startswith(reason) for message in response.json["errors"]["json"][field])
    assert len(client.get("/api/v1/t/alpha/ministries").json) == 2


def test_updates_need_the_current_etag(client: FlaskClient, two_tenants: TwoTenants) -> None:
    url = f"/api/v1/t/alpha/ministries/{two_tenants.a_ministries[0].id}"
    assert client.patch(url, json={"acronym": "MS"}).status_code == 428
    stale = _etag(client, url)
    first = client.patch(url, json={"acronym": "MS"}, headers={"If-Match": stale})
    assert first.status_code == 200 and first.json["acronym"] == "MS"
    second = client.patch(url, json={"acronym": "MSAL"}, headers={"If-Match": stale})
    assert second.status_code == 412
    assert client.get(url).json["acronym"] == "MS"


def test_a_patch_changes_only_what_it_names_and_audits_before_and_after(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    ministry = two_tenants.a_ministries[0]
    url = f"/api/v1/t/alpha/ministries/{ministry.id}"
    response = client.patch(
        url, json={"name": {"es": "Salud", "en": "Health"}}, headers={"If-Match": _etag(client, url)}
    )
    assert response.status_code == 200
    assert (response.json["code"], response.json["kind"]) == ("HEALTH", "ministry")
    with tenant_session(engines, two_tenants.a.id) as db_session:
        event = db_session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == str(ministry.id), AuditEvent.action == "update")
        ).one()
    assert event.before["name"] == ministry.name and event.after["name"] == {"es": "Salud", "en": "Health"}


def test_the_hierarchy_cannot_loop(client: FlaskClient, two_tenants: TwoTenants) -> None:
    parent, child = two_tenants.a_ministries
    url = f"/api/v1/t/alpha/ministries/{parent.id}"
    response = client.patch(url, json={"parent_id": str(child.id)}, headers={"If-Match": _etag(client, url)})
    assert response.status_code == 422
    assert "parent_id" in response.json["errors"]["json"]


def test_a_ministry_with_agencies_cannot_be_deleted_until_they_move(
    client: FlaskClient, beta: FlaskClient, two_tenants: TwoTenants
) -> None:
    parent, child = two_tenants.a_ministries
    parent_url, child_url = (f"/api/v1/t/alpha/ministries/{m.id}" for m in (parent, child))
    refused = client.delete(parent_url, headers={"If-Match": _etag(client, parent_url)})
    assert refused.status_code == 409
    assert refused.json["errors"]["json"]["parent_id"]
    assert client.delete(child_url, headers={"If-Match": _etag(client, child_url)}).status_code == 204
    assert client.delete(parent_url, headers={"If-Match": _etag(client, parent_url)}).status_code == 204
    assert client.get("/api/v1/t/alpha/ministries").json == []
    assert len(beta.get("/api/v1/t/beta/ministries").json) == 1


def test_a_ministry_that_owns_a_priority_cannot_be_deleted(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    agency = two_tenants.a_ministries[1]
    create_priority(engines, two_tenants.a, agency)
    url = f"/api/v1/t/alpha/ministries/{agency.id}"
    refused = client.delete(url, headers={"If-Match": _etag(client, url)})
    assert refused.status_code == 409, refused.json
    assert refused.json["message"] == IN_USE
    assert client.get(url).status_code == 200


def test_the_tenant_resource_describes_the_government(beta: FlaskClient, two_tenants: TwoTenants) -> None:
    response = beta.get("/api/v1/t/beta")
    assert response.status_code == 200
    assert response.json["slug"] == "beta" and response.json["country"] == "BR" and response.json["parent"] is None
    assert uuid.UUID(response.json["id"]) == two_tenants.b.id


def test_the_openapi_document_describes_the_tenant_paths(app: Flask) -> None:
    client = app.test_client()
    document = client.get("/api/v1/openapi.json").json
    assert "/api/v1/t/{tenant_slug}/ministries/{ministry_id}" in document["paths"]
    assert "Ministry" in document["components"]["schemas"]


@pytest.mark.plugins("entrega_example_model")
def test_a_ministry_carries_the_extra_fields_its_model_declares(client: FlaskClient, two_tenants: TwoTenants) -> None:
    assert (
        client.post(
            "/api/v1/t/alpha/ministries", json={"code": "X1", "name": {"es": "x"}, "extra": {"anything": 1}}
        ).status_code
        == 422
    )
    etag = client.get("/api/v1/t/alpha/model").headers["ETag"]
    model = {"delivery": "entrega_example_model", "config": {"performance_bonus": True}}
    assert client.put("/api/v1/t/alpha/model", json=model, headers={"If-Match": etag}).status_code == 200

    ok = client.post("/api/v1/t/alpha/ministries", json={"code": "PLAN", "name": {"es": "Planificación"},
                                                         "extra": {"agreement_signed_on": "2026-02-01", "bonus_eligible": True}})  # fmt: skip
    assert ok.status_code == 201, ok.json
    assert ok.json["extra"] == {"agreement_signed_on": "2026-02-01", "bonus_eligible": True}
    for extra, field in (
        ({"agreement_signed_on": "the first of February"}, "agreement_signed_on"),
        ({"colour": "red"}, "colour"),
    ):
        refused = client.post("/api/v1/t/alpha/ministries", json={"code": "BAD", "name": {"es": "x"}, "extra": extra})
        assert refused.status_code == 422
        assert field in refused.json["errors"]["json"]["extra"]
