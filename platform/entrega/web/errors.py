"""Errors: JSON in the API's one shape, pages in the user's language elsewhere; never a stack trace.

When PostgreSQL or Redis cannot be reached (restarting, failing over, a full connection slot table) the
request fails with 503 and a Retry-After, never a 500: the client may simply try again, and the engines'
pre-ping drops the dead pooled connections so the next request after the outage succeeds by itself.
"""

from __future__ import annotations

from typing import Any

import psycopg
from flask import Flask, render_template, request
from flask_babel import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from entrega.api import API_PREFIX, error_body
from entrega.jobs.queue import QueueUnavailable

PLAIN_ERROR = "<!doctype html><title>Entrega</title><h1>Entrega</h1><p>Something went wrong.</p>"
RETRY_AFTER_SECONDS = 5  # a PostgreSQL restart or a failover is over in seconds
UNAVAILABLE_MESSAGE = "The service is briefly unavailable: try again in a few seconds."

API_MESSAGES = {
    404: "Not found.",
    405: "This method is not allowed here.",
    422: "The request has invalid fields.",
    428: "Send the ETag you last read in If-Match.",
    412: "Someone changed this since you read it: read it again, then retry.",
    413: "The request is larger than the 16 MB the platform accepts: nothing was stored. Send a smaller file.",
}
# psycopg's OperationalError covers what passes by itself: a connection lost or refused, the server shutting
# down or starting up, no free connection slots, a cancelled statement, a serialization failure.
_UNAVAILABLE = (psycopg.OperationalError, PoolTimeout, RedisConnectionError, RedisTimeoutError, QueueUnavailable)


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is a database or queue outage rather than a fault of ours."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _UNAVAILABLE):
            return True
        # SQLAlchemy wraps the driver's error; SQLite's OperationalError ("no such table") stays a bug.
        if isinstance(current, DBAPIError) and (
            current.connection_invalidated or isinstance(current.orig, _UNAVAILABLE)
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


def _wants_json() -> bool:
    return request.path.startswith(API_PREFIX + "/") or request.path == API_PREFIX


def _page_text(code: int) -> tuple[str, str]:
    if code == 404:
        return _("Page not found"), _("There is nothing at this address, or you do not have access to it.")
    if code == 403:
        return _("Access denied"), _("Your role does not allow this. Ask your unit head for access.")
    if code == 422:
        return _("Request not accepted"), _("The form holds characters that cannot be stored (such as a NUL "
                                             "character), so nothing was saved. Go back and type the text again.")  # fmt: skip
    if code == 413:
        return _("The file is too large"), _("The platform accepts up to 16 MB at once, so nothing was saved. Go "
                                             "back and send a smaller file, or split it.")  # fmt: skip
    if code >= 500:
        return _("Something went wrong"), _("The error has been logged. Please try again in a moment.")
    return _("Request not accepted"), _("The request could not be processed.")


def init_app(app: Flask) -> None:
    # Replaces flask-smorest's app-wide handler so that pages get HTML and the API keeps its JSON shape.
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        code = error.code or 500
        if _wants_json():
            data = getattr(error, "data", {}) or {}
            # webargs puts the per-field reasons under "messages"; our own aborts under "errors".
            errors = data.get("errors") or data.get("messages")
            message = data.get("message") or API_MESSAGES.get(code) or error.description or error.name
            body = error_body(code, error.name, message, errors)
            response = error.get_response()
            response.headers["Content-Type"] = "application/json"
            return (
                body,
                code,
                {k: v for k, v in response.headers.items() if k in {"Allow", "Retry-After", "ETag"}},
            )
        title, explanation = _page_text(code)
        try:
            return render_template("errors/error.html", code=code, title=title, explanation=explanation), code
        except Exception:  # the error page itself failed: answer plainly, still without internals
            app.logger.exception("error page failed to render")
            return PLAIN_ERROR, code, {"Content-Type": "text/html; charset=utf-8"}

    def _unavailable(error: BaseException) -> Any:
        # One line, no traceback: an outage fails every request at once and would flood the log.
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]  # the driver's words, not the SQL
        app.logger.warning("service unavailable (%s): %s", type(error).__name__, reason)
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if _wants_json():
            return error_body(503, "Service Unavailable", UNAVAILABLE_MESSAGE), 503, headers
        # Not the usual layout: that one asks the database for the navigation.
        try:
            page = render_template(
                "errors/unavailable.html",
                title=_("Temporarily unavailable"),
                explanation=_("Entrega cannot reach its database or its job queue right now. What was not "
                              "confirmed on screen was not saved: please try again in a few seconds."),
            )  # fmt: skip
            return page, 503, headers
        except Exception:
            app.logger.exception("error page failed to render")
            return PLAIN_ERROR, 503, {**headers, "Content-Type": "text/html; charset=utf-8"}

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return _http_error(error)
        if is_unavailable(error):
            return _unavailable(error)
        app.logger.exception("unhandled error")
        return _http_error(InternalServerError())
