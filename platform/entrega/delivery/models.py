"""The delivery workspace's tables: priorities and their indicators, the path each should follow, the data
that shows whether it does, and the plan and money behind it.

Every table is tenant-owned (tenant_id leads the key; every foreign key carries it). What must never be
overwritten is kept so by the database too: baselines, target revisions, measurement versions and evidence
are insert-only for the application role, and only a measurement's review columns may change
(see migration 0007).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from entrega.db import Base, QueuedJob, utcnow
from entrega.extensions.contract import Frequency, Polarity
from entrega.tenancy.models import TenantScoped


def _enum(cls: type[enum.Enum], name: str, length: int = 16) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


def _same_tenant(column: str, table: str, *, ondelete: str = "RESTRICT") -> ForeignKeyConstraint:
    # Composite with tenant_id: a row can only ever point at a row of its own government.
    return ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"], ondelete=ondelete)


class Accumulation(enum.StrEnum):
    LEVEL = "level"  # each value is the state at the end of the period (a rate, a stock)
    CUMULATIVE = "cumulative"  # each value is the running total since the baseline
    INCREMENTAL = "incremental"  # each value is what happened in that period; progress is their sum


class MeasurementStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    PUBLISHED = "published"
    RETURNED = "returned"


class MilestoneStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class ImportKind(enum.StrEnum):
    INDICATORS = "indicators"
    MEASUREMENTS = "measurements"


class ImportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    REJECTED = "rejected"  # some rows are invalid: nothing was written, the report says why
    DONE = "done"
    FAILED = "failed"  # the job itself broke; nothing was written


class Priority(TenantScoped, Base):
    """A government goal: what the government is trying to do, how, and what it will do if it slips."""

    __tablename__ = "priorities"
    __table_args__ = (UniqueConstraint("tenant_id", "code"), _same_tenant("owner_ministry_id", "ministries"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[dict[str, str]]
    aim: Mapped[str] = mapped_column(Text, default="")  # what are we trying to do?
    approach: Mapped[str] = mapped_column(Text, default="")  # how are we planning to do it?
    recovery: Mapped[str] = mapped_column(Text, default="")  # if we are not on track, what will we do?
    owner_ministry_id: Mapped[uuid.UUID]
    sponsor: Mapped[str] = mapped_column(String(200), default="")  # the minister or official who answers for it
    plan_alignment: Mapped[str] = mapped_column(String(300), default="")  # e.g. "Axis 2 › Objective 2.3"
    sdg_targets: Mapped[list[str]] = mapped_column(default=list)  # e.g. ["3.2", "4.1"]
    position: Mapped[int] = mapped_column(Integer, default=0)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Indicator(TenantScoped, Base):
    """How the unit knows whether a priority is on track: the indicator and its technical sheet."""

    __tablename__ = "indicators"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        _same_tenant("priority_id", "priorities"),
        _same_tenant("owner_ministry_id", "ministries"),
        Index("ix_indicators_priority", "tenant_id", "priority_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    priority_id: Mapped[uuid.UUID]
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[dict[str, str]]
    definition: Mapped[str] = mapped_column(Text, default="")
    formula: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    polarity: Mapped[Polarity] = mapped_column(_enum(Polarity, "polarity", 8))
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency, "frequency"))
    accumulation: Mapped[Accumulation] = mapped_column(_enum(Accumulation, "accumulation"))
    source: Mapped[str] = mapped_column(String(300), default="")
    owner_ministry_id: Mapped[uuid.UUID]
    owner_person: Mapped[str] = mapped_column(String(200), default="")
    disaggregation: Mapped[list[str]] = mapped_column(default=list)  # e.g. ["sex", "region"]
    decimals: Mapped[int] = mapped_column(Integer, default=1)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Baseline(TenantScoped, Base):
    """Where an indicator started. Set once: insert-only for the application role."""

    __tablename__ = "baselines"
    __table_args__ = (ForeignKeyConstraint(["tenant_id", "indicator_id"], ["indicators.tenant_id", "indicators.id"]),)

    indicator_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    period: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    set_by: Mapped[str] = mapped_column(String(300))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class TargetRevision(TenantScoped, Base):
    """An indicator's target. Revision 1 is the original; each revision keeps its date and reason."""

    __tablename__ = "target_revisions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "indicator_id", "revision"),
        ForeignKeyConstraint(["tenant_id", "indicator_id"], ["indicators.tenant_id", "indicators.id"]),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    indicator_id: Mapped[uuid.UUID]
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    due: Mapped[date] = mapped_column(Date)  # the period by which the target must be met
    reason: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[str] = mapped_column(String(300))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class TrajectoryPoint(TenantScoped, Base):
    """The value an indicator is expected to reach in one period."""

    __tablename__ = "trajectory_points"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "indicator_id"], ["indicators.tenant_id", "indicators.id"], ondelete="CASCADE"
        ),
    )

    indicator_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    expected: Mapped[float] = mapped_column(Float)


class Measurement(TenantScoped, Base):
    """One version of an indicator's value for one period. A correction is a new version; none is overwritten."""

    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "indicator_id", "period", "breakdown", "version"),
        ForeignKeyConstraint(["tenant_id", "indicator_id"], ["indicators.tenant_id", "indicators.id"]),
        Index("ix_measurements_indicator_period", "tenant_id", "indicator_id", "period"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    indicator_id: Mapped[uuid.UUID]
    period: Mapped[date] = mapped_column(Date)  # the first day of the period
    breakdown: Mapped[str] = mapped_column(String(120), default="")  # "" is the total; "sex=female" a part
    version: Mapped[int] = mapped_column(Integer, default=1)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(300))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[str] = mapped_column(String(60), default="page")  # page, api, import:<id>
    # Whether the period's first version came in by its due date; corrections keep the first version's.
    on_time: Mapped[bool] = mapped_column(Boolean, default=True)
    # The review columns: the only ones the application role may update.
    status: Mapped[MeasurementStatus] = mapped_column(
        _enum(MeasurementStatus, "measurement_status"), default=MeasurementStatus.SUBMITTED
    )
    reviewed_by: Mapped[str | None] = mapped_column(String(300))
    reviewed_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(Text)


class Evidence(TenantScoped, Base):
    """A file that backs a measurement (a spreadsheet from the source, a signed report). Insert-only."""

    __tablename__ = "evidence"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "measurement_id"], ["measurements.tenant_id", "measurements.id"]),
        Index("ix_evidence_measurement", "tenant_id", "measurement_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    measurement_id: Mapped[uuid.UUID]
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(String(300))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Milestone(TenantScoped, Base):
    """A step of a priority's delivery plan, with the ministry and the person who answer for it."""

    __tablename__ = "milestones"
    __table_args__ = (
        _same_tenant("priority_id", "priorities", ondelete="CASCADE"),
        _same_tenant("owner_ministry_id", "ministries"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    priority_id: Mapped[uuid.UUID]
    title: Mapped[str] = mapped_column(String(300))
    owner_ministry_id: Mapped[uuid.UUID | None]
    owner_person: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[MilestoneStatus] = mapped_column(_enum(MilestoneStatus, "milestone_status"))
    note: Mapped[str] = mapped_column(Text, default="")


class ChainLink(TenantScoped, Base):
    """One actor of a priority's delivery chain, from the ministry down to the frontline."""

    __tablename__ = "chain_links"
    __table_args__ = (
        _same_tenant("priority_id", "priorities", ondelete="CASCADE"),
        _same_tenant("ministry_id", "ministries"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    priority_id: Mapped[uuid.UUID]
    position: Mapped[int] = mapped_column(Integer)  # 0 is closest to the minister
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(Text, default="")  # what this actor must do for the chain to hold
    ministry_id: Mapped[uuid.UUID | None]
    weak: Mapped[bool] = mapped_column(Boolean, default=False)
    weakness: Mapped[str] = mapped_column(Text, default="")  # why the link is weak and what is being done


class BudgetProgramme(TenantScoped, Base):
    """A programme of the budget law: the money behind one or more priorities."""

    __tablename__ = "budget_programmes"
    __table_args__ = (UniqueConstraint("tenant_id", "code"), _same_tenant("ministry_id", "ministries"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    ministry_id: Mapped[uuid.UUID | None]


class BudgetEntry(TenantScoped, Base):
    """Allocation and execution of a programme in one period (a month, a quarter or a fiscal year)."""

    __tablename__ = "budget_entries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "programme_id"], ["budget_programmes.tenant_id", "budget_programmes.id"], ondelete="CASCADE"
        ),
    )

    programme_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    allocated: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    executed: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))


class PriorityProgramme(TenantScoped, Base):
    """Which budget programmes fund which priority."""

    __tablename__ = "priority_programmes"
    __table_args__ = (
        _same_tenant("priority_id", "priorities", ondelete="CASCADE"),
        _same_tenant("programme_id", "budget_programmes", ondelete="CASCADE"),
    )

    priority_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    programme_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class DataImport(TenantScoped, QueuedJob, Base):
    """An uploaded Excel or CSV file of indicators or measurements, checked row by row, written all or nothing."""

    __tablename__ = "data_imports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[ImportKind] = mapped_column(_enum(ImportKind, "import_kind"))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[ImportStatus] = mapped_column(_enum(ImportStatus, "import_status"), default=ImportStatus.QUEUED)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    written_rows: Mapped[int] = mapped_column(Integer, default=0)
    # Row by row: [{"row": 7, "field": "value", "reason": "…"}]; kept whole for the downloadable report.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # A focal point's import writes only their ministry's indicators (None: any ministry, the unit's staff);
    # kept on the row because a queued import may run long after the request, handed over by the sweep.
    entrant_ministry_id: Mapped[uuid.UUID | None]


class PrioritySnapshot(TenantScoped, Base):
    """A priority's judgement as it stood on a day: kept to show change over time, and what a government
    shares with a bank (the bank reads these, never the raw data behind them unless that is shared too)."""

    __tablename__ = "priority_snapshots"
    __table_args__ = (_same_tenant("priority_id", "priorities", ondelete="CASCADE"),)

    priority_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    taken_on: Mapped[date] = mapped_column(Date, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[dict[str, str]]
    rating: Mapped[str | None] = mapped_column(String(24))  # on the common scale; None when not rated
    level: Mapped[str] = mapped_column(String(8))  # alert, watch, clear
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    quality: Mapped[int | None] = mapped_column(Integer)
    latest_value_at: Mapped[datetime | None]  # when its freshest value came in: the data's freshness
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
