"""A real OpenID Connect provider for tests, served on 127.0.0.1 from a background thread.

The protocol work (request validation, PKCE, codes, client authentication, ID token encoding) is done by
authlib's server components, so the app under test talks to a standards-following provider rather than
to hand-written token code. Only storage (plain Python objects) and the knobs tests need are ours.
"""

from __future__ import annotations

import functools
import hmac
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import requests
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2 import OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, TokenMixin, scope_to_list
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin, UserInfo, UserInfoEndpoint
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, Response, jsonify
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import BaseWSGIServer, make_server

SCOPES = ["openid", "email", "profile"]
AUTH_METHODS = ["client_secret_post", "client_secret_basic"]


@dataclass
class IdpUser:
    sub: str
    email: str
    name: str
    email_verified: bool = True


class AuthorizationRefused(Exception):
    """The provider answered the authorization request with an error page instead of redirecting back,
    as OAuth requires when the client or redirect_uri cannot be trusted (RFC 6749 §4.1.2.1)."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{status} {error}: {description}")
        self.status, self.error, self.description = status, error, description

    @classmethod
    def from_response(cls, response: requests.Response) -> AuthorizationRefused:
        is_json = response.headers.get("Content-Type", "").startswith("application/json")
        body = response.json() if is_json else {}
        return cls(response.status_code, body.get("error", "unknown"), body.get("error_description", response.text))


@dataclass
class _Misbehaviour:
    wrong_issuer: bool = False
    wrong_audience: bool = False
    expired: bool = False
    bad_signature: bool = False
    drop_nonce: bool = False


@dataclass
class _Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    client_metadata: dict[str, Any] = field(default_factory=dict)

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in scope_to_list(scope) or [] if s in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match, as OAuth 2.1 requires

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint != "token" or method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class _Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str | None
    scope: str
    user: IdpUser
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str | None:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


@dataclass
class _Token(TokenMixin):
    access_token: str
    scope: str
    client: _Client
    user: IdpUser
    expires_at: float

    def get_scope(self) -> str:
        return self.scope

    def is_expired(self) -> bool:
        return time.time() >= self.expires_at

    def is_revoked(self) -> bool:
        return False

    def get_user(self) -> IdpUser:
        return self.user

    def get_client(self) -> _Client:
        return self.client


def _user_info(user: IdpUser, scope: str) -> UserInfo:
    claims = {"sub": user.sub, "email": user.email, "email_verified": user.email_verified, "name": user.name}
    return UserInfo(claims).filter(scope)  # only what the granted scopes allow, like a real provider


class OidcTestProvider:
    def __init__(self, *, client_id: str, client_secret: str, redirect_uris: list[str]) -> None:
        self.client = _Client(client_id, client_secret, list(redirect_uris))
        self.codes: dict[str, _Code] = {}
        self.tokens: dict[str, _Token] = {}
        self.user: IdpUser | None = None
        self.misbehaviour = _Misbehaviour()
        # A fresh key per instance, so a token from one provider never verifies against another's JWKS.
        self.key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)
        # Same kid as the real key: the client picks the published key and the signature check must fail.
        self.kid = self.key.kid or ""
        self.impostor_key = RSAKey.generate_key(2048, parameters={"kid": self.kid}, auto_kid=False)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.app = self._create_app()

    @property
    def issuer(self) -> str:
        if self._server is None:
            raise RuntimeError("OidcTestProvider is not started")
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def discovery_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def start(self) -> OidcTestProvider:
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        # A short poll interval so stop() (shutdown waits for the next poll) takes milliseconds, not half a second.
        serve = functools.partial(self._server.serve_forever, poll_interval=0.02)
        self._thread = threading.Thread(target=serve, name="oidc-test-provider", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> OidcTestProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def login_as(self, user: IdpUser | None) -> None:
        """The user the authorization endpoint signs in and consents for; None makes it answer access_denied."""
        self.user = user

    def misbehave(
        self,
        *,
        wrong_issuer: bool = False,
        wrong_audience: bool = False,
        expired: bool = False,
        bad_signature: bool = False,
        drop_nonce: bool = False,
    ) -> None:
        """Replace the current misbehaviours; read when the token endpoint issues an ID token."""
        self.misbehaviour = _Misbehaviour(wrong_issuer, wrong_audience, expired, bad_signature, drop_nonce)

    def behave(self) -> None:
        self.misbehaviour = _Misbehaviour()

    def authorize(self, authorization_url: str) -> str:
        """Follow redirects like a browser until one leaves the provider; return that URL (the callback)."""
        url = authorization_url
        with requests.Session() as browser:
            for _ in range(10):
                response = browser.get(url, allow_redirects=False, timeout=10)
                if not response.is_redirect:
                    raise AuthorizationRefused.from_response(response)
                url = urljoin(url, response.headers["Location"])
                if not url.startswith(self.issuer + "/"):
                    return url
        raise AssertionError(f"too many redirects, last at {url}")

    def _create_app(self) -> Flask:
        provider = self
        app = Flask(__name__)
        app.config["OAUTH2_SCOPES_SUPPORTED"] = SCOPES

        class CodeGrant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

            def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
                data = request.payload.data
                provider.codes[code] = _Code(
                    code, request.client.client_id, request.payload.redirect_uri, request.scope, request.user,
                    data.get("nonce"), data.get("code_challenge"), data.get("code_challenge_method"),
                )  # fmt: skip

            def query_authorization_code(self, code: str, client: _Client) -> _Code | None:
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: _Code) -> None:
                provider.codes.pop(authorization_code.code, None)  # single use

            def authenticate_user(self, authorization_code: _Code) -> IdpUser:
                return authorization_code.user

        class RequiredS256(CodeChallenge):
            # authlib only insists on PKCE for public clients; we insist for every client, and on S256 only.
            SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]  # noqa: RUF012

            def validate_code_challenge(self, grant: CodeGrant, redirect_uri: str) -> None:
                data = grant.request.payload.data
                if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
                    raise InvalidRequestError("PKCE is required: send code_challenge with code_challenge_method=S256")
                super().validate_code_challenge(grant, redirect_uri)

        class IdToken(OpenIDCode):
            def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
                # A nonce still bound to an unredeemed code is a replay. list(): the server is threaded.
                return any(code.nonce == nonce for code in list(provider.codes.values()))

            def resolve_client_private_key(self, client: _Client) -> RSAKey:
                return provider.impostor_key if provider.misbehaviour.bad_signature else provider.key

            def get_encode_header(self, client: _Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": provider.kid}

            def get_client_claims(self, client: _Client) -> dict[str, Any]:
                mis, now = provider.misbehaviour, int(time.time())
                iat = now - 3600 if mis.expired else now
                return {
                    "iss": "http://impostor.invalid" if mis.wrong_issuer else provider.issuer,
                    "aud": "some-other-client" if mis.wrong_audience else client.client_id,
                    "iat": iat,
                    "exp": iat + 1800,  # expired: issued an hour ago, expired half an hour ago
                }

            def get_authorization_code_claims(self, authorization_code: _Code) -> dict[str, Any]:
                claims: dict[str, Any] = super().get_authorization_code_claims(authorization_code)
                if provider.misbehaviour.drop_nonce:
                    claims.pop("nonce", None)
                return claims

            def generate_user_info(self, user: IdpUser, scope: str) -> UserInfo:
                return _user_info(user, scope)

        class Bearer(BearerTokenValidator):
            def authenticate_token(self, token_string: str) -> _Token | None:
                return provider.tokens.get(token_string)

        class UserInfoJson(UserInfoEndpoint):
            def generate_user_info(self, user: IdpUser, scope: str) -> UserInfo:
                return _user_info(user, scope)

        def query_client(client_id: str) -> _Client | None:
            return provider.client if client_id == provider.client.client_id else None

        def save_token(token: dict[str, Any], request: OAuth2Request) -> None:
            expires_at = time.time() + int(token.get("expires_in", 3600))
            provider.tokens[token["access_token"]] = _Token(
                token["access_token"], token.get("scope", ""), request.client, request.user, expires_at
            )

        server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
        server.register_grant(CodeGrant, [RequiredS256(required=True), IdToken(require_nonce=True)])
        protector = ResourceProtector()
        protector.register_token_validator(Bearer())
        server.register_endpoint(UserInfoJson(resource_protector=protector))

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Response:
            return jsonify(
                issuer=provider.issuer,
                authorization_endpoint=provider.issuer + "/authorize",
                token_endpoint=provider.issuer + "/token",
                userinfo_endpoint=provider.issuer + "/userinfo",
                jwks_uri=provider.issuer + "/jwks",
                response_types_supported=["code"],
                grant_types_supported=["authorization_code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                token_endpoint_auth_methods_supported=AUTH_METHODS,
                scopes_supported=SCOPES,
                claims_supported=["sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"],
            )

        @app.get("/jwks")
        def jwks() -> Response:
            return jsonify(KeySet([provider.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize() -> Response:
            # Auto-consent: the signed-in user (if any) approves at once, as a test browser cannot click.
            try:
                grant = server.get_consent_grant(end_user=provider.user)
            except OAuth2Error as error:
                return server.handle_error_response(None, error)
            return server.create_authorization_response(grant=grant, grant_user=provider.user)

        @app.post("/token")
        def token() -> Response:
            return server.create_token_response()

        @app.route("/userinfo", methods=["GET", "POST"])
        def userinfo() -> Response:
            return server.create_endpoint_response("userinfo")

        return app
