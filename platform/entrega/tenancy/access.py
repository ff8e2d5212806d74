"""Tenant-scoped lookups. Never fetch a tenant-owned row by a bare id anywhere else."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.errors import NotFound
from entrega.tenancy.models import Ministry, Tenant, TenantStatus


def active_tenant_by_slug(db_session: Session, slug: str) -> Tenant:
    """The active tenant with this slug; unknown, suspended and archived tenants are all just not found."""
    tenant = db_session.scalar(select(Tenant).where(Tenant.slug == slug, Tenant.status == TenantStatus.ACTIVE))
    if tenant is None:
        raise NotFound(slug)
    return tenant


def get_ministry(db_session: Session, ministry_id: uuid.UUID) -> Ministry:
    """A ministry of the bound tenant (the binding filters it, in the ORM and in PostgreSQL)."""
    ministry = db_session.scalar(select(Ministry).where(Ministry.id == ministry_id))
    if ministry is None:
        raise NotFound(str(ministry_id))
    return ministry


Scoped = TypeVar("Scoped", bound=Any)


def get_scoped(db_session: Session, cls: type[Scoped], row_id: uuid.UUID) -> Scoped:
    """A row of a tenant-owned class by id, inside the session's binding; another tenant's id is not found."""
    found = db_session.scalar(select(cls).where(cls.id == row_id))
    if found is None:
        raise NotFound(str(row_id))
    return found
