"""Pages that belong to no tenant: the entry page and the language switch."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from entrega import db
from entrega.tenancy.codes import UI_LOCALES
from entrega.tenancy.models import Tenant, TenantStatus
from entrega.web import navigation

bp = Blueprint("web", __name__)
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,39}$")

navigation.add("web.home", _l("Governments"), scope="platform", order=10)
navigation.add("web.api_docs", _l("API"), scope="platform", order=90)


@bp.get("/")
def home() -> Any:
    settings = current_app.extensions["entrega.settings"]
    tenants: list[Tenant] = []
    if settings.tenant_directory:
        # The directory is for the demo and for development; identity replaces it with memberships.
        tenants = list(
            db.session().scalars(select(Tenant).where(Tenant.status == TenantStatus.ACTIVE).order_by(Tenant.name))
        )
    return render_template("home.html", tenants=tenants)


@bp.get("/api/v1/docs")
def api_docs() -> Any:
    """The API reference, drawn by Swagger UI from our own static files."""
    return render_template("api_docs.html")


@bp.get("/go")
def go_to_tenant() -> Any:
    """The tenant switcher's target: a plain GET form, so it works without JavaScript."""
    slug = request.args.get("tenant", "")
    if not SLUG_PATTERN.match(slug):
        abort(404)
    return redirect(url_for("tenancy_pages.overview", tenant_slug=slug))


@bp.post("/locale")
def set_locale() -> Any:
    locale = request.form.get("locale", "")
    if locale not in UI_LOCALES:
        abort(400)
    session["locale"] = locale
    target = request.form.get("next", "")
    # Only same-site paths: never an open redirect.
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("web.home")
    return redirect(target)
