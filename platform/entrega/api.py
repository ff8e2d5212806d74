"""The REST API's shared parts: the flask-smorest `Api` and the `Blueprint` every resource uses, pagination
over SQL, and one error shape.

Every error the API returns has the shape `{"code", "status", "message", "errors"?}`, where `errors`
names each field and its reasons, as flask-smorest reports request validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import flask_smorest
from apispec import APISpec
from flask import Flask
from flask_smorest import Api, Page
from flask_smorest.pagination import PaginationMetadataSchema
from marshmallow import Schema, ValidationError
from sqlalchemy import Select, func, select
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import FileStorage

from entrega import db
from entrega.errors import Conflict, NotFound

API_PREFIX = "/api/v1"
UNSTORABLE_TEXT = "Text may not contain NUL characters or unpaired surrogates."
PAGINATION_HEADER = "PAGINATION_JSON"
MAX_OFFSET = 2**63 - 1  # PostgreSQL's OFFSET is a bigint


def unstorable(value: Any) -> Any:
    """Where `value` holds text no column can store (PostgreSQL refuses NUL, and UTF-8 cannot encode a lone
    surrogate): the field errors, shaped as marshmallow's, or None."""
    if isinstance(value, FileStorage):
        return unstorable(value.filename or "")
    if isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:
            return [UNSTORABLE_TEXT]
        return [UNSTORABLE_TEXT] if "\x00" in value else None
    if isinstance(value, Mapping):
        found = {key: error for key, item in value.items() if (error := unstorable(key) or unstorable(item))}
        return found or None
    if isinstance(value, list):
        indexed = {index: error for index, item in enumerate(value) if (error := unstorable(item))}
        return indexed or None
    return None


class ArgumentsParser(FlaskParser):
    """webargs' parser, refusing text that cannot be stored as a field error (422) rather than letting the
    database refuse it (500), in the body, the query and the form alike."""

    def pre_load(self, location_data: Any, *, schema: Schema, req: Any, location: str) -> Any:
        if isinstance(location_data, Mapping):
            declared = {field.data_key or name for name, field in schema.fields.items()}
            errors = {
                key: error for key in declared if key in location_data and (error := unstorable(location_data[key]))
            }
            if errors:
                raise ValidationError(errors)
        return location_data


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint as every resource of the API uses it."""

    ARGUMENTS_PARSER = ArgumentsParser()

    def _document_pagination_metadata(self, spec: APISpec, resp_doc: dict[str, Any]) -> None:
        # flask-smorest's own documentation says X-Pagination is an object, in the `simple` style of headers
        # (`total,3,page,1`); what it sends is that object as JSON, which OpenAPI says with `content`.
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = PAGINATION_HEADER


class SelectPage(Page):
    """Paginates a SQLAlchemy `Select` in the database, not in Python."""

    collection: Select[Any]

    @property
    def items(self) -> list[Any]:
        if self.page_params.first_item > MAX_OFFSET:
            return []  # a page that far past the last one is as empty as the next one
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
    api.spec.components.header(
        PAGINATION_HEADER,
        {
            "description": "Where this page is among the others, as JSON.",
            "content": {"application/json": {"schema": PaginationMetadataSchema}},
        },
    )
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
