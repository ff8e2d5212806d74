"""The render job: gather the pack, lay it out, store the PDF, and say how far it has got all along.

Idempotent: a report already done, with its file present and matching its checksum, is left alone, so a
retried or duplicated job does nothing. Crash-safe: the row says `done` only after the file is in place
whole (see `storage`), so a worker killed at any moment leaves the report `rendering` (or `failed`) and at
most a temporary file, which the next attempt removes; rq hands an abandoned job to the next worker, which
renders the report again from the start. Progress is written in short transactions of their own, so the
pages can show it while the long part (WeasyPrint's layout) runs with no transaction open.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from entrega import db
from entrega.extensions.access import forget_tenant_model, tenant_model
from entrega.identity.services import now
from entrega.jobs import tenant_job
from entrega.reports import packs, services
from entrega.reports.render import app_fetcher, render_pdf
from entrega.reports.storage import FULL, UNWRITABLE, ReportStorageError, StoredFile
from entrega.routines.models import Report, ReportStatus
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Tenant

log = logging.getLogger(__name__)

# Where the progress bar stands at each stage; the layout, page by page, takes most of the time.
GATHERED, LAID_OUT, WRITTEN = 30, 88, 95


class Progress:
    """The report's status and progress, each change in a short transaction of its own."""

    def __init__(self, tenant_id: uuid.UUID, report_id: uuid.UUID) -> None:
        self.tenant_id, self.report_id = tenant_id, report_id
        self.shown, self.written_at = 0, 0.0

    def _write(self, **values: Any) -> None:
        with tenant_session(db.engines(), self.tenant_id) as db_session:
            db_session.execute(update(Report).where(Report.id == self.report_id).values(**values))
            db_session.commit()

    def begin(self) -> None:
        self._write(status=ReportStatus.RENDERING, progress=1, error="", finished_at=None)
        self.shown, self.written_at = 1, time.monotonic()

    def set(self, percent: float) -> None:
        """Move the bar forward; small steps are written at most once a second."""
        value = max(0, min(99, int(percent)))
        moment = time.monotonic()
        if value <= self.shown or (value - self.shown < 5 and moment - self.written_at < 1.0):
            return
        self.shown, self.written_at = value, moment
        self._write(progress=value)

    def gathering(self, fraction: float) -> None:
        self.set(1 + (GATHERED - 1) * fraction)

    def laying_out(self, estimated_pages: int) -> Callable[[int], None]:
        return lambda page: self.set(GATHERED + (LAID_OUT - GATHERED) * min(1.0, page / max(1, estimated_pages)))

    def fail(self, message: str) -> None:
        self._write(status=ReportStatus.FAILED, error=message, finished_at=now())

    def finish(self, stored: StoredFile, pages: int) -> None:
        self._write(status=ReportStatus.DONE, progress=100, size=stored.size, sha256=stored.sha256, pages=pages,
                    error="", finished_at=now())  # fmt: skip


@contextmanager
def as_the_government(tenant: Tenant, db_session: Session) -> Iterator[None]:
    """Render as a page of this government would: its model, its words, read through the job's bound session."""
    g.tenant = tenant
    g._entrega_session = db_session  # what db.session() (and so tenant_model()) answers inside the job
    try:
        yield
    finally:
        forget_tenant_model()
        g.pop("_entrega_session", None)
        g.pop("tenant", None)


def storage_message(error: ReportStorageError) -> str:
    if error.reason == FULL:
        return _("The report storage is full, so the report was not saved and nothing was kept. Free space on the "
                 "report disk, then ask for the report again.")  # fmt: skip
    if error.reason == UNWRITABLE:
        return _("The report storage cannot be written to, so the report was not saved and nothing was kept. The "
                 "administrator should check the report directory and its permissions; then ask again.")  # fmt: skip
    return _("The report could not be saved and nothing was kept. Ask for it again; if it keeps failing, tell the "
             "administrator.")  # fmt: skip


@tenant_job(services.JOB)
def render_report(db_session: Session, report_id: str) -> str:
    """Render one report of the job's government; another government's report id is simply not found."""
    report = db_session.scalar(select(Report).where(Report.id == uuid.UUID(report_id)))
    if report is None:
        return "missing"
    store = services.storage()
    if report.status is ReportStatus.DONE and store.verify(report.tenant_id, report.id, report.size, report.sha256):
        return "already done"
    tenant = db_session.get(Tenant, report.tenant_id)
    assert tenant is not None
    progress = Progress(report.tenant_id, report.id)
    progress.begin()
    try:
        with as_the_government(tenant, db_session), force_locale(report.language):
            model = tenant_model()
            template = services.template_of(model, report.template)
            inp = packs.PackInput(db_session, tenant, model, template, report.subject_id, report.created_at.date(),
                                  progress.gathering)  # fmt: skip
            pack = packs.build(inp)
            html = packs.page_html(pack)
            db_session.commit()  # the reading is over: no transaction stays open through the layout
            fetcher = app_fetcher(tenant.slug, Path(current_app.static_folder or ""))
            pdf = render_pdf(html, fetcher, on_page=progress.laying_out(pack.estimated_pages))
            progress.set(WRITTEN)
            stored = store.store(tenant.id, report.id, pdf.data)
    except ReportStorageError as error:
        with force_locale(report.language):
            progress.fail(storage_message(error))
        raise
    except Exception:
        log.exception("report %s of %s failed to render", report_id, tenant.slug)
        with force_locale(report.language):
            progress.fail(_("The report could not be made. Ask for it again; if it keeps failing, tell the "
                            "administrator."))  # fmt: skip
        raise
    progress.finish(stored, pdf.pages)
    return "rendered"
