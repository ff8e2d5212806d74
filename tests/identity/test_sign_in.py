"""Signing in with a local password: success, one message for every failure, lockout, throttling, and
sessions that end when a role or password changes."""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from entrega.db import Engines
from entrega.identity.roles import Role
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_member, create_user

PASSWORD = "correct horse battery staple"
REFUSED = "The e-mail address or the password is not right, or the account is locked for a while."


def _post(client: FlaskClient, email: str, password: str, path: str = "/t/alpha/signin") -> tuple[int, str]:
    with client.session_transaction() as session:
        session["locale"] = "en"  # the test government's own language is Spanish
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    response = client.post(
        path, data={"csrf_token": token.group(1), "email": email, "password": password, "next": "/t/alpha/ministries"}
    )
    return response.status_code, response.get_data(as_text=True) if response.status_code != 302 else response.headers[
        "Location"
    ]


@pytest.fixture
def member(engines: Engines, two_tenants: TwoTenants):  # type: ignore[no-untyped-def]
    return create_member(engines, two_tenants.a, Role.ANALYST, email="Ana.Lista@Example.org", password=PASSWORD)


def test_a_member_signs_in_and_lands_where_they_were_going(app: Flask, member) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    status, location = _post(client, "ana.lista@example.org", PASSWORD)
    assert (status, location) == (302, "/t/alpha/ministries")
    assert client.get("/t/alpha/ministries").status_code == 200


def test_wrong_password_and_unknown_address_get_the_same_answer(app: Flask, member) -> None:  # type: ignore[no-untyped-def]
    wrong = _post(app.test_client(), "ana.lista@example.org", "not the password at all")
    unknown = _post(app.test_client(), "nobody@example.org", "not the password at all")
    assert wrong[0] == unknown[0] == 401
    assert REFUSED in wrong[1]
    assert REFUSED in unknown[1]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(app: Flask, member) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    for _ in range(5):
        assert _post(client, "ana.lista@example.org", "wrong password, again")[0] == 401
    status, body = _post(client, "ana.lista@example.org", PASSWORD)
    assert status == 401
    assert REFUSED in body  # locked, and it says no more than for a wrong password


def test_too_many_attempts_are_throttled(app: Flask, two_tenants: TwoTenants) -> None:
    client = app.test_client()
    if time.time() % 900 > 880:  # limits count in fixed 15-minute windows: start inside one
        time.sleep(900 - time.time() % 900 + 0.5)
    bodies = [_post(client, "someone@example.org", f"guess number {n}")[1] for n in range(12)]
    assert "Too many attempts" in bodies[-1]


def test_a_role_change_ends_the_persons_sessions(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    analyst = create_member(engines, two_tenants.a, Role.ANALYST)
    their_browser = sign_in_as(app.test_client(), analyst)
    assert their_browser.get("/t/alpha/").status_code == 200
    head = sign_in_as(app.test_client(), two_tenants.a_head)
    html = head.get("/t/alpha/members").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    response = head.post(
        f"/t/alpha/members/{analyst.id}", data={"csrf_token": token, "role": "viewer", "action": "change"}
    )
    assert response.status_code == 302
    assert their_browser.get("/t/alpha/").status_code == 302  # back to the sign-in page


def test_signing_out(app: Flask, two_tenants: TwoTenants) -> None:
    client = sign_in_as(app.test_client(), two_tenants.a_head)
    html = client.get("/t/alpha/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert client.post("/signout", data={"csrf_token": token}).status_code == 302
    assert client.get("/t/alpha/").status_code == 302


def test_the_session_cookie_is_http_only_and_same_site(app: Flask, member) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    html = client.get("/t/alpha/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/t/alpha/signin", data={"csrf_token": token, "email": "ana.lista@example.org", "password": PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_platform_accounts_sign_in_at_the_platform_page(app: Flask, engines: Engines) -> None:
    create_user(engines, email="admin@bank.example", password=PASSWORD, is_platform_admin=True)
    client = app.test_client()
    assert _post(client, "admin@bank.example", PASSWORD, path="/signin")[0] == 302
    assert "admin@bank.example" in client.get("/account").get_data(as_text=True)
