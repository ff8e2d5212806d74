"""Recording audit entries, in the same transaction as the change they describe."""

from __future__ import annotations

import contextvars
import getpass
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy.orm import Session

from entrega.audit.models import AuditEvent, PlatformAuditEvent

_actor: contextvars.ContextVar[str | None] = contextvars.ContextVar("entrega_actor", default=None)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Name who is acting outside a request: the CLI, a job, a benchmark."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> str:
    explicit = _actor.get()
    if explicit:
        return explicit
    if has_request_context():
        actor = g.get("actor")
        if actor:
            return str(actor)
        return f"anonymous@{request.remote_addr or 'unknown'}"
    try:
        return f"system:{getpass.getuser()}"
    except (KeyError, OSError):
        return "system"


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return None


def record(
    db_session: Session,
    action: str,
    entity: str,
    entity_id: object | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    tenant_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Audit a change to a tenant-owned row.

    Inside a tenant's binding the tenant is stamped; on the cross-tenant path it must be named.
    """
    event = AuditEvent(
        tenant_id=tenant_id,
        actor=current_actor(),
        action=action,
        entity=entity,
        entity_id=str(entity_id) if entity_id is not None else None,
        before=before,
        after=after,
        request_id=current_request_id(),
    )
    db_session.add(event)
    return event


def record_platform(
    db_session: Session,
    action: str,
    entity: str,
    entity_id: object | None,
    *,
    subject_tenant: str | None = None,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> PlatformAuditEvent:
    event = PlatformAuditEvent(
        actor=current_actor(),
        action=action,
        entity=entity,
        entity_id=str(entity_id) if entity_id is not None else None,
        subject_tenant=subject_tenant,
        reason=reason,
        before=before,
        after=after,
        request_id=current_request_id(),
    )
    db_session.add(event)
    return event
