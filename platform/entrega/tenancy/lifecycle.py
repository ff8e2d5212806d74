"""A tenant's end: deletion is requested, the tenant disappears at once, and after a grace period every
row is purged, with a count per table that proves nothing is left."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, func, select

from entrega.audit.services import record_platform
from entrega.db import Engines, utcnow
from entrega.tenancy.archive import tenant_tables
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant, TenantStatus

DEFAULT_GRACE = timedelta(days=30)


class LifecycleError(ValueError):
    pass


def request_deletion(engines: Engines, slug: str) -> None:
    with cross_tenant_session(engines, reason="tenant deletion requested", subject_tenant=slug) as db_session:
        tenant = db_session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None:
            raise LifecycleError(f"no tenant {slug!r}")
        before = tenant.status.value
        tenant.status = TenantStatus.ARCHIVED  # from now on every address of the tenant answers 404
        tenant.deletion_requested_at = utcnow()
        record_platform(db_session, "delete_requested", "tenant", tenant.id, subject_tenant=slug,
                        before={"status": before}, after={"status": "archived"})  # fmt: skip
        db_session.commit()


def cancel_deletion(engines: Engines, slug: str) -> None:
    with cross_tenant_session(engines, reason="tenant deletion cancelled", subject_tenant=slug) as db_session:
        tenant = db_session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None or tenant.deletion_requested_at is None:
            raise LifecycleError(f"{slug!r} is not waiting for deletion")
        tenant.deletion_requested_at = None
        tenant.status = TenantStatus.ACTIVE
        record_platform(db_session, "delete_cancelled", "tenant", tenant.id, subject_tenant=slug)
        db_session.commit()


def purge_due(
    engines: Engines, grace: timedelta = DEFAULT_GRACE, reports: Path | None = None
) -> dict[str, dict[str, int]]:
    """Purge every tenant whose grace period has passed; returns, per tenant, the rows left in each table
    after the purge (all zero, or the purge is rolled back). Its rendered reports under `reports` go too,
    once the rows are gone."""
    proofs: dict[str, dict[str, int]] = {}
    purged: list[uuid.UUID] = []
    with cross_tenant_session(engines, reason="tenant purge") as db_session:
        due = list(
            db_session.scalars(
                select(Tenant).where(
                    Tenant.deletion_requested_at.is_not(None), Tenant.deletion_requested_at <= utcnow() - grace
                )
            )
        )
        for tenant in due:
            if db_session.scalar(select(func.count()).select_from(Tenant).where(Tenant.parent_id == tenant.id)):
                raise LifecycleError(f"{tenant.slug} still has governments under it; purge or move them first")
            removed: dict[str, int] = {}
            for table in reversed(tenant_tables()):
                # Self-references (agencies under ministries) are cut first so that no row blocks another.
                for fk in table.foreign_keys:
                    if fk.column.table is table and fk.parent.name != "tenant_id":
                        db_session.execute(
                            table.update().where(table.c.tenant_id == tenant.id).values({fk.parent.name: None})
                        )
                result = db_session.execute(delete(table).where(table.c.tenant_id == tenant.id))
                removed[table.name] = int(getattr(result, "rowcount", 0))
            db_session.execute(delete(Tenant).where(Tenant.id == tenant.id))
            left = {
                table.name: int(
                    db_session.scalar(select(func.count()).select_from(table).where(table.c.tenant_id == tenant.id))
                    or 0
                )
                for table in tenant_tables()
            }
            left["tenants"] = int(
                db_session.scalar(select(func.count()).select_from(Tenant).where(Tenant.id == tenant.id)) or 0
            )
            if any(left.values()):
                db_session.rollback()
                raise LifecycleError(f"{tenant.slug}: rows survived the purge: {left}")
            record_platform(db_session, "purged", "tenant", tenant.id, subject_tenant=tenant.slug,
                            before={"rows": removed}, after={"rows_left": left})  # fmt: skip
            proofs[tenant.slug] = left
            purged.append(tenant.id)
        db_session.commit()
    if reports is not None:
        from entrega.reports.storage import ReportStorage

        for tenant_id in purged:
            ReportStorage(reports).remove_government(tenant_id)
    return proofs
