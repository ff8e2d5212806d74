"""OpenID Connect sign-in against a real provider on 127.0.0.1 (built with authlib's server), for the
bank's staff and for a government with its own provider, and every rejection a careless client would miss."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.app import create_app
from entrega.identity.models import TenantIdentityProvider
from entrega.identity.secrets_box import SecretsBox, new_key
from entrega.tenancy.binding import tenant_session
from tests.conftest import Backend, TwoTenants, _two_tenants
from tests.factories import create_user
from tests.support.oidc_provider import IdpUser, OidcTestProvider

CALLBACK = "http://localhost/auth/callback"
SECRET = "client-secret-that-never-leaves-the-database-in-clear"


@pytest.fixture
def idp() -> Iterator[OidcTestProvider]:
    with OidcTestProvider(client_id="entrega", client_secret=SECRET, redirect_uris=[CALLBACK]) as provider:
        yield provider


@pytest.fixture
def oidc_app(backend: Backend, idp: OidcTestProvider) -> Iterator[Flask]:
    settings = backend.settings.with_overrides(
        platform_oidc_discovery_url=idp.discovery_url,
        platform_oidc_client_id="entrega",
        platform_oidc_client_secret=SECRET,
        encryption_key=new_key(),
    )
    app = create_app(settings)
    yield app
    app.extensions["entrega.db"].dispose()


def _sign_in(client: FlaskClient, idp: OidcTestProvider, provider: str = "platform") -> tuple[int, str]:
    start = client.get(f"/auth/start?provider={provider}")
    assert start.status_code == 302
    callback = urlsplit(idp.authorize(start.headers["Location"]))
    response = client.get(f"{callback.path}?{callback.query}")
    return response.status_code, response.headers.get("Location", "")


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def test_bank_staff_sign_in_with_the_banks_provider(oidc_app: Flask, idp: OidcTestProvider) -> None:
    create_user(oidc_app.extensions["entrega.db"], email="specialist@bank.example", name="Sofía Especialista")
    idp.login_as(IdpUser(sub="bank-0001", email="specialist@bank.example", name="Sofía Especialista"))
    client = oidc_app.test_client()
    assert _sign_in(client, idp) == (302, "/account")
    assert _signed_in(client)
    # The second time, the link to the provider's subject is used, even with another address there.
    idp.login_as(IdpUser(sub="bank-0001", email="new-address@bank.example", name="Sofía Especialista"))
    other = oidc_app.test_client()
    assert _sign_in(other, idp)[0] == 302
    assert "specialist@bank.example" in other.get("/account").get_data(as_text=True)


@pytest.mark.parametrize("misbehaviour", ["wrong_issuer", "wrong_audience", "expired", "bad_signature", "drop_nonce"])
def test_an_untrustworthy_id_token_is_refused(oidc_app: Flask, idp: OidcTestProvider, misbehaviour: str) -> None:
    create_user(oidc_app.extensions["entrega.db"], email="specialist@bank.example")
    idp.login_as(IdpUser(sub="bank-0001", email="specialist@bank.example", name="S"))
    idp.misbehave(**{misbehaviour: True})
    client = oidc_app.test_client()
    status, _location = _sign_in(client, idp)
    assert status == 403
    assert not _signed_in(client)


def test_a_replayed_state_is_refused(oidc_app: Flask, idp: OidcTestProvider) -> None:
    create_user(oidc_app.extensions["entrega.db"], email="specialist@bank.example")
    idp.login_as(IdpUser(sub="bank-0001", email="specialist@bank.example", name="S"))
    client = oidc_app.test_client()
    start = client.get("/auth/start?provider=platform")
    callback = urlsplit(idp.authorize(start.headers["Location"]))
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    # The same answer again (a stolen or replayed callback) is refused, in this browser or another.
    assert client.get(f"{callback.path}?{callback.query}").status_code == 403
    assert oidc_app.test_client().get(f"{callback.path}?{callback.query}").status_code == 403


def test_an_unknown_identity_gets_no_account(oidc_app: Flask, idp: OidcTestProvider) -> None:
    idp.login_as(IdpUser(sub="stranger", email="stranger@example.org", name="Stranger"))
    client = oidc_app.test_client()
    assert _sign_in(client, idp)[0] == 403
    assert not _signed_in(client)


def test_a_government_signs_in_with_its_own_provider_and_has_no_passwords(
    oidc_app: Flask, idp: OidcTestProvider
) -> None:
    engines = oidc_app.extensions["entrega.db"]
    two: TwoTenants = _two_tenants(engines)
    box = SecretsBox(oidc_app.extensions["entrega.settings"].encryption_key)
    with tenant_session(engines, two.a.id) as db_session:
        db_session.add(TenantIdentityProvider(discovery_url=idp.discovery_url, client_id="entrega", display_name="Alpha ID",
                                              client_secret_encrypted=box.encrypt(SECRET)))  # fmt: skip
        db_session.commit()
        stored = db_session.scalars(select(TenantIdentityProvider.client_secret_encrypted)).one()
    assert SECRET not in stored
    client = oidc_app.test_client()
    page = client.get("/t/alpha/signin").get_data(as_text=True)
    assert "Alpha ID" in page
    assert 'type="password"' not in page
    assert client.post("/t/alpha/signin", data={}).status_code in (400, 404)
    idp.login_as(IdpUser(sub="alpha-head", email="head@alpha.example", name="Ana Alpha"))
    assert _sign_in(client, idp, "tenant:alpha")[0] == 302
    assert client.get("/t/alpha/ministries").status_code == 200
