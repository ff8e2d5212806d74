"""The reports page: what the model offers to print, the reports asked for with their progress (refreshed by
htmx every two seconds while one is being made), and their downloads. Works without JavaScript: the forms
post and come back to the page, and reloading shows the progress."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select

from entrega import db
from entrega.errors import Conflict, NotFound, flatten_messages
from entrega.extensions.access import tenant_model
from entrega.extensions.contract import ReportTemplate
from entrega.identity.services import now
from entrega.reports import jobs as _jobs  # noqa: F401 - registers the render job wherever the app runs
from entrega.reports import packs, services
from entrega.reports.download import file_response
from entrega.routines import assessments
from entrega.routines import services as routines
from entrega.routines.access import get_report
from entrega.routines.models import Meeting, Report, ReportStatus, RoutineSeries
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation
from entrega.web.i18n import localized_text

bp = tenant_from_path(Blueprint("reports_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))

navigation.add("reports_pages.reports", _l("Reports"), scope="tenant", order=50, permission="view")

SHOWN = 50  # the latest reports listed
STATUS_WORDS = {
    ReportStatus.QUEUED: _l("Waiting"),
    ReportStatus.RENDERING: _l("Being made"),
    ReportStatus.DONE: _l("Ready"),
    ReportStatus.FAILED: _l("Failed"),
}
LANGUAGE_NAMES = {"en": "English", "es": "Español", "pt": "Português", "fr": "Français"}


@dataclass(frozen=True)
class Offer:
    """A report template the model offers, with the subjects it can be about."""

    template: ReportTemplate
    subjects: list[tuple[str, str]]  # (id, label); empty when it covers the whole government
    required: bool  # whether a subject must be chosen


def _subjects() -> dict[str, list[tuple[str, str]]]:
    db_session = db.session()
    model = tenant_model()
    series = {s.id: s for s in db_session.scalars(select(RoutineSeries))}
    meetings = []
    for meeting in db_session.scalars(select(Meeting).order_by(Meeting.held_on.desc()).limit(40)):
        routine = routines.template_of(model, series[meeting.series_id]) if meeting.series_id in series else None
        name = localized_text(routine.label, "en") if routine else series[meeting.series_id].title
        meetings.append((str(meeting.id), f"{name} · {format_date(meeting.held_on, 'medium')}"))
    rounds = [(str(r.id), f"{r.title} · {format_date(r.held_on, 'medium')}") for r in assessments.rounds(db_session)]
    return {packs.MEETING: meetings, packs.ROUND: rounds}


def _offers() -> list[Offer]:
    subjects = _subjects()
    out = []
    for template in services.templates(tenant_model()):
        kind = packs.builder_of(template)
        out.append(Offer(template, subjects.get(kind.subject or "", []), kind.subject_required))
    return out


def _listed() -> tuple[list[Report], dict[str, str], bool]:
    """The latest reports, how the page names each template and subject, and whether any is still being made."""
    db_session = db.session()
    reports = list(db_session.scalars(services.reports_query().limit(SHOWN)))
    labels = {t.key: localized_text(t.label, "en") for t in services.templates(tenant_model())}
    labels |= dict(label for labels_ in _subjects().values() for label in labels_)
    busy = any(r.status in (ReportStatus.QUEUED, ReportStatus.RENDERING) for r in reports)
    return reports, labels, busy


@bp.get("/reports")
def reports() -> Any:
    listed, labels, busy = _listed()
    tenant = current_tenant()
    return render_template(
        "reports/list.html", tenant=tenant, offers=_offers(), reports=listed, labels=labels, busy=busy,
        status_words=STATUS_WORDS, languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in services.languages(tenant)],
    )  # fmt: skip


@bp.get("/reports/rows")
def rows() -> Any:
    """The list's rows alone: what htmx swaps in every two seconds while a report is being made."""
    listed, labels, busy = _listed()
    return render_template("reports/_rows.html", reports=listed, labels=labels, busy=busy, status_words=STATUS_WORDS)


@bp.post("/reports")
def request_report() -> Any:
    form = request.form
    subject_id: uuid.UUID | None = None
    if form.get("subject_id"):
        try:
            subject_id = uuid.UUID(form["subject_id"])
        except ValueError:
            abort(400)
    try:
        requested = services.request_report(
            db.session(), current_tenant(), tenant_model(), form.get("template", ""), subject_id,
            form.get("language") or None, now().date(),
        )  # fmt: skip
    except ValidationError as error:
        for _field, reason in flatten_messages(error.messages):
            flash(reason, "error")
        return redirect(url_for("reports_pages.reports"))
    if requested.waiting_for_queue:
        flash(services.queue_notice(), "notice")
    elif requested.rendering:
        flash(_("The report is being made; it appears below when it is ready."), "notice")
    else:
        flash(_("This report was already asked for on the same data: here it is, nothing was made twice."), "notice")
    return redirect(url_for("reports_pages.reports", _anchor=f"report-{requested.report.id}"))


@bp.get("/reports/<uuid:report_id>/file")
def download(report_id: uuid.UUID) -> Any:
    try:
        return file_response(get_report(db.session(), report_id))
    except NotFound:
        abort(404)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("reports_pages.reports"))
