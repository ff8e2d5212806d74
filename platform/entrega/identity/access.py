"""Who is asking, and may they: every request passes here.

Pages use the signed-in session; the API only bearer tokens (never the session cookie, so the API needs
no CSRF defence). Inside a government, a non-member gets 404, never a hint that the government exists;
a member whose role lacks the permission that `roles.ENDPOINT_PERMISSIONS` names gets 403.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import Select, bindparam, select, true
from sqlalchemy.orm import Session

from entrega import db
from entrega.identity import services
from entrega.identity.models import ApiToken, Membership, User
from entrega.identity.ratelimit import RateLimiter
from entrega.identity.roles import ENDPOINT_PERMISSIONS, Permission, Role, allows, may_grant
from entrega.tenancy.binding import bind_user

# Tenant endpoints anyone may open: a government's sign-in page and its invitation links.
PUBLIC_TENANT_ENDPOINTS = frozenset(
    {
        "identity_tenant.sign_in",
        "identity_tenant.sign_in_post",
        "identity_tenant.invitation",
        "identity_tenant.accept_invitation",
    }
)


LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class Principal:
    user: User
    role: Role | None  # in the government of the path, if any
    ministry_id: uuid.UUID | None = None
    token: ApiToken | None = None

    def can(self, permission: Permission) -> bool:
        if self.user.is_platform_admin:
            return True
        return self.role is not None and allows(self.role, permission)


def current_user() -> User | None:
    return g.get("user")


def current_principal() -> Principal | None:
    return g.get("principal")


def can(permission: str) -> bool:
    principal = current_principal()
    return principal is not None and principal.can(Permission(permission))


def sign_in(user: User) -> None:
    locale = session.get("locale")
    session.clear()  # nothing from before sign-in carries over, but the language the person chose
    if locale:
        session["locale"] = locale
    session["uid"] = str(user.id)
    session["epoch"] = user.session_epoch
    session.permanent = True


def sign_out() -> None:
    session.clear()


def memberships_of(db_session: Session, user_id: uuid.UUID) -> list[tuple[uuid.UUID, Role]]:
    """The person's memberships in every government.

    A Core query, outside the ORM's tenant guard: PostgreSQL admits these rows through the `own_rows`
    policy for the signed-in person only, and the WHERE clause says the same on SQLite.
    """
    table = Membership.__table__
    rows = db_session.execute(select(table.c.tenant_id, table.c.role).where(table.c.user_id == user_id))
    return [(row.tenant_id, Role(row.role)) for row in rows]


@lru_cache(maxsize=1)
def _person_statement() -> Select[Any]:
    """The person and where they work (their banks and governments: every page's navigation), in one statement
    built once per process; the `user_id` parameter names them."""
    from entrega.web import navigation

    places = navigation.places_of().subquery("places")
    return (
        select(User, places)
        .outerjoin(places, true())
        .where(User.id == bindparam("user_id", type_=User.__table__.c.id.type))
        .order_by(places.c.name)
    )


def _load_user() -> None:
    """Read the session cookie; an ended session (epoch bumped, account disabled) is signed out."""
    raw = session.get("uid")
    if not raw:
        return
    try:
        user_id = uuid.UUID(raw)
    except ValueError:
        session.clear()
        return
    from entrega.web import navigation

    db_session = db.session()
    # Named before the look-up, so that the transaction's BEGIN carries the name (no round trip of its own);
    # taken back below when the cookie's person may not come in.
    bind_user(db_session, user_id)
    rows = db_session.execute(_person_statement(), {"user_id": user_id}).all()
    user = rows[0][0] if rows else None
    if user is None or user.disabled or session.get("epoch") != user.session_epoch:
        bind_user(db_session, None)
        session.clear()
        return
    g.user = user
    g.actor = user.email
    navigation.keep_belongings([row for row in rows if row.kind is not None])


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _limiter() -> RateLimiter:
    limiter: RateLimiter = current_app.extensions["entrega.ratelimiter"]
    return limiter


def required_permission(endpoint: str, method: str) -> Permission | None:
    verb = "get" if method == "HEAD" else method.lower()
    return ENDPOINT_PERMISSIONS.get(f"{endpoint}.{verb}") or ENDPOINT_PERMISSIONS.get(endpoint)


def _authorize() -> Any:
    endpoint = request.endpoint or ""
    is_api = request.path.startswith("/api/")
    if is_api and not _limiter().hit(_limiter().limits.api_per_ip, request.remote_addr or "unknown"):
        abort(429)
    tenant = g.get("tenant")
    if tenant is None or endpoint in PUBLIC_TENANT_ENDPOINTS:
        return None
    db_session = db.session()
    if is_api:
        raw = _bearer()
        token = services.find_token(db_session, raw) if raw else None
        if token is None:
            abort(401)
        if not _limiter().hit(_limiter().limits.api_per_token, str(token.id)):
            abort(429)
        user = db_session.get(User, token.user_id)
        membership = services.membership_of(db_session, token.user_id)
        if user is None or user.disabled or membership is None:
            abort(401)
        # "Last used" to the minute is enough, and spares a write on every call.
        moment = services.now()
        if token.last_used_at is None or moment - token.last_used_at > LAST_USED_PRECISION:
            token.last_used_at = moment
            db_session.commit()
        # A token never acts with more than its owner holds today.
        role = token.role if may_grant(membership.role, token.role) else membership.role
        principal = Principal(user, role, membership.ministry_id, token)
    else:
        user = current_user()
        if user is None:
            return redirect(url_for("identity_tenant.sign_in", tenant_slug=tenant.slug, next=request.full_path))
        membership = services.membership_of(db_session, user.id)
        if membership is None and not user.is_platform_admin:
            abort(404)
        principal = Principal(
            user, membership.role if membership else None, membership.ministry_id if membership else None
        )
    g.principal = principal
    g.actor = (
        principal.user.email
        if principal.token is None
        else f"{principal.user.email} (API token {principal.token.prefix}…)"
    )
    needed = required_permission(endpoint, request.method)
    if needed is None or not principal.can(needed):
        abort(403)
    return None


def init_app(app: Flask, limiter: RateLimiter) -> None:
    app.extensions["entrega.ratelimiter"] = limiter
    app.before_request(_load_user)
    app.before_request(_authorize)
    app.jinja_env.globals.update(current_user=current_user, can=can)
