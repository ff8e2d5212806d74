"""The verbs that change a tenant's ministries: each validates, writes and audits in one transaction."""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import Select, Text, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from entrega.audit.services import record
from entrega.errors import Conflict
from entrega.extensions.extra_fields import validate_extra
from entrega.extensions.runtime import ResolvedModel
from entrega.tenancy.access import get_ministry
from entrega.tenancy.models import Ministry, MinistryKind, Tenant

ENTITY = "ministry"


def ministries_query(
    *,
    kind: MinistryKind | None = None,
    parent_id: uuid.UUID | None = None,
    top_level: bool = False,
    q: str | None = None,
) -> Select[Ministry]:
    statement = select(Ministry).order_by(Ministry.code)
    if kind is not None:
        statement = statement.where(Ministry.kind == kind)
    if parent_id is not None:
        statement = statement.where(Ministry.parent_id == parent_id)
    if top_level:
        statement = statement.where(Ministry.parent_id.is_(None))
    if q:
        pattern = f"%{q.lower()}%"
        # Names are JSON; matching their text form is enough for a search box.
        statement = statement.where(
            or_(func.lower(Ministry.code).like(pattern), func.lower(cast(Ministry.name, Text)).like(pattern))
        )
    return statement


def _check_languages(tenant: Tenant, name: dict[str, str]) -> None:
    foreign = sorted(set(name) - set(tenant.languages))
    if foreign:
        raise ValidationError(
            {"name": [f"Not one of this government's languages ({', '.join(tenant.languages)}): {', '.join(foreign)}."]}
        )


def _check_code_free(db_session: Session, code: str, ministry_id: uuid.UUID | None) -> None:
    clash = select(Ministry.id).where(Ministry.code == code)
    if ministry_id is not None:
        clash = clash.where(Ministry.id != ministry_id)
    if db_session.scalar(select(exists(clash))):
        raise ValidationError({"code": [f"Another ministry of this government already uses the code {code!r}."]})


def _check_parent(db_session: Session, parent_id: uuid.UUID | None, ministry_id: uuid.UUID | None) -> None:
    if parent_id is None:
        return
    if db_session.scalar(select(Ministry.id).where(Ministry.id == parent_id)) is None:
        raise ValidationError({"parent_id": ["No ministry of this government has that id."]})
    # Walk up from the new parent: meeting the ministry itself would close a cycle.
    node: uuid.UUID | None = parent_id
    while node is not None:
        if node == ministry_id:
            raise ValidationError({"parent_id": ["A ministry cannot sit under itself or its own agencies."]})
        node = db_session.scalar(select(Ministry.parent_id).where(Ministry.id == node))


def create_ministry(
    db_session: Session, tenant: Tenant, data: dict[str, Any], model: ResolvedModel | None = None
) -> Ministry:
    _check_languages(tenant, data["name"])
    extra = validate_extra(model, ENTITY, data.get("extra"))
    _check_code_free(db_session, data["code"], None)
    _check_parent(db_session, data.get("parent_id"), None)
    ministry = Ministry(
        code=data["code"],
        name=data["name"],
        acronym=data.get("acronym"),
        kind=data.get("kind") or MinistryKind.MINISTRY,
        parent_id=data.get("parent_id"),
        extra=extra,
    )
    db_session.add(ministry)
    db_session.flush()
    record(db_session, "create", ENTITY, ministry.id, None, ministry.as_audit())
    db_session.commit()
    return ministry


def update_ministry(
    db_session: Session, tenant: Tenant, ministry: Ministry, changes: dict[str, Any], model: ResolvedModel | None = None
) -> Ministry:
    before = ministry.as_audit()
    if "extra" in changes:
        changes = {**changes, "extra": validate_extra(model, ENTITY, changes["extra"])}
    if "name" in changes:
        _check_languages(tenant, changes["name"])
    if "code" in changes:
        _check_code_free(db_session, changes["code"], ministry.id)
    if "parent_id" in changes:
        _check_parent(db_session, changes["parent_id"], ministry.id)
    for field in ("code", "name", "acronym", "kind", "parent_id", "extra"):
        if field in changes:
            setattr(ministry, field, changes[field])
    after = ministry.as_audit()
    if after != before:
        record(db_session, "update", ENTITY, ministry.id, before, after)
        db_session.commit()
    return ministry


def delete_ministry(db_session: Session, ministry_id: uuid.UUID) -> None:
    ministry = get_ministry(db_session, ministry_id)
    if db_session.scalar(select(exists().where(Ministry.parent_id == ministry.id))):
        raise Conflict("Move or delete its agencies first: this ministry still has some under it.", "parent_id")
    before = ministry.as_audit()
    db_session.delete(ministry)
    record(db_session, "delete", ENTITY, ministry_id, before, None)
    db_session.commit()
