"""REST resources of the delivery workspace: priorities, indicators, targets, trajectories, measurements,
evidence, milestones, delivery chains and budget.

Every URL of the workspace's API is here, in one place. The resources are thin: they look rows up through
`access` (always tenant-scoped, so another government's id is a 404), call the service that validates,
writes and audits, and commit. What can be edited concurrently carries an ETag, and its PATCH, PUT and
DELETE need it back in If-Match (428 without, 412 when stale), so no one's edit is silently lost.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, send_file
from flask.views import MethodView
from flask_smorest import Page, abort
from marshmallow import ValidationError
from sqlalchemy import Select, Text, and_, cast, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session
from werkzeug.datastructures import FileStorage

from entrega import db
from entrega.api import API_PREFIX, Blueprint, SelectPage
from entrega.delivery import access, facts, measurements, periods, services, trajectories
from entrega.delivery.models import (
    BudgetEntry,
    BudgetProgramme,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    Priority,
    PriorityProgramme,
    TargetRevision,
)
from entrega.delivery.schemas import (
    BaselineSchema,
    BudgetEntrySchema,
    BudgetProgrammeQuerySchema,
    BudgetProgrammeSchema,
    ChainSchema,
    CorrectionSchema,
    EvidenceSchema,
    EvidenceUploadSchema,
    IndicatorPatchSchema,
    IndicatorQuerySchema,
    IndicatorSchema,
    IndicatorSheetSchema,
    MeasurementDetailSchema,
    MeasurementQuerySchema,
    MeasurementSchema,
    MilestonePatchSchema,
    MilestoneSchema,
    PriorityPatchSchema,
    PriorityQuerySchema,
    PrioritySchema,
    PriorityStatusSchema,
    ProgrammeLinkSchema,
    ReviewSchema,
    StatusQuerySchema,
    TargetSchema,
    TrajectoryDraftOutSchema,
    TrajectoryDraftSchema,
    TrajectorySchema,
)
from entrega.errors import Conflict, NotFound
from entrega.extensions.access import tenant_model
from entrega.identity.access import current_principal
from entrega.identity.roles import Permission
from entrega.tenancy.request import current_tenant, tenant_from_path

blp = tenant_from_path(
    Blueprint(
        "delivery",
        __name__,
        url_prefix=f"{API_PREFIX}/t/<tenant_slug>",
        description="The delivery workspace: priorities, indicators, targets, trajectories, data and budget.",
    )
)


# ---- shared parts ----------------------------------------------------------------------------------------


@contextmanager
def _saving() -> Iterator[Session]:
    """The request's session, committed once the service has written and audited.

    Two writes racing for the same unique key (a baseline, a measurement's next version) both pass the
    service's checks; the database lets one in, and the other is told to reload (409), not a 500.
    """
    db_session = db.session()
    try:
        yield db_session
        db_session.commit()
    except IntegrityError as error:
        db_session.rollback()
        raise Conflict("Someone else changed this at the same moment: reload it and try again.") from error


class _With:
    """A row with a few more attributes for its schema to show; every other attribute is the row's own."""

    def __init__(self, row: Any, **extra: Any) -> None:
        self._row = row
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


def _fiscal_start() -> int:
    return services.fiscal_start(tenant_model())


def _invalid_query(field: str, reason: str) -> None:
    abort(422, message="The request has invalid fields.", errors={"query": {field: [reason]}})


def _period(text: str, indicator: Indicator, field: str, *, location: str = "json") -> date:
    """A period as a person wrote it, read in the indicator's frequency; a field error when it names none."""
    try:
        return periods.parse(text, indicator.frequency, _fiscal_start())
    except periods.PeriodError as error:
        if location == "query":
            _invalid_query(field, str(error))
        raise ValidationError({field: [str(error)]}) from None


def _today(as_of: date | None = None) -> date:
    """The day as the government lives it: its own time zone decides when a period's data is late."""
    return as_of or datetime.now(ZoneInfo(current_tenant().time_zone)).date()


def _matching(q: str, *columns: InstrumentedAttribute[Any]) -> Any:
    """Any of `columns` (text or JSON, such as names in several languages) containing `q`, ignoring case."""
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(*(func.lower(cast(column, Text)).like(pattern, escape="\\") for column in columns))


def _body_reference(lookup: Any, row_id: uuid.UUID, field: str, what: str) -> Any:
    """A row a request body names: another government's id (or none) is a field error, not a missing page."""
    try:
        return lookup(db.session(), row_id)
    except NotFound:
        raise ValidationError({field: [f"No {what} of this government has that id."]}) from None


# ---- priorities ------------------------------------------------------------------------------------------


@blp.route("/priorities")
class Priorities(MethodView):
    @blp.arguments(PriorityQuerySchema, location="query")
    @blp.response(200, PrioritySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, query: dict[str, Any]) -> Select[Any]:
        """The government's priorities in the unit's order; filter by owner ministry, SDG target or text."""
        statement = select(Priority).order_by(Priority.position, Priority.code)
        if query["owner_ministry_id"] is not None:
            statement = statement.where(Priority.owner_ministry_id == query["owner_ministry_id"])
        if query["q"]:
            statement = statement.where(_matching(query["q"], Priority.code, Priority.name))
        if query["sdg"]:
            if not services.SDG_TARGET.match(query["sdg"]):
                _invalid_query("sdg", "Not an SDG target (goal.target, like 3.2 or 4.a).")
            # Stored as a JSON list of strings; its text form holds each target in quotes.
            statement = statement.where(cast(Priority.sdg_targets, Text).like(f'%"{query["sdg"]}"%'))
        return statement

    @blp.arguments(PrioritySchema)
    @blp.response(201, PrioritySchema)
    def post(self, data: dict[str, Any]) -> Priority:
        """Add a priority."""
        with _saving() as db_session:
            return services.create_priority(db_session, current_tenant(), data, tenant_model())


@blp.route("/priorities/<uuid:priority_id>")
class PriorityResource(MethodView):
    @blp.etag
    @blp.response(200, PrioritySchema)
    def get(self, priority_id: uuid.UUID) -> Priority:
        return access.get_priority(db.session(), priority_id)

    @blp.etag
    @blp.arguments(PriorityPatchSchema)
    @blp.response(200, PrioritySchema)
    def patch(self, changes: dict[str, Any], priority_id: uuid.UUID) -> Priority:
        """Change some fields; send the ETag you read in If-Match, so no one's edit is lost."""
        priority = access.get_priority(db.session(), priority_id)
        blp.check_etag(priority, PrioritySchema)
        with _saving() as db_session:
            return services.update_priority(db_session, current_tenant(), priority, changes, tenant_model())

    @blp.etag
    @blp.response(204)
    def delete(self, priority_id: uuid.UUID) -> None:
        """Remove a priority that has no indicators (409 otherwise: their data must not be lost)."""
        priority = access.get_priority(db.session(), priority_id)
        blp.check_etag(priority, PrioritySchema)
        with _saving() as db_session:
            services.delete_priority(db_session, priority)


def _status(view: facts.PriorityView) -> dict[str, Any]:
    fiscal_start = _fiscal_start()
    indicators = []
    for item in view.indicators:
        status, indicator = item.status, item.indicator
        latest = status.latest
        indicators.append(
            {
                "indicator_id": indicator.id, "code": indicator.code, "name": indicator.name,
                "rating": status.rating, "latest_period": latest.period if latest else None,
                "latest_period_label": periods.label(latest.period, indicator.frequency, fiscal_start)
                if latest else None,
                "latest_value": latest.value if latest else None, "progress": status.progress,
                "expected": status.expected, "worsening": status.worsening, "missing_count": status.missing_count,
                "latest_missing": status.latest_missing, "quality": status.quality,
            }
        )  # fmt: skip
    priority = view.priority
    return {
        "priority_id": priority.id, "code": priority.code, "name": priority.name, "rating": view.rating,
        "level": view.level, "quality": view.quality, "reasons": view.reasons, "indicators": indicators,
    }  # fmt: skip


@blp.route("/priorities/<uuid:priority_id>/status")
class PriorityStatus(MethodView):
    @blp.arguments(StatusQuerySchema, location="query")
    @blp.response(200, PriorityStatusSchema)
    def get(self, query: dict[str, Any], priority_id: uuid.UUID) -> dict[str, Any]:
        """Where the priority stands.

        Its rating on the common scale, its early-warning level with the reasons (signal, subject, figures), and
        each indicator's rating, progress against the trajectory and data quality. `as_of` judges as on that day.
        """
        priority = access.get_priority(db.session(), priority_id)
        [view] = facts.load(db.session(), tenant_model(), _today(query["as_of"]), priority_ids=[priority.id])
        return _status(view)


@blp.route("/status")
class StatusOverview(MethodView):
    @blp.arguments(StatusQuerySchema, location="query")
    @blp.response(200, PriorityStatusSchema(many=True))
    @blp.paginate(Page)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Every priority's status, worst first.

        Alerts first, then by rating. The whole government is judged at once and the pages are cut from that
        list in memory, so every page is read against the same order.
        """
        return [_status(view) for view in facts.load(db.session(), tenant_model(), _today(query["as_of"]))]


# ---- indicators and their sheets -------------------------------------------------------------------------


def _sheet(indicator: Indicator) -> _With:
    db_session = db.session()
    targets = services.targets_of(db_session, indicator.id)
    return _With(
        indicator,
        baseline=services.baseline_of(db_session, indicator.id),
        target=targets[-1] if targets else None,
        target_revisions=len(targets),
        trajectory_points=len(services.trajectory_of(db_session, indicator.id)),
    )


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.arguments(IndicatorQuerySchema, location="query")
    @blp.response(200, IndicatorSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, query: dict[str, Any]) -> Select[Any]:
        """Indicators by code; filter by priority, owner ministry, frequency or text."""
        statement = select(Indicator).order_by(Indicator.code)
        if query["priority_id"] is not None:
            statement = statement.where(Indicator.priority_id == query["priority_id"])
        if query["owner_ministry_id"] is not None:
            statement = statement.where(Indicator.owner_ministry_id == query["owner_ministry_id"])
        if query["frequency"] is not None:
            statement = statement.where(Indicator.frequency == query["frequency"])
        if query["q"]:
            statement = statement.where(_matching(query["q"], Indicator.code, Indicator.name))
        return statement

    @blp.arguments(IndicatorSchema)
    @blp.response(201, IndicatorSheetSchema)
    def post(self, data: dict[str, Any]) -> _With:
        """Add an indicator to a priority, with its technical sheet."""
        _body_reference(access.get_priority, data["priority_id"], "priority_id", "priority")
        with _saving() as db_session:
            indicator = services.create_indicator(db_session, current_tenant(), data, tenant_model())
        return _sheet(indicator)


@blp.route("/indicators/<uuid:indicator_id>")
class IndicatorResource(MethodView):
    @blp.etag
    @blp.response(200, IndicatorSheetSchema)
    def get(self, indicator_id: uuid.UUID) -> _With:
        """The full technical sheet, with the baseline and the current target."""
        return _sheet(access.get_indicator(db.session(), indicator_id))

    @blp.etag
    @blp.arguments(IndicatorPatchSchema)
    @blp.response(200, IndicatorSheetSchema)
    def patch(self, changes: dict[str, Any], indicator_id: uuid.UUID) -> _With:
        """Change some fields of the sheet.

        Send the ETag you read in If-Match. Once the indicator has data, its polarity, frequency and
        accumulation are fixed (409).
        """
        indicator = access.get_indicator(db.session(), indicator_id)
        blp.check_etag(_sheet(indicator), IndicatorSheetSchema)
        if "priority_id" in changes:
            _body_reference(access.get_priority, changes["priority_id"], "priority_id", "priority")
        with _saving() as db_session:
            services.update_indicator(db_session, current_tenant(), indicator, changes, tenant_model())
        return _sheet(indicator)


@blp.route("/indicators/<uuid:indicator_id>/baseline")
class IndicatorBaseline(MethodView):
    @blp.response(200, BaselineSchema)
    def get(self, indicator_id: uuid.UUID) -> Any:
        """Where the indicator started (404 until it is set)."""
        indicator = access.get_indicator(db.session(), indicator_id)
        baseline = services.baseline_of(db.session(), indicator.id)
        if baseline is None:
            abort(404, message="This indicator has no baseline yet.")
        return baseline

    @blp.arguments(BaselineSchema)
    @blp.response(201, BaselineSchema)
    def put(self, data: dict[str, Any], indicator_id: uuid.UUID) -> Any:
        """Set the baseline. Once only: it is never overwritten (409), and the database refuses it too."""
        indicator = access.get_indicator(db.session(), indicator_id)
        period = _period(data["period"], indicator, "period")
        with _saving() as db_session:
            return services.set_baseline(db_session, indicator, data["value"], period, data["source"], tenant_model())


@blp.route("/indicators/<uuid:indicator_id>/targets")
class IndicatorTargets(MethodView):
    @blp.response(200, TargetSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, indicator_id: uuid.UUID) -> Select[Any]:
        """The target's history: the original (revision 1) and every revision, with its date, reason and author."""
        indicator = access.get_indicator(db.session(), indicator_id)
        return (
            select(TargetRevision).where(TargetRevision.indicator_id == indicator.id).order_by(TargetRevision.revision)
        )

    @blp.arguments(TargetSchema)
    @blp.response(201, TargetSchema)
    def post(self, data: dict[str, Any], indicator_id: uuid.UUID) -> TargetRevision:
        """Set the target, or revise it: every revision after the first needs a reason; the original stays."""
        indicator = access.get_indicator(db.session(), indicator_id)
        due = _period(data["due"], indicator, "due")
        with _saving() as db_session:
            return services.revise_target(db_session, indicator, data["value"], due, data["reason"], tenant_model())


def _trajectory(indicator: Indicator) -> dict[str, Any]:
    return {"indicator_id": indicator.id, "points": services.trajectory_of(db.session(), indicator.id)}


@blp.route("/indicators/<uuid:indicator_id>/trajectory")
class IndicatorTrajectory(MethodView):
    @blp.etag
    @blp.response(200, TrajectorySchema)
    def get(self, indicator_id: uuid.UUID) -> dict[str, Any]:
        """The value expected in each period, after the baseline."""
        return _trajectory(access.get_indicator(db.session(), indicator_id))

    @blp.etag
    @blp.arguments(TrajectorySchema)
    @blp.response(200, TrajectorySchema)
    def put(self, data: dict[str, Any], indicator_id: uuid.UUID) -> dict[str, Any]:
        """Replace every point (send the ETag you read in If-Match); the audit log keeps the path replaced."""
        indicator = access.get_indicator(db.session(), indicator_id)
        blp.check_etag(_trajectory(indicator), TrajectorySchema)
        points, errors = [], {}
        for index, point in enumerate(data["points"]):
            try:
                points.append((periods.parse(point["period"], indicator.frequency, _fiscal_start()), point["expected"]))
            except periods.PeriodError as error:
                errors[index] = {"period": [str(error)]}
        if errors:
            raise ValidationError({"points": errors})
        with _saving() as db_session:
            services.set_trajectory(db_session, indicator, points, tenant_model())
        return _trajectory(indicator)


@blp.route("/indicators/<uuid:indicator_id>/trajectory/draft")
class TrajectoryDraft(MethodView):
    @blp.arguments(TrajectoryDraftSchema)
    @blp.response(200, TrajectoryDraftOutSchema)
    def post(self, data: dict[str, Any], indicator_id: uuid.UUID) -> dict[str, Any]:
        """Draw a trajectory without saving it.

        From the baseline to the target (or to the period and value given), straight or S-shaped. Nothing is
        stored: preview it, adjust it, then PUT it to /trajectory.
        """
        db_session = db.session()
        indicator = access.get_indicator(db_session, indicator_id)
        baseline = services.baseline_of(db_session, indicator.id)
        if baseline is None:
            raise Conflict("Set the baseline first: a trajectory is drawn from it.", "baseline")
        targets = services.targets_of(db_session, indicator.id)
        end = _period(data["end_period"], indicator, "end_period") if data["end_period"] else None
        end = end or (targets[-1].due if targets else None)
        end_value = data["end_value"] if data["end_value"] is not None else (targets[-1].value if targets else None)
        if end is None or end_value is None:
            field = "end_period" if end is None else "end_value"
            raise ValidationError({field: ["Give where the trajectory ends, or set the indicator's target first."]})
        try:
            drawn = trajectories.draw(
                data["shape"], baseline.period, baseline.value, end, end_value,
                indicator.frequency, _fiscal_start(), data["steepness"],
            )  # fmt: skip
        except ValueError:
            raise ValidationError({"end_period": ["The trajectory must end after the baseline's period."]}) from None
        points = [{"indicator_id": indicator.id, "period": period, "expected": value} for period, value in drawn]
        return {"indicator_id": indicator.id, "shape": data["shape"], "points": points}


# ---- measurements and evidence ---------------------------------------------------------------------------


def _entrant_for(indicator: Indicator) -> access.Entrant:
    """Who enters data in this request, checked against the indicator before anything else about the entry.

    The services check too; checking here first also keeps the 403's message the sentence people read
    (the service's exception carries the indicator's code as its description).
    """
    entrant = access.current_entrant()
    try:
        entrant.check(indicator)
    except access.NotYourMinistry:
        abort(403, message=access.NotYourMinistry.description)
    return entrant


@blp.route("/indicators/<uuid:indicator_id>/measurements")
class IndicatorMeasurements(MethodView):
    @blp.arguments(MeasurementQuerySchema, location="query")
    @blp.response(200, MeasurementSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, query: dict[str, Any], indicator_id: uuid.UUID) -> Select[Any]:
        """Each period's current value, oldest first.

        The current value is the latest version, whatever its review status; `history=true` lists every
        version. Filter by period range (labels or ISO dates), review status or breakdown.
        """
        indicator = access.get_indicator(db.session(), indicator_id)
        m = Measurement
        statement = select(m).where(m.indicator_id == indicator.id)
        if not query["history"]:
            latest = (
                select(m.period, m.breakdown, func.max(m.version).label("version"))
                .where(m.indicator_id == indicator.id)
                .group_by(m.period, m.breakdown)
                .subquery()
            )
            statement = statement.join(
                latest,
                and_(latest.c.period == m.period, latest.c.breakdown == m.breakdown, latest.c.version == m.version),
            )
        if query["period_from"]:
            statement = statement.where(m.period >= _period(query["period_from"], indicator, "period_from",
                                                            location="query"))  # fmt: skip
        if query["period_to"]:
            statement = statement.where(m.period <= _period(query["period_to"], indicator, "period_to",
                                                            location="query"))  # fmt: skip
        if query["status"] is not None:
            statement = statement.where(m.status == query["status"])
        if query["breakdown"] is not None:
            statement = statement.where(m.breakdown == query["breakdown"])
        return statement.order_by(m.period, m.breakdown, m.version)

    @blp.arguments(MeasurementSchema)
    @blp.response(201, MeasurementSchema)
    def post(self, data: dict[str, Any], indicator_id: uuid.UUID) -> Measurement:
        """Enter a period's value.

        A value that puts the indicator off track needs a note saying why (422 on `note`); a period that
        already has a value is corrected instead (409). A ministry's focal point enters data only for the
        indicators their ministry owns (403).
        """
        indicator = access.get_indicator(db.session(), indicator_id)
        entrant = _entrant_for(indicator)
        period = _period(data["period"], indicator, "period")
        with _saving() as db_session:
            return measurements.submit(
                db_session, indicator, period, data["value"], entrant=entrant, source=data["source"],
                note=data["note"], breakdown=data["breakdown"], channel="api", model=tenant_model(),
            )  # fmt: skip


def _measurement_and_indicator(measurement_id: uuid.UUID) -> tuple[Measurement, Indicator]:
    db_session = db.session()
    measurement = access.get_measurement(db_session, measurement_id)
    return measurement, access.get_indicator(db_session, measurement.indicator_id)


@blp.route("/measurements/<uuid:measurement_id>")
class MeasurementResource(MethodView):
    @blp.response(200, MeasurementDetailSchema)
    def get(self, measurement_id: uuid.UUID) -> _With:
        """One version of a value, with the evidence attached to it."""
        measurement, _indicator = _measurement_and_indicator(measurement_id)
        return _With(measurement, evidence=measurements.evidence_of(db.session(), [measurement.id]))


@blp.route("/measurements/<uuid:measurement_id>/corrections")
class MeasurementCorrections(MethodView):
    @blp.arguments(CorrectionSchema)
    @blp.response(201, MeasurementSchema)
    def post(self, data: dict[str, Any], measurement_id: uuid.UUID) -> Measurement:
        """Correct the latest version of a value: the correction is a new version, and the earlier ones stay."""
        measurement, indicator = _measurement_and_indicator(measurement_id)
        entrant = _entrant_for(indicator)
        with _saving() as db_session:
            return measurements.correct(
                db_session, measurement, indicator, data["value"], entrant=entrant,
                note=data["note"], source=data["source"], channel="api", model=tenant_model(),
            )  # fmt: skip


@blp.route("/measurements/<uuid:measurement_id>/review")
class MeasurementReview(MethodView):
    @blp.arguments(ReviewSchema)
    @blp.response(200, MeasurementSchema)
    def post(self, data: dict[str, Any], measurement_id: uuid.UUID) -> Measurement:
        """Move the latest version along the review.

        `validate` a submitted value, `publish` a validated one (this needs the publish permission too), or
        `return` either with a reason so the ministry corrects it. Any other move is a 409.
        """
        principal = current_principal()
        if data["action"] == measurements.Review.PUBLISH and not (
            principal is not None and principal.can(Permission.PUBLISH_DATA)
        ):
            abort(403, message="Publishing a value needs the publish permission.")
        measurement, _indicator = _measurement_and_indicator(measurement_id)
        with _saving() as db_session:
            return measurements.review(db_session, measurement, data["action"], data["reason"])


@blp.route("/measurements/<uuid:measurement_id>/evidence")
class MeasurementEvidence(MethodView):
    @blp.response(200, EvidenceSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, measurement_id: uuid.UUID) -> Select[Any]:
        """The files that back this version of the value, oldest first."""
        measurement = access.get_measurement(db.session(), measurement_id)
        return select(Evidence).where(Evidence.measurement_id == measurement.id).order_by(Evidence.uploaded_at)

    @blp.arguments(EvidenceUploadSchema, location="files")
    @blp.response(201, EvidenceSchema)
    def post(self, files: dict[str, FileStorage], measurement_id: uuid.UUID) -> Evidence:
        """Attach a file of evidence.

        Send it as multipart/form-data in the field `file`. Its declared type must be one accepted (PDF,
        PNG, JPEG, CSV, text, XLSX, DOCX) and match its bytes, and it may be up to 10 MB.
        """
        measurement, indicator = _measurement_and_indicator(measurement_id)
        entrant = _entrant_for(indicator)
        upload = files["file"]
        # One byte past the limit is enough for the service to refuse it, without holding more in memory.
        content = upload.stream.read(measurements.MAX_EVIDENCE_BYTES + 1)
        with _saving() as db_session:
            return measurements.add_evidence(
                db_session, measurement, indicator, upload.filename or "", upload.content_type or "", content,
                entrant=entrant,
            )  # fmt: skip


@blp.route("/evidence/<uuid:evidence_id>")
class EvidenceFile(MethodView):
    @blp.response(200, content_type="application/octet-stream", description="The file, as an attachment.")
    def get(self, evidence_id: uuid.UUID) -> Response:
        """Download a file of evidence with the type it was checked against."""
        evidence = access.get_evidence(db.session(), evidence_id)
        response = send_file(
            io.BytesIO(evidence.content),
            mimetype=evidence.content_type,
            as_attachment=True,
            download_name=evidence.filename,
            etag=evidence.sha256,
        )
        # Uploaded content is never rendered by the browser as something else, nor inline.
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


# ---- milestones and the delivery chain -------------------------------------------------------------------


@blp.route("/priorities/<uuid:priority_id>/milestones")
class PriorityMilestones(MethodView):
    @blp.response(200, MilestoneSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, priority_id: uuid.UUID) -> Select[Any]:
        """The priority's delivery plan, by due date."""
        priority = access.get_priority(db.session(), priority_id)
        return select(Milestone).where(Milestone.priority_id == priority.id).order_by(Milestone.due_on, Milestone.id)

    @blp.arguments(MilestoneSchema)
    @blp.response(201, MilestoneSchema)
    def post(self, data: dict[str, Any], priority_id: uuid.UUID) -> Milestone:
        """Add a milestone; a done one needs its completion date."""
        priority = access.get_priority(db.session(), priority_id)
        with _saving() as db_session:
            return services.create_milestone(db_session, priority, data)


@blp.route("/milestones/<uuid:milestone_id>")
class MilestoneResource(MethodView):
    @blp.etag
    @blp.response(200, MilestoneSchema)
    def get(self, milestone_id: uuid.UUID) -> Milestone:
        return access.get_milestone(db.session(), milestone_id)

    @blp.etag
    @blp.arguments(MilestonePatchSchema)
    @blp.response(200, MilestoneSchema)
    def patch(self, changes: dict[str, Any], milestone_id: uuid.UUID) -> Milestone:
        """Change some fields (its status as it moves); send the ETag you read in If-Match."""
        milestone = access.get_milestone(db.session(), milestone_id)
        blp.check_etag(milestone, MilestoneSchema)
        with _saving() as db_session:
            return services.update_milestone(db_session, milestone, changes)

    @blp.etag
    @blp.response(204)
    def delete(self, milestone_id: uuid.UUID) -> None:
        milestone = access.get_milestone(db.session(), milestone_id)
        blp.check_etag(milestone, MilestoneSchema)
        with _saving() as db_session:
            services.delete_milestone(db_session, milestone)


def _chain(priority: Priority) -> dict[str, Any]:
    return {"priority_id": priority.id, "links": services.chain_of(db.session(), priority.id)}


@blp.route("/priorities/<uuid:priority_id>/chain")
class PriorityChain(MethodView):
    @blp.etag
    @blp.response(200, ChainSchema)
    def get(self, priority_id: uuid.UUID) -> dict[str, Any]:
        """The delivery chain, from the ministry down to the frontline, with its weak links."""
        return _chain(access.get_priority(db.session(), priority_id))

    @blp.etag
    @blp.arguments(ChainSchema)
    @blp.response(200, ChainSchema)
    def put(self, data: dict[str, Any], priority_id: uuid.UUID) -> dict[str, Any]:
        """Replace the whole chain, in order; send the ETag you read in If-Match."""
        priority = access.get_priority(db.session(), priority_id)
        blp.check_etag(_chain(priority), ChainSchema)
        with _saving() as db_session:
            services.set_chain(db_session, priority, data["links"])
        return _chain(priority)


# ---- budget ----------------------------------------------------------------------------------------------


@blp.route("/budget-programmes")
class BudgetProgrammes(MethodView):
    @blp.arguments(BudgetProgrammeQuerySchema, location="query")
    @blp.response(200, BudgetProgrammeSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, query: dict[str, Any]) -> Select[Any]:
        """Programmes of the budget law, by code; filter by ministry or text."""
        statement = select(BudgetProgramme).order_by(BudgetProgramme.code)
        if query["ministry_id"] is not None:
            statement = statement.where(BudgetProgramme.ministry_id == query["ministry_id"])
        if query["q"]:
            statement = statement.where(_matching(query["q"], BudgetProgramme.code, BudgetProgramme.name))
        return statement

    @blp.arguments(BudgetProgrammeSchema)
    @blp.response(201, BudgetProgrammeSchema)
    def post(self, data: dict[str, Any]) -> BudgetProgramme:
        with _saving() as db_session:
            return services.create_programme(db_session, data)


@blp.route("/budget-programmes/<uuid:programme_id>")
class BudgetProgrammeResource(MethodView):
    @blp.response(200, BudgetProgrammeSchema)
    def get(self, programme_id: uuid.UUID) -> BudgetProgramme:
        return access.get_programme(db.session(), programme_id)


@blp.route("/budget-programmes/<uuid:programme_id>/entries")
class BudgetEntries(MethodView):
    @blp.response(200, BudgetEntrySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, programme_id: uuid.UUID) -> Select[Any]:
        """Allocation and execution per period, oldest first."""
        programme = access.get_programme(db.session(), programme_id)
        return select(BudgetEntry).where(BudgetEntry.programme_id == programme.id).order_by(BudgetEntry.period)

    @blp.arguments(BudgetEntrySchema)
    @blp.response(200, BudgetEntrySchema)
    def put(self, data: dict[str, Any], programme_id: uuid.UUID) -> BudgetEntry:
        """Record one period's allocation and execution.

        New figures replace that period's; the audit log keeps the old ones.
        """
        programme = access.get_programme(db.session(), programme_id)
        with _saving() as db_session:
            return services.set_budget_entry(db_session, programme, data["period"], data["allocated"], data["executed"])


def _linked_programmes(priority: Priority) -> Select[Any]:
    link = PriorityProgramme
    return (
        select(BudgetProgramme)
        .join(link, and_(link.tenant_id == BudgetProgramme.tenant_id, link.programme_id == BudgetProgramme.id))
        .where(link.priority_id == priority.id)
        .order_by(BudgetProgramme.code)
    )


@blp.route("/priorities/<uuid:priority_id>/programmes")
class PriorityProgrammes(MethodView):
    @blp.response(200, BudgetProgrammeSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, priority_id: uuid.UUID) -> Select[Any]:
        """The budget programmes that fund the priority."""
        return _linked_programmes(access.get_priority(db.session(), priority_id))

    @blp.arguments(ProgrammeLinkSchema)
    @blp.response(201, BudgetProgrammeSchema)
    def post(self, data: dict[str, Any], priority_id: uuid.UUID) -> BudgetProgramme:
        """Link a programme to the priority (linking it again changes nothing)."""
        priority = access.get_priority(db.session(), priority_id)
        programme = _body_reference(access.get_programme, data["programme_id"], "programme_id", "budget programme")
        with _saving() as db_session:
            services.link_programme(db_session, priority, programme)
        return programme


@blp.route("/priorities/<uuid:priority_id>/programmes/<uuid:programme_id>")
class PriorityProgrammeLink(MethodView):
    @blp.response(204)
    def delete(self, priority_id: uuid.UUID, programme_id: uuid.UUID) -> None:
        """Unlink a programme from the priority."""
        priority = access.get_priority(db.session(), priority_id)
        programme = access.get_programme(db.session(), programme_id)
        with _saving() as db_session:
            services.unlink_programme(db_session, priority, programme)
