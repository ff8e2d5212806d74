"""Request ids and the security headers every response carries."""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
import uuid

from flask import Flask, Response, abort, g, request, session

from entrega.api import unstorable

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


CSRF_FIELD = "csrf_token"
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def csrf_token() -> str:
    """The session's anti-forgery token for a form's hidden field, masked afresh on every call: the secret never
    appears twice alike in a page, so a compressed page tells an eavesdropper nothing about it (BREACH)."""
    token = session.get(CSRF_FIELD)
    if not token:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    secret = str(token).encode()
    mask = secrets.token_bytes(len(secret))
    return base64.urlsafe_b64encode(mask + bytes(a ^ b for a, b in zip(mask, secret, strict=True))).decode()


def _unmasked(offered: str, size: int) -> bytes:
    """The secret behind a masked token; anything else as it came (a bare secret is still accepted)."""
    sent = offered.encode("utf-8", "replace")
    try:
        raw = base64.urlsafe_b64decode(sent)
    except (ValueError, binascii.Error):
        return sent
    if len(raw) != 2 * size:
        return sent
    return bytes(a ^ b for a, b in zip(raw[:size], raw[size:], strict=True))


def _check_csrf() -> None:
    if request.method not in _UNSAFE_METHODS or request.path.startswith("/api/"):
        return  # the API authenticates each request itself and never reads the session cookie
    expected = str(session.get(CSRF_FIELD) or "").encode()
    offered = request.form.get(CSRF_FIELD) or request.headers.get("X-CSRF-Token", "")
    if not expected or not hmac.compare_digest(expected, _unmasked(offered, len(expected))):
        abort(400)


def _refuse_unstorable_form() -> None:
    """A page's form with text no column can store (a NUL character, a lone surrogate) is refused whole, as the
    API refuses it field by field, before any view could half-save it or the database refuse it with a 500."""
    if request.method not in _UNSAFE_METHODS or request.path.startswith("/api/"):
        return
    if unstorable(request.form.to_dict(flat=False)) or unstorable(list(request.files.values())):
        abort(422)


def init_app(app: Flask) -> None:
    production = app.config.get("SESSION_COOKIE_SECURE", False)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_check_csrf)
    app.before_request(_refuse_unstorable_form)

    @app.before_request
    def _request_id() -> None:
        offered = request.headers.get("X-Request-ID", "")
        g.request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if production:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        return response
