"""REST resources of the reports: ask for one (202 and where to follow it), follow it, download it."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response, url_for
from flask.views import MethodView

from entrega import db
from entrega.api import API_PREFIX, Blueprint, SelectPage
from entrega.extensions.access import tenant_model
from entrega.identity.services import now
from entrega.reports import jobs as _jobs  # noqa: F401 - registers the render job wherever the app runs
from entrega.reports import services
from entrega.reports.download import file_response
from entrega.reports.schemas import RenderedReportSchema, ReportQuerySchema, ReportRequestSchema
from entrega.routines.access import get_report
from entrega.routines.models import Report, ReportStatus
from entrega.tenancy.request import current_tenant, tenant_from_path

blp = tenant_from_path(
    Blueprint(
        "reports_api",
        __name__,
        url_prefix=f"{API_PREFIX}/t/<tenant_slug>/reports",
        description="Reports: PDFs of the model's report templates, rendered in the background and stored.",
    )
)


class _Shown:
    """A report with where to download it, once it is done."""

    def __init__(self, report: Report, notice: str | None = None) -> None:
        self._report = report
        self.notice = notice
        self.file_url = (
            url_for("reports_api.ReportFile", report_id=report.id) if report.status is ReportStatus.DONE else None
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._report, name)


@blp.route("")
class Reports(MethodView):
    @blp.arguments(ReportQuerySchema, location="query")
    @blp.response(200, RenderedReportSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, query: dict[str, Any]) -> Any:
        """The government's reports, the latest first."""
        return services.reports_query(**query)

    @blp.arguments(ReportRequestSchema)
    @blp.response(202, RenderedReportSchema, headers={"Location": {"description": "where to follow the report"}})
    def post(self, data: dict[str, Any]) -> Any:
        """Ask for a report. The same report on unchanged data is not made twice: its existing record comes back.

        Follow it at the Location given until its status is `done` (or `failed`), then download `file_url`.
        """
        requested = services.request_report(
            db.session(), current_tenant(), tenant_model(), data["template"], data["subject_id"], data["language"],
            now().date(),
        )  # fmt: skip
        report = requested.report
        notice = services.queue_notice() if requested.waiting_for_queue else None
        return _Shown(report, notice), 202, {"Location": url_for("reports_api.ReportResource", report_id=report.id)}


@blp.route("/<uuid:report_id>")
class ReportResource(MethodView):
    @blp.response(200, RenderedReportSchema)
    def get(self, report_id: uuid.UUID) -> Any:
        """A report's status and progress (per cent); once done, its size, checksum and pages."""
        return _Shown(get_report(db.session(), report_id))


@blp.route("/<uuid:report_id>/file")
class ReportFile(MethodView):
    @blp.response(200, content_type="application/pdf", description="The PDF, as an attachment.")
    def get(self, report_id: uuid.UUID) -> Response:
        """Download the report's PDF (409 while it is not made yet)."""
        return file_response(get_report(db.session(), report_id))
