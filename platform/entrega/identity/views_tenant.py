"""A government's identity pages: its sign-in, invitations, members, the member's API tokens, the audit log."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import Select, func, select

from entrega import db, jobs
from entrega.audit.models import AuditEvent
from entrega.delivery.spreadsheets import safe_text
from entrega.errors import Conflict
from entrega.identity import services
from entrega.identity.access import current_principal, current_user
from entrega.identity.access import sign_in as start_session
from entrega.identity.models import ApiToken, Invitation, Membership, User
from entrega.identity.roles import ROLE_LABELS, Role, may_grant
from entrega.identity.views_auth import password_sign_in, safe_next, tenant_provider
from entrega.tenancy.models import Ministry
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation

bp = tenant_from_path(
    Blueprint("identity_tenant", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates")
)

navigation.add("identity_tenant.members", _l("Members"), scope="tenant", order=96, permission="manage_members")
navigation.add("identity_tenant.audit", _l("Audit log"), scope="tenant", order=97, permission="view_audit")
navigation.add("identity_tenant.tokens", _l("API tokens"), scope="tenant", order=98, permission="view")

AUDIT_PAGE = 50


# -- sign-in and invitations -----------------------------------------------------------------------
@bp.get("/signin")
def sign_in() -> Any:
    tenant = current_tenant()
    return render_template(
        "identity/tenant_signin.html",
        tenant=tenant,
        provider=tenant_provider(tenant),
        next=request.args.get("next", ""),
        error=None,
    )


@bp.post("/signin")
def sign_in_post() -> Any:
    tenant = current_tenant()
    if tenant_provider(tenant) is not None:
        abort(404)  # a government with its own provider has no local passwords
    user, error = password_sign_in(url_for("tenancy_pages.overview"))
    if user is None:
        return render_template(
            "identity/tenant_signin.html", tenant=tenant, provider=None, next=request.form.get("next", ""), error=error
        ), 401
    start_session(user)
    return redirect(safe_next(request.form.get("next"), url_for("tenancy_pages.overview")))


@bp.get("/invitations/<token>")
def invitation(token: str) -> Any:
    found = services.open_invitation(db.session(), token)
    if found is None:
        abort(404)
    tenant = current_tenant()
    return render_template(
        "identity/invitation.html", tenant=tenant, invitation=found, token=token, provider=tenant_provider(tenant),
        user=current_user(), role_labels=ROLE_LABELS, errors={},
    )  # fmt: skip


@bp.post("/invitations/<token>")
def accept_invitation(token: str) -> Any:
    db_session = db.session()
    found = services.open_invitation(db_session, token)
    if found is None:
        abort(404)
    tenant = current_tenant()
    user = current_user()
    try:
        if user is None:
            if tenant_provider(tenant) is not None:
                abort(400)  # with a provider, the person signs in there first
            user = services.create_user(
                db_session, found.email, request.form.get("name", "") or found.email, request.form.get("password", "")
            )
        elif user.email != found.email:
            raise ValidationError({"email": [_("This invitation was sent to another e-mail address.")]})
        services.accept_invitation(db_session, found, user)
    except (ValidationError, Conflict) as error:
        db_session.rollback()
        messages = error.messages if isinstance(error, ValidationError) else {"email": [error.message]}
        return render_template(
            "identity/invitation.html", tenant=tenant, invitation=found, token=token, provider=None,
            user=current_user(), role_labels=ROLE_LABELS, errors=messages,
        ), 422  # fmt: skip
    db_session.commit()
    start_session(user)
    return redirect(url_for("tenancy_pages.overview"))


# -- members ---------------------------------------------------------------------------------------
def _members_page(errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    db_session = db.session()
    members = db_session.execute(
        select(Membership, User).join(User, User.id == Membership.user_id).order_by(User.name)
    ).all()
    pending = list(
        db_session.scalars(
            select(Invitation)
            .where(Invitation.accepted_at.is_(None), Invitation.expires_at > services.now())
            .order_by(Invitation.created_at)
        )
    )
    ministries = list(db_session.scalars(select(Ministry).order_by(Ministry.code)))
    return render_template(
        "identity/members.html", tenant=current_tenant(), members=members, pending=pending, ministries=ministries,
        role_labels=ROLE_LABELS, errors=errors or {},
    ), status  # fmt: skip


@bp.get("/members")
def members() -> Any:
    return _members_page()


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError({"role": [_("Choose one of the roles.")]}) from None


def _ministry(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        raise ValidationError({"ministry_id": [_("Choose a ministry from the list.")]}) from None


@bp.post("/members/invite")
def invite() -> Any:
    db_session = db.session()
    inviter = current_user()
    assert inviter is not None
    try:
        invitation, raw = services.invite(
            db_session, request.form.get("email", ""), _role(request.form.get("role", "")),
            _ministry(request.form.get("ministry_id", "")), inviter,
        )  # fmt: skip
    except ValidationError as error:
        db_session.rollback()
        return _members_page(error.messages, 422)  # type: ignore[arg-type]
    db_session.commit()
    link = _external_url("identity_tenant.invitation", token=raw)
    jobs.enqueue("identity.send_invitation", current_tenant().id, str(invitation.id), link, inviter.name)
    flash(_("The invitation was sent to %(email)s.", email=invitation.email), "status")
    return redirect(url_for("identity_tenant.members"))


def _external_url(endpoint: str, **values: Any) -> str:
    public = current_app.extensions["entrega.settings"].public_url
    if public:
        return public.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@bp.post("/members/<uuid:user_id>")
def change_member(user_id: uuid.UUID) -> Any:
    db_session = db.session()
    membership = services.membership_of(db_session, user_id)
    if membership is None:
        abort(404)
    principal = current_principal()
    if principal is not None and principal.user.id == user_id and request.form.get("action") == "remove":
        return _members_page({"member": [_("You cannot remove yourself; ask another unit head.")]}, 422)
    try:
        if request.form.get("action") == "remove":
            services.remove_member(db_session, membership)
        else:
            services.change_member(
                db_session,
                membership,
                _role(request.form.get("role", "")),
                _ministry(request.form.get("ministry_id", "")),
            )
    except ValidationError as error:
        db_session.rollback()
        return _members_page(error.messages, 422)  # type: ignore[arg-type]
    db_session.commit()
    flash(_("The membership was updated."), "status")
    return redirect(url_for("identity_tenant.members"))


# -- API tokens ------------------------------------------------------------------------------------
def _tokens_page(new_token: str | None = None, errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    principal = current_principal()
    assert principal is not None
    tokens = list(
        db.session().scalars(
            select(ApiToken).where(ApiToken.user_id == principal.user.id).order_by(ApiToken.created_at.desc())
        )
    )
    grantable = [role for role in Role if principal.role is not None and may_grant(principal.role, role)]
    return render_template(
        "identity/tokens.html", tenant=current_tenant(), tokens=tokens, new_token=new_token, grantable=grantable,
        role_labels=ROLE_LABELS, errors=errors or {}, now=services.now(),
    ), status  # fmt: skip


@bp.get("/tokens")
def tokens() -> Any:
    return _tokens_page()


@bp.post("/tokens")
def create_token() -> Any:
    principal = current_principal()
    assert principal is not None
    db_session = db.session()
    try:
        role = _role(request.form.get("role", ""))
        if principal.role is None or not may_grant(principal.role, role):
            raise ValidationError({"role": [_("A token cannot carry more than your own role.")]})
        days = int(request.form.get("days", "90") or 90)
        _token, raw = services.create_token(db_session, principal.user, request.form.get("name", ""), role, days)
    except ValueError:
        return _tokens_page(errors={"days": [_("Give a number of days.")]}, status=422)
    except ValidationError as error:
        db_session.rollback()
        return _tokens_page(errors=error.messages, status=422)  # type: ignore[arg-type]
    db_session.commit()
    # Shown once, on this response only; it is never stored in clear or shown again.
    return _tokens_page(new_token=raw)


@bp.post("/tokens/<uuid:token_id>/revoke")
def revoke_token(token_id: uuid.UUID) -> Any:
    principal = current_principal()
    assert principal is not None
    db_session = db.session()
    token = db_session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == principal.user.id))
    if token is None:
        abort(404)
    services.revoke_token(db_session, token)
    db_session.commit()
    flash(_("The token was revoked."), "status")
    return redirect(url_for("identity_tenant.tokens"))


# -- audit log -------------------------------------------------------------------------------------
def _audit_query() -> tuple[Select[AuditEvent], dict[str, str]]:
    filters = {key: request.args.get(key, "").strip()[:100] for key in ("entity", "action", "actor", "since", "until")}
    statement = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id)
    if filters["entity"]:
        statement = statement.where(AuditEvent.entity == filters["entity"])
    if filters["action"]:
        statement = statement.where(AuditEvent.action == filters["action"])
    if filters["actor"]:
        statement = statement.where(func.lower(AuditEvent.actor).contains(filters["actor"].lower()))
    for key, op in (("since", "ge"), ("until", "le")):
        if filters[key]:
            try:
                day = datetime.fromisoformat(filters[key]).replace(tzinfo=UTC)
            except ValueError:
                continue
            if op == "ge":
                statement = statement.where(AuditEvent.at >= day)
            else:
                statement = statement.where(AuditEvent.at < day.replace(hour=23, minute=59, second=59))
    return statement, filters


@bp.get("/audit")
def audit() -> Any:
    statement, filters = _audit_query()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    db_session = db.session()
    total = db_session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    events = list(db_session.scalars(statement.offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)))
    entities = sorted(db_session.scalars(select(AuditEvent.entity).distinct()))
    return render_template(
        "identity/audit.html", tenant=current_tenant(), events=events, filters=filters, page=page, total=total,
        pages=max(1, -(-total // AUDIT_PAGE)), entities=entities,
    )  # fmt: skip


@bp.get("/audit.csv")
def audit_export() -> Response:
    statement, _filters = _audit_query()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["at", "actor", "action", "entity", "entity_id", "before", "after", "request_id"])
    for event in db.session().scalars(statement):
        writer.writerow(
            [event.at.isoformat(), safe_text(event.actor), event.action, event.entity, event.entity_id,
             json.dumps(event.before, ensure_ascii=False), json.dumps(event.after, ensure_ascii=False), event.request_id]
        )  # fmt: skip
    name = f"audit-{current_tenant().slug}-{services.now():%Y%m%d}.csv"
    return Response(
        buffer.getvalue(), mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
