"""A tenant's delivery model: which plugins, with what configuration, and the tenant's own overrides."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from entrega.db import Base, utcnow
from entrega.tenancy.models import TenantScoped


class TenantModel(TenantScoped, Base):
    """One row per tenant. Configurations are kept as the technical-assistance team wrote them
    (validated, not normalised), so that a tenant file round-trips exactly."""

    __tablename__ = "tenant_models"

    delivery_model: Mapped[str] = mapped_column(String(64))
    config: Mapped[dict[str, Any]]
    extensions: Mapped[list[dict[str, Any]]]  # [{"plugin": name, "config": {...}}], in order
    vocabulary: Mapped[dict[str, Any]]  # {language: {term key: [singular, plural]}}
    calendar: Mapped[dict[str, Any]]  # overrides of the model's calendar
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def as_config(self) -> dict[str, Any]:
        return {
            "delivery": self.delivery_model,
            "config": dict(self.config),
            "extensions": [dict(e) for e in self.extensions],
            "vocabulary": {lang: dict(terms) for lang, terms in self.vocabulary.items()},
            "calendar": dict(self.calendar),
        }
