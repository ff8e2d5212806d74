"""Personal API tokens: shown once, stored hashed, scoped to a tenant and a role, expiring, revocable."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select, update

from entrega.db import Engines
from entrega.identity.models import ApiToken
from entrega.identity.roles import Role
from entrega.identity.services import digest, now
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, sign_in_as, token_client
from tests.factories import create_member, create_token


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_a_token_is_shown_once_and_stored_only_as_a_hash(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    client = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    token = _csrf(client.get("/t/alpha/tokens").get_data(as_text=True))
    html = client.post(
        "/t/alpha/tokens", data={"csrf_token": token, "name": "Dashboard", "role": "viewer", "days": "30"}
    ).get_data(as_text=True)
    raw = re.search(r'<code class="token" id="new-token">(ent_[^<]+)</code>', html).group(1)  # type: ignore[union-attr]
    assert raw not in client.get("/t/alpha/tokens").get_data(as_text=True)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        stored = db_session.scalars(select(ApiToken).where(ApiToken.name == "Dashboard")).one()
    assert stored.token_hash == digest(raw) != raw
    assert (stored.role, stored.prefix) == (Role.VIEWER, raw[:12])
    response = token_client(app, raw).get("/api/v1/t/alpha/ministries")
    assert response.status_code == 200
    with tenant_session(engines, two_tenants.a.id) as db_session:
        assert db_session.get(ApiToken, (two_tenants.a.id, stored.id)).last_used_at is not None  # type: ignore[union-attr]


def test_a_token_acts_only_with_its_role(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    viewer_token = create_token(engines, two_tenants.a, two_tenants.a_head, Role.VIEWER)
    api = token_client(app, viewer_token)
    assert api.get("/api/v1/t/alpha/ministries").status_code == 200
    assert api.post("/api/v1/t/alpha/ministries", json={"code": "X", "name": {"es": "x"}}).status_code == 403


def test_a_token_never_carries_more_than_its_owner(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    viewer = create_member(engines, two_tenants.a, Role.VIEWER)
    client = sign_in_as(app.test_client(), viewer, "en")
    token = _csrf(client.get("/t/alpha/tokens").get_data(as_text=True))
    response = client.post(
        "/t/alpha/tokens", data={"csrf_token": token, "name": "Sneaky", "role": "unit_head", "days": "30"}
    )
    assert response.status_code == 422
    assert "A token cannot carry more than your own role." in response.get_data(as_text=True)


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_revoked_or_expired_token_opens_nothing(
    app: Flask, engines: Engines, two_tenants: TwoTenants, how: str
) -> None:
    raw = create_token(engines, two_tenants.a, two_tenants.a_head)
    change = {"revoked_at": now()} if how == "revoked" else {"expires_at": now() - timedelta(minutes=1)}
    with tenant_session(engines, two_tenants.a.id) as db_session:
        db_session.execute(update(ApiToken).where(ApiToken.token_hash == digest(raw)).values(**change))
        db_session.commit()
    response = token_client(app, raw).get("/api/v1/t/alpha/ministries")
    assert response.status_code == 401
    assert response.json["code"] == 401


def test_the_api_is_rate_limited_per_token(backend) -> None:  # type: ignore[no-untyped-def]
    from entrega.app import create_app
    from tests.conftest import _two_tenants

    app = create_app(backend.settings.with_overrides(api_requests_per_minute=3))
    two = _two_tenants(app.extensions["entrega.db"])
    api = token_client(app, two.a_token)
    _not_at_a_window_edge()
    statuses = [api.get("/api/v1/t/alpha/ministries").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
    app.extensions["entrega.db"].dispose()


@pytest.mark.redis
def test_two_web_replicas_share_the_limit_through_redis(pg_backend, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    from entrega.app import create_app
    from tests.conftest import _two_tenants

    settings = pg_backend.settings.with_overrides(api_requests_per_minute=4, redis_url=redis_url)
    first, second = create_app(settings), create_app(settings)
    two = _two_tenants(first.extensions["entrega.db"])
    replicas = [token_client(first, two.a_token), token_client(second, two.a_token)]
    _not_at_a_window_edge()
    statuses = [replicas[n % 2].get("/api/v1/t/alpha/ministries").status_code for n in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    for app in (first, second):
        app.extensions["entrega.db"].dispose()


def _not_at_a_window_edge() -> None:
    """Limits count in fixed one-minute windows: start a counting test well inside one."""
    import time

    if time.time() % 60 > 55:
        time.sleep(60 - time.time() % 60 + 0.5)
