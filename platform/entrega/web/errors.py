"""Errors: JSON in the API's one shape, pages in the user's language elsewhere; never a stack trace."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from entrega.api import API_PREFIX, error_body


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
            body = error_body(
                code, error.name, data.get("message") or error.description or error.name, data.get("errors")
            )
            response = error.get_response()
            response.headers["Content-Type"] = "application/json"
            return (
                body,
                code,
                {k: v for k, v in response.headers.items() if k in {"Allow", "Retry-After", "ETag"}},
            )
        title, explanation = _page_text(code)
        return render_template("errors/error.html", code=code, title=title, explanation=explanation), code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return _http_error(error)
        app.logger.exception("unhandled error")
        return _http_error(InternalServerError())
