"""The one cross-tenant path: its own database role, and every use of it audited.

Platform work that must see several tenants (applying tenant files, the bank's view, platform jobs)
comes through here, never through the application role with the binding left off: under that role no
binding means no rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from entrega.audit.services import record_platform
from entrega.db import Engines, EntregaSession


@contextmanager
def cross_tenant_session(
    engines: Engines, *, reason: str, subject_tenant: str | None = None
) -> Iterator[EntregaSession]:
    """A session of the platform role; its opening is audited in a transaction of its own first."""
    with engines.PlatformSession(info={"cross_tenant": True}) as audit_session:
        record_platform(
            audit_session,
            "cross_tenant_access",
            "session",
            None,
            subject_tenant=subject_tenant,
            reason=reason,
        )
        audit_session.commit()
    with engines.PlatformSession(info={"cross_tenant": True}) as db_session:
        yield db_session
