"""Diagnostic waves and their answers: a government assessed on an instrument at a date, item by item, by
the government itself, by the technical-assistance team, or by both (each keeps its own answer)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Date, Enum, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from entrega.db import Base, utcnow
from entrega.tenancy.models import TenantScoped


class Assessor(enum.StrEnum):
    GOVERNMENT = "government"
    TECHNICAL_ASSISTANCE = "technical_assistance"


class DiagnosticWave(TenantScoped, Base):
    __tablename__ = "diagnostic_waves"
    __table_args__ = (UniqueConstraint("tenant_id", "instrument", "held_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    instrument: Mapped[str] = mapped_column(String(60))  # the instrument's key, from its plugin
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]  # a closed wave's answers no longer change


class DiagnosticAnswer(TenantScoped, Base):
    __tablename__ = "diagnostic_answers"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "wave_id"], ["diagnostic_waves.tenant_id", "diagnostic_waves.id"], ondelete="CASCADE"
        ),
    )

    wave_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(80), primary_key=True)
    assessor: Mapped[Assessor] = mapped_column(
        Enum(Assessor, name="assessor", native_enum=False, length=24, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
    )
    step: Mapped[str] = mapped_column(String(40))  # the key of the instrument's scale step
    evidence: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(300))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
