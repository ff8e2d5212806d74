"""A bank's page (its engagements with governments) and a government's page of its engagements."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select

from entrega import db
from entrega.bank import services
from entrega.bank.models import Engagement, EngagementKind, Institution, InstitutionMember
from entrega.identity.access import current_user
from entrega.identity.models import User
from entrega.identity.roles import INSTITUTION_ENDPOINT_ROLES
from entrega.tenancy.binding import bind_institution
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation

bp = Blueprint("bank_pages", __name__, url_prefix="/bank", template_folder="templates")
tenant_bp = tenant_from_path(
    Blueprint("bank_tenant", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates")
)

navigation.add("bank_tenant.engagements", _l("Engagements"), scope="tenant", order=94, permission="view")

KIND_LABELS = {
    EngagementKind.LOAN: _l("Loan"),
    EngagementKind.GRANT: _l("Grant"),
    EngagementKind.TECHNICAL_ASSISTANCE: _l("Technical assistance"),
}


@bp.get("/<institution_slug>/")
def institution(institution_slug: str) -> Any:
    user = current_user()
    if user is None:
        return redirect(url_for("identity_pages.sign_in_page", next=request.path))
    db_session = db.session()
    found = db_session.scalar(select(Institution).where(Institution.slug == institution_slug))
    member = db_session.get(InstitutionMember, (found.id, user.id)) if found else None
    allowed = INSTITUTION_ENDPOINT_ROLES[request.endpoint or ""]
    if found is None or ((member is None or member.role.value not in allowed) and not user.is_platform_admin):
        abort(404)  # not a member: no hint that the institution exists
    bind_institution(db_session, found.id)
    people = db_session.execute(
        select(User.name, User.email, InstitutionMember.role)
        .join(InstitutionMember, InstitutionMember.user_id == User.id)
        .where(InstitutionMember.institution_id == found.id)
        .order_by(User.name)
    ).all()
    return render_template(
        "bank/institution.html", institution=found, people=people,
        engagements=services.engagements_of_institution(db_session, found.id), kind_labels=KIND_LABELS,
    )  # fmt: skip


def _engagements_page(
    errors: dict[str, Any] | None = None, form: dict[str, str] | None = None, status: int = 200
) -> Any:
    db_session = db.session()
    rows = db_session.execute(
        select(Engagement, Institution)
        .join(Institution, Institution.id == Engagement.institution_id)
        .order_by(Engagement.starts_on.desc())
    ).all()
    institutions = list(db_session.scalars(select(Institution).order_by(Institution.name)))
    return render_template(
        "bank/engagements.html", tenant=current_tenant(), rows=rows, institutions=institutions,
        kind_labels=KIND_LABELS, errors=errors or {}, form=form or {},
    ), status  # fmt: skip


@tenant_bp.get("/engagements")
def engagements() -> Any:
    return _engagements_page()


@tenant_bp.post("/engagements")
def add_engagement() -> Any:
    form = request.form.to_dict()
    db_session = db.session()
    try:
        services.add_engagement(db_session, form)
    except ValidationError as error:
        db_session.rollback()
        return _engagements_page(error.messages, form, 422)  # type: ignore[arg-type]
    db_session.commit()
    flash(_("The engagement was recorded."), "status")
    return redirect(url_for("bank_tenant.engagements"))
