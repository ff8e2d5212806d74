"""A government's delivery model through the API: list plugins, read, change with field errors, clone."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.audit.models import AuditEvent
from entrega.db import Engines
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from tests.conftest import BUNDLED_MODELS, TwoTenants, token_client
from tests.factories import create_member

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)

PMDU: dict[str, Any] = {"delivery": "entrega_pmdu", "config": {"stocktake_every_months": 2}}


@pytest.fixture
def client(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    return token_client(app, two_tenants.a_token)


@pytest.fixture
def beta(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    return token_client(app, two_tenants.b_token)


def _put(client: FlaskClient, slug: str, body: dict[str, Any]) -> Any:
    etag = client.get(f"/api/v1/t/{slug}/model").headers["ETag"]
    return client.put(f"/api/v1/t/{slug}/model", json=body, headers={"If-Match": etag})


def test_lists_exactly_the_enabled_plugins_with_their_configuration_schemas(app: Flask) -> None:
    client = app.test_client()
    plugins = {p["name"]: p for p in client.get("/api/v1/plugins").json}
    assert set(plugins) == set(BUNDLED_MODELS)
    pmdu = plugins["entrega_pmdu"]
    assert pmdu["kind"] == "delivery_model"
    assert set(pmdu["title"]) >= {"en", "es", "pt", "fr"}
    assert "stocktake_every_months" in pmdu["config_schema"]["properties"]


def test_a_government_without_a_model_says_so(client: FlaskClient, two_tenants: TwoTenants) -> None:
    response = client.get("/api/v1/t/alpha/model")
    assert response.status_code == 200
    assert response.json["delivery"] is None
    assert response.json["preview"] is None


def test_choosing_a_model_shows_its_words_scale_and_routines_and_is_audited(
    client: FlaskClient, beta: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    response = _put(client, "alpha", PMDU)
    assert response.status_code == 200, response.json
    preview = response.json["preview"]
    assert [level["common"] for level in preview["scale"]] == [
        "on_track",
        "on_track_with_issues",
        "at_risk",
        "off_track",
    ]
    assert set(preview["vocabulary"]["stocktake"]) >= {"en", "es", "pt", "fr"}
    assert any(r["cadence"] == "bimonthly" for r in preview["routines"])
    with tenant_session(engines, two_tenants.a.id) as db_session:
        event = db_session.scalars(select(AuditEvent).where(AuditEvent.entity == "delivery_model")).one()
    assert (event.action, event.before, event.after["delivery"]) == ("create", None, "entrega_pmdu")
    # The other government is untouched.
    assert beta.get("/api/v1/t/beta/model").json["delivery"] is None


@pytest.mark.parametrize(
    ("body", "path", "reason"),
    [
        ({"delivery": "entrega_nowhere"}, ["delivery"], "No plugin 'entrega_nowhere' is installed."),
        ({"delivery": "entrega_pmdu", "config": {"stocktake_every_months": 7}}, ["config", "stocktake_every_months"], ""),
        ({"delivery": "entrega_pmdu", "calendar": {"fiscal_year_start_month": 13}}, ["calendar", "fiscal_year_start_month"], "Must be a month"),
        ({"delivery": "entrega_pmdu", "vocabulary": {"es": {"priority": ["Compromiso"]}}}, ["vocabulary", "es", "priority"], "Give exactly two words"),
        ({"delivery": "entrega_pmdu", "vocabulary": {"es": {"budget": ["a", "b"]}}}, ["vocabulary", "es", "budget"], "Not a term"),
        ({"delivery": "entrega_pmdu", "extensions": [{"plugin": "entrega_stat"}]}, ["extensions", "0", "plugin"], "is a delivery model"),
    ],
)  # fmt: skip
def test_an_invalid_model_names_the_field_and_changes_nothing(
    client: FlaskClient, two_tenants: TwoTenants, body: dict[str, Any], path: list[str], reason: str
) -> None:
    assert _put(client, "alpha", PMDU).status_code == 200
    response = _put(client, "alpha", body)
    assert response.status_code == 422
    messages: Any = response.json["errors"]["json"]
    for key in path:
        messages = messages[key]
    assert any(reason in message for message in messages)
    assert client.get("/api/v1/t/alpha/model").json["config"] == PMDU["config"]


def test_a_stale_etag_cannot_overwrite_a_newer_model(client: FlaskClient, two_tenants: TwoTenants) -> None:
    stale = client.get("/api/v1/t/alpha/model").headers["ETag"]
    assert _put(client, "alpha", PMDU).status_code == 200
    response = client.put("/api/v1/t/alpha/model", json={"delivery": "entrega_stat"}, headers={"If-Match": stale})
    assert response.status_code == 412
    assert client.get("/api/v1/t/alpha/model").json["delivery"] == "entrega_pmdu"


def test_the_tenants_own_words_replace_the_models(client: FlaskClient, two_tenants: TwoTenants) -> None:
    body = {**PMDU, "vocabulary": {"es": {"priority": ["Compromiso", "Compromisos"]}}}
    preview = _put(client, "alpha", body).json["preview"]
    assert preview["vocabulary"]["priority"]["es"] == ["Compromiso", "Compromisos"]
    assert preview["vocabulary"]["priority"]["en"] != ["Compromiso", "Compromisos"]


def test_cloning_needs_access_to_the_source_government(
    client: FlaskClient, beta: FlaskClient, two_tenants: TwoTenants
) -> None:
    _put(client, "alpha", PMDU)
    # beta's unit head is no member of alpha: alpha's model is not theirs to read, and they learn nothing of it.
    assert beta.post("/api/v1/t/beta/model/clone", json={"from": "alpha"}).status_code == 404


def test_cloning_copies_configuration_never_data(
    client: FlaskClient, beta: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    create_member(engines, two_tenants.a, Role.CONFIGURATOR, user=two_tenants.b_head)
    _put(client, "alpha", {**PMDU, "calendar": {"fiscal_year_start_month": 7}})
    response = beta.post("/api/v1/t/beta/model/clone", json={"from": "alpha"})
    assert response.status_code == 200
    assert response.json["delivery"] == "entrega_pmdu"
    assert response.json["calendar"] == {"fiscal_year_start_month": 7}
    assert {m["code"] for m in beta.get("/api/v1/t/beta/ministries").json} == {"SAUDE"}
    assert beta.post("/api/v1/t/beta/model/clone", json={"from": "nowhere"}).status_code == 404
