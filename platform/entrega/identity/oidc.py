"""OpenID Connect sign-in with authlib: authorization code flow with PKCE, state and nonce checked, and the
ID token's signature, issuer, audience and expiry verified against the provider's published keys."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from flask import session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

HTTP_TIMEOUT = 10
_CACHE_SECONDS = 600
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


class SignInError(Exception):
    """The provider's answer cannot be trusted; `reason` goes to the log, never to the person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    key: str  # "platform" or "tenant:<slug>"
    label: str
    discovery_url: str
    client_id: str
    client_secret: str


def _get_json(url: str) -> dict[str, Any]:
    cached = _cache.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    response = requests.get(url, timeout=HTTP_TIMEOUT)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    _cache[url] = (time.monotonic() + _CACHE_SECONDS, document)
    return document


def _client(provider: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.client_secret,
        scope="openid email profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post",  # noqa: S106 - a method name, not a secret  # nosec B106
    )


def start(provider: Provider, redirect_uri: str, **carry: Any) -> str:
    """The provider's authorization URL; what the callback needs to check is kept in the session."""
    metadata = _get_json(provider.discovery_url)
    verifier, nonce = generate_token(48), generate_token(24)
    url, state = _client(provider, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    session["oidc"] = {"state": state, "provider": provider.key, "verifier": verifier, "nonce": nonce, **carry}
    return str(url)


def pending() -> dict[str, Any] | None:
    return session.get("oidc")


def finish(provider: Provider, args: dict[str, str], redirect_uri: str) -> dict[str, Any]:
    """Verified ID-token claims. The pending state is consumed first, so a replayed callback fails."""
    waiting = session.pop("oidc", None)
    if not waiting or not args.get("state") or args.get("state") != waiting["state"]:
        raise SignInError("state missing, unknown or already used")
    if waiting["provider"] != provider.key:
        raise SignInError("callback for a different provider")
    if "error" in args or not args.get("code"):
        raise SignInError(f"provider refused: {args.get('error', 'no code')}")
    metadata = _get_json(provider.discovery_url)
    try:
        token = _client(provider, redirect_uri).fetch_token(
            metadata["token_endpoint"],
            code=args["code"],
            code_verifier=waiting["verifier"],
            grant_type="authorization_code",
        )
    except Exception as error:  # the token endpoint's failures come in many shapes
        raise SignInError(f"token request failed: {error}") from error
    id_token = token.get("id_token")
    if not id_token:
        raise SignInError("no ID token in the token response")
    required = jwt.JWTClaimsRegistry(
        leeway=30,
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        sub={"essential": True},
        nonce={"essential": True, "value": waiting["nonce"]},
    )
    try:
        keys = KeySet.import_key_set(_get_json(metadata["jwks_uri"]))  # type: ignore[arg-type]
        decoded = jwt.decode(id_token, keys, algorithms=["RS256", "ES256"])
        required.validate(decoded.claims)
    except (JoseError, ValueError) as error:
        raise SignInError(f"ID token rejected: {type(error).__name__}: {error}") from error
    return {**decoded.claims, "_carry": {k: v for k, v in waiting.items() if k not in {"state", "verifier", "nonce"}}}
