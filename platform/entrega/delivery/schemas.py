"""Marshmallow schemas of the delivery workspace's API: what each resource reads and shows.

The services check what needs the database (codes, ministries, languages, the model's extra fields); these
schemas check shape and types, so that every 422 names its field either way. Periods go in as people write
them (2025-03, 2025-Q1, 2025, or an ISO date) and come out as the ISO date of their first day beside their
label.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from entrega import db
from entrega.delivery import periods, services
from entrega.delivery.models import Accumulation, Indicator, MeasurementStatus, MilestoneStatus
from entrega.delivery.trajectories import Shape
from entrega.delivery.warning import Level, Signal
from entrega.extensions.access import tenant_model
from entrega.extensions.contract import CommonRating, Frequency, Polarity
from entrega.tenancy.binding import bound_tenant
from entrega.tenancy.schemas import LocalizedText

MAX_INT = 2**31 - 1  # what the database's integer holds
PERIOD_HELP = "a period as people write it: 2025-03, 2025-Q1, 2025-S1, 2025, 2025-W05, or any ISO date within it"


class PeriodText(fields.String):
    """A period: read as the text a person wrote (the resource parses it in the indicator's frequency), shown
    as the ISO date of its first day."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(min=4, max=20), metadata={"description": PERIOD_HELP}, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return value.isoformat() if isinstance(value, date) else super()._serialize(value, attr, obj, **kwargs)


def _text(max_length: int | None = None, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length) if max_length else None, **kwargs)


class PeriodLabel(fields.Field):
    """The label of a period (2025-03, 2025-Q1…) in its indicator's frequency and the government's fiscal year.

    The row names its indicator by id; the resource has already loaded that indicator, so the session's
    identity map answers without a query.
    """

    def __init__(self, source: str = "period", **kwargs: Any) -> None:
        super().__init__(attribute=source, dump_only=True, metadata={"type": "string"}, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        indicator_id = obj["indicator_id"] if isinstance(obj, dict) else obj.indicator_id
        db_session = db.session()
        indicator = db_session.get(Indicator, (bound_tenant(db_session), indicator_id))
        if indicator is None:
            return None
        return periods.label(value, indicator.frequency, services.fiscal_start(tenant_model()))


# ---- priorities ------------------------------------------------------------------------------------------


class PrioritySchema(Schema):
    """A priority: a government goal, with what it aims at, how, and what happens if it slips."""

    id = fields.UUID(dump_only=True)
    code = fields.String(
        required=True, metadata={"description": "unique in the government, e.g. P-01", "pattern": services.CODE.pattern}
    )
    name = LocalizedText(required=True)
    aim = _text(metadata={"description": "what are we trying to do?"})
    approach = _text(metadata={"description": "how are we planning to do it?"})
    recovery = _text(metadata={"description": "if we are not on track, what will we do?"})
    owner_ministry_id = fields.UUID(required=True)
    sponsor = _text(200, metadata={"description": "the minister or official who answers for it"})
    plan_alignment = _text(300, metadata={"description": "where it sits in the government plan"})
    sdg_targets = fields.List(fields.String(), metadata={"description": "SDG targets, e.g. 3.2, 4.a"})
    position = fields.Integer(
        validate=[validate.Range(min=0), validate.Range(max=MAX_INT)], metadata={"description": "the unit's own order"}
    )
    extra = fields.Dict(metadata={"description": "the fields the delivery model adds to priorities"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class PriorityPatchSchema(PrioritySchema):
    """The same fields, all optional: a PATCH changes only what it names."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


class PriorityQuerySchema(Schema):
    owner_ministry_id = fields.UUID(load_default=None)
    q = fields.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "code or name"})
    sdg = fields.String(load_default=None, validate=validate.Length(max=8), metadata={"description": "e.g. 3.2"})


# ---- indicators and their sheets -------------------------------------------------------------------------


class IndicatorSchema(Schema):
    """An indicator and its technical sheet."""

    id = fields.UUID(dump_only=True)
    priority_id = fields.UUID(required=True)
    code = fields.String(required=True, metadata={"pattern": services.CODE.pattern})
    name = LocalizedText(required=True)
    definition = _text()
    formula = _text()
    unit = _text(40)
    polarity = fields.Enum(Polarity, by_value=True, metadata={"description": "up: more is better"})
    frequency = fields.Enum(Frequency, by_value=True)
    accumulation = fields.Enum(Accumulation, by_value=True)
    source = _text(300)
    owner_ministry_id = fields.UUID(required=True)
    owner_person = _text(200)
    disaggregation = fields.List(
        fields.String(validate=validate.Length(min=1, max=40)), metadata={"description": "e.g. sex, region"}
    )
    decimals = fields.Integer(validate=validate.Range(min=0, max=6))
    extra = fields.Dict(metadata={"description": "the fields the delivery model adds to indicators"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class IndicatorPatchSchema(IndicatorSchema):
    """The same fields, all optional. Polarity, frequency and accumulation are fixed once data exists (409)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


class IndicatorQuerySchema(Schema):
    priority_id = fields.UUID(load_default=None)
    owner_ministry_id = fields.UUID(load_default=None)
    frequency = fields.Enum(Frequency, by_value=True, load_default=None)
    q = fields.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "code or name"})


class BaselineSchema(Schema):
    """Where the indicator started. Set once: it is never overwritten."""

    value = fields.Float(required=True, allow_nan=False)
    period = PeriodText(required=True)
    source = _text(300, load_default="")
    period_label = PeriodLabel()
    set_by = fields.String(dump_only=True)
    set_at = fields.DateTime(dump_only=True)


class TargetSchema(Schema):
    """A target revision. Revision 1 is the original; each later one says why it changed."""

    value = fields.Float(required=True, allow_nan=False)
    due = PeriodText(required=True)
    reason = _text(load_default="", metadata={"description": "required for every revision after the first"})
    revision = fields.Integer(dump_only=True)
    due_label = PeriodLabel("due")
    set_by = fields.String(dump_only=True)
    set_at = fields.DateTime(dump_only=True)


class IndicatorSheetSchema(IndicatorSchema):
    """The full technical sheet: the indicator with its baseline and its current target."""

    baseline = fields.Nested(BaselineSchema, dump_only=True, allow_none=True)
    target = fields.Nested(TargetSchema, dump_only=True, allow_none=True)
    target_revisions = fields.Integer(dump_only=True)
    trajectory_points = fields.Integer(dump_only=True)


class TrajectoryPointSchema(Schema):
    period = PeriodText(required=True)
    expected = fields.Float(required=True, allow_nan=False)
    period_label = PeriodLabel()


class TrajectorySchema(Schema):
    """The value the indicator is expected to reach in each period, after its baseline."""

    indicator_id = fields.UUID(dump_only=True)
    points = fields.List(fields.Nested(TrajectoryPointSchema), required=True)


class TrajectoryDraftSchema(Schema):
    """How to draw a trajectory from the baseline; the target's period and value unless others are given."""

    shape = fields.Enum(Shape, by_value=True, load_default=Shape.S_CURVE)
    end_period = PeriodText(load_default=None)
    end_value = fields.Float(load_default=None, allow_nan=False)
    steepness = fields.Float(
        load_default=8.0,
        validate=validate.Range(min=1, max=20),
        metadata={"description": "how sharply an S-curve speeds up in the middle"},
    )


class TrajectoryDraftOutSchema(Schema):
    indicator_id = fields.UUID()
    shape = fields.Enum(Shape, by_value=True)
    points = fields.List(fields.Nested(TrajectoryPointSchema))


# ---- measurements and evidence ---------------------------------------------------------------------------


class EvidenceSchema(Schema):
    id = fields.UUID()
    measurement_id = fields.UUID()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_by = fields.String()
    uploaded_at = fields.DateTime()


class EvidenceUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "PDF, PNG, JPEG, CSV, text, XLSX or DOCX, up to 10 MB"})


class MeasurementSchema(Schema):
    """One version of one period's value, with where it came from and where its review stands."""

    id = fields.UUID(dump_only=True)
    indicator_id = fields.UUID(dump_only=True)
    period = PeriodText(required=True)
    period_label = PeriodLabel()
    breakdown = fields.String(
        load_default="",
        validate=validate.Length(max=120),
        metadata={"description": 'empty for the total; "sex=female;region=north" for a part'},
    )
    version = fields.Integer(dump_only=True)
    value = fields.Float(required=True, allow_nan=False)
    source = _text(300, load_default="", metadata={"description": "defaults to the indicator's source"})
    note = _text(load_default="", metadata={"description": "required when the value puts the indicator off track"})
    entered_by = fields.String(dump_only=True)
    entered_at = fields.DateTime(dump_only=True)
    channel = fields.String(dump_only=True)
    on_time = fields.Boolean(dump_only=True)
    status = fields.Enum(MeasurementStatus, by_value=True, dump_only=True)
    reviewed_by = fields.String(dump_only=True, allow_none=True, metadata={"description": "null until reviewed"})
    reviewed_at = fields.DateTime(dump_only=True, allow_none=True)
    return_reason = fields.String(dump_only=True, allow_none=True, metadata={"description": "null unless returned"})


class MeasurementDetailSchema(MeasurementSchema):
    evidence = fields.List(fields.Nested(EvidenceSchema), dump_only=True)


class MeasurementQuerySchema(Schema):
    history = fields.Boolean(load_default=False, metadata={"description": "every version, not only the current"})
    period_from = PeriodText(load_default=None)
    period_to = PeriodText(load_default=None)
    status = fields.Enum(MeasurementStatus, by_value=True, load_default=None)
    breakdown = fields.String(
        load_default=None, validate=validate.Length(max=120), metadata={"description": "empty for totals only"}
    )


class CorrectionSchema(Schema):
    value = fields.Float(required=True, allow_nan=False)
    note = _text(required=True, metadata={"description": "why the value is corrected"})
    source = _text(300, load_default="")


class ReviewSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["validate", "publish", "return"]))
    reason = _text(load_default="", metadata={"description": "required to return a value"})


# ---- status and early warning ----------------------------------------------------------------------------


class QualitySchema(Schema):
    sheet = fields.Float(metadata={"description": "share of the technical sheet filled in"})
    timeliness = fields.Float(metadata={"description": "share of values in by their due date"})
    completeness = fields.Float(metadata={"description": "share of due periods that have a value"})
    evidence = fields.Float(metadata={"description": "share of values backed by evidence"})
    score = fields.Integer(metadata={"description": "0 to 100"})


class IndicatorStatusSchema(Schema):
    indicator_id = fields.UUID()
    code = fields.String()
    name = fields.Dict()
    rating = fields.Enum(CommonRating, by_value=True, allow_none=True)
    latest_period = fields.Date(allow_none=True)
    latest_period_label = fields.String(allow_none=True)
    latest_value = fields.Float(allow_none=True)
    progress = fields.Float(allow_none=True, metadata={"description": "the running sum for incremental indicators"})
    expected = fields.Float(allow_none=True, metadata={"description": "where the trajectory says it should be"})
    worsening = fields.Boolean()
    missing_count = fields.Integer()
    latest_missing = fields.Date(allow_none=True)
    quality = fields.Nested(QualitySchema)


class PlainDetail(fields.Dict):
    """A reason's figures as JSON: dates in ISO form, amounts as numbers."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        return {key: _plain(item) for key, item in value.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


class ReasonSchema(Schema):
    signal = fields.Enum(Signal, by_value=True)
    subject = fields.String(metadata={"description": "the indicator's code, the milestone or the programme"})
    detail = PlainDetail(metadata={"description": "the figures behind the signal"})


class PriorityStatusSchema(Schema):
    """Where a priority stands: its rating on the common scale, its warning level and why."""

    priority_id = fields.UUID()
    code = fields.String()
    name = fields.Dict()
    rating = fields.Enum(CommonRating, by_value=True, allow_none=True)
    level = fields.Enum(Level, by_value=True)
    quality = fields.Integer(allow_none=True)
    reasons = fields.List(fields.Nested(ReasonSchema))
    indicators = fields.List(fields.Nested(IndicatorStatusSchema))


class StatusQuerySchema(Schema):
    as_of = fields.Date(load_default=None, metadata={"description": "judge as on this day (default: today)"})


# ---- milestones and the delivery chain -------------------------------------------------------------------


class MilestoneSchema(Schema):
    id = fields.UUID(dump_only=True)
    priority_id = fields.UUID(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    owner_ministry_id = fields.UUID(allow_none=True)
    owner_person = _text(200)
    due_on = fields.Date(required=True)
    completed_on = fields.Date(allow_none=True)
    status = fields.Enum(MilestoneStatus, by_value=True)
    note = _text()


class MilestonePatchSchema(MilestoneSchema):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


class ChainLinkSchema(Schema):
    position = fields.Integer(dump_only=True, metadata={"description": "0 is closest to the minister"})
    actor = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = _text(load_default="", metadata={"description": "what this actor must do for the chain to hold"})
    ministry_id = fields.UUID(load_default=None, allow_none=True)
    weak = fields.Boolean(load_default=False)
    weakness = _text(load_default="", metadata={"description": "why the link is weak and what is being done"})


class ChainSchema(Schema):
    """A priority's delivery chain, in order from the ministry down to the frontline."""

    priority_id = fields.UUID(dump_only=True)
    links = fields.List(fields.Nested(ChainLinkSchema), required=True)


# ---- budget ----------------------------------------------------------------------------------------------


class BudgetProgrammeSchema(Schema):
    id = fields.UUID(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    ministry_id = fields.UUID(load_default=None, allow_none=True)


class BudgetProgrammeQuerySchema(Schema):
    ministry_id = fields.UUID(load_default=None)
    q = fields.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "code or name"})


MAX_AMOUNT = Decimal("9999999999999999.99")  # what the database's numeric(18, 2) holds


def _amount(**kwargs: Any) -> fields.Decimal:
    """An amount of money to the cent: read as a number or as its text, shown as text so that no cent is lost
    to floating point."""
    metadata = {
        "type": ["string", "number"], "pattern": r"^[0-9]+(\.[0-9]+)?$", "description": 'e.g. "1250000.50"',
        # As JSON numbers (apispec would copy the validators' Decimals, which come out as strings).
        "minimum": 0, "maximum": int(MAX_AMOUNT),
    }  # fmt: skip
    amounts = [
        validate.Range(min=0, error="Amounts cannot be negative."),
        validate.Range(max=MAX_AMOUNT, error=f"Amounts go up to {MAX_AMOUNT}."),
    ]
    return fields.Decimal(places=2, as_string=True, allow_nan=False, validate=amounts, metadata=metadata, **kwargs)


class BudgetEntrySchema(Schema):
    """Allocation and execution of a programme in one period (a month, a quarter or a fiscal year)."""

    period = fields.Date(required=True, metadata={"description": "the period's first day"})
    allocated = _amount(required=True)
    executed = _amount(load_default=Decimal(0))


class ProgrammeLinkSchema(Schema):
    programme_id = fields.UUID(required=True)
