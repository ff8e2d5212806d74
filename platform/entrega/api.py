"""The REST API's shared parts: the flask-smorest `Api`, pagination over SQL, and one error shape.

Every error the API returns has the shape `{"code", "status", "message", "errors"?}`, where `errors`
names each field and its reasons, as flask-smorest reports request validation.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api, Page
from marshmallow import ValidationError
from sqlalchemy import Select, func, select

from entrega import db
from entrega.errors import Conflict, NotFound

API_PREFIX = "/api/v1"


class SelectPage(Page):
    """Paginates a SQLAlchemy `Select` in the database, not in Python."""

    collection: Select[Any]

    @property
    def items(self) -> list[Any]:
        statement = self.collection.offset(self.page_params.first_item).limit(self.page_params.page_size)
        return list(db.session().scalars(statement))

    @property
    def item_count(self) -> int:
        counted = select(func.count()).select_from(self.collection.order_by(None).subquery())
        return int(db.session().scalar(counted) or 0)


def error_body(code: int, status: str, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "status": status, "message": message}
    if errors:
        body["errors"] = errors
    return body


def init_app(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Entrega",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        # Every government's API takes a personal bearer token; the plugin list needs none.
        API_SPEC_OPTIONS={
            "components": {
                "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "ent_…"}}
            },
            "security": [{"bearerToken": []}],
            "info": {"description": "The API of Entrega. See /api/v1/docs for the reference."},
        },
    )
    api = Api(app)
    app.extensions["entrega.api"] = api

    @app.errorhandler(ValidationError)
    def _validation_error(error: ValidationError) -> tuple[dict[str, Any], int]:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        return error_body(422, "Unprocessable Entity", "The request has invalid fields.", {"json": messages}), 422

    @app.errorhandler(Conflict)
    def _conflict(error: Conflict) -> tuple[dict[str, Any], int]:
        errors = {"json": {error.field: [error.message]}} if error.field else None
        return error_body(409, "Conflict", error.message, errors), 409

    @app.errorhandler(NotFound)
    def _not_found(_error: NotFound) -> tuple[dict[str, Any], int]:
        return error_body(404, "Not Found", "Not found."), 404

    return api
