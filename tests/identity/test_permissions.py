"""The permission table decides every access: walk it, role by role, against the real endpoints."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.db import Engines
from entrega.identity.access import PUBLIC_TENANT_ENDPOINTS, required_permission
from entrega.identity.models import ApiToken
from entrega.identity.roles import ENDPOINT_PERMISSIONS, Permission, Role, allows
from entrega.identity.services import digest
from entrega.tenancy.binding import tenant_session
from tests.conftest import BUNDLED_MODELS, TwoTenants, sign_in_as, token_client
from tests.factories import create_member, create_token

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)
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


def _url(rule: str, two: TwoTenants, member_id: str, token_id: str) -> str:
    values = {
        "tenant_slug": "alpha",
        "ministry_id": str(two.a_ministries[0].id),
        "user_id": member_id,
        "token_id": token_id,
        "token": "not-a-real-invitation",
    }
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule)


def _call(client: FlaskClient, method: str, url: str) -> Any:
    if url.startswith("/api/"):
        return client.open(url, method=method, json={})
    return client.open(url, method=method, data={"csrf_token": CSRF})


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_route_obeys_the_table_for_every_role(
    app: Flask, engines: Engines, two_tenants: TwoTenants, role: Role
) -> None:
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
    for endpoint, method, rule in _tenant_rules(app):
        if endpoint in PUBLIC_TENANT_ENDPOINTS:
            continue
        needed = required_permission(endpoint, method)
        assert needed is not None
        url = _url(rule, two_tenants, str(two_tenants.a_head.id), token_id)
        response = _call(api if url.startswith("/api/") else pages, method, url)
        if allows(role, needed):
            assert response.status_code not in (401, 403, 404), (role, endpoint, method, response.status_code)
        else:
            assert response.status_code == 403, (role, endpoint, method, response.status_code)
        checked += 1
    assert checked >= 20


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
