"""The shared indicator library: common definitions (platform-level) that governments map their own
indicators to, saying how comparable theirs is, so values are compared across countries only where they
really are comparable."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, ForeignKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from entrega.db import Base, utcnow
from entrega.extensions.contract import Polarity
from entrega.tenancy.models import TenantScoped


class Comparability(enum.StrEnum):
    COMPARABLE = "comparable"  # same definition, formula and unit
    PARTIAL = "partial"  # close, with a difference the note states (coverage, source, year)
    NOT_COMPARABLE = "not_comparable"  # related, but its values must not be set side by side


class CommonIndicator(Base):
    __tablename__ = "common_indicators"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[dict[str, str]]
    definition: Mapped[dict[str, str]]
    unit: Mapped[str] = mapped_column(String(40))
    polarity: Mapped[Polarity] = mapped_column(
        Enum(
            Polarity,
            name="common_polarity",
            native_enum=False,
            length=8,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    reference: Mapped[str] = mapped_column(String(200))  # e.g. "SDG 3.2.1"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IndicatorMapping(TenantScoped, Base):
    """A government's indicator mapped to a common definition, with how comparable it is and why."""

    __tablename__ = "indicator_mappings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "indicator_id"], ["indicators.tenant_id", "indicators.id"], ondelete="CASCADE"
        ),
    )

    indicator_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    common_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("common_indicators.id", ondelete="RESTRICT"), index=True)
    comparability: Mapped[Comparability] = mapped_column(
        Enum(
            Comparability,
            name="comparability",
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    note: Mapped[str] = mapped_column(Text, default="")
    mapped_by: Mapped[str] = mapped_column(String(300))
    mapped_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
