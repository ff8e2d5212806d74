"""The routines' tables: series of meetings on the model's cadence, their agendas, decisions and actions,
assessment rounds, data calls to ministries, and the reports rendered for them."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Enum, ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from entrega.db import Base, QueuedJob, StoredDocument, utcnow
from entrega.extensions.contract import Frequency
from entrega.tenancy.models import TenantScoped


def _enum(cls: type[enum.Enum], name: str, length: int = 16) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


def _same_tenant(column: str, table: str, *, ondelete: str = "RESTRICT") -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"], ondelete=ondelete)


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class AgendaKind(enum.StrEnum):
    OVERDUE_ACTION = "overdue_action"  # carried over from an earlier meeting, still open
    OFF_TRACK = "off_track"  # a priority off track or deteriorating
    MISSING_DATA = "missing_data"
    WATCH = "watch"  # a priority with a weaker signal
    OTHER = "other"  # added by the unit


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class ReportStatus(enum.StrEnum):
    QUEUED = "queued"
    RENDERING = "rendering"
    DONE = "done"
    FAILED = "failed"


class RoutineSeries(TenantScoped, Base):
    """A routine the unit holds on the model's cadence: the stocktakes with the leader, the Stat meetings."""

    __tablename__ = "routine_series"
    __table_args__ = (UniqueConstraint("tenant_id", "template"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    template: Mapped[str] = mapped_column(String(60))  # the model's routine template key
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    cadence: Mapped[Frequency] = mapped_column(_enum(Frequency, "cadence"))
    first_on: Mapped[date] = mapped_column(Date)
    chair: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Meeting(TenantScoped, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "series_id", "held_on"),
        _same_tenant("series_id", "routine_series", ondelete="CASCADE"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    series_id: Mapped[uuid.UUID]
    held_on: Mapped[date] = mapped_column(Date)
    status: Mapped[MeetingStatus] = mapped_column(_enum(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED)
    attendees: Mapped[list[str]] = mapped_column(default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgendaItem(TenantScoped, Base):
    __tablename__ = "agenda_items"
    __table_args__ = (
        _same_tenant("meeting_id", "meetings", ondelete="CASCADE"),
        Index("ix_agenda_items_meeting", "tenant_id", "meeting_id", "position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID]
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AgendaKind] = mapped_column(_enum(AgendaKind, "agenda_kind"))
    title: Mapped[str] = mapped_column(String(300))
    priority_id: Mapped[uuid.UUID | None]
    action_id: Mapped[uuid.UUID | None]
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the figures that put it on the agenda
    note: Mapped[str] = mapped_column(Text, default="")


class Decision(TenantScoped, Base):
    __tablename__ = "decisions"
    __table_args__ = (_same_tenant("meeting_id", "meetings", ondelete="CASCADE"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID]
    priority_id: Mapped[uuid.UUID | None]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Action(TenantScoped, Base):
    """A follow-up action: who does what by when. Open actions come back on every meeting until closed."""

    __tablename__ = "actions"
    __table_args__ = (
        _same_tenant("meeting_id", "meetings", ondelete="CASCADE"),
        _same_tenant("owner_ministry_id", "ministries"),
        Index("ix_actions_open", "tenant_id", "status", "due_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID]  # where it was agreed
    priority_id: Mapped[uuid.UUID | None]
    title: Mapped[str] = mapped_column(String(300))
    owner_ministry_id: Mapped[uuid.UUID]
    owner_person: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus, "action_status"), default=ActionStatus.OPEN)
    evidence: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessmentRound(TenantScoped, Base):
    """A round of judgements of every priority's likelihood of delivery (the PMDU: each six months)."""

    __tablename__ = "assessment_rounds"
    __table_args__ = (UniqueConstraint("tenant_id", "held_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assessment(TenantScoped, Base):
    """One judgement in a round: a priority, a judgement area ("" for the overall one), a level, a reason."""

    __tablename__ = "assessments"
    __table_args__ = (
        _same_tenant("round_id", "assessment_rounds", ondelete="CASCADE"),
        _same_tenant("priority_id", "priorities", ondelete="CASCADE"),
    )

    round_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    priority_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(60), primary_key=True)
    level: Mapped[str] = mapped_column(String(40))  # the model's rating level key
    rationale: Mapped[str] = mapped_column(Text, default="")
    assessed_by: Mapped[str] = mapped_column(String(300))
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DataCall(TenantScoped, Base):
    """A request to the ministries for one period's data, with a deadline and reminders."""

    __tablename__ = "data_calls"
    __table_args__ = (UniqueConstraint("tenant_id", "period", "frequency"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(200))
    period: Mapped[date] = mapped_column(Date)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency, "call_frequency"))
    deadline: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reminder(TenantScoped, Base):
    """A reminder sent to a ministry about a data call; one per ministry, call and day, so a retried job
    never sends it twice."""

    __tablename__ = "reminders"
    __table_args__ = (_same_tenant("data_call_id", "data_calls", ondelete="CASCADE"),)

    data_call_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    ministry_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sent_on: Mapped[date] = mapped_column(Date, primary_key=True)
    recipients: Mapped[list[str]] = mapped_column(default=list)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(TenantScoped, QueuedJob, StoredDocument, Base):
    """A PDF rendered from a report template for a subject (a meeting, a round), in one language.

    `fingerprint` hashes what went into it (template, subject, language, the data's state), so asking again
    for the same report returns the stored one instead of rendering it twice.
    """

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("tenant_id", "fingerprint"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    template: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[uuid.UUID | None]
    language: Mapped[str] = mapped_column(String(8))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus, "report_status"), default=ReportStatus.QUEUED)
