"""Institutions and their people are platform-level; an engagement belongs to both a government and an
institution, so it is a tenant row that its institution may also read (see the migration's policy)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from entrega.db import Base, QueuedJob, StoredDocument, utcnow
from entrega.tenancy.models import TenantScoped


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


class InstitutionRole(enum.StrEnum):
    SPECIALIST = "specialist"  # follows the institution's engagements
    MANAGER = "manager"  # also manages the institution's specialists


class EngagementKind(enum.StrEnum):
    LOAN = "loan"
    GRANT = "grant"
    TECHNICAL_ASSISTANCE = "technical_assistance"


class Institution(Base):
    __tablename__ = "institutions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InstitutionMember(Base):
    __tablename__ = "institution_members"

    institution_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[InstitutionRole] = mapped_column(_enum(InstitutionRole, "institution_role"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Engagement(TenantScoped, Base):
    """An operation linking an institution to a government: a loan, a grant, technical assistance."""

    __tablename__ = "engagements"
    __table_args__ = (UniqueConstraint("tenant_id", "institution_id", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(String(40))  # the institution's operation number, e.g. CH-L1234
    kind: Mapped[EngagementKind] = mapped_column(_enum(EngagementKind, "engagement_kind"))
    title: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ShareKind(enum.StrEnum):
    DIAGNOSTIC = "diagnostic"  # subject: an instrument's key
    PRIORITY_STATUS = "priority_status"  # subject: a priority's id
    INDICATOR_VALUES = "indicator_values"  # subject: an indicator's id
    REPORT = "report"  # subject: a report template's kind


EVERYTHING = "*"  # a share whose subject is every one of its kind, present and future


class Share(TenantScoped, Base):
    """One line of an engagement's sharing agreement: what the government lets the institution see.

    Granted and revoked by the government's unit head. The database admits the institution's reads of the
    government's rows only through live shares (see migration 0008), so revoking takes effect at once.
    """

    __tablename__ = "shares"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "engagement_id"], ["engagements.tenant_id", "engagements.id"], ondelete="CASCADE"
        ),
        Index("ix_shares_institution", "institution_id", "kind"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    engagement_id: Mapped[uuid.UUID]
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id", ondelete="RESTRICT"))
    kind: Mapped[ShareKind] = mapped_column(_enum(ShareKind, "share_kind"))
    subject: Mapped[str] = mapped_column(String(80))
    granted_by: Mapped[str] = mapped_column(String(300))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_by: Mapped[str | None] = mapped_column(String(300))
    revoked_at: Mapped[datetime | None]


class HealthSnapshot(TenantScoped, Base):
    """A government's delivery health on a day, on the common scale: what a bank's portfolio overview reads
    when the government shares its priorities' statuses (all of them)."""

    __tablename__ = "health_snapshots"

    taken_on: Mapped[date] = mapped_column(Date, primary_key=True)
    priorities: Mapped[int] = mapped_column(Integer)
    on_track: Mapped[int] = mapped_column(Integer)  # on track, or on track with issues
    not_rated: Mapped[int] = mapped_column(Integer)
    latest_value_at: Mapped[datetime | None]  # the freshest data
    meetings_planned: Mapped[int] = mapped_column(Integer)  # routine meetings due in the last twelve months
    meetings_held: Mapped[int] = mapped_column(Integer)
    actions_overdue: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RENDERING = "rendering"
    DONE = "done"
    FAILED = "failed"


class BankExport(QueuedJob, StoredDocument, Base):
    """A comparison a specialist asked for as a PDF, made by a background job.

    It belongs to the institution, not to any government: the database lets the application role see and
    change only the rows of the institution bound to the session (migration 0012). `query` holds the
    comparison's own query string, so the job draws exactly what the page showed.
    """

    __tablename__ = "bank_exports"
    __table_args__ = (Index("ix_bank_exports_institution", "institution_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"))
    query: Mapped[dict[str, str]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[ExportStatus] = mapped_column(_enum(ExportStatus, "export_status"), default=ExportStatus.QUEUED)
