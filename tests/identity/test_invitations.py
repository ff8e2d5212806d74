"""Invitations: a unit head invites, the e-mail goes out from a background job to a real SMTP server, the
person accepts and is a member with the role they were given."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from entrega.app import create_app
from tests.conftest import Backend, TwoTenants, _two_tenants, sign_in_as
from tests.support.smtp_server import SmtpTestServer


@pytest.fixture
def smtp() -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        yield server


@pytest.fixture
def mail_app(backend: Backend, smtp: SmtpTestServer) -> Iterator[Flask]:
    app = create_app(
        backend.settings.with_overrides(smtp_host=smtp.host, smtp_port=smtp.port, public_url="https://entrega.test")
    )
    yield app
    app.extensions["entrega.db"].dispose()


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_an_invited_person_receives_the_mail_accepts_and_becomes_a_member(
    mail_app: Flask, smtp: SmtpTestServer
) -> None:
    two: TwoTenants = _two_tenants(mail_app.extensions["entrega.db"])
    head = sign_in_as(mail_app.test_client(), two.a_head, "en")
    token = _csrf(head.get("/t/alpha/members").get_data(as_text=True))
    sent = head.post(
        "/t/alpha/members/invite", data={"csrf_token": token, "email": "Nueva@Example.org", "role": "analyst"}
    )
    assert sent.status_code == 302

    (mail,) = smtp.wait_for(1)
    assert mail.recipients == ["nueva@example.org"]
    assert "Alpha" in mail.subject
    link = re.search(r"https://entrega\.test(/t/alpha/invitations/\S+)", mail.text).group(1)  # type: ignore[union-attr]

    newcomer = mail_app.test_client()
    with newcomer.session_transaction() as session:
        session["locale"] = "en"
    page = newcomer.get(link)
    assert "You are invited as Analyst" in page.get_data(as_text=True)
    accepted = newcomer.post(
        link,
        data={
            "csrf_token": _csrf(page.get_data(as_text=True)),
            "name": "Nueva Persona",
            "password": "a long enough password",
        },
    )
    assert accepted.status_code == 302
    assert newcomer.get("/t/alpha/ministries").status_code == 200
    # Used once: the link opens nothing now.
    assert mail_app.test_client().get(link).status_code == 404


def test_an_invitation_cannot_be_accepted_with_a_weak_password(mail_app: Flask, smtp: SmtpTestServer) -> None:
    two = _two_tenants(mail_app.extensions["entrega.db"])
    head = sign_in_as(mail_app.test_client(), two.a_head, "en")
    head.post(
        "/t/alpha/members/invite",
        data={
            "csrf_token": _csrf(head.get("/t/alpha/members").get_data(as_text=True)),
            "email": "weak@example.org",
            "role": "viewer",
        },
    )
    link = re.search(r"https://entrega\.test(/t/alpha/invitations/\S+)", smtp.wait_for(1)[0].text).group(1)  # type: ignore[union-attr]
    client = mail_app.test_client()
    page = client.get(link).get_data(as_text=True)
    refused = client.post(link, data={"csrf_token": _csrf(page), "name": "Weak", "password": "short"})
    assert refused.status_code == 422
    assert client.get(link).status_code == 200  # still open: nothing was half-done


def test_a_focal_point_invitation_needs_a_ministry(app: Flask, two_tenants: TwoTenants) -> None:
    head = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    token = _csrf(head.get("/t/alpha/members").get_data(as_text=True))
    response = head.post(
        "/t/alpha/members/invite", data={"csrf_token": token, "email": "fp@example.org", "role": "focal_point"}
    )
    assert response.status_code == 422
    assert "A focal point belongs to one ministry" in response.get_data(as_text=True)
