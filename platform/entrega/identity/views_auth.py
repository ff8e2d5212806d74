"""Signing in and out, OpenID Connect callbacks, and the account page (no government in the path)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from entrega import db
from entrega.identity import oidc, services
from entrega.identity.access import current_user, memberships_of, sign_in, sign_out
from entrega.identity.models import TenantIdentityProvider, User, UserIdentity
from entrega.identity.secrets_box import SecretsBox
from entrega.tenancy.access import active_tenant_by_slug
from entrega.tenancy.binding import bind
from entrega.tenancy.models import Tenant

log = logging.getLogger(__name__)
bp = Blueprint("identity_pages", __name__, template_folder="templates")


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def platform_provider() -> oidc.Provider | None:
    settings = current_app.extensions["entrega.settings"]
    if not (settings.platform_oidc_discovery_url and settings.platform_oidc_client_id):
        return None
    return oidc.Provider(
        "platform", _("Bank staff sign-in"), settings.platform_oidc_discovery_url,
        settings.platform_oidc_client_id, settings.platform_oidc_client_secret or "",
    )  # fmt: skip


def tenant_provider(tenant: Tenant) -> oidc.Provider | None:
    """The government's own provider, read inside its binding; the secret is decrypted only here."""
    db_session = db.session()
    bind(db_session, tenant.id)
    row = db_session.scalar(select(TenantIdentityProvider))
    if row is None:
        return None
    box = SecretsBox(current_app.extensions["entrega.settings"].encryption_key)
    return oidc.Provider(
        f"tenant:{tenant.slug}",
        row.display_name,
        row.discovery_url,
        row.client_id,
        box.decrypt(row.client_secret_encrypted),
    )


def provider_for(key: str) -> oidc.Provider | None:
    if key == "platform":
        return platform_provider()
    if key.startswith("tenant:"):
        try:
            tenant = active_tenant_by_slug(db.session(), key.removeprefix("tenant:"))
        except Exception:  # unknown or suspended: no provider
            return None
        g.tenant = tenant
        return tenant_provider(tenant)
    return None


def password_sign_in(default_next: str) -> tuple[User | None, str | None]:
    """Check the posted e-mail and password under the rate limits; (user, None) or (None, message)."""
    email = services.normalize_email(request.form.get("email", ""))
    password = request.form.get("password", "")
    limiter = current_app.extensions["entrega.ratelimiter"]
    limits = limiter.limits
    if not limiter.hit(limits.sign_in_per_ip, request.remote_addr or "unknown") or not limiter.hit(
        limits.sign_in_per_account, email
    ):
        return None, _("Too many attempts. Wait a few minutes and try again.")
    user = services.authenticate(db.session(), email, password)
    if user is None:
        # One message for every failure: it never tells whether the address has an account.
        return None, _("The e-mail address or the password is not right, or the account is locked for a while.")
    return user, None


@bp.get("/signin")
def sign_in_page() -> Any:
    return render_template(
        "identity/signin.html", provider=platform_provider(), next=request.args.get("next", ""), error=None
    )


@bp.post("/signin")
def sign_in_post() -> Any:
    if platform_provider() is not None:
        abort(404)  # bank staff sign in with the bank's provider only
    user, error = password_sign_in("/")
    if user is None:
        return render_template(
            "identity/signin.html", provider=None, next=request.form.get("next", ""), error=error
        ), 401
    sign_in(user)
    return redirect(safe_next(request.form.get("next"), url_for("identity_pages.account")))


@bp.get("/auth/start")
def oidc_start() -> Any:
    provider = provider_for(request.args.get("provider", ""))
    if provider is None:
        abort(404)
    default = (
        url_for("tenancy_pages.overview", tenant_slug=g.tenant.slug)
        if g.get("tenant")
        else url_for("identity_pages.account")
    )
    carry = {"next": safe_next(request.args.get("next"), default)}
    if request.args.get("invitation"):
        carry["invitation"] = request.args["invitation"]
    return redirect(oidc.start(provider, url_for("identity_pages.oidc_callback", _external=True), **carry))


@bp.get("/auth/callback")
def oidc_callback() -> Any:
    waiting = oidc.pending()
    provider = provider_for(waiting["provider"]) if waiting else None
    if provider is None:
        return _refused("no sign-in was waiting for this answer")
    try:
        claims = oidc.finish(provider, request.args.to_dict(), url_for("identity_pages.oidc_callback", _external=True))
    except oidc.SignInError as error:
        return _refused(error.reason)
    user = _user_for_claims(claims, provider)
    if user is None:
        return _refused("no Entrega account for this identity")
    sign_in(user)
    carry = claims["_carry"]
    if carry.get("invitation") and g.get("tenant") is not None:
        return redirect(url_for("identity_tenant.invitation", tenant_slug=g.tenant.slug, token=carry["invitation"]))
    return redirect(safe_next(carry.get("next"), url_for("identity_pages.account")))


def _refused(reason: str) -> Any:
    log.warning("sign-in refused: %s", reason)
    return render_template("identity/refused.html"), 403


def _user_for_claims(claims: dict[str, Any], provider: oidc.Provider) -> User | None:
    db_session = db.session()
    issuer, subject = claims["iss"], claims["sub"]
    linked = db_session.scalar(
        select(UserIdentity).where(UserIdentity.issuer == issuer, UserIdentity.subject == subject)
    )
    if linked is not None:
        return db_session.get(User, linked.user_id)
    # First sign-in with this provider: link to the account with the same verified address, if any.
    email = claims.get("email")
    if not email or claims.get("email_verified") is not True:
        return None
    user = services.user_by_email(db_session, email)
    if user is None and claims["_carry"].get("invitation") and g.get("tenant") is not None:
        user = services.create_user(db_session, email, claims.get("name") or email)
    if user is None:
        return None
    db_session.add(UserIdentity(user_id=user.id, issuer=issuer, subject=subject))
    db_session.commit()
    return user


@bp.post("/signout")
def sign_out_post() -> Any:
    sign_out()
    return redirect(url_for("web.home"))


@bp.get("/account")
def account() -> Any:
    user = current_user()
    if user is None:
        return redirect(url_for("identity_pages.sign_in_page", next=request.path))
    memberships = memberships_of(db.session(), user.id)
    tenants = services.tenant_names(db.session(), [tenant_id for tenant_id, _ in memberships])
    rows = sorted(((tenants[t], role) for t, role in memberships if t in tenants), key=lambda row: row[0].name)
    from entrega.bank.services import institutions_of

    return render_template(
        "identity/account.html",
        user=user,
        memberships=rows,
        institutions=institutions_of(db.session(), user.id),
        errors={},
    )


@bp.post("/account/password")
def change_password() -> Any:
    user = current_user()
    if user is None:
        abort(401)
    if not services.verify_password_of(user, request.form.get("current", "")):
        flash(_("The current password is not right."), "error")
        return redirect(url_for("identity_pages.account"))
    try:
        services.set_password(db.session(), user, request.form.get("new", ""))
    except ValidationError as error:
        for message in error.messages.get("password", []):  # type: ignore[union-attr]
            flash(message, "error")
        return redirect(url_for("identity_pages.account"))
    db.session().commit()
    sign_in(user)  # this session stays; every other one has ended
    flash(_("Your password was changed. You were signed out everywhere else."), "status")
    return redirect(url_for("identity_pages.account"))
