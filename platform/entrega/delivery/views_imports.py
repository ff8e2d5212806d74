"""The import page (upload, progress, row-by-row report), the tenant's Excel template, and exports."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import defer
from werkzeug.exceptions import RequestEntityTooLarge

from entrega import db
from entrega.audit.services import current_actor
from entrega.delivery import imports, workbooks
from entrega.delivery.access import current_entrant, get_import
from entrega.delivery.models import DataImport, ImportKind, ImportStatus
from entrega.delivery.spreadsheets import MAX_FILE_BYTES
from entrega.errors import NotFound
from entrega.extensions.access import tenant_model
from entrega.identity.access import can
from entrega.identity.roles import Permission
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation

bp = tenant_from_path(
    Blueprint("delivery_imports", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates")
)

navigation.add("delivery_imports.imports", _l("Import and export"), scope="tenant", order=40,
               permission=Permission.ENTER_OWN_DATA.value)  # fmt: skip

RECENT_IMPORTS = 20
KIND_LABELS = {ImportKind.MEASUREMENTS: _l("Measurements"), ImportKind.INDICATORS: _l("Indicators")}
STATUS_LABELS = {
    ImportStatus.QUEUED: _l("Waiting"),
    ImportStatus.RUNNING: _l("Checking"),
    ImportStatus.REJECTED: _l("Rejected"),
    ImportStatus.DONE: _l("Done"),
    ImportStatus.FAILED: _l("Failed"),
}


def _import_or_404(import_id: uuid.UUID) -> DataImport:
    try:
        return get_import(db.session(), import_id)
    except NotFound:
        abort(404)


def _error_count() -> Any:
    """How many problems an import's report lists, counted in the database (the report itself may be long)."""
    postgres = db.session().get_bind().dialect.name == "postgresql"
    return (func.jsonb_array_length if postgres else func.json_array_length)(DataImport.errors)


def _with_counts(statement: Select[Any]) -> list[tuple[DataImport, int]]:
    rows = db.session().execute(statement.add_columns(_error_count()).options(defer(DataImport.errors)))
    return [(row[0], int(row[1] or 0)) for row in rows]


def _page(errors: dict[str, list[str]] | None = None, form: dict[str, str] | None = None, status: int = 200) -> Any:
    rows = _with_counts(select(DataImport).order_by(DataImport.created_at.desc()).limit(RECENT_IMPORTS))
    # The problems of the latest import to have finished, when it was rejected: what the person fixes next.
    latest = next((i for i, _count in rows if i.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)), None)
    first_errors = get_import(db.session(), latest.id).errors[: imports.FIRST_ERRORS] if (
        latest is not None and latest.status is ImportStatus.REJECTED) else []  # fmt: skip
    return render_template(
        "delivery/imports.html", tenant=current_tenant(), rows=rows, latest=latest, first_errors=first_errors,
        errors=errors or {}, form=form or {}, kinds=_kinds(), max_mb=MAX_FILE_BYTES // (1024 * 1024),
        kind_labels=KIND_LABELS, status_labels=STATUS_LABELS,
    ), status  # fmt: skip


def _kinds() -> list[ImportKind]:
    """What the person may import: indicators only with the permission to edit the plan."""
    return [ImportKind.MEASUREMENTS, *([ImportKind.INDICATORS] if can(Permission.EDIT_PLAN.value) else [])]


@bp.get("/imports", endpoint="imports")
def imports_page() -> Any:
    return _page()


@bp.post("/imports")
def upload() -> Any:
    form = {"kind": request.form.get("kind", "")}
    try:
        kind = ImportKind(form["kind"])
    except ValueError:
        return _page({"kind": [_("Choose what the file holds.")]}, form, 422)
    if kind not in _kinds():
        abort(403)
    file = request.files.get("file")
    if file is None or not file.filename:
        return _page({"file": [_("Choose a file to upload.")]}, form, 422)
    content = file.stream.read(MAX_FILE_BYTES + 1)
    db_session = db.session()
    try:
        data_import = imports.create_import(db_session, kind, file.filename, content, current_actor())
    except ValidationError as error:
        db_session.rollback()
        return _page(error.messages, form, 422)  # type: ignore[arg-type]
    db_session.commit()
    if imports.start(db_session, data_import, current_entrant(), tenant_model()):
        flash(_("The file %(name)s was received: its result is below.", name=data_import.filename), "status")
    else:
        flash(_("The file %(name)s was received, but the job queue cannot be reached right now. The file is kept: "
                "its import starts automatically once the queue is back, with no need to upload it again.",
                name=data_import.filename), "status")  # fmt: skip
    return redirect(url_for(".imports"), 303)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> Any:
    flash(_("The file is larger than %(mb)s MB: split it into several imports.",
            mb=MAX_FILE_BYTES // (1024 * 1024)), "error")  # fmt: skip
    return redirect(url_for(".imports"), 303)


@bp.get("/imports/<uuid:import_id>/row")
def import_row(import_id: uuid.UUID) -> Any:
    """One import's row of the table: the page polls it (htmx) while the import runs."""
    found = _with_counts(select(DataImport).where(DataImport.id == import_id))
    if not found:
        abort(404)
    data_import, error_count = found[0]
    return render_template("delivery/_import_row.html", data_import=data_import, error_count=error_count,
                           kind_labels=KIND_LABELS, status_labels=STATUS_LABELS)  # fmt: skip


@bp.get("/imports/<uuid:import_id>/errors.csv")
def error_report(import_id: uuid.UUID) -> Any:
    return workbooks.error_report(_import_or_404(import_id)).response()


@bp.get("/imports/template.xlsx")
def template() -> Any:
    return workbooks.template(db.session(), current_tenant(), tenant_model(), current_entrant()).response()


@bp.get("/exports/indicators.csv", defaults={"fmt": "csv"})
@bp.get("/exports/indicators.xlsx", defaults={"fmt": "xlsx"})
def export_indicators(fmt: str) -> Any:
    return workbooks.export(db.session(), current_tenant(), tenant_model(), "indicators", fmt).response()


@bp.get("/exports/measurements.csv", defaults={"fmt": "csv"})
@bp.get("/exports/measurements.xlsx", defaults={"fmt": "xlsx"})
def export_measurements(fmt: str) -> Any:
    history = request.args.get("history", "").lower() in ("true", "1", "yes")
    return workbooks.export(db.session(), current_tenant(), tenant_model(), "measurements", fmt,
                            history=history).response()  # fmt: skip
