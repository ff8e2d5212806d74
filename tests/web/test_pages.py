"""The pages of the core: the directory, a government's page, errors, language, security headers."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import TwoTenants, sign_in_as


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _csrf(client: FlaskClient, path: str = "/") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_the_directory_lists_active_governments(client: FlaskClient, two_tenants: TwoTenants) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'href="/t/alpha/"' in html and 'href="/t/beta/"' in html


def test_a_governments_page_shows_its_ministries_as_a_tree_in_its_language(
    client: FlaskClient, two_tenants: TwoTenants
) -> None:
    response = sign_in_as(client, two_tenants.a_head).get("/t/alpha/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Ministerio" in html and html.index("HEALTH") < html.index("HEALTH-AG")
    assert "SAUDE" not in html


def test_a_name_missing_in_the_readers_language_falls_back_visibly(
    client: FlaskClient, two_tenants: TwoTenants
) -> None:
    html = (
        sign_in_as(client, two_tenants.b_head).get("/t/beta/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    )
    # beta's default is Portuguese, so the page is too; its ministry has only a Portuguese name anyway.
    assert '<span lang="pt">Ministério da Saúde</span>' in html


def test_switching_language_needs_the_csrf_token(client: FlaskClient, two_tenants: TwoTenants) -> None:
    sign_in_as(client, two_tenants.a_head)
    assert client.post("/locale", data={"locale": "fr", "next": "/t/alpha/"}).status_code == 400
    token = _csrf(client)
    response = client.post("/locale", data={"locale": "fr", "next": "/t/alpha/", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/t/alpha/"
    assert '<html lang="fr">' in client.get("/t/alpha/").get_data(as_text=True)


def test_the_language_switch_never_redirects_off_site(client: FlaskClient) -> None:
    token = _csrf(client)
    response = client.post("/locale", data={"locale": "pt", "next": "//evil.example/", "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_a_missing_page_is_a_page_not_a_trace(client: FlaskClient) -> None:
    response = client.get("/t/atlantis/", headers={"Accept-Language": "es"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in html or "Página" in html
    assert "Traceback" not in html


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_production_cookies_are_secure_and_hsts_is_sent(sqlite_backend) -> None:  # type: ignore[no-untyped-def]
    from entrega.app import create_app

    app = create_app(sqlite_backend.settings.with_overrides(production=True))
    client = app.test_client()
    response = client.get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in response.headers["Set-Cookie"]  # the CSRF token starts the session
    assert "HttpOnly" in response.headers["Set-Cookie"]
