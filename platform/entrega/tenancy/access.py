"""Tenant-scoped lookups. Never fetch a tenant-owned row by a bare id anywhere else."""

from __future__ import annotations

import uuid

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
