"""Errors: JSON in the API's one shape, pages in the user's language elsewhere; never a stack trace."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from entrega.api import API_PREFIX, error_body

PLAIN_ERROR = "<!doctype html><title>Entrega</title><h1>Entrega</h1><p>Something went wrong.</p>"


API_MESSAGES = {
    404: "Not found.",
    405: "This method is not allowed here.",
    422: "The request has invalid fields.",
    428: "Send the ETag you last read in If-Match.",
    412: "Someone changed this since you read it: read it again, then retry.",
}


def _wants_json() -> bool:
    return request.path.startswith(API_PREFIX + "/") or request.path == API_PREFIX


def _page_text(code: int) -> tuple[str, str]:
    if code == 404:
        return _("Page not found"), _("There is nothing at this address, or you do not have access to it.")
    if code == 403:
        return _("Access denied"), _("Your role does not allow this. Ask your unit head for access.")
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

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return _http_error(error)
        app.logger.exception("unhandled error")
        return _http_error(InternalServerError())
