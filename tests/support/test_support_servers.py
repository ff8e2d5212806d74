"""The test-support servers work end to end, driven by ordinary clients (authlib's OAuth2Session, smtplib)."""

from __future__ import annotations

import secrets
import smtplib
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

from tests.support.oidc_provider import AuthorizationRefused, IdpUser, OidcTestProvider
from tests.support.smtp_server import SmtpTestServer

CLIENT_ID = "entrega-test"
CLIENT_SECRET = "s3cret-for-tests"
REDIRECT_URI = "http://127.0.0.1:5000/auth/callback"
ADA = IdpUser(sub="ada-1815", email="ada@example.org", name="Ada Lovelace")


@pytest.fixture
def provider() -> Iterator[OidcTestProvider]:
    with OidcTestProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uris=[REDIRECT_URI]) as idp:
        idp.login_as(ADA)
        yield idp


class RelyingParty:
    """The minimal client a real app would be: discovery, PKCE S256 + nonce + state, code exchange,
    then ID token verification against the JWKS with authlib's claims validation."""

    def __init__(self, provider: OidcTestProvider, redirect_uri: str = REDIRECT_URI) -> None:
        self.provider = provider
        self.metadata: dict[str, Any] = requests.get(provider.discovery_url, timeout=10).json()
        self.session = OAuth2Session(
            CLIENT_ID,
            CLIENT_SECRET,
            scope="openid email profile",
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
        )
        self.code_verifier = secrets.token_urlsafe(48)
        self.nonce = secrets.token_urlsafe(16)

    def authorization_url(self) -> tuple[str, str]:
        return self.session.create_authorization_url(
            self.metadata["authorization_endpoint"], code_verifier=self.code_verifier, nonce=self.nonce
        )

    def sign_in(self) -> tuple[str, dict[str, Any]]:
        """Returns the raw ID token and the token response."""
        url, state = self.authorization_url()
        callback = self.provider.authorize(url)
        assert callback.startswith(REDIRECT_URI + "?")
        assert parse_qs(urlsplit(callback).query)["state"] == [state]
        token = self.session.fetch_token(
            self.metadata["token_endpoint"],
            authorization_response=callback,
            state=state,
            code_verifier=self.code_verifier,
        )
        return token["id_token"], token

    def verify(self, id_token: str, access_token: str | None = None) -> CodeIDToken:
        keys = KeySet.import_key_set(requests.get(self.metadata["jwks_uri"], timeout=10).json())
        decoded = jwt.decode(id_token, keys, algorithms=self.metadata["id_token_signing_alg_values_supported"])
        options = {
            "iss": {"essential": True, "value": self.metadata["issuer"]},
            "aud": {"essential": True, "value": CLIENT_ID},
            "exp": {"essential": True},
        }
        params = {"nonce": self.nonce, "client_id": CLIENT_ID, "access_token": access_token}
        claims = CodeIDToken(decoded.claims, decoded.header, options, params)
        claims.validate(leeway=60)
        return claims


def test_discovery_document_and_jwks(provider: OidcTestProvider) -> None:
    metadata = requests.get(provider.discovery_url, timeout=10).json()
    OpenIDProviderMetadata(metadata).validate()  # authlib's own check of the OpenID discovery rules
    assert metadata["issuer"] == provider.issuer
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {"client_secret_post", "client_secret_basic"}
    assert set(metadata["scopes_supported"]) == {"openid", "email", "profile"}
    keys = requests.get(metadata["jwks_uri"], timeout=10).json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA"
    assert "d" not in keys[0]  # public half only


def test_each_provider_has_its_own_key(provider: OidcTestProvider) -> None:
    with OidcTestProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uris=[REDIRECT_URI]) as other:
        mine = requests.get(provider.issuer + "/jwks", timeout=10).json()["keys"][0]
        theirs = requests.get(other.issuer + "/jwks", timeout=10).json()["keys"][0]
    assert mine["n"] != theirs["n"]


def test_code_flow_with_pkce_and_nonce_issues_a_verifiable_id_token(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider)
    id_token, token = client.sign_in()
    claims = client.verify(id_token, token["access_token"])
    assert claims["iss"] == provider.issuer
    assert claims["aud"] == CLIENT_ID
    assert claims["nonce"] == client.nonce
    assert claims["sub"] == ADA.sub
    assert claims["email"] == ADA.email
    assert claims["email_verified"] is True
    assert claims["name"] == ADA.name
    assert claims["exp"] > claims["iat"]
    userinfo = client.session.get(client.metadata["userinfo_endpoint"], timeout=10).json()
    assert userinfo == {"sub": ADA.sub, "email": ADA.email, "email_verified": True, "name": ADA.name}


def test_client_secret_post_is_accepted_too(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider)
    client.session.token_endpoint_auth_method = "client_secret_post"
    id_token, _ = client.sign_in()
    assert client.verify(id_token)["sub"] == ADA.sub


def test_the_signed_in_user_is_the_one_set_by_login_as(provider: OidcTestProvider) -> None:
    grace = IdpUser(sub="grace-1906", email="grace@example.org", name="Grace Hopper", email_verified=False)
    provider.login_as(grace)
    client = RelyingParty(provider)
    claims = client.verify(client.sign_in()[0])
    assert (claims["sub"], claims["email"], claims["email_verified"]) == (grace.sub, grace.email, False)


@pytest.mark.parametrize(
    ("misbehaviour", "error", "claim"),
    [
        ({"wrong_issuer": True}, InvalidClaimError, "iss"),
        ({"wrong_audience": True}, InvalidClaimError, "aud"),
        ({"expired": True}, ExpiredTokenError, "exp"),
        ({"bad_signature": True}, BadSignatureError, None),
        ({"drop_nonce": True}, MissingClaimError, "nonce"),
    ],
)
def test_each_misbehaviour_is_rejected_for_its_own_reason(
    provider: OidcTestProvider, misbehaviour: dict[str, bool], error: type[JoseError], claim: str | None
) -> None:
    provider.misbehave(**misbehaviour)
    client = RelyingParty(provider)
    id_token, _ = client.sign_in()
    with pytest.raises(error) as raised:
        client.verify(id_token)
    if claim is not None:
        assert isinstance(raised.value, ClaimError)
        assert raised.value.claim == claim
    provider.behave()
    client = RelyingParty(provider)
    client.verify(client.sign_in()[0])


def test_token_request_without_code_verifier_is_refused(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider)
    url, state = client.authorization_url()
    callback = provider.authorize(url)
    with pytest.raises(OAuthError) as raised:
        client.session.fetch_token(client.metadata["token_endpoint"], authorization_response=callback, state=state)
    assert raised.value.error == "invalid_request"
    assert "code_verifier" in (raised.value.description or "")


def test_token_request_with_a_wrong_code_verifier_is_refused(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider)
    url, state = client.authorization_url()
    callback = provider.authorize(url)
    with pytest.raises(OAuthError) as raised:
        client.session.fetch_token(
            client.metadata["token_endpoint"],
            authorization_response=callback,
            state=state,
            code_verifier=secrets.token_urlsafe(48),
        )
    assert raised.value.error == "invalid_grant"


def test_authorization_without_pkce_is_refused(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider)
    url, state = client.session.create_authorization_url(client.metadata["authorization_endpoint"], nonce=client.nonce)
    query = parse_qs(urlsplit(provider.authorize(url)).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == [state]


def test_unknown_redirect_uri_is_refused_without_redirecting(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider, redirect_uri="http://127.0.0.1:5000/elsewhere")
    with pytest.raises(AuthorizationRefused) as raised:
        provider.authorize(client.authorization_url()[0])
    assert raised.value.error == "invalid_request"
    assert raised.value.status == 400


def test_unknown_client_is_refused(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider)
    client.session.client_id = "stranger"
    with pytest.raises(AuthorizationRefused) as raised:
        provider.authorize(client.authorization_url()[0])
    assert raised.value.error == "invalid_client"


def test_a_code_is_single_use(provider: OidcTestProvider) -> None:
    client = RelyingParty(provider)
    url, state = client.authorization_url()
    callback = provider.authorize(url)
    endpoint = client.metadata["token_endpoint"]
    client.session.fetch_token(
        endpoint, authorization_response=callback, state=state, code_verifier=client.code_verifier
    )
    with pytest.raises(OAuthError) as raised:
        client.session.fetch_token(
            endpoint, authorization_response=callback, state=state, code_verifier=client.code_verifier
        )
    assert raised.value.error == "invalid_grant"


def test_without_a_signed_in_user_the_provider_answers_access_denied(provider: OidcTestProvider) -> None:
    provider.login_as(None)
    callback = provider.authorize(RelyingParty(provider).authorization_url()[0])
    assert parse_qs(urlsplit(callback).query)["error"] == ["access_denied"]


def test_smtp_server_receives_a_multipart_message() -> None:
    with SmtpTestServer() as smtp:
        message = EmailMessage()
        message["From"] = "Entrega <no-reply@entrega.test>"
        message["To"] = "ana@example.org"
        message["Subject"] = "Invitación a Entrega"
        message.set_content("Hola Ana,\nInvitación: https://entrega.test/invite/abc\n")
        message.add_alternative(
            "<p>Hola Ana,</p><p><a href='https://entrega.test/invite/abc'>Invitación</a></p>", subtype="html"
        )
        with smtplib.SMTP(smtp.host, smtp.port, timeout=10) as client:
            client.send_message(message)

        [received] = smtp.wait_for(1)
        assert received.sender == "no-reply@entrega.test"
        assert received.recipients == ["ana@example.org"]
        assert received.subject == "Invitación a Entrega"
        assert received.text == "Hola Ana,\nInvitación: https://entrega.test/invite/abc\n"
        assert received.html is not None
        assert "<a href='https://entrega.test/invite/abc'>Invitación</a>" in received.html
        assert received.message["To"] == "ana@example.org"

        smtp.clear()
        assert smtp.messages == []
        with pytest.raises(AssertionError, match="expected 1 message"):
            smtp.wait_for(1, timeout=0.2)


def test_smtp_server_receives_a_plain_text_message() -> None:
    with SmtpTestServer() as smtp:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=10) as client:
            client.sendmail("a@example.org", ["b@example.org", "c@example.org"], "Subject: hi\r\n\r\nplain body\r\n")
        [received] = smtp.wait_for()
    assert received.recipients == ["b@example.org", "c@example.org"]
    assert (received.subject, received.text, received.html) == ("hi", "plain body\n", None)
