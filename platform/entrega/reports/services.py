"""Asking for a report: which templates the model offers, in which languages, about which subjects, and the
one verb, `request_report`.

A report is identified by its fingerprint: the template, the subject, the language, the day and the
government's data version (how many changes the audit log holds, and the latest, leaving out the reports'
own entries). Asking twice for the same thing on unchanged data returns the report already made (or being
made) without rendering it again; any audited change to the data gives a new fingerprint and a new report.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entrega.audit.models import AuditEvent
from entrega.audit.services import current_actor, record
from entrega.db import utcnow
from entrega.extensions.contract import ReportTemplate
from entrega.extensions.runtime import ResolvedModel
from entrega.jobs import handover
from entrega.reports import packs
from entrega.reports.storage import ReportStorage
from entrega.routines.models import Report, ReportStatus
from entrega.tenancy.codes import UI_LOCALES
from entrega.tenancy.models import Tenant

log = logging.getLogger(__name__)

JOB = "reports.render"
QUEUE = "reports"
# Bump when the layouts change what a report shows: every report is then made anew on its next request.
REPORT_FORMAT = 1
AUDIT_ENTITY = "report"


def storage() -> ReportStorage:
    return ReportStorage(Path(current_app.extensions["entrega.settings"].reports_path))


def templates(model: ResolvedModel | None) -> list[ReportTemplate]:
    return list(model.reports) if model else []


def template_of(model: ResolvedModel | None, key: str) -> ReportTemplate:
    found = next((t for t in templates(model) if t.key == key), None)
    if found is None:
        keys = ", ".join(t.key for t in templates(model))
        if not keys:
            raise ValidationError(
                {"template": [_("This government has no delivery model yet, so no report templates.")]}
            )
        raise ValidationError({"template": [_("Choose one of the model's report templates: %(keys)s.", keys=keys)]})
    return found


def languages(tenant: Tenant) -> list[str]:
    """The languages a report can be written in: the government's, where the platform speaks them."""
    base = [lang.replace("-", "_").split("_")[0] for lang in [tenant.default_locale, *tenant.languages]]
    return list(dict.fromkeys(lang for lang in base if lang in UI_LOCALES)) or ["en"]


def data_version(db_session: Session) -> str:
    """Changes to the government's data so far: the audit log's count and latest entry, reports aside."""
    count, latest = db_session.execute(
        select(func.count(), func.max(AuditEvent.at)).where(AuditEvent.entity != AUDIT_ENTITY)
    ).one()
    return f"{count}:{latest.isoformat() if latest else '-'}"


def fingerprint(
    template: ReportTemplate, subject_id: uuid.UUID | None, language: str, version: str, today: date
) -> str:
    payload = {
        "format": REPORT_FORMAT, "template": template.key, "kind": template.kind, "sections": list(template.sections),
        "subject": str(subject_id) if subject_id else None, "language": language, "data": version,
        "day": today.isoformat(),
    }  # fmt: skip
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def download_name(template: ReportTemplate, language: str, today: date) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", template.key.lower()).strip("-") or "report"
    return f"{slug}-{today.isoformat()}-{language}.pdf"


def is_stored(report: Report) -> bool:
    return report.status is ReportStatus.DONE and storage().verify(
        report.tenant_id, report.id, report.size, report.sha256
    )


@dataclass(frozen=True)
class Requested:
    report: Report
    rendering: bool  # whether this request set a render going (False: the same report already exists)
    # The job queue could not take it: the report stays queued and is handed over once the queue is back.
    waiting_for_queue: bool = False


def queue_notice() -> str:
    return _("The job queue cannot be reached right now. Your request is kept: the report will be made "
             "automatically once the queue is back, with no need to ask again.")  # fmt: skip


def request_report(
    db_session: Session, tenant: Tenant, model: ResolvedModel | None, template_key: str,
    subject_id: uuid.UUID | None, language: str | None, today: date,
) -> Requested:  # fmt: skip
    """Ask for a report; render it in the background unless the same one is already made or being made.

    Commits (the job reads the row from another session, or another process) and then enqueues; when the
    queue cannot be reached the report stays queued (`waiting_for_queue`) and the sweep hands it over later.
    """
    template = template_of(model, template_key)
    offered = languages(tenant)
    language = language or offered[0]
    if language not in offered:
        raise ValidationError({"language": [_("Choose one of this government's languages: %(languages)s.",
                                              languages=", ".join(offered))]})  # fmt: skip
    packs.check_subject(db_session, template, subject_id)
    key = fingerprint(template, subject_id, language, data_version(db_session), today)
    report = db_session.scalar(select(Report).where(Report.fingerprint == key))
    if report is not None:
        if report.status in (ReportStatus.QUEUED, ReportStatus.RENDERING) or is_stored(report):
            return Requested(report, False)
        # Failed, or its file is gone or damaged: make it again, under the same identity.
        before = {"status": report.status.value, "error": report.error}
        report.status, report.progress, report.error = ReportStatus.QUEUED, 0, ""
        record(db_session, "update", AUDIT_ENTITY, report.id, before, {"status": "queued"})
        # Committed with its new job id by the hand-over below: queued again never shows the failed job.
    else:
        report = Report(
            template=template.key, subject_id=subject_id, language=language, fingerprint=key,
            requested_by=current_actor(), filename=download_name(template, language, today),
        )  # fmt: skip
        db_session.add(report)
        try:
            db_session.flush()
            record(db_session, "create", AUDIT_ENTITY, report.id, None,
                   {"template": template.key, "subject_id": str(subject_id) if subject_id else None,
                    "language": language})  # fmt: skip
            db_session.commit()
        except IntegrityError:
            # The same report was asked for at the same moment: that request renders it.
            db_session.rollback()
            report = db_session.scalars(select(Report).where(Report.fingerprint == key)).one()
            return Requested(report, False)
    handed_over = _enqueue(db_session, report)
    return Requested(report, True, waiting_for_queue=not handed_over)


def _enqueue(db_session: Session, report: Report) -> bool:
    """Hand the render to the queue; False when the queue could not take it (the sweep will)."""
    handed_over = True
    try:
        handed_over = handover.hand_over(db_session, report)
    except Exception:
        # In-process (the embedded default) the render ran just now; its failure is on the report's row.
        if current_app.extensions["entrega.settings"].redis_url is not None:
            raise
        log.exception("report %s failed to render in-process", report.id)
    db_session.refresh(report)
    return handed_over


def _give_up(report: Report) -> None:
    with force_locale(report.language):
        report.error = _("The report could not be made: the job making it stopped and could not be resumed. "
                         "Ask for it again; if it keeps failing, tell the administrator.")  # fmt: skip
    report.status, report.finished_at = ReportStatus.FAILED, utcnow()


handover.track(
    handover.QueuedWork(
        Report, JOB, QUEUE, ReportStatus.QUEUED, ReportStatus.RENDERING, lambda report: (str(report.id),), _give_up
    )
)


def reports_query(template: str | None = None) -> Select[Report]:
    """The government's reports, the latest first."""
    statement = select(Report).order_by(Report.created_at.desc(), Report.id)
    if template:
        statement = statement.where(Report.template == template)
    return statement
