"""A comparison as a PDF, made in the background: asked for on the comparison page, rendered by a job bound to
the institution (so the database admits exactly what the page could read), kept until asked for again.

The file is written whole or not at all (`ReportStorage`), the row says done only once the file is in place,
and a lost or failed job leaves a row that says so; asking again makes a fresh export.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from entrega import db
from entrega.audit.services import current_actor, record_platform
from entrega.bank import presentation
from entrega.bank.models import BankExport, ExportStatus, Institution
from entrega.identity.services import now
from entrega.jobs import handover
from entrega.jobs.registry import institution_job
from entrega.reports import services as reports
from entrega.reports.jobs import storage_message
from entrega.reports.render import STYLESHEET_URL, app_fetcher, render_pdf
from entrega.reports.storage import ReportStorage, ReportStorageError
from entrega.tenancy.binding import bind_institution
from entrega.tenancy.codes import UI_LOCALES
from entrega.web.i18n import localized_text

log = logging.getLogger(__name__)

JOB = "bank.comparison_pdf"
QUEUE = "reports"
# Where the bar stands once the figures are read and once the layout is done.
GATHERED, LAID_OUT = 30, 90
# The query string's names the export keeps: what the comparison page reads, nothing else.
QUERY_NAMES = ("instrument", "region", "level", "engagement", "assessor", "country", "pillar")


def storage() -> ReportStorage:
    """The banks' exports sit beside the governments' reports, in a folder per institution."""
    return ReportStorage(reports.storage().root / "institutions")


@dataclass(frozen=True)
class Requested:
    export: BankExport
    handed_over: bool  # False: the job queue could not take it now; the sweep hands it over once it is back


def request_export(db_session: Session, institution: Institution, args: Mapping[str, str], language: str) -> Requested:
    """Record the export and set its job going (in this process on the embedded default)."""
    asked = presentation.compare_request(args)
    if asked.instrument is None:
        raise ValidationError({"instrument": [_("No diagnostic instrument is installed on this platform.")]})
    if language not in UI_LOCALES:
        raise ValidationError({"language": [_("Choose one of the platform's languages.")]})
    query = {name: value for name, value in asked.args().items() if name in QUERY_NAMES}
    export = BankExport(
        institution_id=institution.id, query=query, language=language, requested_by=current_actor(),
        filename=f"{institution.slug}-{asked.instrument.key}-{now().date().isoformat()}.pdf",
    )  # fmt: skip
    db_session.add(export)
    db_session.flush()
    record_platform(db_session, "create", "bank_export", export.id, reason=institution.slug,
                    after={"query": query, "language": language})  # fmt: skip
    handed_over = True
    try:
        handed_over = handover.hand_over(db_session, export)  # commits first: the job reads its own session
    except Exception:
        # In-process (the embedded default) the render ran just now; its failure is on the export's row.
        if current_app.extensions["entrega.settings"].redis_url is not None:
            raise
        log.exception("export %s failed to render in-process", export.id)
    db_session.refresh(export)
    return Requested(export, handed_over)


def exports_of(db_session: Session, institution_id: uuid.UUID, limit: int = 50) -> list[BankExport]:
    return list(
        db_session.scalars(
            select(BankExport)
            .where(BankExport.institution_id == institution_id)
            .order_by(BankExport.created_at.desc(), BankExport.id)
            .limit(limit)
        )
    )


def is_stored(export: BankExport) -> bool:
    return export.status is ExportStatus.DONE and storage().verify(
        export.institution_id, export.id, export.size, export.sha256
    )


class _Progress:
    """The export's status and progress, each change in a short transaction of its own."""

    def __init__(self, institution_id: uuid.UUID, export_id: uuid.UUID) -> None:
        self.institution_id, self.export_id, self.shown = institution_id, export_id, 0

    def write(self, **values: Any) -> None:
        with db.engines().Session() as db_session:
            bind_institution(db_session, self.institution_id)
            db_session.execute(update(BankExport).where(BankExport.id == self.export_id).values(**values))
            db_session.commit()

    def set(self, percent: float) -> None:
        value = max(0, min(99, int(percent)))
        if value >= self.shown + 5:
            self.shown = value
            self.write(progress=value)

    def laying_out(self, estimated_pages: int) -> Callable[[int], None]:
        return lambda page: self.set(GATHERED + (LAID_OUT - GATHERED) * min(1.0, page / max(1, estimated_pages)))


def page_html(db_session: Session, institution: Institution, query: Mapping[str, str], today: date) -> str:
    """The PDF's HTML: the comparison page's own figures and tables, laid out for print."""
    asked = presentation.compare_request(query)
    governments = presentation.governments(db_session, institution.id)
    shown = presentation.context(db_session, institution.id, asked, governments)
    instrument = asked.instrument
    return render_template(
        "bank/print/comparison.html", institution=institution, today=today, stylesheet=STYLESHEET_URL,
        title=_("Diagnostics compared: %(instrument)s", instrument=localized_text(instrument.name) if instrument else ""),
        filters_text=presentation.filters_text(asked), region_labels=presentation.REGION_LABELS,
        author=institution.name,
        place=presentation.place, **shown,
    )  # fmt: skip


@institution_job(JOB)
def render_export(db_session: Session, export_id: str) -> str:
    """Render one export of the job's institution; another institution's export is simply not found."""
    export = db_session.scalar(select(BankExport).where(BankExport.id == uuid.UUID(export_id)))
    if export is None:
        return "missing"
    if is_stored(export):
        return "already done"
    institution = db_session.get(Institution, export.institution_id)
    assert institution is not None
    progress = _Progress(export.institution_id, export.id)
    progress.write(status=ExportStatus.RENDERING, progress=1, error="", finished_at=None)
    try:
        with force_locale(export.language):
            html = page_html(db_session, institution, export.query, export.created_at.date())
            db_session.commit()  # the reading is over: no transaction stays open through the layout
            progress.set(GATHERED)
            fetcher = app_fetcher("", Path(current_app.static_folder or ""))
            pdf = render_pdf(html, fetcher, on_page=progress.laying_out(4))
            stored = storage().store(export.institution_id, export.id, pdf.data)
    except ReportStorageError as error:
        with force_locale(export.language):
            progress.write(status=ExportStatus.FAILED, error=storage_message(error), finished_at=now())
        raise
    except Exception:
        log.exception("comparison export %s failed to render", export_id)
        with force_locale(export.language):
            progress.write(status=ExportStatus.FAILED, finished_at=now(),
                           error=_("The export could not be made. Ask for it again; if it keeps failing, tell the "
                                   "administrator."))  # fmt: skip
        raise
    progress.write(status=ExportStatus.DONE, progress=100, size=stored.size, sha256=stored.sha256, pages=pdf.pages,
                   error="", finished_at=now())  # fmt: skip
    return "done"


def _give_up(export: BankExport) -> None:
    with force_locale(export.language):
        export.error = _("The export could not be made: the job making it stopped and could not be resumed. Ask "
                         "for it again; if it keeps failing, tell the administrator.")  # fmt: skip
    export.status, export.finished_at = ExportStatus.FAILED, now()


WORK = handover.QueuedWork(
    BankExport, JOB, QUEUE, ExportStatus.QUEUED, ExportStatus.RENDERING, lambda export: (str(export.id),), _give_up,
    for_institution=True,
)  # fmt: skip
handover.track(WORK)
