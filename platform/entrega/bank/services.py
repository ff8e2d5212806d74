"""Institutions, their people, and engagements; each change audited."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import record, record_platform
from entrega.bank.models import Engagement, EngagementKind, Institution, InstitutionMember, InstitutionRole
from entrega.identity.models import User

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$")


def create_institution(db_session: Session, slug: str, name: str) -> Institution:
    if not SLUG.match(slug):
        raise ValidationError({"slug": ["Use 2 to 40 lower-case letters, digits and hyphens, starting with a letter."]})
    if not name.strip():
        raise ValidationError({"name": ["Give the institution's name."]})
    if db_session.scalar(select(Institution.id).where(Institution.slug == slug)) is not None:
        raise ValidationError({"slug": [f"An institution {slug!r} exists already."]})
    institution = Institution(slug=slug, name=name.strip())
    db_session.add(institution)
    db_session.flush()
    record_platform(db_session, "create", "institution", institution.id, after={"slug": slug, "name": institution.name})
    return institution


def add_institution_member(db_session: Session, institution: Institution, user: User, role: InstitutionRole) -> None:
    member = db_session.get(InstitutionMember, (institution.id, user.id))
    before = {"role": member.role.value} if member else None
    if member is None:
        member = InstitutionMember(institution_id=institution.id, user_id=user.id, role=role)
        db_session.add(member)
    member.role = role
    record_platform(db_session, "create" if before is None else "update", "institution_member", user.id,
                    subject_tenant=None, reason=institution.slug, before=before, after={"role": role.value})  # fmt: skip


def institutions_of(db_session: Session, user_id: uuid.UUID) -> list[tuple[Institution, InstitutionRole]]:
    rows = db_session.execute(
        select(Institution, InstitutionMember.role)
        .join(InstitutionMember, InstitutionMember.institution_id == Institution.id)
        .where(InstitutionMember.user_id == user_id)
        .order_by(Institution.name)
    )
    return [(row[0], row[1]) for row in rows]


def add_engagement(db_session: Session, form: dict[str, Any]) -> Engagement:
    """A government's unit head links it to an institution's operation (inside the government's binding)."""
    errors: dict[str, list[str]] = {}
    institution = db_session.scalar(select(Institution).where(Institution.slug == form.get("institution", "")))
    if institution is None:
        errors["institution"] = ["Choose an institution from the list."]
    code = (form.get("code") or "").strip()
    if not CODE.match(code):
        errors["code"] = ["Give the operation number: letters, digits and / . _ - only, up to 40 characters."]
    try:
        kind = EngagementKind(form.get("kind", ""))
    except ValueError:
        errors["kind"] = ["Choose loan, grant or technical assistance."]
    title = (form.get("title") or "").strip()
    if not 1 <= len(title) <= 300:
        errors["title"] = ["Give a title of 1 to 300 characters."]
    starts_on = _date(form.get("starts_on"), "starts_on", errors, required=True)
    ends_on = _date(form.get("ends_on"), "ends_on", errors, required=False)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = ["The end comes before the start."]
    if (
        institution is not None
        and not errors
        and db_session.scalar(
            select(Engagement.id).where(Engagement.institution_id == institution.id, Engagement.code == code)
        )
    ):
        errors["code"] = ["This operation is already recorded for this government."]
    if errors:
        raise ValidationError(errors)
    assert institution is not None and starts_on is not None
    engagement = Engagement(
        institution_id=institution.id, code=code, kind=kind, title=title, starts_on=starts_on, ends_on=ends_on
    )
    db_session.add(engagement)
    db_session.flush()
    record(db_session, "create", "engagement", engagement.id, None,
           {"institution": institution.slug, "code": code, "kind": kind.value, "title": title,
            "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat() if ends_on else None})  # fmt: skip
    return engagement


def _date(raw: Any, field: str, errors: dict[str, list[str]], *, required: bool) -> date | None:
    if not raw:
        if required:
            errors[field] = ["Give a date."]
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        errors[field] = ["Not a date (YYYY-MM-DD)."]
        return None


def engagements_of_institution(db_session: Session, institution_id: uuid.UUID) -> list[dict[str, Any]]:
    """The institution's engagements with every government.

    A Core query outside the ORM's tenant guard: PostgreSQL admits these rows through the
    `institution_side` policy for the bound institution only, and the WHERE clause says the same on SQLite.
    """
    from entrega.tenancy.models import Tenant

    table = Engagement.__table__
    tenants = Tenant.__table__
    statement = (
        select(
            table.c.code,
            table.c.kind,
            table.c.title,
            table.c.starts_on,
            table.c.ends_on,
            tenants.c.name,
            tenants.c.slug,
        )
        .join(tenants, tenants.c.id == table.c.tenant_id)
        .where(table.c.institution_id == institution_id)
        .order_by(tenants.c.name, table.c.code)
    )
    return [dict(row._mapping) for row in db_session.execute(statement)]
