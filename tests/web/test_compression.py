"""Responses compressed for the reader's connection, and the anti-forgery token masked afresh on every render so
that a compressed page never gives it away (BREACH)."""

from __future__ import annotations

import base64
import gzip
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import TwoTenants, sign_in_as

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _without_tokens(html: str) -> str:
    return TOKEN.sub("", html)


def test_a_page_is_compressed_for_a_browser_that_accepts_it(client: FlaskClient, two_tenants: TwoTenants) -> None:
    sign_in_as(client, two_tenants.a_head)
    plain = client.get("/t/alpha/")
    packed = client.get("/t/alpha/", headers=GZIP)
    assert plain.headers.get("Content-Encoding") is None and "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    html = gzip.decompress(packed.data).decode()
    assert _without_tokens(html) == _without_tokens(plain.get_data(as_text=True))


def test_small_answers_files_and_answers_with_an_etag_are_sent_as_they_are(app: Flask, client: FlaskClient) -> None:
    app.add_url_rule("/_test/tagged", "test_tagged", view_func=lambda: ({"rows": ["x" * 40] * 200}, {"ETag": '"v1"'}))
    app.add_url_rule("/_test/untagged", "test_untagged", view_func=lambda: {"rows": ["x" * 40] * 200})
    assert client.get("/healthz", headers=GZIP).headers.get("Content-Encoding") is None  # under a kilobyte
    css = client.get("/static/entrega.css", headers=GZIP)
    assert len(css.data) > 1024 and css.headers.get("Content-Encoding") is None  # sent straight from its file
    css.close()
    # A strong ETag names one representation, and If-Match compares it strongly: such answers keep one form.
    assert client.get("/_test/tagged", headers=GZIP).headers.get("Content-Encoding") is None
    assert client.get("/_test/untagged", headers=GZIP).headers["Content-Encoding"] == "gzip"


def test_the_anti_forgery_token_differs_on_every_render_and_each_one_works(
    client: FlaskClient, two_tenants: TwoTenants
) -> None:
    sign_in_as(client, two_tenants.a_head)
    page = client.get("/t/alpha/").get_data(as_text=True)
    tokens = TOKEN.findall(page) + TOKEN.findall(client.get("/t/alpha/").get_data(as_text=True))
    assert len(tokens) >= 4 and len(set(tokens)) == len(tokens)  # the secret never appears twice alike
    with client.session_transaction() as session:
        secret = session["csrf_token"]
    assert not any(secret in html for html in (page,)) and all(secret not in token for token in tokens)
    for token in tokens:
        response = client.post("/locale", data={"locale": "fr", "next": "/t/alpha/", "csrf_token": token})
        assert response.status_code == 302
    bare = client.post("/locale", data={"locale": "en", "next": "/", "csrf_token": secret})
    assert bare.status_code == 302  # a form rendered before masking began still works


@pytest.mark.parametrize(
    "forged",
    [
        "flip one byte",
        "another session's token",
        "ünïcödé",
        "not base64 at all !!",
        "",
    ],
)
def test_a_forged_or_tampered_token_is_refused_cleanly(
    client: FlaskClient, two_tenants: TwoTenants, forged: str
) -> None:
    sign_in_as(client, two_tenants.a_head)
    token = TOKEN.findall(client.get("/t/alpha/").get_data(as_text=True))[0]
    if forged == "flip one byte":
        raw = bytearray(base64.urlsafe_b64decode(token))
        raw[-1] ^= 0x01
        forged = base64.urlsafe_b64encode(bytes(raw)).decode()
    elif forged == "another session's token":
        other = sign_in_as(client.application.test_client(), two_tenants.b_head)
        forged = TOKEN.findall(other.get("/t/beta/").get_data(as_text=True))[0]
    response = client.post("/locale", data={"locale": "fr", "next": "/", "csrf_token": forged})
    assert response.status_code == 400
