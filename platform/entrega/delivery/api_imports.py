"""REST resources for moving data in and out: imports with their row-by-row reports, template and exports.

POST /imports takes a multipart form (`kind`, `file`) and answers 202 with the import and its Location:
a small file is already checked (and written, or rejected) by then; a larger one runs on the "imports"
queue, and GET /imports/<id> shows its progress. A file refused whole (too large, not CSV or .xlsx by its
content, a zip bomb, missing columns) gets a 4xx naming the field and the reason, and no import.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import abort
from flask_smorest.fields import Upload
from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import defer
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from entrega import db
from entrega.api import API_PREFIX, Blueprint, SelectPage, error_body
from entrega.audit.services import current_actor
from entrega.delivery import imports, workbooks
from entrega.delivery.access import current_entrant, get_import
from entrega.delivery.models import DataImport, ImportKind, ImportStatus
from entrega.delivery.spreadsheets import MAX_FILE_BYTES
from entrega.extensions.access import tenant_model
from entrega.identity.access import current_principal
from entrega.identity.roles import Permission
from entrega.tenancy.request import current_tenant, tenant_from_path

blp = tenant_from_path(
    Blueprint(
        "delivery_imports_api",
        __name__,
        url_prefix=f"{API_PREFIX}/t/<tenant_slug>",
        description="Imports of indicators and measurements (Excel, CSV), the tenant's template, and exports.",
    )
)

TOO_LARGE = f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it into several imports."


class ImportFormSchema(Schema):
    kind = fields.Enum(ImportKind, by_value=True, required=True, metadata={"description": "What the file holds."})


class ImportFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "An Excel workbook (.xlsx) or a CSV file."})


class ImportRowErrorSchema(Schema):
    row = fields.Integer(metadata={"description": "The row as a spreadsheet numbers it (the header is row 1)."})
    field = fields.String(metadata={"description": "The column."})
    reason = fields.String()


# The shape of ImportRowErrorSchema, for the document (a list a method builds has no schema of its own there).
ROW_ERROR = {
    "type": "object",
    "properties": {"row": {"type": "integer"}, "field": {"type": "string"}, "reason": {"type": "string"}},
}


class DataImportSchema(Schema):
    id = fields.UUID(dump_only=True)
    kind = fields.Enum(ImportKind, by_value=True)
    filename = fields.String()
    status = fields.Enum(ImportStatus, by_value=True)
    total_rows = fields.Integer(metadata={"description": "An estimate until the import has finished."})
    processed_rows = fields.Integer()
    written_rows = fields.Integer()
    progress = fields.Method(
        "_progress", metadata={"type": "number", "description": "Share of the rows checked, 0 to 1."}
    )
    message = fields.String()
    created_by = fields.String()
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)

    def _progress(self, data_import: DataImport) -> float:
        if data_import.status in (ImportStatus.DONE, ImportStatus.REJECTED):
            return 1.0
        total = data_import.total_rows
        return round(min(1.0, data_import.processed_rows / total), 3) if total else 0.0


class DataImportDetailSchema(DataImportSchema):
    error_count = fields.Method("_error_count", metadata={"type": "integer"})
    first_errors = fields.Method(
        "_first_errors",
        metadata={"type": "array", "items": ROW_ERROR, "description": "The first problems; see errors.csv."},
    )
    errors_report = fields.Method(
        "_report", metadata={"type": ["string", "null"], "description": "Where the whole report is (CSV)."}
    )

    def _error_count(self, data_import: DataImport) -> int:
        return len(data_import.errors)

    def _first_errors(self, data_import: DataImport) -> list[dict[str, Any]]:
        return ImportRowErrorSchema(many=True).dump(data_import.errors[: imports.FIRST_ERRORS])

    def _report(self, data_import: DataImport) -> str | None:
        if not data_import.errors:
            return None
        return url_for("delivery_imports_api.ImportErrors", import_id=data_import.id)


class ExportQuerySchema(Schema):
    history = fields.Boolean(load_default=False, metadata={"description": "Every version, not only the current."})


@blp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> tuple[dict[str, Any], int]:
    # The request is refused before the view runs (the app's limit); say which field, as for any refusal.
    return error_body(413, "Request Entity Too Large", TOO_LARGE, {"files": {"file": [TOO_LARGE]}}), 413


@blp.route("/imports")
class Imports(MethodView):
    @blp.response(200, DataImportSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self) -> Any:
        """Imports, latest first."""
        return select(DataImport).options(defer(DataImport.errors)).order_by(DataImport.created_at.desc())

    @blp.arguments(ImportFormSchema, location="form")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(202, DataImportDetailSchema)
    def post(self, form: dict[str, Any], files: dict[str, FileStorage]) -> Any:
        """Import a file of measurements (or, with the permission to edit the plan, of indicators)."""
        principal = current_principal()
        if form["kind"] is ImportKind.INDICATORS and not (principal and principal.can(Permission.EDIT_PLAN)):
            abort(403, message="Importing indicators needs the permission to edit the plan.")
        upload = files["file"]
        content = upload.stream.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            abort(413, message=TOO_LARGE, errors={"files": {"file": [TOO_LARGE]}})
        db_session = db.session()
        data_import = imports.create_import(db_session, form["kind"], upload.filename or "", content, current_actor())
        db_session.commit()
        imports.start(db_session, data_import, current_entrant(), tenant_model())
        db_session.expire_all()  # a queued import may already have run, in a session of its own
        data_import = get_import(db_session, data_import.id)
        return data_import, 202, {"Location": url_for("delivery_imports_api.ImportResource", import_id=data_import.id)}


@blp.route("/imports/<uuid:import_id>")
class ImportResource(MethodView):
    @blp.response(200, DataImportDetailSchema)
    def get(self, import_id: uuid.UUID) -> DataImport:
        """An import: its status, progress, counts and first problems."""
        return get_import(db.session(), import_id)


@blp.route("/imports/<uuid:import_id>/errors.csv")
class ImportErrors(MethodView):
    @blp.response(200, {"type": "string"}, content_type="text/csv", description="row, field, reason")
    def get(self, import_id: uuid.UUID) -> Response:
        """Every problem of the import, row by row (CSV)."""
        return workbooks.error_report(get_import(db.session(), import_id)).response()


XLSX = {"type": "string", "format": "binary"}


@blp.route("/template.xlsx")
class Template(MethodView):
    @blp.response(200, XLSX, content_type=workbooks.XLSX_TYPE)
    def get(self) -> Response:
        """The government's workbook to fill in: its indicators, the periods due, and instructions."""
        return workbooks.template(db.session(), current_tenant(), tenant_model(), current_entrant()).response()


def _export(what: str, fmt: str, history: bool = False) -> Response:
    return workbooks.export(db.session(), current_tenant(), tenant_model(), what, fmt, history=history).response()


@blp.route("/exports/indicators.csv")
class IndicatorsCsv(MethodView):
    @blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self) -> Response:
        """Every indicator's technical sheet (CSV; imports back unchanged)."""
        return _export("indicators", "csv")


@blp.route("/exports/indicators.xlsx")
class IndicatorsXlsx(MethodView):
    @blp.response(200, XLSX, content_type=workbooks.XLSX_TYPE)
    def get(self) -> Response:
        """Every indicator's technical sheet (Excel)."""
        return _export("indicators", "xlsx")


@blp.route("/exports/measurements.csv")
class MeasurementsCsv(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self, query: dict[str, Any]) -> Response:
        """Each period's current value, or every version with history=true (CSV)."""
        return _export("measurements", "csv", query["history"])


@blp.route("/exports/measurements.xlsx")
class MeasurementsXlsx(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.response(200, XLSX, content_type=workbooks.XLSX_TYPE)
    def get(self, query: dict[str, Any]) -> Response:
        """Each period's current value, or every version with history=true (Excel)."""
        return _export("measurements", "xlsx", query["history"])
