"""Tenants (platform-level) and the first tenant-owned table: a government's ministries and agencies."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from entrega.db import Base, utcnow


class TenantLevel(enum.StrEnum):
    NATIONAL = "national"
    STATE = "state"
    MUNICIPAL = "municipal"


class TenantStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ARCHIVED = "archived"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as checked strings, not native enums, so SQLite and PostgreSQL hold the same values.
    return Enum(cls, name=name, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Tenant(Base):
    """One government: national, state or municipal. Platform-level, so it has no tenant_id."""

    __tablename__ = "tenants"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[TenantLevel] = mapped_column(_enum(TenantLevel, "tenant_level"))
    country: Mapped[str] = mapped_column(String(2))
    subdivision: Mapped[str | None] = mapped_column(String(6))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    default_locale: Mapped[str] = mapped_column(String(16))
    languages: Mapped[list[str]]
    time_zone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[TenantStatus] = mapped_column(_enum(TenantStatus, "tenant_status"))
    deletion_requested_at: Mapped[datetime | None]  # set: archived now, purged after the grace period
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parent: Mapped[Tenant | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"


class TenantScoped:
    """Mixin for every tenant-owned table: `tenant_id` leads the primary key.

    Row-level security (created in the migrations) and the ORM guards in `entrega.tenancy.binding`
    both key on this column.
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, sort_order=-100)


class MinistryKind(enum.StrEnum):
    MINISTRY = "ministry"
    SECRETARIAT = "secretariat"
    AGENCY = "agency"
    OFFICE = "office"


class Ministry(TenantScoped, Base):
    """A ministry, secretariat or agency of the government; agencies hang under their ministry."""

    __tablename__ = "ministries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        # Composite: a parent can only ever be a ministry of the same tenant.
        ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["ministries.tenant_id", "ministries.id"],
            ondelete="RESTRICT",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[dict[str, str]]
    acronym: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[MinistryKind] = mapped_column(_enum(MinistryKind, "ministry_kind"))
    parent_id: Mapped[uuid.UUID | None]
    # The delivery model's extra fields for ministries, validated by entrega.extensions.extra_fields.
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parent: Mapped[Ministry | None] = relationship(
        remote_side="[Ministry.tenant_id, Ministry.id]",
        foreign_keys="[Ministry.tenant_id, Ministry.parent_id]",
        back_populates="children",
        overlaps="children",
    )
    children: Mapped[list[Ministry]] = relationship(
        foreign_keys="[Ministry.tenant_id, Ministry.parent_id]",
        back_populates="parent",
        overlaps="parent",
        order_by="Ministry.code",
    )

    def display_name(self, locale: str, fallback: str) -> tuple[str, str]:
        """The name in `locale`, else in the tenant's `fallback`, else any; with the language used."""
        return pick_translation(self.name, locale, fallback)

    def as_audit(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": dict(self.name),
            "acronym": self.acronym,
            "kind": self.kind.value,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "extra": dict(self.extra or {}),
        }


def pick_translation(texts: dict[str, str], locale: str, fallback: str) -> tuple[str, str]:
    for lang in (locale, locale.split("_")[0], fallback):
        if texts.get(lang):
            return texts[lang], lang
    lang = next(iter(sorted(texts)), "")
    return texts.get(lang, ""), lang
