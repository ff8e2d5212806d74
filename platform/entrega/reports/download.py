"""Handing a stored report over: always as a download, and only when the file is the one recorded."""

from __future__ import annotations

import uuid

from flask import Response, send_file
from flask_babel import gettext as _

from entrega.errors import Conflict
from entrega.reports import services
from entrega.reports.storage import ReportStorage
from entrega.routines.models import Report, ReportStatus


def file_response(report: Report) -> Response:
    """The PDF as an attachment; Conflict while it is not made yet, or when the stored file is not the one made."""
    if report.status is not ReportStatus.DONE:
        raise Conflict(_("This report is not ready yet."), "status")
    return send_stored(services.storage(), report.tenant_id, report.id, report.size, report.sha256, report.filename)


def send_stored(
    store: ReportStorage, owner_id: uuid.UUID, file_id: uuid.UUID, size: int, sha256: str, filename: str
) -> Response:
    """A stored PDF as an attachment, once its size and checksum are the ones recorded; Conflict otherwise."""
    if not store.verify(owner_id, file_id, size, sha256):
        raise Conflict(_("The stored file of this report is missing or damaged: ask for the report again."), "file")
    response = send_file(
        store.path_of(owner_id, file_id), mimetype="application/pdf", as_attachment=True,
        download_name=filename, etag=sha256, max_age=0, conditional=True,
    )  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
