"""A bank's documents: the comparisons it exported as PDFs (made in the background), and the reports that
governments share with it (their template covered by a live `report` share).

Both read under the institution's binding: PostgreSQL admits the institution's own exports and the shared
reports only (migration 0012); the WHERE clauses say the same on SQLite.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega import db
from entrega.bank import exports
from entrega.bank.models import EVERYTHING, BankExport, Engagement, ExportStatus, Share, ShareKind
from entrega.bank.views import bank_page, open_institution
from entrega.errors import Conflict, flatten_messages
from entrega.reports.download import send_stored
from entrega.reports.services import storage as report_storage
from entrega.routines.models import Report, ReportStatus
from entrega.tenancy.models import Tenant

bp = Blueprint("bank_exports", __name__, url_prefix="/bank", template_folder="templates")

STATUS_WORDS = {
    ExportStatus.QUEUED: _l("Waiting"),
    ExportStatus.RENDERING: _l("Being made"),
    ExportStatus.DONE: _l("Ready"),
    ExportStatus.FAILED: _l("Failed"),
}


@dataclass(frozen=True)
class SharedReport:
    id: uuid.UUID
    tenant_id: uuid.UUID
    government: str
    government_slug: str
    template: str
    language: str
    filename: str
    pages: int
    size: int
    sha256: str
    finished_at: datetime | None


def shared_reports(
    db_session: Session, institution_id: uuid.UUID, limit: int = 200, only: uuid.UUID | None = None
) -> list[SharedReport]:
    """The finished reports of governments engaged with the institution whose template a live share covers,
    the latest first (or just the report `only`, if it is one of them)."""
    shares, engagements = Share.__table__, Engagement.__table__
    reports, tenants = Report.__table__, Tenant.__table__
    covered: dict[uuid.UUID, set[str]] = {}
    for row in db_session.execute(
        select(shares.c.tenant_id, shares.c.subject).where(
            shares.c.institution_id == institution_id, shares.c.kind == ShareKind.REPORT.value,
            shares.c.revoked_at.is_(None),
        )
    ):  # fmt: skip
        covered.setdefault(row.tenant_id, set()).add(row.subject)
    if not covered:
        return []
    engaged = select(engagements.c.tenant_id).where(engagements.c.institution_id == institution_id)
    statement = (
        select(reports, tenants.c.name.label("government"), tenants.c.slug.label("government_slug"))
        .join(tenants, tenants.c.id == reports.c.tenant_id)
        .where(reports.c.tenant_id.in_(list(covered)), reports.c.tenant_id.in_(engaged),
               reports.c.status == ReportStatus.DONE.value)
        .order_by(reports.c.finished_at.desc(), reports.c.id)
        .limit(limit)
    )  # fmt: skip
    if only is not None:
        statement = statement.where(reports.c.id == only)
    rows = db_session.execute(statement)
    return [
        SharedReport(**{name: getattr(row, name) for name in SharedReport.__dataclass_fields__})
        for row in rows
        if EVERYTHING in covered[row.tenant_id] or row.template in covered[row.tenant_id]
    ]


def _listed(db_session: Session, institution_id: uuid.UUID) -> tuple[list[BankExport], bool]:
    listed = exports.exports_of(db_session, institution_id)
    return listed, any(e.status in (ExportStatus.QUEUED, ExportStatus.RENDERING) for e in listed)


@bp.get("/<institution_slug>/documents")
def documents(institution_slug: str) -> Any:
    found = open_institution(institution_slug)
    db_session = db.session()
    listed, busy = _listed(db_session, found.id)
    return bank_page(
        "documents.html", found, exports=listed, busy=busy, status_words=STATUS_WORDS,
        shared=shared_reports(db_session, found.id),
    )  # fmt: skip


@bp.get("/<institution_slug>/documents/exports")
def export_rows(institution_slug: str) -> Any:
    found = open_institution(institution_slug)
    listed, busy = _listed(db.session(), found.id)
    return render_template(
        "bank/_export_rows.html", institution=found, exports=listed, busy=busy, status_words=STATUS_WORDS
    )


@bp.post("/<institution_slug>/documents/exports")
def request_export(institution_slug: str) -> Any:
    found = open_institution(institution_slug)
    db_session = db.session()
    args = {name: value for name, value in request.form.items() if name in exports.QUERY_NAMES}
    try:
        requested = exports.request_export(db_session, found, args, str(get_locale() or "en"))
    except ValidationError as error:
        db_session.rollback()
        flash(" ".join(reason for _field, reason in flatten_messages(error.normalized_messages())), "error")
        return redirect(url_for("bank_pages.compare", institution_slug=found.slug, **args))  # type: ignore[arg-type]
    export = requested.export
    if not requested.handed_over:
        flash(_("The job queue is not reachable right now, so the PDF is waiting: it will be made as soon as the "
                "queue is back, with nothing to ask again."), "notice")  # fmt: skip
    elif export.status is ExportStatus.DONE:
        flash(_("The comparison is ready as a PDF: download it below."), "status")
    elif export.status is ExportStatus.FAILED:
        flash(export.error, "error")
    else:
        flash(_("The comparison is being made into a PDF; it appears below when it is ready."), "status")
    return redirect(url_for("bank_exports.documents", institution_slug=found.slug, _anchor=f"export-{export.id}"))


@bp.get("/<institution_slug>/documents/exports/<uuid:export_id>/file")
def export_file(institution_slug: str, export_id: uuid.UUID) -> Any:
    found = open_institution(institution_slug)
    export = db.session().scalar(
        select(BankExport).where(BankExport.institution_id == found.id, BankExport.id == export_id)
    )
    if export is None:
        abort(404)
    try:
        if export.status is not ExportStatus.DONE:
            raise Conflict(_("This export is not ready yet."), "status")
        return send_stored(exports.storage(), found.id, export.id, export.size, export.sha256, export.filename)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("bank_exports.documents", institution_slug=found.slug))


@bp.get("/<institution_slug>/governments/<government_slug>/reports/<uuid:report_id>/file")
def shared_report_file(institution_slug: str, government_slug: str, report_id: uuid.UUID) -> Any:
    found = open_institution(institution_slug)
    found_one = shared_reports(db.session(), found.id, only=report_id)
    if not found_one or found_one[0].government_slug != government_slug:
        abort(404)  # not shared, not finished, or not there: the same answer
    shared = found_one[0]
    try:
        return send_stored(report_storage(), shared.tenant_id, shared.id, shared.size, shared.sha256, shared.filename)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("bank_exports.documents", institution_slug=found.slug))
